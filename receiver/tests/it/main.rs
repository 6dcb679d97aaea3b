//! The receiver over real HTTP on 127.0.0.1, on a real SQLite file and real PostgreSQL servers,
//! built as one test binary.

mod dashboard;
mod postgres;
mod receive;
