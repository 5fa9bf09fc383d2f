import { describe, expect, it } from 'vitest';
import { diffConfigs } from './config-diff.js';

describe('diffConfigs', () => {
  it('names every differing leaf by dotted path, in code-point order, treatments marked', () => {
    const base = {
      domain: 'd',
      mode: 'smoke',
      config: { train: { steps: 10, lr: 0.1 }, inject: 'none', list: [1, 2] },
    };
    const cand = {
      domain: 'd',
      mode: 'smoke',
      config: { train: { steps: 20, lr: 0.1 }, inject: 'local', list: [1, 3], extra: true },
    };
    expect(diffConfigs(base, cand, ['inject'])).toEqual([
      { key: 'config.extra', baseline: null, candidate: 'true', treatment: false },
      { key: 'config.inject', baseline: '"none"', candidate: '"local"', treatment: true },
      { key: 'config.list', baseline: '[1,2]', candidate: '[1,3]', treatment: false },
      { key: 'config.train.steps', baseline: '10', candidate: '20', treatment: false },
    ]);
    expect(diffConfigs(base, base)).toEqual([]);
  });

  it('treats a whole treatment subtree as treatment, and nothing outside config', () => {
    const a = { config: { regression: { kind: 'none' } }, regression: 1 };
    const b = { config: { regression: { kind: 'local' } }, regression: 2 };
    expect(diffConfigs(a, b, ['regression']).map((d) => [d.key, d.treatment])).toEqual([
      ['config.regression.kind', true],
      ['regression', false],
    ]);
  });
});
