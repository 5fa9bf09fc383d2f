#!/usr/bin/env node
/**
 * RF speed bench. Runs `rfDomain.runSeed` directly and prints, per seed, its wall time, the share
 * spent training the four learned models (per model), and the time to render that seed's
 * figures (the frequency response and the qualitative pack, as `report benchmark` does);
 * `--workers N` runs the seeds on N worker threads like the runner, giving the seed phase of a
 * whole run. Whole-process timings of `zpbench rf` are in index.mjs (`--domain rf`).
 * Usage: node scripts/bench/domains/rf.mjs [smoke|paper|both] [--seeds 0,1] [--workers 2] [--json]
 */
import { isMainThread } from 'node:worker_threads';
import { configHash } from '@zpbench/core';
import { rfDomain as domain, rfFigurePack } from '@zpbench/domain-rf';
import { renderVegaLiteToSvg } from '@zpbench/report';
import {
  parseBenchArgs,
  perModelTimes,
  runSeeds,
  seedContext,
  seedFilesOnDisk,
  serveSeeds,
  timeOnce,
  trainTotal,
  trainTotalOf,
} from './_seed-bench.mjs';

async function runOne(mode, seed) {
  const m = domain.modes[mode];
  const hash = configHash({ domain: 'rf', mode, config: m.config });
  const { value: out, seconds: wall } = await timeOnce(`rf.${mode}.seed_${seed}`, () =>
    domain.runSeed(seedContext('rf', mode, m.config, seed, { configHash: hash })),
  );
  // Render the seed's figures from its files on disk, as the report does.
  const disk = seedFilesOnDisk(
    'zpb-bench-rf-',
    out.files.map((f) => [seed, f.path, f.content]),
  );
  const { value: figures, seconds: figureWall } = await timeOnce(
    `rf.${mode}.seed_${seed}.figures`,
    async () => {
      const pack = rfFigurePack({
        mode,
        seeds: [seed],
        summary: null,
        pairedStats: null,
        seedResult: () => null,
        read: disk.read,
      });
      for (const figure of pack) await renderVegaLiteToSvg(figure.spec);
      return pack;
    },
  );
  disk.remove();
  return { seed, wall, trainSeconds: out.trainSeconds ?? {}, figures: figures.length, figureWall };
}

if (!isMainThread) {
  await serveSeeds(runOne);
} else {
  const { modes, workers, values } = parseBenchArgs(domain, { json: { type: 'boolean' } });
  const json = values.json === true;
  const results = [];
  for (const { mode, seeds } of modes) {
    const outs = [];
    const report = (o) => {
      const train = trainTotal(o.trainSeconds);
      const perModel = perModelTimes(o.trainSeconds, ' s');
      if (!json)
        process.stdout.write(
          `${mode} seed ${o.seed}: wall ${o.wall.toFixed(2)} s, training ${train.toFixed(2)} s (${((100 * train) / o.wall).toFixed(0)}%) [${perModel}]; ${o.figures} figures rendered in ${o.figureWall.toFixed(2)} s\n`,
        );
      outs.push(o);
    };
    const workerUrl = new URL(import.meta.url);
    const { seconds: phaseWall } = await timeOnce(`rf.${mode}.seeds`, () =>
      runSeeds({ mode, seeds, workers, workerUrl, runOne, onResult: report }),
    );
    const train = trainTotalOf(outs);
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
