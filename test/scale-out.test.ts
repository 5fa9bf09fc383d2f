/**
 * The scale-out recipes as shipped: `.gitlab-ci.yml`, the Slurm array scripts and the Kubernetes
 * indexed Job parse, and every zpbench or benchmark-gate command they run uses flags the real CLI
 * defines, shards with `--shard auto`, and merges what it sharded.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createGateProgram, createZpbenchProgram } from '@zpbench/cli';
import type { Command } from 'commander';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

let zpbench: Command;
let gate: Command;
beforeAll(async () => {
  zpbench = await createZpbenchProgram('all');
  gate = createGateProgram();
});

/** Every zpbench / benchmark-gate invocation in a script, continuation lines joined. */
function invocations(text: string): string[][] {
  const joined = text.replace(/\\\n\s*/g, ' ').replace(/\n\s{6,}(--)/g, ' $1');
  const found: string[][] = [];
  for (const line of joined.split('\n')) {
    const match = /(?:zpbench(?:\.js)?|benchmark-gate(?:\.js)?)\s.*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const tool = match[0].startsWith('benchmark-gate') ? 'benchmark-gate' : 'zpbench';
    const words = match[0].split(/\s+/).slice(1);
    found.push([tool, ...words]);
  }
  return found;
}

/** Checks that each flag of an invocation is one its (sub)command defines; returns the command. */
function checkFlags([tool, ...words]: string[]): Command {
  let command = tool === 'benchmark-gate' ? gate : zpbench;
  if (tool === 'zpbench') {
    const name = words.find((w) => !w.startsWith('$') && !w.startsWith('"$'));
    // A domain chosen by a variable ($ZPB_DOMAIN, "$domain") is checked against every domain.
    const sub =
      words[0]?.includes('$') || words[0]?.startsWith('"')
        ? zpbench.commands.find((c) => c.name() === 'dose')
        : zpbench.commands.find((c) => c.name() === name);
    expect(sub, `zpbench ${words[0]}`).toBeDefined();
    command = sub as Command;
    // Nested commands (`perf run`): descend while the next operand names a subcommand.
    for (const word of words.slice(words.indexOf(name as string) + 1)) {
      const nested = command.commands.find((c) => c.name() === word);
      if (!nested) break;
      command = nested;
    }
  }
  const defined = new Set(command.options.map((o) => o.long));
  for (const word of words.filter((w) => w.startsWith('--')))
    expect(defined.has(word), `${tool} ${command.name()} ${word}`).toBe(true);
  return command;
}

describe('.gitlab-ci.yml', () => {
  const ci = parse(read('.gitlab-ci.yml')) as Record<string, Record<string, unknown>>;
  const KEYWORDS = new Set(['image', 'stages', 'variables', 'workflow', 'default', 'include']);
  const jobs = Object.entries(ci).filter(([name]) => !name.startsWith('.') && !KEYWORDS.has(name));
  const resolveJob = (job: Record<string, unknown>): Record<string, unknown> => {
    const bases = ([] as string[]).concat((job.extends as string | string[] | undefined) ?? []);
    return Object.assign(
      {},
      ...bases.map((b) => resolveJob(ci[b] as Record<string, unknown>)),
      job,
    );
  };
  const scripts = (job: Record<string, unknown>) =>
    ([] as string[]).concat((job.script as string[] | undefined) ?? []).join('\n');

  it('has a claim-benchmark job per shipped domain, sharded with --shard auto, merged and gated', () => {
    const names = jobs.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['install', 'test', 'benchmark-gate']));
    const sharded = jobs.filter(([name]) => name.startsWith('claim-benchmark:'));
    expect(sharded.map(([name]) => name)).toEqual(
      expect.arrayContaining(['claim-benchmark:dose', 'claim-benchmark:dose:paper']),
    );
    for (const [name, raw] of sharded) {
      const job = resolveJob(raw);
      expect(job.parallel, name).toBeGreaterThan(1);
      expect(scripts(job), name).toContain('--shard auto');
      const merge = name.replace('claim-benchmark:', 'merge:');
      expect(resolveJob(ci[merge] as Record<string, unknown>).needs, merge).toContain(name);
      const gateNeeds = (
        (ci['benchmark-gate'] as Record<string, unknown>).needs as ({ job: string } | string)[]
      ).map((n) => (typeof n === 'string' ? n : n.job));
      expect(gateNeeds, 'benchmark-gate needs').toContain(merge);
    }
  });

  it('gives every job a timeout and every artifact an expiry', () => {
    for (const [name, raw] of jobs) {
      const job = resolveJob(raw);
      expect(String(job.timeout), `${name} timeout`).toMatch(/^\d+[mh]$/);
      const artifacts = job.artifacts as { expire_in?: string } | undefined;
      if (artifacts) expect(artifacts.expire_in, `${name} expire_in`).toMatch(/^\d+ (day|week)s?$/);
    }
  });

  it('passes on every built directory the CLI’s bin loads at run time (dist and its bundle)', () => {
    const paths = (ci.install?.artifacts as { paths?: string[] } | undefined)?.paths ?? [];
    const covers = (dir: string) =>
      paths.some((p) => new RegExp(`^${p.replace(/\*/g, '[^/]+')}(/|$)`).test(dir));
    expect(covers('packages/cli/dist'), 'packages/cli/dist').toBe(true);
    // The bin is a launcher of the esbuild bundle: a job given dist alone cannot start zpbench.
    for (const bin of ['zpbench.ts', 'benchmark-gate.ts']) {
      const source = read(`packages/cli/src/${bin}`);
      if (source.includes('../bundle/')) expect(covers('packages/cli/bundle'), bin).toBe(true);
    }
    // package.json's bins are committed launchers of dist/ (in the clone, not an artifact).
    const bins = (JSON.parse(read('packages/cli/package.json')) as { bin: Record<string, string> })
      .bin;
    for (const path of Object.values(bins)) {
      const file = join('packages/cli', path);
      const launcher = read(file);
      const built = /^(dist|bundle)\//.test(path.replace(/^\.\//, ''));
      expect(built || launcher.includes("'../dist/"), file).toBe(true);
      if (built) expect(covers(file.replace(/\/[^/]+$/, '')), file).toBe(true);
    }
  });

  it('runs smoke on merge requests and paper only on schedules and web triggers', () => {
    const rules = (name: string) =>
      JSON.stringify(resolveJob(ci[name] as Record<string, unknown>).rules);
    expect(rules('claim-benchmark:dose')).toMatch(
      /"if":"\$CI_PIPELINE_SOURCE == \\"schedule\\".*"when":"never"/,
    );
    expect(rules('claim-benchmark:dose:paper')).toMatch(/schedule.*web/);
    expect(rules('claim-benchmark:dose:paper')).not.toContain('on_success');
  });

  it('passes only flags the CLI defines', () => {
    const all = jobs.flatMap(([, raw]) => invocations(scripts(resolveJob(raw))));
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const invocation of all) checkFlags(invocation);
  });
});

describe('the Slurm array', () => {
  it.each(['slurm-array.sbatch', 'slurm-merge.sbatch'])('%s is valid bash', async (file) => {
    const result = await execa('bash', ['-n', join(ROOT, 'scripts/scale-out', file)], {
      reject: false,
    });
    expect(result.exitCode, result.stderr).toBe(0);
  });

  it('shards with --shard auto over its whole array and merges every shard', () => {
    const array = read('scripts/scale-out/slurm-array.sbatch');
    expect(array).toMatch(/^#SBATCH --array=0-4$/m);
    const [run] = invocations(array);
    expect(run).toBeDefined();
    expect(checkFlags(run as string[]).name()).toBe('dose');
    expect((run as string[]).join(' ')).toContain('--shard auto');
    const merge = invocations(read('scripts/scale-out/slurm-merge.sbatch'));
    expect(merge.map((i) => i.slice(0, 2))).toEqual([
      ['zpbench', 'merge'],
      ['benchmark-gate', '--family'],
    ]);
    for (const invocation of merge) checkFlags(invocation);
  });
});

/** The parts of a Kubernetes Job the test reads. */
interface KubeJob {
  kind: string;
  metadata: { labels: { step: string } };
  spec: {
    completionMode?: string;
    completions?: number;
    template: { spec: { containers: { args: string[] }[] } };
  };
}

describe('the Kubernetes indexed Job', () => {
  const docs = parseAllDocuments(read('scripts/scale-out/k8s-indexed-job.yaml')).map(
    (d) => d.toJS() as KubeJob,
  );
  const script = (job: KubeJob) => job.spec.template.spec.containers[0]?.args.join('\n') ?? '';

  it('is an indexed Job whose --shards equals its completions, then a merge Job', () => {
    expect(docs.map((d) => [d.kind, d.metadata.labels.step])).toEqual([
      ['Job', 'shards'],
      ['Job', 'merge'],
    ]);
    const [shards, merge] = docs as [KubeJob, KubeJob];
    expect(shards.spec.completionMode).toBe('Indexed');
    const [run] = invocations(script(shards));
    expect(checkFlags(run as string[]).name()).toBe('dose');
    const words = (run as string[]).join(' ');
    expect(words).toContain('--shard auto');
    expect(words).toContain(`--shards ${shards.spec.completions}`);
    const mergeRuns = invocations(script(merge));
    expect(mergeRuns.map((i) => i.slice(0, 2))).toEqual([
      ['zpbench', 'merge'],
      ['benchmark-gate', '--family'],
    ]);
    for (const invocation of mergeRuns) checkFlags(invocation);
  });
});
