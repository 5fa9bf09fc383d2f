#!/usr/bin/env node
/**
 * Bundles the CLI's entry points with esbuild into packages/cli/bundle/: one ESM file per program
 * plus shared chunks for what commands import lazily (code splitting), so a command compiles a
 * few large files instead of resolving hundreds of small modules. Inputs are tsc's dist output.
 *
 * Every module of ours that reads `import.meta.url` (its schemas directory, package.json, the
 * seed-worker file) keeps the URL of its original dist file: the plugin below rewrites it to that
 * file's path relative to the bundle directory, so the bundle finds the same files tsc's output
 * does.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZOD_MEMBERS } from '@zpbench/core/zod';
import { build } from 'esbuild';

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(cliRoot, 'bundle');

/** import.meta.url of each bundled module of ours → its original file's URL. */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/].*\.js$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta.url')) {
        const rel = relative(outdir, args.path).split('\\').join('/');
        contents = contents.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
        );
      }
      return { contents, loader: 'js' };
    });
  },
};

// No chunk of an older build may linger: a stale chunk would be loaded by nothing but still
// be shipped.
rmSync(outdir, { recursive: true, force: true });
/**
 * Packages left out of the bundle (a native addon; vega, large and loaded only to draw figures;
 * jsonc-parser, whose UMD main requires its modules by relative path at run time),
 * imported by the path their importer resolves them to, relative to the bundle: the CLI package
 * does not depend on them itself, so a bare name would not resolve from bundle/.
 */
const EXTERNAL = ['@resvg/resvg-js', 'vega', 'vega-lite', 'playwright-core', 'jsonc-parser'];
const externalFromImporter = {
  name: 'external-from-importer',
  setup(b) {
    const filter = new RegExp(`^(${EXTERNAL.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: relative(outdir, resolved.path).split('\\').join('/'), external: true };
    });
  },
};

/**
 * zod, loaded only by core's lazy facade (`@zpbench/core/zod`) when a command first builds a schema:
 * its `require('zod')` loads bundle/zod.cjs, the members the facade uses built into one file
 * (about a quarter of all of zod: no locales, no mini). Any other import of zod would load a
 * second zod, at start-up: the build refuses it.
 */
const zodFromOneFile = {
  name: 'zod-from-one-file',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, (args) =>
      args.kind === 'require-call'
        ? { path: './zod.cjs', external: true }
        : {
            errors: [
              {
                text: `${args.importer} imports zod: import it as \`* as z from '@zpbench/core/zod'\` (its lazy facade)`,
              },
            ],
          },
    );
  },
};

const result = await build({
  entryPoints: {
    zpbench: resolve(cliRoot, 'dist/zpbench-main.js'),
    'benchmark-gate': resolve(cliRoot, 'dist/benchmark-gate-main.js'),
  },
  absWorkingDir: cliRoot,
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (ajv, @stdlib, seedrandom) call require(); ESM output has none.
  banner: {
    js: "import { createRequire as __zpbCreateRequire } from 'node:module'; const require = __zpbCreateRequire(import.meta.url);",
  },
  plugins: [zodFromOneFile, externalFromImporter, keepModuleUrls],
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
});
await build({
  stdin: {
    contents: `export { ${ZOD_MEMBERS.join(', ')} } from 'zod';`,
    resolveDir: dirname(fileURLToPath(import.meta.resolve('@zpbench/core/package.json'))),
    sourcefile: 'zod-members.js',
  },
  outfile: resolve(outdir, 'zod.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
});
// esbuild's account of which inputs went into which chunk: test/cli-startup.test.ts reads it to
// check what each program loads before its command runs.
writeFileSync(resolve(outdir, 'meta.json'), JSON.stringify(result.metafile));
