import { describe, expect, it } from 'vitest';
import { classifyReference } from './artifact-drift.js';

describe('classifyReference', () => {
  it.each([
    ['seed_0/per_seed_result.json', {}, 'safe'],
    ['figures/metric_summary.svg', { role: 'figure', kind: 'svg' }, 'safe'],
    ['/home/me/results/run_x', {}, 'absolute'],
    ['C:/runs/x.json', {}, 'absolute'],
    ['\\\\server\\share\\x', {}, 'absolute'],
    ['seed_0/../../etc/passwd', {}, 'outside-run'],
    ['..', {}, 'outside-run'],
    ['seed_0\\per_seed_result.json', {}, 'outside-run'],
    ['seed_0/a\nb.json', {}, 'outside-run'],
    ['seed_0/checkpoints/scm.json', { role: 'checkpoint' }, 'checkpoint'],
    ['seed_0/checkpoints/scm.json', {}, 'checkpoint'],
    ['seed_0/bundles/scm/params.json', { role: 'bundle-file' }, 'checkpoint'],
    ['seed_0/model.safetensors', {}, 'checkpoint'],
    ['seed_0/weights.pt', {}, 'checkpoint'],
    ['seed_0/blob.json', { kind: 'binary' }, 'binary'],
    ['seed_0/arrays.npz', {}, 'binary'],
  ] as const)('%s %o is %s', (path, entry, expected) => {
    expect(classifyReference(path, entry)).toBe(expected);
  });
});
