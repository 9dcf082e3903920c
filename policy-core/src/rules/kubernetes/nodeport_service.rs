use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::yaml::{Entry, Node};

declare_rule! {
    /// ## What it does
    /// Reports a Service of `type: NodePort`, at the type value, and a `nodePort` written for a port of a
    /// `LoadBalancer` Service, at that value (a `LoadBalancer` opens node ports too, but one pinned in the manifest
    /// is a choice someone made). CRDs named Service are not reported.
    ///
    /// ## Why it matters
    /// A NodePort Service opens its port (30000-32767) on every node of the cluster, on every address the nodes
    /// have, whichever node runs the pods: the service is reachable by whoever reaches a node, around the ingress,
    /// its TLS and its authentication, and every node's firewall has to be kept in step. The article's own Service
    /// is `type: NodePort`; for traffic from outside, an Ingress (or Gateway) or a `LoadBalancer` Service is the
    /// usual front door, and a `ClusterIP` Service is enough inside the cluster.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: service-p
    ///   namespace: awesome-project
    /// spec:
    ///   selector:
    ///     app: my-app
    ///   type: NodePort
    ///   ports:
    ///     - port: 80
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: service-p
    ///   namespace: awesome-project
    /// spec:
    ///   selector:
    ///     app: my-app
    ///   type: ClusterIP
    ///   ports:
    ///     - port: 80
    /// ```
    ///
    /// ## Peers
    /// kube-score `service-type`; kube-linter `exposed-services` (off by default; it also reports `LoadBalancer`).
    pub static RULE = {
        id: "nodeport-service",
        severity: Info,
        category: Security,
        summary: "a Service of type NodePort opens its port on every node",
        peers: [("kube-score", "service-type"), ("kube-linter", "exposed-services")],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(kind) = ctx.object.service_type() else { return };
    let ports = ctx.object.get_at(&["spec", "ports"]).into_iter().flat_map(Node::items);
    let pinned: Vec<&Entry> =
        ports.filter_map(|port| port.entry("nodePort")).filter(|entry| !entry.value.is_null()).collect();
    match kind.value.as_str() {
        Some("NodePort") => {
            let numbers: Vec<String> =
                pinned.iter().filter_map(|entry| entry.value.as_str()).map(|port| format!("`{port}`")).collect();
            let which = if numbers.is_empty() {
                "its ports".to_owned()
            } else {
                format!("node port{} {}", if numbers.len() > 1 { "s" } else { "" }, numbers.join(", "))
            };
            out.push(Diagnostic::new(
                RULE.id,
                kind.value.span,
                format!("{} is a NodePort Service: it opens {which} on every node", ctx.object.describe()),
                "Use `type: ClusterIP` behind an Ingress or Gateway, or `type: LoadBalancer`, for traffic from \
                 outside the cluster.",
            ));
        }
        Some("LoadBalancer") => {
            for entry in pinned {
                out.push(Diagnostic::new(
                    RULE.id,
                    entry.value.span,
                    format!(
                        "{} pins node port `{}`, which opens on every node beside the load balancer",
                        ctx.object.describe(),
                        entry.value.span.slice(ctx.object.text)
                    ),
                    "Remove `nodePort` and let Kubernetes pick one, or set `allocateLoadBalancerNodePorts: false` if \
                     the load balancer reaches the pods directly.",
                ));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::Severity;
    use crate::rules::test_support::{findings, flagged_text, positions};

    fn service(spec: &str) -> String {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n{spec}")
    }

    #[test]
    fn node_port_type_at_its_value() {
        let text = service("  selector: {app: web}\n  type: NodePort\n  ports:\n    - port: 80\n");
        assert_eq!(positions(RULE.id, &text), [(7, 9)]);
        let found = findings(RULE.id, &text);
        assert_eq!(found[0].message, "Service `web` is a NodePort Service: it opens its ports on every node");
        assert_eq!(found[0].severity, Severity::Info);
        let pinned = service(
            "  type: \"NodePort\"\n  ports:\n    - {port: 80, nodePort: 30080}\n    - {port: 443, nodePort: 30443}\n",
        );
        assert_eq!(flagged_text(RULE.id, &pinned), ["\"NodePort\""]);
        assert!(findings(RULE.id, &pinned)[0].message.ends_with("opens node ports `30080`, `30443` on every node"));
    }

    #[test]
    fn pinned_node_ports_of_load_balancers() {
        let text = service("  type: LoadBalancer\n  ports:\n    - port: 80\n      nodePort: 31000\n    - port: 443\n");
        assert_eq!(flagged_text(RULE.id, &text), ["31000"]);
        assert_eq!(positions(RULE.id, &service("  type: LoadBalancer\n  ports: [{port: 80}]\n")), []);
    }

    #[test]
    fn other_types_and_kinds_pass() {
        for spec in
            ["  type: ClusterIP\n", "  ports: [{port: 80}]\n", "  type: ExternalName\n  externalName: x.example.com\n"]
        {
            assert_eq!(positions(RULE.id, &service(spec)), [], "{spec}");
        }
        let crd = "apiVersion: example.com/v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n";
        assert_eq!(positions(RULE.id, crd), []);
        let list = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: a}\n    spec: {type: NodePort}\n";
        assert_eq!(flagged_text(RULE.id, list), ["NodePort"]);
    }
}
