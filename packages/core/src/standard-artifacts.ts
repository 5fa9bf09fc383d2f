/**
 * Authoring helpers for the artifacts most domains declare the same way: model checkpoints and
 * figures with their vega-lite specs. Each helper fixes the parts core's rules already dictate
 * (id, path, kind, role), so a domain states only what is its own.
 */
import type { ArtifactRequirement, ArtifactSpec, SchemaEntry } from './artifact-spec.js';
import type { SeedFile } from './domain-plugin.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import { seedDir } from './run-layout.js';

/** The path pattern of a model checkpoint, relative to the run root. */
export const CHECKPOINT_PATH = 'seed_{seed}/checkpoints/{model}.json';

const CHECKPOINT_DESCRIPTION =
  'A trained model’s parameters (referenced by the per-seed result with its sha256).';

/**
 * Declares the optional `checkpoint` artifact at `seed_{seed}/checkpoints/{model}.json` with the
 * domain's checkpoint schema. Write each file with `createCheckpointFile`.
 * @example
 * export const CHECKPOINT = defineCheckpointArtifact({
 *   marker: CHECKPOINT_MARKER, version: CHECKPOINT_VERSION, schema: myCheckpointV1Schema,
 * });
 */
export function defineCheckpointArtifact<T>(
  schema: SchemaEntry<T>,
  description: string = CHECKPOINT_DESCRIPTION,
): ArtifactSpec<T> {
  return {
    id: 'checkpoint',
    path: CHECKPOINT_PATH,
    kind: 'json',
    role: 'checkpoint',
    description,
    schema,
    required: false,
  };
}

/** A checkpoint file of a seed and the reference its per-seed result keeps in `runs[model]`. */
export interface CheckpointFile {
  /** The file, relative to the seed directory, for `SeedOutput.files`. */
  readonly file: SeedFile;
  /** Its path relative to the run root and its sha256, for `runs[model].checkpoint`. */
  readonly ref: { readonly path: string; readonly sha256: string };
}

/**
 * Places the serialised checkpoint of `model` on `seed` at the path `defineCheckpointArtifact`
 * declares, and hashes it for the per-seed result.
 * @example
 * const checkpoint = createCheckpointFile(seed, 'scm', formatArtifactJson(doc, 'compact'));
 * files.push(checkpoint.file);
 * runs.scm = { ...run, checkpoint: checkpoint.ref };
 */
export function createCheckpointFile(seed: number, model: string, content: string): CheckpointFile {
  const path = `checkpoints/${model}.json`;
  return {
    file: { path, content },
    ref: { path: `${seedDir(seed)}/${path}`, sha256: sha256Hex(content) },
  };
}

/** The input of `defineFigureArtifacts`. */
export interface FigureArtifactsInput {
  /** The SVG's id; the vega-lite spec's id is `<id>_spec`. */
  readonly id: string;
  /** The SVG's path pattern, ending in `.svg`; the spec lies beside it as `.vl.json`. */
  readonly path: string;
  readonly description: string;
  readonly specDescription: string;
  /** Whether a run must hold the SVG (optional by default). The spec is always optional. */
  readonly required?: ArtifactRequirement;
}

/**
 * Declares a figure (role `figure`, an SVG) and the vega-lite spec the report writes beside it
 * as `<name>.vl.json`: the pair core's rules ask for, in the order the artifact table lists them.
 * @example
 * export const [FIGURE_PACK, FIGURE_PACK_SPEC] = defineFigureArtifacts({
 *   id: 'my_figure', path: 'figures/my_figure_pack/{name}.svg',
 *   description: 'My figure pack.', specDescription: 'vega-lite spec of a figure.',
 * });
 */
export function defineFigureArtifacts(
  input: FigureArtifactsInput,
): readonly [ArtifactSpec, ArtifactSpec] {
  if (!input.path.endsWith('.svg'))
    throw new ZpbenchError(
      ERROR_CODES.PLUGIN_CONTRACT,
      `figure ${input.id}: path "${input.path}" must end in .svg (its vega-lite spec lies beside it as .vl.json)`,
    );
  return [
    {
      id: input.id,
      path: input.path,
      kind: 'svg',
      role: 'figure',
      description: input.description,
      required: input.required ?? false,
    },
    {
      id: `${input.id}_spec`,
      path: `${input.path.slice(0, -'.svg'.length)}.vl.json`,
      kind: 'json',
      role: 'figure',
      description: input.specDescription,
      required: false,
    },
  ];
}
