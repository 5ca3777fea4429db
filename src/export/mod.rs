//! Exporters turn estimates into bytes; writing files is `write_all`'s job,
//! so exporters are tested without touching the disk.

pub mod chart;
pub mod compare;
pub mod csv;
pub mod output;
pub mod report;
