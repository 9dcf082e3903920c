use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::{HOSTPATH_VOLUMES, VOLUME_TYPES};
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports each `hostPath` volume of a pod spec, at its `path` value (at the `hostPath:` key when it has no
    /// path). The message says more when the path is a container runtime's socket (`docker.sock`,
    /// `containerd.sock`, `crio.sock`, `cri-dockerd.sock`) or a part of the node that holds its configuration,
    /// credentials or kernel interfaces: `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/usr`, `/lib`,
    /// `/run`, `/var`, `/var/run`, `/var/lib`, `/var/lib/kubelet`, `/var/lib/docker`, `/var/lib/containerd`, and
    /// what lies under the first seven and the kubelet's directory. Paths compare after repeated and trailing slashes are removed.
    /// PersistentVolumes of type `hostPath` are not reported.
    ///
    /// ## Why it matters
    /// A `hostPath` volume hands the container a piece of the node's filesystem, outside the isolation the rest of
    /// the pod has. The runtime's socket is the worst case: whoever can talk to it starts a privileged container
    /// of their own, so a compromised app owns the node. `/etc`, `/proc` and the kubelet's directory hold the
    /// node's credentials and its kernel's controls. The Pod Security Standards' Baseline profile ("HostPath
    /// Volumes") forbids `hostPath` altogether, and the article's least-privilege advice covers it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: builder
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/builder:3.1.0
    ///           volumeMounts:
    ///             - name: docker
    ///               mountPath: /var/run/docker.sock
    ///       volumes:
    ///         - name: docker
    ///           hostPath:
    ///             path: /var/run/docker.sock
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: builder
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/builder:3.1.0
    ///           volumeMounts:
    ///             - name: work
    ///               mountPath: /work
    ///       volumes:
    ///         - name: work
    ///           emptyDir: {}
    /// ```
    ///
    /// ## Peers
    /// kube-linter `docker-sock` and `sensitive-host-mounts`; checkov `CKV_K8S_27` (the Docker socket).
    pub static RULE = {
        id: "host-path-volume",
        severity: Warning,
        category: Security,
        summary: "a pod mounts a path of the node's filesystem (`hostPath`)",
        peers: [("kube-linter", "docker-sock"), ("kube-linter", "sensitive-host-mounts"), ("checkov", "CKV_K8S_27")],
        controls: [HOSTPATH_VOLUMES, VOLUME_TYPES],
        checks: [Check::Object(check)],
    }
}

/// The file names of container runtimes' API sockets.
const SOCKETS: &[&str] = &["docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "dockershim.sock"];

/// Node directories that are sensitive themselves; those in [`SENSITIVE_TREES`] are so with everything under them.
const SENSITIVE: &[&str] =
    &["/", "/usr", "/lib", "/run", "/var/run", "/var/lib/docker", "/var/lib/containerd", "/var", "/var/lib"];

const SENSITIVE_TREES: &[&str] = &["/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/var/lib/kubelet"];

/// The path with repeated and trailing slashes removed (`//etc/` is `/etc`).
fn normalize(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Danger {
    Socket,
    Sensitive,
    Other,
}

fn danger(path: &str) -> Danger {
    let file = path.rsplit('/').next().unwrap_or(path);
    if SOCKETS.contains(&file) {
        Danger::Socket
    } else if SENSITIVE.contains(&path)
        || SENSITIVE_TREES
            .iter()
            .any(|tree| path.strip_prefix(tree).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    {
        Danger::Sensitive
    } else {
        Danger::Other
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&HOSTPATH_VOLUMES, &template) {
        return;
    }
    let note = enforcement.note(&HOSTPATH_VOLUMES);
    for volume in template.volumes() {
        let Some(host_path) = volume.host_path().filter(|entry| !entry.value.is_null()) else { continue };
        let named = volume.name().map_or_else(String::new, |name| format!(" (volume `{name}`)"));
        let object = ctx.object.describe();
        let help = "Use a `configMap`, `secret`, `emptyDir` or `persistentVolumeClaim` volume; if a node agent needs \
                    the host path, mount it with `readOnly: true` and exempt the object in the configuration.";
        let Some((entry, written)) = volume.host_path_path().and_then(|entry| Some((entry, entry.value.as_str()?)))
        else {
            out.push(Diagnostic::new(
                RULE.id,
                host_path.key.span,
                format!("{object} mounts a path of the node's filesystem{named}{note}"),
                help,
            ));
            continue;
        };
        let path = normalize(written);
        let message = match danger(&path) {
            Danger::Socket => format!(
                "{object} mounts the container runtime's socket `{written}`{named}: whoever controls the container \
                 can start privileged containers and controls the node"
            ),
            Danger::Sensitive => format!(
                "{object} mounts the node's `{written}`{named}, which holds the node's configuration, credentials \
                 or kernel interfaces"
            ),
            Danger::Other => format!("{object} mounts `{written}` from the node's filesystem{named}"),
        };
        out.push(Diagnostic::new(RULE.id, entry.value.span, format!("{message}{note}"), help));
    }
}

#[cfg(test)]
mod tests {
    use super::{danger, normalize, Danger, RULE};
    use crate::rules::test_support::{findings, flagged_text, positions};

    fn pod(volumes: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{{name: a}}]\n  volumes:\n{volumes}")
    }

    #[test]
    fn classifies_paths() {
        assert_eq!(normalize("//etc//kubernetes/"), "/etc/kubernetes");
        assert_eq!(normalize("/"), "/");
        for (path, want) in [
            ("/var/run/docker.sock", Danger::Socket),
            ("/run/containerd/containerd.sock", Danger::Socket),
            ("/var/run/crio/crio.sock", Danger::Socket),
            ("/", Danger::Sensitive),
            ("/etc", Danger::Sensitive),
            ("/etc/kubernetes/pki", Danger::Sensitive),
            ("/proc", Danger::Sensitive),
            ("/var/run", Danger::Sensitive),
            ("/var/lib/kubelet/pods", Danger::Sensitive),
            ("/etcetera", Danger::Other),
            ("/var/log", Danger::Other),
            ("/data/cache", Danger::Other),
        ] {
            assert_eq!(danger(&normalize(path)), want, "{path}");
        }
    }

    #[test]
    fn points_at_each_path_value_with_the_right_message() {
        let text = pod("    - name: docker\n      hostPath:\n        path: /var/run/docker.sock\n        type: Socket\n    - name: config\n      configMap: {name: c}\n    - name: etc\n      hostPath: {path: \"/etc/\"}\n    - name: cache\n      hostPath:\n        path: /data/cache\n");
        assert_eq!(flagged_text(RULE.id, &text), ["/var/run/docker.sock", "\"/etc/\"", "/data/cache"]);
        assert_eq!(positions(RULE.id, &text)[0], (10, 15));
        let messages: Vec<String> = findings(RULE.id, &text).into_iter().map(|f| f.message).collect();
        assert!(messages[0].contains("container runtime's socket `/var/run/docker.sock` (volume `docker`)"));
        assert!(messages[1].contains("node's `/etc/`"), "{messages:?}");
        assert_eq!(
            messages[2],
            "Pod `p` mounts `/data/cache` from the node's filesystem (volume `cache`) (Pod Security Standards, \
             Baseline control \"HostPath Volumes\"; level `restricted` from `pod-security` in the configuration)"
        );
    }

    #[test]
    fn a_host_path_without_path_points_at_the_key() {
        let text = pod("    - name: odd\n      hostPath: {type: Directory}\n");
        assert_eq!(flagged_text(RULE.id, &text), ["hostPath"]);
        assert_eq!(positions(RULE.id, &pod("    - name: empty\n      emptyDir: {}\n")), []);
    }

    #[test]
    fn workloads_lists_and_crds() {
        let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          volumes: [{name: v, hostPath: {path: /}}]\n";
        assert_eq!(flagged_text(RULE.id, cron), ["/"]);
        let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: DaemonSet\n  metadata: {name: logs}\n  spec:\n    template:\n      spec:\n        volumes: [{name: v, hostPath: {path: /var/log}}]\n";
        assert_eq!(flagged_text(RULE.id, list), ["/var/log"]);
        let pv = "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n  hostPath: {path: /data}\n";
        assert_eq!(positions(RULE.id, pv), []);
        let crd = "apiVersion: example.com/v1\nkind: DaemonSet\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      volumes: [{name: v, hostPath: {path: /}}]\n";
        assert_eq!(positions(RULE.id, crd), []);
    }
}
