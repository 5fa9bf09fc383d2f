#!/usr/bin/env node
/**
 * IK speed bench. Runs `ikDomain.runSeed` directly and prints per-seed wall and CPU time and the
 * share spent in training (the SCM's exact fit included); `--workers N` runs the seeds on N worker
 * threads (like the runner) and adds the aggregation time, giving the wall time of a whole run
 * without the report. The whole command as a user runs it (process, reports, manifest) is timed by
 * `node scripts/bench/domains/index.mjs --domains ik`.
 * Usage: node scripts/bench/domains/ik.mjs [smoke|paper|both] [--seeds 0,1] [--workers 2]
 */
import { isMainThread } from 'node:worker_threads';
import { ikDomain as domain } from '@zpbench/domain-ik';
import {
  parseBenchArgs,
  perModelTimes,
  runSeeds,
  seedContext,
  seedOutcome,
  serveSeeds,
  sidecarsOnDisk,
  timeOnce,
  trainTotal,
  trainTotalOf,
} from './_seed-bench.mjs';

async function runOne(mode, seed) {
  const m = domain.modes[mode];
  const c0 = process.cpuUsage();
  const { value: out, seconds } = await timeOnce(`ik.${mode}.seed_${seed}`, () =>
    domain.runSeed(seedContext('ik', mode, m.config, seed)),
  );
  const cpu = process.cpuUsage(c0);
  return seedOutcome(out, seed, seconds, { cpu: (cpu.user + cpu.system) / 1e6 });
}

if (!isMainThread) {
  await serveSeeds(runOne);
} else {
  const { modes, workers } = parseBenchArgs(domain);
  for (const { mode, spec: m, seeds } of modes) {
    const outs = [];
    const report = (o) => {
      const train = trainTotal(o.trainSeconds);
      const perModel = perModelTimes(o.trainSeconds, 's');
      process.stdout.write(
        `${mode} seed ${o.seed}: wall ${o.wall.toFixed(2)} s, cpu ${o.cpu.toFixed(2)} s, training ${train.toFixed(2)} s (${((100 * train) / o.wall).toFixed(0)}% of wall) [${perModel}]\n`,
      );
      outs.push(o);
    };
    const workerUrl = new URL(import.meta.url);
    const { seconds: seedsWall } = await timeOnce(`ik.${mode}.seeds`, () =>
      runSeeds({ mode, seeds, workers, workerUrl, runOne, onResult: report }),
    );
    // The aggregation reads the seeds' sidecars from disk, as in a run.
    const sidecars = sidecarsOnDisk('zpb-bench-ik-', mode, m.config, seeds, outs);
    const { seconds: aggWall } = await timeOnce(`ik.${mode}.aggregate`, () =>
      domain.aggregate(sidecars.context()),
    );
    sidecars.remove();
    const cpu = outs.reduce((s, o) => s + o.cpu, 0);
    const train = trainTotalOf(outs);
    const wallSum = outs.reduce((s, o) => s + o.wall, 0);
    process.stdout.write(
      `${mode}: ${seeds.length} seed(s) on ${workers || 1} thread(s): seeds wall ${seedsWall.toFixed(2)} s (cpu ${cpu.toFixed(2)} s) + aggregate ${aggWall.toFixed(2)} s; training share of seed time ${((100 * train) / wallSum).toFixed(0)}%\n`,
    );
  }
}
