// Runs the bench's training step of one MLP in a loop for a CPU profile.
// Usage: node --cpu-prof --cpu-prof-dir=/tmp/nn-prof scripts/bench/nn/profile-step.mjs [4,64,64,2] [steps]
// then summarise with: node scripts/bench/nn/profile-summary.mjs /tmp/nn-prof/*.cpuprofile
import { BATCH, createMlpStep } from './mlp-step.mjs';

const sizes = (process.argv[2] ?? '4,64,64,2').split(',').map(Number);
const steps = Number(process.argv[3] ?? 20000);
const { step, params } = createMlpStep(sizes);
const t0 = performance.now();
for (let s = 0; s < steps; s++) step(s);
const ms = (performance.now() - t0) / steps;
let checksum = 0;
for (const p of params) for (const v of p.value) checksum += v;
process.stdout.write(
  `${sizes.join('→')}: ${ms.toFixed(4)} ms/step, ${Math.round((BATCH / ms) * 1000)} samples/s, checksum ${checksum}\n`,
);
