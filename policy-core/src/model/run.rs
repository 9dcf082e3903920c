//! The `RUN` instructions of a Dockerfile as the shell scripts they run: the stage each is in and whether that
//! stage ends up in the final image, its `--mount` flags and the variables in effect. Read once per Dockerfile and
//! handed to every rule (`lint::dockerfile::Context::runs`), since splitting the shell text is the costly part.
//!
//! A `RUN` runs one script for its shell-form text and one more for each heredoc body that a shell interprets
//! (`RUN <<EOF`, `RUN bash <<EOF`). They are kept apart as [`Script`]s because shell state (`set -o pipefail`,
//! `export`) does not carry from one to the next. `ONBUILD RUN` triggers are included: they run in whatever image
//! is built on this one, which is the image that ships.

use crate::model::dockerfile as stages;
use crate::syntax::dockerfile::ast::{Dockerfile, Instruction, Keyword, Stage, Vars};
use crate::syntax::shell::{self, Command};

/// The commands of one script, in order; each command's `operator` joins it to the next.
#[derive(Debug, Clone)]
pub struct Script {
    pub commands: Vec<Command>,
    /// Index in the instruction's `heredocs` of the body this script is, or `None` for the instruction text.
    pub heredoc: Option<usize>,
}

/// One `RUN` (or `ONBUILD RUN`) and where it runs.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    pub file: &'a Dockerfile,
    /// The `RUN` itself; for `ONBUILD RUN`, the inner instruction.
    pub instruction: &'a Instruction,
    /// Index in [`Dockerfile::instructions`] (of the `ONBUILD` for a trigger).
    pub index: usize,
    pub stage: Option<&'a Stage>,
    /// The stage is the final one or one the final stage is built `FROM`, so its layers ship.
    pub in_final_image: bool,
    /// An `ONBUILD RUN` trigger.
    pub onbuild: bool,
    /// The instruction text's script first, then the heredoc bodies a shell runs.
    pub scripts: Vec<Script>,
}

/// Every `RUN` and `ONBUILD RUN` of `file`, in source order.
pub fn runs(file: &Dockerfile) -> Vec<Run<'_>> {
    let shipped = shipped_stages(file);
    let mut out = Vec::new();
    for (index, outer) in file.instructions.iter().enumerate() {
        let (instruction, onbuild) = match outer.keyword {
            Keyword::Run => (outer, false),
            Keyword::Onbuild => match outer.onbuild() {
                Some(inner) if inner.keyword == Keyword::Run => (inner, true),
                _ => continue,
            },
            _ => continue,
        };
        let stage = outer.stage.and_then(|at| file.stages.get(at));
        let in_final_image = onbuild || stage.is_none_or(|stage| shipped.contains(&stage.index));
        out.push(Run { file, instruction, index, stage, in_final_image, onbuild, scripts: scripts_of(instruction) });
    }
    out
}

/// Indexes of the stages whose layers are in the final image: the last stage and the stages it builds on.
fn shipped_stages(file: &Dockerfile) -> Vec<usize> {
    stages::final_lineage(file).iter().map(|stage| stage.index).collect()
}

fn scripts_of(instruction: &Instruction) -> Vec<Script> {
    let mut scripts = Vec::new();
    if let Some(text) = instruction.shell_text() {
        scripts.push(Script { commands: shell::split(text), heredoc: None });
    }
    for (at, heredoc) in instruction.heredocs.iter().enumerate() {
        if heredoc.is_shell {
            scripts.push(Script { commands: shell::split(&heredoc.body), heredoc: Some(at) });
        }
    }
    scripts
}

impl Run<'_> {
    /// Every command with its position in the whole `RUN` (scripts in order).
    pub fn commands(&self) -> impl Iterator<Item = (usize, &Command)> {
        self.scripts.iter().flat_map(|script| script.commands.iter()).enumerate()
    }

    /// Commands whose program is `name`, with their positions.
    pub fn programs<'s>(&'s self, names: &'s [&str]) -> impl Iterator<Item = (usize, &'s Command)> + 's {
        self.commands().filter(move |(_, command)| command.name().is_some_and(|name| names.contains(&name)))
    }

    /// How messages name where this `RUN` is: `stage 'build'` or `stage 0` (as every Dockerfile rule names
    /// stages), prefixed for `ONBUILD` triggers.
    pub fn place(&self) -> String {
        let stage = self.stage.map_or_else(|| "the file".to_owned(), stages::describe);
        if self.onbuild {
            format!("an ONBUILD trigger of {stage}")
        } else {
            stage
        }
    }

    /// `ENV`s and `ARG`s in effect for this `RUN` (both are in a `RUN`'s environment).
    pub fn vars(&self) -> Vars {
        self.file.vars_at(self.index)
    }

    /// Targets of this `RUN`'s `--mount=type=cache` and `--mount=type=tmpfs` flags, without trailing `/`: what
    /// the commands write there never reaches the layer.
    pub fn scratch_mounts(&self) -> Vec<String> {
        self.instruction
            .flags_named("mount")
            .filter(|flag| {
                flag.option("type")
                    .is_some_and(|kind| kind.eq_ignore_ascii_case("cache") || kind.eq_ignore_ascii_case("tmpfs"))
            })
            .filter_map(|flag| {
                flag.option("target").or_else(|| flag.option("dst")).or_else(|| flag.option("destination"))
            })
            .map(|target| target.trim_end_matches('/').to_owned())
            .collect()
    }

    /// A cache or tmpfs mount of this `RUN` covers `dir` (is at it or at a parent).
    pub fn mounts_over(&self, dir: &str) -> bool {
        self.scratch_mounts().iter().any(|target| covers(target, dir))
    }
}

/// `base` is `dir` or one of its parents (`/var/cache` covers `/var/cache/apk`).
pub fn covers(base: &str, dir: &str) -> bool {
    !base.is_empty() && (base == dir || dir.strip_prefix(base).is_some_and(|rest| rest.starts_with('/')))
}
