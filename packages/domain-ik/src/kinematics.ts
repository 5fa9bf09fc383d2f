/**
 * Planar RR arm kinematics (domains.md §6.1): forward kinematics, the Jacobian, its determinant
 * det J = L1·L2·sin θ2, the condition number, the distance to a singularity, and the two
 * closed-form joint steps the dataset uses as targets (damped least squares and the adjugate
 * "inv" step with a floored determinant). Scalars in, plain tuples out: every function is pure.
 */

/** Link lengths (L1, L2). */
export interface Links {
  readonly l1: number;
  readonly l2: number;
}

/** A 2 × 2 matrix in row-major order [[a, b], [c, d]]. */
export type Mat2 = readonly [number, number, number, number];

/** End-effector position x = L1 cos θ1 + L2 cos(θ1+θ2), y = L1 sin θ1 + L2 sin(θ1+θ2). */
export function forwardKinematics(links: Links, theta1: number, theta2: number): [number, number] {
  const t12 = theta1 + theta2;
  return [
    links.l1 * Math.cos(theta1) + links.l2 * Math.cos(t12),
    links.l1 * Math.sin(theta1) + links.l2 * Math.sin(t12),
  ];
}

/** The Jacobian ∂(x, y)/∂(θ1, θ2) = [[−L1 s1 − L2 s12, −L2 s12], [L1 c1 + L2 c12, L2 c12]]. */
export function jacobian(links: Links, theta1: number, theta2: number): Mat2 {
  const s1 = Math.sin(theta1);
  const c1 = Math.cos(theta1);
  const s12 = Math.sin(theta1 + theta2);
  const c12 = Math.cos(theta1 + theta2);
  return [
    -links.l1 * s1 - links.l2 * s12,
    -links.l2 * s12,
    links.l1 * c1 + links.l2 * c12,
    links.l2 * c12,
  ];
}

/** det J = L1·L2·sin θ2: zero at full extension (θ2 = 0) and folded (θ2 = ±π). */
export function jacobianDeterminant(links: Links, theta2: number): number {
  return links.l1 * links.l2 * Math.sin(theta2);
}

/**
 * Condition number σ_max/σ_min of J, computed as σ_max²/|det J| (σ_max·σ_min = |det J| for a
 * 2 × 2 matrix), which stays accurate as σ_min → 0; +∞ where det J = 0.
 */
export function conditionNumber(j: Mat2, det: number): number {
  const [a, b, c, d] = j;
  const fro = a * a + b * b + c * c + d * d;
  const disc = Math.sqrt(Math.max(fro * fro - 4 * det * det, 0));
  const sMax2 = (fro + disc) / 2;
  return det === 0 ? Number.POSITIVE_INFINITY : sMax2 / Math.abs(det);
}

/** Distance of θ2 to the nearest singular elbow angle: min(|θ2|, |θ2 − π|, |θ2 + π|). */
export function distanceToSingularity(theta2: number): number {
  return Math.min(Math.abs(theta2), Math.abs(theta2 - Math.PI), Math.abs(theta2 + Math.PI));
}

/**
 * The damped-least-squares step Δθ = Jᵀ(JJᵀ + λ²I)⁻¹·d with the 2 × 2 inverse in closed form and
 * its determinant floored at `detFloor` (1e-12 in the generator; the matrix is positive definite,
 * so the floor binds only for λ ≲ 1e-3 at a singularity).
 */
export function dlsStep(j: Mat2, dx: number, dy: number, lambda: number, detFloor = 1e-12) {
  const [a, b, c, d] = j;
  const l2 = lambda * lambda;
  // A = JJᵀ + λ²I (symmetric).
  const a11 = a * a + b * b + l2;
  const a12 = a * c + b * d;
  const a22 = c * c + d * d + l2;
  const detA = Math.max(a11 * a22 - a12 * a12, detFloor);
  // w = A⁻¹·[dx, dy]
  const w1 = (a22 * dx - a12 * dy) / detA;
  const w2 = (-a12 * dx + a11 * dy) / detA;
  return [a * w1 + c * w2, b * w1 + d * w2] as [number, number];
}

/**
 * The "inv" (pole) step Δθ = adj(J)·d / det_safe with det_safe = sign(det)·max(|det|, max(detMin,
 * 1e-15)) and sign(0) = +: the exact inverse kinematics step away from a singularity, with a pole
 * of order one in det J = L1·L2·sin θ2 at it.
 */
export function invStep(j: Mat2, det: number, dx: number, dy: number, detMin: number) {
  const [a, b, c, d] = j;
  const floor = Math.max(detMin, 1e-15);
  const safe = (det >= 0 ? 1 : -1) * Math.max(Math.abs(det), floor);
  // adj(J) = [[d, −b], [−c, a]]
  return [(d * dx - b * dy) / safe, (-c * dx + a * dy) / safe] as [number, number];
}

/** Rescales a step so its Euclidean norm is at most `clip` (no change when within it). */
export function clipStep(step: readonly [number, number], clip: number): [number, number] {
  const norm = Math.hypot(step[0], step[1]);
  if (!(norm > clip)) return [step[0], step[1]];
  const f = clip / norm;
  return [step[0] * f, step[1] * f];
}
