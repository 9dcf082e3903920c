//! Dockerfile rules, one per file.

pub mod add_instead_of_copy;
pub mod apk_no_cache;
pub mod apt_get_missing_yes;
pub mod apt_install_recommends;
pub mod apt_instead_of_apt_get;
pub mod apt_lists_not_cleaned;
pub mod cd_instead_of_workdir;
pub mod constant_platform_in_from;
pub mod curl_pipe_shell;
pub mod heavy_base_image;
pub mod images;
pub mod latest_base_image;
pub mod log_to_file;
pub mod maintainer_deprecated;
pub mod missing_user;
pub mod multiple_cmd;
pub mod npm_dev_dependencies;
pub mod onbuild_base_image;
pub mod pip_cache;
pub mod pipefail_missing;
pub mod relative_workdir;
pub mod root_user;
pub mod run_commands;
pub mod secret_in_env;
pub mod shell_form_cmd;
pub mod single_stage_compiled_build;
pub mod ssh_port_exposed;
pub mod stages;
pub mod sudo_usage;
#[cfg(test)]
pub(crate) mod test_support;
pub mod unknown_stage_reference;
pub mod useradd_large_uid;
