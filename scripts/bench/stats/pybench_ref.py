"""pybench's severity sign-flip test re-implemented from zpbench's stats.md, vectorised numpy.

Reads the inputs written by index.mjs (a JSON list of cases with slots), prints "ready", then
answers each line "<case name>" with one compare() of that case as JSON {verdict, meta_p,
perm_ge}; index.mjs times the requests with the shared harness, interleaved with zpbench's test.
"""

import json
import sys

import numpy as np
from scipy import stats

EPS = 1e-9
CHUNK = 512


def severity(d, t_crit, denom, min_effect):
    """T for each sign pattern: d has shape (B, n, K)."""
    n = d.shape[1]
    mean = d.mean(axis=1)
    sd = d.std(axis=1, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = mean / (sd / np.sqrt(n))
    zero = sd < 1e-12
    t = np.where(zero, np.where(mean < 0, -1e9, np.where(mean > 0, 1e9, 0.0)), t)
    c = np.maximum(0.0, t_crit - t)
    if min_effect is not None:
        c = np.where(mean / denom < -min_effect, c, 0.0)
    return c.sum(axis=1)


def compare(case, rng):
    slots = sorted(case["slots"], key=lambda s: (s["step"], s["metric"]))
    alpha, n_perm = case["alpha"], case["n_perm"]
    sign = np.array([-1.0 if s["metric"].startswith("min:") else 1.0 for s in slots])
    base = np.array([s["baseline"] for s in slots]).T * sign
    cur = np.array([s["current"] for s in slots]).T * sign
    n = base.shape[0]
    if 2**n <= 1 / alpha:
        raise ValueError("alpha guard")
    d = cur - base
    denom = np.maximum(np.abs(base.mean(axis=0)), EPS)
    t_crit = stats.t.ppf(alpha, n - 1)
    t_obs = severity(d[None], t_crit, denom, None)[0]
    if 2**n <= n_perm:
        idx = np.arange(2**n)
        signs = np.where((idx[:, None] >> np.arange(n)) & 1, -1.0, 1.0)
        ge = 0
        for i in range(0, len(signs), CHUNK):
            ge += int((severity(signs[i : i + CHUNK, :, None] * d[None], t_crit, denom, None) >= t_obs).sum())
        meta_p = ge / 2**n
    else:
        signs = rng.choice((-1.0, 1.0), size=(n_perm, n))
        ge = 0
        for i in range(0, n_perm, CHUNK):
            ge += int((severity(signs[i : i + CHUNK, :, None] * d[None], t_crit, denom, None) >= t_obs).sum())
        meta_p = (1 + ge) / (n_perm + 1)
    return {"verdict": "FAIL" if meta_p < alpha else "PASS", "meta_p": meta_p, "perm_ge": ge}


def main():
    cases = {case["name"]: case for case in json.load(open(sys.argv[1]))}
    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps(compare(cases[line.strip()], np.random.default_rng(0))), flush=True)


if __name__ == "__main__":
    main()
