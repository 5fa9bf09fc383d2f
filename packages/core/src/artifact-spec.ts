import { ERROR_CODES, ZpbenchError } from './errors.js';
import type * as z from './schemas/zod.js';

/** File format of an artifact, for tooling that filters the table of contents. */
export type ArtifactKind = 'json' | 'jsonl' | 'markdown' | 'html' | 'svg' | 'text' | 'binary';

/**
 * What an artifact is for. The manifest's checkpoint and bundle hashes are built from these
 * roles (never from folder names), and `report benchmark` may rewrite only report and figure files.
 */
export type ArtifactRole =
  | 'journal'
  | 'seed-result'
  | 'sidecar'
  | 'checkpoint'
  | 'bundle-manifest'
  | 'bundle-file'
  | 'aggregate'
  | 'audit'
  | 'report'
  | 'figure';

/** Whether a run must hold an artifact: always, never (optional), or only in the listed modes. */
export type ArtifactRequirement = boolean | readonly string[];

/** One versioned JSON schema: its marker, version and zod schema. */
export interface SchemaEntry<T = unknown> {
  readonly marker: string;
  readonly version: number;
  readonly schema: z.ZodType<T>;
}

/**
 * One file a run directory may hold, declared by core (the glossary's own artifacts) or by a
 * domain. `path` is a pattern relative to the run root: `{seed}` stands for a seed number,
 * `{model}` for a model id and `{name}` for one path segment's stem (e.g.
 * `seed_{seed}/checkpoints/{model}.json`, `figures/dose_figure_pack/{name}.svg`).
 */
export interface ArtifactSpec<T = unknown> {
  /** Logical name, snake_case; with `{model}` in the path the name is `<id>_<model>`. */
  readonly id: string;
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly role: ArtifactRole;
  readonly description: string;
  /**
   * The schema of a JSON artifact (of each line, for JSONL); absent for Markdown, SVG and text,
   * and for the vega-lite specs kept beside figures.
   */
  readonly schema?: SchemaEntry<T>;
  readonly required: ArtifactRequirement;
}

/** Identity helper that types an artifact spec. */
export function defineArtifact<T>(spec: ArtifactSpec<T>): ArtifactSpec<T> {
  return spec;
}

/** The placeholder values of a concrete artifact path. */
export interface ArtifactParams {
  readonly seed?: number;
  readonly model?: string;
  readonly name?: string;
}

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  seed: '(?<seed>0|[1-9]\\d*)',
  model: '(?<model>[A-Za-z0-9][A-Za-z0-9_-]*)',
  name: '(?<name>[A-Za-z0-9][A-Za-z0-9_-]*)',
};
const PLACEHOLDER = /\{(seed|model|name)\}/g;

const compiled = new Map<string, RegExp>();

function patternRegex(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const body = pattern
      .split(PLACEHOLDER)
      .map((part, i) =>
        i % 2 === 1 ? (PLACEHOLDERS[part] as string) : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
      )
      .join('');
    regex = new RegExp(`^${body}$`);
    compiled.set(pattern, regex);
  }
  return regex;
}

/** The placeholder values when `path` matches the spec's pattern, or null. */
export function matchArtifactPath(spec: Pick<ArtifactSpec, 'path'>, path: string) {
  const match = patternRegex(spec.path).exec(path);
  if (!match) return null;
  const groups = match.groups ?? {};
  return {
    ...(groups.seed === undefined ? {} : { seed: Number(groups.seed) }),
    ...(groups.model === undefined ? {} : { model: groups.model }),
    ...(groups.name === undefined ? {} : { name: groups.name }),
  } satisfies ArtifactParams;
}

/** The concrete path of an artifact; throws when a placeholder of the pattern has no value. */
export function artifactPath(spec: Pick<ArtifactSpec, 'path' | 'id'>, params: ArtifactParams = {}) {
  return spec.path.replace(PLACEHOLDER, (_, key: keyof ArtifactParams) => {
    const value = params[key];
    if (value === undefined) {
      throw new ZpbenchError(
        ERROR_CODES.PLUGIN_CONTRACT,
        `artifact ${spec.id} (${spec.path}) needs a ${key}; pass { ${key} } to name one file`,
      );
    }
    return String(value);
  });
}

/** The first spec whose pattern matches `path`, with its placeholder values. */
export function findArtifactSpec(
  specs: readonly ArtifactSpec[],
  path: string,
): { spec: ArtifactSpec; params: ArtifactParams } | null {
  for (const spec of specs) {
    const params = matchArtifactPath(spec, path);
    if (params) return { spec, params };
  }
  return null;
}

/** Whether an artifact is required in a mode. */
export function isArtifactRequired(spec: Pick<ArtifactSpec, 'required'>, mode: string): boolean {
  return Array.isArray(spec.required) ? spec.required.includes(mode) : spec.required === true;
}

/** The logical name of a concrete artifact: its id, suffixed with the model for `{model}` paths. */
export function artifactName(spec: Pick<ArtifactSpec, 'id'>, params: ArtifactParams): string {
  return params.model === undefined ? spec.id : `${spec.id}_${params.model}`;
}

/** Why an artifact spec is malformed, or null: used when a contract is defined. */
export function checkArtifactSpec(spec: ArtifactSpec): string | null {
  if (!/^[a-z][a-z0-9_]*$/.test(spec.id)) return `id "${spec.id}" is not snake_case`;
  if (!/^(seed_\{seed\}\/|aggregated\/|figures\/)/.test(spec.path))
    return `path "${spec.path}" must start with seed_{seed}/, aggregated/ or figures/`;
  const segments = spec.path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.')))
    return `path "${spec.path}" is not in canonical form (no empty, ".", ".." or hidden segments)`;
  if (!/^[A-Za-z0-9_./{}-]+$/.test(spec.path))
    return `path "${spec.path}" may use letters, digits, _ . - / and placeholders only`;
  const unknown = [...spec.path.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1])
    .filter((key) => !(key && key in PLACEHOLDERS));
  if (unknown.length > 0)
    return `path "${spec.path}" uses unknown placeholders ${unknown.join(', ')}`;
  if (spec.required !== false && /\{(model|name)\}/.test(spec.path))
    return `path "${spec.path}" names a model or file by placeholder and so cannot be required; list each required file literally`;
  const isJson = spec.kind === 'json' || spec.kind === 'jsonl';
  if (spec.schema && !isJson) return `a ${spec.kind} artifact cannot carry a JSON schema`;
  // vega-lite specs beside figures are JSON of vega-lite's own schema, not an artifact schema.
  if (isJson && !spec.schema && spec.role !== 'figure')
    return `a ${spec.kind} artifact needs its schema (marker, version, zod schema)`;
  return null;
}
