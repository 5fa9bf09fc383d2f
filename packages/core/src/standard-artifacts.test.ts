import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkArtifactSpec, matchArtifactPath } from './artifact-spec.js';
import { sha256Hex } from './hash.js';
import {
  CHECKPOINT_PATH,
  createCheckpointFile,
  defineCheckpointArtifact,
  defineFigureArtifacts,
} from './standard-artifacts.js';

const schema = { marker: 'zpbench_x_checkpoint', version: 1, schema: z.object({}) };

describe('defineCheckpointArtifact', () => {
  it('declares the optional checkpoint artifact with the given schema', () => {
    const spec = defineCheckpointArtifact(schema);
    expect(spec).toEqual({
      id: 'checkpoint',
      path: 'seed_{seed}/checkpoints/{model}.json',
      kind: 'json',
      role: 'checkpoint',
      description:
        'A trained model’s parameters (referenced by the per-seed result with its sha256).',
      schema,
      required: false,
    });
    expect(checkArtifactSpec(spec)).toBeNull();
    expect(defineCheckpointArtifact(schema, 'Learned.').description).toBe('Learned.');
  });

  it('writes each file where the artifact declares it, with its sha256 in the reference', () => {
    const out = createCheckpointFile(3, 'scm', '{"a":1}\n');
    expect(out).toEqual({
      file: { path: 'checkpoints/scm.json', content: '{"a":1}\n' },
      ref: { path: 'seed_3/checkpoints/scm.json', sha256: sha256Hex('{"a":1}\n') },
    });
    expect(matchArtifactPath({ path: CHECKPOINT_PATH }, out.ref.path)).toEqual({
      seed: 3,
      model: 'scm',
    });
  });
});

describe('defineFigureArtifacts', () => {
  it('declares the SVG and its vega-lite spec beside it', () => {
    const [svg, spec] = defineFigureArtifacts({
      id: 'x_figure',
      path: 'figures/x_pack/{name}.svg',
      description: 'Figures.',
      specDescription: 'Their specs.',
    });
    expect([svg, spec]).toEqual([
      {
        id: 'x_figure',
        path: 'figures/x_pack/{name}.svg',
        kind: 'svg',
        role: 'figure',
        description: 'Figures.',
        required: false,
      },
      {
        id: 'x_figure_spec',
        path: 'figures/x_pack/{name}.vl.json',
        kind: 'json',
        role: 'figure',
        description: 'Their specs.',
        required: false,
      },
    ]);
    expect(checkArtifactSpec(svg)).toBeNull();
    expect(checkArtifactSpec(spec)).toBeNull();
  });

  it('passes the requirement to the SVG only and refuses a path that is no SVG', () => {
    const [svg, spec] = defineFigureArtifacts({
      id: 'x_response',
      path: 'seed_{seed}/x_response.svg',
      description: 'A figure.',
      specDescription: 'Its spec.',
      required: true,
    });
    expect([svg.required, spec.required, spec.path]).toEqual([
      true,
      false,
      'seed_{seed}/x_response.vl.json',
    ]);
    expect(() =>
      defineFigureArtifacts({
        id: 'x_figure',
        path: 'figures/x.png',
        description: 'A figure.',
        specDescription: 'Its spec.',
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ZpbenchError: figure x_figure: path "figures/x.png" must end in .svg (its vega-lite spec lies beside it as .vl.json)]`,
    );
  });
});
