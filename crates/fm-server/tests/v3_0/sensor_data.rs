//! Tests of `/api/v3_0/sensors/<id>/data` and `/sensors/data` (being written).
