import { describe, expect, it } from 'vitest';
import { renderRegression } from './render-regression.js';
import { checkRegression } from './severity.js';

const baseline = [0.0688, 0.1288, 0.1888, 0.1288, 0.0988, 0.1588];
const steps = [1, 30, 100];

describe('renderRegression', () => {
  it('prints the multi-slot summary and, verbose on FAIL, the per-slot table', () => {
    const slots = steps.map((step) => ({
      metric: 'min:loss',
      step,
      baseline,
      current: step === 100 ? baseline.map((x) => x + 0.2) : baseline,
    }));
    const r = checkRegression({ slots });
    expect(renderRegression(r, { verbose: true })).toMatchInlineSnapshot(`
      "FAIL  1 metrics × 3 steps   1/3 slots flagged  meta-p=0.016
        metric     step  baseline → current  Δ  p
        min:loss      1  0.13±0.04 → 0.13±0.04  +0.0%  1.000
        min:loss     30  0.13±0.04 → 0.13±0.04  +0.0%  1.000
        min:loss    100  0.13±0.04 → 0.33±0.04  -155.3%  0.000  ✗"
    `);
    expect(renderRegression(r, { name: 'bench_synthetic' })).toMatchInlineSnapshot(
      `"bench_synthetic   .......... FAIL   1 metrics × 3 steps   1/3 slots flagged  meta-p=0.016"`,
    );
  });

  it('prints the single-slot line with the per-slot p and the floor warning', () => {
    const r = checkRegression({
      slots: [
        { metric: 'acc', step: 0, baseline: [0, 0, 0, 0, 0, 0], current: [0, 0, 0, 0, 0, 0] },
      ],
    });
    expect(renderRegression(r)).toMatchInlineSnapshot(
      `"PASS  acc  0.000→0.000  Δ+0.0%  p=1.00  ⚠ effect unreliable"`,
    );
  });

  it('prints PASS with meta-p=1.000 and no table for identical runs', () => {
    const slots = steps.map((step) => ({ metric: 'min:loss', step, baseline, current: baseline }));
    expect(renderRegression(checkRegression({ slots }), { verbose: true })).toMatchInlineSnapshot(
      `"PASS  1 metrics × 3 steps   0/3 slots flagged  meta-p=1.000"`,
    );
  });

  it('counts a series beside a single-step metric as metrics and slots, never a false product', () => {
    const slots = [
      ...steps.map((step) => ({ metric: 'min:loss', step, baseline, current: baseline })),
      { metric: 'acc', step: 0, baseline, current: baseline },
    ];
    expect(renderRegression(checkRegression({ slots }))).toMatchInlineSnapshot(
      `"PASS  2 metrics, 4 slots   0/4 slots flagged  meta-p=1.000"`,
    );
  });
});
