//! The rules, one file each under `rules/<input kind>/`, and the registry: every rule Seaworthy has, in id
//! order. What a rule is and how one is declared is the framework's (`crate::lint`, one layer down); the engine
//! and the report read the rules only through [`REGISTRY`] and [`find`].

pub mod dockerfile;
pub mod input;
pub mod kubernetes;
#[cfg(test)]
mod registry_tests;
pub mod script;
#[cfg(test)]
pub mod test_support;

pub use crate::lint::pod_security::{Control, CONTROLS};
pub use crate::lint::{example_path, Category, Check, PeerRule, Rule};

/// Every rule, sorted by id. The one list that the engine, the CLI, the docs and the playground read.
pub static REGISTRY: &[&Rule] = &[
    &dockerfile::add_instead_of_copy::RULE,
    &dockerfile::apk_no_cache::RULE,
    &kubernetes::apparmor_unconfined::RULE,
    &dockerfile::apt_get_missing_yes::RULE,
    &dockerfile::apt_install_recommends::RULE,
    &dockerfile::apt_instead_of_apt_get::RULE,
    &dockerfile::apt_lists_not_cleaned::RULE,
    &kubernetes::bare_pod::RULE,
    &dockerfile::cd_instead_of_workdir::RULE,
    &kubernetes::cluster_exported_fields::RULE,
    &dockerfile::consecutive_run::RULE,
    &dockerfile::constant_platform_in_from::RULE,
    &dockerfile::copy_to_non_directory::RULE,
    &dockerfile::curl_and_wget::RULE,
    &dockerfile::curl_pipe_shell::RULE,
    &kubernetes::custom_selinux_options::RULE,
    &kubernetes::dangerous_capabilities::RULE,
    &kubernetes::default_namespace::RULE,
    &kubernetes::deployment_selector_mismatch::RULE,
    &kubernetes::deprecated_api_version::RULE,
    &input::duplicate_key::RULE,
    &kubernetes::duplicate_object::RULE,
    &dockerfile::duplicate_stage_name::RULE,
    &dockerfile::env_self_reference::RULE,
    &dockerfile::heavy_base_image::RULE,
    &kubernetes::host_namespaces::RULE,
    &kubernetes::host_path_volume::RULE,
    &kubernetes::host_port::RULE,
    &kubernetes::host_process::RULE,
    &script::imperative_kubectl::RULE,
    &input::input_too_large::RULE,
    &dockerfile::instruction_before_from::RULE,
    &dockerfile::invalid_expose_port::RULE,
    &kubernetes::invalid_label::RULE,
    &dockerfile::invalid_label_key::RULE,
    &dockerfile::latest_base_image::RULE,
    &kubernetes::latest_image_tag::RULE,
    &dockerfile::log_to_file::RULE,
    &dockerfile::maintainer_deprecated::RULE,
    &dockerfile::missing_healthcheck::RULE,
    &kubernetes::missing_namespace::RULE,
    &kubernetes::missing_probes::RULE,
    &kubernetes::missing_required_labels::RULE,
    &kubernetes::missing_resource_limits::RULE,
    &kubernetes::missing_resource_requests::RULE,
    &dockerfile::missing_user::RULE,
    &dockerfile::multiple_cmd::RULE,
    &dockerfile::multiple_healthcheck::RULE,
    &kubernetes::namespace_without_quota::RULE,
    &dockerfile::nested_onbuild::RULE,
    &kubernetes::nodeport_service::RULE,
    &input::not_a_manifest::RULE,
    &dockerfile::npm_dev_dependencies::RULE,
    &dockerfile::onbuild_base_image::RULE,
    &dockerfile::package_signature_disabled::RULE,
    &dockerfile::package_update_alone::RULE,
    &input::parse_error::RULE,
    &dockerfile::pip_cache::RULE,
    &dockerfile::pipefail_missing::RULE,
    &kubernetes::privilege_escalation::RULE,
    &kubernetes::privileged_container::RULE,
    &kubernetes::quota_exceeded::RULE,
    &dockerfile::relative_copy_destination::RULE,
    &dockerfile::relative_workdir::RULE,
    &kubernetes::replication_controller::RULE,
    &dockerfile::reserved_stage_name::RULE,
    &dockerfile::root_user::RULE,
    &dockerfile::rpm_cache_not_cleaned::RULE,
    &kubernetes::run_as_root::RULE,
    &kubernetes::run_as_uid_zero::RULE,
    &kubernetes::seccomp_unconfined::RULE,
    &dockerfile::secret_in_env::RULE,
    &kubernetes::service_selector_mismatch::RULE,
    &dockerfile::shell_form_cmd::RULE,
    &dockerfile::shell_symlink::RULE,
    &dockerfile::single_stage_compiled_build::RULE,
    &dockerfile::ssh_port_exposed::RULE,
    &dockerfile::sudo_usage::RULE,
    &dockerfile::tls_verification_disabled::RULE,
    &dockerfile::unchecked_cd::RULE,
    &kubernetes::undeclared_namespace::RULE,
    &input::unknown_ignored_rule::RULE,
    &dockerfile::unknown_stage_reference::RULE,
    &kubernetes::unmasked_proc_mount::RULE,
    &dockerfile::unpinned_package::RULE,
    &input::unrendered_template::RULE,
    &kubernetes::unrestricted_volume_type::RULE,
    &kubernetes::unsafe_sysctl::RULE,
    &dockerfile::untrusted_registry::RULE,
    &dockerfile::useradd_large_uid::RULE,
    &dockerfile::variable_in_single_quotes::RULE,
    &dockerfile::wget_without_progress::RULE,
    &kubernetes::writable_root_filesystem::RULE,
    &dockerfile::yarn_cache_not_cleaned::RULE,
    &dockerfile::yum_missing_yes::RULE,
    &dockerfile::zypper_dist_upgrade::RULE,
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    REGISTRY.binary_search_by_key(&id, |rule| rule.id).ok().and_then(|at| REGISTRY.get(at).copied())
}

/// The Seaworthy rule ids that another tool's rule id maps to (e.g. `hadolint`, `DL3002` → `root-user`).
pub fn from_peer<'a>(tool: &'a str, peer_id: &'a str) -> impl Iterator<Item = &'static str> + 'a {
    REGISTRY
        .iter()
        .filter(move |rule| rule.peers.iter().any(|peer| peer.tool == tool && peer.id.eq_ignore_ascii_case(peer_id)))
        .map(|rule| rule.id)
}

/// Every rule id, in id order: what a configuration may name.
pub fn ids() -> Vec<&'static str> {
    REGISTRY.iter().map(|rule| rule.id).collect()
}
