//! The USEF-style messages of API v1 to v1_3 (api-legacy-v1.md).
