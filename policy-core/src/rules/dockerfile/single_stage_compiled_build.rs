use super::images;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::{self as stages, describe};

declare_rule! {
    /// ## What it does
    /// Reports a final stage built on a build-toolchain image: `golang`, `rust`, `gcc`, `maven`, `gradle`,
    /// `clojure`, `haskell`, `dart`, `swift` (but not its `-slim` runtime tags), a JDK (`eclipse-temurin`,
    /// `amazoncorretto`, `openjdk`, `sapmachine`, `ibm-semeru-runtimes` unless the tag says `jre`) or
    /// `mcr.microsoft.com/dotnet/sdk`. The final stage is followed through `FROM <earlier stage>` to the image it
    /// starts from, after build arguments are resolved. Toolchains in earlier stages are what multi-stage builds
    /// are for and are never reported; nor are images in `allowed-base-images`.
    ///
    /// ## Why it matters
    /// The article: "With Docker's support for multi-step builds, you can easily ship just the binary with a
    /// minimal scaffolding", and its Go example shrinks to 12 MB that way. A toolchain image is hundreds of
    /// megabytes of compilers and package managers that the running program never uses and an intruder gladly
    /// does. CIS Docker Benchmark 4.3: do not install unnecessary packages in the container.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-alpine
    /// WORKDIR /app
    /// COPY . .
    /// RUN go build -o /goapp
    /// USER 10001
    /// ENTRYPOINT ["/goapp"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS build
    /// WORKDIR /app
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /goapp
    ///
    /// FROM gcr.io/distroless/static:nonroot
    /// COPY --from=build /goapp /goapp
    /// ENTRYPOINT ["/goapp"]
    /// ```
    pub static RULE = {
        id: "single-stage-compiled-build",
        severity: Warning,
        category: Image,
        summary: "final stage on a build-toolchain image instead of a runtime image",
        peers: [],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lineage = stages::final_lineage(ctx.file);
    let (Some(last), Some(root)) = (lineage.first(), lineage.last()) else { return };
    let Some(image) = root.image() else { return };
    if images::is_allowed(ctx.config, &image) {
        return;
    }
    let Some(toolchain) = images::toolchain(&image) else { return };
    let through = if root.index == last.index { String::new() } else { format!(" (through {})", describe(root)) };
    out.push(Diagnostic::new(
        RULE.id,
        root.base.span,
        format!(
            "the final {} ships the `{}` build toolchain `{}`{through}",
            describe(last),
            toolchain.family,
            root.base.value
        ),
        format!(
            "Build in a stage (`FROM {} AS build`), then `COPY --from=build` only the built artifact into a final \
             stage `FROM {}`.",
            root.base.value, toolchain.runtime
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, positions};

    #[test]
    fn toolchain_in_the_final_stage_names_the_runtime_image() {
        let text =
            "FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn package\nCMD [\"java\", \"-jar\", \"app.jar\"]\n";
        let found = findings(RULE.id, text);
        assert_eq!(found.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(1, 6)]);
        assert!(found.iter().all(|f| f.help.contains("`FROM eclipse-temurin:21-jre`")), "{found:?}");
    }

    #[test]
    fn the_articles_multi_stage_go_build_is_clean() {
        let text = "FROM golang:alpine AS build-env\nWORKDIR /app\nADD . /app\nRUN cd /app && go build -o goapp\n\
                    FROM alpine\nWORKDIR /app\nCOPY --from=build-env /app/goapp /app\nENTRYPOINT ./goapp\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn a_final_stage_built_on_a_toolchain_stage_is_reported_at_the_toolchain() {
        let text =
            "ARG RUST=1.80\nFROM rust:${RUST}-slim AS deps\nRUN cargo fetch\nFROM deps\nRUN cargo build --release\n";
        let found = findings(RULE.id, text);
        assert_eq!(found.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(2, 6)]);
        assert!(found.iter().all(|f| f.message.contains("stage 1") && f.message.contains("through stage 'deps'")));
    }

    #[test]
    fn runtime_variants_are_fine() {
        for text in [
            "FROM eclipse-temurin:21-jre-alpine\n",
            "FROM swift:5.10-slim\n",
            "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nFROM mcr.microsoft.com/dotnet/runtime:8.0\n",
        ] {
            assert_eq!(positions(RULE.id, text), [], "{text}");
        }
        assert_eq!(positions(RULE.id, "FROM mcr.microsoft.com/dotnet/sdk:8.0\n"), [(1, 6)]);
    }
}
