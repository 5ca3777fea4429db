//! Engine throughput, then the whole-process comparison against numpy.
//!
//! `cargo bench --bench engine` prints, in one run:
//! - ns per draw of the engine (divan; time / 10^7 draws), for both
//!   targets of the peer model (`bench/case-peer`), read literally
//!   (`--revision none`) and with the default revision factor (as the
//!   engine draws 10^7, and from the flat table it uses for fewer draws),
//!   one and two threads, the draws counted into a tally as the engine does;
//! - the whole process on the peer model at 10^7 draws per target, default
//!   settings, tollrange against `bench/numpy_pool.py` (the same model,
//!   vectorised), alternating runs, medians and the ratio;
//! - tollrange's peak memory at 10^6, 10^7, 3·10^7 and 10^8 draws.
//!
//! Set `TOLLRANGE_BENCH_RUNS` (default 5) for more alternating runs.

use std::process::{Command, Stdio};
use std::time::Instant;
use tollrange::case::Shape;
use tollrange::claim::{Interval, Reading, Target, Voice};
use tollrange::engine::dist::Tail;
use tollrange::engine::revision::RevisionModel;
use tollrange::engine::sampler::{tally_draws, target_key};
use tollrange::engine::{Method, Model};
use tollrange::summary::MAX_BINS;

const DRAWS: usize = 10_000_000;

fn main() {
    divan::main();
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    whole_process();
}

fn reading(low: u64, high: Option<u64>) -> Reading {
    Reading {
        interval: Interval { low, high },
        shape: Shape::Uniform,
        mode: None,
        stance: None,
        stated: None,
        claims: vec![0].into(),
    }
}

fn voice(s: &str, trust: f64, r: Reading) -> Voice {
    use tollrange::case::SourceKind::*;
    // the kinds of bench/case-peer/sources.csv
    let kind = match s {
        "official" | "army" => Official,
        "local" => Local,
        "rebels" => Belligerent,
        _ => Wire,
    };
    Voice {
        source: s.into(),
        kind,
        trust,
        readings: vec![r].into(),
    }
}

/// The peer model's targets (bench/case-peer): two open floors; dozens
/// from two sources and a point figure.
fn peer(which: &str) -> Target {
    let voices = match which {
        "camp" => vec![
            voice("official", 0.6, reading(64, None)),
            voice("local", 0.7, reading(101, None)),
        ],
        _ => vec![
            voice("rebels", 0.3, reading(20, Some(99))),
            voice("press", 0.4, reading(20, Some(99))),
            voice("army", 0.5, reading(56, Some(56))),
        ],
    };
    Target {
        event: which.into(),
        category: "killed".into(),
        voices,
    }
}

fn bench_target(bencher: divan::Bencher, which: &str, revision: RevisionModel, threads: usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let model = Model::of(&peer(which), Tail::default(), &revision).unwrap();
    let (draw, lo, hi) = model.draw_for(Method::Pool, DRAWS).unwrap();
    let key = target_key(which, "killed");
    bencher
        .counter(divan::counter::ItemsCount::new(DRAWS))
        .bench_local(|| pool.install(|| tally_draws(&draw, (lo, hi), key, DRAWS, 1, MAX_BINS)));
}

/// The default: the shipped per-voice revision (data/revision.csv).
fn default_revision() -> RevisionModel {
    RevisionModel::builtin()
}

/// The closed readings: literal, and revised (the default).
#[divan::bench(args = [1, 2], sample_count = 10)]
fn town_literal(bencher: divan::Bencher, threads: usize) {
    bench_target(bencher, "town", RevisionModel::literal(), threads);
}

#[divan::bench(args = [1, 2], sample_count = 10)]
fn town_default(bencher: divan::Bencher, threads: usize) {
    bench_target(bencher, "town", default_revision(), threads);
}

/// The closed readings drawn from their flat table (reading and value in
/// one lookup, then the voice's factor): the default path of targets with
/// fewer draws than tabulating their revised mass function would cost
/// (the scale runs: 10^4 draws per target).
#[divan::bench(args = [1, 2], sample_count = 10)]
fn town_flat(bencher: divan::Bencher, threads: usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let model = Model::of(&peer("town"), Tail::default(), &default_revision()).unwrap();
    let (draw, lo, hi) = model.draw_flat().unwrap();
    let key = target_key("town", "killed");
    bencher
        .counter(divan::counter::ItemsCount::new(DRAWS))
        .bench_local(|| pool.install(|| tally_draws(&draw, (lo, hi), key, DRAWS, 1, MAX_BINS)));
}

/// The open floors (a tail: the revision leaves them as read).
#[divan::bench(args = [1, 2], sample_count = 10)]
fn camp(bencher: divan::Bencher, threads: usize) {
    bench_target(bencher, "camp", default_revision(), threads);
}

/// Wall seconds and peak memory (MiB) of one finished child process.
#[allow(clippy::zombie_processes)] // reaped by `peak_rss` (wait4)
fn timed(cmd: &mut Command) -> (f64, f64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the command");
    let rss = peak_rss(child);
    (start.elapsed().as_secs_f64(), rss)
}

/// Waits for the child and returns its own peak resident memory, in MiB.
#[cfg(unix)]
fn peak_rss(child: std::process::Child) -> f64 {
    let mut status = 0;
    // SAFETY: rusage is plain data, filled by wait4 for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

#[cfg(not(unix))]
fn peak_rss(mut child: std::process::Child) -> f64 {
    let _ = child.wait();
    f64::NAN
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn tollrange(samples: &str, out: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tollrange"));
    c.args([
        "run",
        "bench/case-peer",
        "--samples",
        samples,
        "--no-plots",
        "--out",
    ])
    .arg(out);
    c
}

fn whole_process() {
    let runs: usize = std::env::var("TOLLRANGE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let numpy = Command::new("python3")
        .args(["-c", "import numpy"])
        .status()
        .is_ok_and(|s| s.success());
    println!(
        "\nwhole process, peer model (bench/case-peer), default settings, 10^7 draws per target"
    );
    if numpy {
        let (mut t, mut n, mut ratio) = (vec![], vec![], vec![]);
        for i in 0..=runs {
            let (a, _) = timed(&mut tollrange("1e7", &out));
            let (b, _) = timed(
                Command::new("python3")
                    .args(["bench/numpy_pool.py", "1e7", &i.to_string()])
                    .env_remove("OPENBLAS_CORETYPE")
                    .env_remove("OPENBLAS_L2_SIZE"),
            );
            if i > 0 {
                // the first pair warms the caches
                t.push(a);
                n.push(b);
                ratio.push(b / a);
            }
        }
        println!(
            "  tollrange {:.3} s, numpy {:.3} s (medians of {runs} alternating runs); numpy / tollrange: median {:.1}x",
            median(t),
            median(n),
            median(ratio)
        );
    } else {
        println!("  numpy is not installed (pip install numpy): comparison skipped");
    }
    println!("peak memory of tollrange, same model (median of 3 runs):");
    for samples in ["1e6", "1e7", "3e7", "1e8"] {
        let (ts, rs): (Vec<f64>, Vec<f64>) =
            (0..3).map(|_| timed(&mut tollrange(samples, &out))).unzip();
        println!(
            "  {samples:>4} draws per target: {:6.1} MiB, {:.3} s",
            median(rs),
            median(ts)
        );
    }
}
