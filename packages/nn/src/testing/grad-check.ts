/**
 * Finite-difference gradient checking for the package's own tests (not exported).
 * Central differences in float64; the error is norm-wise,
 * ‖analytic − numeric‖₂ / max(‖analytic‖₂ + ‖numeric‖₂, 1e-12), which stays meaningful
 * when some components are (near) zero.
 */
export function numericGradient(f: () => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const old = x[i] as number;
    x[i] = old + h;
    const fp = f();
    x[i] = old - h;
    const fm = f();
    x[i] = old;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** Norm-wise relative error between two gradients. */
export function relativeError(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    d += (x - y) ** 2;
    na += x * x;
    nb += y * y;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(na) + Math.sqrt(nb), 1e-12);
}

/** Check `analytic` against central differences of `f` in `x`; returns the relative error. */
export function gradientError(
  f: () => number,
  x: Float64Array,
  analytic: Float64Array,
  h = 1e-6,
): number {
  return relativeError(analytic, numericGradient(f, x, h));
}

/** Deterministic fill for test data without an RNG dependency: a smooth pseudo-random pattern. */
export function fillPattern(a: Float64Array, scale = 1, offset = 0): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = scale * Math.sin(1.7 * i + 0.3 + offset);
  return a;
}

/** Σ c ⊙ y with c from {@link fillPattern}: a scalar probe whose gradient in y is c. */
export function probe(y: Float64Array, c: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] as number) * (c[i] as number);
  return s;
}
