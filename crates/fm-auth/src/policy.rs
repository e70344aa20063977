//! The access policy: principals, ACLs per entity, and `check_access`.
//!
//! An ACL maps a permission to principals; a list means any may match (OR), a group within it
//! means all must match (AND). Admins pass every check, admin-readers every read. The ACLs are
//! those of the newest FlexMeasures, which add consultancy access to the v0.9.0 ones.

use fm_domain::roles::{ACCOUNT_ADMIN, ADMIN, ADMIN_READER, CONSULTANT};

use crate::AccessError;

/// What a user wants to do with an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create something inside it (users or assets in an account, sensors in an asset, beliefs on a sensor).
    CreateChildren,
    /// Read it.
    Read,
    /// Change it.
    Update,
    /// Delete it.
    Delete,
}

impl Permission {
    /// The permission named as in the original (`create-children`, `read`, `update`, `delete`).
    pub fn parse(name: &str) -> Option<Permission> {
        match name {
            "create-children" => Some(Permission::CreateChildren),
            "read" => Some(Permission::Read),
            "update" => Some(Permission::Update),
            "delete" => Some(Permission::Delete),
            _ => None,
        }
    }
}

/// Who is asking: an authenticated, active user with its roles and its account's roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's id.
    pub user_id: i32,
    /// The user's account id.
    pub account_id: i32,
    /// The user's role names.
    pub roles: Vec<String>,
    /// The user's account's role names.
    pub account_roles: Vec<String>,
}

impl Actor {
    /// Whether the user has this user role.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    /// Whether the user's account has this account role.
    pub fn has_account_role(&self, role: &str) -> bool {
        self.account_roles.iter().any(|r| r == role)
    }

    /// Whether the user is a super user.
    pub fn is_admin(&self) -> bool {
        self.has_role(ADMIN)
    }
}

/// One principal string of the original: `user:<id>`, `role:<name>`, `account:<id>`,
/// `account-role:<name>` or `every-logged-in-user`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The user with this id.
    User(i32),
    /// Users with this user role.
    Role(String),
    /// Users of this account.
    Account(i32),
    /// Users whose account has this account role.
    AccountRole(String),
    /// Any authenticated user.
    EveryLoggedInUser,
}

impl Principal {
    /// Whether `actor` is this principal.
    pub fn matches(&self, actor: &Actor) -> bool {
        match self {
            Principal::User(id) => actor.user_id == *id,
            Principal::Role(role) => actor.has_role(role),
            Principal::Account(id) => actor.account_id == *id,
            Principal::AccountRole(role) => actor.has_account_role(role),
            Principal::EveryLoggedInUser => true,
        }
    }
}

/// Principals for one permission: any group may match, and all principals within a group must.
/// No groups means nobody (but admins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acl(pub Vec<Vec<Principal>>);

impl Acl {
    fn nobody() -> Acl {
        Acl(Vec::new())
    }

    /// Whether `actor` matches any group.
    pub fn allows(&self, actor: &Actor) -> bool {
        self.0.iter().any(|group| !group.is_empty() && group.iter().all(|p| p.matches(actor)))
    }
}

/// An account as an owner of things: its id and its consultancy account, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountRef {
    /// The account's id.
    pub id: i32,
    /// The account whose consultants may work here.
    pub consultancy_account_id: Option<i32>,
}

/// An entity whose access is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// An account.
    Account(AccountRef),
    /// A user, in its account.
    User {
        /// The user's id.
        id: i32,
        /// The user's account.
        account: AccountRef,
    },
    /// A generic asset; `None` = a public asset.
    Asset(Option<AccountRef>),
    /// A sensor, by the account of its asset; `None` = on a public asset.
    Sensor(Option<AccountRef>),
}

fn account(id: i32) -> Principal {
    Principal::Account(id)
}

fn role(name: &str) -> Principal {
    Principal::Role(name.to_owned())
}

/// The consultancy group `(account:<cons> AND role:consultant)`, when the account has one.
fn consultants(owner: AccountRef) -> Option<Vec<Principal>> {
    owner.consultancy_account_id.map(|cons| vec![account(cons), role(CONSULTANT)])
}

fn groups(first: Vec<Principal>, owner: AccountRef) -> Acl {
    Acl(std::iter::once(first).chain(consultants(owner)).collect())
}

impl Context {
    /// The ACL of this entity for `permission`.
    pub fn acl(&self, permission: Permission) -> Acl {
        use Permission::*;
        match (*self, permission) {
            (Context::Account(a), CreateChildren) => groups(vec![account(a.id), role(ACCOUNT_ADMIN)], a),
            (Context::Account(a), Read | Update) => groups(vec![account(a.id)], a),
            (Context::Account(_), Delete) => Acl::nobody(),
            (Context::User { account: a, .. }, Read) => groups(vec![account(a.id)], a),
            (Context::User { id, account: a }, Update) => {
                let mut acl = groups(vec![account(a.id), role(ACCOUNT_ADMIN)], a);
                acl.0.insert(0, vec![Principal::User(id)]);
                acl
            }
            (Context::User { .. }, CreateChildren | Delete) => Acl::nobody(),
            (Context::Asset(None) | Context::Sensor(None), Read) => Acl(vec![vec![Principal::EveryLoggedInUser]]),
            (Context::Asset(None) | Context::Sensor(None), _) => Acl::nobody(),
            (Context::Asset(Some(a)), Read) => Context::Account(a).acl(Read),
            (Context::Asset(Some(a)), CreateChildren | Update) => groups(vec![account(a.id)], a),
            (Context::Asset(Some(a)), Delete) => groups(vec![account(a.id), role(ACCOUNT_ADMIN)], a),
            (Context::Sensor(Some(a)), Read) => Context::Asset(Some(a)).acl(Read),
            (Context::Sensor(Some(a)), CreateChildren) => groups(vec![account(a.id)], a),
            (Context::Sensor(Some(a)), Update | Delete) => groups(vec![account(a.id), role(ACCOUNT_ADMIN)], a),
        }
    }
}

/// Whether `actor` may do `permission` on `context`, evaluated in the original's order:
/// anonymous → 401; no context → 403; admin → allowed; admin-reader reading → allowed;
/// the context's ACL → allowed or 403.
pub fn check_access(actor: Option<&Actor>, context: Option<&Context>, permission: Permission) -> Result<(), AccessError> {
    let actor = actor.ok_or(AccessError::Unauthenticated)?;
    let context = context.ok_or_else(|| AccessError::Forbidden { reason: "no context given".to_owned() })?;
    if actor.is_admin() || (permission == Permission::Read && actor.has_role(ADMIN_READER)) {
        return Ok(());
    }
    if context.acl(permission).allows(actor) {
        Ok(())
    } else {
        Err(AccessError::Forbidden { reason: format!("user {} lacks {permission:?} on {context:?}", actor.user_id) })
    }
}

/// [`check_access`] for a permission given by name; an unknown name is refused with 403.
pub fn check_access_by_name(actor: Option<&Actor>, context: Option<&Context>, permission: &str) -> Result<(), AccessError> {
    let permission = Permission::parse(permission)
        .ok_or_else(|| AccessError::Forbidden { reason: format!("unknown permission '{permission}'") })?;
    check_access(actor, context, permission)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(user_id: i32, account_id: i32, roles: &[&str]) -> Actor {
        Actor { user_id, account_id, roles: roles.iter().map(|r| r.to_string()).collect(), account_roles: vec![] }
    }

    const ACME: AccountRef = AccountRef { id: 1, consultancy_account_id: Some(9) };
    const OTHER: AccountRef = AccountRef { id: 2, consultancy_account_id: None };

    #[test]
    fn order_of_evaluation() {
        let ctx = Context::Account(ACME);
        assert_eq!(check_access(None, Some(&ctx), Permission::Read), Err(AccessError::Unauthenticated));
        assert!(matches!(check_access(Some(&actor(1, 1, &[])), None, Permission::Read), Err(AccessError::Forbidden { .. })));
        assert!(matches!(check_access_by_name(Some(&actor(1, 1, &["admin"])), Some(&ctx), "fly"), Err(AccessError::Forbidden { .. })));
        assert_eq!(check_access(Some(&actor(1, 5, &["admin"])), Some(&ctx), Permission::Delete), Ok(()));
        assert_eq!(check_access(Some(&actor(1, 5, &["admin-reader"])), Some(&ctx), Permission::Read), Ok(()));
        assert!(check_access(Some(&actor(1, 5, &["admin-reader"])), Some(&ctx), Permission::Update).is_err());
    }

    #[test]
    fn own_account_other_account_and_consultants() {
        let member = actor(10, 1, &[]);
        let account_admin = actor(11, 1, &["account-admin"]);
        let stranger = actor(12, 2, &["account-admin"]);
        let consultant = actor(13, 9, &["consultant"]);
        let not_a_consultant = actor(14, 9, &[]);
        let asset = Context::Asset(Some(ACME));
        assert!(asset.acl(Permission::Read).allows(&member));
        assert!(asset.acl(Permission::Update).allows(&member));
        assert!(!asset.acl(Permission::Delete).allows(&member));
        assert!(asset.acl(Permission::Delete).allows(&account_admin));
        assert!(!asset.acl(Permission::Read).allows(&stranger));
        assert!(asset.acl(Permission::Delete).allows(&consultant));
        assert!(!asset.acl(Permission::Read).allows(&not_a_consultant));
        assert!(!Context::Asset(Some(OTHER)).acl(Permission::Read).allows(&consultant));
    }

    #[test]
    fn public_assets_are_readable_by_all_and_writable_by_admins_only() {
        let anyone = actor(1, 1, &["account-admin"]);
        for ctx in [Context::Asset(None), Context::Sensor(None)] {
            assert!(check_access(Some(&anyone), Some(&ctx), Permission::Read).is_ok());
            for p in [Permission::Update, Permission::Delete, Permission::CreateChildren] {
                assert!(check_access(Some(&anyone), Some(&ctx), p).is_err());
                assert!(check_access(Some(&actor(2, 2, &["admin"])), Some(&ctx), p).is_ok());
            }
        }
    }

    #[test]
    fn users_edit_themselves_and_account_admins_edit_their_users() {
        let ctx = Context::User { id: 10, account: ACME };
        assert!(ctx.acl(Permission::Update).allows(&actor(10, 1, &[])));
        assert!(!ctx.acl(Permission::Update).allows(&actor(15, 1, &[])));
        assert!(ctx.acl(Permission::Update).allows(&actor(15, 1, &["account-admin"])));
        assert!(ctx.acl(Permission::Read).allows(&actor(15, 1, &[])));
        assert!(!ctx.acl(Permission::Delete).allows(&actor(10, 1, &["account-admin"])));
    }

    #[test]
    fn sensors_follow_their_asset() {
        let ctx = Context::Sensor(Some(OTHER));
        assert!(ctx.acl(Permission::CreateChildren).allows(&actor(1, 2, &[])));
        assert!(!ctx.acl(Permission::Update).allows(&actor(1, 2, &[])));
        assert!(ctx.acl(Permission::Update).allows(&actor(1, 2, &["account-admin"])));
        assert!(!ctx.acl(Permission::Read).allows(&actor(1, 3, &[])));
    }
}
