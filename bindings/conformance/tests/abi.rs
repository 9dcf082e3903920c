//! The raw ABI module in a real runtime (wasmtime 48): its exact imports and exports, answers identical to native
//! `policy-core` on every fixture, error answers (never traps) for bad calls, and a steady memory over many calls.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use policy_bindings_conformance::{build, root, Module, ABI_EXPORTS};
use policy_core::{Config, Source};
use serde_json::Value;
use wasmtime_provider::wasmtime::{self, Engine, ExternType, Instance, Memory, Store, TypedFunc, ValType};

/// The finished module, built once per test process (a no-op when fresh). A build failure fails every test with
/// its reason rather than skipping.
fn module_path() -> &'static Path {
    static PATH: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match PATH.get_or_init(|| build(Module::Abi)) {
        Ok(path) => path,
        Err(problem) => panic!("the raw ABI module could not be built: {problem}"),
    }
}

fn compiled() -> &'static (Engine, wasmtime::Module) {
    static MODULE: OnceLock<(Engine, wasmtime::Module)> = OnceLock::new();
    MODULE.get_or_init(|| {
        let engine = Engine::default();
        let module = wasmtime::Module::from_file(&engine, module_path()).expect("the module compiles");
        (engine, module)
    })
}

struct Abi {
    store: Store<()>,
    memory: Memory,
    version: TypedFunc<(), i32>,
    alloc: TypedFunc<i32, i32>,
    free: TypedFunc<(i32, i32), ()>,
    check: TypedFunc<(i32, i32), i64>,
}

impl Abi {
    fn new() -> Self {
        let (engine, module) = compiled();
        let mut store = Store::new(engine, ());
        let instance = Instance::new(&mut store, module, &[]).expect("instantiates with no imports");
        let memory = instance.get_memory(&mut store, "memory").expect("exports memory");
        Self {
            version: instance.get_typed_func(&mut store, "seaworthy_abi_version").unwrap(),
            alloc: instance.get_typed_func(&mut store, "seaworthy_alloc").unwrap(),
            free: instance.get_typed_func(&mut store, "seaworthy_free").unwrap(),
            check: instance.get_typed_func(&mut store, "seaworthy_check").unwrap(),
            memory,
            store,
        }
    }

    fn alloc(&mut self, len: i32) -> i32 {
        self.alloc.call(&mut self.store, len).expect("seaworthy_alloc does not trap")
    }

    fn free(&mut self, ptr: i32, len: i32) {
        self.free.call(&mut self.store, (ptr, len)).expect("seaworthy_free does not trap");
    }

    /// `seaworthy_check(ptr, len)`, the answer read and freed.
    fn check_at(&mut self, ptr: i32, len: i32) -> String {
        let packed = self.check.call(&mut self.store, (ptr, len)).expect("seaworthy_check does not trap");
        let packed = u64::from_ne_bytes(packed.to_ne_bytes());
        let (out_ptr, out_len) = (u32::try_from(packed >> 32).unwrap(), u32::try_from(packed & 0xffff_ffff).unwrap());
        let mut answer = vec![0; usize::try_from(out_len).unwrap()];
        self.memory.read(&self.store, usize::try_from(out_ptr).unwrap(), &mut answer).expect("answer in bounds");
        self.free(i32::from_ne_bytes(out_ptr.to_ne_bytes()), i32::try_from(out_len).unwrap());
        String::from_utf8(answer).expect("answers are UTF-8")
    }

    /// A whole call as a host makes it: alloc, write, check, read, free both.
    fn request(&mut self, request: &[u8]) -> String {
        let len = i32::try_from(request.len()).unwrap();
        let ptr = self.alloc(len);
        assert_ne!(ptr, 0, "alloc({len}) failed");
        self.memory.write(&mut self.store, address(ptr), request).unwrap();
        let answer = self.check_at(ptr, len);
        self.free(ptr, len);
        answer
    }
}

fn address(ptr: i32) -> usize {
    usize::try_from(u32::from_ne_bytes(ptr.to_ne_bytes())).unwrap()
}

fn fixtures() -> Vec<Source> {
    let base = root().join("tests/fixtures");
    let mut stack = vec![base.clone()];
    let mut sources = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(content) = std::fs::read_to_string(&path) {
                let name = path.strip_prefix(&base).unwrap().to_string_lossy().replace('\\', "/");
                sources.push(Source::new(name, content));
            }
        }
    }
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(!sources.is_empty(), "no fixtures under {}", base.display());
    sources
}

fn request_for(files: &[Source], config: Option<&Config>) -> Vec<u8> {
    let mut request = serde_json::json!({ "files": files });
    if let Some(config) = config {
        request["config"] = serde_json::to_value(config).unwrap();
    }
    serde_json::to_vec(&request).unwrap()
}

fn error_code(answer: &str) -> String {
    let value: Value = serde_json::from_str(answer).unwrap_or_else(|problem| panic!("not JSON ({problem}): {answer}"));
    value["error"]["code"].as_str().unwrap_or_else(|| panic!("not an error answer: {answer}")).to_owned()
}

#[test]
fn imports_nothing_and_exports_exactly_the_abi() {
    let (_, module) = compiled();
    let imports: Vec<String> =
        module.imports().map(|import| format!("{}.{}", import.module(), import.name())).collect();
    assert!(imports.is_empty(), "the raw ABI imports {imports:?}");
    let mut exports: Vec<&str> = module.exports().map(|export| export.name()).collect();
    exports.sort_unstable();
    let mut expected = ABI_EXPORTS.to_vec();
    expected.sort_unstable();
    assert_eq!(exports, expected);
    assert!(exports.iter().all(|name| !name.starts_with("opa_")));

    let signature = |name: &str| match module.get_export(name) {
        Some(ExternType::Func(func)) => {
            let params: Vec<String> = func.params().map(|ty| ty.to_string()).collect();
            let results: Vec<String> = func.results().map(|ty| ty.to_string()).collect();
            (params, results)
        }
        other => panic!("{name} is not a function: {other:?}"),
    };
    let names = |types: &[ValType]| types.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(signature("seaworthy_abi_version"), (names(&[]), names(&[ValType::I32])));
    assert_eq!(signature("seaworthy_alloc"), (names(&[ValType::I32]), names(&[ValType::I32])));
    assert_eq!(signature("seaworthy_free"), (names(&[ValType::I32, ValType::I32]), names(&[])));
    assert_eq!(signature("seaworthy_check"), (names(&[ValType::I32, ValType::I32]), names(&[ValType::I64])));
    assert!(matches!(module.get_export("memory"), Some(ExternType::Memory(_))));

    let mut abi = Abi::new();
    assert_eq!(abi.version.call(&mut abi.store, ()).unwrap(), 1);
}

#[test]
fn answers_match_native_policy_core_on_every_fixture() {
    let mut abi = Abi::new();
    let fixtures = fixtures();
    let mut findings = 0;
    for fixture in &fixtures {
        let files = std::slice::from_ref(fixture);
        let native = policy_core::check(files, &Config::default());
        findings += native.findings.len();
        assert_eq!(abi.request(&request_for(files, None)), native.to_json(), "{}", fixture.path);

        // The config travels too: with the first rule found turned off, both sides drop it.
        if let Some(first) = native.findings.first() {
            let mut config = Config::default();
            config.rules.insert(first.rule.clone(), policy_core::config::RuleSetting::Off);
            let native = policy_core::check(files, &config);
            assert!(native.findings.iter().all(|finding| finding.rule != first.rule) || first.rule == "parse-error");
            assert_eq!(
                abi.request(&request_for(files, Some(&config))),
                native.to_json(),
                "{} with config",
                fixture.path
            );
        }
    }
    let native = policy_core::check(&fixtures, &Config::default());
    assert_eq!(abi.request(&request_for(&fixtures, None)), native.to_json(), "all fixtures in one request");
    assert!(findings > 0, "the fixtures raised nothing, so the comparison proves little");
}

#[test]
fn non_ascii_positions_are_utf16_columns_and_byte_spans() {
    let mut abi = Abi::new();
    let content = "\u{feff}# \u{1f433} caf\u{e9}\nFROM alpine\nRUN echo \u{1f433}\u{e9} && ???\u{3000}\n";
    let files = [Source::new("Dockerfile", content)];
    let native = policy_core::check(&files, &Config::default());
    assert_eq!(abi.request(&request_for(&files, None)), native.to_json());
}

#[test]
fn bad_calls_get_error_answers_and_never_trap() {
    let mut abi = Abi::new();
    let pages = abi.memory.size(&abi.store);
    let memory_end = i32::try_from(pages * 65_536).unwrap_or(i32::MAX);

    let ptr = abi.alloc(64);
    assert_ne!(ptr, 0);
    let write = |abi: &mut Abi, bytes: &[u8]| abi.memory.write(&mut abi.store, address(ptr), bytes).unwrap();

    write(&mut abi, b"\xff\xfe\xfd not utf-8");
    assert_eq!(error_code(&abi.check_at(ptr, 16)), "invalid-utf8");
    write(&mut abi, b"{\"files\": [{\"path\": 1}]}");
    assert_eq!(error_code(&abi.check_at(ptr, 24)), "invalid-request");
    write(&mut abi, b"{\"files\": []} trailing");
    assert_eq!(error_code(&abi.check_at(ptr, 22)), "invalid-request");
    assert_eq!(error_code(&abi.check_at(ptr, 0)), "empty-request");
    assert_eq!(error_code(&abi.check_at(0, 0)), "empty-request");
    assert_eq!(error_code(&abi.check_at(ptr, i32::MAX)), "request-too-large");
    for (at, len) in [
        (ptr, -1),
        (ptr, 65),
        (ptr + 60, 8),
        (0, 16),
        (8, 16),
        (1024, 16),
        (memory_end - 4, 16),
        (memory_end + 100, 16),
        (i32::MAX, 16),
        (-8, 16),
        (i32::MIN, 16),
    ] {
        assert_eq!(error_code(&abi.check_at(at, len)), "out-of-bounds", "check({at}, {len})");
    }

    assert_eq!(abi.alloc(0), 0);
    assert_eq!(abi.alloc(-1), 0);
    assert_eq!(abi.alloc(i32::MIN), 0);
    assert_eq!(abi.alloc(i32::MAX), 0, "over the request limit");
    for (at, len) in [(0, 0), (ptr, 63), (ptr + 1, 64), (-8, 16), (memory_end + 100, 4), (i32::MAX, i32::MAX)] {
        abi.free(at, len);
    }
    abi.free(ptr, 64);
    abi.free(ptr, 64);
    assert_eq!(error_code(&abi.check_at(ptr, 8)), "out-of-bounds", "a freed block is no longer a request");

    // The instance still works after all of that.
    let answer = abi.request(br#"{"files": [{"path": "Dockerfile", "content": "FROM alpine\n"}]}"#);
    assert!(serde_json::from_str::<Value>(&answer).unwrap()["findings"].is_array(), "{answer}");
}

#[test]
fn random_bytes_and_truncated_requests_are_answered() {
    let mut abi = Abi::new();
    let valid = request_for(&fixtures(), None);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut requests: Vec<Vec<u8>> = (0..200)
        .map(|_| {
            let len = usize::try_from(next() % 300).unwrap() + 1;
            (0..len).map(|_| u8::try_from(next() & 0xff).unwrap()).collect()
        })
        .collect();
    requests.extend((1..valid.len()).step_by(97).map(|end| valid[..end].to_vec()));
    for request in requests {
        let answer = abi.request(&request);
        let value: Value = serde_json::from_str(&answer).unwrap_or_else(|problem| panic!("{problem}: {answer}"));
        assert!(value.get("error").is_some() || value.get("findings").is_some(), "{answer}");
    }
}

#[test]
fn ten_thousand_calls_on_one_instance_do_not_grow_memory() {
    let mut abi = Abi::new();
    let dockerfile = fixtures().into_iter().find(|fixture| fixture.path.ends_with("Dockerfile")).unwrap();
    let request = request_for(&[dockerfile], None);
    let bad = b"{\"files\": nope".to_vec();
    let first = abi.request(&request);
    for _ in 0..100 {
        abi.request(&request);
        abi.request(&bad);
    }
    let warm = abi.memory.data_size(&abi.store);
    for call in 0..10_000 {
        let answer = abi.request(if call % 10 == 0 { &bad } else { &request });
        if call % 10 != 0 {
            assert_eq!(answer, first, "call {call} answered differently");
        }
    }
    assert_eq!(abi.memory.data_size(&abi.store), warm, "memory grew over 10,000 calls");
}
