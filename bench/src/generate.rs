//! Deterministic generators of realistic inputs, so every run measures the same files.

use std::fmt::Write as _;

/// A small xorshift generator: reproducible across machines and runs, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        let len = u64::try_from(items.len()).unwrap_or(1).max(1);
        let at = usize::try_from(self.next() % len).unwrap_or(0);
        items[at]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const BUILDERS: &[&str] =
    &["golang:1.22-alpine", "rust:1.80", "maven:3.9-eclipse-temurin-21", "node:20", "python:3.12"];
const RUNTIMES: &[&str] = &[
    "alpine:3.20",
    "debian:bookworm-slim",
    "ubuntu:22.04",
    "node:20-alpine",
    "python:3.12-slim",
    "gcr.io/distroless/static-debian12:nonroot",
    "node",
    "ubuntu",
    "nginx:latest",
    "scratch",
];
const APT: &[&str] = &[
    "RUN apt-get update && apt-get install -y curl ca-certificates",
    "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n        git \\\n        make \\\n    && rm -rf /var/lib/apt/lists/*",
    "RUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install -y --no-install-recommends tini",
];
const APK: &[&str] = &[
    "RUN apk add --no-cache ca-certificates",
    "RUN apk update && apk add curl",
    "RUN apk add bash && rm -rf /var/cache/apk/*",
];
const MISC: &[&str] = &[
    "RUN pip install -r requirements.txt",
    "RUN pip install --no-cache-dir flask==3.0.0",
    "RUN npm ci --omit=dev",
    "RUN npm install",
    "RUN curl -fsSL https://example.com/install.sh | sh",
    "RUN sudo make install",
    "ENV API_TOKEN=abc123",
    "EXPOSE 22",
    "EXPOSE 8080",
    "WORKDIR app",
    "ADD . /app",
    "ADD https://example.com/tool.tar.gz /opt/",
    "COPY . /app",
    "RUN <<EOF\nset -eux\napt-get update\napt-get install -y --no-install-recommends jq\nrm -rf /var/lib/apt/lists/*\nEOF",
    "RUN set -eux; \\\n    groupadd -r app; \\\n    useradd -r -g app app",
];

/// `count` varied Dockerfiles: single- and multi-stage, every package manager, heredocs, continuations,
/// ARG-built FROMs, clean and dirty instructions.
pub fn dockerfiles(count: usize) -> Vec<String> {
    let mut rng = Rng::new(0x5EA_0047);
    (0..count)
        .map(|index| {
            let mut text = String::new();
            if rng.chance(30) {
                text.push_str("# syntax=docker/dockerfile:1.7\n");
            }
            let _ = writeln!(text, "# generated file {index}\nARG VERSION=1.{index}");
            let multi = rng.chance(50);
            if multi {
                let _ = writeln!(text, "FROM {} AS build\nWORKDIR /src\nCOPY . .", rng.pick(BUILDERS));
                text.push_str("RUN make build VERSION=${VERSION}\n\n");
            }
            let runtime = rng.pick(RUNTIMES);
            let _ = writeln!(text, "FROM {runtime}");
            let lines = 3 + rng.next() % 12;
            for _ in 0..lines {
                let pool = match rng.next() % 3 {
                    0 if runtime.contains("alpine") => APK,
                    0 | 1 => APT,
                    _ => MISC,
                };
                text.push_str(rng.pick(pool));
                text.push('\n');
            }
            if multi {
                text.push_str("COPY --from=build /src/out /usr/local/bin/app\n");
            }
            if rng.chance(60) {
                text.push_str(rng.pick(&["USER 10001", "USER app:app", "USER root", "user nobody"]));
                text.push('\n');
            }
            text.push_str(rng.pick(&["CMD [\"app\"]", "CMD app --serve", "ENTRYPOINT [\"/usr/local/bin/app\"]"]));
            text.push('\n');
            text
        })
        .collect()
}

/// Objects per generated namespace: the Namespace, its ResourceQuota, three Deployments, three Services and two
/// ConfigMaps, so every cross-document rule (selectors, quotas, namespaces, duplicates) has work in each one.
pub const OBJECTS_PER_NAMESPACE: usize = 10;

/// A bundle of about `objects` Kubernetes objects, as files of at most 1,000 objects each (the per-file limits
/// stay at their defaults). One namespace in seven is referenced with a typo, one Service in five selects a label
/// no pod carries, and one Deployment in four asks for more replicas than its quota allows.
pub fn bundle(objects: usize) -> Vec<(String, String)> {
    let mut rng = Rng::new(0xB0_DD1E);
    let namespaces = objects.div_ceil(OBJECTS_PER_NAMESPACE);
    let per_file = 1000 / OBJECTS_PER_NAMESPACE;
    let mut files = Vec::new();
    let mut text = String::new();
    for ns in 0..namespaces {
        let namespace = format!("team-{ns}");
        let _ = write!(
            text,
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {namespace}\n---\n\
             apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: quota\n  namespace: {namespace}\nspec:\n  hard:\n    \
             pods: \"20\"\n    requests.cpu: \"4\"\n    requests.memory: 8Gi\n---\n"
        );
        for app in 0..3 {
            let name = format!("app-{app}");
            let placed = if rng.chance(14) { format!("tema-{ns}") } else { namespace.clone() };
            let replicas = if rng.chance(25) { 40 } else { 2 };
            let _ = write!(
                text,
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {placed}\n  labels: \
                 {{app: {name}, version: \"1\", release: r1, stage: prod}}\nspec:\n  replicas: {replicas}\n  selector:\n    \
                 matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels: {{app: {name}, version: \"1\", \
                 release: r1, stage: prod}}\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      \
                 containers:\n        - name: main\n          image: registry.example.com/{name}:1.{ns}\n          \
                 resources:\n            requests: {{cpu: 100m, memory: 128Mi}}\n            limits: {{cpu: 200m, memory: \
                 256Mi}}\n---\n"
            );
            let selected = if rng.chance(20) { format!("{name}-old") } else { name.clone() };
            let _ = write!(
                text,
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:\n  selector:\n    \
                 app: {selected}\n  ports:\n    - port: 80\n---\n"
            );
        }
        for config in 0..2 {
            let _ = write!(
                text,
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-{config}\n  namespace: {namespace}\ndata:\n  \
                 level: info\n---\n"
            );
        }
        if (ns + 1) % per_file == 0 || ns + 1 == namespaces {
            files.push((format!("bundle-{:04}.yaml", files.len()), std::mem::take(&mut text)));
        }
    }
    files
}
