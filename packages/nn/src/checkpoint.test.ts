import { describe, expect, it } from 'vitest';
import {
  checkpointFromBytes,
  checkpointToBytes,
  hashCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
import { createMatrix } from './matrix.js';
import { RationalHead } from './rational-head.js';
import { createRng } from './rng.js';
import { mlp } from './sequential.js';
import { fillPattern } from './testing/grad-check.js';

function model(seed: number) {
  const rng = createRng(seed);
  const net = mlp([3, 8, 1], 'relu', rng.fork('net'));
  const head = new RationalHead(rng.fork('head'), { degreeP: 3, degreeQ: 2, outputs: 2 });
  const params = [...net.parameters(), ...head.parameters()];
  const predict = (x: ReturnType<typeof createMatrix>) => {
    const { p, q } = head.forward(net.forward(x));
    return [...p.data, ...q.data];
  };
  return { params, predict };
}

describe('checkpoints', () => {
  it('round-trips through JSON bytes bit-exactly: identical predictions', () => {
    const a = model(1);
    // Values that stress the encoding: subnormals, -0, extremes.
    a.params[1]!.value.set([5e-324, -0, 1.7976931348623157e308, -1 / 3]);
    const bytes = checkpointToBytes(saveCheckpoint(a.params));
    const b = model(2);
    const x = createMatrix(4, 3, fillPattern(new Float64Array(12)));
    expect(b.predict(x)).not.toEqual(a.predict(x));
    loadCheckpoint(b.params, checkpointFromBytes(bytes));
    for (let i = 0; i < a.params.length; i++) {
      expect(
        Buffer.from(b.params[i]!.value.buffer).equals(Buffer.from(a.params[i]!.value.buffer)),
      ).toBe(true);
    }
    expect(Object.is(b.params[1]!.value[1], -0)).toBe(true);
    expect(b.predict(x)).toEqual(a.predict(x));
  });

  it('hashes the content: stable, and changed by a one-ulp edit', () => {
    const a = model(3);
    const h = hashCheckpoint(saveCheckpoint(a.params));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCheckpoint(saveCheckpoint(model(3).params))).toBe(h);
    const v = a.params[0]!.value;
    const bits = new BigInt64Array(v.buffer, 0, 1);
    bits[0] = bits[0]! + 1n;
    expect(hashCheckpoint(saveCheckpoint(a.params))).not.toBe(h);
  });

  it('refuses a checkpoint of another model', () => {
    const ckpt = saveCheckpoint(model(1).params);
    const other = mlp([3, 9, 1], 'relu', createRng(0)).parameters();
    expect(() => loadCheckpoint(other, ckpt)).toThrow(
      /checkpoint has 6 parameters, the model has 4/,
    );
    const small = saveCheckpoint(mlp([3, 8, 1], 'relu', createRng(0)).parameters());
    expect(() => loadCheckpoint(other, small)).toThrow(
      /mlp.0.weight \[3x9\] is missing or has shape \[3x8\]/,
    );
    expect(() => checkpointFromBytes(new TextEncoder().encode('{'))).toThrow(/not checkpoint JSON/);
  });
});
