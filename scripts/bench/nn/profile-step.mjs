// Runs the bench's MLP training step in a loop for a CPU profile, timed by the shared harness.
// Usage: node --cpu-prof --cpu-prof-dir=/tmp/nn-prof scripts/bench/nn/profile-step.mjs [4,64,64,2] [steps] [threads]
// then summarise with: node scripts/bench/nn/profile-summary.mjs /tmp/nn-prof/*.cpuprofile
import * as nn from '@zpbench/nn';
import { createMlpTrainStep, defineBenchmark, measureBenchmark, STEP_BATCH } from '@zpbench/perf';

const sizes = (process.argv[2] ?? '4,64,64,2').split(',').map(Number);
const steps = Number(process.argv[3] ?? 20000);
const threads = Number(process.argv[4] ?? 1);
nn.setThreadCount(threads);
await nn.prepareThreads(threads);
const { step, params } = createMlpTrainStep(sizes);
const result = await measureBenchmark(
  defineBenchmark({
    name: 'profile.train_step',
    group: 'profile',
    description: `${steps} training steps of ${sizes.join('→')}`,
    items: STEP_BATCH,
    itemUnit: 'samples',
    iterations: 1,
    warmup: 0,
    batch: steps,
    run: (_, call) => step(call),
  }),
);
let checksum = 0;
for (const p of params) for (const v of p.value) checksum += v;
process.stdout.write(
  `${sizes.join('→')}: ${result.latency_ms.p50.toFixed(4)} ms/step, ${Math.round(result.throughput.value)} samples/s on ${threads} thread(s), checksum ${checksum}\n`,
);
process.exit(0);
