//! The Monte Carlo engine against the exact grid, at three levels:
//! hand-computed values live in the `exact` unit tests; here, frequencies
//! over 10^6 draws against the exact distribution for both methods, and a
//! Kolmogorov–Smirnov check of one target's draws against the exact CDF.

use tollrange::case::{Case, Event, Shape};
use tollrange::claim::{Interval, Reading, Target, Voice};
use tollrange::engine::dist::{Revision, Tail};
use tollrange::engine::revision::RevisionModel;
use tollrange::engine::sampler::{draws, histogram, target_key};
use tollrange::engine::{Method, Model, Settings, estimate};
use tollrange::summary::{Summary, cdf};

const N: usize = 1_000_000;

fn reading(low: u64, high: Option<u64>, shape: Shape, mode: Option<u64>) -> Reading {
    Reading {
        interval: Interval { low, high },
        shape,
        mode,
        stance: None,
        stated: None,
        claims: vec![0].into(),
    }
}

fn voice(source: &str, trust: f64, readings: Vec<Reading>) -> Voice {
    Voice {
        source: source.into(),
        kind: tollrange::case::SourceKind::Local,
        trust,
        readings: readings.into(),
    }
}

fn target(name: &str, voices: Vec<Voice>) -> Target {
    Target {
        event: name.into(),
        category: "killed".into(),
        voices,
    }
}

use Shape::*;

/// Targets covering open tails, points, single claims and conflicts.
fn targets() -> Vec<Target> {
    vec![
        // Bamba: two open readings, conflicting lower bounds
        target(
            "open-tails",
            vec![
                voice("official", 0.6, vec![reading(64, None, Uniform, Some(64))]),
                voice("civil", 0.7, vec![reading(101, None, Uniform, None)]),
                voice("security", 0.65, vec![reading(101, None, Uniform, None)]),
            ],
        ),
        // a single point claim
        target(
            "point",
            vec![voice(
                "army",
                0.3,
                vec![reading(46, Some(46), Uniform, Some(46))],
            )],
        ),
        // a single wide claim
        target(
            "single-wide",
            vec![voice(
                "press",
                0.4,
                vec![reading(2000, Some(9999), Uniform, None)],
            )],
        ),
        // Bourem: dozens from three sources, the army also says 56
        target(
            "conflicting",
            vec![
                voice(
                    "army",
                    0.3,
                    vec![
                        reading(20, Some(99), Uniform, None),
                        reading(56, Some(56), Uniform, Some(56)),
                    ],
                ),
                voice("rebels", 0.3, vec![reading(20, Some(99), Uniform, None)]),
                voice("press", 0.3, vec![reading(20, Some(99), Uniform, None)]),
            ],
        ),
        // shaped readings: triangular around 50, loguniform over magnitudes
        target(
            "shapes",
            vec![
                voice("a", 0.8, vec![reading(40, Some(60), Triangular, Some(50))]),
                voice("b", 0.5, vec![reading(10, Some(500), LogUniform, None)]),
            ],
        ),
        // deaths without a number: [2, open)
        target(
            "no-number",
            vec![voice("local", 0.7, vec![reading(2, None, Uniform, None)])],
        ),
    ]
}

fn close(mc: u64, exact: u64) -> bool {
    mc.abs_diff(exact) as f64 <= 1f64.max(0.01 * exact as f64)
}

/// The engine's tolerances: every reported quantile within ±1 count or 1 %,
/// the mean within 0.5 %.
fn assert_agree(mc: &Summary, exact: &Summary, what: &str) {
    for k in 0..5 {
        assert!(
            close(mc.q[k], exact.q[k]),
            "{what}: quantile {k}: MC {} vs exact {}",
            mc.q[k],
            exact.q[k]
        );
    }
    let rel = (mc.mean - exact.mean).abs() / exact.mean;
    assert!(
        rel <= 0.005,
        "{what}: mean MC {} vs exact {}",
        mc.mean,
        exact.mean
    );
}

/// Both samplers: `draw` (pick a reading, draw within it) and `draw_for`
/// with many samples (the engine's fast path, drawing from the tabulated
/// mass function where that pays).
fn check_method(method: Method) {
    for (t, how) in targets()
        .into_iter()
        .flat_map(|t| [(t.clone(), 0), (t.clone(), 1), (t, 2)])
    {
        let model = Model::of(&t, Tail::default(), &RevisionModel::literal()).unwrap();
        let pmf = model.exact(method).unwrap();
        let exact = Summary::from_pmf(pmf.lo, &pmf.p);
        let (draw, lo, hi) = match how {
            0 => model.draw(method).unwrap(),
            1 => model.draw_for(method, N).unwrap(),
            // the flat table (a pool's readings and values in one table)
            _ if method == Method::Pool => model.draw_flat().unwrap(),
            _ => continue,
        };
        let d = draws(&draw, target_key(&t.event, &t.category), N, 12345);
        let mc = Summary::from_counts(lo, &histogram(&d, lo, hi)).unwrap();
        assert_agree(&mc, &exact, &format!("{method} {}", t.event));
        assert!((mc.sd - exact.sd).abs() / exact.sd.max(1e-9) <= 0.02 || exact.sd == 0.0);
    }
}

#[test]
fn pool_monte_carlo_matches_exact() {
    check_method(Method::Pool);
}

#[test]
fn fusion_monte_carlo_matches_exact() {
    check_method(Method::Fusion);
}

/// Kolmogorov–Smirnov: sup |F_n − F| below the 1 % critical value 1.63/√n
/// (conservative for a discrete F).
#[test]
fn kolmogorov_smirnov_against_exact_cdf() {
    for method in [Method::Pool, Method::Fusion] {
        let t = &targets()[0];
        let model = Model::of(t, Tail::default(), &RevisionModel::literal()).unwrap();
        let pmf = model.exact(method).unwrap();
        let (draw, lo, hi) = model.draw(method).unwrap();
        assert_eq!((lo, hi), (pmf.lo, pmf.hi()));
        let h = histogram(&draws(&draw, 99, N, 7), lo, hi);
        let f = cdf(&pmf.p);
        let mut cum = 0u64;
        let mut d = 0.0f64;
        for (i, c) in h.iter().enumerate() {
            cum += c;
            d = d.max((cum as f64 / N as f64 - f[i]).abs());
        }
        let crit = 1.63 / (N as f64).sqrt();
        assert!(d < crit, "{method}: D = {d} ≥ {crit}");
    }
}

/// The same check must fail when the sampler is wrong: a shifted exact CDF
/// (the 64-claim read as 65) is detected.
#[test]
fn kolmogorov_smirnov_detects_a_wrong_distribution() {
    let t = &targets()[0];
    let model = Model::of(t, Tail::default(), &RevisionModel::literal()).unwrap();
    let (draw, lo, hi) = model.draw(Method::Pool).unwrap();
    let h = histogram(&draws(&draw, 99, N, 7), lo, hi);
    let mut wrong = targets()[0].clone();
    wrong.voices[0].readings[0].interval.low = 65;
    let pmf = Model::of(&wrong, Tail::default(), &RevisionModel::literal())
        .unwrap()
        .exact(Method::Pool)
        .unwrap();
    let f = cdf(&pmf.p);
    let mut cum = 0u64;
    let mut d = 0.0f64;
    for (i, c) in h.iter().enumerate() {
        cum += c;
        let fi = if lo + (i as u64) < pmf.lo {
            0.0
        } else {
            f[(lo + i as u64 - pmf.lo) as usize]
        };
        d = d.max((cum as f64 / N as f64 - fi).abs());
    }
    assert!(d > 1.63 / (N as f64).sqrt(), "D = {d}");
}

#[test]
fn zero_trust_everywhere_is_an_error_not_a_division() {
    let t = target(
        "zero",
        vec![voice("a", 0.0, vec![reading(1, Some(5), Uniform, None)])],
    );
    let m = Model::of(&t, Tail::default(), &RevisionModel::literal()).unwrap();
    assert!(m.exact(Method::Pool).unwrap_err().contains("trust 0"));
    assert!(m.draw(Method::Fusion).is_err());
}

/// With a revision model, Monte Carlo still matches the exact grid (both
/// methods), including a wide claim that uses the interpolated grid.
#[test]
fn revised_monte_carlo_matches_exact() {
    let rev = Some(Revision::new(0.2, 0.5).unwrap());
    let mut ts = targets();
    ts.retain(|t| {
        [
            "point",
            "conflicting",
            "shapes",
            "open-tails",
            "single-wide",
        ]
        .contains(&t.event.as_str())
    });
    for method in [Method::Pool, Method::Fusion] {
        for t in &ts {
            if method == Method::Fusion && t.event == "single-wide" {
                continue; // fusion's grid would be 0..=10·max: covered by the pool run
            }
            let model = Model::of(t, Tail::default(), &RevisionModel::uniform(rev)).unwrap();
            let pmf = model.exact(method).unwrap();
            let exact = Summary::from_pmf(pmf.lo, &pmf.p);
            // on the fly (factor table), and the engine's choice at N draws
            let mut ways = vec![
                model.draw(method).unwrap(),
                model.draw_for(method, N).unwrap(),
            ];
            if method == Method::Pool {
                ways.push(model.draw_flat().unwrap());
            }
            for (draw, lo, hi) in ways {
                let d = draws(&draw, target_key(&t.event, "rev"), N, 2024);
                let mc = Summary::from_counts(lo, &histogram(&d, lo, hi)).unwrap();
                assert_agree(&mc, &exact, &format!("{method} {} revised", t.event));
                // the spread too: the factor's far tail must not be inflated
                // (pool; fusion's heavy prior tail makes its sd too noisy)
                assert!(
                    method == Method::Fusion
                        || (mc.sd - exact.sd).abs() / exact.sd.max(1e-9) <= 0.02
                        || exact.sd == 0.0,
                    "{method} {} revised: sd MC {} vs exact {}",
                    t.event,
                    mc.sd,
                    exact.sd
                );
            }
        }
    }
}

/// The revised exact grid has the mean it must: E[round(X·F)] ≈ E[X]·E[F],
/// E[F] = exp(μ + σ²/2), for a narrow and a wide (interpolated) claim.
#[test]
fn revised_grid_has_the_lognormal_mean() {
    use tollrange::engine::dist::Dist;
    let r = Revision::new(0.1, 0.4).unwrap();
    let ef = (0.1f64 + 0.08).exp();
    for (lo, hi) in [(20u64, 99u64), (2000, 9999)] {
        let d = Dist::revised(
            Interval {
                low: lo,
                high: Some(hi),
            },
            Uniform,
            None,
            Tail::default(),
            Some(r),
        )
        .unwrap();
        let (l, p) = d.pmf();
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let mean = Summary::from_pmf(l, &p).mean;
        let want = (lo + hi) as f64 / 2.0 * ef;
        assert!(
            (mean / want - 1.0).abs() < 1e-3,
            "[{lo},{hi}]: {mean} vs {want}"
        );
    }
}

/// Open readings keep their tail under revision; `none` is the literal model.
#[test]
fn revision_touches_only_closed_readings() {
    use tollrange::engine::dist::Dist;
    let r = Some(Revision::new(0.3, 0.5).unwrap());
    let open = Interval {
        low: 64,
        high: None,
    };
    assert_eq!(
        Dist::revised(open, Uniform, None, Tail::default(), r).unwrap(),
        Dist::of(open, Uniform, None, Tail::default()).unwrap()
    );
    let closed = Interval {
        low: 20,
        high: Some(99),
    };
    assert_eq!(
        Dist::revised(closed, Uniform, None, Tail::default(), None).unwrap(),
        Dist::of(closed, Uniform, None, Tail::default()).unwrap()
    );
    assert_ne!(
        Dist::revised(closed, Uniform, None, Tail::default(), r).unwrap(),
        Dist::of(closed, Uniform, None, Tail::default()).unwrap()
    );
}

/// With the shipped per-voice model — different factors per kind, a party's
/// enemy count scaled below 1 (open and closed), a dataset row's Gumbel
/// spread — Monte Carlo still matches the exact grid, for both methods.
#[test]
fn per_voice_monte_carlo_matches_exact() {
    use tollrange::case::{SourceKind, Stance};
    let model = RevisionModel::builtin();
    let with = |kind: SourceKind, stance: Option<Stance>, mut v: Voice| {
        v.kind = kind;
        for r in &mut v.readings {
            r.stance = stance;
            r.stated = r.mode;
        }
        v
    };
    let ts = vec![
        target(
            "bourem-voices",
            vec![
                with(
                    SourceKind::Official,
                    None,
                    voice("gov", 0.6, vec![reading(20, Some(99), Uniform, None)]),
                ),
                with(
                    SourceKind::Belligerent,
                    Some(Stance::Enemy),
                    voice("army", 0.3, vec![reading(46, Some(46), Uniform, None)]),
                ),
                with(
                    SourceKind::Belligerent,
                    Some(Stance::Own),
                    voice("army-own", 0.3, vec![reading(10, Some(10), Uniform, None)]),
                ),
                with(
                    SourceKind::Local,
                    None,
                    voice("residents", 0.7, vec![reading(101, None, Uniform, None)]),
                ),
                with(
                    SourceKind::Belligerent,
                    Some(Stance::Mixed),
                    voice("rebels", 0.3, vec![reading(30, None, Uniform, None)]),
                ),
            ],
        ),
        target(
            "ged-row",
            vec![with(
                SourceKind::Dataset,
                None,
                voice(
                    "ucdp",
                    0.6,
                    vec![reading(20, Some(48), Triangular, Some(20))],
                ),
            )],
        ),
    ];
    for method in [Method::Pool, Method::Fusion] {
        for t in &ts {
            let m = Model::of(t, Tail::default(), &model).unwrap();
            let pmf = m.exact(method).unwrap();
            let exact = Summary::from_pmf(pmf.lo, &pmf.p);
            let mut ways = vec![m.draw(method).unwrap()];
            if method == Method::Pool {
                // literal and differently revised readings in one flat table
                ways.push(m.draw_flat().unwrap());
            }
            for (draw, lo, hi) in ways {
                let d = draws(&draw, target_key(&t.event, "voices"), N, 7);
                let h = histogram(&d, lo, hi);
                let mc = Summary::from_counts(lo, &h).unwrap();
                assert_agree(&mc, &exact, &format!("{method} {} per voice", t.event));
                // and the whole distribution: Kolmogorov–Smirnov at 1 %
                let f = cdf(&pmf.p);
                let (mut cum, mut dist) = (0u64, 0.0f64);
                for (i, c) in h.iter().enumerate() {
                    cum += c;
                    let v = lo + i as u64;
                    let fv = if v < pmf.lo {
                        0.0
                    } else {
                        f[((v - pmf.lo) as usize).min(f.len() - 1)]
                    };
                    dist = dist.max((cum as f64 / N as f64 - fv).abs());
                }
                let crit = 1.63 / (N as f64).sqrt();
                assert!(
                    dist < crit,
                    "{method} {} per voice: D = {dist} ≥ {crit}",
                    t.event
                );
            }
        }
    }
}

/// A case of two events in one region, for the roll-up tests.
fn two_event_case() -> (Case, Vec<Target>) {
    let event = |id: &str| Event {
        id: id.into(),
        name: id.into(),
        date: Default::default(),
        place: Default::default(),
        region: "north".into(),
        description: Default::default(),
    };
    let case = Case {
        name: "two".into(),
        dir: std::path::PathBuf::from("two"),
        events: vec![event("open-tails"), event("conflicting")],
        sources: vec![],
        claims: vec![],
        lexicon: vec![],
    };
    let ts = targets();
    let pick = |name: &str| ts.iter().find(|t| t.event == name).unwrap().clone();
    (case, vec![pick("open-tails"), pick("conflicting")])
}

fn settings(samples: usize, revision: Option<Revision>) -> Settings {
    Settings {
        method: Method::Pool,
        samples,
        seed: 99,
        tail: Tail::default(),
        revision: RevisionModel::uniform(revision),
        histograms: false,
    }
}

/// Streamed roll-ups are the draw-by-draw sums of the targets' own draws:
/// with one block per target and with many, the region and `all` rows
/// equal the summary of those sums (same quantiles, mean and sd to
/// rounding).
#[test]
fn streamed_rollups_equal_the_sums_of_the_draws() {
    let (case, ts) = two_event_case();
    for samples in [50_000, 300_001] {
        let s = settings(samples, Some(Revision::new(0.6, 0.6).unwrap()));
        let mut sum = vec![0u64; samples];
        for t in &ts {
            let model = Model::of(t, s.tail, &s.revision).unwrap();
            let (draw, _, _) = model.draw_for(s.method, samples).unwrap();
            let d = draws(&draw, target_key(&t.event, &t.category), samples, s.seed);
            sum.iter_mut().zip(&d).for_each(|(a, b)| *a += b);
        }
        let want = Summary::from_draws(&sum).unwrap();
        let est = estimate(&case, &ts, &s);
        assert_eq!(est.len(), 4);
        for e in &est[2..] {
            let got = e.summary.as_ref().unwrap();
            assert_eq!((got.samples, got.q), (want.samples, want.q), "{}", e.event);
            assert!((got.mean - want.mean).abs() < 1e-9 * want.mean);
            assert!((got.sd - want.sd).abs() < 1e-6 * want.sd);
        }
    }
}

/// A roll-up of two independent targets is the convolution of their exact
/// distributions; the streamed Monte Carlo matches it (revised, as run).
#[test]
fn rollup_matches_the_convolution_of_exact_targets() {
    let (case, ts) = two_event_case();
    let s = settings(N, Some(Revision::new(0.6, 0.6).unwrap()));
    let pmfs: Vec<_> = ts
        .iter()
        .map(|t| {
            Model::of(t, s.tail, &s.revision)
                .unwrap()
                .exact(s.method)
                .unwrap()
        })
        .collect();
    let (a, b) = (&pmfs[0], &pmfs[1]);
    let mut conv = vec![0.0; a.p.len() + b.p.len() - 1];
    for (i, x) in a.p.iter().enumerate() {
        for (j, y) in b.p.iter().enumerate() {
            conv[i + j] += x * y;
        }
    }
    let exact = Summary::from_pmf(a.lo + b.lo, &conv);
    let est = estimate(&case, &ts, &s);
    for e in &est[2..] {
        assert_agree(e.summary.as_ref().unwrap(), &exact, &e.event);
    }
}

/// Same seed, same rows at any thread count: one block per target, and
/// many blocks.
#[test]
fn estimates_do_not_depend_on_threads() {
    let (case, ts) = two_event_case();
    for samples in [30_000, 200_000] {
        let s = settings(samples, Some(Revision::new(0.6, 0.6).unwrap()));
        let rows = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let est = pool.install(|| estimate(&case, &ts, &s));
            format!("{:?}", est.iter().map(|e| &e.summary).collect::<Vec<_>>())
        };
        let one = rows(1);
        assert_eq!(one, rows(2));
        assert_eq!(one, rows(3));
    }
}
