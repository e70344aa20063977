//! Tests of `/api/v3_0/sensors` (being written).
