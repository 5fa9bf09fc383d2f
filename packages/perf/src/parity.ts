import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalDigest,
  ENVELOPE_MARKER,
  ENVELOPE_VERSION,
  ERROR_CODES,
  PARITY_REPORT_MARKER,
  PARITY_REPORT_VERSION,
  type ParityPoint,
  type ParityReportV2,
  type ProvenanceEnvelopeV2,
  parityReportV2Schema,
  parseWithSchema,
  writeFileAtomic,
  writeJsonAtomic,
  ZpbenchError,
} from '@zpbench/core';
import {
  createAdam,
  createMatrix,
  createRng,
  implicitLoss,
  liftTargets,
  type Matrix,
  mseLoss,
  RationalEps,
  RationalHead,
  type Rng,
  strictDecode,
  zeroGrad,
} from '@zpbench/nn';
import { currentEnvelopeRuntime } from '@zpbench/runner';

/** The synthetic task of the parity runner: y = 1/(x − 0.3) on [−1, 1]. */
export const PARITY_TASK = {
  target: '1/(x - 0.3)',
  domain: [-1, 1] as [number, number],
  pole: 0.3,
  trainStep: 0.01,
  trainExclusion: 0.02,
  noiseSd: 0.01,
  testPoints: 2001,
  poleBand: 0.01,
  relativeTolerance: 0.05,
  steps: 3000,
  learningRate: 1e-2,
  epsilon: 1e-3,
  degree: 2,
} as const;

/** The τ grid of the curve (on |Q| scaled to unit RMS over the training inputs). */
export const PARITY_TAUS: readonly number[] = [
  0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1,
];

/** File names the parity runner writes, as the seed names them. */
export const PARITY_FILES = {
  report: 'parity_report.json',
  svg: 'coverage_accuracy.svg',
  png: 'coverage_accuracy.png',
} as const;

const target = (x: number): number =>
  Math.abs(x - PARITY_TASK.pole) < 1e-12 ? Number.POSITIVE_INFINITY : 1 / (x - PARITY_TASK.pole);

/** Training inputs (a grid avoiding the pole, plus one singular target at it) and targets. */
function trainingSet(rng: Rng): { x: Float64Array; y: Float64Array } {
  const xs: number[] = [];
  const ys: number[] = [];
  const [lo, hi] = PARITY_TASK.domain;
  const count = Math.round((hi - lo) / PARITY_TASK.trainStep);
  for (let i = 0; i <= count; i++) {
    const x = lo + i * PARITY_TASK.trainStep;
    if (Math.abs(x - PARITY_TASK.pole) < PARITY_TASK.trainExclusion) continue;
    xs.push(x);
    ys.push(target(x) + rng.normal(0, PARITY_TASK.noiseSd));
  }
  xs.push(PARITY_TASK.pole);
  ys.push(Number.POSITIVE_INFINITY);
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

function testGrid(): Float64Array {
  const [lo, hi] = PARITY_TASK.domain;
  const n = PARITY_TASK.testPoints;
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

interface TrainedModel {
  readonly id: string;
  readonly description: string;
  readonly finalLoss: number;
  /** (P, Q) on `x` with Q scaled to unit RMS over the training inputs. */
  readonly evaluate: (x: Float64Array) => { p: Matrix; q: Matrix; value: Float64Array };
}

function head(rng: Rng): RationalHead {
  return new RationalHead(rng, { degreeP: PARITY_TASK.degree, degreeQ: PARITY_TASK.degree });
}

/** Scale of Q: its RMS over the training inputs (P/Q does not change). */
function qScale(h: RationalHead, x: Float64Array): number {
  const { q } = h.forward(createMatrix(x.length, 1, x));
  let s = 0;
  for (const v of q.data) s += v * v;
  return Math.sqrt(s / q.data.length) || 1;
}

function evaluator(h: RationalHead, scale: number, value: (p: Matrix, q: Matrix) => Float64Array) {
  return (x: Float64Array) => {
    const out = h.forward(createMatrix(x.length, 1, x));
    const raw = value(out.p, out.q);
    const p = createMatrix(
      out.p.rows,
      1,
      out.p.data.map((v) => v / scale),
    );
    const q = createMatrix(
      out.q.rows,
      1,
      out.q.data.map((v) => v / scale),
    );
    return { p, q, value: raw };
  };
}

/** The SCM head: P/Q trained with the (non-detached) implicit loss, a singular target at the pole. */
function trainScm(rng: Rng, data: { x: Float64Array; y: Float64Array }): TrainedModel {
  const h = head(rng.fork('scm'));
  const n = data.x.length;
  const z = createMatrix(n, 1, data.x);
  const { yn, yd } = liftTargets(createMatrix(n, 1, data.y));
  const opt = createAdam(h.parameters(), { lr: PARITY_TASK.learningRate });
  let loss = Number.NaN;
  for (let s = 0; s < PARITY_TASK.steps; s++) {
    zeroGrad(h.parameters());
    const { p, q } = h.forward(z);
    const result = implicitLoss(p, q, yn, yd, { stopGradient: false });
    loss = result.value;
    h.backward(result.dP, result.dQ);
    opt.step();
  }
  const scale = qScale(h, data.x);
  return {
    id: 'scm',
    description: `Chebyshev P/Q head (degree ${PARITY_TASK.degree}/${PARITY_TASK.degree}) on x, implicit loss with the lifted singular target, strict |Q| ≥ τ decode`,
    finalLoss: loss,
    evaluate: evaluator(h, scale, (p, q) => p.data.map((v, i) => v / (q.data[i] as number))),
  };
}

/** The Rational+ε baseline: y = P/(Q + ε·sgn Q) trained with MSE on the finite targets. */
function trainRationalEps(rng: Rng, data: { x: Float64Array; y: Float64Array }): TrainedModel {
  const h = head(rng.fork('rational_eps'));
  const keep = [...data.y.keys()].filter((i) => Number.isFinite(data.y[i]));
  const x = Float64Array.from(keep, (i) => data.x[i] as number);
  const y = createMatrix(
    keep.length,
    1,
    Float64Array.from(keep, (i) => data.y[i] as number),
  );
  const z = createMatrix(x.length, 1, x);
  const eps = new RationalEps(PARITY_TASK.epsilon);
  const opt = createAdam(h.parameters(), { lr: PARITY_TASK.learningRate });
  let loss = Number.NaN;
  for (let s = 0; s < PARITY_TASK.steps; s++) {
    zeroGrad(h.parameters());
    const { p, q } = h.forward(z);
    const result = mseLoss(eps.forward(p, q), y);
    loss = result.value;
    const { dN, dD } = eps.backward(result.grad);
    h.backward(dN, dD);
    opt.step();
  }
  const scale = qScale(h, data.x);
  return {
    id: 'rational_eps',
    description: `the same head, output P/(Q + ε·sgn Q) with ε = ${PARITY_TASK.epsilon}, MSE on the finite targets; gated post hoc by its own |Q| ≥ τ`,
    finalLoss: loss,
    evaluate: evaluator(h, scale, (p, q) => eps.forward(p, q).data.slice()),
  };
}

/** Coverage, accuracy and pole-band bottoming of one model at each τ on the test grid. */
function curveOf(model: TrainedModel, x: Float64Array): ParityPoint[] {
  const { p, q, value } = model.evaluate(x);
  const y = x.map(target);
  const inBand = x.map((v) => (Math.abs(v - PARITY_TASK.pole) < PARITY_TASK.poleBand ? 1 : 0));
  const bandSize = inBand.reduce((a, b) => a + b, 0);
  return PARITY_TAUS.map((tau) => {
    const decoded = strictDecode(p, q, { tauInfer: tau });
    let accepted = 0;
    let correct = 0;
    let absError = 0;
    let finiteAccepted = 0;
    let bandBottom = 0;
    for (let i = 0; i < x.length; i++) {
      const v = value[i] as number;
      const bottom = decoded.bottom[i] === 1 || !Number.isFinite(v);
      if (bottom) {
        if (inBand[i]) bandBottom++;
        continue;
      }
      accepted++;
      const t = y[i] as number;
      if (!Number.isFinite(t)) continue;
      const err = Math.abs(v - t);
      finiteAccepted++;
      absError += err;
      if (err <= PARITY_TASK.relativeTolerance * Math.max(1, Math.abs(t))) correct++;
    }
    return {
      model: model.id,
      tau,
      coverage: accepted / x.length,
      accuracy: accepted === 0 ? 0 : correct / accepted,
      accepted,
      correct,
      mae_accepted: finiteAccepted === 0 ? null : absError / finiteAccepted,
      pole_band_bottom_rate: bandSize === 0 ? 0 : bandBottom / bandSize,
    };
  });
}

/** The vega-lite spec of the coverage/accuracy figure: one line per model, a point per τ. */
export function createCoverageAccuracyFigure(
  report: Pick<ParityReportV2, 'curve' | 'task'>,
): Record<string, unknown> {
  return {
    title: {
      text: 'Coverage vs accuracy of the strict |Q| ≥ τ gate',
      subtitle: `y = ${report.task.target} on [${report.task.domain.join(', ')}], pole inside; a point per τ`,
    },
    width: 420,
    height: 300,
    data: { values: report.curve.map((p) => ({ ...p, label: `τ=${p.tau}` })) },
    layer: [
      {
        mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
        encoding: {
          x: {
            field: 'coverage',
            type: 'quantitative',
            title: 'coverage (fraction of inputs answered)',
            scale: { zero: false },
          },
          y: {
            field: 'accuracy',
            type: 'quantitative',
            title: 'accuracy of the answered inputs',
            scale: { zero: false },
          },
          color: { field: 'model', type: 'nominal', title: 'model' },
          order: { field: 'tau', type: 'quantitative' },
        },
      },
    ],
  };
}

/** What {@link runParity} wrote. */
export interface ParityRun {
  readonly report: ParityReportV2;
  readonly paths: { readonly report: string; readonly svg: string; readonly png: string };
}

/**
 * The parity report's provenance envelope. The task and the curve are seeded and deterministic,
 * so both digests are equal for the same seed on any machine; times, argv and host stay out.
 */
export function parityEnvelope(
  report: Omit<ParityReportV2, 'envelope'>,
  argv: readonly string[],
): ProvenanceEnvelopeV2 {
  return {
    schema: ENVELOPE_MARKER,
    schema_version: ENVELOPE_VERSION,
    kind: 'performance',
    suite_id: 'parity',
    suite_version: `parity:v${report.schema_version}`,
    zpbench_version: report.zpbench_version,
    created_at: report.created_utc,
    command: [...argv],
    models: report.models.map((m) => m.id),
    runtime: currentEnvelopeRuntime(),
    input_digest: canonicalDigest({
      task: report.task,
      taus: report.taus,
      models: report.models.map(({ id, steps, learning_rate }) => ({ id, steps, learning_rate })),
    }),
    result_digest: canonicalDigest({
      final_loss: report.models.map((m) => [m.id, m.final_loss]),
      curve: report.curve,
    }),
    budget_file: null,
    event_count: report.curve.length,
    claim_boundary:
      'Coverage and accuracy per τ of an SCM head and a Rational+ε baseline on one small synthetic rational regression with a pole inside the input interval; not a claim about any benchmark domain or about speed.',
    metric_semantics:
      'Coverage: the share of test inputs the gate accepts (|Q| ≥ τ, finite payload); accuracy: the share of accepted inputs within the relative tolerance of a finite target (an accepted pole is wrong).',
    notes: null,
  };
}

/**
 * The parity runner: trains the SCM head and the Rational+ε baseline on y = 1/(x − 0.3) (pole
 * inside [−1, 1]), evaluates coverage and accuracy per τ on a 2,001-point grid, and writes
 * `parity_report.json`, `coverage_accuracy.svg` and the PNG rasterised from it by resvg.
 * Deterministic for a seed (only `created_utc` changes).
 *
 * @example
 * const { paths } = await runParity({ outputDir: 'benchmark_results', zpbenchVersion: '0.1.0' });
 */
export async function runParity(options: {
  outputDir: string;
  zpbenchVersion: string;
  /** The command line, recorded in the envelope. */
  argv?: readonly string[];
  seed?: number;
  now?: () => Date;
}): Promise<ParityRun> {
  const { outputDir } = options;
  if (existsSync(outputDir) && !statSync(outputDir).isDirectory()) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--output ${outputDir} is a file; pass a directory for ${PARITY_FILES.report} (e.g. benchmark_results)`,
    );
  }
  const seed = options.seed ?? 0;
  const rng = createRng(`parity:${seed}`);
  const data = trainingSet(rng.fork('data'));
  const models = [trainScm(rng, data), trainRationalEps(rng, data)];
  const grid = testGrid();
  const curve = models.flatMap((m) => curveOf(m, grid));
  const content = {
    schema: PARITY_REPORT_MARKER,
    schema_version: PARITY_REPORT_VERSION,
    created_utc: (options.now ?? (() => new Date()))().toISOString(),
    zpbench_version: options.zpbenchVersion,
    task: {
      target: PARITY_TASK.target,
      domain: PARITY_TASK.domain,
      pole: PARITY_TASK.pole,
      seed,
      train_points: data.x.length,
      train_exclusion: PARITY_TASK.trainExclusion,
      noise_sd: PARITY_TASK.noiseSd,
      test_points: grid.length,
      pole_band: PARITY_TASK.poleBand,
      relative_tolerance: PARITY_TASK.relativeTolerance,
      q_normalisation: 'Q and P divided by the RMS of Q over the training inputs',
    },
    models: models.map((m) => ({
      id: m.id,
      description: m.description,
      steps: PARITY_TASK.steps,
      learning_rate: PARITY_TASK.learningRate,
      final_loss: m.finalLoss,
    })),
    taus: [...PARITY_TAUS],
    curve,
    figures: { svg: PARITY_FILES.svg, png: PARITY_FILES.png },
  } satisfies Omit<ParityReportV2, 'envelope'>;
  const report = parseWithSchema(
    parityReportV2Schema,
    { ...content, envelope: parityEnvelope(content, options.argv ?? []) } satisfies ParityReportV2,
    'the parity report',
  );
  const { renderVegaLiteToSvg } = await import('@zpbench/report');
  const svg = await renderVegaLiteToSvg(createCoverageAccuracyFigure(report));
  const png = await rasterizeSvg(svg);
  const paths = {
    report: join(outputDir, PARITY_FILES.report),
    svg: join(outputDir, PARITY_FILES.svg),
    png: join(outputDir, PARITY_FILES.png),
  };
  writeFileAtomic(paths.svg, svg);
  writeFileAtomic(paths.png, png);
  writeJsonAtomic(paths.report, report);
  return { report, paths };
}

/**
 * Rasterises an SVG to PNG at twice its size with resvg (a Rust renderer shipped as a prebuilt
 * Node addon; no browser), text in the system's sans-serif fonts.
 */
export async function rasterizeSvg(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return image.asPng();
}
