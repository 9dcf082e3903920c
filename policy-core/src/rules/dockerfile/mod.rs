//! Dockerfile rules, one per file.

pub mod heavy_base_image;
pub mod images;
pub mod latest_base_image;
pub mod maintainer_deprecated;
pub mod onbuild_base_image;
pub mod single_stage_compiled_build;
pub mod stages;
#[cfg(test)]
pub(crate) mod test_support;
