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
    // Standard output is line-buffered, and a JSON report of a thousand findings has tens of thousands of lines:
    // one buffer for the whole report saves a write call per line.
    let buffered = || io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match format {
        CheckFormat::Text => {
            let choice = if no_color { anstream::ColorChoice::Never } else { anstream::ColorChoice::Auto };
            let mut out = anstream::AutoStream::new(io::stdout().lock(), choice);
            text::write(&mut out, report, sources)?;
            out.flush()
        }
        // Machine formats never hold colour, so they skip anstream's scan for escape sequences.
        CheckFormat::Json => finish(buffered(), |out| json::write(out, report)),
        CheckFormat::Sarif => finish(buffered(), |out| sarif::write(out, report)),
    }
}

fn finish<W: Write>(mut out: W, write: impl FnOnce(&mut W) -> io::Result<()>) -> io::Result<()> {
    write(&mut out)?;
    out.flush()
}
