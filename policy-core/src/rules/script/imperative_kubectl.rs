use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::script::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::shell::{Command, Word};

declare_rule! {
    /// ## What it does
    /// Reports `kubectl` commands in shell scripts and CI steps that change the cluster imperatively: `create`,
    /// `run`, `expose`, `scale`, `autoscale`, `set`, `label`, `annotate`, `patch`, `edit` and `replace`, including
    /// `create -f` and `replace -f`. The finding covers the command from `kubectl` (or `oc`) through its verb, past
    /// global flags such as `-n web` or `--context prod`, `sudo`, and `$(...)` substitutions.
    ///
    /// Not reported: commands that change nothing, such as the generator idiom
    /// (`kubectl create ... --dry-run=client -o yaml`, written to a file or piped to `kubectl apply -f -`),
    /// `--local` edits, read-only verbs (`get`, `describe`, `logs`, `diff`, `wait`, `rollout status`, ...),
    /// `kubectl create token`, and self-deleting `kubectl run --rm` pods; nor `apply`, `delete` or `kustomize`.
    ///
    /// ## Why it matters
    /// The article's "Kubectl apply vs. Kubectl create" section: after a few quick `kubectl create namespace`
    /// commands nobody knows how the cluster reached its state or how to recreate it. An imperative command leaves
    /// no committed file behind, fails when the object already exists (so the script cannot run twice), and its
    /// change is undone by the next `kubectl apply` of the real manifest. Declarative files applied with
    /// `kubectl apply` are what the Kubernetes documentation ("Declarative Management of Kubernetes Objects Using
    /// Configuration Files") recommends for production.
    ///
    /// ## Example
    /// ```sh
    /// #!/bin/sh
    /// set -eu
    /// kubectl create namespace shop
    /// kubectl -n shop create deployment web --image=registry.example.com/web:1.4.2
    /// kubectl -n shop scale deployment web --replicas=3
    /// ```
    ///
    /// ```yaml .github/workflows/deploy.yml
    /// on: push
    /// jobs:
    ///   deploy:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: kubectl --context prod set image deployment/web web=registry.example.com/web:${{ github.sha }}
    /// ```
    ///
    /// ## Use instead
    /// ```sh
    /// #!/bin/sh
    /// set -eu
    /// # The namespace, the Deployment (with `replicas: 3`) and its image are in k8s/.
    /// kubectl apply -f k8s/
    /// kubectl -n shop rollout status deployment/web
    /// kubectl create secret generic web-env --from-env-file=.env --dry-run=client -o yaml | kubectl apply -f -
    /// ```
    ///
    /// ```yaml .github/workflows/deploy.yml
    /// on: push
    /// jobs:
    ///   deploy:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: kubectl --context prod apply -k k8s/overlays/prod
    /// ```
    pub static RULE = {
        id: "imperative-kubectl",
        severity: Warning,
        category: Organization,
        summary: "a script or CI step changes the cluster with an imperative kubectl command",
        peers: [],
        checks: [Check::Script(check)],
    }
}

/// The verbs that change cluster state from the command line (kubectl's "Basic Commands" and "Deploy Commands"
/// that write, and the `replace` and `edit` of "Advanced"/"Basic").
const IMPERATIVE: [&str; 11] =
    ["create", "run", "expose", "scale", "autoscale", "set", "label", "annotate", "patch", "edit", "replace"];

/// kubectl's global flags that take no value (`kubectl options`); every other long global flag written without
/// `=` takes the next word.
const BOOLEAN_GLOBALS: [&str; 6] = [
    "--insecure-skip-tls-verify",
    "--match-server-version",
    "--disable-compression",
    "--warnings-as-errors",
    "--alsologtostderr",
    "--logtostderr",
];

/// Short global flags that take the next word: `-n` (namespace), `-s` (server), `-v` (log level).
const SHORT_GLOBALS_WITH_VALUE: [&str; 3] = ["-n", "-s", "-v"];

/// Flags of the reported verbs that take the next word, so that a value is not read as the object's name.
const VALUE_FLAGS: [&str; 36] = [
    "-n",
    "--namespace",
    "-o",
    "--output",
    "-f",
    "--filename",
    "-k",
    "--kustomize",
    "-l",
    "--selector",
    "-c",
    "--container",
    "-p",
    "--patch",
    "--patch-file",
    "--type",
    "--image",
    "--port",
    "--target-port",
    "--protocol",
    "--name",
    "--replicas",
    "--min",
    "--max",
    "--cpu-percent",
    "--from-literal",
    "--from-file",
    "--from-env-file",
    "--restart",
    "--schedule",
    "--env",
    "-e",
    "--labels",
    "--overrides",
    "--field-manager",
    "--timeout",
];

/// A kubectl command line, read far enough to tell what it does.
struct Kubectl<'c> {
    /// `kubectl` or `oc`, as written (for messages).
    tool: &'c str,
    /// From the program word (`kubectl`, or `microk8s` of `microk8s kubectl`).
    start: usize,
    verb: &'c Word,
    /// The words after the verb.
    rest: &'c [Word],
}

impl<'c> Kubectl<'c> {
    fn read(command: &'c Command) -> Option<Self> {
        let (program, mut args) = command.argv().split_first()?;
        let mut tool = command.name()?;
        if matches!(tool, "microk8s" | "k3s" | "minikube") {
            // `microk8s kubectl ...`, `k3s kubectl ...`, `minikube kubectl -- ...`
            let (sub, rest) = args.split_first()?;
            if sub.value != "kubectl" {
                return None;
            }
            tool = "kubectl";
            args = match rest.split_first() {
                Some((dashes, after)) if dashes.value == "--" => after,
                _ => rest,
            };
        } else if tool == "microk8s.kubectl" || tool == "kubectl.exe" {
            tool = "kubectl";
        } else if tool != "kubectl" && tool != "oc" {
            return None;
        }
        let at = verb_index(args)?;
        let verb = args.get(at)?;
        if verb.dynamic || verb.quoted {
            return None;
        }
        Some(Self { tool, start: program.span.start, verb, rest: args.get(at + 1..).unwrap_or(&[]) })
    }

    fn verb(&self) -> &str {
        &self.verb.value
    }

    /// A flag's value when it is literal text (not `$VAR`), for the help.
    fn flag(&self, names: &[&str]) -> Option<&'c str> {
        flag_value(self.rest, names).filter(|(_, dynamic)| !dynamic).map(|(value, _)| value)
    }

    fn has(&self, name: &str) -> bool {
        self.rest
            .iter()
            .any(|word| word.value == name || word.value.strip_prefix(name).is_some_and(|r| r.starts_with('=')))
    }

    /// The words that are neither flags nor flag values: `deployment web` of `scale deployment web --replicas=3`.
    fn positionals(&self) -> Vec<&'c Word> {
        let mut out = Vec::new();
        let mut words = self.rest.iter();
        while let Some(word) = words.next() {
            let value = word.value.as_str();
            if value == "--" {
                break;
            }
            if value.starts_with('-') && value.len() > 1 {
                if !value.contains('=') && VALUE_FLAGS.contains(&value) {
                    words.next();
                }
                continue;
            }
            out.push(word);
        }
        out
    }

    /// Whether running it writes to the cluster.
    fn changes_cluster(&self) -> bool {
        if !IMPERATIVE.contains(&self.verb()) || self.dry_run() {
            return false;
        }
        match self.verb() {
            "create" => self.positionals().first().is_none_or(|what| what.value != "token"),
            "run" => !self.has("--rm"),
            "set" | "label" | "annotate" | "patch" => !self.has("--local"),
            _ => true,
        }
    }

    /// `--dry-run`, `--dry-run=client` or `--dry-run=server` (and the old `--dry-run=true`): nothing is persisted.
    fn dry_run(&self) -> bool {
        self.rest.iter().any(|word| match word.value.strip_prefix("--dry-run") {
            Some("") => true,
            Some(value) => value.strip_prefix('=').is_some_and(|mode| !matches!(mode, "none" | "false")),
            None => false,
        })
    }

    /// `kubectl create deployment web`, shortened to the verb and two more words, as written.
    fn shown(&self) -> String {
        let mut shown = format!("{} {}", self.tool, self.verb());
        for word in self.positionals().into_iter().take(2) {
            shown.push(' ');
            shown.push_str(&word.value);
        }
        shown
    }

    fn help(&self) -> String {
        let positionals = self.positionals();
        let apply = "apply it with `kubectl apply -f`";
        let object = object(&positionals);
        if let Some(files) = self.flag(&["-f", "--filename"]).filter(|_| matches!(self.verb(), "create" | "replace")) {
            return format!(
                "Run `kubectl apply -f {files}` instead: it creates what is missing and updates what changed, so the \
                 step can run again."
            );
        }
        if let Some(dir) = self.flag(&["-k", "--kustomize"]).filter(|_| self.verb() == "create") {
            return format!(
                "Run `kubectl apply -k {dir}` instead: it creates what is missing and updates what changed, so the step \
                 can run again."
            );
        }
        match self.verb() {
            "create" => {
                let what = literal(positionals.first().copied()).unwrap_or("");
                let name = literal(positionals.get(1).copied());
                let named = name.map(|name| format!(" `{name}`")).unwrap_or_default();
                let generator = if what.is_empty() {
                    String::new()
                } else {
                    let name = name.unwrap_or("NAME");
                    format!("; `kubectl create {what} {name} ... --dry-run=client -o yaml` prints one to start from")
                };
                format!("Commit a {} manifest{named} and {apply}{generator}.", kind_of(what))
            }
            "replace" => format!("Commit the manifest and {apply} instead of replacing the live object."),
            "run" => {
                let image = self.flag(&["--image"]).map(|image| format!(" running `{image}`")).unwrap_or_default();
                format!("Declare a Deployment (or a Job for a one-off task){image} in a manifest and {apply}.")
            }
            "expose" => {
                let port = self.flag(&["--port"]).map(|port| format!(" with `port: {port}`")).unwrap_or_default();
                format!("Declare a Service for {object}{port} in a manifest and {apply}.")
            }
            "scale" => {
                let replicas = self.flag(&["--replicas"]).map(|n| format!("spec.replicas: {n}"));
                let field = replicas.as_deref().unwrap_or("spec.replicas");
                format!("Set `{field}` in the manifest of {object} and {apply}.")
            }
            "autoscale" => {
                let bounds: Vec<String> = [("minReplicas", "--min"), ("maxReplicas", "--max")]
                    .into_iter()
                    .filter_map(|(field, flag)| self.flag(&[flag]).map(|value| format!("`{field}: {value}`")))
                    .collect();
                let bounds = if bounds.is_empty() { String::new() } else { format!(" ({})", bounds.join(", ")) };
                format!("Declare a HorizontalPodAutoscaler for {object}{bounds} in a manifest and {apply}.")
            }
            "set" => {
                let what = literal(positionals.first().copied()).unwrap_or("");
                let rest = positionals.get(1..).unwrap_or(&[]);
                let object = self::object(rest);
                let image = rest
                    .iter()
                    .filter(|word| !word.dynamic)
                    .find_map(|word| word.value.split_once('='))
                    .map(|(container, image)| format!("container `{container}`'s `image:` to `{image}`"));
                let field = match (what, image) {
                    ("image", Some(image)) => image,
                    ("image", None) => "the container's `image:`".to_owned(),
                    ("env", _) => "the container's `env:`".to_owned(),
                    ("resources", _) => "the container's `resources:`".to_owned(),
                    ("serviceaccount" | "sa", _) => "`serviceAccountName:`".to_owned(),
                    ("selector", _) => "`spec.selector`".to_owned(),
                    ("subject", _) => "the binding's `subjects:`".to_owned(),
                    _ => "the field".to_owned(),
                };
                format!("Change {field} in the manifest of {object} and {apply}.")
            }
            "label" | "annotate" => {
                let section = if self.verb() == "label" { "metadata.labels" } else { "metadata.annotations" };
                let pairs: Vec<String> = positionals
                    .iter()
                    .filter(|word| !word.dynamic)
                    .filter_map(|word| word.value.split_once('='))
                    .map(|(key, value)| format!("`{key}: {value}`"))
                    .collect();
                let pairs = if pairs.is_empty() { "the keys".to_owned() } else { pairs.join(", ") };
                format!("Write {pairs} under `{section}` in the manifest of {object} and {apply}.")
            }
            "patch" => format!("Make the patch's change in the manifest of {object} and {apply}."),
            _ => format!(
                "Edit the manifest of {object} in the repository and {apply}; an edit made in the cluster is undone \
                 by the next apply."
            ),
        }
    }
}

/// A word's text when it is literal (not `$VAR` or `$(...)`), for the help.
fn literal(word: Option<&Word>) -> Option<&str> {
    word.filter(|word| !word.dynamic).map(|word| word.value.as_str())
}

/// The object a command names, for the help: `deployment web` or `deployment/web` as `` `deployment/web` ``;
/// `the namespace` when the name is a variable.
fn object(positionals: &[&Word]) -> String {
    match positionals {
        [kind, name, ..] if !kind.value.contains('/') && !name.value.contains('=') => {
            match (literal(Some(kind)), literal(Some(name))) {
                (Some(kind), Some(name)) => format!("`{kind}/{name}`"),
                (Some(kind), None) => format!("the {kind}"),
                _ => "the object".to_owned(),
            }
        }
        [first, ..] => literal(Some(first)).map_or_else(|| "the object".to_owned(), |first| format!("`{first}`")),
        [] => "the object".to_owned(),
    }
}

/// Where the verb is: the first word after the global flags.
fn verb_index(args: &[Word]) -> Option<usize> {
    let mut at = 0;
    while let Some(word) = args.get(at) {
        let value = word.value.as_str();
        if !value.starts_with('-') || value == "-" {
            return Some(at);
        }
        at += 1;
        let takes_value = if value.starts_with("--") {
            !value.contains('=') && !BOOLEAN_GLOBALS.contains(&value)
        } else {
            SHORT_GLOBALS_WITH_VALUE.contains(&value)
        };
        if takes_value {
            at += 1;
        }
    }
    None
}

/// The value of the first of `names` among `words` (`--flag=value` or `--flag value`), and whether it is dynamic
/// (`$VAR`).
fn flag_value<'w>(words: &'w [Word], names: &[&str]) -> Option<(&'w str, bool)> {
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        for name in names {
            if word.value == *name {
                return iter.next().map(|next| (next.value.as_str(), next.dynamic));
            }
            if let Some(value) = word.value.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')) {
                return Some((value, word.dynamic));
            }
        }
    }
    None
}

/// The kind `kubectl create <what>` makes, for the help.
fn kind_of(what: &str) -> &str {
    match what {
        "deployment" | "deploy" => "Deployment",
        "namespace" | "ns" => "Namespace",
        "service" | "svc" => "Service",
        "configmap" | "cm" => "ConfigMap",
        "secret" => "Secret",
        "serviceaccount" | "sa" => "ServiceAccount",
        "job" => "Job",
        "cronjob" | "cj" => "CronJob",
        "role" => "Role",
        "rolebinding" => "RoleBinding",
        "clusterrole" => "ClusterRole",
        "clusterrolebinding" => "ClusterRoleBinding",
        "ingress" | "ing" => "Ingress",
        "quota" | "resourcequota" => "ResourceQuota",
        "poddisruptionbudget" | "pdb" => "PodDisruptionBudget",
        "priorityclass" | "pc" => "PriorityClass",
        _ => "Kubernetes",
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.script.commands() {
        let Some(kubectl) = Kubectl::read(command) else { continue };
        if !kubectl.changes_cluster() {
            continue;
        }
        out.push(Diagnostic::new(
            RULE.id,
            Span::new(kubectl.start, kubectl.verb.span.end),
            format!(
                "`{}` changes the cluster imperatively{}; no committed manifest records the change",
                kubectl.shown(),
                ctx.script.in_place()
            ),
            kubectl.help(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_at, flagged_text, flagged_text_in, positions_in};

    const ID: &str = "imperative-kubectl";

    #[test]
    fn flags_every_imperative_verb_from_kubectl_through_the_verb() {
        let script = "#!/bin/bash\nkubectl create namespace shop\nkubectl run web --image=nginx:1.27\nkubectl expose deployment web --port=80\nkubectl scale deployment web --replicas=3\nkubectl autoscale deployment web --min=2 --max=5\nkubectl set image deployment/web web=nginx:1.28\nkubectl label pods web tier=frontend\nkubectl annotate deployment web team=shop\nkubectl patch deployment web -p '{\"spec\":{}}'\nkubectl edit deployment web\nkubectl replace -f web.yaml\nkubectl create -f web.yaml\noc expose service web\n";
        let flagged = flagged_text(ID, script);
        assert_eq!(
            flagged,
            [
                "kubectl create",
                "kubectl run",
                "kubectl expose",
                "kubectl scale",
                "kubectl autoscale",
                "kubectl set",
                "kubectl label",
                "kubectl annotate",
                "kubectl patch",
                "kubectl edit",
                "kubectl replace",
                "kubectl create",
                "oc expose",
            ]
        );
    }

    #[test]
    fn global_flags_before_the_verb_are_skipped() {
        let script = "kubectl -n shop create deployment web --image=x\nkubectl --namespace=shop scale deploy web --replicas=2\nkubectl --context prod -n=shop label ns shop a=b\nkubectl --kubeconfig /tmp/k --insecure-skip-tls-verify -v 6 annotate ns shop a=b\nkubectl -nshop --as admin get pods\n";
        assert_eq!(
            flagged_text(ID, script),
            [
                "kubectl -n shop create",
                "kubectl --namespace=shop scale",
                "kubectl --context prod -n=shop label",
                "kubectl --kubeconfig /tmp/k --insecure-skip-tls-verify -v 6 annotate",
            ]
        );
    }

    #[test]
    fn the_generator_idiom_and_commands_that_change_nothing_are_clean() {
        let script = "kubectl create deployment web --image=x --dry-run=client -o yaml > k8s/web.yaml\nkubectl create secret generic env --from-env-file=.env --dry-run=client -o yaml | kubectl apply -f -\nkubectl create configmap c --from-file=conf/ --dry-run -o json | kubectl apply -f -\nkubectl run tmp --rm -i --restart=Never --image=busybox -- wget -qO- web\nkubectl set image deployment/web web=x --local -o yaml > out.yaml\nkubectl create token ci-deployer\nkubectl get pods -o wide\nkubectl describe deployment web\nkubectl logs -f deploy/web\nkubectl diff -f k8s/\nkubectl apply -f k8s/\nkubectl apply -k overlays/prod\nkubectl delete -f k8s/old.yaml\nkubectl kustomize overlays/prod\nkubectl rollout status deployment/web\nkubectl auth can-i create pods\nkubectl wait --for=condition=available deploy/web\nkubectl config use-context prod\nkubectl version --client\nkubectl scale deployment web --replicas=5 --dry-run=server\nkubectl $VERB deployment web\necho kubectl create ns x\n# kubectl create ns commented\nhelm upgrade --install web chart/\n";
        assert_eq!(flagged_text(ID, script), Vec::<String>::new());
    }

    #[test]
    fn a_dry_run_of_none_still_changes_the_cluster() {
        assert_eq!(flagged_text(ID, "kubectl create ns x --dry-run=none\n"), ["kubectl create"]);
    }

    #[test]
    fn pipelines_chains_substitutions_sudo_and_continuations() {
        let script = "set -e; sudo kubectl create ns x && kubectl label ns x a=b || true\nNS=$(kubectl create namespace y -o name)\necho \"`kubectl scale deploy web --replicas=1`\"\nkubectl get deploy web -o yaml | kubectl replace -f -\nkubectl \\\n  --context prod \\\n  expose deploy web --port 80\nmicrok8s kubectl create ns z\nminikube kubectl -- run w --image=x\n";
        assert_eq!(
            flagged_text(ID, script),
            [
                "kubectl create",
                "kubectl label",
                "kubectl create",
                "kubectl scale",
                "kubectl replace",
                "kubectl \\\n  --context prod \\\n  expose",
                "microk8s kubectl create",
                "minikube kubectl -- run",
            ]
        );
    }

    #[test]
    fn here_documents_and_comments_are_not_commands() {
        let script = "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: kubectl create ns x\nEOF\n# kubectl scale deploy web --replicas=0\nkubectl apply -f - <<'YAML'\nkubectl patch x\nYAML\n";
        assert_eq!(flagged_text(ID, script), Vec::<String>::new());
    }

    #[test]
    fn messages_name_the_command_and_help_names_the_manifest_change() {
        let found = findings(ID, "kubectl scale deployment web --replicas=3\n");
        assert_eq!(
            found[0].message,
            "`kubectl scale deployment web` changes the cluster imperatively; no committed manifest records the change"
        );
        assert!(
            found[0].help.contains("`spec.replicas: 3`") && found[0].help.contains("`deployment/web`"),
            "{}",
            found[0].help
        );
        let help = |script: &str| findings(ID, script).remove(0).help;
        assert!(help("kubectl create namespace shop\n").contains("Namespace manifest `shop`"));
        assert!(help("kubectl create -f k8s/ns.yaml\n").contains("`kubectl apply -f k8s/ns.yaml`"));
        assert!(help("kubectl set image deploy/web web=x:2\n").contains("container `web`'s `image:` to `x:2`"));
        // Variables are not named as if they were the value.
        let dynamic = help("kubectl create namespace \"$NS\"\nkubectl scale deploy \"$APP\" --replicas=$N\n");
        assert!(dynamic.starts_with("Commit a Namespace manifest and apply") && dynamic.contains("namespace NAME"));
        let scaled = findings(ID, "kubectl scale deploy \"$APP\" --replicas=$N\n").remove(0).help;
        assert_eq!(scaled, "Set `spec.replicas` in the manifest of the deploy and apply it with `kubectl apply -f`.");
        assert!(help("kubectl label ns shop team=a\n").contains("`team: a` under `metadata.labels`"));
        assert!(help("kubectl autoscale deploy web --min=2 --max=5\n").contains("`minReplicas: 2`, `maxReplicas: 5`"));
        assert!(help("kubectl run web --image nginx\n").contains("running `nginx`"));
        assert!(help("kubectl expose deploy web --port=80\n").contains("`port: 80`"));
    }

    #[test]
    fn ci_steps_point_into_the_yaml_and_name_the_step() {
        let workflow = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Prepare\n        run: |\n          kubectl apply -f k8s/\n          kubectl -n shop scale deploy web --replicas=3\n      - run: kubectl create ns ${{ github.ref_name }}\n";
        let path = ".github/workflows/deploy.yml";
        assert_eq!(positions_in(ID, path, workflow), [(9, 11), (10, 14)]);
        assert_eq!(flagged_text_in(ID, path, workflow), ["kubectl -n shop scale", "kubectl create"]);
        let found = findings_at(ID, path, workflow);
        assert!(
            found[0].message.ends_with("in job `deploy`, step `Prepare`; no committed manifest records the change"),
            "{}",
            found[0].message
        );

        let gitlab = "deploy:\n  script:\n    - kubectl create ns shop\n    - \"kubectl label ns shop \\\"a=b\\\"\"\n";
        assert_eq!(positions_in(ID, ".gitlab-ci.yml", gitlab), [(3, 7), (4, 7)]);
        // The escaped scalar cannot be mapped character by character: the finding covers it whole.
        assert_eq!(
            flagged_text_in(ID, ".gitlab-ci.yml", gitlab),
            ["kubectl create", "\"kubectl label ns shop \\\"a=b\\\"\""]
        );
    }

    #[test]
    fn suppression_comments_in_scripts_and_ci_files() {
        let script =
            "# seaworthy ignore=imperative-kubectl\nkubectl create ns a \\\n  --save-config\nkubectl create ns b\n";
        assert_eq!(flagged_text(ID, script), ["kubectl create"]);
        assert_eq!(findings(ID, script)[0].line, 4);
        let workflow = "jobs:\n  a:\n    steps:\n      # seaworthy ignore=imperative-kubectl\n      - run: kubectl create ns a\n      - run: |\n          # seaworthy ignore=imperative-kubectl\n          kubectl create ns b\n          kubectl create ns c\n";
        assert_eq!(positions_in(ID, ".github/workflows/x.yaml", workflow), [(9, 11)]);
    }

    #[test]
    fn a_byte_order_mark_shifts_spans() {
        let script = "\u{feff}#!/bin/sh\nkubectl create ns a\n";
        let found = findings_at(ID, "bin/deploy", script);
        assert_eq!((found[0].line, found[0].column), (2, 1));
        assert_eq!(found[0].span.slice(script), "kubectl create");
    }
}
