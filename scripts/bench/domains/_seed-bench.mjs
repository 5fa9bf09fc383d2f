/**
 * Shared parts of the per-domain seed benches (dose.mjs, rf.mjs, ik.mjs): the seed context and
 * seed list, the seeds spread over worker threads as the runner does, the training-time sums,
 * and the aggregation reading the seeds' sidecars from disk, as in a run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { configHash, createRunReader, writeRunFile } from '@zpbench/core';

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
 * Writes the seeds' sidecars (`outs[i].files`, path → text) under a new temp dir, as in a run, and
 * returns `context()`, an AggregateContext that reads them, and `remove()` for the temp dir.
 */
export function sidecarsOnDisk(prefix, mode, config, seeds, outs) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const records = outs.flatMap((o) =>
    Object.entries(o.files).map(([path, content]) =>
      writeRunFile(dir, `seed_${o.seed}/${path}`, content),
    ),
  );
  return {
    context: () => ({
      mode,
      config,
      configHash: configHash(config),
      seeds: [...seeds].sort((a, b) => a - b),
      seedResults: new Map(outs.map((o) => [o.seed, o.result])),
      parent: null,
      read: createRunReader(dir, Object.fromEntries(records.map((r) => [r.path, r]))),
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
