//! Tests of the units module: table-driven examples from the spec and property tests.

mod classify_tests;
mod convert_tests;
mod parse_tests;
mod properties;
mod quantity_tests;
