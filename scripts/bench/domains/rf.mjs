#!/usr/bin/env node
/**
 * RF speed bench. Runs `rfDomain.runSeed` directly and prints, per seed, its wall time, the share
 * spent training the four learned models (per model), and the time to render that seed's
 * figures (the frequency response and the qualitative pack, as `report benchmark` does);
 * `--workers N` runs the seeds on N worker threads like the runner, giving the seed phase of a
 * whole run. Whole-process timings of `zpbench rf` are in index.mjs (`--domain rf`).
 * Usage: node scripts/bench/domains/rf.mjs [smoke|paper|both] [--seeds 0,1] [--workers 2] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { configHash, createRunReader, writeRunFile } from '@zpbench/core';
import { rfDomain as domain, rfFigurePack } from '@zpbench/domain-rf';
import { renderVegaLiteToSvg } from '@zpbench/report';

async function runOne(mode, seed) {
  const m = domain.modes[mode];
  const hash = configHash({ domain: 'rf', mode, config: m.config });
  const t0 = performance.now();
  const out = await domain.runSeed({
    domain: 'rf',
    mode,
    seed,
    config: m.config,
    configHash: hash,
    parent: null,
    progress: () => {},
  });
  const wall = (performance.now() - t0) / 1000;
  // Render the seed's figures from its files on disk, as the report does.
  const dir = mkdtempSync(join(tmpdir(), 'zpb-bench-rf-'));
  const records = out.files.map((f) => writeRunFile(dir, `seed_${seed}/${f.path}`, f.content));
  const read = createRunReader(dir, Object.fromEntries(records.map((r) => [r.path, r])));
  const f0 = performance.now();
  const figures = rfFigurePack({
    mode,
    seeds: [seed],
    summary: null,
    pairedStats: null,
    seedResult: () => null,
    read,
  });
  for (const figure of figures) await renderVegaLiteToSvg(figure.spec);
  const figureWall = (performance.now() - f0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return { seed, wall, trainSeconds: out.trainSeconds ?? {}, figures: figures.length, figureWall };
}

if (!isMainThread) {
  for (const seed of workerData.seeds) parentPort.postMessage(await runOne(workerData.mode, seed));
} else {
  const args = process.argv.slice(2);
  const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const json = args.includes('--json');
  const which = args[0] && !args[0].startsWith('--') ? args[0] : 'both';
  const workers = Number(flag('--workers') ?? 0);
  const results = [];
  for (const mode of which === 'both' ? ['smoke', 'paper'] : [which]) {
    const m = domain.modes[mode];
    if (!m) throw new Error(`unknown mode ${mode}; use smoke or paper`);
    const seeds = flag('--seeds')
      ? flag('--seeds').split(',').map(Number)
      : mode === 'smoke'
        ? [...m.seeds]
        : [m.seeds[0]];
    const t0 = performance.now();
    const outs = [];
    const report = (o) => {
      const train = Object.values(o.trainSeconds).reduce((a, b) => a + b, 0);
      const perModel = Object.entries(o.trainSeconds)
        .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
        .join(', ');
      if (!json)
        process.stdout.write(
          `${mode} seed ${o.seed}: wall ${o.wall.toFixed(2)} s, training ${train.toFixed(2)} s (${((100 * train) / o.wall).toFixed(0)}%) [${perModel}]; ${o.figures} figures rendered in ${o.figureWall.toFixed(2)} s\n`,
        );
      outs.push(o);
    };
    if (workers > 0) {
      const lanes = Array.from({ length: workers }, (_, k) =>
        seeds.filter((_, i) => i % workers === k),
      ).filter((l) => l.length > 0);
      await Promise.all(
        lanes.map(
          (lane) =>
            new Promise((resolve, reject) => {
              const w = new Worker(new URL(import.meta.url), { workerData: { mode, seeds: lane } });
              w.on('message', report);
              w.on('error', reject);
              w.on('exit', resolve);
            }),
        ),
      );
    } else {
      for (const seed of seeds) report(await runOne(mode, seed));
    }
    const phaseWall = (performance.now() - t0) / 1000;
    const train = outs.reduce(
      (s, o) => s + Object.values(o.trainSeconds).reduce((a, b) => a + b, 0),
      0,
    );
    const seedTime = outs.reduce((s, o) => s + o.wall, 0);
    const figureTime = outs.reduce((s, o) => s + o.figureWall, 0);
    const summary = {
      mode,
      seeds: seeds.length,
      threads: workers || 1,
      phase_wall_s: phaseWall,
      seed_time_s: seedTime,
      training_share_of_seed_time: train / seedTime,
      figure_time_s: figureTime,
    };
    results.push(summary);
    if (!json)
      process.stdout.write(
        `${mode}: ${seeds.length} seed(s) on ${summary.threads} thread(s) in ${phaseWall.toFixed(2)} s wall (seeds and their figures); training ${(100 * summary.training_share_of_seed_time).toFixed(1)}% of seed time; figures ${figureTime.toFixed(2)} s in total\n`,
      );
  }
  if (json) process.stdout.write(`${JSON.stringify(results)}\n`);
}
