import { markerField, utcTimestampSchema, versionField } from './common.js';
import { provenanceEnvelopeV2Schema } from './envelope.js';
import * as z from './zod.js';

/** Schema marker of the parity runner's report (`benchmark_results/parity_report.json`). */
export const PARITY_REPORT_MARKER = 'zpbench_parity_report';
/** Current version of the parity report (2: the provenance envelope). */
export const PARITY_REPORT_VERSION = 2;

const rate = (description: string) => z.number().min(0).max(1).meta({ description });

/** One (model, τ) point of the coverage/accuracy curve. */
export const parityPointSchema = z
  .strictObject({
    model: z.string().meta({ description: 'Model id (scm, rational_eps).' }),
    tau: z.number().min(0).meta({ description: 'Gate threshold on the normalised |Q|.' }),
    coverage: rate('Fraction of test inputs accepted (|Q| ≥ τ and a finite payload).'),
    accuracy: rate(
      'Fraction of accepted inputs answered correctly: a finite target within the relative tolerance (an accepted pole is wrong); 0 when none is accepted.',
    ),
    accepted: z.number().int().min(0).meta({ description: 'Accepted test inputs.' }),
    correct: z.number().int().min(0).meta({ description: 'Accepted and correct test inputs.' }),
    mae_accepted: z.number().min(0).nullable().meta({
      description: 'Mean absolute error over accepted inputs with a finite target; null if none.',
    }),
    pole_band_bottom_rate: rate(
      'Fraction of test inputs within the pole band (|x − pole| < band) that the gate bottoms.',
    ),
  })
  .meta({ description: 'Coverage and accuracy of one model at one τ.' });
/** One (model, τ) point of the coverage/accuracy curve. */
export type ParityPoint = z.infer<typeof parityPointSchema>;

/** The parity report, version 2. */
export const parityReportV2Schema = z
  .strictObject({
    schema: markerField(PARITY_REPORT_MARKER),
    schema_version: versionField(PARITY_REPORT_VERSION),
    created_utc: utcTimestampSchema,
    zpbench_version: z.string().meta({ description: 'zpbench version that wrote the report.' }),
    task: z
      .strictObject({
        target: z.string().meta({ description: 'The regression target, as a formula.' }),
        domain: z
          .tuple([z.number(), z.number()])
          .meta({ description: 'Input interval [low, high].' }),
        pole: z
          .number()
          .meta({ description: 'Where the target has its pole (inside the domain).' }),
        seed: z.number().int().min(0).meta({ description: 'Seed of the data and the inits.' }),
        train_points: z.number().int().min(1).meta({ description: 'Training inputs.' }),
        train_exclusion: z.number().min(0).meta({
          description:
            'Training inputs avoid |x − pole| below this (one singular target sits at the pole).',
        }),
        noise_sd: z
          .number()
          .min(0)
          .meta({ description: 'Gaussian noise on finite training targets.' }),
        test_points: z.number().int().min(1).meta({ description: 'Test inputs (a uniform grid).' }),
        pole_band: z.number().min(0).meta({ description: 'Half-width of the pole band.' }),
        relative_tolerance: z.number().min(0).meta({
          description: 'A prediction is correct when |ŷ − y| ≤ tolerance·max(1, |y|).',
        }),
        q_normalisation: z
          .string()
          .meta({ description: 'How |Q| is scaled before τ applies (P/Q is unchanged).' }),
      })
      .meta({ description: 'The regression task.' }),
    models: z
      .array(
        z
          .strictObject({
            id: z.string().meta({ description: 'Model id.' }),
            description: z.string().meta({ description: 'Architecture, loss and decode.' }),
            steps: z.number().int().min(1).meta({ description: 'Adam steps.' }),
            learning_rate: z.number().min(0).meta({ description: 'Adam learning rate.' }),
            final_loss: z.number().meta({ description: 'Training loss after the last step.' }),
          })
          .meta({ description: 'One trained model.' }),
      )
      .min(1)
      .meta({ description: 'Models on the curve.' }),
    taus: z.array(z.number().min(0)).min(1).meta({ description: 'τ grid, ascending.' }),
    curve: z.array(parityPointSchema).min(1).meta({ description: 'Every (model, τ) point.' }),
    figures: z
      .strictObject({
        svg: z.string().meta({ description: 'The coverage/accuracy figure, SVG.' }),
        png: z.string().meta({ description: 'The same figure rasterised, PNG.' }),
      })
      .meta({ description: 'Figure files beside the report.' }),
    envelope: provenanceEnvelopeV2Schema.meta({
      description:
        'The provenance envelope (kind performance, suite parity): input digest of the task and models, result digest of the curve and losses.',
    }),
  })
  .meta({
    title: 'zpbench parity report v2',
    description:
      'Coverage and accuracy per τ of the SCM head and a Rational+ε baseline on a small rational regression with a pole inside the input interval.',
  });
/** The parity report, version 2. */
export type ParityReportV2 = z.infer<typeof parityReportV2Schema>;
