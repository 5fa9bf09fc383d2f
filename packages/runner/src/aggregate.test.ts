import type { DomainPlugin, SeedResult } from '@zpbench/core';
import { describe, expect, it } from 'vitest';
import { collectMetrics, metricValue } from './aggregate.js';

const plugin = {
  models: [{ id: 'a', label: 'A', role: 'claimed', description: 'a' }],
  metrics: [
    {
      key: 'coverage_rate',
      description: 'coverage',
      direction: 'higher',
      unit: 'fraction',
      subset: 'all',
      legacyKeys: ['success_rate'],
    },
  ],
} as unknown as DomainPlugin<unknown>;

const resultWith = (metrics: Record<string, number | null>) =>
  ({ runs: { a: { metrics } } }) as unknown as SeedResult;

describe('legacy metric keys', () => {
  it('reads the canonical key first, then the legacy ones in order', () => {
    const def = { key: 'c', legacyKeys: ['old', 'older'] };
    expect(metricValue({ c: 1, old: 2 }, def)).toBe(1);
    expect(metricValue({ old: 2, older: 3 }, def)).toBe(2);
    expect(metricValue({ older: 3 }, def)).toBe(3);
    expect(metricValue({ c: null, old: 2 }, def)).toBeNull();
    expect(metricValue({ other: 1 }, def)).toBeUndefined();
  });

  it('normalises a result that carries only the legacy key onto the canonical name', () => {
    const results = new Map([
      [0, resultWith({ success_rate: 0.5 })],
      [1, resultWith({ coverage_rate: 0.75, success_rate: 0.75 })],
    ]);
    const collected = collectMetrics(plugin, [0, 1], (seed) => results.get(seed) as SeedResult);
    expect([...(collected.table.get('a')?.keys() ?? [])]).toEqual(['coverage_rate']);
    expect(collected.table.get('a')?.get('coverage_rate')).toEqual([0.5, 0.75]);
  });
});
