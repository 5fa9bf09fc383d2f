import type { z } from 'zod';
import type { ArtifactEntry } from './schemas/manifest.js';
import type { SeedResult } from './schemas/seed-result.js';
import type { SummaryV1 } from './schemas/summary.js';

/** Definition of one metric a domain measures. Keys keep the snake_case names of the source documents. */
export interface MetricDefinition {
  readonly key: string;
  readonly description: string;
  /** Which way is better; `none` for descriptive quantities. */
  readonly direction: 'higher' | 'lower' | 'none';
  readonly unit: string;
  /** Test subset the metric is computed on ("all", "censored", "extrapolation", …). */
  readonly subset: string;
}

/** One model a domain trains or evaluates. */
export interface ModelDefinition {
  readonly id: string;
  readonly label: string;
  /** claimed: the model of the claim; baseline: compared against it; reference: analytic, not learned. */
  readonly role: 'claimed' | 'baseline' | 'reference';
  readonly description: string;
  /** Modes that train this model; every mode when absent. */
  readonly modes?: readonly string[];
}

/**
 * A declarative claim gate, evaluated by the runner on paired per-seed statistics.
 * Thresholds are fixed in code before any result is seen.
 */
export interface ClaimDefinition {
  readonly id: string;
  readonly description: string;
  /**
   * superiority: claimed better than baseline (one-sided paired sign-flip test, Holm-corrected);
   * non-inferiority: claimed no worse than baseline by more than `threshold` (metric units);
   * variance-ratio: var(baseline)/var(claimed) over seeds at least `threshold`;
   * floor: mean of claimed at least (direction higher) / at most (lower) `threshold`.
   */
  readonly kind: 'superiority' | 'non-inferiority' | 'variance-ratio' | 'floor';
  readonly metric: string;
  readonly claimedModel: string;
  readonly baselineModel?: string;
  /** Which way the claimed model must be better. */
  readonly direction: 'higher' | 'lower';
  readonly threshold?: number;
  /** Significance level of the test; 0.05 when omitted. */
  readonly alpha?: number;
  /**
   * Whether a FAIL of this claim fails `benchmark-gate --family scientific`: always (true), never
   * (false), or only in the listed modes (e.g. `['paper']`, where enough seeds exist for the test).
   */
  readonly required: boolean | readonly string[];
  /** Modes the claim applies to; all modes when omitted. */
  readonly modes?: readonly string[];
}

/** A mode of a domain: its default configuration and seed plan. */
export interface DomainMode<C> {
  readonly id: string;
  readonly description: string;
  readonly seeds: readonly number[];
  readonly config: C;
  /**
   * Checks a resolved config before anything runs (e.g. a required option missing); returns
   * what is wrong and how to fix it, or null. A problem exits 2 with nothing written.
   */
  readonly checkConfig?: (config: C) => string | null;
}

/** A live progress event from a running seed. */
export interface ProgressEvent {
  readonly model: string;
  readonly phase: 'data' | 'train' | 'evaluate' | 'done';
  readonly epoch?: number;
  readonly epochs?: number;
  readonly step?: number;
  readonly steps?: number;
}

/** What a seed runner receives. */
export interface SeedContext<C> {
  readonly domain: string;
  readonly mode: string;
  readonly seed: number;
  readonly config: C;
  readonly configHash: string;
  /** Absolute path of the run directory (for modes that read a parent run's files). */
  readonly runDir: string;
  /** Reports progress; cheap, may be called often. */
  readonly progress: (event: ProgressEvent) => void;
}

/** A file a seed produces beside its per-seed result, relative to the seed directory. */
export interface SeedFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  readonly kind: ArtifactEntry['kind'];
  /** checkpoint and bundle files name their model; their hashes go to the manifest. */
  readonly role: 'sidecar' | 'checkpoint' | 'bundle-manifest' | 'bundle-file';
  readonly model?: string;
}

/** What a seed runner returns. The result must parse with the domain's per-seed schema. */
export interface SeedOutput {
  readonly result: SeedResult;
  readonly files: readonly SeedFile[];
  /** Training wall time per model, in seconds; recorded in provenance only. */
  readonly trainSeconds?: Readonly<Record<string, number>>;
}

/** Input of a domain's aggregation hook. */
export interface AggregateContext<C> {
  readonly mode: string;
  readonly config: C;
  readonly configHash: string;
  readonly seeds: readonly number[];
  readonly seedResults: ReadonlyMap<number, SeedResult>;
  /** Reads a seed's sidecar (relative to its seed directory); null when absent. */
  readonly readSeedFile: (seed: number, path: string) => string | null;
}

/** A file written by a domain hook, relative to the run root. */
export interface RunFile {
  readonly path: string;
  readonly content: string;
  readonly kind: ArtifactEntry['kind'];
}

/** Input of a domain's figure-pack hook: stored artifacts only. */
export interface FigurePackInput {
  readonly summary: SummaryV1;
  readonly seeds: readonly number[];
  /** Reads a file relative to the run root; null when absent. */
  readonly readRunFile: (path: string) => string | null;
}

/** A figure of a domain's pack: a vega-lite spec the report layer renders to SVG. */
export interface FigureSpec {
  /** Output path relative to the run root, ending in `.svg` (e.g. `figures/dose_figure_pack/x.svg`). */
  readonly path: string;
  readonly title: string;
  readonly spec: Record<string, unknown>;
}

/** A domain-specific command-line option (e.g. `--inject-regression`). */
export interface DomainCliOption<C> {
  /** commander flag syntax, e.g. `--inject-regression <kind>`. */
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  /** Returns the configuration with the option applied; the result enters the config hash. */
  readonly apply: (config: C, value: string) => C;
}

/** A benchmark domain plugin. Build one with {@link defineDomain}. */
export interface DomainPlugin<C = Record<string, unknown>> {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly modes: Readonly<Record<string, DomainMode<C>>>;
  /** Validates a resolved configuration (after mode defaults and CLI options). */
  readonly configSchema: z.ZodType<C>;
  readonly models: readonly ModelDefinition[];
  readonly metrics: readonly MetricDefinition[];
  readonly claims: readonly ClaimDefinition[];
  /** Parses a per-seed result of this domain (the shared envelope, possibly refined). */
  readonly seedResultSchema: z.ZodType<SeedResult>;
  readonly cliOptions?: readonly DomainCliOption<C>[];
  /** Runs one seed. Must depend only on the seed and the config: never on time, order or worker. */
  readonly runSeed: (context: SeedContext<C>) => Promise<SeedOutput> | SeedOutput;
  /** Writes domain-specific aggregated artifacts (e.g. operating points) from the stored seeds. */
  readonly aggregate?: (context: AggregateContext<C>) => readonly RunFile[];
  /**
   * Config keys that describe a treatment rather than the experimental setup (e.g. an injected
   * regression). Runs that differ only in these keys may be compared against each other.
   */
  readonly treatmentKeys?: readonly string[];
  /** Builds the domain's figure pack from stored artifacts. */
  readonly figurePack?: (input: FigurePackInput) => readonly FigureSpec[];
}

/**
 * Identity helper that types a domain plugin.
 * @example
 * export const domain = defineDomain({ id: 'synthetic', title: 'Synthetic loss curves', ... });
 */
export function defineDomain<C>(plugin: DomainPlugin<C>): DomainPlugin<C> {
  return plugin;
}
