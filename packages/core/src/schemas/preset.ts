import { domainIdSchema, markerField, modeIdSchema, seedSchema, versionField } from './common.js';
import * as z from './zod.js';

/** Schema marker of a preset data file (`presets/<name>.preset.json` of a domain package). */
export const PRESET_MARKER = 'zpbench_preset';
/** Current version of the preset file. */
export const PRESET_VERSION = 1;

/** A named, schema'd bundle of a domain, a mode, seeds, a budget file and a failure tolerance. */
export const presetV1Schema = z
  .strictObject({
    schema: markerField(PRESET_MARKER),
    schema_version: versionField(PRESET_VERSION),
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .meta({ description: 'Preset name, kebab-case, unique over every registered domain.' }),
    category: z.enum(['checkout-safe', 'prepared-host', 'release']).meta({
      description:
        'checkout-safe: runs in a fresh clone in seconds (a test runs each); prepared-host: needs something the host must provide; release: the release evidence, long.',
    }),
    description: z.string().min(1).meta({ description: 'What the preset is for, one sentence.' }),
    domain: domainIdSchema,
    mode: modeIdSchema,
    seeds: z
      .array(seedSchema)
      .min(1)
      .nullable()
      .meta({ description: 'Seeds to run, or null for the mode’s own seed plan.' }),
    budget_file: z.string().min(1).nullable().meta({
      description: 'Budget file, relative to the preset file’s directory, or null for none.',
    }),
    failure_tolerance: z.enum(['fail-on-violation', 'skip-when-env-missing']).meta({
      description:
        'fail-on-violation: always runs, a budget violation exits 1; skip-when-env-missing: when a requirement is absent prints a typed reason and exits 0.',
    }),
    requires: z
      .strictObject({
        min_cpu_count: z
          .number()
          .int()
          .min(1)
          .nullable()
          .meta({ description: 'Fewest logical CPUs the preset needs, or null.' }),
        env: z.array(z.string().regex(/^[A-Z_][A-Z0-9_]*$/)).meta({
          description:
            'Environment variables that must be set (e.g. one naming a parent run directory).',
        }),
        parent_run_env: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/)
          .nullable()
          .meta({
            description:
              'Variable whose value is passed as the domain’s parent-run flag, or null when the mode reads no parent.',
          }),
      })
      .meta({ description: 'What the host must provide.' }),
  })
  .meta({
    title: 'zpbench preset v1',
    description:
      'A named benchmark workload: domain, mode, seeds, budget file and failure tolerance, run with `zpbench run --preset NAME`.',
  });
/** A preset, version 1. */
export type PresetV1 = z.infer<typeof presetV1Schema>;
