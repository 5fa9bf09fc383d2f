import { describe, expect, it } from 'vitest';
import {
  formatSlotChange,
  formatSlotP,
  renderMethod,
  renderRegression,
  slotChange,
} from './render-regression.js';
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
        metric    step   baseline    current  change          p
        min:loss     1  0.13±0.04  0.13±0.04  0% (unchanged)  1.000 (zero variance)
        min:loss    30  0.13±0.04  0.13±0.04  0% (unchanged)  1.000 (zero variance)
        min:loss   100  0.13±0.04  0.33±0.04  +155% (worse)   0.000 (zero variance)  ✗ flagged"
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
      `"PASS  acc  0.000→0.000  0 (unchanged)  p=1.000 (zero variance)"`,
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

describe('slot changes as the metric moved', () => {
  const noisy = [0.0, 0.01, -0.01, 0.02, -0.02, 0.0];
  const slots = [
    // A loss whose mean rose from 0.1 to 0.305: +205% (worse), whatever the goodness sign.
    {
      metric: 'min:loss',
      step: 0,
      baseline: noisy.map((x) => 0.1 + x),
      current: noisy.map((x, i) => 0.3 + x + (i % 2) * 0.01),
    },
    // An accuracy whose mean rose from 0.8 to 0.87: +8.75% (better).
    {
      metric: 'acc',
      step: 0,
      baseline: noisy.map((x) => 0.8 + x),
      current: noisy.map((x, i) => 0.88 + x - (i % 2) * 0.02),
    },
    // A baseline mean of exactly 0: the absolute change, never a 1e9-scale relative one.
    { metric: 'gap', step: 0, baseline: [0, 0, 0, 0, 0, 0], current: noisy.map((x) => x + 0.05) },
  ];
  const r = checkRegression({ slots });

  it('gives the relative change of the metric with its direction, absolute on a zero baseline', () => {
    const byMetric = new Map(r.slots.map((s) => [s.metric, s]));
    const loss = byMetric.get('min:loss')!;
    expect(slotChange(loss).relative).toBeCloseTo(2.05, 12);
    expect(formatSlotChange(loss)).toBe('+205% (worse)');
    expect(formatSlotChange(byMetric.get('acc')!)).toBe('+8.75% (better)');
    const gap = byMetric.get('gap')!;
    expect(slotChange(gap)).toEqual({
      absolute: gap.currentMean,
      relative: null,
      direction: 'better',
    });
    expect(formatSlotChange(gap)).toBe('+0.05 (better)');
  });

  it('shows each slot’s p as the flag uses it: flagged exactly when p < alpha', () => {
    for (const s of r.slots) {
      expect(s.zeroVariance).toBe(false);
      expect(s.flagged).toBe(s.p < r.alpha);
      expect(formatSlotP(s)).toBe(s.p >= 1e-3 ? s.p.toFixed(3) : s.p.toExponential(1));
    }
    const text = renderRegression(r, { verbose: true }).split('\n');
    const lossRow = text.find((l) => l.includes('min:loss'))!;
    expect(lossRow).toContain(formatSlotP(r.slots.find((s) => s.metric === 'min:loss')!));
    expect(lossRow.endsWith('✗ flagged')).toBe(true);
    expect(text.join('\n')).not.toMatch(/e\+|1000000/);
  });

  it('says how many sign patterns were enumerated or drawn', () => {
    expect(renderMethod(r)).toBe(
      `method: exact: all 64 sign patterns enumerated, ${r.permGe} at least as severe as observed; meta-p=${r.metaP.toPrecision(3)} at alpha 0.05`,
    );
    const mc = checkRegression({ slots }, { nPerm: 32 });
    expect(renderMethod(mc)).toMatch(/^method: Monte Carlo: 32 sign patterns drawn, \d+ at least/);
  });
});
