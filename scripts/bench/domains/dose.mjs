#!/usr/bin/env node
/**
 * DOSE speed bench, timed by the shared @zpbench/perf harness. Runs `domain.runSeed` directly and
 * prints per-seed wall time and the share spent in training; `--workers N` runs the seeds on N
 * worker threads (like the runner) and adds the aggregation time, giving the wall time of a whole
 * run without the report. `--threads 1,2` instead runs each seed once per thread count inside the
 * seed (nn's setThreadCount through SeedContext.threads, as the runner does at the tail of a run),
 * interleaved, checks the results are byte-identical and prints the per-seed speed-up.
 * Usage: node scripts/bench/domains/dose.mjs [smoke|paper|both] [--seeds 0,1] [--workers 2] [--threads 1,2] [--repeats 1]
 */
import { isMainThread } from 'node:worker_threads';
import { doseDomain as domain } from '@zpbench/domain-dose';
import { prepareThreads } from '@zpbench/nn';
import { defineBenchmark, measureInterleaved, ratioSpread } from '@zpbench/perf';
import {
  seedContext as baseSeedContext,
  parseBenchArgs,
  perModelTimes,
  runSeeds,
  seedOutcome,
  serveSeeds,
  sidecarsOnDisk,
  timeOnce,
  trainTotal,
  trainTotalOf,
} from './_seed-bench.mjs';

/** A cell holding a thread count, as the runner passes it in SeedContext.threads. */
function threadCell(n) {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(cell, 0, n);
  return cell;
}

function seedContext(mode, seed, threads) {
  const m = domain.modes[mode];
  return baseSeedContext(
    'dose',
    mode,
    m.config,
    seed,
    threads ? { threads: threadCell(threads) } : {},
  );
}

/** One seed through the harness. */
async function runOne(mode, seed) {
  const { value: out, seconds } = await timeOnce(`dose.${mode}.seed_${seed}`, () =>
    domain.runSeed(seedContext(mode, seed)),
  );
  return seedOutcome(out, seed, seconds);
}

if (!isMainThread) {
  await serveSeeds(runOne);
} else {
  const { modes, workers, values } = parseBenchArgs(domain, {
    threads: { type: 'string' },
    repeats: { type: 'string', default: '1' },
  });
  for (const { mode, spec: m, seeds } of modes) {
    if (values.threads) {
      const counts = values.threads.split(',').map(Number);
      await prepareThreads(Math.max(...counts));
      for (const seed of seeds) {
        const outputs = new Map();
        const measured = await measureInterleaved(
          counts.map((threads) =>
            defineBenchmark({
              name: `dose.${mode}.seed_${seed}.threads_${threads}`,
              group: 'dose',
              description: `domain.runSeed, ${mode} seed ${seed}, ${threads} thread(s) inside the seed`,
              itemUnit: 'seeds',
              iterations: Number(values.repeats),
              // One untimed run each first, so JIT warm-up does not land on the first count.
              warmup: 1,
              run: async () => {
                const out = await domain.runSeed(seedContext(mode, seed, threads));
                // Train seconds are timings; the result and the files must match byte for byte.
                const { result, files } = seedOutcome(out, seed, 0);
                outputs.set(threads, JSON.stringify({ result, files }));
              },
            }),
          ),
        );
        const same = new Set(outputs.values()).size === 1;
        const walls = measured.map(
          (b, i) =>
            `${counts[i]} thread(s) ${b.samples_ms.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`,
        );
        const line = [`${mode} seed ${seed}: ${walls.join('; ')}`];
        for (let i = 1; i < counts.length; i++) {
          const r = ratioSpread(measured[0].samples_ms, measured[i].samples_ms);
          line.push(
            `speed-up ${counts[i]}/${counts[0]} threads ${r.median.toFixed(2)} [${r.min.toFixed(2)}–${r.max.toFixed(2)}]`,
          );
        }
        line.push(same ? 'results byte-identical' : 'RESULTS DIFFER');
        process.stdout.write(`${line.join('; ')}\n`);
        if (!same) process.exitCode = 1;
      }
      continue;
    }
    const outs = [];
    const report = (o) => {
      const train = trainTotal(o.trainSeconds);
      const perModel = perModelTimes(o.trainSeconds, 's');
      process.stdout.write(
        `${mode} seed ${o.seed}: wall ${o.wall.toFixed(2)} s, training ${train.toFixed(2)} s (${((100 * train) / o.wall).toFixed(0)}%) [${perModel}]\n`,
      );
      outs.push(o);
    };
    const seedsPhase = await timeOnce(`dose.${mode}.seeds`, () =>
      runSeeds({
        mode,
        seeds,
        workers,
        workerUrl: new URL(import.meta.url),
        runOne,
        onResult: report,
      }),
    );
    // The aggregation reads the seeds' sidecars from disk, as in a run.
    const sidecars = sidecarsOnDisk('zpb-bench-dose-', mode, m.config, seeds, outs);
    const aggregate = await timeOnce(`dose.${mode}.aggregate`, () =>
      domain.aggregate(sidecars.context()),
    );
    sidecars.remove();
    const train = trainTotalOf(outs);
    const cpu = outs.reduce((s, o) => s + o.wall, 0);
    process.stdout.write(
      `${mode}: ${seeds.length} seed(s) on ${workers || 1} thread(s): seeds wall ${seedsPhase.seconds.toFixed(2)} s + aggregate ${aggregate.seconds.toFixed(2)} s; training share of seed time ${((100 * train) / cpu).toFixed(0)}%\n`,
    );
  }
}
