import { describe, expect, it } from 'vitest';
import { createRandomStream } from './random-stream.js';

describe('createRandomStream', () => {
  it('is deterministic per seed and forks are independent of the parent position', () => {
    const a = createRandomStream(42);
    const b = createRandomStream('42');
    expect([a.uniform(), a.normal(), a.int(10), a.sign()]).toEqual([
      b.uniform(),
      b.normal(),
      b.int(10),
      b.sign(),
    ]);
    const f1 = createRandomStream(1).fork('x').uniform();
    const parent = createRandomStream(1);
    parent.uniform();
    expect(parent.fork('x').uniform()).toBe(f1);
    expect(createRandomStream(1).fork('y').uniform()).not.toBe(f1);
  });

  it('draws normals with the requested moments and fair signs', () => {
    const r = createRandomStream('moments');
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let signs = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal(2, 3);
      sum += x;
      sq += x * x;
      signs += r.sign();
    }
    const mean = sum / n;
    expect(Math.abs(mean - 2)).toBeLessThan(4 * (3 / Math.sqrt(n)));
    expect(Math.abs(Math.sqrt(sq / n - mean * mean) - 3)).toBeLessThan(0.03);
    expect(Math.abs(signs / n)).toBeLessThan(4 / Math.sqrt(n));
  });
});
