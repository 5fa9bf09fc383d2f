import { describe, expect, it } from 'vitest';
import { implicitLoss, liftTargets } from './losses.js';
import { createMatrix } from './matrix.js';
import { zeroGrad } from './module.js';
import { createAdam } from './optimizer.js';
import { type RationalBasis, RationalHead } from './rational-head.js';
import { createRng } from './rng.js';
import { strictDecode } from './strict-decode.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

const CONFIGS: [RationalBasis, boolean, boolean, boolean][] = [
  ['chebyshev', false, false, false],
  ['chebyshev', true, false, true],
  ['chebyshev', false, true, false],
  ['chebyshev', true, true, true],
  ['monomial', false, false, true],
  ['monomial', true, false, false],
  ['monomial', false, true, true],
  ['monomial', true, true, false],
];

describe('RationalHead', () => {
  it('evaluates Chebyshev and monomial bases exactly', () => {
    const z = createMatrix(2, 1, Float64Array.from([0.5, -0.3]));
    const cheb = new RationalHead(createRng(0), { degreeP: 3, degreeQ: 2 });
    cheb.pCoef.value.set([0, 0, 0, 1]); // P = T3(z) = 4z³ − 3z
    cheb.qCoef.value.set([0, 0, 1]); // Q = T2(z) = 2z² − 1
    const out = cheb.forward(z);
    expect(out.p.data[0]).toBeCloseTo(4 * 0.125 - 1.5, 15);
    expect(out.q.data[1]).toBeCloseTo(2 * 0.09 - 1, 15);
    const mono = new RationalHead(createRng(0), {
      degreeP: 2,
      degreeQ: 2,
      basis: 'monomial',
      monic: true,
    });
    mono.pCoef.value.set([1, 2, 3]);
    mono.qCoef.value.set([-0.25, 0]); // Q = z² − 0.25, zero at z = 0.5
    const m = mono.forward(z);
    expect(m.p.data[0]).toBeCloseTo(1 + 1 + 0.75, 15);
    expect(m.q.data[0]).toBe(0);
  });

  it('starts with Q ≡ 1 (non-monic) and positive coefficients through softplus', () => {
    const head = new RationalHead(createRng(1), {
      degreeP: 2,
      degreeQ: 3,
      positiveDenominator: true,
    });
    const { q } = head.forward(createMatrix(1, 1, Float64Array.from([0])));
    // softplus(inverseSoftplus(1)) = 1 at k=0, small positive elsewhere; T1(0)=0, T2(0)=-1, T3(0)=0.
    expect(q.data[0]).toBeCloseTo(1 - 1e-3, 12);
  });

  it.each(CONFIGS)(
    '%s basis (monic %s, positive %s, per-output Q %s) passes the gradient check',
    (basis, monic, positiveDenominator, denominatorPerOutput) => {
      const head = new RationalHead(createRng(2), {
        degreeP: 4,
        degreeQ: 3,
        outputs: 3,
        basis,
        monic,
        positiveDenominator,
        denominatorPerOutput,
      });
      fillPattern(head.qCoef.value, 0.7, 9);
      const n = 5;
      const z = createMatrix(n, 1, fillPattern(new Float64Array(n), 0.9));
      const cp = fillPattern(new Float64Array(n * 3), 1, 1);
      const cq = fillPattern(new Float64Array(n * head.qRows), 1, 2);
      const loss = () => {
        const { p, q } = head.forward(z);
        return probe(p.data, cp) + probe(q.data, cq);
      };
      loss();
      zeroGrad(head.parameters());
      const dz = Float64Array.from(
        head.backward(createMatrix(n, 3, cp), createMatrix(n, head.qRows, cq)).data,
      );
      expect(
        gradientError(loss, head.pCoef.value, Float64Array.from(head.pCoef.grad)),
      ).toBeLessThan(1e-6);
      expect(
        gradientError(loss, head.qCoef.value, Float64Array.from(head.qCoef.grad)),
      ).toBeLessThan(1e-6);
      expect(gradientError(loss, z.data, dz)).toBeLessThan(1e-6);
    },
  );

  it('fits y = 1/(x − 0.3) with a pole inside [-1, 1] under the (non-detached) implicit loss, with a near-zero Q at the pole', () => {
    // Training grid avoids |x − 0.3| < 0.02; one singular target (y = +∞) sits at the pole.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 200; i++) {
      const x = -1 + i / 100;
      if (Math.abs(x - 0.3) < 0.02) continue;
      xs.push(x);
      ys.push(1 / (x - 0.3));
    }
    xs.push(0.3);
    ys.push(Number.POSITIVE_INFINITY);
    const n = xs.length;
    const z = createMatrix(n, 1, Float64Array.from(xs));
    const { yn, yd } = liftTargets(createMatrix(n, 1, Float64Array.from(ys)));
    const head = new RationalHead(createRng('pole'), { degreeP: 2, degreeQ: 2 });
    const opt = createAdam(head.parameters(), { lr: 1e-2 });
    for (let s = 0; s < 4000; s++) {
      zeroGrad(head.parameters());
      const { p, q } = head.forward(z);
      // The detached-denominator gradient also drifts towards a smaller tuple (see docs/nn.md),
      // which Adam turns into a slow plateau here; the full gradient converges.
      const { dP, dQ } = implicitLoss(p, q, yn, yd, { stopGradient: false });
      head.backward(dP, dQ);
      opt.step();
    }
    const { p, q } = head.forward(z);
    const dec = strictDecode(p, q, { tauInfer: 1e-6 });
    expect(dec.bottom.slice(0, n - 1).every((b) => b === 0)).toBe(true);
    // Relative error of the decoded value on the regular points.
    let worst = 0;
    for (let i = 0; i < n - 1; i++) {
      const rel = Math.abs(
        ((dec.decoded.data[i] as number) - (ys[i] as number)) / (ys[i] as number),
      );
      worst = Math.max(worst, rel);
    }
    expect(worst).toBeLessThan(1e-3);
    // At the pole the denominator is (relatively) tiny: |Q/P| < 1e-4.
    expect(Math.abs((q.data[n - 1] as number) / (p.data[n - 1] as number))).toBeLessThan(1e-4);
  });
});
