// The raw ABI module loaded with nothing but the WebAssembly API: no imports, no glue. Its answers equal the npm
// package's (the same engine through wasm-bindgen), and bad requests get error answers.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const wasm = join(root, "target/wasm/policy_abi.wasm");
assert.ok(existsSync(wasm), `no module at ${wasm}: run scripts/test-bindings.sh`);
const bytes = readFileSync(wasm);

async function instantiate() {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return instance.exports;
}

/** One call as the README describes it. */
function call(abi, request) {
  const input = typeof request === "string" ? new TextEncoder().encode(request) : request;
  const ptr = abi.seaworthy_alloc(input.length) >>> 0;
  assert.notEqual(ptr, 0);
  new Uint8Array(abi.memory.buffer, ptr, input.length).set(input);
  const packed = BigInt.asUintN(64, abi.seaworthy_check(ptr, input.length));
  const outPtr = Number(packed >> 32n);
  const outLen = Number(packed & 0xffffffffn);
  const answer = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(abi.memory.buffer, outPtr, outLen));
  abi.seaworthy_free(outPtr, outLen);
  abi.seaworthy_free(ptr, input.length);
  return JSON.parse(answer);
}

test("the module imports nothing and exports exactly the ABI", () => {
  const module = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.imports(module), []);
  const exports = WebAssembly.Module.exports(module).map(({ name, kind }) => `${kind} ${name}`).sort();
  assert.deepEqual(exports, [
    "function seaworthy_abi_version",
    "function seaworthy_alloc",
    "function seaworthy_check",
    "function seaworthy_free",
    "memory memory",
  ]);
});

test("a Dockerfile gets the same report as through the npm package", async () => {
  const abi = await instantiate();
  assert.equal(abi.seaworthy_abi_version(), 1);
  const files = [
    { path: "Dockerfile", content: "FROM node:latest\nRUN npm install\nUSER root\n" },
    { path: "k8s/app.yaml", content: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n" },
  ];
  const config = { "required-labels": ["app"] };
  const report = call(abi, JSON.stringify({ files, config }));
  const npm = createRequire(import.meta.url)(join(root, "target/npm/seaworthy-policy"));
  assert.deepEqual(report, npm.check(files, config));
  assert.deepEqual(report.files.map((file) => file.kind), ["dockerfile", "kubernetes"]);
});

test("bad requests are answered with errors, and the instance keeps working", async () => {
  const abi = await instantiate();
  assert.equal(call(abi, "{").error.code, "invalid-request");
  assert.equal(call(abi, new Uint8Array([0xff, 0xfe, 0x41])).error.code, "invalid-utf8");
  assert.equal(call(abi, JSON.stringify({ files: [], config: { nope: 1 } })).error.code, "invalid-config");
  const outOfBounds = BigInt.asUintN(64, abi.seaworthy_check(8, 100));
  const text = new TextDecoder().decode(new Uint8Array(abi.memory.buffer, Number(outOfBounds >> 32n), Number(outOfBounds & 0xffffffffn)));
  assert.equal(JSON.parse(text).error.code, "out-of-bounds");
  abi.seaworthy_free(Number(outOfBounds >> 32n), Number(outOfBounds & 0xffffffffn));
  assert.equal(abi.seaworthy_alloc(-5), 0);
  abi.seaworthy_free(12345, 678);
  assert.ok(Array.isArray(call(abi, JSON.stringify({ files: [{ path: "Dockerfile", content: "FROM alpine\n" }] })).findings));
});
