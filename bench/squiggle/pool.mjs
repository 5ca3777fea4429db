// The peer model (bench/case-peer) in Squiggle, for tollrange's speed
// comparison: the same model as bench/numpy_pool.py, written as Squiggle code
// (sample sets, mx, SampleSet arithmetic) and run through the JS API of
// @quri/squiggle-lang with sampleCount = N.
//
//   per target a mixture (mx) of its claims, weighted by the source's trust;
//   closed reading [low, high]: floor(uniform(low, high + 1)), an integer
//     uniform on low..=high, times the voice's revision factor
//     F ~ LogNormal(mu, sigma) (mu, sigma: data/revision.csv, reading=closed,
//     model=lognormal, as numpy_pool.py reads them) truncated at mu +- 6 sigma,
//     rounded;
//   open reading "au moins a": the power-law tail t^-2.4 on a..=10a, drawn
//     here as a *continuous* truncated Pareto (density t^-2.4) on
//     [a - 1/2, 10a + 1/2] by its inverse CDF and rounded, which puts on each
//     integer k the mass of [k - 1/2, k + 1/2] (the discrete t^-2.4 of numpy
//     and tollrange to within the midpoint rule); not revised;
//   the roll-up: the two targets' sample sets added sample by sample (`+` of
//     two sample sets in Squiggle).
//
// Differences from numpy_pool.py that are below sampling error: the tail
// above; Squiggle's truncate() of a sample set drops the samples outside and
// resamples the rest (with replacement) back to N, where numpy redraws the
// outside ones (about 2e-9 of the draws are outside 6 sigma: at N = 1e7 a
// cut happens in about 1 run of 50).
//
// The quantiles are computed here in JS from Squiggle's samples (one typed
// array sort per distribution, smallest k with P(X <= k) >= p, as numpy's
// method="inverted_cdf"), not with Squiggle's quantile(), which copies and
// sorts the samples on every call and interpolates: the JS path is cheaper,
// so the timing favours Squiggle.
//
// usage: node pool.mjs SAMPLES SEED
//        -> prints p05,p25,p50,p75,p95,mean per target and for the sum
// At 1e7 draws the run peaks at about 2.7 GB resident (plain JS arrays of
// doubles, one per intermediate sample set) and fits node's default heap
// limit on a 24 GB machine (4 GB); on a smaller machine raise it:
// node --max-old-space-size=8192 pool.mjs 1e7 0
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run, defaultEnvironment } from "@quri/squiggle-lang";

const here = dirname(fileURLToPath(import.meta.url));

// The closed readings' (mu, sigma) per voice, from data/revision.csv.
function perVoice() {
  const text = readFileSync(join(here, "..", "..", "data", "revision.csv"), "utf8");
  const [head, ...rows] = text.trim().split(/\r?\n/);
  const cols = head.split(",");
  const at = (name) => cols.indexOf(name);
  const out = {};
  for (const row of rows) {
    const f = row.split(","); // the fields used come before any quoted note
    if (f[at("reading")] === "closed" && f[at("model")] === "lognormal") {
      out[f[at("voice")]] = [Number(f[at("mu")]), Number(f[at("sigma")])];
    }
  }
  return out;
}

const n = Math.trunc(Number(process.argv[2] ?? "1e6"));
const seed = String(process.argv[3] ?? "0");
const rev = perVoice();
const f = (voice) => `${rev[voice][0]}, ${rev[voice][1]}`;

const code = `
span = 6
alpha = 1.4 // the tail t^-2.4 is a Pareto of index 1.4

// (uniform, lognormal: sample sets of sampleCount draws in Squiggle 0.10)
factor(mu, sigma) = truncate(lognormal(mu, sigma), exp(mu - span * sigma), exp(mu + span * sigma))

closed(low, high, mu, sigma) = {
  x = SampleSet.map(uniform(low, high + 1), floor)
  SampleSet.map(x * factor(mu, sigma), round)
}

open(a) = {
  lo = (a - 0.5) ^ -alpha
  hi = (10 * a + 0.5) ^ -alpha
  u = uniform(0, 1)
  SampleSet.map((lo - u * (lo - hi)) ^ (-1 / alpha), round)
}

camp = mx([open(64), open(101)], [0.6, 0.7])
town = mx([closed(20, 99, ${f("belligerent")}), closed(20, 99, ${f("wire")}), closed(56, 56, ${f("official")})], [0.3, 0.4, 0.5])
total = camp + town
`;

const out = await run(code, { environment: { ...defaultEnvironment, sampleCount: n, seed } });
const bindings = out.getBindings();
if (!bindings.ok) {
  console.error(bindings.value.toString());
  process.exit(1);
}

function line(name, key) {
  const samples = bindings.value.get(key).value.getSamples();
  if (samples.length !== n) throw new Error(`${name}: ${samples.length} samples, not ${n}`);
  const xs = Float64Array.from(samples).sort();
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i];
  const q = [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => xs[Math.max(0, Math.ceil(p * xs.length) - 1)]);
  console.log(`${name},${q.join(",")},${(total / xs.length).toFixed(2)}`);
}
for (const [name, key] of [["camp", "camp"], ["town", "town"], ["sum", "total"]]) line(name, key);
