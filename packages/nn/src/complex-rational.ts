import { sigmoid, softplus } from './activations.js';
import { NnError } from './errors.js';
import { createMatrix, ensureMatrix, type Matrix } from './matrix.js';
import {
  DEFAULT_TAU_INFER,
  PROVENANCE,
  type StrictDecodeOptions,
  type StrictDecodeResult,
} from './strict-decode.js';

/** Options of a {@link ComplexRationalHead}. */
export interface ComplexRationalHeadOptions {
  /** Numerator degree (d_P + 1 real coefficients a₀…a_{d_P}, ascending). */
  degreeP: number;
  /** Denominator degree. */
  degreeQ: number;
  /** Leading denominator coefficient fixed to 1 (default true, as in the RF models). */
  monic?: boolean;
  /** Denominator coefficients pass through softplus(·) + qCoeffMin (default false). */
  positiveDenominator?: boolean;
  /** Added after softplus when positive (default 0). */
  qCoeffMin?: number;
  /** Bottom threshold on |Q(jω)|: bottom where |Q|² < ε² (default 1e-8). */
  epsilon?: number;
}

/** Output of {@link ComplexRationalHead.forward}; all matrices are reused buffers. */
export interface ComplexRationalOutput {
  /** P(jω) as n × 2 [Re, Im]. */
  p: Matrix;
  /** Q(jω) as n × 2 [Re, Im]. */
  q: Matrix;
  /** Shared-denominator numerator P·conj(Q), n × 2: the projective payload. */
  num: Matrix;
  /** |Q|², n × 1: the projective denominator shared by Re and Im. */
  den: Matrix;
  /** |Q(jω)|, n × 1: the mask denominator for the strict decode (τ compares to |Q|). */
  qAbs: Matrix;
  /** H = num / den where |Q| ≥ ε, else 0 (n × 2). */
  h: Matrix;
  /** 1 where |Q|² < ε² (or non-finite). */
  bottom: Uint8Array;
}

/** Upstream gradients for {@link ComplexRationalHead.backward}; omitted ones count as zero. */
export interface ComplexRationalGrads {
  dH?: Matrix;
  dNum?: Matrix;
  dDen?: Matrix;
}

/**
 * Complex rational head for transfer functions: takes per-sample real coefficient rows
 * (produced by a network) and frequencies ω, evaluates P(jω) and Q(jω) by Horner in the complex
 * plane and divides with the shared denominator H = P·conj(Q)/|Q|². Coefficient row layout:
 * [a₀…a_{d_P}, b₀…b_{d_Q−1}(, b_{d_Q} when not monic)], ascending powers. Backward maps
 * gradients on H, the payload or |Q|² back to the coefficient rows.
 *
 * @example
 * const head = new ComplexRationalHead({ degreeP: 2, degreeQ: 2, positiveDenominator: true });
 * const out = head.forward(coeffs, omega); // coeffs: n × head.coefficientCount
 * const dCoeffs = head.backward({ dH });
 */
export class ComplexRationalHead {
  readonly degreeP: number;
  readonly degreeQ: number;
  readonly monic: boolean;
  readonly positiveDenominator: boolean;
  readonly qCoeffMin: number;
  readonly epsilon: number;
  /** Columns of the coefficient input. */
  readonly coefficientCount: number;
  private readonly qFree: number;
  private coeffs: Matrix | undefined;
  private omega: Float64Array | undefined;
  private out: ComplexRationalOutput | undefined;
  private dc: Matrix | undefined;

  constructor(options: ComplexRationalHeadOptions) {
    this.degreeP = options.degreeP;
    this.degreeQ = options.degreeQ;
    this.monic = options.monic ?? true;
    this.positiveDenominator = options.positiveDenominator ?? false;
    this.qCoeffMin = options.qCoeffMin ?? 0;
    this.epsilon = options.epsilon ?? 1e-8;
    this.qFree = this.monic ? this.degreeQ : this.degreeQ + 1;
    this.coefficientCount = this.degreeP + 1 + this.qFree;
  }

  private qCoeff(raw: number): number {
    return this.positiveDenominator ? softplus(raw) + this.qCoeffMin : raw;
  }

  forward(coeffs: Matrix, omega: Float64Array): ComplexRationalOutput {
    if (coeffs.cols !== this.coefficientCount || omega.length !== coeffs.rows) {
      throw new NnError(
        'ZPB_NN_SHAPE',
        `ComplexRationalHead: coefficients are ${coeffs.rows}x${coeffs.cols} and ω has ${omega.length}, expected n x ${this.coefficientCount} and n`,
      );
    }
    const n = coeffs.rows;
    this.coeffs = coeffs;
    this.omega = omega;
    const prev = this.out;
    const out: ComplexRationalOutput = {
      p: ensureMatrix(prev?.p, n, 2),
      q: ensureMatrix(prev?.q, n, 2),
      num: ensureMatrix(prev?.num, n, 2),
      den: ensureMatrix(prev?.den, n, 1),
      qAbs: ensureMatrix(prev?.qAbs, n, 1),
      h: ensureMatrix(prev?.h, n, 2),
      bottom: prev !== undefined && prev.bottom.length === n ? prev.bottom : new Uint8Array(n),
    };
    this.out = out;
    const c = coeffs.data;
    const nc = this.coefficientCount;
    const dP = this.degreeP;
    const dQ = this.degreeQ;
    const qOff = dP + 1;
    const eps2 = this.epsilon * this.epsilon;
    for (let i = 0; i < n; i++) {
      const w = omega[i] as number;
      const row = i * nc;
      // Horner: X ← X·(jω) + a_k, with (x + iy)(jω) = −yω + ixω.
      let pr = c[row + dP] as number;
      let pi = 0;
      for (let k = dP - 1; k >= 0; k--) {
        const nr = -pi * w + (c[row + k] as number);
        pi = pr * w;
        pr = nr;
      }
      let qr = this.monic ? 1 : this.qCoeff(c[row + qOff + dQ] as number);
      let qi = 0;
      for (let k = dQ - 1; k >= 0; k--) {
        const nr = -qi * w + this.qCoeff(c[row + qOff + k] as number);
        qi = qr * w;
        qr = nr;
      }
      const nr = pr * qr + pi * qi;
      const ni = pi * qr - pr * qi;
      const den = qr * qr + qi * qi;
      out.p.data[2 * i] = pr;
      out.p.data[2 * i + 1] = pi;
      out.q.data[2 * i] = qr;
      out.q.data[2 * i + 1] = qi;
      out.num.data[2 * i] = nr;
      out.num.data[2 * i + 1] = ni;
      out.den.data[i] = den;
      out.qAbs.data[i] = Math.sqrt(den);
      const bad = !(den >= eps2) || !Number.isFinite(nr) || !Number.isFinite(ni);
      out.bottom[i] = bad ? 1 : 0;
      out.h.data[2 * i] = bad ? 0 : nr / den;
      out.h.data[2 * i + 1] = bad ? 0 : ni / den;
    }
    return out;
  }

  /** Gradient with respect to the coefficient rows (n × coefficientCount), a reused buffer. */
  backward(grads: ComplexRationalGrads): Matrix {
    const out = this.out as ComplexRationalOutput;
    const coeffs = this.coeffs as Matrix;
    const omega = this.omega as Float64Array;
    const n = coeffs.rows;
    const nc = this.coefficientCount;
    this.dc = ensureMatrix(this.dc, n, nc);
    const dc = this.dc.data;
    const c = coeffs.data;
    const dH = grads.dH?.data;
    const dNum = grads.dNum?.data;
    const dDen = grads.dDen?.data;
    const dP = this.degreeP;
    const dQ = this.degreeQ;
    const qOff = dP + 1;
    for (let i = 0; i < n; i++) {
      const pr = out.p.data[2 * i] as number;
      const pi = out.p.data[2 * i + 1] as number;
      const qr = out.q.data[2 * i] as number;
      const qi = out.q.data[2 * i + 1] as number;
      const nr = out.num.data[2 * i] as number;
      const ni = out.num.data[2 * i + 1] as number;
      const den = out.den.data[i] as number;
      let gr = dNum ? (dNum[2 * i] as number) : 0;
      let gi = dNum ? (dNum[2 * i + 1] as number) : 0;
      let gd = dDen ? (dDen[i] as number) : 0;
      if (dH && out.bottom[i] === 0) {
        const hr = dH[2 * i] as number;
        const hi = dH[2 * i + 1] as number;
        gr += hr / den;
        gi += hi / den;
        gd -= (hr * nr + hi * ni) / (den * den);
      }
      const gpr = gr * qr - gi * qi;
      const gpi = gr * qi + gi * qr;
      const gqr = gr * pr + gi * pi + 2 * gd * qr;
      const gqi = gr * pi - gi * pr + 2 * gd * qi;
      // ∂/∂a_k of Σ a_k (jω)^k is (jω)^k = ω^k·j^k, with j^k cycling 1, j, −1, −j.
      const w = omega[i] as number;
      const row = i * nc;
      let wk = 1;
      for (let k = 0; k <= dP; k++) {
        const m = k & 3;
        const re = m === 0 ? wk : m === 2 ? -wk : 0;
        const im = m === 1 ? wk : m === 3 ? -wk : 0;
        dc[row + k] = gpr * re + gpi * im;
        wk *= w;
      }
      wk = 1;
      const qTop = this.monic ? dQ - 1 : dQ;
      for (let k = 0; k <= qTop; k++) {
        const m = k & 3;
        const re = m === 0 ? wk : m === 2 ? -wk : 0;
        const im = m === 1 ? wk : m === 3 ? -wk : 0;
        const chain = this.positiveDenominator ? sigmoid(c[row + qOff + k] as number) : 1;
        dc[row + qOff + k] = (gqr * re + gqi * im) * chain;
        wk *= w;
      }
    }
    return this.dc;
  }
}

/**
 * The strict decode gate (domains.md §1.1–§1.2) for a shared-denominator payload: the
 * projective tuple is (P·conj(Q), |Q|²) and the gate compares |Q| — not |Q|² — with τ_infer.
 * fault = non-finite P·conj(Q) or |Q|; semantic = |Q| < tauInfer; bottom = fault ∨ semantic;
 * gap = ¬bottom ∧ tauInfer ≤ |Q| < tauTrain (when tauTrain > tauInfer); decoded = NaN at bottom,
 * else num / |Q|² = H. A finite payload whose quotient overflows is a fault, so no infinity is
 * ever decoded. (nn's `strictDecode(num, den, { maskDenominator: qAbs })` would guard the
 * division on |Q|² < τ instead and return the undivided payload for τ ≤ |Q| < √τ.)
 *
 * @example
 * const out = head.forward(coeffs, omega);
 * const { decoded, bottom } = decodeSharedDenominator(out, { tauInfer: 1e-6 });
 */
export function decodeSharedDenominator(
  out: Pick<ComplexRationalOutput, 'num' | 'den' | 'qAbs'>,
  options: Pick<StrictDecodeOptions, 'tauInfer' | 'tauTrain'> = {},
): StrictDecodeResult {
  const n = out.num.rows;
  if (out.num.cols !== 2 || out.den.rows !== n || out.qAbs.rows !== n) {
    throw new NnError(
      'ZPB_NN_SHAPE',
      `decodeSharedDenominator: payload ${out.num.rows}x${out.num.cols}, |Q|² ${out.den.rows} rows and |Q| ${out.qAbs.rows} rows, expected n x 2, n and n`,
    );
  }
  const tauInfer = options.tauInfer ?? DEFAULT_TAU_INFER;
  const tauTrain = options.tauTrain;
  const useGap = tauTrain !== undefined && tauTrain > tauInfer;
  const decoded = createMatrix(n, 2);
  const bottom = new Uint8Array(n);
  const gap = new Uint8Array(n);
  const fault = new Uint8Array(n);
  const semantic = new Uint8Array(n);
  const provenance = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const nr = out.num.data[2 * i] as number;
    const ni = out.num.data[2 * i + 1] as number;
    const den = out.den.data[i] as number;
    const a = out.qAbs.data[i] as number;
    let f = !Number.isFinite(nr) || !Number.isFinite(ni) || !Number.isFinite(a);
    // NaN compares false: a NaN |Q| is fault only, never semantic.
    const s = a < tauInfer;
    if (!(f || s)) {
      const re = nr / den;
      const im = ni / den;
      if (Number.isFinite(re) && Number.isFinite(im)) {
        decoded.data[2 * i] = re;
        decoded.data[2 * i + 1] = im;
      } else f = true;
    }
    fault[i] = f ? 1 : 0;
    semantic[i] = s ? 1 : 0;
    provenance[i] = (f ? PROVENANCE.FAULT : 0) | (s ? PROVENANCE.SEMANTIC : 0);
    if (f || s) {
      bottom[i] = 1;
      decoded.data[2 * i] = Number.NaN;
      decoded.data[2 * i + 1] = Number.NaN;
    } else if (useGap && a < (tauTrain as number)) gap[i] = 1;
  }
  return { decoded, bottom, gap, fault, semantic, provenance };
}
