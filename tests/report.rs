//! The report page's data and numbers, without a browser: the embedded
//! per-reading mass functions, recombined with the page's algorithm
//! (`report::recombine`, line for line the page's script), give
//! `Model::exact`; the page at the run's trust shows the exact quantiles;
//! the HTML is deterministic and small.

mod common;

use assert_cmd::Command;
use common::{SEED, Workdir};
use std::collections::BTreeMap;
use tollrange::cmd::{Cli, Command as Cmd, Prepared};
use tollrange::engine::revision::RevisionModel;
use tollrange::engine::{Method, Settings, estimate};
use tollrange::export::report::{self, Data, Setup};
use tollrange::summary::Summary;

/// The seed case prepared as `tollrange report ARGS` would.
fn prepare(args: &[&str]) -> (Prepared, Method) {
    let mut all = vec!["tollrange", "report", SEED];
    all.extend_from_slice(args);
    let cli = <Cli as clap::Parser>::try_parse_from(all).unwrap();
    let Cmd::Report(a) = cli.command else {
        unreachable!()
    };
    (a.common.prepare().unwrap(), a.common.method)
}

fn build(p: &Prepared, method: Method, samples: usize) -> Data {
    let rollups: Vec<_> = [Method::Pool, Method::Fusion]
        .into_iter()
        .map(|m| {
            let s = Settings {
                method: m,
                samples,
                seed: 7,
                tail: p.tail,
                revision: p.revision.clone(),
                histograms: false,
            };
            (
                m,
                estimate(&p.case, &p.targets, &s)[p.targets.len()..].to_vec(),
            )
        })
        .collect();
    let setup = Setup {
        method,
        tail: p.tail,
        revision: p.revision.clone(),
    };
    report::data(&p.case, &p.claims, &p.targets, setup, &rollups)
}

/// The data blob as a browser reads it, from the page.
fn embedded(html: &str) -> Data {
    let start = html
        .find(r#"<script type="application/json" id="data">"#)
        .unwrap();
    let rest = &html[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(json).unwrap()
}

/// Every target, both methods, revised and as read: the page's algorithm on
/// the embedded pmfs against `Model::exact` (trust changed in the case for
/// the oracle, in the page's weights for the page).
#[test]
fn embedded_pmfs_recombined_give_the_exact_grid() {
    let (run, method) = prepare(&[]);
    let html = String::from_utf8(report::render(&build(&run, method, 1000)).unwrap()).unwrap();
    let data = embedded(&html);
    for weights in [
        vec![],
        vec![("fama", 0.1)],
        vec![("fama", 0.0), ("csp", 1.0)],
    ] {
        let flags: Vec<String> = weights
            .iter()
            .map(|(s, r)| format!("--weight={s}={r}"))
            .collect();
        let flags: Vec<&str> = flags.iter().map(|s| s.as_str()).collect();
        let (oracle, _) = prepare(&flags);
        let w: BTreeMap<String, f64> = weights.iter().map(|(s, r)| (s.to_string(), *r)).collect();
        for (i, t) in oracle.targets.iter().enumerate() {
            for revised in [true, false] {
                let rev = if revised {
                    oracle.revision.clone()
                } else {
                    RevisionModel::literal()
                };
                let model = report::model(t, oracle.tail, &rev).unwrap();
                for m in [Method::Pool, Method::Fusion] {
                    let want = model.exact(m);
                    let got = report::recombine(&data, i, m, &w, revised);
                    let what = format!(
                        "{} {} {m} revised={revised} {weights:?}",
                        t.event, t.category
                    );
                    let (want, got) = match (want, got) {
                        (Ok(a), Ok(b)) => (a, b),
                        (Err(a), Err(b)) => {
                            assert_eq!(a, b, "{what}");
                            continue;
                        }
                        (a, b) => panic!("{what}: {a:?} vs {b:?}"),
                    };
                    assert_eq!((want.lo, want.p.len()), (got.lo, got.p.len()), "{what}");
                    let worst = want
                        .p
                        .iter()
                        .zip(&got.p)
                        .map(|(a, b)| (a - b).abs())
                        .fold(0.0, f64::max);
                    assert!(worst < 1e-12, "{what}: mass differs by {worst}");
                    let (a, b) = (
                        Summary::from_pmf(want.lo, &want.p),
                        Summary::from_pmf(got.lo, &got.p),
                    );
                    assert_eq!(a.q, b.q, "{what}");
                    assert!((a.mean - b.mean).abs() < 1e-9 * a.mean.max(1.0), "{what}");
                }
            }
        }
    }
}

/// The page's summary table: (event, category, method) → cells.
type Rows = BTreeMap<(String, String, String), Vec<String>>;

/// The header and rows of the page's summary table.
fn summary_rows(html: &str) -> (Vec<String>, Rows) {
    let start = html.find(r#"<table class="summary">"#).unwrap();
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let cells = |row: &str| -> Vec<String> {
        row.split("<t")
            .skip(1)
            .filter(|c| c.starts_with('d') || c.starts_with('h'))
            .map(|c| {
                let c = &c[c.find('>').unwrap() + 1..];
                c[..c.find("</t").unwrap()].to_string()
            })
            .collect()
    };
    let mut rows = table.split("<tr").skip(1).map(cells);
    let header = rows.next().unwrap();
    let body = rows
        .map(|r| ((r[0].clone(), r[1].clone(), r[2].clone()), r))
        .collect();
    (header, body)
}

#[test]
fn page_at_the_runs_trust_shows_the_exact_quantiles() {
    let (p, method) = prepare(&[]);
    let html = String::from_utf8(report::render(&build(&p, method, 1000)).unwrap()).unwrap();
    let (header, rows) = summary_rows(&html);
    assert_eq!(
        header[..13],
        "event,category,method,claims,sources,samples,mean,sd,p05,p25,p50,p75,p95"
            .split(',')
            .collect::<Vec<_>>()[..]
    );
    for t in &p.targets {
        let model = report::model(t, p.tail, &p.revision).unwrap();
        for m in [Method::Pool, Method::Fusion] {
            let e = model.exact(m).unwrap();
            let s = Summary::from_pmf(e.lo, &e.p);
            let row = &rows[&(t.event.to_string(), t.category.to_string(), m.to_string())];
            let q: Vec<u64> = row[8..13].iter().map(|x| x.parse().unwrap()).collect();
            assert_eq!(q, s.q, "{} {} {m}", t.event, t.category);
            assert_eq!(row[6], format!("{:.2}", s.mean));
        }
    }
    // roll-ups are there, marked as not recomputed
    let all = &rows[&("all".into(), "killed".into(), "pool".into())];
    assert!(all[14].contains("not recomputed"), "{all:?}");
}

#[test]
fn page_is_deterministic_small_and_self_contained() {
    let (p, method) = prepare(&[]);
    let a = report::render(&build(&p, method, 100_000)).unwrap();
    let b = report::render(&build(&prepare(&[]).0, method, 100_000)).unwrap();
    assert!(a == b, "two renders of the same inputs differ");
    assert!(a.len() < 2_000_000, "report.html is {} bytes", a.len());
    let html = String::from_utf8(a).unwrap();
    for remote in ["http://", "https://", "src=", "<link", "@import"] {
        let outside_data = html.replace(
            &html[html.find(r#"<script type="application/json""#).unwrap()..],
            "",
        );
        assert!(!outside_data.contains(remote), "the page loads '{remote}'");
    }
    // no stray end of script inside the data blob
    assert_eq!(html.matches("</script>").count(), 2);
}

#[test]
fn report_command_writes_the_page() {
    let w = Workdir::new();
    let out = w.path().join("out");
    Command::cargo_bin("tollrange")
        .unwrap()
        .args([
            "report",
            SEED,
            "--samples",
            "1000",
            "--weight",
            "fama=0.1",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("report.html"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let data = embedded(&html);
    assert_eq!(
        data.sources.iter().find(|s| s.id == "fama").unwrap().trust,
        0.1
    );
    assert!(html.contains(r#"<input type="range" id="w-fama""#));
    Command::cargo_bin("tollrange")
        .unwrap()
        .args(["report", SEED, "--weight", "nobody=0.1", "--out"])
        .arg(w.path().join("x"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("unknown source"));
}

// ---- in a real browser: headless Chromium ----

/// The browser, or None (and a loud message) when it is missing outside CI;
/// in CI (CI=true) a missing browser fails the test.
fn chromium() -> Option<std::path::PathBuf> {
    let found = std::env::var_os("TOLLRANGE_CHROMIUM")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(Into::into))
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is missing (CI=true): .ci/run installs it with apt-get install chromium"
        );
        eprintln!(
            "\n*** SKIPPED: no chromium (apt-get install chromium, or set TOLLRANGE_CHROMIUM): the report page was NOT tested in a browser ***\n"
        );
    }
    found
}

/// Flags for a quiet, offline, throwaway headless browser.
fn chromium_flags(profile: &std::path::Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// The seed case's page, written by the command into a scratch folder.
fn seed_page(w: &Workdir) -> std::path::PathBuf {
    let out = w.path().join("out");
    Command::cargo_bin("tollrange")
        .unwrap()
        .args(["report", SEED, "--samples", "2000", "--out"])
        .arg(&out)
        .assert()
        .success();
    out.join("report.html")
}

/// The exact answer of `run --weight fama=0.1` (and the revision as given):
/// (event, category, method) → p05, p25, p50, p75, p95.
fn exact_answer(args: &[&str], revised: bool) -> BTreeMap<(String, String, String), [u64; 5]> {
    let (p, _) = prepare(args);
    let mut out = BTreeMap::new();
    for t in &p.targets {
        let rev = if revised {
            p.revision.clone()
        } else {
            RevisionModel::literal()
        };
        let model = report::model(t, p.tail, &rev).unwrap();
        for m in [Method::Pool, Method::Fusion] {
            let e = model.exact(m).unwrap();
            let key = (t.event.to_string(), t.category.to_string(), m.to_string());
            out.insert(key, Summary::from_pmf(e.lo, &e.p).q);
        }
    }
    out
}

fn assert_page_shows(rows: &Rows, want: &BTreeMap<(String, String, String), [u64; 5]>) {
    for (key, q) in want {
        let row = rows.get(key).unwrap_or_else(|| panic!("no row {key:?}"));
        let got: Vec<u64> = row[8..13].iter().map(|x| x.parse().unwrap()).collect();
        // the median and the 90 % range, and the 50 % range with them
        assert_eq!(got, q, "{key:?}: page {got:?}, exact {q:?}");
    }
}

/// Opens the page at `#weights=fama:0.1` (and with the revision off), and
/// reads the summary table Chromium rendered: it equals the exact grid of
/// `run --weight fama=0.1`, for pool and fusion, with no script error.
#[test]
fn browser_link_with_fama_at_0_1_shows_the_exact_answer() {
    let Some(browser) = chromium() else { return };
    let w = Workdir::new();
    let page = seed_page(&w);
    for (fragment, revised) in [
        ("#weights=fama:0.1", true),
        ("#weights=fama:0.1&revision=off", false),
    ] {
        let profile = tempfile::tempdir().unwrap();
        let out = std::process::Command::new("timeout")
            .arg("120")
            .arg(&browser)
            .args(chromium_flags(profile.path()))
            .args(["--enable-logging=stderr", "--v=0", "--dump-dom"])
            .arg(format!("file://{}{fragment}", page.display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&out.stdout);
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "chromium failed: {log}");
        let errors = &dom[dom.find(r#"<pre id="errors""#).unwrap()..];
        let errors = &errors[errors.find('>').unwrap() + 1..errors.find("</pre>").unwrap()];
        assert_eq!(errors, "", "the page reported errors");
        // the page writes nothing to the console: any message is a failure
        let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
        assert!(console.is_empty(), "console messages: {console:#?}");
        let (_, rows) = summary_rows(&dom);
        assert_page_shows(&rows, &exact_answer(&["--weight=fama=0.1"], revised));
        assert!(dom.contains(&format!("report.html{fragment}").replace('&', "&amp;")));
    }
}

/// Moves FAMa's slider by keyboard (20 × ArrowLeft from 0.3: 0.1) through
/// the DevTools protocol (tests/browser/keys.js, Node only): the table
/// follows, exactly, and the link records the scenario.
#[test]
fn browser_slider_moved_by_keyboard_recomputes_exactly() {
    let Some(browser) = chromium() else { return };
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "node is missing (CI=true)"
        );
        eprintln!("\n*** SKIPPED: no node: the keyboard test of the report page did not run ***\n");
        return;
    }
    let w = Workdir::new();
    let page = seed_page(&w);
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("node")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/browser/keys.js"
        ))
        .arg(&browser)
        .arg(format!("file://{}", page.display()))
        .args(["w-fama", "ArrowLeft", "20"])
        .arg(profile.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "keys.js: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["focused"], "w-fama");
    assert_eq!(v["value"], "0.1");
    assert_eq!(v["number"], "0.1", "the number field follows the slider");
    assert_eq!(v["hash"], "#weights=fama:0.1");
    assert_eq!(v["errors"], "");
    let rows: Rows = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let r: Vec<String> = r
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            ((r[0].clone(), r[1].clone(), r[2].clone()), r)
        })
        .collect();
    assert_page_shows(&rows, &exact_answer(&["--weight=fama=0.1"], true));
    // the downloaded summary.csv: summary.csv's columns, the table's rows
    let mut csv = csv::Reader::from_reader(v["csv"].as_str().unwrap().as_bytes());
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, tollrange::export::csv::SUMMARY_HEADER);
    let records: Vec<Vec<String>> = csv
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(records.len(), rows.len());
    for r in &records {
        assert_eq!(r, &rows[&(r[0].clone(), r[1].clone(), r[2].clone())]);
    }
    // the page's --weights file is one the command line reads
    let weights = v["weights"].as_str().unwrap();
    assert!(weights.starts_with("source,trust\n") && weights.contains("\nfama,0.1\n"));
    let file = w.path().join("weights.csv");
    std::fs::write(&file, weights).unwrap();
    Command::cargo_bin("tollrange")
        .unwrap()
        .args(["run", SEED, "--no-plots", "--samples", "1000", "--weights"])
        .arg(&file)
        .arg("--out")
        .arg(w.path().join("run"))
        .assert()
        .success();
}
