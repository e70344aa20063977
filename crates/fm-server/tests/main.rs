//! Integration tests of the server: the real app composition in process, the real binary for
//! the CLI and end to end over HTTP. SQLite always; PostgreSQL when
//! `FLEXMEASURES_TEST_DATABASE_URL` is set (tests named `postgres`).

mod support;

mod api_index;
mod cli;
mod cli_data;
mod cli_legacy;
mod end_to_end;
mod errors;
mod ops;
mod pages;
mod play;
mod request_auth_token;
mod tokens;
mod v1;
mod v2_0;
mod v3_0;
