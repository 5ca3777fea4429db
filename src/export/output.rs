//! Writing a run's files all or nothing.
//!
//! Every file is first written under a temporary name in the output folder;
//! only when all of them are written are they renamed into place. A failed
//! run leaves the folder as it was: no half-written summary.csv or PNG, and
//! files the run does not produce are never touched.

use std::path::{Path, PathBuf};

/// Refuses an output folder that is the case folder itself, so an input is
/// never overwritten.
pub fn check_out_dir(out: &Path, case_dir: &Path) -> Result<(), String> {
    if let (Ok(a), Ok(b)) = (out.canonicalize(), case_dir.canonicalize())
        && a == b
    {
        return Err(format!(
            "output folder {} is the case folder; choose another --out so the inputs are never overwritten",
            out.display()
        ));
    }
    Ok(())
}

/// Writes `files` (name, bytes) into `dir`, all or nothing.
pub fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create output folder: {e}", dir.display()))?;
    let tag = std::process::id();
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |written: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (name, bytes) in files {
        let target = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp-{tag}"));
        if let Err(e) = std::fs::write(&tmp, bytes) {
            let _ = std::fs::remove_file(&tmp);
            cleanup(&written);
            return Err(format!("{}: cannot write: {e}", target.display()));
        }
        written.push((tmp, target));
    }
    for (i, (tmp, target)) in written.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, target) {
            cleanup(&written[i..]);
            return Err(format!("{}: cannot write: {e}", target.display()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file_and_keeps_unrelated_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "keep").unwrap();
        write_all(
            dir.path(),
            &[
                ("a.csv".into(), b"1".to_vec()),
                ("b.csv".into(), b"2".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"1");
        assert_eq!(std::fs::read(dir.path().join("mine.txt")).unwrap(), b"keep");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
    }

    #[test]
    fn a_failing_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // a folder where b.csv's temporary file would go makes its write fail
        std::fs::create_dir(
            dir.path()
                .join(format!(".b.csv.tmp-{}", std::process::id())),
        )
        .unwrap();
        let r = write_all(
            dir.path(),
            &[
                ("a.csv".into(), b"1".to_vec()),
                ("b.csv".into(), b"2".to_vec()),
            ],
        );
        assert!(r.is_err());
        assert!(!dir.path().join("a.csv").exists());
        assert!(!dir.path().join("b.csv").exists());
    }
}
