//! Users of API v2_0 (api-v2_0.md §5).
