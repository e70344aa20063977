//! Integration tests of the storage layer, run on SQLite and (when configured) PostgreSQL.

mod beliefs;
mod jobs;
mod story;
