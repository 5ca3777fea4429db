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
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("case-files-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// // the fuzz target's input: the files' bytes separated by 0xFE
/// let data: &[u8] = b"id,name\ne1,E\xFEid,name,kind,trust\n";
/// let parts: Vec<&[u8]> = data.split(|&b| b == 0xFE).collect();
/// tollrange::case_files::write_case_files(&dir, std::array::from_fn(|i| parts.get(i).copied()))
///     .unwrap();
/// assert!(dir.join("sources.csv").is_file() && !dir.join("claims.csv").exists());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
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
