/**
 * The second-order resonator H(s) = ω0² / (s² + (ω0/Q)·s + ω0²) at s = jω (domains.md §5.1),
 * and its exact facts. Complex values are [re, im] pairs.
 */

/** H(jω) = ω0² / ((ω0² − ω²) + j·ω·ω0/Q), as [Re, Im]. */
export function resonatorResponse(omega: number, w0: number, q: number): [number, number] {
  const dr = w0 * w0 - omega * omega;
  const di = (omega * w0) / q;
  const m = dr * dr + di * di;
  const k = (w0 * w0) / m;
  return [k * dr, -k * di];
}

/** The true denominator Q(jω) = (ω0² − ω²) + j·ω·ω0/Q (monic, coefficients [ω0², ω0/Q, 1]). */
export function resonatorDenominator(omega: number, w0: number, q: number): [number, number] {
  return [w0 * w0 - omega * omega, (omega * w0) / q];
}

/** |H(jω)|. */
export function resonatorMagnitude(omega: number, w0: number, q: number): number {
  const [re, im] = resonatorResponse(omega, w0, q);
  return Math.hypot(re, im);
}

/**
 * Frequency of the magnitude peak, ω0·√(1 − 1/(2Q²)), for Q > 1/√2; below that the magnitude
 * falls monotonically from ω = 0 and the peak is at 0.
 */
export function peakFrequency(w0: number, q: number): number {
  return q > Math.SQRT1_2 ? w0 * Math.sqrt(1 - 1 / (2 * q * q)) : 0;
}

/** Peak magnitude Q / √(1 − 1/(4Q²)) for Q > 1/√2, else 1 (the DC gain). */
export function peakMagnitude(q: number): number {
  return q > Math.SQRT1_2 ? q / Math.sqrt(1 - 1 / (4 * q * q)) : 1;
}

/** Phase arg(a) − arg(b) wrapped into (−180°, 180°], in degrees. */
export function phaseDifferenceDeg(
  a: readonly [number, number],
  b: readonly [number, number],
): number {
  // arg(a·conj(b)) is the wrapped difference, without wrapping two angles separately.
  const re = a[0] * b[0] + a[1] * b[1];
  const im = a[1] * b[0] - a[0] * b[1];
  const deg = (Math.atan2(im, re) * 180) / Math.PI;
  return deg === -180 ? 180 : deg;
}
