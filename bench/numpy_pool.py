"""A vectorised numpy implementation of tollrange's pool model, for speed
comparison: pick a claim by trust, draw within its interval (uniform on the
integers for a closed reading, the power-law tail t^-2.4 on a..=10a for an
open one), then exact quantiles (smallest k with P(T <= k) >= p).

usage: python3 numpy_pool.py SAMPLES SEED  -> prints p05,p25,p50,p75,p95,mean
"""
import sys
import numpy as np

# the bench case: (low, high or None, trust)
CLAIMS = [(64, None, 0.6), (101, None, 0.7), (20, 99, 0.4)]
ALPHA, CAP = 2.4, 10


def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(seed)
    w = np.array([c[2] for c in CLAIMS])
    pick = rng.choice(len(CLAIMS), size=n, p=w / w.sum())
    out = np.empty(n, dtype=np.int64)
    for i, (lo, hi, _) in enumerate(CLAIMS):
        idx = np.nonzero(pick == i)[0]
        if hi is not None:
            out[idx] = rng.integers(lo, hi + 1, size=idx.size)
        else:
            t = np.arange(lo, CAP * lo + 1)
            cdf = np.cumsum(t.astype(float) ** -ALPHA)
            cdf /= cdf[-1]
            out[idx] = t[np.searchsorted(cdf, rng.random(idx.size), side="right").clip(0, t.size - 1)]
    q = np.quantile(out, [0.05, 0.25, 0.5, 0.75, 0.95], method="inverted_cdf")
    print(",".join(str(int(x)) for x in q) + f",{out.mean():.2f}")


if __name__ == "__main__":
    main()
