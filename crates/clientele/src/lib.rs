//! The `clientele` command: library side, shared with the benchmark.

pub mod commands;
pub mod names;
pub mod seed;
pub mod transfer;
