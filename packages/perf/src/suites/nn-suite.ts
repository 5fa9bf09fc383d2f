import { defineBenchmark } from '../define-benchmark.js';
import { defineSuite } from '../define-suite.js';
import { createMlpTrainStep, STEP_BATCH } from '../workloads/mlp-step.js';

/** A training-step benchmark of an MLP of `sizes` on `threads` threads (bit-identical to one). */
export function mlpTrainStepBenchmark(sizes: readonly number[], threads = 1) {
  const id = `mlp_${sizes.join('_')}`;
  return defineBenchmark({
    name: `nn.${id}.train_step${threads > 1 ? `_${threads}_threads` : ''}`,
    group: 'nn',
    description: `one training step (forward, backward, Adam) of a ${sizes.join('→')} ReLU MLP on a batch of ${STEP_BATCH}, float64${threads > 1 ? `, up to ${threads} threads inside the step` : ', one thread'}`,
    items: STEP_BATCH,
    itemUnit: 'samples',
    iterations: 10,
    warmup: 2,
    batch: sizes.some((s) => s >= 128) ? 10 : 20,
    setup: async () => {
      const nn = await import('@zpbench/nn');
      if (threads > 1) {
        const previous = nn.setThreadCount(threads);
        await nn.prepareThreads(threads);
        nn.setThreadCount(previous);
      }
      return { nn, ...createMlpTrainStep(sizes) };
    },
    // The count is set per call, so interleaving with other benchmarks cannot leak it.
    run: ({ nn, step }, call) => {
      const previous = nn.setThreadCount(threads);
      try {
        step(call);
      } finally {
        nn.setThreadCount(previous);
      }
    },
  });
}

async function layerBenchmarks() {
  const nn = await import('@zpbench/nn');
  const rng = nn.createRng('perf-nn');
  const seeded = (rows: number, cols: number, r = rng) =>
    nn.createMatrix(
      rows,
      cols,
      Float64Array.from({ length: rows * cols }, () => r.normal()),
    );
  const denseSetup = () => {
    const layer = new nn.Dense(128, 128, rng.fork('dense'), { init: 'he' });
    const x = seeded(256, 128, rng.fork('x'));
    const dOut = seeded(256, 128, rng.fork('dOut'));
    layer.forward(x);
    return { layer, x, dOut };
  };
  const head = () => {
    const h = new nn.RationalHead(rng.fork('head'), {
      degreeP: 6,
      degreeQ: 6,
      outputs: 2,
      denominatorPerOutput: true,
    });
    const z = nn.createMatrix(
      256,
      1,
      Float64Array.from({ length: 256 }, (_, i) => Math.tanh(i / 64 - 2)),
    );
    return { h, z, dP: seeded(256, 2, rng.fork('dP')), dQ: seeded(256, 2, rng.fork('dQ')) };
  };
  // The RF domain's SCM-Transfer head: degree 2/2, monic Q with softplus-positive coefficients,
  // coefficient rows as its hypernetwork emits them, ω over the band of the RF generator.
  const complexHead = (rows: number) => {
    const h = new nn.ComplexRationalHead({
      degreeP: 2,
      degreeQ: 2,
      monic: true,
      positiveDenominator: true,
    });
    const coeffs = seeded(rows, h.coefficientCount, rng.fork('coeffs'));
    const omega = Float64Array.from({ length: rows }, (_, i) => 0.1 + (4 * i) / rows);
    return { h, coeffs, omega, dH: seeded(rows, 2, rng.fork('dH')) };
  };
  return [
    defineBenchmark({
      name: 'nn.dense_256x128x128.forward',
      group: 'nn',
      description: 'Dense 128→128 forward (x·W + b) on a batch of 256',
      items: 256,
      itemUnit: 'samples',
      batch: 50,
      setup: denseSetup,
      run: ({ layer, x }) => layer.forward(x),
    }),
    defineBenchmark({
      name: 'nn.dense_256x128x128.backward',
      group: 'nn',
      description: 'Dense 128→128 backward (dW, bias gradient, dX) on a batch of 256',
      items: 256,
      itemUnit: 'samples',
      batch: 50,
      setup: denseSetup,
      run: ({ layer, dOut }) => layer.backward(dOut),
    }),
    defineBenchmark({
      name: 'nn.rational_head_256_d6.forward_backward',
      group: 'nn',
      description:
        'Chebyshev rational head, degree 6/6, 2 outputs with per-output Q: forward and backward on a batch of 256',
      items: 256,
      itemUnit: 'samples',
      batch: 100,
      setup: head,
      run: ({ h, z, dP, dQ }) => {
        h.forward(z);
        return h.backward(dP, dQ);
      },
    }),
    defineBenchmark({
      name: 'nn.complex_rational_head_256_d2.forward_backward',
      group: 'nn',
      description:
        'complex rational head (the RF SCM-Transfer head: degree 2/2, positive monic Q), H = P·conj(Q)/|Q|² at jω: forward and backward on a batch of 256',
      items: 256,
      itemUnit: 'samples',
      batch: 100,
      setup: () => complexHead(256),
      run: ({ h, coeffs, omega, dH }) => {
        h.forward(coeffs, omega);
        return h.backward({ dH });
      },
    }),
    defineBenchmark({
      name: 'nn.shared_denominator_decode_4096',
      group: 'nn',
      description:
        'strict decode of 4,096 complex outputs with a shared denominator (|Q| gate, masks, provenance)',
      items: 4096,
      itemUnit: 'samples',
      batch: 20,
      setup: () => {
        const { h, coeffs, omega } = complexHead(4096);
        return { out: h.forward(coeffs, omega) };
      },
      run: ({ out }) => nn.decodeSharedDenominator(out, { tauInfer: 1e-6, tauTrain: 1e-4 }),
    }),
    defineBenchmark({
      name: 'nn.adam_step_17k',
      group: 'nn',
      description: 'one Adam step over the 17,282 parameters of a 3→128→128→2 MLP',
      itemUnit: 'params',
      batch: 100,
      setup: () => {
        const params = nn.mlp([3, 128, 128, 2], 'relu', rng.fork('adam')).parameters();
        for (const p of params) p.grad.fill(1e-3);
        return { opt: nn.createAdam(params), count: nn.countParameters(params) };
      },
      run: ({ opt }) => opt.step(),
      items: 17_282,
    }),
    defineBenchmark({
      name: 'nn.strict_decode_4096x2',
      group: 'nn',
      description: 'strict SCM decode (|Q| gate, masks, provenance) of 4,096 two-column payloads',
      items: 4096,
      itemUnit: 'samples',
      batch: 20,
      setup: () => {
        const p = seeded(4096, 2, rng.fork('p'));
        const q = Float64Array.from({ length: 4096 }, (_, i) => (i % 17 === 0 ? 1e-9 : 0.5 + i));
        return { p, q };
      },
      run: ({ p, q }) => nn.strictDecode(p, q, { tauInfer: 1e-6, tauTrain: 1e-4 }),
    }),
  ];
}

/**
 * Dense, rational-head and complex-head passes, the Adam step, real and complex strict decode,
 * whole MLP training steps.
 */
export const nnSuite = defineSuite({
  id: 'nn',
  description:
    'dense, rational-head and complex-head forward/backward, Adam step, strict decode (real and shared-denominator complex), MLP training steps on one and two threads',
  load: async () => [
    ...(await layerBenchmarks()),
    mlpTrainStepBenchmark([4, 64, 64, 2]),
    mlpTrainStepBenchmark([3, 128, 128, 2]),
    mlpTrainStepBenchmark([3, 128, 128, 2], 2),
  ],
});
