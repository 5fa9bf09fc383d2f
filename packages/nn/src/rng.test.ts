import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('createRng', () => {
  it('gives the same draws for the same seed and different draws for another', () => {
    const a = createRng(7);
    const b = createRng('7');
    const c = createRng(8);
    const da = Array.from({ length: 5 }, () => a.uniform());
    const db = Array.from({ length: 5 }, () => b.uniform());
    const dc = Array.from({ length: 5 }, () => c.uniform());
    expect(db).toEqual(da);
    expect(dc).not.toEqual(da);
    for (const v of da) expect(v >= 0 && v < 1).toBe(true);
  });

  it('pins the first draws of seed 0 so a change of generator is noticed', () => {
    const r = createRng(0);
    const first = [r.uniform(), r.uniform()];
    const again = createRng(0);
    expect([again.uniform(), again.uniform()]).toEqual(first);
    expect(first[0]).toMatchInlineSnapshot(`0.5945264335737063`);
  });

  it('forks depend on the label and seed only, not on draws taken from the parent', () => {
    const a = createRng(1);
    const b = createRng(1);
    b.uniform();
    b.normal();
    expect(a.fork('x').uniform()).toBe(b.fork('x').uniform());
    expect(a.fork('x').uniform()).not.toBe(a.fork('y').uniform());
  });

  it('draws integers in range, permutations and shuffles in place', () => {
    const r = createRng(3);
    for (let i = 0; i < 200; i++) {
      const k = r.int(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
    }
    const p = r.permutation(50);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const arr = [1, 2, 3, 4, 5, 6];
    const same = r.shuffle(arr);
    expect(same).toBe(arr);
    expect([...arr].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const u = r.uniformRange(-2, -1);
    expect(u >= -2 && u < -1).toBe(true);
  });

  it('draws normals with the requested mean and sd', () => {
    const r = createRng('normal');
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = r.normal(3, 2);
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    const sd = Math.sqrt(s2 / n - mean * mean);
    expect(Math.abs(mean - 3)).toBeLessThan(0.06);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
  });
});
