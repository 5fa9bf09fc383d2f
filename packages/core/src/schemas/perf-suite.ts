import { markerField, sha256Schema, utcTimestampSchema, versionField } from './common.js';
import { provenanceEnvelopeV2Schema } from './envelope.js';
import { environmentSchema } from './provenance.js';
import * as z from './zod.js';

/** Schema marker of a performance-suite artifact (`benchmark_results/benchmarks_<timestamp>.json`). */
export const PERF_SUITE_MARKER = 'zpbench_perf_suite';
/**
 * Current version of the performance-suite artifact (3: the provenance envelope and the device
 * environment; 2: latency percentiles and throughput).
 */
export const PERF_SUITE_VERSION = 3;

const ms = (description: string) => z.number().min(0).meta({ description });

/** Latency percentiles of one benchmark, in milliseconds per iteration. */
export const perfLatencySchema = z
  .strictObject({
    min: ms('Fastest iteration, ms.'),
    p50: ms('Median iteration (the figure the performance gate compares), ms.'),
    p95: ms('95th percentile (linear interpolation at rank 0.95·(n − 1), as numpy), ms.'),
    max: ms('Slowest iteration, ms.'),
    mean: ms('Arithmetic mean, ms.'),
  })
  .meta({ description: 'Latency per iteration over the measured iterations (warm-up excluded).' });
/** Latency percentiles of one benchmark. */
export type PerfLatency = z.infer<typeof perfLatencySchema>;

/** One benchmark of a suite run. */
export const perfBenchmarkSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/)
      .meta({ description: 'Benchmark name, `<group>.<what>`, unique within the artifact.' }),
    group: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .meta({ description: 'Suite the benchmark belongs to (stats, nn, io, …).' }),
    description: z.string().meta({ description: 'What one iteration does.' }),
    iterations: z.number().int().min(1).meta({ description: 'Measured iterations.' }),
    warmup: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Iterations run before measuring (not in the figures).' }),
    concurrency: z
      .number()
      .int()
      .min(1)
      .meta({ description: 'Iterations in flight at once (1 = one after another).' }),
    latency_ms: perfLatencySchema,
    throughput: z
      .strictObject({
        value: z.number().min(0).meta({ description: 'Items per second over the whole run.' }),
        unit: z
          .string()
          .regex(/^[a-z_]+\/s$/)
          .meta({ description: 'Item per second, e.g. samples/s, calls/s, seeds/s.' }),
      })
      .meta({
        description: 'Items processed per wall-clock second over all measured iterations.',
      }),
    samples_ms: z
      .array(z.number().min(0))
      .min(1)
      .meta({ description: 'Latency of every measured iteration in the order run, ms.' }),
  })
  .meta({ description: 'One benchmark: latency percentiles and throughput.' });
/** One benchmark of a suite run. */
export type PerfBenchmark = z.infer<typeof perfBenchmarkSchema>;

/** The machine and runtime a suite ran on. */
export const perfEnvironmentSchema = z
  .strictObject({
    machine_class: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .meta({
        description:
          'Like-for-like key of the hardware (os-arch-cpu-count, or set with --machine-class); the gate compares only artifacts of one class.',
      }),
    os: z.string().meta({ description: 'Operating system and release.' }),
    arch: z.string().meta({ description: 'CPU architecture.' }),
    cpu_model: z.string().meta({ description: 'CPU model.' }),
    cpu_count: z.number().int().min(1).meta({ description: 'Logical CPUs.' }),
    total_memory_bytes: z.number().int().min(0).meta({ description: 'Physical memory.' }),
    load_average: z
      .tuple([z.number(), z.number(), z.number()])
      .meta({ description: '1, 5 and 15-minute load averages when the suite started.' }),
    node: z.string().meta({ description: 'Node.js version.' }),
    v8: z.string().meta({ description: 'V8 version.' }),
    hostname_sha256: sha256Schema,
  })
  .meta({ description: 'Machine the suite ran on; compare only like with like.' });
/** The machine and runtime a suite ran on. */
export type PerfEnvironment = z.infer<typeof perfEnvironmentSchema>;

/** How the artifact was produced. */
export const perfProvenanceSchema = z
  .strictObject({
    zpbench_version: z.string().meta({ description: 'zpbench version that ran the suite.' }),
    suite_version: z.number().int().min(1).meta({
      description:
        'Version of the benchmark definitions; bumped when a workload changes, so old baselines are not compared with new workloads.',
    }),
    git: z
      .strictObject({
        commit: z.string().nullable().meta({ description: 'Commit measured, or null.' }),
        branch: z.string().nullable().meta({ description: 'Branch, or null.' }),
        dirty: z
          .boolean()
          .nullable()
          .meta({ description: 'Uncommitted changes to tracked files, or null.' }),
      })
      .meta({ description: 'Source checkout the suite ran from.' }),
    environment: environmentSchema.meta({
      description:
        'Device, GPUs and CUDA as nvidia-smi reports them (none: an empty list and false), the git tag and the reproducibility variables.',
    }),
    command: z.array(z.string()).meta({ description: 'Command line (argv after node).' }),
    options: z
      .strictObject({
        iterations: z
          .number()
          .int()
          .min(1)
          .nullable()
          .meta({ description: '--iterations, or null for each benchmark’s default.' }),
        concurrency: z.number().int().min(1).meta({ description: '--concurrency.' }),
      })
      .meta({ description: 'Options the suite ran with.' }),
    wall_time_s: z.number().min(0).meta({ description: 'Wall time of the whole suite, s.' }),
  })
  .meta({ description: 'Provenance of the artifact.' });
/** How the artifact was produced. */
export type PerfProvenance = z.infer<typeof perfProvenanceSchema>;

/** A performance-suite artifact, version 3. */
export const perfSuiteV3Schema = z
  .strictObject({
    schema: markerField(PERF_SUITE_MARKER),
    schema_version: versionField(PERF_SUITE_VERSION),
    suite: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .meta({ description: 'Suite requested: all, or one suite id (stats, nn, io, …).' }),
    suites: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/))
      .min(1)
      .meta({ description: 'Suite ids that ran; the gate compares only their benchmarks.' }),
    created_utc: utcTimestampSchema,
    environment: perfEnvironmentSchema,
    provenance: perfProvenanceSchema,
    benchmarks: z.array(perfBenchmarkSchema).min(1).meta({ description: 'Measurements.' }),
    envelope: provenanceEnvelopeV2Schema.meta({
      description:
        'The provenance envelope (kind performance): input digest of the suite definitions and options, result digest of the measurements.',
    }),
  })
  .meta({
    title: 'zpbench performance suite v3',
    description:
      'Latency percentiles and throughput of every benchmark of one suite run, with its environment and provenance; compared benchmark by benchmark by the performance gate.',
  });
/** A performance-suite artifact, version 3. */
export type PerfSuiteV3 = z.infer<typeof perfSuiteV3Schema>;
