//! Builds the wasm modules that the binding tests load (`target/wasm/`), so that a test never runs against a
//! stale or missing module, and finishes them: custom sections (names, producers, debug info) are dropped, and the
//! raw ABI keeps only its five documented exports.
//!
//! The last step exists because rustc always asks the linker to export `__heap_base` and `__data_end` from
//! `wasm32-unknown-unknown` cdylibs, and the ABI promises exactly `memory` and the four `seaworthy_*` functions.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The exports the raw ABI promises (`bindings/abi/README.md`).
pub const ABI_EXPORTS: [&str; 5] =
    ["memory", "seaworthy_abi_version", "seaworthy_alloc", "seaworthy_free", "seaworthy_check"];

/// A module this crate builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// `policy-abi` for `wasm32-unknown-unknown`.
    Abi,
    /// `policy-kubewarden` for `wasm32-wasip1`.
    Kubewarden,
}

impl Module {
    const fn package(self) -> &'static str {
        match self {
            Self::Abi => "policy-abi",
            Self::Kubewarden => "policy-kubewarden",
        }
    }

    const fn target(self) -> &'static str {
        match self {
            Self::Abi => "wasm32-unknown-unknown",
            Self::Kubewarden => "wasm32-wasip1",
        }
    }

    const fn file(self) -> &'static str {
        match self {
            Self::Abi => "policy_abi.wasm",
            Self::Kubewarden => "policy_kubewarden.wasm",
        }
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).map(Path::to_path_buf).unwrap_or_default()
}

/// Cargo's target directory.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// Where the finished module is written.
pub fn finished_path(module: Module) -> PathBuf {
    target_dir().join("wasm").join(module.file())
}

/// The cargo profile the modules are built with: the workspace's `release-size` (release with `opt-level = "z"`
/// and symbols stripped), which keeps the raw ABI about a quarter smaller than `release` under its gzip budget.
pub const PROFILE: &str = "release-size";

/// Builds `module` (a no-op when it is fresh), finishes it, and answers the finished file's path.
pub fn build(module: Module) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(root())
        .args(["build", "--profile", PROFILE, "--target", module.target(), "-p", module.package()])
        .status()
        .map_err(|problem| format!("cannot run cargo to build {}: {problem}", module.package()))?;
    if !status.success() {
        return Err(format!(
            "`cargo build --profile {PROFILE} --target {} -p {}` failed ({status}); is the target installed? \
             (scripts/install-wasm-tools.sh)",
            module.target(),
            module.package()
        ));
    }
    let built = target_dir().join(module.target()).join(PROFILE).join(module.file());
    let bytes = std::fs::read(&built).map_err(|problem| format!("cannot read {}: {problem}", built.display()))?;
    let keep = match module {
        Module::Abi => Some(&ABI_EXPORTS[..]),
        Module::Kubewarden => None,
    };
    let finished = finish(&bytes, keep)?;
    let path = finished_path(module);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|problem| format!("cannot create {}: {problem}", parent.display()))?;
    }
    if std::fs::read(&path).ok().as_deref() != Some(&finished[..]) {
        std::fs::write(&path, &finished).map_err(|problem| format!("cannot write {}: {problem}", path.display()))?;
    }
    Ok(path)
}

/// Rewrites a wasm module without its custom sections and, when `keep` is given, with only the exports it names.
pub fn finish(module: &[u8], keep: Option<&[&str]>) -> Result<Vec<u8>, String> {
    const EXPORT_SECTION: u8 = 7;
    let header = module.get(..8).ok_or("not a wasm module: shorter than its header")?;
    if header != b"\0asm\x01\0\0\0" {
        return Err("not a wasm module: wrong magic number or version".into());
    }
    let mut out = header.to_vec();
    let mut reader = Reader { bytes: module, at: 8 };
    while !reader.done() {
        let id = reader.byte()?;
        let len = reader.u32()?;
        let payload = reader.take(len)?;
        match (id, keep) {
            (0, _) => {}
            (EXPORT_SECTION, Some(keep)) => {
                let payload = filter_exports(payload, keep)?;
                out.push(id);
                write_u32(&mut out, u32::try_from(payload.len()).map_err(|_| "export section too large")?);
                out.extend_from_slice(&payload);
            }
            _ => {
                out.push(id);
                write_u32(&mut out, len);
                out.extend_from_slice(payload);
            }
        }
    }
    Ok(out)
}

fn filter_exports(payload: &[u8], keep: &[&str]) -> Result<Vec<u8>, String> {
    let mut reader = Reader { bytes: payload, at: 0 };
    let count = reader.u32()?;
    let mut kept = Vec::new();
    let mut kept_count = 0_u32;
    for _ in 0..count {
        let start = reader.at;
        let name_len = reader.u32()?;
        let name = reader.take(name_len)?;
        reader.byte()?;
        reader.u32()?;
        let entry = payload.get(start..reader.at).ok_or("export entry out of range")?;
        if keep.iter().any(|wanted| wanted.as_bytes() == name) {
            kept.extend_from_slice(entry);
            kept_count += 1;
        }
    }
    let mut out = Vec::with_capacity(kept.len() + 5);
    write_u32(&mut out, kept_count);
    out.extend_from_slice(&kept);
    Ok(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8, String> {
        let byte = *self.bytes.get(self.at).ok_or("unexpected end of module")?;
        self.at += 1;
        Ok(byte)
    }

    /// An unsigned LEB128 `u32`.
    fn u32(&mut self) -> Result<u32, String> {
        let mut value = 0_u32;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("LEB128 number longer than 5 bytes".into())
    }

    fn take(&mut self, len: u32) -> Result<&'a [u8], String> {
        let len = usize::try_from(len).map_err(|_| "length does not fit")?;
        let end = self.at.checked_add(len).ok_or("length overflows")?;
        let slice = self.bytes.get(self.at..end).ok_or("section runs past the end of the module")?;
        self.at = end;
        Ok(slice)
    }
}

fn write_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let low = u8::try_from(value & 0x7f).unwrap_or(0);
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(module (memory (export "memory") 1) (global (export "g") i32 (i32.const 0)) (@custom "name" ""))`,
    /// assembled by hand.
    fn sample() -> Vec<u8> {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        module.extend_from_slice(&[5, 3, 1, 0, 1]);
        module.extend_from_slice(&[6, 6, 1, 0x7f, 0, 0x41, 0, 0x0b]);
        module.extend_from_slice(&[7, 14, 2, 6]);
        module.extend_from_slice(b"memory");
        module.extend_from_slice(&[2, 0, 1]);
        module.extend_from_slice(b"g");
        module.extend_from_slice(&[3, 0]);
        module.extend_from_slice(&[0, 5, 4]);
        module.extend_from_slice(b"name");
        module
    }

    #[test]
    fn finish_drops_custom_sections_and_unlisted_exports() {
        let finished = finish(&sample(), Some(&["memory"])).unwrap();
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        expected.extend_from_slice(&[5, 3, 1, 0, 1]);
        expected.extend_from_slice(&[6, 6, 1, 0x7f, 0, 0x41, 0, 0x0b]);
        expected.extend_from_slice(&[7, 10, 1, 6]);
        expected.extend_from_slice(b"memory");
        expected.extend_from_slice(&[2, 0]);
        assert_eq!(finished, expected);
        let unfiltered = finish(&sample(), None).unwrap();
        assert_eq!(unfiltered.len(), sample().len() - 7, "only the custom section goes");
    }

    #[test]
    fn finish_refuses_what_is_not_a_module() {
        assert!(finish(b"\0asm", None).is_err());
        assert!(finish(b"\0asm\x02\0\0\0", None).is_err());
        let mut truncated = sample();
        truncated.truncate(20);
        assert!(finish(&truncated, None).is_err());
    }

    #[test]
    fn leb128_round_trips() {
        for value in [0, 1, 127, 128, 300, 16_384, u32::MAX] {
            let mut out = Vec::new();
            write_u32(&mut out, value);
            assert_eq!(Reader { bytes: &out, at: 0 }.u32().unwrap(), value);
        }
    }
}
