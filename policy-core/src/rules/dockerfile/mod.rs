//! Dockerfile rules, one per file.

pub mod add_instead_of_copy;
pub mod heavy_base_image;
pub mod images;
pub mod latest_base_image;
pub mod maintainer_deprecated;
pub mod missing_user;
pub mod multiple_cmd;
pub mod onbuild_base_image;
pub mod relative_workdir;
pub mod root_user;
pub mod secret_in_env;
pub mod shell_form_cmd;
pub mod single_stage_compiled_build;
pub mod ssh_port_exposed;
pub mod stages;
#[cfg(test)]
pub(crate) mod test_support;
