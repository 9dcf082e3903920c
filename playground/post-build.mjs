// Trunk's post-build hook (Trunk.toml): in a release build, minifies the JS that Trunk's own minifier leaves alone
// (wasm-bindgen's glue, and boot.js and lint-worker.js, which are copied as they are) and rewrites the glue's
// Subresource Integrity hash in index.html, which Trunk computed before this runs. Saves about a third of their
// gzip size; esbuild comes from the locked npm packages.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run by Trunk as a post_build hook: TRUNK_STAGING_DIR is not set');
if (process.env.TRUNK_PROFILE === 'release') {
  const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  const htmlPath = join(staging, 'index.html');
  let html = readFileSync(htmlPath, 'utf8');
  const glue = readdirSync(staging).filter((name) => /^playground-[0-9a-f]+\.js$/.test(name));
  if (glue.length !== 1) throw new Error(`expected one wasm-bindgen glue file in ${staging}, found ${glue.length}`);
  const path = join(staging, glue[0]);
  const source = readFileSync(path, 'utf8');
  const { code } = transformSync(source, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
  const [before, after] = [integrity(source), integrity(code)];
  if (!html.includes(before)) throw new Error(`index.html does not carry the glue's hash ${before}`);
  html = html.replaceAll(before, after);
  writeFileSync(path, code);
  writeFileSync(htmlPath, html);
  console.log(`post-build: ${glue[0]} minified, ${source.length} -> ${code.length} bytes`);
  for (const name of ['boot.js', 'lint-worker.js']) {
    const script = join(staging, name);
    const text = readFileSync(script, 'utf8');
    const minified = transformSync(text, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' }).code;
    writeFileSync(script, minified);
    console.log(`post-build: ${name} minified, ${text.length} -> ${minified.length} bytes`);
  }
}
