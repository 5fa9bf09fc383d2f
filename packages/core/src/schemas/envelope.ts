import { budgetFileRefSchema, prefixedSha256Schema } from './budget.js';
import { markerField, utcTimestampSchema, versionField } from './common.js';
import * as z from './zod.js';

/** Schema marker of the provenance envelope embedded in reports and JSON outputs. */
export const ENVELOPE_MARKER = 'zpbench_provenance_envelope';
/**
 * Version of the envelope: 2, the version of the WorldForge envelope whose fields it carries
 * (there is no zpbench version 1).
 */
export const ENVELOPE_VERSION = 2;

/** The provenance envelope: enough to cite, reproduce or audit one number. */
export const provenanceEnvelopeV2Schema = z
  .strictObject({
    schema: markerField(ENVELOPE_MARKER),
    schema_version: versionField(ENVELOPE_VERSION),
    kind: z
      .enum([
        'scientific-run',
        'performance',
        'comparison',
        'budget-calibration',
        'artifact-report',
      ])
      .meta({
        description:
          'What produced the cited numbers (`artifact-report`: a report on one stored file that belongs to no run, such as a metric log or a loose bundle).',
      }),
    suite_id: z.string().min(1).meta({ description: 'Domain id, or the performance suite.' }),
    suite_version: z.string().min(1).meta({
      description: 'Contract version, `<suite>:<mode>:v<per-seed result version>` for a run.',
    }),
    zpbench_version: z.string().meta({ description: 'Version of zpbench that produced it.' }),
    created_at: utcTimestampSchema.nullable().meta({
      description:
        'When the run or report was created; null in a run’s derived Markdown, which is byte-identical for every run of the same inputs (the time is in provenance.json and RUN_REPORT.md’s envelope).',
    }),
    command: z.array(z.string()).nullable().meta({
      description:
        'argv of the producing command; null in a run’s derived Markdown (the run, a resume, a shard merge or a baseline refresh writes the same bytes).',
    }),
    models: z.array(z.string()).meta({ description: 'Models (or benchmarks) exercised.' }),
    runtime: z
      .strictObject({
        node: z.string().meta({ description: 'Node.js version.' }),
        os: z.string().meta({ description: 'Operating system.' }),
        cpu_model: z.string().meta({ description: 'CPU model.' }),
        device: z.string().meta({ description: 'Compute device.' }),
        cuda_available: z.boolean().meta({ description: 'Whether a CUDA driver was found.' }),
        references: z
          .record(z.string(), prefixedSha256Schema)
          .meta({ description: 'Runtime records (provenance.json, …) → their digest.' }),
      })
      .nullable()
      .meta({
        description:
          'Runtime the numbers were measured on, with references; null in a run’s derived Markdown, which is the same on any machine (the runtime is in provenance.json).',
      }),
    input_digest: prefixedSha256Schema.meta({
      description:
        'Digest of the inputs: config hash, seed plan and dataset fingerprints (same inputs, same digest, any machine).',
    }),
    result_digest: prefixedSha256Schema.meta({
      description:
        'Digest of the deterministic results: summary and claim audit for a run report; for a run’s derived Markdown, sha256 of the file’s bytes before its envelope section.',
    }),
    budget_file: budgetFileRefSchema
      .nullable()
      .meta({ description: 'The budget file a gate ran with, or null.' }),
    event_count: z.number().int().min(0).meta({
      description: 'Evaluated (seed, model) results of a run; measurements of a perf artifact.',
    }),
    claim_boundary: z
      .string()
      .min(1)
      .meta({ description: 'What the benchmark measures and what it does not (the domain’s).' }),
    metric_semantics: z
      .string()
      .min(1)
      .meta({ description: 'How the metrics are computed and aggregated (the domain’s).' }),
    notes: z.string().nullable().meta({ description: 'Free-form note (`--notes`), or null.' }),
  })
  .meta({
    title: 'zpbench provenance envelope v2',
    description:
      'Provenance block of a report: a cited number with its inputs, results, runtime, budget and claim boundary.',
  });
/** The provenance envelope, version 2. */
export type ProvenanceEnvelopeV2 = z.infer<typeof provenanceEnvelopeV2Schema>;
