import { z } from 'zod';
import { markerField, sha256Schema, utcTimestampSchema, versionField } from './common.js';

/** Schema marker of a performance-suite artifact (`benchmark_results/benchmarks_<timestamp>.json`). */
export const PERF_SUITE_MARKER = 'zpbench_perf_suite';
/** Current version of the performance-suite artifact. */
export const PERF_SUITE_VERSION = 1;

/** One microbenchmark measurement. */
export const perfMeasurementSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Benchmark name, unique within the suite.' }),
    group: z.string().meta({ description: 'Group (nn, stats, gate, report, …).' }),
    unit: z
      .enum(['ms', 'us', 'samples_per_s', 'gflops', 'mb'])
      .meta({ description: 'Unit of value.' }),
    value: z.number().min(0).meta({ description: 'Median measurement over the samples.' }),
    lower_is_better: z
      .boolean()
      .meta({ description: 'true for times and memory, false for throughput.' }),
    samples: z.array(z.number().min(0)).min(1).meta({ description: 'Individual measurements.' }),
  })
  .meta({ description: 'One measurement.' });
/** One microbenchmark measurement. */
export type PerfMeasurement = z.infer<typeof perfMeasurementSchema>;

/** A performance-suite artifact, version 1. */
export const perfSuiteV1Schema = z
  .strictObject({
    schema: markerField(PERF_SUITE_MARKER),
    schema_version: versionField(PERF_SUITE_VERSION),
    suite: z.string().meta({ description: 'Suite name (all, nn, stats, …).' }),
    created_utc: utcTimestampSchema,
    machine: z
      .strictObject({
        os: z.string().meta({ description: 'Operating system.' }),
        arch: z.string().meta({ description: 'CPU architecture.' }),
        cpu_model: z.string().meta({ description: 'CPU model.' }),
        cpu_count: z.number().int().min(1).meta({ description: 'Logical CPUs.' }),
        node: z.string().meta({ description: 'Node.js version.' }),
        hostname_sha256: sha256Schema,
      })
      .meta({ description: 'Machine the suite ran on; compare only like with like.' }),
    git_commit: z.string().nullable().meta({ description: 'Commit measured, or null.' }),
    benchmarks: z.array(perfMeasurementSchema).min(1).meta({ description: 'Measurements.' }),
  })
  .meta({
    title: 'zpbench performance suite v1',
    description: 'Microbenchmark measurements of one suite run, compared by the performance gate.',
  });
/** A performance-suite artifact, version 1. */
export type PerfSuiteV1 = z.infer<typeof perfSuiteV1Schema>;
