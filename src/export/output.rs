//! Writing a run's files all or nothing.
//!
//! Every file is first written under a temporary name in the output folder;
//! only when all of them are written are they renamed into place, each file
//! they replace first moved aside, so that a rename failing midway puts the
//! earlier ones back. A failed run leaves the folder as it was: no
//! half-written summary.csv or PNG, no mix of old and new outputs, and files
//! the run does not produce are never touched. A folder the run created is
//! removed again when it fails. (A run killed between two renames can leave
//! a mix of old and new whole files, never a partial one.)

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What goes into an output file: bytes made beforehand, or a writer that
/// makes them straight into the file's temporary copy (a table too large
/// to hold whole in memory).
pub enum Output<'a> {
    Bytes(Vec<u8>),
    Written(Writer<'a>),
}

/// Writes a file's contents to the writer it is given.
pub type Writer<'a> = Box<dyn Fn(&mut (dyn io::Write + Send)) -> io::Result<()> + Send + Sync + 'a>;

/// Refuses, before anything is computed, an output folder that cannot be
/// one: the case folder itself (an input is never overwritten), a file, or
/// a path below a file.
pub fn check_out_dir(out: &Path, case_dir: &Path) -> Result<(), String> {
    if let (Ok(a), Ok(b)) = (out.canonicalize(), case_dir.canonicalize())
        && a == b
    {
        return Err(format!(
            "output folder {} is the case folder; choose another --out so the inputs are never overwritten",
            out.display()
        ));
    }
    for a in out.ancestors().filter(|a| !a.as_os_str().is_empty()) {
        match std::fs::metadata(a) {
            Ok(m) if m.is_dir() => break,
            Ok(_) if a == out => {
                return Err(format!(
                    "{}: the output folder is a file; choose another --out",
                    out.display()
                ));
            }
            Ok(_) => {
                return Err(format!(
                    "{}: cannot create the output folder: {} is a file, not a folder; choose another --out",
                    out.display(),
                    a.display()
                ));
            }
            Err(_) => continue,
        }
    }
    Ok(())
}

/// Writes `files` (name, bytes) into `dir`, all or nothing.
pub fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let files: Vec<(String, Output)> = files
        .iter()
        .map(|(name, bytes)| {
            let w: Writer = Box::new(move |out| out.write_all(bytes));
            (name.clone(), Output::Written(w))
        })
        .collect();
    write_outputs(dir, &files)
}

/// Writes `files` (name, contents) into `dir`, all or nothing: a writer
/// that fails leaves nothing, as a file that cannot be written does.
pub fn write_outputs(dir: &Path, files: &[(String, Output)]) -> Result<(), String> {
    write_all_with(dir, files, &mut |from, to| std::fs::rename(from, to))
}

/// Writes one file's contents to `path`.
fn write_file(path: &Path, content: &Output) -> io::Result<()> {
    match content {
        Output::Bytes(b) => std::fs::write(path, b),
        Output::Written(w) => {
            let mut f = std::fs::File::create(path)?;
            w(&mut f)?;
            f.flush()
        }
    }
}

/// [`write_outputs`] with the rename used to put files in place (tests
/// make it fail midway).
fn write_all_with(
    dir: &Path,
    files: &[(String, Output)],
    rename: &mut dyn FnMut(&Path, &Path) -> io::Result<()>,
) -> Result<(), String> {
    // the folders this call creates, removed again if it fails
    let created: Vec<PathBuf> = dir
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .take_while(|a| !a.exists())
        .map(Path::to_path_buf)
        .collect();
    let remove_created = || {
        for d in &created {
            let _ = std::fs::remove_dir(d); // only when empty
        }
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create output folder: {e}", dir.display()))?;
    let fail = |target: &Path, e: &dyn std::fmt::Display| {
        format!(
            "{}: cannot write: {e}; no output was written (the folder is as it was)",
            target.display()
        )
    };
    // a folder where an output goes cannot be replaced: refuse before writing
    for (name, _) in files {
        let target = dir.join(name);
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            remove_created();
            return Err(fail(&target, &"a folder has this name"));
        }
    }
    let tag = std::process::id();
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let remove_temps = |written: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (name, content) in files {
        let target = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp-{tag}"));
        if let Err(e) = write_file(&tmp, content) {
            let _ = std::fs::remove_file(&tmp);
            remove_temps(&written);
            remove_created();
            return Err(fail(&target, &e));
        }
        written.push((tmp, target));
    }
    // Every file is written: put them in place, each existing one first
    // moved aside, so that a failure midway can put everything back.
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let mut failure = None;
    for (i, (tmp, target)) in written.iter().enumerate() {
        let backup = dir.join(format!(".{}.old-{tag}", files[i].0));
        let had = target.exists();
        if had && let Err(e) = rename(target, &backup) {
            failure = Some((target.clone(), e));
            break;
        }
        if let Err(e) = rename(tmp, target) {
            if had {
                let _ = std::fs::rename(&backup, target);
            }
            failure = Some((target.clone(), e));
            break;
        }
        done.push((target.clone(), had.then_some(backup)));
    }
    if let Some((target, e)) = failure {
        for (target, backup) in done.iter().rev() {
            match backup {
                Some(b) => {
                    let _ = std::fs::rename(b, target);
                }
                None => {
                    let _ = std::fs::remove_file(target);
                }
            }
        }
        remove_temps(&written);
        remove_created();
        return Err(fail(&target, &e));
    }
    for (_, backup) in done {
        if let Some(b) = backup {
            let _ = std::fs::remove_file(b);
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

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn a_rename_failing_midway_puts_the_earlier_files_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "old a").unwrap();
        std::fs::write(dir.path().join("mine.txt"), "keep").unwrap();
        let files = [
            ("a.csv".to_string(), Output::Bytes(b"new a".to_vec())),
            ("b.csv".to_string(), Output::Bytes(b"new b".to_vec())),
            ("c.csv".to_string(), Output::Bytes(b"new c".to_vec())),
        ];
        // the temporary file of b.csv cannot be renamed into place
        let mut rename = |from: &Path, to: &Path| {
            if to.ends_with("b.csv") {
                Err(io::Error::other("disk full"))
            } else {
                std::fs::rename(from, to)
            }
        };
        let e = write_all_with(dir.path(), &files, &mut rename).unwrap_err();
        assert!(e.contains("b.csv: cannot write: disk full"), "{e}");
        assert_eq!(names(dir.path()), ["a.csv", "mine.txt"]);
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"old a");
        assert_eq!(std::fs::read(dir.path().join("mine.txt")).unwrap(), b"keep");
    }

    #[test]
    fn a_writer_failing_midway_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "old a").unwrap();
        let half: Writer = Box::new(|out| {
            out.write_all(b"first rows\n")?;
            Err(io::Error::other("no space left"))
        });
        let files = [
            ("a.csv".to_string(), Output::Bytes(b"new a".to_vec())),
            ("b.csv".to_string(), Output::Written(half)),
        ];
        let e = write_outputs(dir.path(), &files).unwrap_err();
        assert!(e.contains("b.csv: cannot write: no space left"), "{e}");
        assert_eq!(names(dir.path()), ["a.csv"]);
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"old a");
    }

    #[test]
    fn replaces_old_outputs_and_leaves_no_backup() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "old").unwrap();
        write_all(dir.path(), &[("a.csv".into(), b"new".to_vec())]).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["a.csv"]);
    }

    #[test]
    fn a_folder_in_the_way_is_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new").join("out");
        std::fs::create_dir_all(out.join("b.csv")).unwrap();
        std::fs::write(out.join("a.csv"), "old").unwrap();
        let e = write_all(
            &out,
            &[
                ("a.csv".into(), b"1".to_vec()),
                ("b.csv".into(), b"2".to_vec()),
            ],
        )
        .unwrap_err();
        assert!(
            e.contains("b.csv: cannot write: a folder has this name"),
            "{e}"
        );
        assert_eq!(names(&out), ["a.csv", "b.csv"]);
        assert_eq!(std::fs::read(out.join("a.csv")).unwrap(), b"old");
    }

    #[test]
    fn a_folder_created_for_a_failed_run_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new").join("out");
        let mut rename = |_: &Path, _: &Path| Err(io::Error::other("no"));
        let files = [("a.csv".into(), Output::Bytes(b"1".to_vec()))];
        assert!(write_all_with(&out, &files, &mut rename).is_err());
        assert!(!dir.path().join("new").exists());
    }

    #[test]
    fn out_dir_under_a_file_is_refused_early() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let e = check_out_dir(&file.join("out"), dir.path()).unwrap_err();
        assert!(e.contains("is a file, not a folder"), "{e}");
        let e = check_out_dir(&file, dir.path()).unwrap_err();
        assert!(e.contains("the output folder is a file"), "{e}");
        assert!(check_out_dir(&dir.path().join("a/b"), &file).is_ok());
    }
}
