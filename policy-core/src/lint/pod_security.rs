//! The Kubernetes Pod Security Standards (kubernetes.io, "Pod Security Standards"; the PodSecurity admission's
//! checks in `k8s.io/pod-security-admission/policy`): the controls a rule can claim, the level each belongs to,
//! and the level an object is held to. That level is the configuration's `pod-security`, or, as in a cluster, the
//! `pod-security.kubernetes.io/enforce` label (and `enforce-version`) of the object's Namespace when the check
//! declares that Namespace.

use crate::config::{Config, PodSecurityLevel};
use crate::lint::PeerRule;
use crate::model::kubernetes::{Bundle, Object, PodTemplate};

/// The label that sets a namespace's level, and the one that pins the standard's version.
pub const ENFORCE_LABEL: &str = "pod-security.kubernetes.io/enforce";
pub const ENFORCE_VERSION_LABEL: &str = "pod-security.kubernetes.io/enforce-version";

/// One control of the standard.
#[derive(Debug)]
pub struct Control {
    /// `pss-baseline/host-ports`: the id the catalogue lists.
    pub id: &'static str,
    /// `Baseline` or `Restricted`.
    pub level: PodSecurityLevel,
    /// The control's name in the standard, e.g. "Host Ports".
    pub title: &'static str,
    /// The minor version of Kubernetes (1.x) from which the PodSecurity admission enforces it; policy versions
    /// before 1.0 read as 1.0.
    pub since: u32,
    /// Linux-only controls do not apply to pods with `spec.os.name: windows` (from policy version 1.25).
    pub linux_only: bool,
    /// The peers' checks for the same control, for the control table in the docs.
    pub peers: &'static [PeerRule],
}

macro_rules! controls {
    ($($name:ident: $id:literal, $level:ident, $title:literal, since $since:literal, $linux:literal,
       [$(($tool:literal, $peer:literal)),* $(,)?];)*) => {
        $(pub static $name: Control = Control {
            id: $id,
            level: PodSecurityLevel::$level,
            title: $title,
            since: $since,
            linux_only: $linux,
            peers: &[$(PeerRule { tool: $tool, id: $peer }),*],
        };)*
        /// Every control, Baseline first, in the standard's order.
        pub static CONTROLS: &[&Control] = &[$(&$name),*];
    };
}

controls! {
    HOST_PROCESS: "pss-baseline/host-process", Baseline, "HostProcess", since 0, false, [
        ("kyverno", "disallow-host-process"), ("trivy", "KSV103"),
    ];
    HOST_NAMESPACES: "pss-baseline/host-namespaces", Baseline, "Host Namespaces", since 0, false, [
        ("kyverno", "disallow-host-namespaces"), ("checkov", "CKV_K8S_17"), ("checkov", "CKV_K8S_18"),
        ("checkov", "CKV_K8S_19"), ("trivy", "KSV008"), ("trivy", "KSV009"), ("trivy", "KSV010"),
        ("kube-linter", "host-network"), ("kube-linter", "host-pid"), ("kube-linter", "host-ipc"),
        ("polaris", "hostNetworkSet"), ("polaris", "hostPIDSet"), ("polaris", "hostIPCSet"),
    ];
    PRIVILEGED_CONTAINERS: "pss-baseline/privileged-containers", Baseline, "Privileged Containers", since 0, false, [
        ("kyverno", "disallow-privileged-containers"), ("checkov", "CKV_K8S_16"), ("trivy", "KSV017"),
        ("kube-linter", "privileged-container"), ("polaris", "runAsPrivileged"),
    ];
    CAPABILITIES_BASELINE: "pss-baseline/capabilities", Baseline, "Capabilities", since 0, false, [
        ("kyverno", "disallow-capabilities"), ("checkov", "CKV_K8S_25"), ("trivy", "KSV022"),
        ("polaris", "dangerousCapabilities"),
    ];
    HOSTPATH_VOLUMES: "pss-baseline/hostpath-volumes", Baseline, "HostPath Volumes", since 0, false, [
        ("kyverno", "disallow-host-path"), ("trivy", "KSV023"), ("kube-linter", "sensitive-host-mounts"),
    ];
    HOST_PORTS: "pss-baseline/host-ports", Baseline, "Host Ports", since 0, false, [
        ("kyverno", "disallow-host-ports"), ("checkov", "CKV_K8S_26"), ("trivy", "KSV024"),
        ("polaris", "hostPortSet"),
    ];
    APPARMOR: "pss-baseline/apparmor", Baseline, "AppArmor", since 0, false, [
        ("kyverno", "restrict-apparmor-profiles"), ("trivy", "KSV002"),
    ];
    SELINUX: "pss-baseline/selinux", Baseline, "SELinux", since 0, false, [
        ("kyverno", "disallow-selinux"), ("trivy", "KSV025"),
    ];
    PROC_MOUNT: "pss-baseline/proc-mount-type", Baseline, "/proc Mount Type", since 0, false, [
        ("kyverno", "disallow-proc-mount"), ("trivy", "KSV027"), ("kube-linter", "unsafe-proc-mount"),
    ];
    SECCOMP_BASELINE: "pss-baseline/seccomp", Baseline, "Seccomp", since 0, false, [
        ("kyverno", "restrict-seccomp"), ("checkov", "CKV_K8S_31"), ("trivy", "KSV104"),
    ];
    SYSCTLS: "pss-baseline/sysctls", Baseline, "Sysctls", since 0, false, [
        ("kyverno", "restrict-sysctls"), ("trivy", "KSV026"), ("kube-linter", "unsafe-sysctls"),
    ];
    VOLUME_TYPES: "pss-restricted/volume-types", Restricted, "Volume Types", since 0, false, [
        ("kyverno", "restrict-volume-types"), ("trivy", "KSV028"),
    ];
    PRIVILEGE_ESCALATION: "pss-restricted/privilege-escalation", Restricted, "Privilege Escalation", since 8, true, [
        ("kyverno", "disallow-privilege-escalation"), ("checkov", "CKV_K8S_20"), ("trivy", "KSV001"),
        ("kube-linter", "privilege-escalation-container"), ("polaris", "privilegeEscalationAllowed"),
    ];
    RUNNING_AS_NON_ROOT: "pss-restricted/running-as-non-root", Restricted, "Running as Non-root", since 0, false, [
        ("kyverno", "require-run-as-nonroot"), ("checkov", "CKV_K8S_23"), ("trivy", "KSV012"),
        ("kube-linter", "run-as-non-root"), ("polaris", "runAsRootAllowed"),
    ];
    RUNNING_AS_NON_ROOT_USER: "pss-restricted/running-as-non-root-user", Restricted, "Running as Non-root user", since 23, false, [
        ("kyverno", "require-run-as-non-root-user"), ("trivy", "KSV105"),
    ];
    SECCOMP_RESTRICTED: "pss-restricted/seccomp", Restricted, "Seccomp", since 19, true, [
        ("kyverno", "restrict-seccomp-strict"), ("checkov", "CKV_K8S_31"), ("trivy", "KSV030"),
    ];
    CAPABILITIES_RESTRICTED: "pss-restricted/capabilities", Restricted, "Capabilities", since 22, true, [
        ("kyverno", "disallow-capabilities-strict"), ("checkov", "CKV_K8S_37"), ("trivy", "KSV106"),
        ("polaris", "insecureCapabilities"),
    ];
}

/// Where the level an object is held to comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// The configuration's `pod-security` (its default, `restricted`, when unset).
    Config,
    /// The `pod-security.kubernetes.io/enforce` label of this Namespace, declared in the check.
    Namespace(&'a str),
}

/// The level and version of the standard one object is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enforcement<'a> {
    pub level: PodSecurityLevel,
    /// The standard's minor version (`v1.25` is 25); `None` is `latest`.
    pub version: Option<u32>,
    pub origin: Origin<'a>,
}

impl<'a> Enforcement<'a> {
    /// The level `object` is held to: its Namespace's `enforce` label when the bundle declares that Namespace
    /// with one, else the configuration's. A label value the admission cannot read makes it fall back to the
    /// strictest level (`restricted`, latest), as the PodSecurity admission does.
    pub fn of(object: &Object<'a>, bundle: &Bundle<'a>, config: &Config) -> Self {
        let labelled = Some(object.effective_namespace())
            .filter(|namespace| !namespace.is_empty())
            .and_then(|namespace| bundle.namespace(namespace))
            .and_then(|namespace| Some((namespace, namespace.metadata.label(ENFORCE_LABEL)?)));
        let Some((namespace, label)) = labelled else {
            return Self { level: config.pod_security, version: None, origin: Origin::Config };
        };
        let name = namespace.name().unwrap_or_default();
        let level = label.value.as_str().and_then(PodSecurityLevel::from_label);
        let version = match namespace.metadata.label_value(ENFORCE_VERSION_LABEL) {
            None => Some(Version::Latest),
            Some(text) => parse_version(text),
        };
        match (level, version) {
            (Some(level), Some(Version::Latest)) => Self { level, version: None, origin: Origin::Namespace(name) },
            (Some(level), Some(Version::Minor(minor))) => {
                Self { level, version: Some(minor), origin: Origin::Namespace(name) }
            }
            _ => Self { level: PodSecurityLevel::Restricted, version: None, origin: Origin::Namespace(name) },
        }
    }

    /// Whether `control` applies to the pods of `template` at this level and version.
    pub fn requires(&self, control: &Control, template: &PodTemplate<'_>) -> bool {
        self.level >= control.level && self.at_least(control.since) && !self.windows_exempt(control, template)
    }

    /// Whether `control` is in force at this level but the pods are exempt from it as Windows pods. Where a
    /// Restricted control replaces a Baseline one in the admission (seccomp, capabilities), such pods are not held to
    /// the Baseline half either, which is why rules ask this apart from [`Enforcement::requires`].
    pub fn windows_exempt(&self, control: &Control, template: &PodTemplate<'_>) -> bool {
        control.linux_only && self.level >= control.level && self.at_least(25) && is_windows(template)
    }

    /// Whether the version in force is at least `1.minor`.
    pub fn at_least(&self, minor: u32) -> bool {
        self.version.is_none_or(|version| version >= minor)
    }

    /// What a finding adds after its message: the control, and which setting chose the level. Written straight
    /// into the message (`{note}`), so a rule can take it before it knows whether it reports anything.
    pub fn note(&self, control: &'static Control) -> Note<'a> {
        Note { enforcement: *self, control }
    }
}

/// The end of a Pod Security finding's message: ` (Pod Security Standards, Baseline control "Host Ports"; level
/// `restricted` from ...)`.
#[derive(Debug, Clone, Copy)]
pub struct Note<'a> {
    enforcement: Enforcement<'a>,
    control: &'static Control,
}

impl std::fmt::Display for Note<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let profile = match self.control.level {
            PodSecurityLevel::Restricted => "Restricted",
            PodSecurityLevel::Baseline | PodSecurityLevel::Privileged => "Baseline",
        };
        let enforcement = &self.enforcement;
        write!(
            f,
            " (Pod Security Standards, {profile} control \"{}\"; level `{}`",
            self.control.title,
            enforcement.level.as_str()
        )?;
        if let Some(minor) = enforcement.version {
            write!(f, " v1.{minor}")?;
        }
        match enforcement.origin {
            Origin::Config => f.write_str(" from `pod-security` in the configuration)"),
            Origin::Namespace(name) => write!(f, " from the `{ENFORCE_LABEL}` label of Namespace `{name}`)"),
        }
    }
}

/// A version of the standard, as the `enforce-version` label writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    Latest,
    /// `v1.25` is 25; `v0.x` reads as 1.0.
    Minor(u32),
}

/// `latest` or `v1.N`; `None` when the text is neither.
fn parse_version(text: &str) -> Option<Version> {
    if text == "latest" {
        return Some(Version::Latest);
    }
    let (major, minor) = text.strip_prefix('v')?.split_once('.')?;
    match (major.parse::<u32>().ok()?, minor.parse::<u32>().ok()?) {
        (0, _) => Some(Version::Minor(0)),
        (1, minor) => Some(Version::Minor(minor)),
        _ => None,
    }
}

/// Whether the pods run in user namespaces (`hostUsers: false`), for which the admission relaxes Running as
/// Non-root, Running as Non-root user and Baseline's /proc Mount Type from policy version 1.35.
pub fn in_user_namespace(template: &PodTemplate<'_>) -> bool {
    template.field("hostUsers").and_then(|entry| entry.value.as_bool()) == Some(false)
}

/// Whether the pods declare `spec.os.name: windows`.
pub fn is_windows(template: &PodTemplate<'_>) -> bool {
    template.spec().get_at(&["os", "name"]).and_then(crate::syntax::yaml::Node::as_str) == Some("windows")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_read_as_the_admission_reads_them() {
        assert_eq!(parse_version("latest"), Some(Version::Latest));
        assert_eq!(parse_version("v1.25"), Some(Version::Minor(25)));
        assert_eq!(parse_version("v0.9"), Some(Version::Minor(0)));
        assert_eq!(parse_version("1.25"), None);
        assert_eq!(parse_version("v2.0"), None);
    }

    #[test]
    fn controls_are_unique_and_named_by_level() {
        let mut ids: Vec<&str> = CONTROLS.iter().map(|control| control.id).collect();
        assert_eq!(ids.len(), 17);
        for control in CONTROLS {
            let prefix = format!("pss-{}/", control.level.as_str());
            assert!(control.id.starts_with(&prefix), "{}", control.id);
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 17);
    }
}
