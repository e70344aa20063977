//! The initial structure of a fresh installation, created idempotently.

use fm_domain::structure::{ACCOUNT_ROLES, ASSET_TYPES, PLATFORM_SOURCE_NAME, PLATFORM_SOURCE_TYPES, USER_ROLES};

use crate::assets::get_or_create_asset_type;
use crate::data_sources::get_or_create_source;
use crate::roles::{RoleKind, get_or_create_role};
use crate::{DbConnection, StorageResult};

/// How many things `ensure_initial_structure` created (zero everywhere on a second run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CreatedStructure {
    /// User roles created.
    pub user_roles: usize,
    /// Account roles created.
    pub account_roles: usize,
    /// Asset types created.
    pub asset_types: usize,
    /// Data sources created.
    pub data_sources: usize,
}

/// Creates the default user roles, account roles, asset types and platform data sources that
/// are missing. Call inside a transaction.
pub fn ensure_initial_structure(conn: &mut DbConnection) -> StorageResult<CreatedStructure> {
    let mut created = CreatedStructure::default();
    for r in USER_ROLES {
        created.user_roles += usize::from(get_or_create_role(conn, RoleKind::User, r.name, Some(r.description))?.1);
    }
    for r in ACCOUNT_ROLES {
        created.account_roles += usize::from(get_or_create_role(conn, RoleKind::Account, r.name, Some(r.description))?.1);
    }
    for t in ASSET_TYPES {
        created.asset_types += usize::from(get_or_create_asset_type(conn, t.name, Some(t.description))?.1);
    }
    for source_type in PLATFORM_SOURCE_TYPES {
        created.data_sources += usize::from(get_or_create_source(conn, PLATFORM_SOURCE_NAME, source_type, None, None)?.1);
    }
    Ok(created)
}
