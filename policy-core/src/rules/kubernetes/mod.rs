//! Kubernetes manifest rules, one per file.

pub mod deployment_selector_mismatch;
pub mod duplicate_object;
#[cfg(test)]
pub(crate) mod test_support;
