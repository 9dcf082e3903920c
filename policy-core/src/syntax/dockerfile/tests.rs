//! Parser tests: exact spans (as source text and line numbers) for each BuildKit behaviour we follow.

use std::fmt::Write as _;

use super::ast::{Args, Details, Dockerfile, Instruction, Keyword};
use super::parse;
use crate::base::problem::ProblemKind;
use crate::base::span::{LineIndex, Span};
use crate::syntax::directive::{Reach, Suppressions, Tool};
use crate::syntax::shell::Operator;

fn line_of(src: &str, span: Span) -> u32 {
    LineIndex::new(src).position(span.start).line
}

fn first(file: &Dockerfile, keyword: Keyword) -> &Instruction {
    file.instructions.iter().find(|i| i.keyword == keyword).unwrap_or_else(|| panic!("no {keyword:?} in {file:#?}"))
}

fn clean(src: &str) -> super::Parsed {
    let parsed = parse(src);
    assert!(parsed.problems.is_empty(), "unexpected problems for {src:?}: {:?}", parsed.problems);
    parsed
}

fn problems(src: &str) -> Vec<(String, String, u32)> {
    parse(src)
        .problems
        .into_iter()
        .map(|p| {
            // The Dockerfile problems that have rules of their own besides `parse-error`.
            let kinds = [
                ProblemKind::Syntax,
                ProblemKind::DuplicateStageName,
                ProblemKind::NestedOnbuild,
                ProblemKind::InstructionBeforeFrom,
            ];
            assert!(kinds.contains(&p.kind), "{p:?}");
            (p.span.slice(src).to_owned(), p.message, line_of(src, p.span))
        })
        .collect()
}

#[test]
fn stage_base_name_and_instruction_ranges() {
    let src = "FROM node:18 AS Build\nRUN make\nfrom build\ncopy --from=Build /a /b\n";
    let file = clean(src).file;
    assert_eq!(file.stages.len(), 2);
    let build = &file.stages[0];
    assert_eq!(build.base.span.slice(src), "node:18");
    let image = build.image().expect("an image");
    assert_eq!((image.name, image.tag), ("node", Some("18")));
    assert_eq!(image.tag_range().and_then(|part| build.base_span(part)).map(|s| s.slice(src)), Some("18"));
    let name = build.name.as_ref().unwrap();
    assert_eq!((name.value.as_str(), name.raw.as_str(), name.span.slice(src)), ("build", "Build", "Build"));
    assert_eq!(build.instructions, 0..2);
    assert_eq!(build.base_stage, None);
    let last = file.final_stage().unwrap();
    assert_eq!(last.base_stage, Some(0));
    assert_eq!(last.instructions, 2..4);
    assert_eq!(file.stage_instructions(last).len(), 2);
    assert_eq!(file.stage_ref("BUILD").map(|s| s.index), Some(0));
    assert_eq!(file.stage_ref("1").map(|s| s.index), Some(1));
    assert!(file.stage_ref("alpine").is_none());
    let copy = first(&file, Keyword::Copy);
    assert_eq!(copy.stage, Some(1));
    assert_eq!(copy.flag("from").and_then(|f| f.value.as_deref()), Some("Build"));
}

#[test]
fn image_references_split_like_docker() {
    let src = "FROM docker.io/library/node:18-alpine@sha256:abc\nFROM localhost:5000/team/app\nFROM bitnami/redis\nFROM SCRATCH\n";
    let file = clean(src).file;
    let hub_stage = &file.stages[0];
    let hub = hub_stage.image().expect("an image");
    assert_eq!((hub.written_registry(), hub.registry, hub.name), (Some("docker.io"), "docker.io", "node"));
    assert!(hub.is_docker_hub());
    assert_eq!(hub.tag, Some("18-alpine"));
    assert_eq!(hub.digest_range().and_then(|part| hub_stage.base_span(part)).map(|s| s.slice(src)), Some("sha256:abc"));
    let local = file.stages[1].image().expect("an image");
    assert_eq!((local.registry, local.name, local.tag), ("localhost:5000", "team/app", None));
    assert!(!local.is_docker_hub());
    let path = file.stages[2].image().expect("an image");
    assert_eq!((path.written_registry(), path.name), (None, "bitnami/redis"));
    assert!(file.stages[3].image().is_none());
    assert!(file.stages[3].scratch && !file.stages[0].scratch);
}

#[test]
fn from_is_expanded_with_global_args() {
    let src = "ARG REG=ghcr.io\nARG V=20\nARG UNSET\nFROM ${REG}/node:${V} AS a\nFROM node:$UNSET\nFROM --platform=$BUILDPLATFORM alpine:${MISSING:-3.20}\n";
    let file = clean(src).file;
    let a = &file.stages[0];
    assert_eq!(a.base.raw, "${REG}/node:${V}");
    assert_eq!(a.base.value, "ghcr.io/node:20");
    assert!(a.base.known);
    assert_eq!(a.base.span.slice(src), "${REG}/node:${V}");
    let image = a.image().expect("an image");
    assert_eq!((image.registry, image.tag), ("ghcr.io", Some("20")));
    // Sub-spans would not point at the tag's text, so there are none.
    assert_eq!(image.tag_range().and_then(|part| a.base_span(part)), None);
    let unset = &file.stages[1];
    assert!(!unset.base.known);
    assert_eq!(unset.base.value, "node:$UNSET");
    let c = &file.stages[2];
    assert_eq!(c.base.value, "alpine:3.20");
    assert!(c.base.known, "an undeclared global ARG is unset, so the default applies");
    let platform = c.platform.as_ref().unwrap();
    assert!(!platform.known);
    assert_eq!(platform.span.slice(src), "$BUILDPLATFORM");
    assert_eq!(file.global_args().count(), 3);
}

#[test]
fn global_args_reach_a_stage_only_when_redeclared() {
    let src = "ARG APP_USER=app\nARG DIR=/srv\nFROM alpine\nUSER $APP_USER\nARG APP_USER\nUSER $APP_USER:staff\nWORKDIR ${DIR:-/opt}/x\nENV DIR=/env\nARG DIR=/arg\nWORKDIR $DIR\n";
    let file = clean(src).file;
    let users: Vec<_> = file.instructions.iter().filter_map(Instruction::user).collect();
    assert!(!users[0].known(), "the global ARG is not visible before `ARG APP_USER` in the stage");
    assert_eq!(users[0].user, "$APP_USER");
    assert!(users[1].known());
    assert_eq!((users[1].user.as_str(), users[1].group.as_deref()), ("app", Some("staff")));
    // Expanded text has no sub-spans of its own: both parts point at the whole argument.
    assert_eq!(users[1].user_span.slice(src), "$APP_USER:staff");
    let workdirs: Vec<_> = file.instructions.iter().filter_map(Instruction::workdir).collect();
    assert!(!workdirs[0].known, "DIR is not declared in the stage, so the base image may set it");
    assert_eq!(workdirs[0].value, "${DIR:-/opt}/x");
    assert_eq!(workdirs[1].value, "/env", "ENV wins over a later ARG of the same name");
    assert!(workdirs[1].known);
}

#[test]
fn user_spans_split_user_and_group() {
    let src = "FROM alpine\nUSER 1000:1000\nuser root\n";
    let file = clean(src).file;
    let users: Vec<_> = file.instructions.iter().filter_map(Instruction::user).collect();
    assert_eq!(users[0].user_span.slice(src), "1000");
    assert_eq!(users[0].group_span.map(|s| s.slice(src)), Some("1000"));
    assert_eq!(users[0].group_span.map(|s| s.start), Some(src.find(":1000").unwrap() + 1));
    assert_eq!((users[1].user.as_str(), users[1].group.as_deref()), ("root", None));
    assert_eq!(line_of(src, users[1].user_span), 3);
}

#[test]
fn env_pairs_modern_and_legacy() {
    let src = "FROM alpine\nENV A=1 B=\"two words\" C=$A\nENV LEGACY some value here\nENV D=${A}x\n";
    let file = clean(src).file;
    let envs: Vec<_> = file.instructions.iter().filter(|i| i.keyword == Keyword::Env).collect();
    let pairs = envs[0].pairs();
    assert_eq!(pairs.len(), 3);
    assert_eq!(pairs[1].name, "B");
    let b = pairs[1].value.as_ref().unwrap();
    assert_eq!((b.value.as_str(), b.span.slice(src)), ("two words", "\"two words\""));
    assert_eq!(pairs[1].span.slice(src), "B=\"two words\"");
    assert_eq!(pairs[1].name_span.slice(src), "B");
    // All pairs of one ENV see the variables from before it: A is not set yet, and may come from the base.
    let c = pairs[2].value.as_ref().unwrap();
    assert!(!c.known);
    let legacy = &envs[1].pairs()[0];
    assert_eq!(legacy.name, "LEGACY");
    assert_eq!(legacy.value.as_ref().map(|v| v.value.as_str()), Some("some value here"));
    assert_eq!(legacy.value.as_ref().map(|v| v.span.slice(src)), Some("some value here"));
    let d = envs[2].pairs()[0].value.as_ref().unwrap();
    assert_eq!((d.value.as_str(), d.known), ("1x", true));
}

#[test]
fn arg_pairs_with_and_without_defaults() {
    let src = "ARG A B=2 C=\"x y\"\nFROM alpine\n";
    let file = clean(src).file;
    let pairs = file.instructions[0].pairs();
    assert_eq!(pairs.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["A", "B", "C"]);
    assert!(pairs[0].value.is_none());
    assert_eq!(pairs[2].value.as_ref().map(|v| v.value.as_str()), Some("x y"));
    assert_eq!(pairs[2].span.slice(src), "C=\"x y\"");
    let vars = file.vars_at(1);
    assert_eq!(vars.get("B"), Some(Some("2")));
    assert_eq!(vars.get("A"), Some(None));
}

#[test]
fn continuation_with_trailing_spaces_comments_and_blank_lines() {
    let src = "FROM alpine\nRUN apt-get update && \\  \n# a comment inside\n\n    apt-get install -y \\\t\n      curl\nUSER app\n";
    let parsed = clean(src);
    let run = first(&parsed.file, Keyword::Run);
    let text = run.shell_text().unwrap();
    assert_eq!(text.as_str(), "apt-get update &&     apt-get install -y       curl");
    assert_eq!(run.span.slice(src), &src[12..src.find("\nUSER").unwrap()]);
    assert_eq!(line_of(src, Span::at(run.span.end)), 6);
    let curl = text.as_str().find("curl").unwrap();
    let span = text.span(curl..curl + 4);
    assert_eq!((span.slice(src), line_of(src, span)), ("curl", 6));
    // A range across the continuation covers the source between.
    let install = text.as_str().find("install").unwrap();
    let across = text.span(install..curl + 4);
    assert!(across.slice(src).starts_with("install -y \\\t\n      curl"));
    assert_eq!(parsed.file.comments.len(), 1);
    assert_eq!(parsed.file.comments[0].span.slice(src), "# a comment inside");
    assert_eq!(first(&parsed.file, Keyword::User).user().unwrap().user, "app");
}

#[test]
fn continuation_at_end_of_file() {
    let src = "FROM alpine\nRUN echo hi \\";
    let file = clean(src).file;
    let run = first(&file, Keyword::Run);
    assert_eq!(run.shell_text().unwrap().as_str(), "echo hi", "BuildKit trims the joined line");
    assert_eq!(run.span.slice(src), "RUN echo hi \\");
}

#[test]
fn lines_of_only_continuations_join_the_next_line() {
    let src = "FROM alpine\n  \\\nRUN x\n\\";
    let file = clean(src).file;
    assert_eq!(file.instructions.len(), 2);
    let run = first(&file, Keyword::Run);
    assert_eq!(run.keyword_span.slice(src), "RUN");
    assert_eq!(line_of(src, run.keyword_span), 3);
}

#[test]
fn parser_directives_and_backtick_escape() {
    let src = "# Syntax=docker/dockerfile:1\n  # escape=`\n# check=skip=all\nFROM mcr.microsoft.com/windows/servercore\nRUN dir c:\\ `\n    && echo done\n";
    let file = clean(src).file;
    assert_eq!(file.escape, '`');
    let names: Vec<_> = file.directives.iter().map(|d| (d.name.as_str(), d.value.as_str())).collect();
    assert_eq!(names, [("syntax", "docker/dockerfile:1"), ("escape", "`"), ("check", "skip=all")]);
    assert_eq!(file.directives[1].value_span.slice(src), "`");
    assert!(file.comments.is_empty(), "directives are not comments");
    let run = first(&file, Keyword::Run);
    assert_eq!(run.shell_text().unwrap().as_str(), "dir c:\\     && echo done");
    assert_eq!(line_of(src, Span::at(run.span.end)), 6);
}

#[test]
fn directives_after_a_comment_blank_line_or_instruction_are_comments() {
    for src in [
        "# hello\n# escape=`\nFROM alpine\nRUN a \\\n  b\n",
        "\n# escape=`\nFROM alpine\nRUN a \\\n  b\n",
        "FROM alpine\n# escape=`\nRUN a \\\n  b\n",
        "# unknown=1\n# escape=`\nFROM alpine\nRUN a \\\n  b\n",
    ] {
        let file = clean(src).file;
        assert_eq!(file.escape, '\\', "{src:?}");
        assert!(file.directives.is_empty(), "{src:?}");
        assert_eq!(first(&file, Keyword::Run).shell_text().unwrap().as_str(), "a   b", "{src:?}");
        assert!(file.comments.iter().any(|c| c.text == "escape=`"), "{src:?}");
    }
}

#[test]
fn bad_and_repeated_directives_are_parse_errors() {
    let src = "# escape=x\n# syntax=a\n# syntax=b\nFROM alpine\n";
    let found = problems(src);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].2), ("x", 1));
    assert_eq!((found[1].0.as_str(), found[1].2), ("# syntax=b", 3));
}

#[test]
fn heredoc_body_and_spans() {
    let src = "FROM alpine\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nUSER app\n";
    let file = clean(src).file;
    let run = first(&file, Keyword::Run);
    assert_eq!(run.heredocs.len(), 1);
    let doc = &run.heredocs[0];
    assert_eq!(doc.delimiter, "EOF");
    assert!(!doc.quoted && !doc.strip_tabs && doc.is_shell);
    assert_eq!(doc.opener_span.slice(src), "<<EOF");
    assert_eq!(doc.body.as_str(), "apt-get update\napt-get install -y curl\n");
    assert_eq!(doc.body_span.slice(src), "apt-get update\napt-get install -y curl");
    assert_eq!(run.span.slice(src), "RUN <<EOF\napt-get update\napt-get install -y curl\nEOF");
    assert_eq!(first(&file, Keyword::User).span.slice(src), "USER app");
}

#[test]
fn heredoc_strip_tabs_and_quoted_delimiters() {
    let src = "FROM alpine\nRUN <<-'EOT' bash\n\techo $HOME\n\t\tindented\n\tEOT\nCOPY <<\"A\" /a\nx\nA\n";
    let file = clean(src).file;
    let run = first(&file, Keyword::Run);
    let doc = &run.heredocs[0];
    assert!(doc.strip_tabs && doc.quoted);
    assert_eq!(doc.delimiter, "EOT");
    assert_eq!(doc.body.as_str(), "echo $HOME\nindented\n");
    let home = doc.body.as_str().find("$HOME").unwrap();
    let span = doc.body.span(home..home + 5);
    assert_eq!((span.slice(src), line_of(src, span)), ("$HOME", 3));
    assert!(doc.is_shell, "fed to bash");
    let copy = first(&file, Keyword::Copy);
    assert_eq!(copy.heredocs[0].delimiter, "A");
    assert!(!copy.heredocs[0].is_shell);
    let args = copy.copy().unwrap();
    assert_eq!(args.sources[0].raw, "<<\"A\"");
    assert_eq!(args.dest.as_ref().map(|d| d.value.as_str()), Some("/a"));
}

#[test]
fn two_heredocs_on_one_line() {
    let src = "FROM alpine\nCOPY <<one <<two /dest/\nfirst\none\nsecond\ntwo\nRUN python3 <<PY\nprint(1)\nPY\n";
    let file = clean(src).file;
    let copy = first(&file, Keyword::Copy);
    let bodies: Vec<_> = copy.heredocs.iter().map(|h| (h.delimiter.as_str(), h.body.as_str())).collect();
    assert_eq!(bodies, [("one", "first\n"), ("two", "second\n")]);
    assert_eq!(line_of(src, copy.heredocs[1].body_span), 5);
    assert_eq!(copy.span.slice(src), "COPY <<one <<two /dest/\nfirst\none\nsecond\ntwo");
    let run = first(&file, Keyword::Run);
    assert!(!run.heredocs[0].is_shell, "python reads this heredoc");
    assert!(run.commands().iter().all(|c| c.name() == Some("python3")));
}

#[test]
fn unterminated_heredoc_is_one_error_and_parsing_goes_on() {
    let src = "FROM alpine\nRUN cat <<EOF\nline one\nUSER app\n";
    let parsed = parse(src);
    let found = problems(src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].2), ("<<EOF", 2));
    assert!(found[0].1.contains("not terminated"));
    let user = first(&parsed.file, Keyword::User);
    assert_eq!(user.user().unwrap().user, "app");
    assert_eq!(line_of(src, user.span), 4);
    let run = first(&parsed.file, Keyword::Run);
    assert_eq!(run.heredocs[0].body.as_str(), "line one\n");
}

#[test]
fn heredoc_shell_commands_point_at_body_lines() {
    let src = "FROM alpine\nRUN <<EOF\nset -eux\n  sudo apk add curl\nEOF\n";
    let file = clean(src).file;
    let commands = first(&file, Keyword::Run).commands();
    let names: Vec<_> = commands.iter().map(|c| c.name()).collect();
    assert_eq!(names, [Some("set"), Some("apk")]);
    assert_eq!(commands[0].args().iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), ["-eux"]);
    let apk = &commands[1];
    assert_eq!((apk.span.slice(src), line_of(src, apk.span)), ("sudo apk add curl", 4));
    assert_eq!(apk.sudo.map(|s| s.slice(src)), Some("sudo"));
    assert_eq!(apk.program_word().map(|w| w.span.slice(src)), Some("apk"));
}

#[test]
fn shebang_decides_whether_a_heredoc_is_shell() {
    let src = "FROM alpine\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\nRUN <<EOF\n#!/bin/bash\necho hi\nEOF\n";
    let file = clean(src).file;
    let runs: Vec<_> = file.instructions.iter().filter(|i| i.keyword == Keyword::Run).collect();
    assert!(!runs[0].heredocs[0].is_shell);
    assert!(runs[1].heredocs[0].is_shell);
    assert_eq!(runs[1].commands()[0].name(), Some("echo"));
}

#[test]
fn exec_form_and_invalid_json_fallback() {
    let src = "FROM alpine\nCMD [\"node\", \"server.js\"]\nENTRYPOINT [node, server.js]\nRUN [\"a\\u0041\"] trailing\n";
    let file = clean(src).file;
    let cmd = first(&file, Keyword::Cmd);
    assert!(cmd.is_exec_form());
    let items = cmd.exec_args().unwrap();
    assert_eq!(items.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(), ["node", "server.js"]);
    assert_eq!(items[1].span.slice(src), "\"server.js\"");
    let entrypoint = first(&file, Keyword::Entrypoint);
    assert!(!entrypoint.is_exec_form(), "BuildKit reads invalid JSON as shell form");
    assert_eq!(entrypoint.shell_text().unwrap().as_str(), "[node, server.js]");
    let run = first(&file, Keyword::Run);
    assert_eq!(run.exec_args().map(|a| a[0].value.as_str()), Some("aA"));
}

#[test]
fn json_with_non_strings_is_a_parse_error() {
    let found = problems("FROM alpine\nCMD [\"a\", 1]\n");
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].0.as_str(), found[0].2), ("[\"a\", 1]", 2));
}

#[test]
fn flags_with_values_quotes_and_mount_options() {
    let src = "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --network=none --security=insecure apk add x\nCOPY --link --chown=\"app:app\" --chmod=644 -- --weird /d\n";
    let file = clean(src).file;
    let run = first(&file, Keyword::Run);
    let names: Vec<_> = run.flags.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["mount", "network", "security"]);
    let mount = run.flag("mount").unwrap();
    assert_eq!(mount.span.slice(src), "--mount=type=cache,target=/var/cache/apt,sharing=locked");
    assert_eq!(mount.name_span.slice(src), "mount");
    assert_eq!(mount.value_span.map(|s| s.slice(src)), Some("type=cache,target=/var/cache/apt,sharing=locked"));
    assert_eq!(mount.option("type").as_deref(), Some("cache"));
    assert_eq!(mount.option("TARGET").as_deref(), Some("/var/cache/apt"));
    assert_eq!(mount.option("id"), None);
    assert_eq!(run.shell_text().unwrap().as_str(), "apk add x");
    let copy = first(&file, Keyword::Copy);
    let link = copy.flag("link").unwrap();
    assert_eq!((link.value.as_deref(), link.span.slice(src)), (None, "--link"));
    assert_eq!(copy.flag("chown").and_then(|f| f.value.as_deref()), Some("app:app"));
    let args = copy.copy().unwrap();
    assert_eq!(args.sources.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(), ["--weird"]);
    assert_eq!(args.dest.as_ref().map(|t| t.span.slice(src)), Some("/d"));
}

#[test]
fn mount_options_may_quote_commas() {
    // The flag word loses one level of quotes (BuildKit's `extractBuilderFlags`); what is left is read as CSV.
    let src = "FROM alpine\nRUN --mount='type=secret,\"id=a,b\",required' --mount=type=bind,\"x,y\" x\n";
    let file = clean(src).file;
    let mounts: Vec<_> = first(&file, Keyword::Run).flags_named("mount").map(super::ast::Flag::options).collect();
    let owned = |pairs: &[(&str, Option<&str>)]| -> Vec<(String, Option<String>)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned))).collect()
    };
    assert_eq!(mounts[0], owned(&[("type", Some("secret")), ("id", Some("a,b")), ("required", None)]));
    assert_eq!(mounts[1], owned(&[("type", Some("bind")), ("x", None), ("y", None)]));
}

#[test]
fn expose_ports() {
    let src = "FROM alpine\nARG P=8080\nEXPOSE 22/tcp 53/UDP 8000-8010 $P ${Q}\n";
    let file = clean(src).file;
    let ports = first(&file, Keyword::Expose).ports();
    let read: Vec<_> = ports.iter().map(|p| (p.token.span.slice(src), p.start, p.end, p.protocol.as_str())).collect();
    assert_eq!(
        read,
        [
            ("22/tcp", Some(22), Some(22), "tcp"),
            ("53/UDP", Some(53), Some(53), "udp"),
            ("8000-8010", Some(8000), Some(8010), "tcp"),
            ("$P", Some(8080), Some(8080), "tcp"),
            ("${Q}", None, None, "tcp"),
        ]
    );
}

#[test]
fn copy_add_json_and_volume() {
    let src = "FROM alpine\nADD [\"https://x/a b.tgz\", \"/opt/\"]\nVOLUME /data /logs\nCOPY only-one\n";
    let parsed = parse(src);
    let add = first(&parsed.file, Keyword::Add).copy().unwrap();
    assert_eq!(add.sources[0].value, "https://x/a b.tgz");
    assert_eq!(add.sources[0].span.slice(src), "\"https://x/a b.tgz\"");
    let Details::Volume(volumes) = &first(&parsed.file, Keyword::Volume).details else { panic!() };
    assert_eq!(volumes.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), ["/data", "/logs"]);
    let found = problems(src);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].0.as_str(), found[0].2), ("COPY", 4));
}

#[test]
fn onbuild_inner_instruction() {
    let src = "FROM alpine\nONBUILD RUN --mount=type=cache,target=/root/.npm npm ci\nONBUILD COPY . /app\n";
    let file = clean(src).file;
    let onbuild = first(&file, Keyword::Onbuild);
    let inner = onbuild.onbuild().unwrap();
    assert_eq!(inner.keyword, Keyword::Run);
    assert_eq!(inner.keyword_span.slice(src), "RUN");
    assert_eq!(inner.span.slice(src), "RUN --mount=type=cache,target=/root/.npm npm ci");
    assert_eq!(inner.stage, Some(0));
    assert!(inner.flag("mount").is_some());
    assert_eq!(inner.commands()[0].name(), Some("npm"));
    assert!(onbuild.commands().is_empty(), "commands() is per instruction: ask the inner one");
    let Some(copy) = file.instructions[2].onbuild().and_then(Instruction::copy) else { panic!() };
    assert_eq!(copy.sources[0].value, ".");
}

#[test]
fn onbuild_errors() {
    let found = problems("FROM alpine\nONBUILD\nONBUILD FROM x\nONBUILD ONBUILD RUN a\nONBUILD BOGUS a\n");
    let spans: Vec<_> = found.iter().map(|(text, _, line)| (text.as_str(), *line)).collect();
    assert_eq!(spans, [("ONBUILD", 2), ("FROM", 3), ("ONBUILD", 4), ("BOGUS", 5)]);
}

#[test]
fn keywords_are_case_insensitive() {
    let src = "from alpine AS x\nRuN echo\nuSeR nobody\n";
    let file = clean(src).file;
    let keywords: Vec<_> = file.instructions.iter().map(|i| i.keyword).collect();
    assert_eq!(keywords, [Keyword::From, Keyword::Run, Keyword::User]);
    assert_eq!(file.instructions[1].keyword_span.slice(src), "RuN");
}

#[test]
fn crlf_does_not_leak_into_values() {
    let src = "FROM alpine\r\nENV A=1 \\\r\n  B=2\r\nUSER app\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nWORKDIR /app\r\n";
    let file = clean(src).file;
    let env = first(&file, Keyword::Env);
    let values: Vec<_> = env.pairs().iter().map(|p| p.value.as_ref().unwrap().value.as_str()).collect();
    assert_eq!(values, ["1", "2"]);
    assert_eq!(first(&file, Keyword::User).user().unwrap().user, "app");
    let run = first(&file, Keyword::Run);
    assert_eq!(run.heredocs[0].body.as_str(), "echo hi\n");
    assert_eq!(run.commands()[0].span.slice(src), "echo hi");
    assert_eq!(first(&file, Keyword::Workdir).workdir().unwrap().value, "/app");
    assert_eq!(file.stages[0].base.value, "alpine");
}

#[test]
fn unknown_instruction_is_reported_and_parsing_continues() {
    let src = "FROM alpine\nRUNN echo hi \\\n  there\nUSER app\n";
    let parsed = parse(src);
    let found = problems(src);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].0.as_str(), found[0].2), ("RUNN", 2));
    assert!(found[0].1.contains("RUNN"));
    let unknown = &parsed.file.instructions[1];
    assert_eq!(unknown.keyword, Keyword::Unknown);
    assert_eq!(unknown.span.slice(src), "RUNN echo hi \\\n  there");
    assert_eq!(first(&parsed.file, Keyword::User).stage, Some(0));
}

#[test]
fn instructions_before_the_first_from() {
    let found = problems("ARG V=1\nRUN echo\nFROM alpine\n");
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].0.as_str(), found[0].2), ("RUN", 2));
    let malformed = problems("FROM\nFROM a b\nFROM a AS 1bad\n");
    let texts: Vec<_> = malformed.iter().map(|(text, _, line)| (text.as_str(), *line)).collect();
    assert_eq!(texts, [("FROM", 1), ("a b", 2), ("1bad", 3)]);
}

#[test]
fn empty_arguments_are_parse_errors() {
    let found = problems("FROM alpine\nUSER\nWORKDIR  \nRUN\nEXPOSE\nCMD\n");
    let texts: Vec<_> = found.iter().map(|(text, _, line)| (text.as_str(), *line)).collect();
    assert_eq!(texts, [("USER", 2), ("WORKDIR", 3), ("RUN", 4), ("EXPOSE", 5)]);
}

#[test]
fn unterminated_heredoc_after_a_terminated_one_spans_its_body() {
    let src = "FROM alpine\nCOPY <<A <<B /d\na\nA\nb body\nUSER x\n";
    let parsed = parse(src);
    assert_eq!(problems(src).iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["<<B"]);
    let copy = first(&parsed.file, Keyword::Copy);
    assert_eq!(copy.span.slice(src), "COPY <<A <<B /d\na\nA\nb body");
    assert_eq!(copy.heredocs[1].body.as_str(), "b body\n");
    assert_eq!(first(&parsed.file, Keyword::User).user().map(|u| u.user.as_str()), Some("x"));
}

#[test]
fn env_and_healthcheck_errors() {
    let found = problems("FROM alpine\nENV\nENV ONLY\nENV A=1 B\nHEALTHCHECK --interval=5s CURL x\n");
    let texts: Vec<_> = found.iter().map(|(text, _, line)| (text.as_str(), *line)).collect();
    assert_eq!(texts, [("ENV", 2), ("ONLY", 3), ("B", 4), ("CURL", 5)]);
}

#[test]
fn healthcheck_forms() {
    let src =
        "FROM alpine\nHEALTHCHECK --interval=30s CMD [\"curl\", \"-f\", \"http://localhost\"]\nHEALTHCHECK NONE\n";
    let file = clean(src).file;
    let checks: Vec<_> = file
        .instructions
        .iter()
        .filter_map(|i| match &i.details {
            Details::Healthcheck(h) => Some(h),
            _ => None,
        })
        .collect();
    assert!(matches!(&checks[0].cmd, Some(Args::Exec(items)) if items[0].span.slice(src) == "\"curl\""));
    assert!(checks[1].none);
    assert_eq!(file.instructions[1].flag("interval").and_then(|f| f.value.as_deref()), Some("30s"));
}

#[test]
fn suppression_comments_scope_the_next_instruction() {
    let src = "FROM alpine\n# seaworthy ignore=root-user\n# seaworthy ignore=other-rule\nUSER root \\\n  \nRUN a\n# seaworthy ignore=sudo-usage\n\nRUN b\n# seaworthy ignore-file=whole\n";
    let parsed = parse(src);
    let suppressions = Suppressions::literal(&parsed.directives);
    let user = first(&parsed.file, Keyword::User).span;
    let root = Span::new(src.find("root \\").unwrap(), src.find("root \\").unwrap() + 4);
    assert!(user.contains(root.start));
    assert!(suppressions.suppresses("root-user", root));
    assert!(suppressions.suppresses("other-rule", root), "stacked comments all apply");
    let run_b = parsed.file.instructions.last().unwrap().span;
    assert!(!suppressions.suppresses("sudo-usage", run_b), "a blank line detaches the comment");
    assert!(!suppressions.suppresses("root-user", run_b));
    assert!(suppressions.suppresses("whole", Span::at(0)));
}

#[test]
fn hadolint_comments_keep_their_codes_and_scope() {
    let src = "FROM alpine\n# hadolint ignore=DL3002\nRUN x\nRUN y\n";
    let parsed = parse(src);
    let runs: Vec<_> = parsed.file.instructions.iter().filter(|i| i.keyword == Keyword::Run).collect();
    let [declared] = parsed.directives.as_slice() else { panic!("one directive: {:?}", parsed.directives) };
    assert_eq!(declared.directive.tool, Tool::Peer("hadolint"));
    assert_eq!(declared.directive.ids, ["DL3002"]);
    assert_eq!(declared.scope, runs[0].span);
    assert_eq!(declared.at.slice(src), "# hadolint ignore=DL3002");
    let global = parse("# hadolint global ignore=DL3002\nFROM alpine\nRUN x\n");
    assert!(global.directives.iter().all(|declared| declared.directive.reach == Reach::File));
}

#[test]
fn run_commands_with_sudo_and_pipes() {
    let src = "FROM alpine\nRUN sudo -E apt-get install -y x && curl -fsSL u | sh\n";
    let file = clean(src).file;
    let commands = first(&file, Keyword::Run).commands();
    assert_eq!(commands.len(), 3);
    let apt = &commands[0];
    assert_eq!(apt.sudo.map(|s| s.slice(src)), Some("sudo"));
    assert_eq!(apt.name(), Some("apt-get"));
    assert_eq!(apt.argv().iter().map(|w| w.span.slice(src)).collect::<Vec<_>>(), ["apt-get", "install", "-y", "x"]);
    assert_eq!(apt.operator, Some(Operator::And));
    assert_eq!(apt.span.slice(src), "sudo -E apt-get install -y x");
    let curl = &commands[1];
    assert!(curl.pipes_into_next() && !curl.is_sudo());
    assert_eq!(curl.span.slice(src), "curl -fsSL u");
    assert_eq!(commands[2].name(), Some("sh"));
    assert_eq!(commands[2].operator, None);
}

#[test]
fn vars_at_follows_base_stages() {
    let src = "ARG G=g\nFROM alpine AS base\nENV HOME_DIR=/home/app\nARG LOCAL=l\nFROM base\nWORKDIR $HOME_DIR\nRUN x\nARG LOCAL\nARG G\nRUN y\n";
    let file = clean(src).file;
    assert_eq!(first(&file, Keyword::Workdir).workdir().map(|w| w.value.as_str()), Some("/home/app"));
    let run_x = file.instructions.iter().position(|i| i.span.slice(src) == "RUN x").unwrap();
    let vars = file.vars_at(run_x);
    assert_eq!(vars.get("HOME_DIR"), Some(Some("/home/app")));
    assert_eq!(vars.get("LOCAL"), None, "ARGs of the base stage are not inherited");
    let vars = file.vars_at(file.instructions.len() - 1);
    assert_eq!(vars.get("LOCAL"), Some(None));
    assert_eq!(vars.get("G"), Some(Some("g")));
    assert_eq!(file.vars_at(0).get("G"), None, "the ARG itself is not in effect before it");
}

#[test]
fn empty_and_odd_inputs() {
    for src in [
        "",
        "\n",
        "# just a comment",
        "\\",
        "FROM",
        "RUN <<",
        "FROM a\nRUN <<EOF",
        "\u{0}\u{1}",
        "FROM a\nCMD [",
        "\r\r\n",
    ] {
        let parsed = parse(src);
        for problem in &parsed.problems {
            assert!(problem.span.end <= src.len(), "{src:?}: {problem:?}");
        }
    }
    assert!(parse("").file.stages.is_empty());
}

#[test]
fn large_inputs_parse_in_linear_time() {
    let mut src = String::from("FROM alpine AS s0\n");
    let mut i: usize = 0;
    while src.len() < 1_000_000 {
        let (previous, next) = (i.saturating_sub(1), i + 1);
        let _ = write!(src, "ENV V{i}=${{V{previous}:-x}}\nRUN apt-get install -y a && \\\n  curl x | sh\n");
        let _ = write!(src, "COPY <<E{i} /f\nbody\nE{i}\nFROM s{i} AS s{next}\n");
        i += 1;
    }
    let started = std::time::Instant::now();
    let parsed = parse(&src);
    let elapsed = started.elapsed();
    assert!(parsed.file.stages.len() > 1000);
    // Debug builds: generous, but far below what a quadratic parser would need on a megabyte.
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");

    let mut heredocs = String::from("FROM alpine\n");
    let mut k = 0;
    while heredocs.len() < 1_000_000 {
        let _ = writeln!(heredocs, "RUN <<D{k}");
        k += 1;
    }
    let started = std::time::Instant::now();
    let parsed = parse(&heredocs);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert_eq!(parsed.problems.len(), k);

    let nested = format!("FROM alpine\nENV A={}x{}\n", "${A:-".repeat(100_000), "}".repeat(100_000));
    let parsed = parse(&nested);
    assert_eq!(parsed.file.instructions.len(), 2);
}

mod robustness {
    use proptest::prelude::*;

    use super::parse;

    const TOKENS: [&str; 40] = [
        "FROM ",
        "RUN ",
        "COPY ",
        "ADD ",
        "ENV ",
        "ARG ",
        "USER ",
        "WORKDIR ",
        "EXPOSE ",
        "ONBUILD ",
        "HEALTHCHECK ",
        "CMD ",
        "SHELL ",
        "AS ",
        "alpine",
        "${",
        "}",
        "$V",
        ":-",
        "=",
        "\"",
        "'",
        "\\",
        "`",
        "\n",
        "\r\n",
        "\t",
        " ",
        "#",
        "# escape=`\n",
        "<<EOF",
        "<<-E",
        "EOF",
        "[",
        "]",
        ",",
        "--mount=type=cache,target=/x",
        "&&",
        "|",
        "é🐳",
    ];

    fn check(src: &str) {
        let parsed = parse(src);
        for problem in &parsed.problems {
            assert!(problem.span.start <= problem.span.end && problem.span.end <= src.len());
        }
        for instruction in &parsed.file.instructions {
            assert!(instruction.span.end <= src.len());
            for command in instruction.commands() {
                assert!(command.span.end <= src.len());
            }
        }
        for index in 0..parsed.file.instructions.len() {
            let _ = parsed.file.vars_at(index);
        }
    }

    proptest! {
        #[test]
        fn random_text_never_panics(src in "\\PC{0,200}") {
            check(&src);
        }

        #[test]
        fn random_token_mixes_never_panic(tokens in proptest::collection::vec(0..TOKENS.len(), 0..80)) {
            let src: String = tokens.into_iter().filter_map(|i| TOKENS.get(i).copied()).collect();
            check(&src);
        }
    }
}
