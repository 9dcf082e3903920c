//! The three report formats of `seaworthy check`: text for people, JSON for scripts, SARIF for code scanning.

mod json;
mod sarif;
mod text;

use std::io::{self, Write};

use policy_core::{Report, Source};

use crate::args::CheckFormat;

/// Writes the report to standard output. Text is coloured only on a terminal, and never with `no_color` or
/// `NO_COLOR` set (anstream decides, following the `NO_COLOR` and `CLICOLOR` conventions).
pub fn write(format: CheckFormat, report: &Report, sources: &[Source], no_color: bool) -> io::Result<()> {
    let choice = if no_color { anstream::ColorChoice::Never } else { anstream::ColorChoice::Auto };
    let mut out = anstream::AutoStream::new(io::stdout().lock(), choice);
    match format {
        CheckFormat::Text => text::write(&mut out, report, sources)?,
        CheckFormat::Json => json::write(&mut out, report)?,
        CheckFormat::Sarif => sarif::write(&mut out, report)?,
    }
    out.flush()
}
