import { describe, expect, it } from 'vitest';
import { directionLoss } from './frozen-dirhead.js';
import type { DoseSplit } from './generator.js';
import { mlpLoss } from './mlp-model.js';
import { rationalLoss } from './rational-eps-model.js';
import { scmLoss } from './scm-model.js';
import type { LossResult } from './train-loop.js';

// Four samples: below, in range (y = 0.3), above, in range (y = −0.8).
const split = {
  n: 4,
  nFeatures: 1,
  x: new Float64Array(4),
  ids: ['0:0', '0:1', '0:2', '0:3'],
  compound: new Int32Array(4),
  log10Dose: new Float64Array(4),
  response: new Float64Array([5, 63, 95, 18]),
  target: new Float64Array([-1.125, 0.3, 1.125, -0.8]),
  label: new Int8Array([0, 1, 2, 1]),
} satisfies DoseSplit;
const rows = Int32Array.from([0, 1, 2, 3]);

function checkFiniteDifferences(loss: (out: Float64Array) => LossResult, out: Float64Array): void {
  const analytic = loss(out).dOut;
  const h = 1e-6;
  for (let k = 0; k < out.length; k++) {
    const up = Float64Array.from(out);
    const down = Float64Array.from(out);
    up[k] = (up[k] as number) + h;
    down[k] = (down[k] as number) - h;
    const fd =
      ((loss(up).components.total as number) - (loss(down).components.total as number)) / (2 * h);
    expect(analytic[k]).toBeCloseTo(fd, 6);
  }
}

describe('loss gradients', () => {
  it('Rational+ε: MSE against limit-imputed targets matches finite differences', () => {
    checkFiniteDifferences(
      (o) => rationalLoss(o, rows, split, 0.01),
      Float64Array.from([0.2, 0.9, -0.4, -1.3, 1.1, 0.7, 0.05, 0.3]),
    );
  });

  it('MLP: masked MSE + cross-entropy matches finite differences', () => {
    checkFiniteDifferences(
      (o) => mlpLoss(o, rows, split, 1),
      Float64Array.from([
        0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.1, -0.2, 0.3, 0.9, -0.1, 0.4, 0.2, 0.1, -0.5,
      ]),
    );
  });

  it('direction head: cross-entropy on censored rows only matches finite differences', () => {
    const out = Float64Array.from([0.3, -2, -0.7, 5]);
    checkFiniteDifferences((o) => directionLoss(o, rows, split), out);
    const d = directionLoss(out, rows, split).dOut;
    expect([d[1], d[3]]).toEqual([0, 0]);
  });

  it('SCM: the loss is invariant to rescaling (a, b) (up to the 1e-12 norm floor), whose gradient is orthogonal to (a, b)', () => {
    const cfg = {
      gamma: 0.1,
      tauTrain: 0.75,
      marginWeight: 0.1,
      directionWeight: 1,
      trainDirection: true,
    };
    const out = Float64Array.from([0.9, 0.2, -1, 0.4, 1.1, 0.3, 0.1, -0.5, 2, -0.6, 0.8, 0]);
    const scaled = out.map((v, i) => (i % 3 === 2 ? v : 3 * v));
    const a = scmLoss(out, rows, split, cfg);
    expect(scmLoss(scaled, rows, split, cfg).components.total).toBeCloseTo(
      a.components.total as number,
      9,
    );
    for (let i = 0; i < 4; i++) {
      const dot =
        (a.dOut[3 * i] as number) * (out[3 * i] as number) +
        (a.dOut[3 * i + 1] as number) * (out[3 * i + 1] as number);
      expect(dot).toBeCloseTo(0, 9);
    }
    // Direction gradients only on the censored rows (0 and 2).
    expect([a.dOut[5], a.dOut[11]]).toEqual([0, 0]);
  });

  it('SCM: for a censored target the implicit loss is Q² / (P² + γ) on the unit circle', () => {
    const cfg = {
      gamma: 0.1,
      tauTrain: 0.75,
      marginWeight: 0,
      directionWeight: 0,
      trainDirection: false,
    };
    const out = Float64Array.from([0.6, 0.8, 0]); // (P, Q) = (0.6, 0.8)
    const res = scmLoss(out, Int32Array.from([0]), split, cfg);
    expect(res.components.implicit).toBeCloseTo(0.64 / (0.36 + 0.1), 12);
  });
});
