/**
 * Shared parts of the per-domain seed benches (dose.mjs, rf.mjs, ik.mjs): the command line, the
 * seed context and seed list, the seeds spread over worker threads as the runner does, the
 * training-time sums, and seed files written to disk and read back, as in a run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { configHash, createRunReader, writeRunFile } from '@zpbench/core';
import { defineBenchmark, measureBenchmark } from '@zpbench/perf';

/**
 * The command line `[smoke|paper|both] [--seeds 0,1] [--workers N]` of a seed bench, plus the
 * bench's own `options` (node:util parseArgs specs): `modes`, each with the domain's mode spec and
 * the seeds to time, `workers`, and every flag's value in `values`.
 */
export function parseBenchArgs(domain, options = {}) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seeds: { type: 'string' },
      workers: { type: 'string', default: '0' },
      ...options,
    },
  });
  const which = positionals[0] ?? 'both';
  const modes = (which === 'both' ? ['smoke', 'paper'] : [which]).map((mode) => {
    const spec = domain.modes[mode];
    if (!spec) throw new Error(`unknown mode ${mode}; use smoke or paper`);
    return { mode, spec, seeds: benchSeeds(mode, spec, values.seeds) };
  });
  return { modes, workers: Number(values.workers), values };
}

/**
 * Runs `fn` once through the shared harness (one timed iteration, no warm-up: a seed or a run
 * phase is seconds of work) and returns its value with the wall seconds the harness measured.
 */
export async function timeOnce(name, fn) {
  let value;
  const measured = await measureBenchmark(
    defineBenchmark({
      name,
      group: name.split('.')[0],
      description: name,
      iterations: 1,
      warmup: 0,
      run: async () => {
        value = await fn();
      },
    }),
  );
  return { value, seconds: measured.latency_ms.p50 / 1000 };
}

/** The SeedContext of one seed of `mode`, as the runner builds it; `extra` overrides or adds fields. */
export function seedContext(domainId, mode, config, seed, extra = {}) {
  return {
    domain: domainId,
    mode,
    seed,
    config,
    configHash: configHash(config),
    parent: null,
    progress: () => {},
    ...extra,
  };
}

/** The seeds to time: the `--seeds` list when given, else every smoke seed or the first paper seed. */
export function benchSeeds(mode, modeSpec, seedsFlag) {
  if (seedsFlag) return seedsFlag.split(',').map(Number);
  return mode === 'smoke' ? [...modeSpec.seeds] : [modeSpec.seeds[0]];
}

/**
 * Runs `seeds` of `mode`, passing each seed's result to `onResult`: inline with `runOne` when
 * `workers` is 0, else on `workers` threads of the bench script `workerUrl` (seed i on lane
 * i mod workers), which answer through {@link serveSeeds}.
 */
export async function runSeeds({ mode, seeds, workers, workerUrl, runOne, onResult }) {
  if (workers > 0) {
    const lanes = Array.from({ length: workers }, (_, k) =>
      seeds.filter((_, i) => i % workers === k),
    ).filter((l) => l.length > 0);
    await Promise.all(
      lanes.map(
        (lane) =>
          new Promise((resolve, reject) => {
            const w = new Worker(workerUrl, { workerData: { mode, seeds: lane } });
            w.on('message', onResult);
            w.on('error', reject);
            w.on('exit', resolve);
          }),
      ),
    );
  } else {
    for (const seed of seeds) onResult(await runOne(mode, seed));
  }
}

/** The worker side of {@link runSeeds}: runs the lane's seeds and posts each result. */
export async function serveSeeds(runOne) {
  for (const seed of workerData.seeds) parentPort.postMessage(await runOne(workerData.mode, seed));
}

/**
 * What a bench keeps of one seed's output: its seed, wall time (and `extra` timings), training
 * seconds, result, and files as path → text.
 */
export function seedOutcome(out, seed, wall, extra = {}) {
  const files = Object.fromEntries(out.files.map((f) => [f.path, String(f.content)]));
  return { seed, wall, ...extra, trainSeconds: out.trainSeconds ?? {}, result: out.result, files };
}

/** Seconds spent training, over a seed's models. */
export function trainTotal(trainSeconds) {
  return Object.values(trainSeconds).reduce((a, b) => a + b, 0);
}

/** Seconds spent training, over the seeds' outputs. */
export function trainTotalOf(outs) {
  return outs.reduce((s, o) => s + trainTotal(o.trainSeconds), 0);
}

/** `model 1.23<unit>, …`: a seed's training seconds per model. */
export function perModelTimes(trainSeconds, unit) {
  return Object.entries(trainSeconds)
    .map(([k, v]) => `${k} ${v.toFixed(2)}${unit}`)
    .join(', ');
}

/**
 * Writes seed files (`[seed, path relative to the seed dir, content]`) under a new temp dir, as
 * in a run, and returns `read`, a hash-checked artifact reader over them, and `remove()`.
 */
export function seedFilesOnDisk(prefix, files) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const records = files.map(([seed, path, content]) =>
    writeRunFile(dir, `seed_${seed}/${path}`, content),
  );
  return {
    read: createRunReader(dir, Object.fromEntries(records.map((r) => [r.path, r]))),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Writes the seeds' sidecars (`outs[i].files`, path → text) under a new temp dir, as in a run, and
 * returns `context()`, an AggregateContext that reads them, and `remove()` for the temp dir.
 */
export function sidecarsOnDisk(prefix, mode, config, seeds, outs) {
  const disk = seedFilesOnDisk(
    prefix,
    outs.flatMap((o) => Object.entries(o.files).map(([path, content]) => [o.seed, path, content])),
  );
  return {
    context: () => ({
      mode,
      config,
      configHash: configHash(config),
      seeds: [...seeds].sort((a, b) => a - b),
      seedResults: new Map(outs.map((o) => [o.seed, o.result])),
      parent: null,
      read: disk.read,
    }),
    remove: disk.remove,
  };
}
