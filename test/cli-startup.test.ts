/**
 * Start-up: the bundled programs load only what the named command needs. Checked by structure
 * (the esbuild metafile, the commands `zpbench --help` builds), never by timing; the timing is
 * scripts/bench/startup, as a ratio to `node -e 0`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createZpbenchProgram, DOMAIN_TITLES, loadDomains } from '@zpbench/cli';
import { writeSyntheticFixtureRun } from '@zpbench/domain-synthetic/testing';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'packages/cli/bundle');

interface Metafile {
  readonly outputs: Record<
    string,
    {
      readonly imports: readonly { path: string; kind: string; external?: boolean }[];
      readonly inputs: Record<string, unknown>;
    }
  >;
}

/** Every input an output file loads before it runs: its static import closure. */
function staticInputs(meta: Metafile, output: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of meta.outputs[file]?.imports ?? [])
      if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(output);
  return [...seen].flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? {}));
}

describe('the bundled CLI at start-up', () => {
  const meta = JSON.parse(readFileSync(join(BUNDLE, 'meta.json'), 'utf8')) as Metafile;

  for (const program of ['zpbench', 'benchmark-gate']) {
    it(`${program} loads commander and no schema, statistics or training library before a command runs`, () => {
      const inputs = staticInputs(meta, `bundle/${program}.mjs`);
      expect(inputs.some((input) => input.includes('/commander/'))).toBe(true);
      const heavy = inputs.filter((input) =>
        /\/(zod|ajv|@stdlib|simple-statistics|seedrandom|vega|vega-lite|marked)\/|(^|\/)(runner|stats|nn|report|perf|domain-[a-z-]+)\/dist\/|(^|\/)core\/dist\/(schemas|run-dir-check|json-schema)/.test(
          input,
        ),
      );
      expect(heavy).toEqual([]);
    });
  }

  it('zpbench regress on two JSON files loads no schema library (zod, ajv): the run reader loads only for a run directory', () => {
    const chunk = Object.keys(meta.outputs).find((file) =>
      Object.keys(meta.outputs[file]?.inputs ?? {}).some((input) =>
        input.endsWith('runner/dist/regress.js'),
      ),
    );
    expect(chunk).toBeDefined();
    const inputs = staticInputs(meta, chunk as string);
    expect(inputs.some((input) => input.endsWith('stats/dist/severity.js'))).toBe(true);
    expect(
      inputs.filter((input) =>
        /\/(zod|ajv)\/|(^|\/)core\/dist\/(schemas|run-dir-check|json-schema|read-run)/.test(input),
      ),
    ).toEqual([]);
  });

  it('no chunk holds zod: core’s lazy facade loads it from bundle/zod.cjs on first use', () => {
    const withZod = Object.keys(meta.outputs).filter((file) =>
      Object.keys(meta.outputs[file]?.inputs ?? {}).some((input) => input.includes('/zod/')),
    );
    expect(withZod).toEqual([]);
    const facade = Object.keys(meta.outputs).filter((file) =>
      meta.outputs[file]?.imports.some((i) => i.path === './zod.cjs'),
    );
    expect(facade.length).toBe(1);
    expect(
      Object.keys(meta.outputs[facade[0] as string]?.inputs ?? {}).some((input) =>
        input.endsWith('core/dist/schemas/zod.js'),
      ),
    ).toBe(true);
    expect(existsSync(join(BUNDLE, 'zod.cjs'))).toBe(true);
  });

  it('benchmark-gate checks a valid run without loading zod; a command that parses with zod loads bundle/zod.cjs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zpb-startup-zod-'));
    try {
      const run = join(dir, 'run');
      writeSyntheticFixtureRun(run, { seeds: [0, 1] });
      // Preloaded in each process: on exit, whether zod loaded (it defines its global registry)
      // and which files named zod it was required from.
      const probe = join(dir, 'probe.mjs');
      writeFileSync(
        probe,
        `import { createRequire } from 'node:module';
        const cache = createRequire(import.meta.url).cache;
        process.on('exit', () => process.stderr.write(JSON.stringify({
          zod: globalThis.__zod_globalRegistry !== undefined,
          files: Object.keys(cache).filter((f) => /zod/.test(f)).map((f) => f.split(/[\\/]/).slice(-2).join('/')),
        })));`,
      );
      const probed = async (bin: string, args: string[]) =>
        JSON.parse(
          (
            await execa(process.execPath, [
              '--import',
              probe,
              join(ROOT, 'packages/cli/dist', bin),
              ...args,
            ])
          ).stderr,
        ) as unknown;
      expect(await probed('benchmark-gate.js', ['--family', 'scientific', run])).toEqual({
        zod: false,
        files: [],
      });
      expect(await probed('zpbench.js', ['report', 'benchmark', run])).toEqual({
        zod: true,
        files: ['bundle/zod.cjs'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the bin files run the bundle', async () => {
    // package.json's bins are committed launchers (linked at install, before any build) of
    // dist/<program>.js, which loads the bundle.
    const bins = (
      JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as {
        bin: Record<string, string>;
      }
    ).bin;
    expect(Object.keys(bins).sort()).toEqual(['benchmark-gate', 'zpbench']);
    for (const [name, path] of Object.entries(bins)) {
      const launcher = readFileSync(join(ROOT, 'packages/cli', path), 'utf8');
      expect(launcher, path).toMatch(/^#!\/usr\/bin\/env node\n/);
      expect(launcher, path).toContain(`await import('../dist/${name}.js');`);
      const dist = readFileSync(join(ROOT, `packages/cli/dist/${name}.js`), 'utf8');
      expect(dist).toContain(`../bundle/${name}.mjs`);
    }
    const help = await execa(process.execPath, [
      join(ROOT, 'packages/cli', bins.zpbench ?? ''),
      '--help',
    ]);
    for (const { id } of DOMAIN_TITLES) expect(help.stdout).toMatch(new RegExp(`\n  ${id} `));
    expect(help.stdout).toContain('regress [options]');
    const gate = await execa(process.execPath, [
      join(ROOT, 'packages/cli', bins['benchmark-gate'] ?? ''),
      '--help',
    ]);
    expect(gate.stdout).toMatch(/^Usage: benchmark-gate \[options\] <dirs\.\.\.>/);
  });
});

describe('zpbench --help without loading the domains', () => {
  it('lists every registered domain under its plugin’s own title', async () => {
    const plugins = (await loadDomains()).map(({ plugin }) => ({
      id: plugin.id,
      title: plugin.title,
    }));
    expect(DOMAIN_TITLES).toEqual(plugins);
  });

  it('builds the full command only for the domain argv names', async () => {
    const options = async (argv: string[] | 'all', id: string) =>
      (await createZpbenchProgram(argv)).commands
        .find((command) => command.name() === id)
        ?.options.map((option) => option.long);
    expect(await options(['node', 'zpbench', '--help'], 'dose')).toEqual([]);
    expect(await options(['node', 'zpbench', 'dose', '--mode', 'smoke'], 'dose')).toContain(
      '--mode',
    );
    expect(await options(['node', 'zpbench', 'help', 'dose'], 'dose')).toContain('--mode');
    expect(await options(['node', 'zpbench', 'dose'], 'synthetic')).toEqual([]);
    expect(await options('all', 'synthetic')).toContain('--seeds');
  });
});
