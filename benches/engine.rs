//! Engine throughput: draws per second for one target, histogram included.
//!
//! `cargo bench --bench engine`; ns per draw = reported time / draws.
//! The 3-claim pool target is Bamba's shape: two open tails and a closed
//! range; the fusion target draws from the posterior table.

use tollrange::case::Shape;
use tollrange::claim::{Interval, Reading, Target, Voice};
use tollrange::engine::dist::Tail;
use tollrange::engine::sampler::{run_draws, target_key};
use tollrange::engine::{Method, Model};

const DRAWS: usize = 10_000_000;

fn main() {
    divan::main();
}

fn three_claims() -> Target {
    let r = |low, high| Reading {
        interval: Interval { low, high },
        shape: Shape::Uniform,
        mode: None,
        stance: None,
        stated: None,
        claims: vec![0],
    };
    let v = |s: &str, t, r| Voice {
        source: s.into(),
        kind: tollrange::case::SourceKind::Local,
        trust: t,
        readings: vec![r],
    };
    Target {
        event: "bench".into(),
        category: "killed".into(),
        voices: vec![
            v("official", 0.6, r(64, None)),
            v("local", 0.7, r(101, None)),
            v("wire", 0.4, r(20, Some(99))),
        ],
    }
}

fn bench_method(bencher: divan::Bencher, method: Method, threads: usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let model = Model::of(
        &three_claims(),
        Tail::default(),
        &tollrange::revision::RevisionModel::literal(),
    )
    .unwrap();
    let (draw, lo, hi) = model.draw_for(method, DRAWS).unwrap();
    let key = target_key("bench", "killed");
    bencher
        .counter(divan::counter::ItemsCount::new(DRAWS))
        .bench_local(|| pool.install(|| run_draws(&draw, lo, hi, key, DRAWS, 1, false)));
}

#[divan::bench(args = [1, 2], sample_count = 10)]
fn pool_3_claims(bencher: divan::Bencher, threads: usize) {
    bench_method(bencher, Method::Pool, threads);
}

#[divan::bench(args = [1, 2], sample_count = 10)]
fn fusion_3_claims(bencher: divan::Bencher, threads: usize) {
    bench_method(bencher, Method::Fusion, threads);
}
