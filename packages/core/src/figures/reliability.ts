/**
 * Reliability (calibration) diagrams for a categorical decision: how often an event happens among
 * the samples given each score. Domains keep the bins as sums in their sidecars (so seeds add up)
 * and turn them into a vega-lite spec here; the report renders that spec like any other figure.
 * Pure data in, plain objects out: nothing here reads files or knows a domain.
 */

/** One score bin as sums: the samples in [lo, hi) (the last bin includes hi). */
export interface ReliabilityBin {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  /** Σ score over the bin's samples. */
  readonly score_sum: number;
  /** Of them, the samples where the event happened. */
  readonly positives: number;
}

/**
 * Bins scores in [0, 1] into `bins` equal-width bins and counts the events (outcome ≠ 0) in each.
 * A score outside [0, 1] or NaN is clamped into the nearest end bin (NaN into the first).
 *
 * @example
 * const bins = binReliability([0.1, 0.8, 0.9], [0, 1, 0], 2);
 * // [{ lo: 0, hi: 0.5, count: 1, score_sum: 0.1, positives: 0 }, { lo: 0.5, hi: 1, count: 2, score_sum: 1.7, positives: 1 }]
 */
export function binReliability(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  bins: number,
): ReliabilityBin[] {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError('bins must be an integer ≥ 1');
  if (scores.length !== outcomes.length)
    throw new RangeError('scores and outcomes must have the same length');
  const count = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  const pos = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const raw = scores[i] as number;
    const s = Number.isNaN(raw) ? 0 : Math.min(Math.max(raw, 0), 1);
    const b = Math.min(Math.floor(s * bins), bins - 1);
    count[b] = (count[b] as number) + 1;
    sum[b] = (sum[b] as number) + s;
    if (outcomes[i]) pos[b] = (pos[b] as number) + 1;
  }
  return count.map((c, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: c,
    score_sum: sum[b] as number,
    positives: pos[b] as number,
  }));
}

/** Bins of the same edges summed (e.g. over seeds); the edges of `a` are kept. */
export function addReliabilityBins(
  a: readonly ReliabilityBin[],
  b: readonly ReliabilityBin[],
): ReliabilityBin[] {
  if (a.length !== b.length) throw new RangeError('reliability bins must have the same edges');
  return a.map((x, k) => {
    const y = b[k] as ReliabilityBin;
    return {
      lo: x.lo,
      hi: x.hi,
      count: x.count + y.count,
      score_sum: x.score_sum + y.score_sum,
      positives: x.positives + y.positives,
    };
  });
}

/**
 * Expected calibration error Σ_b (n_b / N)·|observed_b − mean score_b| over non-empty bins; null
 * when every bin is empty.
 */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number | null {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (total === 0) return null;
  let e = 0;
  for (const b of bins) {
    if (b.count === 0) continue;
    e += (b.count / total) * Math.abs(b.positives / b.count - b.score_sum / b.count);
  }
  return e;
}

/** Options of {@link createReliabilitySpec}. */
export interface ReliabilitySpecOptions {
  /** Bins per series (e.g. per model or per class); one series is drawn per key. */
  readonly series: Readonly<Record<string, readonly ReliabilityBin[]>>;
  /** Axis title of the score, e.g. "p(bottom)". */
  readonly scoreTitle: string;
  /** Axis title of the observed frequency, e.g. "observed rate of |det J| ≤ 1e-5". */
  readonly outcomeTitle: string;
  /** Legend title of the series (default "series"). */
  readonly seriesTitle?: string;
  /** Plot width in pixels (default 320). */
  readonly width?: number;
}

/**
 * A vega-lite spec of a reliability diagram with its data inlined: the observed event rate
 * against the mean score of each non-empty bin (points sized by count, joined by a line per
 * series) over
 * the diagonal of perfect calibration, and below it the number of samples per bin (log scale).
 * The series' expected calibration errors go into the legend labels.
 *
 * @example
 * const spec = createReliabilitySpec({ series: { scm: bins }, scoreTitle: 'p(bottom)', outcomeTitle: 'observed rate' });
 */
export function createReliabilitySpec(options: ReliabilitySpecOptions): Record<string, unknown> {
  const width = options.width ?? 320;
  const seriesTitle = options.seriesTitle ?? 'series';
  const points = Object.entries(options.series).flatMap(([name, bins]) => {
    const ece = expectedCalibrationError(bins);
    const label = `${name} (ECE ${ece === null ? 'n/a' : ece.toFixed(3)})`;
    return bins
      .filter((b) => b.count > 0)
      .map((b) => ({
        series: label,
        lo: b.lo,
        hi: b.hi,
        count: b.count,
        mean_score: b.score_sum / b.count,
        observed_rate: b.positives / b.count,
      }));
  });
  const x = {
    field: 'mean_score',
    type: 'quantitative',
    title: options.scoreTitle,
    scale: { domain: [0, 1] },
  };
  const color = { field: 'series', type: 'nominal', title: seriesTitle };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    vconcat: [
      {
        width,
        height: width,
        layer: [
          {
            data: {
              values: [
                { mean_score: 0, observed_rate: 0 },
                { mean_score: 1, observed_rate: 1 },
              ],
            },
            mark: { type: 'line', strokeDash: [4, 4], color: '#8c959f' },
            encoding: {
              x,
              y: { field: 'observed_rate', type: 'quantitative' },
            },
          },
          {
            data: { values: points },
            mark: { type: 'line' },
            encoding: { x, y: { field: 'observed_rate', type: 'quantitative' }, color },
          },
          {
            data: { values: points },
            mark: { type: 'point', filled: true, opacity: 0.9 },
            encoding: {
              x,
              y: {
                field: 'observed_rate',
                type: 'quantitative',
                title: options.outcomeTitle,
                scale: { domain: [0, 1] },
              },
              color,
              size: {
                field: 'count',
                type: 'quantitative',
                title: 'samples',
                scale: { type: 'sqrt', range: [25, 400] },
              },
              tooltip: [
                { field: 'series' },
                { field: 'lo' },
                { field: 'hi' },
                { field: 'count' },
                { field: 'mean_score', format: '.3f' },
                { field: 'observed_rate', format: '.3f' },
              ],
            },
          },
        ],
      },
      {
        width,
        height: 90,
        data: { values: points },
        mark: { type: 'bar', opacity: 0.6 },
        encoding: {
          x: {
            field: 'lo',
            type: 'quantitative',
            title: `${options.scoreTitle} (bin start)`,
            scale: { domain: [0, 1] },
          },
          x2: { field: 'hi' },
          y: {
            field: 'count',
            type: 'quantitative',
            title: 'samples',
            scale: { type: 'symlog' },
            stack: null,
          },
          y2: { datum: 0 },
          color,
        },
      },
    ],
  };
}
