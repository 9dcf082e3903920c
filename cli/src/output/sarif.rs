//! `--format sarif`: the SARIF 2.1.0 log that `policy-core` builds from the report.

use std::io::{self, Write};

use policy_core::report::sarif::to_sarif;
use policy_core::Report;

pub fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let log = serde_json::to_string_pretty(&to_sarif(report)).map_err(io::Error::other)?;
    writeln!(out, "{log}")
}
