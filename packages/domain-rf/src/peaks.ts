import type { RfEvalConfig } from './config.js';
import { peakFrequency, resonatorMagnitude } from './resonator.js';

/** A predicted trace of one filter on its dense grid. */
export interface Trace {
  readonly omega: ArrayLike<number>;
  readonly re: ArrayLike<number>;
  readonly im: ArrayLike<number>;
  /** 1 where the model returned bottom (no finite value). */
  readonly bottom: ArrayLike<number>;
  /** |Q(jω)| of a model that exposes its denominator, else null. */
  readonly qAbs: ArrayLike<number> | null;
  /** 1 where the point lies on the shared log grid; every point when absent. */
  readonly onLogGrid?: ArrayLike<number>;
}

/** A point of a trace. */
export interface TracePoint {
  readonly index: number;
  readonly omega: number;
  readonly magnitude: number;
}

/** An invented peak: a local maximum of |Ĥ| far from the resonance and far above |H|. */
export interface InventedPeak extends TracePoint {
  readonly true_magnitude: number;
}

/** Where a model's |Q(jω)| is smallest on the dense grid. */
export interface DenominatorMinimum {
  readonly index: number;
  readonly omega: number;
  readonly q_abs: number;
  /** log10(ω_min / ω0), in decades. */
  readonly offset_decades: number;
  /** Share of the log-grid points with |Q| ≤ near_min_factor · min|Q|. */
  readonly near_min_fraction: number;
  /** The minimum is the first or last point of the sweep. */
  readonly on_edge: boolean;
}

/** The peak analysis of one trace (§5.3). */
export interface PeakAnalysis {
  /** The largest accepted |Ĥ| inside the search band, or null when the band holds none. */
  readonly peak: TracePoint | null;
  /** Which band was searched: the resonance band, or the ⅓-octave fallback. */
  readonly band: 'resonance' | 'third_octave';
  /** Peak retention: the band peak reaches fraction·Q at the right frequency. */
  readonly retained: boolean;
  readonly invented_peaks: readonly InventedPeak[];
  /** The largest accepted |Ĥ| of the whole sweep sits on its first or last point. */
  readonly peak_on_edge: boolean;
  readonly denominator: DenominatorMinimum | null;
}

type PeakRules = Pick<
  RfEvalConfig,
  | 'retention_band'
  | 'retention_fallback_octaves'
  | 'retention_magnitude_fraction'
  | 'retention_location_decades'
  | 'hallucination_min_magnitude'
  | 'hallucination_ratio'
  | 'hallucination_band'
  | 'near_min_factor'
>;

function magnitudeAt(t: Trace, i: number): number {
  return Math.hypot(t.re[i] as number, t.im[i] as number);
}

/** Indices of the search band: |ω − ω0| ≤ band·ω0/Q, or ω0·2^(±octaves/2) when that is empty. */
export function searchBand(
  omega: ArrayLike<number>,
  w0: number,
  q: number,
  rules: Pick<PeakRules, 'retention_band' | 'retention_fallback_octaves'>,
): { indices: number[]; band: PeakAnalysis['band'] } {
  const half = (rules.retention_band * w0) / q;
  const indices: number[] = [];
  for (let i = 0; i < omega.length; i++)
    if (Math.abs((omega[i] as number) - w0) <= half) indices.push(i);
  if (indices.length > 0) return { indices, band: 'resonance' };
  const octaves = rules.retention_fallback_octaves / 2;
  for (let i = 0; i < omega.length; i++)
    if (Math.abs(Math.log2((omega[i] as number) / w0)) <= octaves) indices.push(i);
  return { indices, band: 'third_octave' };
}

/**
 * Peak retention, invented peaks, sweep-edge peaks and the denominator minimum of one trace of
 * the filter (ω0, Q), on accepted points only (a bottom point has no value):
 * - retained: max |Ĥ| over the search band ≥ fraction·Q and |log10(ω̂_peak / ω_peak)| ≤ the
 *   location tolerance, with ω_peak = ω0·√(1 − 1/(2Q²)); a washout otherwise;
 * - invented peak: an interior local maximum of the accepted |Ĥ| sequence with |Ĥ| ≥ the
 *   minimum magnitude, ≥ ratio·|H| at that ω, and |ω − ω0| > hallucination_band·ω0/Q;
 * - denominator minimum: argmin of |Q(jω)| (finite values), its offset from ω0, the share of the
 *   log-grid axis within near_min_factor of it, and whether it falls on a sweep edge.
 */
export function analyzeTrace(t: Trace, w0: number, q: number, rules: PeakRules): PeakAnalysis {
  const n = t.omega.length;
  const { indices, band } = searchBand(t.omega, w0, q, rules);
  let peak: TracePoint | null = null;
  for (const i of indices) {
    if (t.bottom[i] === 1) continue;
    const m = magnitudeAt(t, i);
    if (peak === null || m > peak.magnitude)
      peak = { index: i, omega: t.omega[i] as number, magnitude: m };
  }
  const retained =
    peak !== null &&
    peak.magnitude >= rules.retention_magnitude_fraction * q &&
    Math.abs(Math.log10(peak.omega / peakFrequency(w0, q))) <= rules.retention_location_decades;

  const accepted: number[] = [];
  for (let i = 0; i < n; i++) if (t.bottom[i] !== 1) accepted.push(i);
  const invented: InventedPeak[] = [];
  let globalMax = -1;
  let globalArg = -1;
  for (let k = 0; k < accepted.length; k++) {
    const i = accepted[k] as number;
    const m = magnitudeAt(t, i);
    if (m > globalMax) {
      globalMax = m;
      globalArg = i;
    }
    if (k === 0 || k === accepted.length - 1) continue;
    const before = magnitudeAt(t, accepted[k - 1] as number);
    const after = magnitudeAt(t, accepted[k + 1] as number);
    if (!(m > before && m >= after) || m < rules.hallucination_min_magnitude) continue;
    const w = t.omega[i] as number;
    if (Math.abs(w - w0) <= (rules.hallucination_band * w0) / q) continue;
    const truth = resonatorMagnitude(w, w0, q);
    if (m >= rules.hallucination_ratio * truth)
      invented.push({ index: i, omega: w, magnitude: m, true_magnitude: truth });
  }

  let denominator: DenominatorMinimum | null = null;
  if (t.qAbs !== null) {
    let arg = -1;
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const a = t.qAbs[i] as number;
      if (Number.isFinite(a) && a < min) {
        min = a;
        arg = i;
      }
    }
    if (arg >= 0) {
      let near = 0;
      let axis = 0;
      for (let i = 0; i < n; i++) {
        const a = t.qAbs[i] as number;
        if ((t.onLogGrid?.[i] ?? 1) !== 1 || !Number.isFinite(a)) continue;
        axis++;
        if (a <= rules.near_min_factor * min) near++;
      }
      denominator = {
        index: arg,
        omega: t.omega[arg] as number,
        q_abs: min,
        offset_decades: Math.log10((t.omega[arg] as number) / w0),
        near_min_fraction: axis === 0 ? 0 : near / axis,
        on_edge: arg === 0 || arg === n - 1,
      };
    }
  }
  return {
    peak,
    band,
    retained,
    invented_peaks: invented,
    peak_on_edge: globalArg === 0 || (globalArg === n - 1 && n > 0),
    denominator,
  };
}
