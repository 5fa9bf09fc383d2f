import { ERROR_CODES, ZpbenchError } from '@zpbench/core';
import { describe, expect, it } from 'vitest';
import { parseShard, shardSeeds } from './shard.js';

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ZpbenchError);
    expect((error as ZpbenchError).code).toBe(ERROR_CODES.USAGE);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseShard', () => {
  it('reads i/n, 1-based', () => {
    expect(parseShard('2/3', {})).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1', {})).toEqual({ index: 1, count: 1 });
  });

  it.each([
    ['0/3', 'outside 1..3'],
    ['4/3', 'outside 1..3'],
    ['1/0', 'at least 1'],
    ['2of3', 'neither i/n'],
    ['-1/3', 'neither i/n'],
  ])('refuses --shard %s', (text, message) => {
    expect(usageMessage(() => parseShard(text, {}))).toContain(message);
  });

  it('reads GitLab parallel jobs (CI_NODE_INDEX is 1-based)', () => {
    expect(parseShard('auto', { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3' })).toEqual({
      index: 3,
      count: 3,
    });
    expect(usageMessage(() => parseShard('auto', { CI_NODE_INDEX: '1' }))).toContain(
      'CI_NODE_TOTAL is not',
    );
    expect(
      usageMessage(() => parseShard('auto', { CI_NODE_INDEX: '4', CI_NODE_TOTAL: '3' })),
    ).toContain('CI_NODE_INDEX: shard 4 is outside 1..3');
    expect(
      usageMessage(() => parseShard('auto', { CI_NODE_INDEX: 'x', CI_NODE_TOTAL: '3' })),
    ).toContain('CI_NODE_INDEX=x is not a whole number');
    expect(
      usageMessage(() => parseShard('auto', { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '3' }, 4)),
    ).toContain('--shards 4 contradicts CI_NODE_TOTAL=3');
  });

  it('reads Slurm arrays counted from SLURM_ARRAY_TASK_MIN', () => {
    const env = { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' };
    expect(parseShard('auto', env)).toEqual({ index: 1, count: 4 });
    expect(
      parseShard('auto', {
        SLURM_ARRAY_TASK_ID: '7',
        SLURM_ARRAY_TASK_MIN: '5',
        SLURM_ARRAY_TASK_COUNT: '3',
      }),
    ).toEqual({ index: 3, count: 3 });
    expect(parseShard('auto', { SLURM_ARRAY_TASK_ID: '2' }, 3)).toEqual({ index: 3, count: 3 });
    expect(usageMessage(() => parseShard('auto', { SLURM_ARRAY_TASK_ID: '2' }))).toContain(
      'pass --shards N',
    );
    expect(
      usageMessage(() =>
        parseShard('auto', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4' }),
      ),
    ).toContain('shard 5 is outside 1..4');
  });

  it('reads Kubernetes indexed Jobs (0-based) with the total from --shards', () => {
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '0' }, 2)).toEqual({ index: 1, count: 2 });
    expect(usageMessage(() => parseShard('auto', { JOB_COMPLETION_INDEX: '0' }))).toContain(
      'pass the number of completions with --shards N',
    );
    expect(usageMessage(() => parseShard('auto', { JOB_COMPLETION_INDEX: '2' }, 2))).toContain(
      'shard 3 is outside 1..2',
    );
  });

  it('prefers GitLab over Slurm over Kubernetes, and refuses an environment with none', () => {
    const all = {
      CI_NODE_INDEX: '2',
      CI_NODE_TOTAL: '2',
      SLURM_ARRAY_TASK_ID: '0',
      SLURM_ARRAY_TASK_COUNT: '5',
      JOB_COMPLETION_INDEX: '0',
    };
    expect(parseShard('auto', all)).toEqual({ index: 2, count: 2 });
    expect(usageMessage(() => parseShard('auto', {}))).toContain('found no scheduler');
    expect(usageMessage(() => parseShard('2/3', {}, 3))).toContain('--shards applies only');
  });
});

describe('shardSeeds', () => {
  it('puts every seed in exactly one shard, sizes within one of each other', () => {
    for (const count of [1, 2, 3, 7, 10]) {
      const plan = [9, 0, 4, 1, 7, 3, 2, 8, 6, 5];
      const shards = Array.from({ length: count }, (_, i) =>
        shardSeeds(plan, { index: i + 1, count }),
      );
      expect(shards.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardSeeds([0, 1, 2, 3, 4], { index: 1, count: 3 })).toEqual([0, 3]);
    expect(shardSeeds([0, 1, 2, 3, 4], { index: 3, count: 3 })).toEqual([2]);
  });
});
