#!/usr/bin/env node
/**
 * IK speed bench. Runs `ikDomain.runSeed` directly and prints per-seed wall and CPU time and the
 * share spent in training (the SCM's exact fit included); `--workers N` runs the seeds on N worker
 * threads (like the runner) and adds the aggregation time, giving the wall time of a whole run
 * without the report. The whole command as a user runs it (process, reports, manifest) is timed by
 * `node scripts/bench/domains/index.mjs --domains ik`.
 * Usage: node scripts/bench/domains/ik.mjs [smoke|paper|both] [--seeds 0,1] [--workers 2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { configHash, createRunReader, writeRunFile } from '@zpbench/core';
import { ikDomain as domain } from '@zpbench/domain-ik';

async function runOne(mode, seed) {
  const m = domain.modes[mode];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await domain.runSeed({
    domain: 'ik',
    mode,
    seed,
    config: m.config,
    configHash: configHash(m.config),
    parent: null,
    progress: () => {},
  });
  const cpu = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  const files = Object.fromEntries(out.files.map((f) => [f.path, String(f.content)]));
  return {
    seed,
    wall,
    cpu: (cpu.user + cpu.system) / 1e6,
    trainSeconds: out.trainSeconds ?? {},
    result: out.result,
    files,
  };
}

if (!isMainThread) {
  for (const seed of workerData.seeds) parentPort.postMessage(await runOne(workerData.mode, seed));
} else {
  const args = process.argv.slice(2);
  const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const which = args[0] && !args[0].startsWith('--') ? args[0] : 'both';
  const workers = Number(flag('--workers') ?? 0);
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
        .map(([k, v]) => `${k} ${v.toFixed(2)}s`)
        .join(', ');
      process.stdout.write(
        `${mode} seed ${o.seed}: wall ${o.wall.toFixed(2)} s, cpu ${o.cpu.toFixed(2)} s, training ${train.toFixed(2)} s (${((100 * train) / o.wall).toFixed(0)}% of wall) [${perModel}]\n`,
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
    const seedsWall = (performance.now() - t0) / 1000;
    // The aggregation reads the seeds' sidecars from disk, as in a run.
    const dir = mkdtempSync(join(tmpdir(), 'zpb-bench-ik-'));
    const records = outs.flatMap((o) =>
      Object.entries(o.files).map(([path, content]) =>
        writeRunFile(dir, `seed_${o.seed}/${path}`, content),
      ),
    );
    const a0 = performance.now();
    domain.aggregate({
      mode,
      config: m.config,
      configHash: configHash(m.config),
      seeds: [...seeds].sort((a, b) => a - b),
      seedResults: new Map(outs.map((o) => [o.seed, o.result])),
      parent: null,
      read: createRunReader(dir, Object.fromEntries(records.map((r) => [r.path, r]))),
    });
    const aggWall = (performance.now() - a0) / 1000;
    rmSync(dir, { recursive: true, force: true });
    const cpu = outs.reduce((s, o) => s + o.cpu, 0);
    const train = outs.reduce(
      (s, o) => s + Object.values(o.trainSeconds).reduce((a, b) => a + b, 0),
      0,
    );
    const wallSum = outs.reduce((s, o) => s + o.wall, 0);
    process.stdout.write(
      `${mode}: ${seeds.length} seed(s) on ${workers || 1} thread(s): seeds wall ${seedsWall.toFixed(2)} s (cpu ${cpu.toFixed(2)} s) + aggregate ${aggWall.toFixed(2)} s; training share of seed time ${((100 * train) / wallSum).toFixed(0)}%\n`,
    );
  }
}
