"""A vectorised numpy implementation of tollrange's pool model, for speed
comparison: for each target pick a claim by trust, draw within its interval
(uniform on the integers for a closed reading, the power-law tail t^-2.4 on
a..=10a for an open one), multiply a closed reading's draw by its voice's
revision factor F ~ LogNormal(mu, sigma) truncated at 6 sigma and round
(tollrange's default: the per-voice factors of data/revision.csv; `none`
reads claims literally, MU,SIGMA puts one factor on every closed reading),
sum the two targets draw by draw (the roll-up), then exact quantiles
(smallest k with P(T <= k) >= p).

The model is bench/case-peer: two targets, five claims.

usage: python3 numpy_pool.py SAMPLES SEED [default|MU,SIGMA|none]
       -> prints p05,p25,p50,p75,p95,mean per target and for the sum
"""
import sys
import numpy as np

# per target: (low, high or None, trust, voice: the source's kind)
TARGETS = {
    "camp": [(64, None, 0.6, "official"), (101, None, 0.7, "local")],
    "town": [(20, 99, 0.3, "belligerent"), (20, 99, 0.4, "wire"), (56, 56, 0.5, "official")],
}


def per_voice():
    """The closed readings' (mu, sigma) per voice, from data/revision.csv."""
    import csv
    import os

    path = os.path.join(os.path.dirname(__file__), "..", "data", "revision.csv")
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["reading"] == "closed" and r["model"] == "lognormal":
                out[r["voice"]] = (float(r["mu"]), float(r["sigma"]))
    return out
ALPHA, CAP, SPAN = 2.4, 10, 6.0


def factor(rng, size, mu, sigma):
    z = rng.standard_normal(size)
    bad = np.abs(z) > SPAN
    while bad.any():  # truncation: redraw the (about 2e-9) beyond 6 sigma
        z[bad] = rng.standard_normal(bad.sum())
        bad = np.abs(z) > SPAN
    return np.exp(mu + sigma * z)


def target(rng, claims, n, revision):
    w = np.array([c[2] for c in claims])
    pick = rng.choice(len(claims), size=n, p=w / w.sum())
    out = np.empty(n, dtype=np.int64)
    for i, (lo, hi, _, voice) in enumerate(claims):
        idx = np.nonzero(pick == i)[0]
        if hi is not None:
            x = rng.integers(lo, hi + 1, size=idx.size)
            f = revision.get(voice) if isinstance(revision, dict) else revision
            if f is not None:
                x = np.rint(x * factor(rng, idx.size, *f)).astype(np.int64)
            out[idx] = x
        else:
            t = np.arange(lo, CAP * lo + 1)
            cdf = np.cumsum(t.astype(float) ** -ALPHA)
            cdf /= cdf[-1]
            out[idx] = t[np.searchsorted(cdf, rng.random(idx.size), side="right").clip(0, t.size - 1)]
    return out


def line(name, x):
    q = np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95], method="inverted_cdf")
    print(name + "," + ",".join(str(int(v)) for v in q) + f",{x.mean():.2f}")


def main():
    n, seed = int(float(sys.argv[1])), int(sys.argv[2])
    rev = sys.argv[3] if len(sys.argv) > 3 else "default"
    if rev == "default":
        revision = per_voice()
    elif rev == "none":
        revision = None
    else:
        revision = tuple(float(v) for v in rev.split(","))
    rng = np.random.default_rng(seed)
    total = np.zeros(n, dtype=np.int64)
    for name, claims in TARGETS.items():
        x = target(rng, claims, n, revision)
        line(name, x)
        total += x
        del x
    line("sum", total)


if __name__ == "__main__":
    main()
