/**
 * The DOSE-style composition built from this package's public pieces: an MLP backbone gives a
 * latent, tanh squashes it into the Chebyshev range, a rational head gives (P, Q), a direction
 * head gives below/above logits; trained with implicit + margin + cross-entropy, strict-decoded.
 */
import { describe, expect, it } from 'vitest';
import { createActivation } from './activations.js';
import { Dense } from './dense.js';
import {
  finiteTargetMask,
  implicitLoss,
  liftTargets,
  marginLoss,
  softmaxCrossEntropy,
} from './losses.js';
import { createMatrix, type Matrix } from './matrix.js';
import { zeroGrad } from './module.js';
import { createAdam } from './optimizer.js';
import { RationalHead } from './rational-head.js';
import { createRng } from './rng.js';
import { mlp } from './sequential.js';
import { strictDecode } from './strict-decode.js';
import { gradientError } from './testing/grad-check.js';
import { gatherRows, trainSteps } from './train-steps.js';

function buildModel(seed: number) {
  const rng = createRng(seed);
  const backbone = mlp([1, 12, 12], 'silu', rng.fork('backbone'), { outputActivation: 'silu' });
  const toLatent = new Dense(12, 1, rng.fork('latent'), { name: 'latent' });
  const squash = createActivation('tanh');
  const head = new RationalHead(rng.fork('head'), { degreeP: 3, degreeQ: 3 });
  const direction = new Dense(12, 2, rng.fork('direction'), { name: 'direction' });
  const params = [
    ...backbone.parameters(),
    ...toLatent.parameters(),
    ...head.parameters(),
    ...direction.parameters(),
  ];
  /** Loss of a batch; with `backward` it also accumulates every gradient. */
  const loss = (
    x: Matrix,
    y: Matrix,
    labels: Int32Array,
    censored: Float64Array,
    backward: boolean,
  ) => {
    const h = backbone.forward(x, { train: true });
    const z = squash.forward(toLatent.forward(h));
    const { p, q } = head.forward(z);
    const logits = direction.forward(h);
    const { yn, yd } = liftTargets(y);
    const imp = implicitLoss(p, q, yn, yd, { stopGradient: false });
    const margin = marginLoss(q, 1e-2, finiteTargetMask(y));
    const ce = softmaxCrossEntropy(logits, labels, censored);
    if (backward) {
      for (let i = 0; i < q.rows; i++) imp.dQ.data[i] = imp.dQ.data[i]! + margin.dQ.data[i]!;
      const dzFromHead = head.backward(imp.dP, imp.dQ);
      const dh = Float64Array.from(toLatent.backward(squash.backward(dzFromHead)).data);
      const dhDir = direction.backward(ce.grad).data;
      for (let i = 0; i < dh.length; i++) dh[i] = dh[i]! + dhDir[i]!;
      backbone.backward(createMatrix(h.rows, h.cols, dh));
    }
    return {
      total: imp.value + margin.value + ce.value,
      implicit: imp.value,
      margin: margin.value,
      ce: ce.value,
    };
  };
  const predict = (x: Matrix) => {
    const h = backbone.forward(x);
    const { p, q } = head.forward(squash.forward(toLatent.forward(h)));
    return { p, q, logits: direction.forward(h) };
  };
  return { params, loss, predict };
}

/** v(x) = 3x inside an assay window [−1, 1]; censored below/above become −∞/+∞ targets. */
function data(n: number) {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const labels = new Int32Array(n);
  const censored = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = -1 + (2 * i) / (n - 1);
    const v = 3 * xi;
    x[i] = xi;
    y[i] = v < -1 ? Number.NEGATIVE_INFINITY : v > 1 ? Number.POSITIVE_INFINITY : v;
    labels[i] = v > 1 ? 1 : 0;
    censored[i] = Math.abs(v) > 1 ? 1 : 0;
  }
  return { x, y, labels, censored };
}

describe('SCM composition (backbone → rational head + direction head)', () => {
  it('passes an end-to-end gradient check through every parameter', () => {
    const m = buildModel(4);
    const d = data(9);
    const x = createMatrix(9, 1, d.x);
    const y = createMatrix(9, 1, d.y);
    zeroGrad(m.params);
    m.loss(x, y, d.labels, d.censored, true);
    const fn = () => m.loss(x, y, d.labels, d.censored, false).total;
    for (const p of m.params) {
      expect(gradientError(fn, p.value, Float64Array.from(p.grad))).toBeLessThan(1e-6);
    }
  });

  it('trains deterministically and decodes with masks that keep their invariants', () => {
    const run = () => {
      const m = buildModel(5);
      const n = 64;
      const d = data(n);
      const xb = new Float64Array(16);
      const yb = new Float64Array(16);
      const lb = new Int32Array(16);
      const cb = new Float64Array(16);
      const res = trainSteps({
        steps: 300,
        batchSize: 16,
        nSamples: n,
        rng: createRng(5).fork('batches'),
        optimizer: createAdam(m.params, { lr: 5e-3 }),
        lossStep: (batch) => {
          const b = batch.length;
          gatherRows(d.x, 1, batch, xb);
          gatherRows(d.y, 1, batch, yb);
          gatherRows(d.censored, 1, batch, cb);
          for (let i = 0; i < b; i++) lb[i] = d.labels[batch[i]!]!;
          const { total, implicit, margin, ce } = m.loss(
            createMatrix(b, 1, xb.subarray(0, b)),
            createMatrix(b, 1, yb.subarray(0, b)),
            lb.subarray(0, b),
            cb.subarray(0, b),
            true,
          );
          return { loss: total, implicit, margin, ce };
        },
      });
      const out = m.predict(createMatrix(n, 1, d.x));
      return { res, out, m };
    };
    const a = run();
    const b = run();
    expect(b.m.params.map((p) => Array.from(p.value))).toEqual(
      a.m.params.map((p) => Array.from(p.value)),
    );
    const first = a.res.log[0]!.metrics.loss!;
    const last = a.res.log[a.res.log.length - 1]!.metrics.loss!;
    expect(last).toBeLessThan(first);
    const dec = strictDecode(a.out.p, a.out.q, { tauInfer: 1e-6, tauTrain: 1e-2 });
    for (let i = 0; i < dec.bottom.length; i++) {
      expect(dec.bottom[i]).toBe(dec.fault[i]! | dec.semantic[i]!);
      expect(dec.bottom[i]! & dec.gap[i]!).toBe(0);
      expect(Number.isFinite(dec.decoded.data[i]!) || dec.bottom[i] === 1).toBe(true);
    }
  });
});
