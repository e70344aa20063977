//! Tests of `/api/v3_0/users` (being written).
