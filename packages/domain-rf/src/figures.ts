import { artifactPath, type FigureSpec, type RunView } from '@zpbench/core';
import {
  FREQUENCY_RESPONSE,
  QUALITATIVE_FIGURE,
  QUALITATIVE_MANIFEST,
  SIGNAL_TRACES,
} from './contract.js';
import type { RfDetails } from './schemas/details.js';
import type { QualitativeExample } from './schemas/qualitative-pack.js';
import type { SignalTracesV1, TraceV1 } from './schemas/traces.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const TRUTH = 'analytic (truth)';
const BAND = 'peak search band';
/** Series colours: the truth in near-black, then the learned models in report order. */
const PALETTE = ['#24292f', '#0969da', '#8250df', '#cf222e', '#bc4c00', '#1a7f37', '#bf3989'];
const DB_FLOOR = -120;
const WIDTH = 300;

type Row = Record<string, string | number | boolean>;

const round4 = (x: number) => Number(x.toPrecision(4));
const db = (re: number, im: number) => Math.max(DB_FLOOR, 20 * Math.log10(Math.hypot(re, im)));
const phase = (re: number, im: number) => (Math.atan2(im, re) * 180) / Math.PI;

function seriesOf(traces: SignalTracesV1): { labels: string[]; byId: Map<string, string> } {
  const byId = new Map(traces.models.map((m) => [m.id, m.label]));
  return { labels: [TRUTH, ...traces.models.map((m) => m.label)], byId };
}

/** Contiguous runs of grid indices as [ω_lo, ω_hi] bands, widened to the neighbouring midpoints. */
export function indexBands(
  indices: readonly number[],
  omega: readonly number[],
): [number, number][] {
  const bands: [number, number][] = [];
  const mid = (a: number, b: number) => Math.sqrt((omega[a] as number) * (omega[b] as number));
  let start = -1;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    if (start < 0) start = i;
    const next = indices[k + 1];
    if (next === i + 1) continue;
    const lo = start > 0 ? mid(start - 1, start) : (omega[start] as number);
    const hi = i < omega.length - 1 ? mid(i, i + 1) : (omega[i] as number);
    bands.push([lo, hi]);
    start = -1;
  }
  return bands;
}

/** A model label without the project prefix and the architecture aside, for subtitles. */
export function shortLabel(label: string): string {
  return label.replace(/^ZeroProofML-/, '').replace(/\s*\(.*\)$/, '');
}

function peakText(label: string, a: TraceV1['predictions'][string]['analysis'], q: number): string {
  const name = shortLabel(label);
  if (!a.peak) return `${name}: no value in the peak band (washout)`;
  const mark = a.retained ? 'retained' : 'washout';
  const invented = a.invented_peaks.length > 0 ? `, ${a.invented_peaks.length} invented` : '';
  return `${name}: peak ${round4(a.peak.magnitude)} = ${Number((a.peak.magnitude / q).toPrecision(2))}·Q, ${mark}${invented}`;
}

/** Grid indices drawn for a trace: a stride over the sweep, the resonance region, every marked point. */
export function drawnIndices(trace: TraceV1, maxStride = 160): number[] {
  const n = trace.omega.length;
  const stride = Math.max(1, Math.ceil(n / maxStride));
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const near = (4 * trace.w0) / trace.q;
  trace.omega.forEach((w, i) => {
    if (i % stride === 0 || Math.abs(w - trace.w0) <= near) keep[i] = 1;
  });
  const mark = (i: number) => {
    for (const j of [i - 1, i, i + 1]) if (j >= 0 && j < n) keep[j] = 1;
  };
  mark(trace.truth.peak.index);
  for (const p of Object.values(trace.predictions)) {
    if (p.analysis.peak) mark(p.analysis.peak.index);
    for (const inv of p.analysis.invented_peaks) mark(inv.index);
    if (p.analysis.denominator) mark(p.analysis.denominator.index);
  }
  const out: number[] = [];
  keep.forEach((k, i) => {
    if (k === 1) out.push(i);
  });
  return out;
}

/**
 * The magnitude and phase charts of one saved trace. Its data goes into `datasets` under
 * `<prefix>_*` names (a layer refers to a dataset by name, so magnitude and phase share it);
 * each chart has four layers at most (shaded bands, lines, rules, peak dots), because compiling
 * and parsing layers is what a figure's rendering costs.
 */
export function traceCharts(
  traces: SignalTracesV1,
  trace: TraceV1,
  datasets: Record<string, Row[]>,
  options: {
    readonly prefix: string;
    readonly title: string;
    readonly subtitle?: readonly string[];
    readonly focus?: readonly string[];
    /** Add a linear-ω magnitude panel over ω0·(1 ± 4/Q), the resonance at full resolution. */
    readonly zoom?: boolean;
  },
): Record<string, unknown> {
  const { labels, byId } = seriesOf(traces);
  const omega = trace.omega;
  const drawn = drawnIndices(trace);
  const lines: Row[] = [];
  const zoomed: Row[] = [];
  const peaks: Row[] = [];
  const rules: Row[] = [];
  const halfBand = (2 * trace.w0) / trace.q;
  // The peak search band in grey (as its own series), then each model's strict-trigger bands.
  const shades: Row[] = [
    {
      series: BAND,
      lo: Math.max(omega[0] as number, trace.w0 - halfBand),
      hi: trace.w0 + halfBand,
      o: 0.15,
    },
  ];
  const zoomLo = trace.w0 * (1 - 4 / trace.q);
  const zoomHi = trace.w0 * (1 + 4 / trace.q);
  const addLine = (
    series: string,
    re: readonly (number | null)[],
    im: readonly (number | null)[],
  ) => {
    const focus = options.focus === undefined || options.focus.includes(series) || series === TRUTH;
    const row = (i: number): Row | null => {
      const r = re[i];
      const m = im[i];
      if (r === null || r === undefined || m === null || m === undefined) return null;
      const w = omega[i] as number;
      return {
        series,
        omega: w,
        db: round4(db(r, m)),
        phase: round4(phase(r, m)),
        w: focus ? 1.6 : 0.8,
      };
    };
    for (const i of drawn) {
      const r = row(i);
      if (r) lines.push(r);
    }
    if (options.zoom)
      omega.forEach((w, i) => {
        const r = w >= zoomLo && w <= zoomHi ? row(i) : null;
        if (r) zoomed.push(r);
      });
  };
  addLine(TRUTH, trace.truth.re, trace.truth.im);
  peaks.push({
    series: TRUTH,
    omega: trace.truth.peak.omega,
    db: round4(db(trace.truth.peak.magnitude, 0)),
  });
  let trueMin = 0;
  trace.truth.q_abs.forEach((v, i) => {
    if (v !== null && v < (trace.truth.q_abs[trueMin] ?? Number.POSITIVE_INFINITY)) trueMin = i;
  });
  rules.push({ series: TRUTH, omega: omega[trueMin] as number });
  const subtitle = [...(options.subtitle ?? [])];
  for (const model of traces.models) {
    const p = trace.predictions[model.id];
    if (!p) continue;
    const label = byId.get(model.id) ?? model.id;
    addLine(label, p.re, p.im);
    const a = p.analysis;
    if (a.peak)
      peaks.push({ series: label, omega: a.peak.omega, db: round4(db(a.peak.magnitude, 0)) });
    for (const inv of a.invented_peaks)
      peaks.push({ series: label, omega: inv.omega, db: round4(db(inv.magnitude, 0)) });
    if (a.denominator) rules.push({ series: label, omega: a.denominator.omega });
    for (const [lo, hi] of indexBands(p.trigger, omega))
      shades.push({ series: label, lo, hi, o: 0.3 });
    subtitle.push(peakText(label, a, trace.q));
  }
  const name = (part: string) => `${options.prefix}_${part}`;
  datasets[name('lines')] = lines;
  datasets[name('peaks')] = peaks;
  datasets[name('rules')] = rules;
  datasets[name('shades')] = shades;
  const scale = {
    domain: [...labels, BAND],
    range: [...PALETTE.slice(0, labels.length), '#8c959f'],
  };
  const colour = {
    field: 'series',
    type: 'nominal',
    scale,
    title: 'model',
    legend: {
      orient: 'bottom',
      columns: 3,
      symbolType: 'stroke',
      labelLimit: 260,
      values: labels,
    },
  };
  const x = (domain: readonly number[], log: boolean, title: string) => ({
    field: 'omega',
    type: 'quantitative',
    title,
    scale: log ? { type: 'log', domain } : { domain },
  });
  const layers = (
    xs: Record<string, unknown>,
    y: Record<string, unknown>,
    data: string,
    withPeaks: boolean,
  ) => [
    {
      data: { name: name('shades') },
      mark: { type: 'rect' },
      encoding: {
        x: { ...xs, field: 'lo' },
        x2: { field: 'hi' },
        color: colour,
        opacity: { field: 'o', type: 'quantitative', scale: null },
      },
    },
    {
      data: { name: data },
      mark: { type: 'line', clip: true },
      encoding: {
        x: xs,
        y,
        color: colour,
        strokeWidth: { field: 'w', type: 'quantitative', scale: null },
        detail: { field: 'series' },
      },
    },
    {
      data: { name: name('rules') },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1, clip: true },
      encoding: { x: xs, color: colour },
    },
    ...(withPeaks
      ? [
          {
            data: { name: name('peaks') },
            mark: {
              type: 'point',
              filled: true,
              size: 45,
              stroke: 'white',
              strokeWidth: 0.5,
              clip: true,
            },
            encoding: { x: xs, y: { field: 'db', type: 'quantitative' }, color: colour },
          },
        ]
      : []),
  ];
  const logX = x([omega[0] as number, omega[omega.length - 1] as number], true, 'ω (rad/s)');
  const dbY = { field: 'db', type: 'quantitative', title: '|H| (dB)' };
  const magnitude = {
    width: WIDTH,
    height: 170,
    title: { text: options.title, subtitle },
    layer: layers(logX, dbY, name('lines'), true),
  };
  const phasePanel = {
    width: WIDTH,
    height: 120,
    layer: layers(
      logX,
      {
        field: 'phase',
        type: 'quantitative',
        title: 'phase (degrees)',
        scale: { domain: [-180, 180] },
        axis: { values: [-180, -90, 0, 90, 180] },
      },
      name('lines'),
      false,
    ),
  };
  const bode = { vconcat: [magnitude, phasePanel], spacing: 6 };
  if (!options.zoom) return bode;
  datasets[name('zoom')] = zoomed;
  const zoomPanel = {
    width: 220,
    height: 170,
    title: { text: 'The resonance at full resolution', subtitle: 'ω0·(1 ± 4/Q), linear ω' },
    layer: layers(x([round4(zoomLo), round4(zoomHi)], false, 'ω (rad/s)'), dbY, name('zoom'), true),
  };
  return { hconcat: [bode, zoomPanel], spacing: 16 };
}

const LEGEND_NOTE =
  'Grey: peak search band |ω − ω0| ≤ 2ω0/Q. Coloured bands: strict-trigger regions. Dashed rules: denominator minima. Dots: band peaks and invented peaks.';

function traceTitle(t: TraceV1): string {
  return `filter ${t.filter}: ω0 = ${round4(t.w0)}, Q = ${round4(t.q)} (${t.subset === 'extrapolation' ? 'extrapolation' : 'in band'})`;
}

/** `seed_<n>/rf_frequency_response.svg`: the representative traces side by side. */
export function frequencyResponseFigure(seed: number, traces: SignalTracesV1): FigureSpec {
  const shown = traces.traces.filter((t) => t.selection.includes('representative'));
  const datasets: Record<string, Row[]> = {};
  const panels = shown.map((t, k) =>
    traceCharts(traces, t, datasets, { prefix: `trace${k}`, title: traceTitle(t) }),
  );
  return {
    path: artifactPath(FREQUENCY_RESPONSE, { seed }),
    title: `Frequency response of representative test filters, seed ${seed}`,
    spec: {
      $schema: SCHEMA,
      title: {
        text: `Seed ${seed}: magnitude and phase of representative test filters`,
        subtitle: LEGEND_NOTE,
      },
      datasets,
      hconcat: panels,
      spacing: 20,
    },
  };
}

/** `seed_<n>/rf_qualitative_figure_pack/<name>.svg`: one targeted failure. */
export function qualitativeFigure(
  seed: number,
  traces: SignalTracesV1,
  example: QualitativeExample,
): FigureSpec | null {
  const trace = traces.traces.find((t) => t.filter === example.filter);
  if (!trace) return null;
  const labels = example.models.map((id) => traces.models.find((m) => m.id === id)?.label ?? id);
  const kind = example.kind === 'washout' ? 'Washout' : 'Invented peak';
  const datasets: Record<string, Row[]> = {};
  const charts = traceCharts(traces, trace, datasets, {
    prefix: 'trace',
    title: traceTitle(trace),
    focus: labels,
    zoom: true,
  });
  return {
    path: artifactPath(QUALITATIVE_FIGURE, { seed, name: example.name }),
    title: `${kind} by ${labels.join(', ')}, seed ${seed}, filter ${example.filter}`,
    spec: {
      $schema: SCHEMA,
      title: {
        text: `${kind}: ${labels.join(', ')}`,
        subtitle: [...example.evidence, LEGEND_NOTE],
      },
      datasets,
      ...charts,
    },
  };
}

/**
 * The RF figures, from stored artifacts only: per seed, the frequency-response figure from
 * `rf_signal_traces.json` and one figure per example of the qualitative pack's manifest.
 */
export function rfFigurePack(run: RunView<RfDetails>): FigureSpec[] {
  const figures: FigureSpec[] = [];
  for (const seed of run.seeds) {
    const traces = run.read(SIGNAL_TRACES, { seed });
    if (!traces) continue;
    figures.push(frequencyResponseFigure(seed, traces));
    for (const example of run.read(QUALITATIVE_MANIFEST, { seed })?.examples ?? []) {
      const figure = qualitativeFigure(seed, traces, example);
      if (figure) figures.push(figure);
    }
  }
  return figures;
}
