import { type BenchmarkRun, type ComparisonRegression, compareCodePoints } from '@zpbench/core';

/** Why a reference is left out of a comparison report, or `safe`. */
export type ReferenceClass = 'safe' | 'absolute' | 'outside-run' | 'checkpoint' | 'binary';

/** Suffixes of model weights and checkpoints: never rendered, whatever their role. */
const CHECKPOINT_SUFFIXES = /\.(ckpt|pt|pth|safetensors|onnx|h5|keras|pb|tflite)$/i;
/** Suffixes of binary files. */
const BINARY_SUFFIXES =
  /\.(bin|npy|npz|pkl|pickle|joblib|parquet|arrow|gz|zip|tar|7z|xz|png|jpe?g|gif|webp|pdf)$/i;

/**
 * Classifies a path an artifact refers to: absolute (a leading `/`, a drive letter or a UNC
 * prefix), outside the run (a `..` segment, a backslash or a control character), a checkpoint
 * (role checkpoint or bundle-file, a `checkpoints/` segment, a weights suffix), binary (kind
 * binary or a binary suffix), or safe to name in a report.
 */
export function classifyReference(
  path: string,
  entry: { readonly role?: string; readonly kind?: string } = {},
): ReferenceClass {
  if (/^\//.test(path) || /^[A-Za-z]:/.test(path) || path.startsWith('\\\\')) return 'absolute';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/(^|\/)\.\.(\/|$)/.test(path) || path.includes('\\') || /[\u0000-\u001f]/.test(path))
    return 'outside-run';
  if (
    entry.role === 'checkpoint' ||
    entry.role === 'bundle-file' ||
    /(^|\/)checkpoints\//.test(path) ||
    CHECKPOINT_SUFFIXES.test(path)
  )
    return 'checkpoint';
  if (entry.kind === 'binary' || BINARY_SUFFIXES.test(path)) return 'binary';
  return 'safe';
}

/** Roles whose bytes depend only on seeds and config: a hash change is drift. */
const COMPARED_ROLES: ReadonlySet<string> = new Set([
  'seed-result',
  'sidecar',
  'aggregate',
  'audit',
  'figure',
  'bundle-manifest',
]);

/** Every path a run refers to: its manifest, its seeds' artifact names and checkpoints, the audit's evidence, its parent run. */
function references(run: BenchmarkRun): Map<string, { role?: string; kind?: string }> {
  const out = new Map<string, { role?: string; kind?: string }>();
  for (const entry of Object.values(run.manifest.artifacts))
    out.set(entry.path, { role: entry.role, kind: entry.kind });
  const add = (path: string, meta: { role?: string; kind?: string } = {}) => {
    if (!out.has(path)) out.set(path, meta);
  };
  for (const result of run.seedResults.values()) {
    for (const path of Object.values(result.artifact_naming)) add(path);
    for (const model of Object.values(result.runs))
      if (model.checkpoint) add(model.checkpoint.path, { role: 'checkpoint' });
  }
  for (const evidence of run.claimAudit.evidence) add(evidence.path);
  if (run.provenance.parent_run_dir) add(run.provenance.parent_run_dir);
  return out;
}

/**
 * Hash changes of the safe artifacts of two runs (per-seed results, sidecars, aggregates,
 * audits, figures, bundle manifests, by their manifests' sha256), those only one run has, and the
 * unsafe references of both, counted by reason and never listed. Journal and report files hold
 * run ids and timestamps, so they are counted as not compared.
 */
export function computeArtifactDrift(
  baseline: BenchmarkRun,
  candidate: BenchmarkRun,
): ComparisonRegression['artifact_drift'] {
  const excluded = { count: 0, absolute: 0, outside_run: 0, checkpoint: 0, binary: 0 };
  const unsafe = new Set<string>();
  for (const run of [baseline, candidate]) {
    for (const [path, meta] of references(run)) {
      const kind = classifyReference(path, meta);
      if (kind === 'safe' || unsafe.has(path)) continue;
      unsafe.add(path);
      excluded.count++;
      excluded[kind === 'outside-run' ? 'outside_run' : kind]++;
    }
  }
  const a = baseline.manifest.artifacts;
  const b = candidate.manifest.artifacts;
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareCodePoints);
  const drift: ComparisonRegression['artifact_drift'] = {
    compared: 0,
    changed: [],
    only_in_baseline: [],
    only_in_candidate: [],
    not_compared: 0,
    excluded,
  };
  for (const path of paths) {
    if (unsafe.has(path)) continue;
    const x = a[path];
    const y = b[path];
    const role = (x ?? y)?.role as string;
    if (!COMPARED_ROLES.has(role)) {
      drift.not_compared++;
      continue;
    }
    if (x && y) {
      drift.compared++;
      if (x.sha256 !== y.sha256)
        drift.changed.push({ path, role, baseline_sha256: x.sha256, candidate_sha256: y.sha256 });
    } else if (x) drift.only_in_baseline.push({ path, role });
    else drift.only_in_candidate.push({ path, role });
  }
  return drift;
}
