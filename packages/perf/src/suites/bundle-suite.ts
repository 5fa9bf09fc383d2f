import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BundlePredictor, DomainPlugin } from '@zpbench/core';
import type { PluginModule } from '@zpbench/runner';
import { defineBenchmark } from '../define-benchmark.js';
import { defineSuite, type SuiteDefinition } from '../define-suite.js';

/** A deployment bundle to benchmark: where it is and how a worker thread loads its domain. */
export interface BundleSource {
  readonly domain: string;
  readonly model: string;
  /** The bundle directory (`seed_<n>/bundles/<model>` of a run). */
  readonly bundleDir: string;
  /** How a worker imports the domain's plugin (`import(moduleUrl)[exportName]`). */
  readonly module: PluginModule;
  /** The bundle loaded in this thread. */
  readonly predictor: BundlePredictor;
}

/** A registered domain, as the CLI's registry lists them. */
export interface BundleDomain {
  readonly plugin: DomainPlugin<unknown>;
  readonly module: PluginModule;
}

/** Batch sizes of the suite: one request, and a batch a serving process would send. */
export const BUNDLE_BATCHES = [1, 1024] as const;

/** Seed of the input stream every predictor (and every worker) draws its inputs from. */
const INPUT_SEED = 'perf/bundle/inputs';

/**
 * Trains the first registered domain that declares a bundle and a bundle loader on its tiny test
 * configuration (`testConfig` of its first mode, one seed, inline) into a temporary directory and
 * loads the first model's bundle it wrote. The directory is removed when the process exits.
 */
export async function trainTinyBundle(domains: readonly BundleDomain[]): Promise<BundleSource> {
  const found = domains.find(
    ({ plugin }) => plugin.contract.bundle && plugin.bundle?.load && plugin.testConfig,
  );
  if (!found) {
    throw new Error(
      'no registered domain declares a deployment bundle with a loader (contract.bundle and plugin.bundle.load)',
    );
  }
  const { plugin, module } = found;
  const [core, { runBenchmark }] = await Promise.all([
    import('@zpbench/core'),
    import('@zpbench/runner'),
  ]);
  const mode = Object.keys(plugin.modes)[0] as string;
  const dir = mkdtempSync(join(tmpdir(), 'zpb-perf-bundle-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const runDir = join(dir, 'run');
  const run = await runBenchmark({
    plugin,
    module: { moduleUrl: 'inline', exportName: 'inline' },
    mode,
    config: plugin.testConfig?.(mode, plugin.modes[mode]?.config),
    seeds: [0],
    outRoot: runDir,
    workers: 0,
    argv: [plugin.id, '--mode', mode],
    zpbenchVersion: 'perf-bundle',
  });
  const spec = plugin.contract.artifacts.find((s) => s.id === plugin.contract.bundle?.artifact);
  for (const model of plugin.models) {
    if (!spec) break;
    const manifest = core.artifactPath(spec, { seed: 0, model: model.id });
    if (run.manifest.artifacts[manifest] === undefined) continue;
    const bundleDir = join(runDir, manifest, '..');
    const predictor = plugin.bundle?.load?.(bundleDir) as BundlePredictor;
    return { domain: plugin.id, model: model.id, bundleDir, module, predictor };
  }
  throw new Error(`domain ${plugin.id}: its tiny ${mode} run wrote no bundle`);
}

interface PoolWorker {
  readonly worker: Worker;
  pending: { resolve: () => void; reject: (error: Error) => void } | null;
}

/** Starts `count` workers that each load the bundle and draw `batch` inputs. */
async function startPool(source: BundleSource, batch: number, count: number) {
  const url = new URL('./bundle-worker.js', import.meta.url);
  const pool: PoolWorker[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const worker = new Worker(url, {
      workerData: {
        moduleUrl: source.module.moduleUrl,
        exportName: source.module.exportName,
        bundleDir: source.bundleDir,
        batch,
        seed: INPUT_SEED,
      },
    });
    const entry: PoolWorker = { worker, pending: null };
    pool.push(entry);
    ready.push(
      new Promise<void>((resolve, reject) => {
        entry.pending = { resolve, reject };
      }),
    );
    worker.on('message', (message: { ok: boolean; error?: string }) => {
      const pending = entry.pending;
      entry.pending = null;
      if (message.ok) pending?.resolve();
      else pending?.reject(new Error(`bundle worker: ${message.error}`));
    });
    worker.on('error', (error) => {
      entry.pending?.reject(error);
      entry.pending = null;
    });
  }
  try {
    await Promise.all(ready);
  } catch (error) {
    await Promise.all(pool.map((p) => p.worker.terminate()));
    throw error;
  }
  const idle = [...pool];
  return {
    /** One prediction on an idle worker (measureBenchmark keeps at most `count` in flight). */
    predict: (): Promise<void> => {
      const entry = idle.pop();
      if (!entry) return Promise.reject(new Error('bundle benchmark: no idle worker'));
      return new Promise<void>((resolve, reject) => {
        entry.pending = {
          resolve: () => {
            idle.push(entry);
            resolve();
          },
          reject,
        };
        entry.worker.postMessage('predict');
      });
    },
    close: () => Promise.all(pool.map((p) => p.worker.terminate())),
  };
}

type BundleState =
  | { readonly kind: 'inline'; readonly predictor: BundlePredictor; readonly inputs: unknown }
  | { readonly kind: 'workers'; readonly pool: Awaited<ReturnType<typeof startPool>> };

function bundleBenchmark(source: BundleSource, batch: number) {
  const what = `${source.domain} ${source.model} bundle`;
  return defineBenchmark<BundleState>({
    name: `bundle.predict_batch_${batch}`,
    group: 'bundle',
    description: `predict() of a ${what} (trained on the domain's tiny test configuration) on a batch of ${batch} seeded input${batch === 1 ? '' : 's'}; in this thread at --concurrency 1, else one request per worker thread at a time (latency includes the message round trip)`,
    items: batch,
    itemUnit: 'predictions',
    iterations: batch === 1 ? 30 : 20,
    warmup: 2,
    // A batch-1 prediction takes microseconds: time 50 per iteration, report the latency of one.
    batch: batch === 1 ? 50 : 1,
    setup: async ({ concurrency }): Promise<BundleState> =>
      concurrency === 1
        ? {
            kind: 'inline',
            predictor: source.predictor,
            inputs: source.predictor.sampleInputs(batch, INPUT_SEED),
          }
        : { kind: 'workers', pool: await startPool(source, batch, concurrency) },
    run: (state) =>
      state.kind === 'inline' ? state.predictor.predict(state.inputs) : state.pool.predict(),
    cleanup: async (state) => {
      if (state?.kind === 'workers') await state.pool.close();
    },
  });
}

/**
 * The `bundle` suite: a deployment bundle's `predict` at batch 1 and batch 1024, latency
 * percentiles and throughput; with `--concurrency C`, C worker threads each serve one request at
 * a time, as a provider's predict is benchmarked. `source` finds the bundle (this package names no
 * domain: the CLI passes `() => trainTinyBundle(registeredDomains)`); it runs once per process.
 *
 * @example
 * const suites = [...PERF_SUITES, createBundleSuite(async () => trainTinyBundle(await loadDomains()))];
 * await runPerfSuite({ suite: 'bundle', registry: suites, outputDir: 'benchmark_results', ... });
 */
export function createBundleSuite(source: () => Promise<BundleSource>): SuiteDefinition {
  let loaded: Promise<BundleSource> | undefined;
  return defineSuite({
    id: 'bundle',
    description: 'a deployment bundle’s predict at batch 1 and 1024, optionally in worker threads',
    load: async () => {
      loaded ??= source();
      const bundle = await loaded;
      return BUNDLE_BATCHES.map((batch) => bundleBenchmark(bundle, batch));
    },
  });
}
