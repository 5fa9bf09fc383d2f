import { createRng } from '@zpbench/nn';
import { describe, expect, it } from 'vitest';
import { bucketOf, N_BUCKETS } from './buckets.js';
import { IK_SMOKE_CONFIG, type IkGeneratorConfig } from './config.js';
import {
  generateDataset,
  roundHalfEven,
  sampleConfigurations,
  stratifiedSplit,
  targetStep,
} from './generator.js';
import { forwardKinematics, jacobian } from './kinematics.js';

const BASE: IkGeneratorConfig = { ...IK_SMOKE_CONFIG.generator, n_samples: 600 };

describe('configuration sampling', () => {
  it('draws floor(0.3·n) singular samples first, clipped to the joint limits, then regular ones', () => {
    const n = 1001;
    const { theta2 } = sampleConfigurations(BASE, n, 0.3, createRng('t'));
    const nSingular = Math.floor(0.3 * n);
    expect(nSingular).toBe(300);
    let atPi = 0;
    let nearPi = 0;
    for (let i = 0; i < nSingular; i++) {
      const b = theta2[i] as number;
      expect(Math.abs(b) <= Math.PI).toBe(true);
      const d = Math.min(Math.abs(b), Math.abs(Math.PI - b));
      expect(d).toBeLessThan(6e-3); // 6 sd of N(·, 1e-3)
      if (d === Math.abs(Math.PI - b)) nearPi++;
      if (b === Math.PI) atPi++;
    }
    // Half the singular draws centre on π, and half of those are clipped to π exactly.
    expect(nearPi / nSingular).toBeGreaterThan(0.4);
    expect(nearPi / nSingular).toBeLessThan(0.6);
    expect(atPi / nearPi).toBeGreaterThan(0.35);
    expect(atPi / nearPi).toBeLessThan(0.65);
    for (let i = nSingular; i < n; i++)
      expect(Math.abs(Math.sin(theta2[i] as number))).toBeGreaterThanOrEqual(2e-3);
  });

  it('puts θ2 = 0 and θ2 = π first with force_exact_singularities and honours min_detj_regular', () => {
    const g = { ...BASE, force_exact_singularities: true, min_detj_regular: 0.2 };
    const { theta2 } = sampleConfigurations(g, 50, 0.3, createRng('t'));
    expect([theta2[0], theta2[1]]).toEqual([0, Math.PI]);
    for (let i = 15; i < 50; i++)
      expect(Math.abs(Math.sin(theta2[i] as number))).toBeGreaterThanOrEqual(0.2);
  });
});

describe('the dataset', () => {
  const data = generateDataset(BASE, 3);
  const s = data.samples;

  it('holds consistent sample records', () => {
    for (let i = 0; i < s.n; i += 7) {
      const a = s.theta1[i] as number;
      const b = s.theta2[i] as number;
      const [x, y] = forwardKinematics({ l1: 1, l2: 1 }, a, b);
      expect(s.xEe[i]).toBe(x);
      expect(s.yEe[i]).toBe(y);
      expect(s.detJ[i]).toBe(Math.sin(b));
      expect(s.manipulability[i]).toBe(Math.abs(Math.sin(b)));
      expect(s.isSingular[i]).toBe(Math.abs(Math.sin(b)) < 1e-3 ? 1 : 0);
      expect(s.bucket[i]).toBe(bucketOf(Math.abs(Math.sin(b))));
      expect(s.distanceToSingularity[i]).toBe(
        Math.min(Math.abs(b), Math.abs(b - Math.PI), Math.abs(b + Math.PI)),
      );
    }
  });

  it('has inv targets that J maps back onto the displacement where |det J| > 1e-8', () => {
    for (let i = 0; i < s.n; i++) {
      if (Math.abs(s.detJ[i] as number) <= 1e-8) continue;
      const j = jacobian({ l1: 1, l2: 1 }, s.theta1[i] as number, s.theta2[i] as number);
      const t1 = s.dtheta1[i] as number;
      const t2 = s.dtheta2[i] as number;
      const scale = 1 + Math.hypot(t1, t2);
      expect(Math.abs(j[0] * t1 + j[1] * t2 - (s.dx[i] as number))).toBeLessThan(1e-12 * scale);
      expect(Math.abs(j[2] * t1 + j[3] * t2 - (s.dy[i] as number))).toBeLessThan(1e-12 * scale);
    }
  });

  it('draws displacements with sd 0.1', () => {
    let ss = 0;
    for (let i = 0; i < s.n; i++) ss += (s.dx[i] as number) ** 2 + (s.dy[i] as number) ** 2;
    expect(Math.sqrt(ss / (2 * s.n))).toBeGreaterThan(0.09);
    expect(Math.sqrt(ss / (2 * s.n))).toBeLessThan(0.11);
  });

  it('splits each bucket in generation order: the first round(0.8·n_b) train', () => {
    expect(data.train.length + data.test.length).toBe(s.n);
    for (let k = 0; k < N_BUCKETS; k++) {
      const members = Array.from({ length: s.n }, (_, i) => i).filter((i) => s.bucket[i] === k);
      const nTrain = roundHalfEven(0.8 * members.length);
      expect(data.bucketCounts.train[k]).toBe(nTrain);
      expect(data.bucketCounts.test[k]).toBe(members.length - nTrain);
      const train = new Set(data.train);
      expect(members.slice(0, nTrain).every((i) => train.has(i))).toBe(true);
      expect(members.slice(nTrain).some((i) => train.has(i))).toBe(false);
    }
  });

  it('is deterministic per seed and fingerprinted', () => {
    expect(generateDataset(BASE, 3).fingerprint).toBe(data.fingerprint);
    expect(generateDataset(BASE, 4).fingerprint).not.toBe(data.fingerprint);
    expect(generateDataset({ ...BASE, target_mode: 'dls' }, 3).fingerprint).not.toBe(
      data.fingerprint,
    );
  });
});

describe('split helpers and options', () => {
  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, 3.5, 1.4, 1.6, 2].map(roundHalfEven)).toEqual([0, 2, 2, 4, 1, 2, 2]);
  });

  it('splits a hand-built bucket list', () => {
    expect(stratifiedSplit([0, 0, 1, 0, 4, 0, 0, 1], 0.8)).toEqual({
      train: [0, 1, 2, 3, 4, 5, 7],
      test: [6],
    });
    expect(stratifiedSplit([2, 2, 2, 2, 2], 0.5)).toEqual({ train: [0, 1], test: [2, 3, 4] });
  });

  it('fills empty near-pole buckets of both splits with ensure_buckets_nonzero', () => {
    const g = { ...BASE, n_samples: 12, ensure_buckets_nonzero: true };
    const data = generateDataset(g, 1);
    for (const counts of [data.bucketCounts.train, data.bucketCounts.test])
      for (let k = 0; k <= 3; k++) expect(counts[k]).toBeGreaterThan(0);
    expect(data.augmented).toBeGreaterThan(0);
    expect(data.samples.n).toBe(12 + data.augmented);
    expect(Array.from(data.samples.augmented).filter(Boolean).length).toBe(data.augmented);
  });

  it('draws train and test with their own singular ratios under singular_ratio_split', () => {
    const g = { ...BASE, n_samples: 1000, singular_ratio_split: { train: 0.35, test: 0.45 } };
    const data = generateDataset(g, 1);
    expect([data.train.length, data.test.length]).toEqual([800, 200]);
    const sinOf = (i: number) => Math.abs(Math.sin(data.samples.theta2[i] as number));
    for (const [split, k] of [
      [data.train, Math.floor(0.35 * 800)],
      [data.test, Math.floor(0.45 * 200)],
    ] as const) {
      expect(Array.from(split.subarray(0, k)).every((i) => sinOf(i) < 6e-3)).toBe(true);
      expect(Array.from(split.subarray(k)).every((i) => sinOf(i) >= 2e-3)).toBe(true);
    }
  });

  it('has dls targets and a dq_clip bound', () => {
    const dls = { ...BASE, target_mode: 'dls' as const };
    const [a, b] = targetStep(dls, 0.2, 1e-9, 0, 0.1);
    expect(Math.hypot(a, b)).toBeLessThanOrEqual(0.1 / (2 * 0.01));
    const clipped = generateDataset({ ...BASE, dq_clip: 0.5 }, 2).samples;
    for (let i = 0; i < clipped.n; i++)
      expect(
        Math.hypot(clipped.dtheta1[i] as number, clipped.dtheta2[i] as number),
      ).toBeLessThanOrEqual(0.5 * (1 + 1e-15));
  });
});
