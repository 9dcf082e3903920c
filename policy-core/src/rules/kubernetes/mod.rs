//! Kubernetes manifest rules, one per file.

pub mod bare_pod;
pub mod cluster_exported_fields;
pub mod dangerous_capabilities;
pub mod default_namespace;
pub mod deployment_selector_mismatch;
pub mod deprecated_api_version;
pub mod duplicate_object;
pub mod host_namespaces;
pub mod host_path_volume;
pub mod invalid_label;
pub mod latest_image_tag;
pub mod missing_namespace;
pub mod missing_probes;
pub mod missing_required_labels;
pub mod missing_resource_limits;
pub mod missing_resource_requests;
pub mod namespace_without_quota;
pub mod nodeport_service;
pub mod privilege_escalation;
pub mod privileged_container;
pub mod quota_exceeded;
pub mod replication_controller;
pub mod run_as_root;
pub mod service_selector_mismatch;
pub mod undeclared_namespace;
pub mod writable_root_filesystem;
