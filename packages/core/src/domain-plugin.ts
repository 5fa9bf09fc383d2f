import type { ArtifactParams, ArtifactSpec } from './artifact-spec.js';
import type { DomainContract } from './domain-contract.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import type { PairedStatsV1 } from './schemas/paired-stats.js';
import type { ParentRunRef } from './schemas/seed-contract.js';
import type { SeedResult } from './schemas/seed-result.js';
import type { SummaryV1 } from './schemas/summary.js';
import type * as z from './schemas/zod.js';

/** Definition of one metric a domain measures. Keys keep the snake_case names of the source documents. */
export interface MetricDefinition {
  readonly key: string;
  readonly description: string;
  /** Which way is better; `none` for descriptive quantities. */
  readonly direction: 'higher' | 'lower' | 'none';
  /**
   * Unit. The conformance suite checks `fraction` values in [0, 1], `count` values as
   * non-negative integers, `degrees` within ±360, and every other unit (`dB`, `radians`, …) for
   * finiteness.
   */
  readonly unit: string;
  /** Test subset the metric is computed on ("all", "censored", "extrapolation", …). */
  readonly subset: string;
  /**
   * For a metric recorded at several steps (train-log checkpoints, points of a curve): the metric
   * it is one step of, and the step. The regression test counts the keys of one series as that one
   * metric with a slot per step, as pybench counts a benchmark's steps (`loss_step_1`,
   * `loss_step_30`, `loss_step_100` are "1 metrics × 3 steps", not three metrics); comparisons and
   * reports still show every key. Every key of a series shares its direction and unit.
   */
  readonly series?: { readonly metric: string; readonly step: number };
  /**
   * Older names of the metric that per-seed results may carry (e.g. `success_rate` for
   * `coverage_rate`). Summaries, paired stats, claims and the metric log read the canonical key
   * and fall back to these in order, so they always report the canonical name.
   */
  readonly legacyKeys?: readonly string[];
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

/**
 * A validated parent run, as a seed receives it: the runner checked the whole directory with the
 * run reader before any seed ran. `files` maps each of its files (relative path) to the sha256 its
 * manifest records, so a seed reads it with `readParentArtifact` and the hash is checked again.
 */
export interface ParentRun extends ParentRunRef {
  /** Absolute path of the parent run directory. */
  readonly runDir: string;
  readonly files: Readonly<Record<string, string>>;
}

/** What a seed runner receives. Plain data: it crosses to a worker thread. */
export interface SeedContext<C> {
  readonly domain: string;
  readonly mode: string;
  readonly seed: number;
  readonly config: C;
  readonly configHash: string;
  /** The parent run of a mode that declares one (`DomainPlugin.parentRun`) and was given one. */
  readonly parent: ParentRun | null;
  /**
   * How many threads this seed may use right now (element 0, read with `Atomics.load`): the
   * runner raises it when cores fall idle at the tail of a run. Pass it to `@zpbench/nn`'s
   * `setThreadCount`; absent means one thread.
   */
  readonly threads?: Int32Array;
  /** Reports progress; cheap, may be called often. */
  readonly progress: (event: ProgressEvent) => void;
}

/**
 * A file a seed produces beside its per-seed result, relative to the seed directory. Its kind,
 * role and model come from the domain artifact its run-root path (`seed_<n>/<path>`) matches.
 */
export interface SeedFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** What a seed runner returns. The result must parse with the domain's per-seed schema. */
export interface SeedOutput<D = unknown> {
  readonly result: SeedResult<D>;
  readonly files: readonly SeedFile[];
  /** Training wall time per model, in seconds; recorded in provenance only. */
  readonly trainSeconds?: Readonly<Record<string, number>>;
}

/** Reads a declared artifact of the run, parsed by its schema; null when the file is absent. */
export type ArtifactReader = <T>(spec: ArtifactSpec<T>, params?: ArtifactParams) => T | null;

/** Input of a domain's aggregation hook: the complete seeds, read and hash-checked. */
export interface AggregateContext<C, D = unknown> {
  readonly mode: string;
  readonly config: C;
  readonly configHash: string;
  readonly seeds: readonly number[];
  readonly seedResults: ReadonlyMap<number, SeedResult<D>>;
  readonly parent: ParentRunRef | null;
  /** Reads a seed sidecar or an aggregated artifact the domain declares. */
  readonly read: ArtifactReader;
}

/** A file written by a domain hook, relative to the run root; it must match a declared artifact. */
export interface RunFile {
  readonly path: string;
  readonly content: string;
}

/** Stored artifacts of a run, as figure packs, report sections and bundle reports see them. */
export interface RunView<D = unknown> {
  readonly mode: string;
  readonly seeds: readonly number[];
  readonly summary: SummaryV1;
  readonly pairedStats: PairedStatsV1 | null;
  /** The per-seed result of a complete seed. */
  readonly seedResult: (seed: number) => SeedResult<D> | null;
  readonly read: ArtifactReader;
}

/** A figure of a domain's pack: a vega-lite spec the report layer renders to SVG. */
export interface FigureSpec {
  /** Output path relative to the run root, ending in `.svg`, matching a declared figure artifact. */
  readonly path: string;
  readonly title: string;
  readonly spec: Record<string, unknown>;
}

/** A cell of a report table: text (escaped by the report), a number (formatted by it) or empty. */
export type ReportCell = string | number | null;

/** A block of a report section. The report escapes every string and formats every number. */
export type ReportBlock =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly columns: readonly {
        readonly header: string;
        readonly align?: 'left' | 'right';
        /** code: shown as an identifier; percent: a fraction shown as %; number and text as is. */
        readonly format?: 'text' | 'code' | 'number' | 'percent';
      }[];
      readonly rows: readonly (readonly ReportCell[])[];
    }
  | { readonly kind: 'figure'; readonly path: string; readonly title: string };

/** A domain-specific section of a report, as structured data the report package renders. */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}

/** A domain-specific command-line option (e.g. `--inject-regression`). */
export interface DomainCliOption<C> {
  /** commander flag syntax, e.g. `--inject-regression <kind>`. */
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  /** Modes the option applies to; any other mode refuses it. Every mode when absent. */
  readonly modes?: readonly string[];
  /** Returns the configuration with the option applied; the result enters the config hash. */
  readonly apply: (config: C, value: string) => C;
}

/**
 * A mode that reads a parent run (a frozen head over a trained base, a fine-tune): the runner
 * validates the parent with the run reader, refuses one of the wrong domain or mode before
 * anything is written, puts its manifest hash into the config hash and passes it to every seed.
 */
export interface ParentRunSpec {
  /** Long flag name without dashes, e.g. `parent-run-dir`. */
  readonly flag: string;
  readonly description: string;
  /** Modes that read a parent run; the flag is refused in any other mode. */
  readonly modes: readonly string[];
  /** Modes of this domain a parent may have been run in. */
  readonly parentModes: readonly string[];
  /** Whether the mode needs a parent; when false it builds what it would have read itself. */
  readonly required: boolean;
}

/**
 * A deployment bundle loaded for prediction, as the `bundle` performance suite drives it: inputs
 * drawn once, then `predict` timed. Inputs and outputs are the domain's own types.
 */
export interface BundlePredictor {
  /** `n` valid inputs of the bundle's input contract, drawn from the seeded stream `seed`. */
  readonly sampleInputs: (n: number, seed: string) => unknown;
  /** The bundle's predictions for inputs returned by `sampleInputs`. */
  readonly predict: (inputs: unknown) => unknown;
}

/** Describes a domain's deployment bundle in the bundle report. */
export interface BundleDescriber<B = unknown> {
  readonly describe: (bundle: B, run: RunView | null) => readonly ReportSection[];
  /**
   * Loads a bundle directory (`seed_<n>/bundles/<model>`) for prediction, checking its hashes;
   * the `bundle` performance suite times its `predict` (also in worker threads).
   */
  readonly load?: (bundleDir: string) => BundlePredictor;
}

/** A benchmark domain plugin: its contract and its behaviour. Build one with {@link defineDomain}. */
export interface DomainPlugin<C = Record<string, unknown>, D = unknown> {
  /** The light part (artifacts and schemas), also exported from the domain's light entry. */
  readonly contract: DomainContract<D>;
  /** The contract's id. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly modes: Readonly<Record<string, DomainMode<C>>>;
  /** Validates a resolved configuration (after mode defaults and CLI options). */
  readonly configSchema: z.ZodType<C>;
  readonly models: readonly ModelDefinition[];
  readonly metrics: readonly MetricDefinition[];
  readonly claims: readonly ClaimDefinition[];
  readonly cliOptions?: readonly DomainCliOption<C>[];
  readonly parentRun?: ParentRunSpec;
  /** Runs one seed. Must depend only on the seed and the config: never on time, order or worker. */
  readonly runSeed: (context: SeedContext<C>) => Promise<SeedOutput<D>> | SeedOutput<D>;
  /** Writes domain-specific aggregated artifacts (e.g. operating points) from the stored seeds. */
  readonly aggregate?: (context: AggregateContext<C, D>) => readonly RunFile[];
  /**
   * Config keys that describe a treatment rather than the experimental setup (e.g. an injected
   * regression). Runs that differ only in these keys may be compared against each other.
   */
  readonly treatmentKeys?: readonly string[];
  /** Builds the domain's figure pack from stored artifacts. */
  readonly figurePack?: (run: RunView<D>) => readonly FigureSpec[];
  /** Domain-specific sections of RUN_REPORT.md, from stored artifacts. */
  readonly reportSections?: (run: RunView<D>) => readonly ReportSection[];
  /** Sections of the bundle report for a bundle of this domain (`contract.bundle`). */
  readonly bundle?: BundleDescriber;
  /**
   * A tiny configuration of a mode for the conformance suite: the same code paths as the mode,
   * on sizes that run in a second or two.
   */
  readonly testConfig?: (mode: string, config: C) => C;
}

/**
 * Identity helper that types a domain plugin; its `id` must be its contract's.
 * @example
 * export const myDomain = defineDomain({ contract: myContract, id: 'my-domain', ... });
 */
export function defineDomain<C, D>(plugin: DomainPlugin<C, D>): DomainPlugin<C, D> {
  if (plugin.id !== plugin.contract.id) {
    throw new ZpbenchError(
      ERROR_CODES.PLUGIN_CONTRACT,
      `domain ${plugin.id}: its contract is ${plugin.contract.id}; give the plugin its contract's id`,
    );
  }
  const problem = checkMetricSeries(plugin.metrics);
  if (problem) {
    throw new ZpbenchError(
      ERROR_CODES.PLUGIN_CONTRACT,
      `domain ${plugin.id}: ${problem}; fix the metric declarations (docs/domains/authoring.md)`,
    );
  }
  return plugin;
}

/**
 * Checks the metrics declared as steps of a series: each step of a series once, one direction and
 * unit per series, and no series named like a metric outside it. Returns the problem or null.
 */
export function checkMetricSeries(metrics: readonly MetricDefinition[]): string | null {
  const series = new Map<string, MetricDefinition[]>();
  for (const metric of metrics) {
    if (!metric.series) continue;
    const { metric: name, step } = metric.series;
    if (!/^[a-z][a-z0-9_]*$/.test(name) || !Number.isInteger(step) || step < 0)
      return `metric ${metric.key} declares series ${JSON.stringify(name)} at step ${step}; a series is a snake_case name and its step a non-negative integer`;
    series.set(name, [...(series.get(name) ?? []), metric]);
  }
  for (const [name, members] of series) {
    const steps = members.map((m) => m.series?.step);
    const repeated = steps.find((step, i) => steps.indexOf(step) !== i);
    if (repeated !== undefined)
      return `series ${name} has step ${repeated} twice (${members
        .filter((m) => m.series?.step === repeated)
        .map((m) => m.key)
        .join(', ')})`;
    const first = members[0] as MetricDefinition;
    const odd = members.find((m) => m.direction !== first.direction || m.unit !== first.unit);
    if (odd)
      return `series ${name} mixes ${first.key} (${first.direction}, ${first.unit}) with ${odd.key} (${odd.direction}, ${odd.unit}); every step of a series has one direction and unit`;
    const clash = metrics.find((m) => m.key === name && m.series?.metric !== name);
    if (clash)
      return `series ${name} has the name of metric ${clash.key}, which is not one of its steps; rename the series`;
  }
  return null;
}
