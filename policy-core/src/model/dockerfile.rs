//! What the image and user rules ask of stages: how a message names a stage, which stages the final image is
//! built from (`FROM <earlier stage>` chains), and the instructions of a stage with their indexes.

use crate::syntax::dockerfile::ast::{Dockerfile, Instruction, Keyword, Stage};

/// How messages name a stage: `stage 'build'`, or `stage 2` for an unnamed one (0-based, the number
/// `COPY --from=2` uses).
pub fn describe(stage: &Stage) -> String {
    match &stage.name {
        Some(name) => format!("stage '{}'", name.raw),
        None => format!("stage {}", stage.index),
    }
}

/// `stage` and the stages it builds on through `FROM <stage>`, `stage` first, down to the one that starts from
/// an image or `scratch`. A base stage always comes earlier in the file, so the walk ends.
pub fn lineage<'a>(file: &'a Dockerfile, stage: &'a Stage) -> Vec<&'a Stage> {
    let mut chain = vec![stage];
    let mut cursor = stage;
    while let Some(base) = cursor.base_stage.filter(|&base| base < cursor.index).and_then(|base| file.stages.get(base))
    {
        chain.push(base);
        cursor = base;
    }
    chain
}

/// The final stage's lineage, final stage first; empty when the file has no `FROM`.
/// The markers of Windows base images in a base image's name: `mcr.microsoft.com/windows/...`,
/// `.../servercore`, `.../nanoserver`, and tags such as `windowsservercore-ltsc2022`.
const WINDOWS_MARKERS: [&str; 3] = ["windows", "nanoserver", "servercore"];

/// Whether the stage builds a Windows image: the root of its lineage is a Windows base image, or the file uses
/// the backtick escape that Windows Dockerfiles use (`# escape=` followed by a backtick).
pub fn is_windows(file: &Dockerfile, stage: &Stage) -> bool {
    let root = lineage(file, stage).last().map_or("", |stage| stage.base.value.as_str()).to_ascii_lowercase();
    file.escape == '`' || WINDOWS_MARKERS.iter().any(|marker| root.contains(marker))
}

/// Whether the stage builds on Nano Server, whose default user is the unprivileged `ContainerUser`.
pub fn is_nano_server(file: &Dockerfile, stage: &Stage) -> bool {
    lineage(file, stage).last().is_some_and(|root| root.base.value.to_ascii_lowercase().contains("nanoserver"))
}

pub fn final_lineage(file: &Dockerfile) -> Vec<&Stage> {
    file.final_stage().map(|stage| lineage(file, stage)).unwrap_or_default()
}

/// The instructions of `stage` after its `FROM`, with their indexes in [`Dockerfile::instructions`].
pub fn body<'a>(file: &'a Dockerfile, stage: &Stage) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
    let start = stage.from + 1;
    file.instructions
        .get(start..stage.instructions.end)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(move |(at, i)| (start + at, i))
}

/// The instructions of `stage` with keyword `keyword`.
pub fn body_with<'a>(
    file: &'a Dockerfile,
    stage: &Stage,
    keyword: Keyword,
) -> impl Iterator<Item = &'a Instruction> + 'a {
    body(file, stage).map(|(_, instruction)| instruction).filter(move |instruction| instruction.keyword == keyword)
}

/// The instruction with `keyword` that is in effect for the image `lineage` builds (as from [`lineage`], final
/// stage first): the last one in the first stage that has one. For `CMD`, `ENTRYPOINT` and `USER` a later one
/// replaces an earlier one, and a stage inherits its base stage's.
pub fn effective<'a>(
    file: &'a Dockerfile,
    lineage: &[&'a Stage],
    keyword: Keyword,
) -> Option<(&'a Stage, &'a Instruction)> {
    lineage.iter().find_map(|stage| body_with(file, stage, keyword).last().map(|instruction| (*stage, instruction)))
}

/// The `ENTRYPOINT` and the `CMD` in effect for the image `lineage` builds: what the container runs.
pub fn effective_commands<'a>(file: &'a Dockerfile, lineage: &[&'a Stage]) -> Vec<(&'a Stage, &'a Instruction)> {
    [Keyword::Entrypoint, Keyword::Cmd].into_iter().filter_map(|keyword| effective(file, lineage, keyword)).collect()
}
