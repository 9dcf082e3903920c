//! `--format json`: the report exactly as `policy-core` serializes it (`docs/report-format.md`).

use std::io::{self, Write};

use policy_core::Report;

pub fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(out, "{}", report.to_json())
}
