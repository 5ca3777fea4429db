//! tollrange: conflicting reported death tolls into honest range estimates.
//!
//! Data flows one way:
//! case folder ─[`case`]→ claims ─[`figure`, `claim`]→ interval claims per
//! target ─[`engine`]→ draws ─[`summary`]→ estimates ─[`export`]→ CSV, PNG.

// `!(x > 0.0)` is the NaN-safe form of a check (as in rand_distr): keep it.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod calibrate;
pub mod case;
pub mod case_files;
pub mod claim;
pub mod cmd;
pub mod engine;
pub mod export;
pub mod figure;
pub mod fxhash;
pub mod import;
/// The phrase tables live with the parser that reads them (`figure/lexicon.rs`).
pub use figure::lexicon;
pub mod problem;
pub mod sensitivity;
pub mod summary;
pub mod table;
pub mod text;

/// Largest count accepted anywhere (a billion deaths is not a toll).
pub const MAX_COUNT: u64 = 1_000_000_000;
