//! Importing conflict-event datasets (UCDP GED, ACLED) as case folders.
//!
//! A dataset file is read as a stream of rows, each turned into a *record*:
//! one incident as the dataset codes it, with its event, its claims, and
//! where it happened (coordinates, admin names) for matching against other
//! datasets. Rows that cannot be read are set aside as [`Problem`]s with
//! their line, so one bad row does not cost the others. [`CaseOut`] is the
//! case folder about to be written; [`merge`] adds one dataset's records to
//! an existing case, matching incidents both datasets hold.
//!
//! Besides `events.csv`, `sources.csv` and `claims.csv`, an imported case has
//! `records.csv`: the dataset rows behind each event, with their coordinates.
//! `run` and `check` do not read it; `--merge` does.
//!
//! | file | stage |
//! |---|---|
//! | `dataset.rs` | the model: dataset, day, place, record, an import's result |
//! | `read.rs` | reading a dataset file: rows, header, which dataset, columns |
//! | `ucdp.rs`, `acled.rs` | one dataset's rows → records and claims |
//! | `rows.rs` | field helpers shared by both: counts, coordinates, days, claims |
//! | `write.rs` | the case folder written (`CaseOut`), `records.csv` read back |
//! | `merge.rs` | adding a dataset to an existing case |

pub mod acled;
mod dataset;
pub mod merge;
mod read;
mod rows;
pub mod ucdp;
mod write;

#[cfg(test)]
mod tests;

pub use dataset::*;
pub use read::{Columns, Input, RawRow, detect};
pub use rows::{clean, coords, count, day, record_key, shorten};
pub use write::{CaseOut, RECORDS, RecordRow, read_records};

use crate::problem::Problems;
use std::io::Read;
use std::path::Path;

/// Reads a dataset file.
pub fn import_file(dataset: Dataset, path: &Path, display: &str) -> Result<Imported, Problems> {
    let input = Input::open(path, display)?;
    import(dataset, input)
}

/// Reads a dataset from any byte stream (tests, stdin).
pub fn import_reader(
    dataset: Dataset,
    reader: impl Read + 'static,
    display: &str,
) -> Result<Imported, Problems> {
    let input = Input::new(Box::new(reader), display)?;
    import(dataset, input)
}

fn import(dataset: Dataset, input: Input) -> Result<Imported, Problems> {
    match dataset {
        Dataset::Ucdp => ucdp::read(input),
        Dataset::Acled => acled::read(input),
    }
}
