import { Worker } from 'node:worker_threads';

/**
 * Helper threads for the kernels of gemm-wasm.ts: each runs its own instance of gemm.wat on the
 * shared memory and takes one job at a time through a small shared control block. The calling
 * thread posts a job, does its own share of the work, then finishes the job: if the helper has
 * not claimed it yet (asleep, or descheduled on a busy machine) the caller claims and runs it
 * itself, so a slow helper never costs more than doing the work alone; otherwise it waits for
 * the helper's result. The helper spins for its next job before sleeping (HELPER_SPIN_MS), because
 * a training step posts jobs up to a millisecond apart and a sleeping thread is slow to wake.
 */

/** Job kinds (the helper source below switches on the same numbers). */
export const OP = { gemm: 1, relu: 2, reluBackward: 3, tanh: 4, adam: 5 } as const;

// Control block layout (Int32 indices).
const SEQ = 0;
const DONE = 1;
const HELPER_SLEEPING = 2;
const CALLER_SLEEPING = 3;
const READY = 4;
const FAILED = 5;
const OPCODE = 6;
/** The sequence number of the last job claimed, by the helper or by the caller. */
const CLAIM = 7;
const ARGS = 8;
const ARG_COUNT = 32;
/** Float64 index of a job's f64 arguments (after the i32 ones) and how many there are. */
const FLOATS = (ARGS + ARG_COUNT) / 2;
const FLOAT_COUNT = 16;

/**
 * How long a helper spins for its next job before sleeping, in ms: longer than the gaps between
 * the jobs of one training step (the layers and passes that run on the caller alone, up to about
 * 1 ms on a 3→128→128→2 step), so the helper sleeps between steps' bursts only when training
 * pauses. A sleeping helper is slow to wake on a virtual machine (the 2-core dev container: a
 * job's round trip is 1–2 µs to a spinning helper, 100–400 µs to one whose vCPU has idled for a
 * millisecond or more), and after a long idle (≥ 20 ms) the scheduler often wakes it onto the
 * caller's own core, where every hand-off then waits for a time slice (~0.3 ms) for several ms.
 */
const HELPER_SPIN_MS = 2;
/** How long the caller spins for a claimed job's result before sleeping, in ms. */
const CALLER_SPIN_MS = 1;

const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl } = workerData;
const c = new Int32Array(ctrl);
const f = new Float64Array(ctrl);
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
let heap = new Float64Array(memory.buffer);
const A = ${ARGS};
function run(op) {
  switch (op) {
    case ${OP.gemm}:
      ex.gemm(c[A], c[A + 1], c[A + 2], c[A + 3], c[A + 4], c[A + 5], c[A + 6], c[A + 7], c[A + 8],
        c[A + 9], c[A + 10], c[A + 11], c[A + 12], c[A + 13], c[A + 14], c[A + 15], c[A + 16],
        c[A + 17], c[A + 18]);
      if (c[A + 19] !== 0) ex.colsum(c[A + 20], c[A + 21], c[A + 22], c[A + 23], c[A + 24], c[A + 25]);
      // The epilogue on the rows this job computed (an element-wise op code, then its arguments).
      if (c[A + 26] === ${OP.relu}) ex.relu(c[A + 27], c[A + 28], c[A + 29]);
      else if (c[A + 26] === ${OP.reluBackward}) ex.relu_backward(c[A + 27], c[A + 28], c[A + 29], c[A + 30]);
      break;
    case ${OP.relu}:
      ex.relu(c[A], c[A + 1], c[A + 2]);
      break;
    case ${OP.reluBackward}:
      ex.relu_backward(c[A], c[A + 1], c[A + 2], c[A + 3]);
      break;
    case ${OP.adam}:
      ex.adam(c[A], c[A + 1], c[A + 2], c[A + 3], c[A + 4], f[${FLOATS}], f[${FLOATS} + 1],
        f[${FLOATS} + 2], f[${FLOATS} + 3], f[${FLOATS} + 4], f[${FLOATS} + 5],
        f[${FLOATS} + 6], f[${FLOATS} + 7], f[${FLOATS} + 8]);
      break;
    case ${OP.tanh}: {
      const start = c[A];
      const end = start + c[A + 1];
      if (end > heap.length) heap = new Float64Array(memory.buffer);
      for (let i = start; i < end; i++) heap[i] = Math.tanh(heap[i]);
      break;
    }
  }
}
Atomics.store(c, ${READY}, 1);
let seen = 0;
for (;;) {
  let seq = Atomics.load(c, ${SEQ});
  let t0 = performance.now();
  let spins = 0;
  while (seq === seen) {
    if ((++spins & 255) === 0 && performance.now() - t0 > ${HELPER_SPIN_MS}) {
      Atomics.store(c, ${HELPER_SLEEPING}, 1);
      if (Atomics.load(c, ${SEQ}) === seen) Atomics.wait(c, ${SEQ}, seen);
      Atomics.store(c, ${HELPER_SLEEPING}, 0);
      t0 = performance.now();
    }
    seq = Atomics.load(c, ${SEQ});
  }
  seen = seq;
  // The caller may have taken the job back already; then there is nothing to do.
  if (Atomics.compareExchange(c, ${CLAIM}, (seq - 1) | 0, seq) !== ((seq - 1) | 0)) continue;
  try {
    run(c[${OPCODE}]);
  } catch {
    Atomics.store(c, ${FAILED}, 1);
  }
  Atomics.store(c, ${DONE}, seq);
  if (Atomics.load(c, ${CALLER_SLEEPING}) !== 0) Atomics.notify(c, ${DONE});
}
`;

/** Jobs posted to helpers, and how many of them the caller took back (for tests and benches). */
export const JOB_COUNTS = { posted: 0, ranHere: 0 };

/** One helper thread and its control block. */
export interface Helper {
  readonly ctrl: Int32Array;
  /** The f64 arguments of the helper's job (the same shared block). */
  readonly floats: Float64Array;
  seq: number;
  /** Whether the helper was asleep when its last job was posted (it needs 10–50 µs to wake). */
  wasAsleep: boolean;
}

/** The helpers of this thread, started on demand; `available(n)` says how many are ready. */
export class HelperPool {
  private readonly helpers: Helper[] = [];
  private readonly workers: Worker[] = [];

  constructor(
    private readonly module: object,
    private readonly memory: object,
  ) {}

  /**
   * How many helpers are ready to take a job, up to `wanted`; starts the missing ones (they
   * become ready a few tens of milliseconds later, the caller computes alone meanwhile).
   */
  available(wanted: number): number {
    while (this.helpers.length < wanted) this.start();
    let ready = 0;
    while (ready < wanted && Atomics.load((this.helpers[ready] as Helper).ctrl, READY) === 1)
      ready++;
    return ready;
  }

  /**
   * Wakes the first `count` helpers that are asleep, without a job: they spin for their next one
   * again (HELPER_SPIN_MS). A training step calls this at its first kernel call that may use
   * threads, so a helper that slept through a pause is awake by the step's first split product
   * instead of costing that product its wake-up (100–400 µs on a virtual machine).
   */
  wake(count: number): void {
    for (let i = 0; i < count && i < this.helpers.length; i++) {
      const c = (this.helpers[i] as Helper).ctrl;
      if (Atomics.load(c, HELPER_SLEEPING) !== 0) Atomics.notify(c, SEQ);
    }
  }

  /** The `i`-th helper (must be ready). */
  helper(i: number): Helper {
    return this.helpers[i] as Helper;
  }

  private start(): void {
    const block = new SharedArrayBuffer((FLOATS + FLOAT_COUNT) * 8);
    const ctrl = new Int32Array(block);
    const worker = new Worker(HELPER_SOURCE, {
      eval: true,
      workerData: { module: this.module, memory: this.memory, ctrl: ctrl.buffer },
    });
    // Helpers never keep a process (or a seed worker) alive; they sleep when idle.
    worker.unref();
    this.workers.push(worker);
    this.helpers.push({
      ctrl,
      floats: new Float64Array(block, FLOATS * 8, FLOAT_COUNT),
      seq: 0,
      wasAsleep: false,
    });
  }
}

/**
 * Posts a job (`args` are i32, `floats` f64) to a ready helper, which starts on it as soon as it
 * sees it.
 */
export function postJob(
  helper: Helper,
  op: number,
  args: readonly number[],
  floats: readonly number[] = [],
): void {
  const c = helper.ctrl;
  for (let i = 0; i < args.length; i++) c[ARGS + i] = args[i] as number;
  helper.floats.set(floats);
  c[OPCODE] = op;
  helper.seq = (helper.seq + 1) | 0;
  JOB_COUNTS.posted++;
  Atomics.store(c, SEQ, helper.seq);
  helper.wasAsleep = Atomics.load(c, HELPER_SLEEPING) !== 0;
  if (helper.wasAsleep) Atomics.notify(c, SEQ);
}

/**
 * Finishes the helper's last job: runs it here with `runHere(op, args)` when the helper has not
 * claimed it yet, else waits for the helper's result. Returns the milliseconds spent waiting,
 * or infinity when the job ran here although the helper was awake (so it is not getting a core;
 * a helper that was asleep is simply still waking). Throws if the helper's run failed.
 */
export function finishJob(
  helper: Helper,
  runHere: (op: number, args: Int32Array, floats: Float64Array) => void,
): number {
  const c = helper.ctrl;
  const seq = helper.seq;
  if (Atomics.compareExchange(c, CLAIM, (seq - 1) | 0, seq) === ((seq - 1) | 0)) {
    JOB_COUNTS.ranHere++;
    runHere(c[OPCODE] as number, c.subarray(ARGS), helper.floats);
    return helper.wasAsleep ? 0 : Number.POSITIVE_INFINITY;
  }
  let waited = 0;
  if (Atomics.load(c, DONE) !== seq) {
    const t0 = performance.now();
    let spins = 0;
    while (Atomics.load(c, DONE) !== seq) {
      if ((++spins & 255) === 0 && performance.now() - t0 > CALLER_SPIN_MS) {
        Atomics.store(c, CALLER_SLEEPING, 1);
        const done = Atomics.load(c, DONE);
        if (done !== seq) Atomics.wait(c, DONE, done, 50);
        Atomics.store(c, CALLER_SLEEPING, 0);
      }
    }
    waited = performance.now() - t0;
  }
  if (Atomics.load(c, FAILED) !== 0) {
    Atomics.store(c, FAILED, 0);
    throw new RangeError('a helper thread of @zpbench/nn failed its job');
  }
  return waited;
}
