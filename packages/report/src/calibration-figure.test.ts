import { describe, expect, it } from 'vitest';
import { createCalibrationFigureSpec, renderCalibrationFigure } from './calibration-figure.js';

describe('calibration figure', () => {
  it('draws six correlated curves and the baseline beside the locally regressed curve', async () => {
    const spec = createCalibrationFigureSpec() as {
      hconcat: {
        data: { values: { seed?: string; run?: string; step: number; loss: number }[] };
      }[];
    };
    const [left, right] = spec.hconcat;
    expect(new Set(left!.data.values.map((v) => v.seed)).size).toBe(6);
    expect(left!.data.values).toHaveLength(6 * 80);
    const last = (run: string) => right!.data.values.filter((v) => v.run === run).at(-1)!;
    // The regressed curve's last step carries the +0.33 spike on top of two N(0, 0.05) draws.
    expect(last('regressed').loss - last('baseline').loss).toBeGreaterThan(
      0.33 - 4 * 0.05 * Math.SQRT2,
    );
    const svg = await renderCalibrationFigure();
    expect(svg.startsWith('<svg')).toBe(true);
    await expect(svg).toMatchFileSnapshot('__snapshots__/calibration_regimes.svg');
    expect(await renderCalibrationFigure()).toBe(svg);
  });
});
