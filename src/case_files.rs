//! A case folder written from the bytes of its files, as they are (valid or
//! not): the fuzz targets and the property tests build their random cases
//! with it, so both exercise the same folders.

use std::io;
use std::path::Path;

/// The files of a case folder, in the order [`write_case_files`] takes them.
pub const CASE_FILES: [&str; 5] = [
    "events.csv",
    "sources.csv",
    "claims.csv",
    "lexicon.csv",
    "weights.csv",
];

/// Writes each file of [`CASE_FILES`] that has bytes and removes the ones
/// that have none, so a folder can be reused case after case.
pub fn write_case_files(dir: &Path, files: [Option<&[u8]>; 5]) -> io::Result<()> {
    for (name, bytes) in CASE_FILES.iter().zip(files) {
        let path = dir.join(name);
        match bytes {
            Some(b) => std::fs::write(path, b)?,
            None => match std::fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            },
        }
    }
    Ok(())
}
