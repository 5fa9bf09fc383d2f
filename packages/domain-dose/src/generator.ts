import { fingerprint } from '@zpbench/core';
import { createRng } from '@zpbench/nn';
import type { DoseGeneratorConfig } from './config.js';

/** Class labels in the canonical order of the confusion matrices. */
export const LABELS = ['below', 'in_range', 'above'] as const;
/** A DOSE class label. */
export type DoseLabel = (typeof LABELS)[number];
/** Label codes: 0 below, 1 in_range, 2 above. */
export const BELOW = 0;
/** Label code of in-range samples. */
export const IN_RANGE = 1;
/** Label code of samples above the ULOQ. */
export const ABOVE = 2;

/** Split names, in generation order. */
export const SPLITS = ['train', 'val', 'calibration', 'test'] as const;
/** A split name. */
export type SplitName = (typeof SPLITS)[number];

/** One compound's hidden 4PL parameters and visible descriptors. */
export interface Compound {
  readonly id: number;
  readonly split: SplitName;
  readonly descriptors: readonly number[];
  readonly log10Ec50: number;
  readonly hill: number;
  readonly bottom: number;
  readonly top: number;
  /** Inhibitor: the response falls from top to bottom as the dose rises (else an agonist, rising). */
  readonly inhibitor: boolean;
}

/** The samples of one split, row-major features. */
export interface DoseSplit {
  readonly n: number;
  readonly nFeatures: number;
  /** Model inputs: descriptors, then the scaled log dose. */
  readonly x: Float64Array;
  readonly ids: readonly string[];
  readonly compound: Int32Array;
  readonly log10Dose: Float64Array;
  /** Noisy measured response before censoring (response units). */
  readonly response: Float64Array;
  /** Response scaled so the assay window maps to [−1, 1]; the regression target of in-range samples. */
  readonly target: Float64Array;
  /** 0 below, 1 in_range, 2 above. */
  readonly label: Int8Array;
}

/** A generated DOSE dataset. */
export interface DoseDataset {
  readonly seed: number;
  readonly compounds: readonly Compound[];
  readonly splits: Readonly<Record<SplitName, DoseSplit>>;
  readonly fingerprint: string;
}

/** Scales a response so [LLOQ, ULOQ] maps to [−1, 1]. */
export function scaleResponse(e: number, g: Pick<DoseGeneratorConfig, 'lloq' | 'uloq'>): number {
  return (2 * e - (g.lloq + g.uloq)) / (g.uloq - g.lloq);
}

/** Inverse of {@link scaleResponse}. */
export function unscaleResponse(y: number, g: Pick<DoseGeneratorConfig, 'lloq' | 'uloq'>): number {
  return (y * (g.uloq - g.lloq) + (g.lloq + g.uloq)) / 2;
}

/**
 * The four-parameter logistic in log10 dose: agonists rise, E(c) = E0 + (Emax − E0) / (1 + (EC50 / c)^h);
 * inhibitors fall, E(c) = Emax − (Emax − E0) / (1 + (EC50 / c)^h).
 */
export function fourPl(
  log10Dose: number,
  c: Pick<Compound, 'log10Ec50' | 'hill' | 'bottom' | 'top'> & { readonly inhibitor?: boolean },
): number {
  const rise = (c.top - c.bottom) / (1 + 10 ** (c.hill * (c.log10Ec50 - log10Dose)));
  return c.inhibitor ? c.top - rise : c.bottom + rise;
}

/** Classifies a measured response against the assay window. */
export function labelOf(response: number, g: Pick<DoseGeneratorConfig, 'lloq' | 'uloq'>): number {
  if (response < g.lloq) return BELOW;
  if (response > g.uloq) return ABOVE;
  return IN_RANGE;
}

/**
 * Generates the seed's dataset: compounds (descriptors → 4PL parameters through tanh of a fixed
 * linear mixing), a half-log dose grid, Gaussian noise, assay-window labels and a by-compound split.
 * RNG order: per compound its descriptors then its EC50 offset then its dose noises; then the split shuffle.
 */
export function generateDataset(g: DoseGeneratorConfig, seed: number): DoseDataset {
  const rng = createRng(`dose:data:${seed}`);
  const draw = rng.fork('compounds');
  const compoundsRaw: Omit<Compound, 'split'>[] = [];
  const responses: number[][] = [];
  for (let i = 0; i < g.n_compounds; i++) {
    const descriptors: number[] = [];
    for (let j = 0; j < g.n_descriptors; j++)
      descriptors.push(draw.uniformRange(g.descriptor_min, g.descriptor_max));
    const z = g.mixing.map((row) => row.reduce((acc, w, j) => acc + w * (descriptors[j] ?? 0), 0));
    const log10Ec50 =
      g.log10_ec50_center +
      g.log10_ec50_halfwidth * Math.tanh(z[0] ?? 0) +
      draw.normal(0, g.log10_ec50_compound_sd);
    const hill = g.hill_center + g.hill_halfwidth * Math.tanh(z[1] ?? 0);
    const bottom = g.bottom_center + g.bottom_halfwidth * Math.tanh(z[2] ?? 0);
    const top = g.top_center + g.top_halfwidth * Math.tanh(z[3] ?? 0);
    const inhibitor =
      g.inhibitor_weights.reduce((acc, w, j) => acc + w * (descriptors[j] ?? 0), 0) > 0;
    const c = { id: i, descriptors, log10Ec50, hill, bottom, top, inhibitor };
    const sd = g.noise_frac_of_span * Math.abs(top - bottom);
    const row: number[] = [];
    for (let k = 0; k < g.doses_per_compound; k++) {
      row.push(fourPl(g.log10_dose_min + k * g.log10_dose_step, c) + draw.normal(0, sd));
    }
    compoundsRaw.push(c);
    responses.push(row);
  }
  const order = Array.from(rng.fork('split').permutation(g.n_compounds));
  const splitOf = new Map<number, SplitName>();
  const f = g.split_fractions;
  const bounds = [f.train, f.train + f.val, f.train + f.val + f.calibration].map((b) =>
    Math.round(b * g.n_compounds),
  );
  order.forEach((id, rank) => {
    const s: SplitName =
      rank < (bounds[0] ?? 0)
        ? 'train'
        : rank < (bounds[1] ?? 0)
          ? 'val'
          : rank < (bounds[2] ?? 0)
            ? 'calibration'
            : 'test';
    splitOf.set(id, s);
  });
  const compounds: Compound[] = compoundsRaw.map((c) => ({
    ...c,
    split: splitOf.get(c.id) ?? 'train',
  }));
  const splits = Object.fromEntries(
    SPLITS.map((name) => [
      name,
      buildSplit(
        g,
        compounds.filter((c) => c.split === name),
        responses,
      ),
    ]),
  ) as Record<SplitName, DoseSplit>;
  const canonical = {
    generator: g,
    seed,
    compounds: compounds.map((c) => [
      c.id,
      c.split,
      c.descriptors,
      c.log10Ec50,
      c.hill,
      c.bottom,
      c.top,
      c.inhibitor,
    ]),
    responses,
  };
  return { seed, compounds, splits, fingerprint: fingerprint(canonical) };
}

function buildSplit(
  g: DoseGeneratorConfig,
  compounds: readonly Compound[],
  responses: readonly number[][],
): DoseSplit {
  const nFeatures = g.n_descriptors + 1;
  const n = compounds.length * g.doses_per_compound;
  const x = new Float64Array(n * nFeatures);
  const ids: string[] = [];
  const compound = new Int32Array(n);
  const log10Dose = new Float64Array(n);
  const response = new Float64Array(n);
  const target = new Float64Array(n);
  const label = new Int8Array(n);
  const half = (g.log10_dose_step * (g.doses_per_compound - 1)) / 2;
  const mid = g.log10_dose_min + half;
  let r = 0;
  for (const c of compounds) {
    for (let k = 0; k < g.doses_per_compound; k++) {
      const ld = g.log10_dose_min + k * g.log10_dose_step;
      for (let j = 0; j < g.n_descriptors; j++) x[r * nFeatures + j] = c.descriptors[j] ?? 0;
      x[r * nFeatures + g.n_descriptors] = (ld - mid) / half;
      const e = responses[c.id]?.[k] ?? Number.NaN;
      ids.push(`${c.id}:${k}`);
      compound[r] = c.id;
      log10Dose[r] = ld;
      response[r] = e;
      target[r] = scaleResponse(e, g);
      label[r] = labelOf(e, g);
      r++;
    }
  }
  return { n, nFeatures, x, ids, compound, log10Dose, response, target, label };
}
