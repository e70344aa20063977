//! Version facts the API reports about itself.

/// The FlexMeasures version whose behaviour this server reproduces; reported by `GET /api`.
pub const FLEXMEASURES_VERSION: &str = "0.9.0";

/// Every API version of the original, in the order `GET /api` lists them.
pub const ALL_API_VERSIONS: [&str; 6] = ["v1", "v1_1", "v1_2", "v1_3", "v2_0", "v3_0"];
