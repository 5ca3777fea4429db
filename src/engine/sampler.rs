//! The Monte Carlo sampler: a target's draws, made block by block.
//!
//! Reproducibility: draws are made in blocks (chunks) of `CHUNK`; chunk k of
//! a target uses its own Xoshiro256++ stream seeded from (seed, target key,
//! k) through SplitMix64. Which thread runs a chunk, and in which order,
//! never changes what it draws; what is kept of the draws are integer counts
//! and sums, so output is byte-identical at any thread count.

use super::dist::{Alias, Dist, Sampler};
use super::flat::Flat;
use crate::summary::Tally;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

/// Draws per random stream.
pub const CHUNK: usize = 1 << 16;

/// How one target's draws are made.
#[derive(Debug, Clone)]
pub enum Draw {
    /// Pick a reading with probability ∝ its share (an alias table over
    /// the readings: constant time however many), then draw from it.
    Pool { pick: Alias, samplers: Vec<Sampler> },
    /// Draw from a tabulated distribution (fusion's posterior).
    Table(Sampler),
    /// Pick a reading and its value in one lookup, then its factor.
    Flat(Flat),
}

impl Draw {
    /// A mixture of readings with weights summing to 1.
    pub fn pool(components: &[(f64, Dist)]) -> Draw {
        let weights: Vec<f64> = components.iter().map(|(w, _)| *w).collect();
        Draw::Pool {
            pick: Alias::new(0, &weights),
            samplers: components.iter().map(|(_, d)| Sampler::new(d)).collect(),
        }
    }

    /// Draws from a mass function on lo..
    pub fn table(lo: u64, p: &[f64]) -> Draw {
        Draw::Table(Sampler::table(lo, p))
    }

    #[inline(always)]
    fn one<R: Rng>(&self, rng: &mut R) -> u64 {
        match self {
            Draw::Pool { pick, samplers } => samplers[pick.draw(rng) as usize].draw(rng),
            Draw::Table(s) => s.draw(rng),
            Draw::Flat(f) => f.draw(rng),
        }
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The random stream of chunk `chunk` of the target with key `key`.
pub fn stream(seed: u64, key: u64, chunk: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(splitmix(splitmix(splitmix(seed) ^ key) ^ chunk))
}

/// A stable key for a target (FNV-1a of "event\u{1f}category"), so a
/// target's draws do not depend on which other targets the case has.
pub fn target_key(event: &str, category: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in event.bytes().chain([0x1f]).chain(category.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Fills `out` with the draws of chunk `k` of the target `key` (the first
/// `out.len()` of them; a chunk holds `CHUNK`).
#[inline]
pub fn fill_chunk(draw: &Draw, key: u64, seed: u64, k: usize, out: &mut [u32]) {
    fill(draw, &mut stream(seed, key, k as u64), out);
}

/// Fills `out` with the next draws of a stream (a chunk may be drawn in
/// pieces, the stream carried from one to the next: the same draws).
#[inline]
pub fn fill(draw: &Draw, rng: &mut Xoshiro256PlusPlus, out: &mut [u32]) {
    if let Draw::Table(s) = draw
        && let Some(a) = s.as_alias()
    {
        // the common case with many draws (a tabulated pool, fusion): one
        // lookup per draw, without dispatch in the loop
        for x in out.iter_mut() {
            *x = a.draw(rng) as u32;
        }
        return;
    }
    if let Draw::Flat(f) = draw {
        // the default path of a pool: the loop without dispatch either way
        if f.is_revised() {
            for x in out.iter_mut() {
                *x = f.draw(rng) as u32;
            }
        } else {
            for x in out.iter_mut() {
                *x = f.draw_read(rng) as u32;
            }
        }
        return;
    }
    for x in out.iter_mut() {
        *x = draw.one(rng) as u32;
    }
}

fn add(mut a: Vec<u64>, b: Vec<u64>) -> Vec<u64> {
    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
    a
}

/// `samples` draws of one target over lo..=hi, in parallel by chunks,
/// counted into a tally (at most `max_bins` bins) as they are made: one
/// chunk's worth of draws is held per task, never more.
pub fn tally_draws(
    draw: &Draw,
    (lo, hi): (u64, u64),
    key: u64,
    samples: usize,
    seed: u64,
    max_bins: u64,
) -> Tally {
    assert!(hi < u32::MAX as u64, "draws are made as u32");
    let chunks = samples.div_ceil(CHUNK);
    (0..chunks)
        .into_par_iter()
        .fold(
            || (Tally::new(lo, hi, max_bins), vec![0u32; CHUNK]),
            |(mut t, mut buf), k| {
                let len = CHUNK.min(samples - k * CHUNK);
                fill_chunk(draw, key, seed, k, &mut buf[..len]);
                t.add_all(&buf[..len]);
                (t, buf)
            },
        )
        .map(|(t, _)| t)
        .reduce(
            || Tally::new(lo, hi, max_bins),
            |mut a, b| {
                a.merge(&b);
                a
            },
        )
}

/// `samples` draws of one target as u32, all held (the same draws the
/// engine streams), for tests.
pub fn draw_values(draw: &Draw, key: u64, samples: usize, seed: u64) -> Vec<u32> {
    let mut out = vec![0u32; samples];
    out.par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(k, chunk)| fill_chunk(draw, key, seed, k, chunk));
    out
}

/// `samples` draws of one target (the same draws the engine streams).
pub fn draws(draw: &Draw, key: u64, samples: usize, seed: u64) -> Vec<u64> {
    draw_values(draw, key, samples, seed)
        .into_iter()
        .map(u64::from)
        .collect()
}

/// Histogram of draws over lo..=hi (every draw must lie there).
pub fn histogram(draws: &[u64], lo: u64, hi: u64) -> Vec<u64> {
    let n = (hi - lo + 1) as usize;
    draws
        .par_chunks(CHUNK)
        .fold(
            || vec![0u64; n],
            |mut h, c| {
                for &d in c {
                    h[(d - lo) as usize] += 1;
                }
                h
            },
        )
        .reduce(|| vec![0u64; n], add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_picks_components_by_share() {
        let d = Draw::pool(&[(0.25, Dist::Point(1)), (0.75, Dist::Point(2))]);
        let x = draws(&d, 7, 400_000, 1);
        let ones = x.iter().filter(|&&v| v == 1).count() as f64 / x.len() as f64;
        assert!((ones - 0.25).abs() < 0.003, "{ones}");
    }

    #[test]
    fn same_seed_same_draws_any_thread_count() {
        let d = Draw::pool(&[
            (0.5, Dist::Uniform { lo: 0, hi: 1000 }),
            (0.5, Dist::Point(5)),
        ]);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let a = one.install(|| draws(&d, 3, 300_000, 42));
        let b = two.install(|| draws(&d, 3, 300_000, 42));
        assert_eq!(a, b);
        let c = two.install(|| draws(&d, 3, 300_000, 43));
        assert_ne!(a, c);
    }

    #[test]
    fn streamed_tally_counts_the_plain_draws() {
        let d = Draw::pool(&[
            (0.3, Dist::Uniform { lo: 5, hi: 900 }),
            (0.7, Dist::Point(50)),
        ]);
        let plain = draws(&d, 9, 200_001, 4);
        let want = histogram(&plain, 5, 900);
        let t = tally_draws(&d, (5, 900), 9, 200_001, 4, 1 << 20);
        assert_eq!(t.histogram(), Some((5, want.as_slice())));
    }

    #[test]
    fn histogram_counts_every_draw() {
        let h = histogram(&[3, 4, 4, 6], 3, 6);
        assert_eq!(h, vec![1, 2, 0, 1]);
    }
}
