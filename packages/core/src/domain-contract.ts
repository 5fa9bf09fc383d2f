import {
  type ArtifactParams,
  type ArtifactSpec,
  artifactName,
  artifactPath,
  checkArtifactSpec,
  findArtifactSpec,
  type SchemaEntry,
} from './artifact-spec.js';
import { CORE_ARTIFACTS, SEED_RESULT_ARTIFACT } from './core-artifacts.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { perSeedResultPath, seedDir } from './run-layout.js';
import {
  createSeedResultSchema,
  SEED_RESULT_VERSION,
  type SeedResult,
  seedResultMarker,
} from './schemas/seed-result.js';
import type * as z from './schemas/zod.js';

/**
 * A domain's deployment bundle: which declared artifact is its manifest and which files (relative
 * to the bundle directory) that manifest lists with their sha256, read through the bundle's
 * schema rather than guessed.
 */
export interface BundleSpec<B = unknown> {
  /** Id of the domain artifact of role `bundle-manifest` (its path holds `{model}`). */
  readonly artifact: string;
  /** The files the bundle manifest lists, relative to the bundle directory, with their sha256. */
  readonly files: (bundle: B) => readonly { readonly path: string; readonly sha256: string }[];
}

/** What a domain declares about its artifacts; see {@link defineDomainContract}. */
export interface DomainContractInput<D = unknown> {
  /** Domain id, kebab-case (never containing `_`): also the `<domain>` of its markers. */
  readonly id: string;
  readonly title: string;
  /**
   * The claim boundary of the provenance envelope: what the benchmark measures and, as plainly,
   * what it does not (e.g. "generated data; no statement about measured data").
   */
  readonly claimBoundary: string;
  /** How the metrics are computed and aggregated (subsets, over seeds, which way is better). */
  readonly metricSemantics: string;
  /** Schema of the per-seed result's `details`; core builds the envelope around it. */
  readonly seedDetails: z.ZodType<D>;
  /** Every file the domain writes, per seed, aggregated and as figures. */
  readonly artifacts: readonly ArtifactSpec[];
  /**
   * Directory of the domain's committed JSON Schemas (`<marker>.v<N>.schema.json`), usually
   * `new URL('../schemas/', import.meta.url)`. Without it they are rendered from the zod schemas.
   */
  readonly schemaDir?: URL;
  readonly bundle?: BundleSpec;
  /**
   * Directory of the domain's presets (`<name>.preset.json`, schema `zpbench_preset`, and the
   * budget files they name), usually `new URL('../presets/', import.meta.url)`.
   */
  readonly presetDir?: URL;
}

/**
 * The light, schema-only part of a domain: everything the gate, the run reader and the report
 * need to check and read a run directory, without the training code. A domain package exports it
 * from a light entry point so `benchmark-gate` loads only the run's domain, and cheaply.
 */
export interface DomainContract<D = unknown> extends DomainContractInput<D> {
  /** The per-seed result schema: core's envelope around `seedDetails`. */
  readonly seedResult: SchemaEntry<SeedResult<D>>;
}

/** Finds the contract of a domain id (possibly by importing it); undefined when unknown. */
export type DomainContractLookup = (
  domain: string,
) => DomainContract | undefined | Promise<DomainContract | undefined>;

function contractError(id: string, problem: string): ZpbenchError {
  return new ZpbenchError(
    ERROR_CODES.PLUGIN_CONTRACT,
    `domain contract ${id}: ${problem}; fix the domain's artifact table (docs/domains/authoring.md)`,
  );
}

/**
 * Defines a domain contract, checking the artifact table (snake_case ids, canonical paths under
 * `seed_{seed}/`, `aggregated/` or `figures/`, no clash with core's artifacts, a schema for every
 * JSON artifact) and building the per-seed result schema.
 * @example
 * export const myContract = defineDomainContract({
 *   id: 'my-domain', title: 'My domain',
 *   seedDetails: z.strictObject({ checkpoints: z.array(z.number().int()) }),
 *   artifacts: [MY_SIDECAR], schemaDir: new URL('../schemas/', import.meta.url),
 * });
 */
export function defineDomainContract<D>(input: DomainContractInput<D>): DomainContract<D> {
  if (!/^[a-z][a-z0-9-]*$/.test(input.id))
    throw contractError(input.id, 'the id must be kebab-case (letters, digits, -)');
  const ids = new Set(CORE_ARTIFACTS.map((spec) => spec.id));
  const paths = new Set(CORE_ARTIFACTS.map((spec) => spec.path));
  for (const spec of input.artifacts) {
    const problem = checkArtifactSpec(spec);
    if (problem) throw contractError(input.id, `artifact ${spec.id}: ${problem}`);
    if (ids.has(spec.id)) throw contractError(input.id, `artifact id ${spec.id} is used twice`);
    if (paths.has(spec.path)) throw contractError(input.id, `path ${spec.path} is declared twice`);
    ids.add(spec.id);
    paths.add(spec.path);
  }
  if (!input.claimBoundary?.trim() || !input.metricSemantics?.trim())
    throw contractError(
      input.id,
      'claimBoundary and metricSemantics must each say, in words, what the benchmark measures and does not',
    );
  if (input.bundle) {
    const bundle = input.artifacts.find((spec) => spec.id === input.bundle?.artifact);
    if (bundle?.role !== 'bundle-manifest' || !bundle.path.includes('{model}'))
      throw contractError(
        input.id,
        `bundle.artifact ${input.bundle.artifact} must name an artifact of role bundle-manifest whose path holds {model}`,
      );
  }
  return {
    ...input,
    seedResult: {
      marker: seedResultMarker(input.id),
      version: SEED_RESULT_VERSION,
      schema: createSeedResultSchema(input.id, input.seedDetails) as unknown as z.ZodType<
        SeedResult<D>
      >,
    },
  };
}

/** Every JSON schema a contract declares: the per-seed result and each schema'd artifact. */
export function contractSchemas(contract: DomainContract): SchemaEntry[] {
  return [
    contract.seedResult,
    ...contract.artifacts.flatMap((spec) => (spec.schema ? [spec.schema] : [])),
  ].filter(
    (entry, i, all) =>
      all.findIndex((e) => e.marker === entry.marker && e.version === entry.version) === i,
  );
}

/** Core's artifacts followed by the domain's: the whole table of a run directory. */
export function runArtifactTable(contract: DomainContract): readonly ArtifactSpec[] {
  return [...CORE_ARTIFACTS, ...contract.artifacts];
}

/**
 * The `artifact_naming` of a per-seed result, derived from the artifact table instead of kept by
 * hand: the canonical result path and, for each file the seed writes (relative to its seed
 * directory), its logical name (`<id>`, or `<id>_<model>` for per-model files) → run-root path.
 * `extra` adds declared artifacts written later (e.g. a figure the report regenerates).
 */
export function createArtifactNaming(
  contract: DomainContract,
  seed: number,
  files: readonly string[],
  extra: readonly { readonly id: string; readonly params?: ArtifactParams }[] = [],
): Record<string, string> {
  const table = runArtifactTable(contract);
  const naming: Record<string, string> = { [SEED_RESULT_ARTIFACT]: perSeedResultPath(seed) };
  const add = (path: string) => {
    const found = findArtifactSpec(table, path);
    if (!found) throw contractError(contract.id, `seed file ${path} matches no declared artifact`);
    naming[artifactName(found.spec, found.params)] = path;
  };
  for (const file of files) add(`${seedDir(seed)}/${file}`);
  for (const { id, params } of extra) {
    const spec = table.find((s) => s.id === id);
    if (!spec)
      throw contractError(contract.id, `artifact_naming names ${id}, which is not declared`);
    add(artifactPath(spec, { seed, ...params }));
  }
  return naming;
}
