import { calibrationRegimes } from '@zpbench/stats';
import { renderVegaLiteToSvg } from './vega-render.js';

/**
 * The vega-lite spec of `zpbench calibrate-tests`'s figure: the two data regimes of stats.md §4
 * side by side, six correlated loss curves (a per-seed offset moves a whole curve: the
 * no-regression case) and a baseline curve beside one whose last step regressed (the local case).
 */
export function createCalibrationFigureSpec(
  regimes: ReturnType<typeof calibrationRegimes> = calibrationRegimes(),
): Record<string, unknown> {
  const correlated = regimes.correlated.flatMap((row, seed) =>
    row.map((loss, step) => ({ seed: `seed ${seed + 1}`, step, loss })),
  );
  const local = [
    ...regimes.baseline.map((loss, step) => ({ run: 'baseline', step, loss })),
    ...regimes.regressed.map((loss, step) => ({ run: 'regressed', step, loss })),
  ];
  const axes = {
    x: { field: 'step', type: 'quantitative', title: 'step' },
    y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
  };
  return {
    title: {
      text: 'The two regimes of the calibration (stats.md §4)',
      subtitle: 'loss = exp(−step/30) + 0.10 + N(0, 0.05); left + N(0, 0.05) per seed',
    },
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    hconcat: [
      {
        title: 'no regression: correlated steps',
        width: 300,
        height: 200,
        data: { values: correlated },
        mark: { type: 'line', strokeWidth: 1, opacity: 0.8 },
        encoding: { ...axes, color: { field: 'seed', type: 'nominal', legend: null } },
      },
      {
        title: 'local regression: one step +0.33',
        width: 300,
        height: 200,
        data: { values: local },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          ...axes,
          color: { field: 'run', type: 'nominal', title: null, legend: { orient: 'top-right' } },
        },
      },
    ],
  };
}

/** The calibration figure as a deterministic SVG document. */
export function renderCalibrationFigure(
  regimes?: ReturnType<typeof calibrationRegimes>,
): Promise<string> {
  return renderVegaLiteToSvg(createCalibrationFigureSpec(regimes));
}
