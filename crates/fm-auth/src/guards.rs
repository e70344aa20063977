//! Role guards of endpoints: user roles accepted/required, account roles accepted/required.
//!
//! Admins pass every guard; the exemption is evaluated per request.

use fm_domain::roles::ADMIN;

use crate::{AccessError, Actor};

/// The user must have at least one of `roles` (admin is always accepted).
///
/// The refusal names the accepted roles with admin appended, as the original's message does.
pub fn roles_accepted(actor: &Actor, roles: &[&str]) -> Result<(), AccessError> {
    if actor.is_admin() || roles.iter().any(|r| actor.has_role(r)) {
        return Ok(());
    }
    let mut named: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
    if !roles.contains(&ADMIN) {
        named.push(ADMIN.to_owned());
    }
    Err(AccessError::MissingRoles { roles: named })
}

/// The user must have all of `roles` (admins are exempt).
pub fn roles_required(actor: &Actor, roles: &[&str]) -> Result<(), AccessError> {
    if actor.is_admin() || roles.iter().all(|r| actor.has_role(r)) {
        return Ok(());
    }
    Err(AccessError::MissingRoles { roles: roles.iter().map(|r| (*r).to_owned()).collect() })
}

/// The user must be an admin, or its account must have one of `account_roles`.
pub fn account_roles_accepted(actor: &Actor, account_roles: &[&str]) -> Result<(), AccessError> {
    if actor.is_admin() || account_roles.iter().any(|r| actor.has_account_role(r)) {
        return Ok(());
    }
    Err(AccessError::Forbidden { reason: format!("account lacks any of {account_roles:?}") })
}

/// The user must be an admin, or its account must have all of `account_roles`.
pub fn account_roles_required(actor: &Actor, account_roles: &[&str]) -> Result<(), AccessError> {
    if actor.is_admin() || account_roles.iter().all(|r| actor.has_account_role(r)) {
        return Ok(());
    }
    Err(AccessError::Forbidden { reason: format!("account lacks some of {account_roles:?}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[&str], account_roles: &[&str]) -> Actor {
        Actor {
            user_id: 1,
            account_id: 1,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            account_roles: account_roles.iter().map(|r| r.to_string()).collect(),
        }
    }

    #[test]
    fn accepted_roles_name_admin_too() {
        assert_eq!(roles_accepted(&actor(&["account-admin"], &[]), &["account-admin"]), Ok(()));
        assert_eq!(roles_accepted(&actor(&["admin"], &[]), &["account-admin"]), Ok(()));
        assert_eq!(
            roles_accepted(&actor(&[], &[]), &["account-admin"]),
            Err(AccessError::MissingRoles { roles: vec!["account-admin".into(), "admin".into()] })
        );
    }

    #[test]
    fn required_roles_exempt_admins_per_request() {
        assert_eq!(roles_required(&actor(&["task-runner"], &[]), &["task-runner"]), Ok(()));
        assert_eq!(roles_required(&actor(&["admin"], &[]), &["task-runner"]), Ok(()));
        assert_eq!(
            roles_required(&actor(&["account-admin"], &[]), &["task-runner"]),
            Err(AccessError::MissingRoles { roles: vec!["task-runner".into()] })
        );
    }

    #[test]
    fn account_roles() {
        assert!(account_roles_accepted(&actor(&[], &["Prosumer"]), &["Prosumer", "ESCo"]).is_ok());
        assert!(account_roles_accepted(&actor(&[], &["Dummy"]), &["Prosumer", "ESCo"]).is_err());
        assert!(account_roles_accepted(&actor(&["admin"], &[]), &["Prosumer"]).is_ok());
        assert!(account_roles_required(&actor(&[], &["Prosumer"]), &["Prosumer", "ESCo"]).is_err());
        assert!(account_roles_required(&actor(&[], &["Prosumer", "ESCo"]), &["Prosumer", "ESCo"]).is_ok());
    }
}
