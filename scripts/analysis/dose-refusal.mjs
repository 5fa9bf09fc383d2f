// The pre-registered analysis of the SCM's in-range refusal (docs/domains/dose.md, "Why the SCM
// refuses in-range inputs"). Retrains the four DOSE models per seed exactly as a paper run does
// (same generator, streams and trainers, read from the built package's modules) and measures, on
// truly in-range inputs, where and how each model refuses them.
// Usage: npx -y pnpm@10.34.8 -s build && node scripts/analysis/dose-refusal.mjs
//        [--variant base|wide|long] [--seeds 0-9] [--out file.json]
import { writeFileSync } from 'node:fs';
import { trainEpsEnsemble } from '../../packages/domain-dose/dist/eps-ensemble-model.js';
import { DOSE_PAPER_CONFIG, generateDataset } from '../../packages/domain-dose/dist/index.js';
import { trainMlp } from '../../packages/domain-dose/dist/mlp-model.js';
import { trainRationalEps } from '../../packages/domain-dose/dist/rational-eps-model.js';
import { trainScm } from '../../packages/domain-dose/dist/scm-model.js';
import { createRng } from '../../packages/nn/dist/index.js';

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const variant = flag('--variant', 'base');
const [s0, s1] = flag('--seeds', variant === 'base' ? '0-9' : '0-2')
  .split('-')
  .map(Number);
const seeds = Array.from({ length: (s1 ?? s0) - s0 + 1 }, (_, i) => s0 + i);
const out = flag('--out', null);

const base = DOSE_PAPER_CONFIG;
const CONFIGS = {
  base,
  wide: { ...base, models: { ...base.models, hidden: 64, ensemble_hidden: 32 } },
  long: { ...base, train: { ...base.train, steps: 32_000, log_every: 4_000 } },
};
const config = CONFIGS[variant];
if (!config) throw new Error(`--variant takes ${Object.keys(CONFIGS).join(', ')}`);
const TRAINERS = {
  scm: trainScm,
  rational_eps: trainRationalEps,
  eps_ensemble: trainEpsEnsemble,
  mlp: trainMlp,
};
const IN_RANGE = 1;
const BANDS = [0, 0.5, 0.8, 0.95, 1.0000001];
const Q_BANDS = [0, 0.3, 0.6, 0.7];

/** Per in-range sample of a split: |y|, whether a neighbouring dose of its compound is censored. */
function inRangeSamples(split) {
  const byCompound = new Map();
  for (let i = 0; i < split.n; i++) {
    const c = split.compound[i];
    if (!byCompound.has(c)) byCompound.set(c, []);
    byCompound.get(c).push(i);
  }
  const samples = [];
  for (const rows of byCompound.values()) {
    rows.sort((a, b) => split.log10Dose[a] - split.log10Dose[b]);
    rows.forEach((r, j) => {
      if (split.label[r] !== IN_RANGE) return;
      const censored = (k) => k >= 0 && k < rows.length && split.label[rows[k]] !== IN_RANGE;
      samples.push({
        row: r,
        absY: Math.abs(split.target[r]),
        edge: censored(j - 1) || censored(j + 1),
      });
    });
  }
  return samples;
}

/** Validation loss (total; summed over ensemble members) of a train-log entry. */
function valTotal(entry) {
  let sum = 0;
  for (const [k, v] of Object.entries(entry.metrics)) {
    if (k === 'val_total' || (k.startsWith('val_') && k.endsWith('.total'))) sum += v;
  }
  return sum;
}

function refusalStats(model, split) {
  const pred = model.predict(split, config.tau_infer);
  const samples = inRangeSamples(split);
  const band = BANDS.slice(0, -1).map(() => ({ n: 0, refused: 0 }));
  const edge = { true: { n: 0, refused: 0 }, false: { n: 0, refused: 0 } };
  const qBand = Q_BANDS.map(() => 0);
  let refused = 0;
  let highOrEdge = 0;
  let targetNearGate = 0;
  for (const s of samples) {
    const r = pred.bottom[s.row] === 1;
    const b = BANDS.findIndex((lo, i) => s.absY >= lo && s.absY < BANDS[i + 1]);
    band[b].n++;
    edge[s.edge].n++;
    if (1 / Math.sqrt(1 + s.absY ** 2) < config.tau_infer + 0.02) targetNearGate++;
    if (!r) continue;
    refused++;
    band[b].refused++;
    edge[s.edge].refused++;
    if (s.absY >= 0.8 || s.edge) highOrEdge++;
    if (pred.qAbs) {
      const q = pred.qAbs[s.row];
      const k = Q_BANDS.findLastIndex((lo) => q >= lo);
      qBand[k]++;
    }
  }
  return {
    n: samples.length,
    refusalRate: refused / samples.length,
    byBand: band.map((x, i) => ({ band: [BANDS[i], Math.min(1, BANDS[i + 1])], ...x })),
    byEdge: edge,
    refusedHighOrEdgeShare: refused ? highOrEdge / refused : null,
    refusedByQ: pred.qAbs
      ? Q_BANDS.map((lo, i) => ({
          q: [lo, Q_BANDS[i + 1] ?? config.tau_infer],
          share: qBand[i] / (refused || 1),
        }))
      : null,
    targetsWithin002OfGate: targetNearGate / samples.length,
  };
}

const results = [];
for (const seed of seeds) {
  const data = generateDataset(config.generator, seed);
  const row = { seed, models: {} };
  for (const [id, train] of Object.entries(TRAINERS)) {
    const t0 = performance.now();
    const model = train(
      config,
      data.splits.train,
      data.splits.val,
      createRng(`dose:model:${id}:${seed}`),
    );
    const log = model.trainLog;
    const last = log.at(-1);
    const quarter = log.findLast((e) => e.step <= 0.75 * last.step) ?? log[0];
    row.models[id] = {
      seconds: (performance.now() - t0) / 1000,
      test: refusalStats(model, data.splits.test),
      train: { refusalRate: refusalStats(model, data.splits.train).refusalRate },
      valLoss: {
        atThreeQuarters: valTotal(quarter),
        atEnd: valTotal(last),
        steps: [quarter.step, last.step],
      },
    };
  }
  results.push(row);
  process.stderr.write(
    `seed ${seed}: ${Object.entries(row.models)
      .map(([id, m]) => `${id} refuses ${(100 * m.test.refusalRate).toFixed(1)}%`)
      .join(', ')}\n`,
  );
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const summary = {};
for (const id of Object.keys(TRAINERS)) {
  const ms = results.map((r) => r.models[id]);
  const pooled = (f) => {
    let n = 0;
    let k = 0;
    for (const m of ms) {
      const x = f(m);
      n += x.n;
      k += x.refused;
    }
    return { n, rate: k / n };
  };
  summary[id] = {
    testRefusal: mean(ms.map((m) => m.test.refusalRate)),
    trainRefusal: mean(ms.map((m) => m.train.refusalRate)),
    byBand: ms[0].test.byBand.map((b, i) => ({ band: b.band, ...pooled((m) => m.test.byBand[i]) })),
    edgeAdjacent: pooled((m) => m.test.byEdge.true),
    interior: pooled((m) => m.test.byEdge.false),
    refusedHighOrEdgeShare: mean(ms.map((m) => m.test.refusedHighOrEdgeShare ?? 0)),
    refusedByQ: ms[0].test.refusedByQ
      ? ms[0].test.refusedByQ.map((q, i) => ({
          q: q.q,
          share: mean(ms.map((m) => m.test.refusedByQ[i].share)),
        }))
      : null,
    targetsWithin002OfGate: mean(ms.map((m) => m.test.targetsWithin002OfGate)),
    valLossDrop: mean(ms.map((m) => 1 - m.valLoss.atEnd / m.valLoss.atThreeQuarters)),
    valLossEnd: mean(ms.map((m) => m.valLoss.atEnd)),
    secondsPerSeed: mean(ms.map((m) => m.seconds)),
  };
}
const doc = {
  variant,
  seeds,
  config: { hidden: config.models.hidden, steps: config.train.steps },
  summary,
  results,
};
if (out) writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
console.log(JSON.stringify({ variant, seeds, summary }, null, 2));
