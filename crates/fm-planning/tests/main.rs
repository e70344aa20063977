//! Tests of the storage scheduler: the spec's test vectors T1–T6 (`spec_vectors`), one test per
//! model field (`fields`), the two solvers (`solvers`) and the solve times (`performance`).

mod common;
mod fields;
mod head_fields;
mod head_vectors;
mod performance;
mod solvers;
mod spec_vectors;
