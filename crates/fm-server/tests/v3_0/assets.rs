//! Tests of `/api/v3_0/assets` (being written).
