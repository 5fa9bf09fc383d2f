import { describe, expect, it } from 'vitest';
import { ThreadBudgets } from './worker-pool.js';

const values = (budgets: ThreadBudgets, lanes: number): number[] =>
  Array.from({ length: lanes }, (_, lane) => Atomics.load(budgets.cell(lane), 0));

describe('ThreadBudgets', () => {
  it('gives each lane its share and hands a finished lane’s threads to the lanes still running', () => {
    const budgets = new ThreadBudgets(2, 2);
    expect(values(budgets, 2)).toEqual([1, 1]);
    budgets.release(0);
    expect(values(budgets, 2)).toEqual([1, 2]);
    budgets.release(1);
    expect(values(budgets, 2)).toEqual([1, 2]);
  });

  it('splits the remainder over the first lanes and never goes below one thread', () => {
    const budgets = new ThreadBudgets(3, 8);
    expect(values(budgets, 3)).toEqual([3, 3, 2]);
    budgets.release(1);
    expect(values(budgets, 3)).toEqual([4, 3, 4]);
    expect(values(new ThreadBudgets(4, 2), 4)).toEqual([1, 1, 1, 1]);
    expect(values(new ThreadBudgets(1, 2), 1)).toEqual([2]);
  });

  it('backs each cell with shared memory, so a worker sees the change while its seed runs', () => {
    expect(new ThreadBudgets(1, 1).cell(0).buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
