/**
 * Architecture rules of DEVELOPERS.md, checked on the real files:
 * package dependency direction, no relative imports across packages,
 * imports only through a package's public entry, and no Math.random.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGES_DIR = join(ROOT, 'packages');

/** Which of our packages each package may depend on. Anything absent is forbidden. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  stats: [],
  nn: [],
  runner: ['core', 'stats'],
  'domain-synthetic': ['core', 'nn'],
  'domain-dose': ['core', 'nn'],
  'domain-rf': ['core', 'nn'],
  'domain-ik': ['core', 'nn'],
  report: ['core', 'stats'],
  perf: ['core', 'stats', 'nn', 'report', 'runner'],
  cli: [
    'core',
    'stats',
    'runner',
    'report',
    'nn',
    'perf',
    'domain-synthetic',
    'domain-dose',
    'domain-rf',
    'domain-ik',
  ],
};

const packageNames = readdirSync(PACKAGES_DIR).filter((name) =>
  statSync(join(PACKAGES_DIR, name)).isDirectory(),
);

function readManifest(pkg: string): {
  name: string;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(PACKAGES_DIR, pkg, 'package.json'), 'utf8'));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT_RE)].map((m) => (m[1] ?? m[2]) as string);
}

describe('package dependency direction', () => {
  it('knows every package under packages/', () => {
    for (const pkg of packageNames) expect(Object.keys(ALLOWED)).toContain(pkg);
  });

  for (const pkg of packageNames) {
    it(`${pkg} depends only on its allowed packages`, () => {
      const manifest = readManifest(pkg);
      expect(manifest.name).toBe(`@zpbench/${pkg}`);
      const ours = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
        .filter((dep) => dep.startsWith('@zpbench/'))
        .map((dep) => dep.slice('@zpbench/'.length));
      const forbidden = ours.filter((dep) => !(ALLOWED[pkg] ?? []).includes(dep));
      expect(forbidden).toEqual([]);
    });

    it(`${pkg} imports our packages by their public entry only, never relatively across packages`, () => {
      const pkgRoot = join(PACKAGES_DIR, pkg);
      const violations: string[] = [];
      for (const file of sourceFiles(join(pkgRoot, 'src'))) {
        for (const spec of importsOf(file)) {
          const where = relative(ROOT, file);
          if (spec.startsWith('.')) {
            const target = resolve(file, '..', spec);
            if (!target.startsWith(pkgRoot + sep))
              violations.push(`${where}: relative import ${spec}`);
          } else if (spec.startsWith('@zpbench/')) {
            const [, dep, ...rest] = spec.split('/');
            // A subpath is public only when the package's export map declares it (./contract, ./testing).
            const exported = Object.keys(readManifest(dep as string).exports ?? {});
            if (rest.length > 0 && !exported.includes(`./${rest.join('/')}`))
              violations.push(`${where}: deep import ${spec}`);
            if (!(ALLOWED[pkg] ?? []).includes(dep as string))
              violations.push(`${where}: forbidden import ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('has no dependency cycles in the allowed graph', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (pkg: string, path: string[]): void => {
      if (done.has(pkg)) return;
      if (visiting.has(pkg)) throw new Error(`cycle: ${[...path, pkg].join(' -> ')}`);
      visiting.add(pkg);
      for (const dep of ALLOWED[pkg] ?? []) visit(dep, [...path, pkg]);
      visiting.delete(pkg);
      done.add(pkg);
    };
    for (const pkg of Object.keys(ALLOWED)) visit(pkg, []);
    expect(done.size).toBe(Object.keys(ALLOWED).length);
  });
});

describe('domain knowledge stays in the domains', () => {
  const DOMAIN_IDS = packageNames
    .filter((pkg) => pkg.startsWith('domain-'))
    .map((pkg) => pkg.slice('domain-'.length));
  const word = new RegExp(
    `\\b(${DOMAIN_IDS.join('|')})\\b|zeroproofml_benchmark_(${DOMAIN_IDS.join('|')})_`,
    'i',
  );

  it('knows the domains it guards against', () => {
    expect(DOMAIN_IDS).toEqual(expect.arrayContaining(['dose', 'ik', 'synthetic']));
  });

  for (const pkg of ['core', 'runner', 'report']) {
    it(`${pkg} never names a domain (no domain id, per-domain file list or branch)`, () => {
      const offenders = sourceFiles(join(PACKAGES_DIR, pkg, 'src')).flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, where: `${relative(ROOT, file)}:${i + 1}` }))
          .filter(({ line }) => word.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
      expect(offenders).toEqual([]);
    });
  }
});

describe('light entry points', () => {
  /** Every package a module imports, itself or through the files it reaches by relative imports. */
  function packagesReached(file: string, seen = new Set<string>()): Set<string> {
    const packages = new Set<string>();
    if (seen.has(file)) return packages;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        for (const p of packagesReached(resolve(file, '..', spec.replace(/\.js$/, '.ts')), seen))
          packages.add(p);
      } else
        packages.add(
          spec
            .split('/')
            .slice(0, spec.startsWith('@') ? 2 : 1)
            .join('/'),
        );
    }
    return packages;
  }

  for (const pkg of packageNames.filter((name) => name.startsWith('domain-'))) {
    const entry = readManifest(pkg).exports?.['./contract'] as { default?: string } | undefined;
    if (!entry?.default) continue;
    it(`${pkg}/contract reaches schemas only: never nn, never the training code`, () => {
      const source = join(
        PACKAGES_DIR,
        pkg,
        entry.default?.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts') ?? '',
      );
      const packages = packagesReached(source);
      expect(packages.size).toBeGreaterThan(0);
      expect(
        [...packages].filter((p) => p.startsWith('@zpbench/') && p !== '@zpbench/core'),
      ).toEqual([]);
    });
  }
});

describe('randomness', () => {
  it('never calls Math.random in package sources: every draw comes from a seeded stream', () => {
    const offenders = packageNames.flatMap((pkg) =>
      sourceFiles(join(PACKAGES_DIR, pkg, 'src'))
        .filter((file) => /Math\.random\s*\(/.test(readFileSync(file, 'utf8')))
        .map((file) => relative(ROOT, file)),
    );
    expect(offenders).toEqual([]);
  });
});
