/**
 * A minimal test-only domain, written only against the public contract (core's
 * defineDomainContract / defineDomain): one model pair, one metric, one claim, a per-seed sidecar
 * with its own schema, an aggregated artifact, a figure and a report section. Nothing in core,
 * runner or report knows it.
 */
import {
  createArtifactNaming,
  createSeedResultHead,
  defineArtifact,
  defineDomain,
  defineDomainContract,
  defineFigureArtifacts,
  fingerprint,
  formatArtifactJson,
  markerField,
  versionField,
} from '@zpbench/core';
import * as z from '@zpbench/core/zod';

const tallySchema = z
  .strictObject({
    schema: markerField('zpbench_tally_counts'),
    schema_version: versionField(1),
    counts: z.array(z.number().int().min(0)).meta({ description: 'Counts drawn for the seed.' }),
  })
  .meta({ description: 'The counts of one seed.' });

/** `seed_<n>/tally.json`. */
export const TALLY = defineArtifact({
  id: 'tally',
  path: 'seed_{seed}/tally.json',
  kind: 'json',
  role: 'sidecar',
  description: 'The counts of the seed.',
  schema: { marker: 'zpbench_tally_counts', version: 1, schema: tallySchema },
  required: true,
});

const totalsSchema = z
  .strictObject({
    schema: markerField('zpbench_tally_totals'),
    schema_version: versionField(1),
    total: z.number().int().min(0).meta({ description: 'Sum of every count over seeds.' }),
  })
  .meta({ description: 'Totals over seeds.' });

/** `aggregated/tally_totals.json`. */
export const TOTALS = defineArtifact({
  id: 'tally_totals',
  path: 'aggregated/tally_totals.json',
  kind: 'json',
  role: 'aggregate',
  description: 'Totals over seeds.',
  schema: { marker: 'zpbench_tally_totals', version: 1, schema: totalsSchema },
  required: true,
});

export const tallyContract = defineDomainContract({
  id: 'tally',
  title: 'Tally (tests only)',
  claimBoundary: 'Fixture domain for tests: measures nothing about any real model.',
  metricSemantics: 'Per-seed values aggregated over seeds as mean, sd and a 95% t-interval.',
  seedDetails: z
    .strictObject({ n: z.number().int().meta({ description: 'Counts per seed.' }) })
    .meta({ description: 'Tally details.' }),
  artifacts: [
    TALLY,
    TOTALS,
    ...defineFigureArtifacts({
      id: 'tally_figure',
      path: 'figures/tally/{name}.svg',
      description: 'Tally figures.',
      specDescription: 'Their specs.',
    }),
  ],
});

const config = z.strictObject({ n: z.number().int().min(1), offset: z.number() });
type Config = z.infer<typeof config>;

/** Deterministic counts from the seed alone (an LCG: no Math.random). */
function counts(seed: number, n: number): number[] {
  let x = seed * 2654435761 + 1;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % 10;
  });
}

export const tallyDomain = defineDomain<Config, { n: number }>({
  contract: tallyContract,
  id: 'tally',
  title: 'Tally',
  description: 'Counts drawn per seed; the candidate reads them with an offset.',
  modes: {
    smoke: {
      id: 'smoke',
      description: '5 seeds.',
      seeds: [0, 1, 2, 3, 4],
      config: { n: 8, offset: 1 },
    },
    paper: {
      id: 'paper',
      description: '10 seeds.',
      seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      config: { n: 8, offset: 1 },
    },
  },
  configSchema: config,
  models: [
    {
      id: 'candidate',
      label: 'Candidate',
      role: 'claimed',
      description: 'Mean count plus the offset.',
    },
    { id: 'reference', label: 'Reference', role: 'baseline', description: 'Mean count.' },
  ],
  metrics: [
    {
      key: 'mean_count',
      description: 'Mean count.',
      direction: 'higher',
      unit: 'count units',
      subset: 'all',
    },
  ],
  claims: [
    {
      id: 'candidate_higher',
      description: 'The candidate reads higher than the reference.',
      kind: 'superiority',
      metric: 'mean_count',
      claimedModel: 'candidate',
      baselineModel: 'reference',
      direction: 'higher',
      required: ['paper'],
    },
  ],
  testConfig: (_mode, c) => c,
  runSeed: ({ seed, mode, config: c, configHash }) => {
    const values = counts(seed, c.n);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const files = [
      {
        path: 'tally.json',
        content: formatArtifactJson({
          schema: 'zpbench_tally_counts',
          schema_version: 1,
          counts: values,
        }),
      },
    ];
    const model = (value: number) => ({
      metrics: { mean_count: value },
      model_meta: { family: 'tally', n_params: 0, architecture: 'a mean' },
      train: { optimizer: 'none', steps: 0, epochs: 0, batch_size: 0 },
      train_log: [],
      checkpoint: null,
    });
    return {
      result: {
        ...createSeedResultHead('tally', { mode, seed, configHash }, 'none: counts are finite'),
        dataset_fingerprint: fingerprint(values),
        data_config: { dataset_name: 'tally', n: c.n },
        train_config: {},
        split_sizes: { test: c.n },
        runs: { candidate: model(mean + c.offset), reference: model(mean) },
        artifact_naming: createArtifactNaming(
          tallyContract,
          seed,
          files.map((f) => f.path),
        ),
        details: { n: c.n },
      },
      files,
    };
  },
  aggregate: (ctx) => {
    const total = ctx.seeds.reduce(
      (sum, seed) => sum + (ctx.read(TALLY, { seed })?.counts.reduce((a, b) => a + b, 0) ?? 0),
      0,
    );
    return [
      {
        path: TOTALS.path,
        content: formatArtifactJson({ schema: 'zpbench_tally_totals', schema_version: 1, total }),
      },
    ];
  },
  figurePack: (run) => [
    {
      path: 'figures/tally/totals.svg',
      title: 'Counts per seed',
      spec: {
        data: {
          values: run.seeds.map((seed) => ({
            seed,
            sum: run.read(TALLY, { seed })?.counts.reduce((a, b) => a + b, 0) ?? 0,
          })),
        },
        mark: 'bar',
        encoding: {
          x: { field: 'seed', type: 'ordinal' },
          y: { field: 'sum', type: 'quantitative' },
        },
      },
    },
  ],
  reportSections: (run) => [
    {
      id: 'tally-totals',
      title: 'Tally totals',
      blocks: [
        {
          kind: 'text',
          text: `Total over ${run.seeds.length} seeds: ${run.read(TOTALS)?.total ?? 'unknown'}.`,
        },
        {
          kind: 'table',
          columns: [{ header: 'seed', align: 'right', format: 'number' }, { header: 'counts' }],
          rows: run.seeds.map((seed) => [
            seed,
            (run.read(TALLY, { seed })?.counts ?? []).join(' '),
          ]),
        },
      ],
    },
  ],
});
