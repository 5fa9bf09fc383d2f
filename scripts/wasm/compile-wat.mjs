// The project's one WebAssembly toolchain: hand-written WAT compiled with the `wabt` registry
// package (a root devDependency, so nothing is compiled at install time) into bytes that a
// package commits as base64 in a generated TypeScript module. Used by
// packages/nn/scripts/build-wasm.mjs and packages/stats/scripts/build-wasm.mjs; each package's
// test compares its committed module with a fresh compile of its .wat source.
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Compile WAT text to wasm bytes with the given proposals on (e.g. `{ simd: true, threads: true }`),
 * without debug names, so the output depends on the source alone.
 */
export async function compileWat(fileName, source, features = {}) {
  // Loaded here, not at import: writeOrCheckGenerated's users that compile no WAT (the t table)
  // need no wabt.
  const { default: initWabt } = await import('wabt');
  const wabt = await initWabt();
  const mod = wabt.parseWat(fileName, source, features);
  try {
    mod.validate(features);
    return Uint8Array.from(mod.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    mod.destroy();
  }
}

/** Bytes as the base64 string literal a generated module holds. */
export function base64Of(bytes) {
  return Buffer.from(bytes).toString('base64');
}

/**
 * Write `text` to the generated module at `path`, or with `--check` on the command line exit 1
 * when the committed file differs (naming the command that regenerates it).
 */
export function writeOrCheckGenerated(path, text, command) {
  if (process.argv.includes('--check')) {
    if (readFileSync(path, 'utf8') !== text) {
      console.error(`${path} is stale: run ${command}`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
