//! Tests of entity-address parsing and building.

mod build;
mod parse;
mod props;
