import { sigmoid, softplus } from './activations.js';
import { NnError } from './errors.js';
import { createMatrix, type Matrix } from './matrix.js';

/** A scalar loss with the gradient of its (first) input. */
export interface LossResult {
  value: number;
  grad: Matrix;
}

function sameShape(a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new NnError(
      'ZPB_NN_SHAPE',
      `${what}: shapes ${a.rows}x${a.cols} and ${b.rows}x${b.cols} differ`,
    );
  }
}

/**
 * Mean squared error over all elements, mean((pred − target)²); with per-row `weights` (e.g. a
 * 0/1 valid mask) it is Σ wᵢ(·)² / (d·Σ wᵢ). The gradient is with respect to `pred`.
 */
export function mseLoss(pred: Matrix, target: Matrix, weights?: Float64Array): LossResult {
  sameShape(pred, target, 'mseLoss');
  const grad = createMatrix(pred.rows, pred.cols);
  const c = pred.cols;
  let wsum = 0;
  for (let i = 0; i < pred.rows; i++) wsum += weights ? (weights[i] as number) : 1;
  const norm = wsum * c;
  if (norm === 0) return { value: 0, grad };
  let s = 0;
  for (let i = 0; i < pred.rows; i++) {
    const w = weights ? (weights[i] as number) : 1;
    for (let j = 0; j < c; j++) {
      const k = i * c + j;
      const r = (pred.data[k] as number) - (target.data[k] as number);
      s += w * r * r;
      grad.data[k] = (2 * w * r) / norm;
    }
  }
  return { value: s / norm, grad };
}

/**
 * Softmax cross-entropy, mean over samples of −log softmax(logits)[label]; for the direction
 * or class heads. Gradient (softmax − onehot)/n with respect to the logits.
 */
export function softmaxCrossEntropy(
  logits: Matrix,
  labels: Int32Array | readonly number[],
  weights?: Float64Array,
): LossResult {
  const n = logits.rows;
  const c = logits.cols;
  if (labels.length !== n)
    throw new NnError('ZPB_NN_SHAPE', 'softmaxCrossEntropy: one label per row');
  const grad = createMatrix(n, c);
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += weights ? (weights[i] as number) : 1;
  if (wsum === 0) return { value: 0, grad };
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    const w = weights ? (weights[i] as number) : 1;
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < c; j++) mx = Math.max(mx, logits.data[o + j] as number);
    let z = 0;
    for (let j = 0; j < c; j++) z += Math.exp((logits.data[o + j] as number) - mx);
    const lse = mx + Math.log(z);
    const y = labels[i] as number;
    if (!(y >= 0 && y < c))
      throw new NnError('ZPB_NN_ARGUMENT', `softmaxCrossEntropy: label ${y} out of range`);
    total += w * (lse - (logits.data[o + y] as number));
    for (let j = 0; j < c; j++) {
      const pj = Math.exp((logits.data[o + j] as number) - lse);
      grad.data[o + j] = (w * (pj - (j === y ? 1 : 0))) / wsum;
    }
  }
  return { value: total / wsum, grad };
}

/** Binary cross-entropy on logits, mean(softplus(x) − t·x) over all elements; targets in [0, 1]. */
export function binaryCrossEntropyWithLogits(logits: Matrix, targets: Float64Array): LossResult {
  const n = logits.data.length;
  if (targets.length !== logits.rows * logits.cols) {
    throw new NnError('ZPB_NN_SHAPE', 'binaryCrossEntropyWithLogits: one target per logit');
  }
  const grad = createMatrix(logits.rows, logits.cols);
  let s = 0;
  const m = logits.rows * logits.cols;
  for (let k = 0; k < m && k < n; k++) {
    const x = logits.data[k] as number;
    const t = targets[k] as number;
    s += softplus(x) - t * x;
    grad.data[k] = (sigmoid(x) - t) / m;
  }
  return { value: m === 0 ? 0 : s / m, grad };
}

/** Projective targets (Yn, Yd) of {@link liftTargets}, each the shape of y. */
export interface LiftedTargets {
  yn: Matrix;
  yd: Matrix;
}

/**
 * Target lifting (domains.md §1.3), element-wise: finite y → (y, 1); ±∞ → (±1, 0); NaN (⊥) → (1, 0).
 *
 * @example
 * const { yn, yd } = liftTargets(y); // censored-above sample: y = +Infinity → (1, 0)
 */
export function liftTargets(y: Matrix): LiftedTargets {
  const yn = createMatrix(y.rows, y.cols);
  const yd = createMatrix(y.rows, y.cols);
  for (let k = 0; k < y.data.length; k++) {
    const v = y.data[k] as number;
    if (Number.isFinite(v)) {
      yn.data[k] = v;
      yd.data[k] = 1;
    } else {
      yn.data[k] = Number.isNaN(v) ? 1 : Math.sign(v);
      yd.data[k] = 0;
    }
  }
  return { yn, yd };
}

/** Per-row 1/0 mask: 1 when every target component of the row is finite. */
export function finiteTargetMask(y: Matrix): Float64Array {
  const m = new Float64Array(y.rows);
  for (let i = 0; i < y.rows; i++) {
    let ok = 1;
    for (let j = 0; j < y.cols; j++) if (!Number.isFinite(y.data[i * y.cols + j] as number)) ok = 0;
    m[i] = ok;
  }
  return m;
}

/** Options of {@link implicitLoss}. */
export interface ImplicitLossOptions {
  /** Stabiliser γ in the denominator (default 1e-9). */
  gamma?: number;
  /** Detach the denominator (default true, as upstream); false differentiates through it. */
  stopGradient?: boolean;
}

/** Value and gradients of {@link implicitLoss}. */
export interface ImplicitLossResult {
  value: number;
  dP: Matrix;
  dQ: Matrix;
}

/**
 * Implicit projective loss (domains.md §1.3): mean over all P elements of
 * (P·Yd − Q·Yn)² / (sg(Q²·Yd² + P²·Yn²) + γ), Q broadcast over P's columns when n × 1.
 * With the stop-gradient the denominator is a constant in the gradient:
 * ∂/∂P = 2r·Yd/(S+γ)/N and ∂/∂Q = −2r·Yn/(S+γ)/N with r = P·Yd − Q·Yn.
 *
 * @example
 * const { yn, yd } = liftTargets(y);
 * const { value, dP, dQ } = implicitLoss(p, q, yn, yd);
 */
export function implicitLoss(
  p: Matrix,
  q: Matrix,
  yn: Matrix,
  yd: Matrix,
  options: ImplicitLossOptions = {},
): ImplicitLossResult {
  sameShape(p, yn, 'implicitLoss(P, Yn)');
  sameShape(p, yd, 'implicitLoss(P, Yd)');
  if (q.rows !== p.rows || (q.cols !== 1 && q.cols !== p.cols)) {
    throw new NnError('ZPB_NN_SHAPE', 'implicitLoss: Q must be n x 1 or the shape of P');
  }
  const gamma = options.gamma ?? 1e-9;
  const sg = options.stopGradient ?? true;
  const dP = createMatrix(p.rows, p.cols);
  const dQ = createMatrix(q.rows, q.cols);
  const c = p.cols;
  const qc = q.cols;
  const count = p.rows * c;
  if (count === 0) return { value: 0, dP, dQ };
  let total = 0;
  for (let i = 0; i < p.rows; i++) {
    for (let j = 0; j < c; j++) {
      const k = i * c + j;
      const qi = i * qc + (qc === 1 ? 0 : j);
      const pv = p.data[k] as number;
      const qv = q.data[qi] as number;
      const a = yn.data[k] as number;
      const b = yd.data[k] as number;
      const r = pv * b - qv * a;
      const den = qv * qv * b * b + pv * pv * a * a + gamma;
      total += (r * r) / den;
      let gp = (2 * r * b) / den;
      let gq = (-2 * r * a) / den;
      if (!sg) {
        const l = (r * r) / (den * den);
        gp -= l * 2 * pv * a * a;
        gq -= l * 2 * qv * b * b;
      }
      dP.data[k] = gp / count;
      dQ.data[qi] = (dQ.data[qi] as number) + gq / count;
    }
  }
  return { value: total / count, dP, dQ };
}

/** Value and gradient of a loss on Q. */
export interface DenominatorLossResult {
  value: number;
  dQ: Matrix;
}

/**
 * Margin loss mean(mᵢ·relu(τ_train − |Qᵢ|)²) over all Q elements, with an optional per-row mask
 * m (e.g. {@link finiteTargetMask}) so singular targets are not pushed away from Q = 0.
 * Gradient −2·m·relu(τ − |Q|)·sgn(Q)/N, taking sgn(0) = 0 like autograd's |·|.
 */
export function marginLoss(q: Matrix, tauTrain = 1e-4, mask?: Float64Array): DenominatorLossResult {
  const dQ = createMatrix(q.rows, q.cols);
  const count = q.rows * q.cols;
  if (count === 0) return { value: 0, dQ };
  let s = 0;
  for (let i = 0; i < q.rows; i++) {
    const m = mask ? (mask[i] as number) : 1;
    for (let j = 0; j < q.cols; j++) {
      const k = i * q.cols + j;
      const v = q.data[k] as number;
      const h = tauTrain - Math.abs(v);
      if (h > 0 && m !== 0) {
        s += m * h * h;
        dQ.data[k] = (-2 * m * h * Math.sign(v)) / count;
      }
    }
  }
  return { value: s / count, dQ };
}

/** Options of {@link rejectionLoss}. */
export interface RejectionLossOptions {
  /** Strict threshold τ_infer (default 1e-6). */
  tauInfer?: number;
  /** Target coverage (default 0.95). */
  targetCoverage?: number;
  /** Width of the smooth gate in natural-log units of |Q| (default 0.5). */
  temperature?: number;
}

/** Value, gradient and both coverages of {@link rejectionLoss}. */
export interface RejectionLossResult extends DenominatorLossResult {
  /** Hard coverage 1 − mean(bottom) with bottom = ¬(|Q| ≥ τ) (non-finite counts as bottom). */
  coverage: number;
  /** The smooth surrogate used for the value and gradient. */
  smoothCoverage: number;
}

/**
 * Rejection (coverage) loss relu(target − coverage)². The hard coverage 1 − mean(|Q| < τ) has a
 * zero gradient, so value and gradient use the surrogate coverage
 * mean σ((ln|Q| − ln τ)/T), a logistic step in log|Q| centred on τ (T = temperature); a
 * non-finite or zero Q counts as 0 with zero gradient. The hard coverage is returned alongside.
 */
export function rejectionLoss(q: Matrix, options: RejectionLossOptions = {}): RejectionLossResult {
  const tau = options.tauInfer ?? 1e-6;
  const target = options.targetCoverage ?? 0.95;
  const temp = options.temperature ?? 0.5;
  const n = q.rows * q.cols;
  const dQ = createMatrix(q.rows, q.cols);
  if (n === 0) return { value: 0, dQ, coverage: 1, smoothCoverage: 1 };
  const logTau = Math.log(tau);
  let hard = 0;
  let smooth = 0;
  const slope = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = q.data[k] as number;
    const a = Math.abs(v);
    if (a >= tau && Number.isFinite(a)) hard++;
    if (Number.isFinite(a) && a > 0) {
      const s = sigmoid((Math.log(a) - logTau) / temp);
      smooth += s;
      slope[k] = ((s * (1 - s)) / (temp * a)) * Math.sign(v);
    }
  }
  const cov = smooth / n;
  const h = target - cov;
  if (h > 0) for (let k = 0; k < n; k++) dQ.data[k] = (-2 * h * (slope[k] as number)) / n;
  return { value: h > 0 ? h * h : 0, dQ, coverage: hard / n, smoothCoverage: cov };
}
