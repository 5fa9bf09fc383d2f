import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BundlePredictor,
  ERROR_CODES,
  formatArtifactJson,
  parseArtifact,
  parseJsonText,
  sha256Hex,
  ZpbenchError,
} from '@zpbench/core';
import { createRng } from '@zpbench/nn';
import { decodeStrict } from './decode.js';
import { unscaleResponse } from './generator.js';
import { Mlp } from './mlp.js';
import {
  BUNDLE_MARKER,
  BUNDLE_PARAMS_MARKER,
  BUNDLE_VERSION,
  type BundleManifest,
  bundleManifestV1Schema,
  bundleParamsV1Schema,
} from './schemas/bundle.js';
import { normaliseTuple } from './scm-model.js';

const MANIFEST_ENTRY = {
  marker: BUNDLE_MARKER,
  version: BUNDLE_VERSION,
  schema: bundleManifestV1Schema,
};
const PARAMS_ENTRY = {
  marker: BUNDLE_PARAMS_MARKER,
  version: BUNDLE_VERSION,
  schema: bundleParamsV1Schema,
};

/** The files of a bundle directory: `bundle.json` and `params.json`. */
export function createBundleFiles(
  manifest: Omit<
    BundleManifest,
    'schema' | 'schema_version' | 'parameters' | 'strict_inference_exports'
  >,
  sizes: readonly number[],
  params: ArrayLike<number>,
): { bundleJson: string; paramsJson: string } {
  const paramsJson = formatArtifactJson(
    {
      schema: BUNDLE_PARAMS_MARKER,
      schema_version: BUNDLE_VERSION,
      sizes: [...sizes],
      params: Array.from(params),
    },
    'compact',
  );
  const full: BundleManifest = {
    schema: BUNDLE_MARKER,
    schema_version: BUNDLE_VERSION,
    ...manifest,
    parameters: { path: 'params.json', sha256: sha256Hex(paramsJson), sizes: [...sizes] },
    strict_inference_exports: 'stable_provenance_outputs',
  };
  return { bundleJson: formatArtifactJson(full), paramsJson };
}

/** A loaded bundle, ready for {@link predict}. */
export interface LoadedBundle {
  readonly manifest: BundleManifest;
  readonly net: Mlp;
}

/**
 * Reads a bundle directory, checks the parameter file's sha256 against `bundle.json`, and rebuilds the network.
 * @example
 * const bundle = loadBundle('results/benchmarks/dose/<run>/seed_0/bundles/scm');
 * const out = predict(bundle, [{ descriptors: [0.1, -0.3, 0.5, 0, 0.2], log10Dose: -7 }]);
 */
export function loadBundle(dir: string): LoadedBundle {
  const manifestPath = join(dir, 'bundle.json');
  const manifest = parseArtifact(
    MANIFEST_ENTRY,
    parseJsonText(readText(manifestPath), manifestPath),
    manifestPath,
  );
  const paramsPath = join(dir, manifest.parameters.path);
  const text = readText(paramsPath);
  const hash = sha256Hex(text);
  if (hash !== manifest.parameters.sha256) {
    throw new ZpbenchError(
      ERROR_CODES.RUN_INVALID,
      `${join(dir, manifest.parameters.path)}: sha256 ${hash} does not match bundle.json (${manifest.parameters.sha256}); the bundle was modified — restore it from the run directory`,
    );
  }
  const { sizes, params } = parseArtifact(
    PARAMS_ENTRY,
    parseJsonText(text, paramsPath),
    paramsPath,
  );
  return { manifest, net: new Mlp(sizes, createRng('bundle'), params) };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); point loadBundle at a seed_<n>/bundles/<model> directory`,
      { cause: error },
    );
  }
}

/** One input of {@link predict}: a compound's descriptors and a dose. */
export interface BundleInput {
  readonly descriptors: readonly number[];
  readonly log10Dose: number;
}

/** Output of {@link predict}, one entry per input. */
export interface BundleOutput {
  /** Decoded response (response units); NaN where bottomed. */
  readonly decoded: number[];
  readonly bottom_mask: boolean[];
  readonly gap_mask: boolean[];
  readonly fault_mask: boolean[];
  readonly semantic_bottom_mask: boolean[];
  /** 0 none, 1 fault, 2 semantic, 3 both. */
  readonly bottom_provenance: number[];
  /** Direction head's call (meaningful where bottomed). */
  readonly direction: ('below' | 'above')[];
  /** below / in_range / above: in_range where accepted, else the direction. */
  readonly label: ('below' | 'in_range' | 'above')[];
  readonly q_abs: number[];
}

/** Runs the bundle's SCM model with the strict decode at the bundle's tau_infer (or `tauInfer`). */
export function predict(
  bundle: LoadedBundle,
  inputs: readonly BundleInput[],
  tauInfer?: number,
): BundleOutput {
  const m = bundle.manifest;
  const nDesc = m.input_contract.features.length - 1;
  const nf = nDesc + 1;
  const x = new Float64Array(inputs.length * nf);
  inputs.forEach((inp, i) => {
    if (inp.descriptors.length !== nDesc)
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `predict input ${i}: expected ${nDesc} descriptors (bundle input_contract), got ${inp.descriptors.length}`,
      );
    inp.descriptors.forEach((d, j) => {
      x[i * nf + j] = d;
    });
    x[i * nf + nDesc] =
      (inp.log10Dose - m.input_contract.log10_dose_center) / m.input_contract.log10_dose_halfwidth;
  });
  const out = bundle.net.forward(x, inputs.length).output;
  const p = new Float64Array(inputs.length);
  const q = new Float64Array(inputs.length);
  const dir: ('below' | 'above')[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const [P, Q] = normaliseTuple(out[3 * i] as number, out[3 * i + 1] as number);
    p[i] = P;
    q[i] = Q;
    dir.push((out[3 * i + 2] as number) > 0 ? 'above' : 'below');
  }
  const d = decodeStrict(p, q, tauInfer ?? m.tau_infer, m.tau_train);
  const window = m.assay_window;
  return {
    decoded: Array.from(d.decoded, (y) => (Number.isNaN(y) ? y : unscaleResponse(y, window))),
    bottom_mask: Array.from(d.bottom, Boolean),
    gap_mask: Array.from(d.gap, Boolean),
    fault_mask: Array.from(d.fault, Boolean),
    semantic_bottom_mask: Array.from(d.semantic, Boolean),
    bottom_provenance: Array.from(d.provenance),
    direction: dir,
    label: dir.map((side, i) => (d.bottom[i] ? side : 'in_range')),
    q_abs: Array.from(q, Math.abs),
  };
}

/**
 * A bundle directory loaded for the `bundle` performance suite: `sampleInputs(n, seed)` draws `n`
 * compounds (descriptors uniform in [−1, 1]) at doses spread over the bundle's dose scaling
 * window, from the seeded stream `seed`; `predict` runs {@link predict} on them.
 * @example
 * const p = loadBundlePredictor('results/benchmarks/dose/<run>/seed_0/bundles/scm');
 * p.predict(p.sampleInputs(1024, 'perf/bundle'));
 */
export function loadBundlePredictor(dir: string): BundlePredictor {
  const bundle = loadBundle(dir);
  const contract = bundle.manifest.input_contract;
  const nDesc = contract.features.length - 1;
  return {
    sampleInputs: (n, seed) => {
      const rng = createRng(seed);
      return Array.from(
        { length: n },
        (): BundleInput => ({
          descriptors: Array.from({ length: nDesc }, () => rng.uniformRange(-1, 1)),
          log10Dose:
            contract.log10_dose_center + contract.log10_dose_halfwidth * rng.uniformRange(-1, 1),
        }),
      );
    },
    predict: (inputs) => predict(bundle, inputs as readonly BundleInput[]),
  };
}
