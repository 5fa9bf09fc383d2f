"""numpy float64 reference for scripts/bench/nn: the same MLP training steps as @zpbench/perf's
createMlpTrainStep (ReLU hidden layers, MSE loss, Adam, batch 256, no dX for the first layer).

Serves requests on stdin so that the Node bench times it with its own harness, interleaved with
the Node rows: prints "ready <numpy version>", then answers each line "<name> <steps>" (name
mlp_4_64_64_2 or mlp_3_128_128_2) by running that many steps and printing "ok". BLAS threads are
numpy's default unless OPENBLAS_NUM_THREADS / OMP_NUM_THREADS say otherwise.
"""
import sys

import numpy as np

BATCH = 256
N_SAMPLES = 4096


def make_step(sizes):
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (N_SAMPLES, sizes[0]))
    y = np.stack([np.sin(x[:, 0] * (j + 1)) for j in range(sizes[-1])], axis=1)
    ws, bs = [], []
    for i in range(len(sizes) - 1):
        ws.append(rng.normal(0, np.sqrt(2 / sizes[i]), (sizes[i], sizes[i + 1])))
        bs.append(np.zeros(sizes[i + 1]))
    params = ws + bs
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    order = rng.permutation(N_SAMPLES)
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
    t = [0]

    def step(s):
        k = s % (N_SAMPLES // BATCH)
        idx = order[k * BATCH:(k + 1) * BATCH]
        xb, yb = x[idx], y[idx]
        hs, pre = [xb], []
        h = xb
        for i, (w, b) in enumerate(zip(ws, bs)):
            z = h @ w + b
            pre.append(z)
            h = np.maximum(z, 0) if i < len(ws) - 1 else z
            hs.append(h)
        g = 2 * (h - yb) / h.size
        gw, gb = [None] * len(ws), [None] * len(ws)
        for i in range(len(ws) - 1, -1, -1):
            gw[i] = hs[i].T @ g
            gb[i] = g.sum(axis=0)
            if i > 0:
                g = (g @ ws[i].T) * (pre[i - 1] > 0)
        grads = gw + gb
        t[0] += 1
        bc1 = 1 - b1 ** t[0]
        bc2 = np.sqrt(1 - b2 ** t[0])
        for p, gr, mi, vi in zip(params, grads, m, v):
            mi *= b1
            mi += (1 - b1) * gr
            vi *= b2
            vi += (1 - b2) * gr * gr
            p -= (lr / bc1) * mi / (np.sqrt(vi) / bc2 + eps)

    return step


STEPS = {"mlp_4_64_64_2": make_step([4, 64, 64, 2]), "mlp_3_128_128_2": make_step([3, 128, 128, 2])}
calls = {name: 0 for name in STEPS}
print(f"ready {np.__version__}", flush=True)
for line in sys.stdin:
    name, steps = line.split()
    step = STEPS[name]
    for _ in range(int(steps)):
        step(calls[name])
        calls[name] += 1
    print("ok", flush=True)
