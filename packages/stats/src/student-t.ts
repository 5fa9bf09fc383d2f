import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import { T_QUANTILE_P05 } from './t-quantile-table.generated.js';
import { walksKernel } from './wasm/walks-wasm.js';

/** B(a, ½) for a = ν/2, ν = 1…MAX_FAST_DF, by B(a+1, ½) = B(a, ½)·a/(a + ½) from B(½, ½) = π, B(1, ½) = 2. */
const MAX_FAST_DF = 200;
const BETA_HALF: Float64Array = (() => {
  const out = new Float64Array(MAX_FAST_DF + 1);
  out[1] = Math.PI;
  out[2] = 2;
  for (let nu = 3; nu <= MAX_FAST_DF; nu++) {
    const a = (nu - 2) / 2;
    out[nu] = (out[nu - 2]! * a) / (a + 0.5);
  }
  return out;
})();

/**
 * The continued fraction of the regularized incomplete beta I_x(a, b) (modified Lentz), valid
 * and fast when x < (a + 1)/(a + b + 2): I_x(a, b) = x^a (1−x)^b / (a·B(a, b)) · cf.
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  // The same loop in walks.wat, bit for bit: a cold process evaluates it once per slot.
  const kernel = walksKernel();
  if (kernel !== null) return kernel.wasm.beta_cf(a, b, x);
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 2e-16) break;
  }
  return h;
}

/**
 * Student-t CDF for an integer df ≤ 200 via I_x(ν/2, ½), x = ν/(ν + t²): the continued fraction
 * on whichever of x and 1 − x = t²/(ν + t²) (formed directly, never as 1 − x) converges, with
 * the exact B(ν/2, ½) above. Agrees with stdlib (and scipy) to ~1e-14 relative, about 20× faster.
 */
function tCdfIntegerDf(t: number, nu: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const a = nu / 2;
  const t2 = t * t;
  const x = nu / (nu + t2);
  const y = t2 / (nu + t2); // 1 − x without cancellation
  const beta = BETA_HALF[nu]!;
  // Tail mass ½·I_x(a, ½) = P(T < −|t|).
  let tail: number;
  // The direct fraction also for x somewhat past its best region: there the complement would
  // subtract an I near 1 and lose the tail's digits (the tail is ≥ 0.04 in that band).
  if (x < (a + 1) / (a + 2.5) || (x < 0.999 && y * (a + 2.5) > 0.3)) {
    const front = (x ** a * Math.sqrt(y)) / beta;
    tail = (0.5 * front * betaContinuedFraction(a, 0.5, x)) / a;
  } else {
    // I_x(a, ½) = 1 − I_y(½, a).
    const front = (y ** 0.5 * x ** a) / beta;
    tail = 0.5 * (1 - (front * betaContinuedFraction(0.5, a, y)) / 0.5);
  }
  return t < 0 ? tail : 1 - tail;
}

/**
 * B(ν/2, ½) when `df` = ν takes the fast integer-df CDF (1 ≤ ν ≤ 200), else null: what the
 * kernel's t CDF (walks.wat `$tcdf`, the same operations as tCdfIntegerDf) needs, and the test
 * tCdf itself uses to choose it.
 */
export function fastTCdfBeta(df: number): number | null {
  return Number.isInteger(df) && df >= 1 && df <= MAX_FAST_DF ? BETA_HALF[df]! : null;
}

/** CDF of Student's t with `df` degrees of freedom at `x` (agrees with scipy to ~1e-14). */
export function tCdf(x: number, df: number): number {
  if (fastTCdfBeta(df) !== null) return tCdfIntegerDf(x, df);
  return tCdfImpl(x, df);
}

/**
 * Quantile of Student's t with `df` degrees of freedom at probability `p` (stdlib). At p = 0.05
 * (the severity test's default alpha) and integer df ≤ 200 it is stdlib's value read from a table
 * (scripts/build-t-table.mjs; the test compares every entry bit for bit): stdlib's inverse
 * incomplete beta cost a cold process 1–3 ms, once per comparison.
 */
export function tQuantile(p: number, df: number): number {
  if (p === 0.05 && Number.isInteger(df) && df >= 1 && df <= T_QUANTILE_P05.length)
    return T_QUANTILE_P05[df - 1]!;
  return tQuantileImpl(p, df);
}

/** Standard normal CDF, evaluated as Student's t with an effectively infinite df (stdlib). */
export function normalCdf(x: number): number {
  // stdlib's t-cdf returns 0.5 for df = Infinity; df = 1e300 is the normal limit to ~1e-15.
  return tCdfImpl(x, 1e300);
}

/**
 * Standard normal quantile at probability `p`, as Student's t quantile with df = 1e8 (stdlib's
 * t quantile; within 2e-8 of the normal quantile in the central 0.001–0.999 range, far below
 * what the budget tolerance bounds that use it need).
 */
export function normalQuantile(p: number): number {
  return tQuantileImpl(p, 1e8);
}
