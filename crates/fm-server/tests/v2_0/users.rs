//! `/api/v2_0/users`, `/api/v2_0/user/<id>` and its password reset: listing, reading, editing
//! (self-edits, account-admins, roles, duplicates, deactivation) and resets, with every error
//! envelope of api-v2_0.md §5 in the original's order (lookups before authentication).

use actix_web::test::TestRequest;
use fm_storage::roles::{RoleKind, find_role};
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, call, on_both_backends, unauthorized_body};

/// Users of Acme (an account-admin, a member, a colleague), of Other (an account-admin) and of
/// Host (an admin, an admin-reader), with their ids and tokens.
struct World {
    app: TestApp,
    acme: i32,
    other: i32,
    ids: [i32; 6],
    tokens: [String; 6],
}

const EMAILS: [&str; 6] = ["boss@acme.com", "member@acme.com", "colleague@acme.com", "stranger@other.com", "admin@host.com", "reader@host.com"];
const BOSS: usize = 0;
const MEMBER: usize = 1;
const COLLEAGUE: usize = 2;
const STRANGER: usize = 3;
const ADMIN: usize = 4;
const READER: usize = 5;

fn world(app: TestApp) -> World {
    fm_storage::structure::ensure_initial_structure(&mut app.rt.db.conn().unwrap()).unwrap();
    let (acme, other, host) = (app.account("Acme", &[]), app.account("Other", &[]), app.account("Host", &[]));
    let accounts = [acme, acme, acme, other, host, host];
    let roles: [&[&str]; 6] = [&["account-admin"], &[], &[], &["account-admin"], &["admin"], &["admin-reader"]];
    let ids = [0, 1, 2, 3, 4, 5].map(|i| app.user(EMAILS[i], accounts[i], roles[i]));
    let tokens = EMAILS.map(|e| app.token_for(e));
    World { app, acme, other, ids, tokens }
}

impl World {
    fn role(&self, name: &str) -> i32 {
        find_role(&mut self.app.rt.db.conn().unwrap(), RoleKind::User, name).unwrap().unwrap().id
    }
    fn get(&self, uri: &str, by: usize) -> TestRequest {
        TestRequest::get().uri(uri).insert_header(("Authorization", self.tokens[by].as_str()))
    }
    fn user(&self, who: usize, by: usize) -> TestRequest {
        self.get(&format!("/api/v2_0/user/{}", self.ids[who]), by)
    }
    fn patch(&self, who: usize, body: Value, by: usize) -> TestRequest {
        let uri = format!("/api/v2_0/user/{}", self.ids[who]);
        TestRequest::patch().uri(&uri).set_json(body).insert_header(("Authorization", self.tokens[by].as_str()))
    }
    fn reset(&self, who: usize, by: usize) -> TestRequest {
        let uri = format!("/api/v2_0/user/{}/password-reset", self.ids[who]);
        TestRequest::patch().uri(&uri).insert_header(("Authorization", self.tokens[by].as_str()))
    }
    /// The user object as the API shows it (no login yet).
    fn shown(&self, who: usize, account: i32, roles: &[&str]) -> Value {
        let roles: Vec<i32> = roles.iter().map(|r| self.role(r)).collect();
        let email = EMAILS[who];
        json!({
            "account_id": account, "active": true, "email": email, "flexmeasures_roles": roles, "id": self.ids[who],
            "last_login_at": null, "timezone": "Europe/Amsterdam", "username": email.split('@').next(),
        })
    }
}

fn forbidden() -> (u16, Value) {
    (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality."}))
}

fn rejected(location: &str, fields: Value) -> (u16, Value) {
    (422, json!({"message": {location: fields}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}))
}

fn with_status(mut body: Value) -> Value {
    body["status"] = json!(200);
    body
}

async fn listing_and_reading(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let (boss, member, colleague) = (w.shown(BOSS, w.acme, &["account-admin"]), w.shown(MEMBER, w.acme, &[]), w.shown(COLLEAGUE, w.acme, &[]));
    assert_eq!(call(&service, w.get("/api/v2_0/users", MEMBER)).await, (200, json!([boss, member, colleague])));

    fm_storage::users::set_active(&mut w.app.rt.db.conn().unwrap(), w.ids[COLLEAGUE], false).unwrap();
    assert_eq!(call(&service, w.get("/api/v2_0/users", MEMBER)).await, (200, json!([boss, member])), "active users only");
    let mut inactive = colleague;
    inactive["active"] = json!(false);
    for yes in ["true", "YES", "1", "on", "t"] {
        let uri = format!("/api/v2_0/users?include_inactive={yes}");
        assert_eq!(call(&service, w.get(&uri, MEMBER)).await, (200, json!([boss, member, inactive])), "{yes}");
    }

    let other = format!("/api/v2_0/users?account_id={}", w.other);
    assert_eq!(call(&service, w.get(&other, BOSS)).await, forbidden());
    let stranger = w.shown(STRANGER, w.other, &["account-admin"]);
    assert_eq!(call(&service, w.get(&other, ADMIN)).await, (200, json!([stranger])));
    assert_eq!(call(&service, w.get(&other, READER)).await, (200, json!([stranger])));

    for reader in [BOSS, MEMBER, ADMIN, READER] {
        assert_eq!(call(&service, w.user(BOSS, reader)).await, (200, with_status(boss.clone())), "read by {}", EMAILS[reader]);
    }
    assert_eq!(call(&service, w.user(BOSS, STRANGER)).await, forbidden());
    assert_eq!(call(&service, w.user(STRANGER, MEMBER)).await, forbidden());
}
on_both_backends!(listing_and_reading);

#[actix_web::test]
async fn lookups_come_before_authentication() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let anonymous = |uri: &str| TestRequest::get().uri(uri);
    let no_account = (404, json!({"message": "Account 999 not found", "status": 404}));
    assert_eq!(call(&service, anonymous("/api/v2_0/users?account_id=999")).await, no_account);
    assert_eq!(call(&service, w.get("/api/v2_0/users?account_id=999", ADMIN)).await, no_account);
    assert_eq!(call(&service, anonymous("/api/v2_0/users")).await, (401, unauthorized_body()));
    assert_eq!(call(&service, anonymous(&format!("/api/v2_0/users?account_id={}", w.acme))).await, (401, unauthorized_body()));
    assert_eq!(call(&service, w.get("/api/v2_0/users?account_id=acme", ADMIN)).await, rejected("query", json!({"account_id": ["Not a valid integer."]})));
    assert_eq!(call(&service, w.get("/api/v2_0/users?include_inactive=maybe", ADMIN)).await, rejected("query", json!({"include_inactive": ["Not a valid boolean."]})));

    let no_user = (404, json!({"message": "User 999 not found", "status": 404}));
    assert_eq!(call(&service, anonymous("/api/v2_0/user/999")).await, no_user);
    assert_eq!(call(&service, w.get("/api/v2_0/user/999", ADMIN)).await, no_user);
    assert_eq!(call(&service, w.get("/api/v2_0/user/me", ADMIN)).await, (404, json!({"message": "User me not found", "status": 404})));
    let member = format!("/api/v2_0/user/{}", w.ids[MEMBER]);
    assert_eq!(call(&service, anonymous(&member)).await, (401, unauthorized_body()));
    assert_eq!(call(&service, anonymous(&member).insert_header(("Authorization", "garbage"))).await, (401, unauthorized_body()));

    let patch = |uri: &str, body: Value| TestRequest::patch().uri(uri).set_json(body);
    assert_eq!(call(&service, patch(&member, json!({"id": 1}))).await, rejected("json", json!({"id": ["Unknown field."]})), "the body is checked first");
    assert_eq!(call(&service, patch("/api/v2_0/user/999", json!({}))).await, no_user);
    assert_eq!(call(&service, patch(&member, json!({"timezone": "UTC"}))).await, (401, unauthorized_body()));
    let reset = |uri: &str| TestRequest::patch().uri(uri);
    assert_eq!(call(&service, reset("/api/v2_0/user/999/password-reset")).await, no_user);
    assert_eq!(call(&service, reset(&format!("{member}/password-reset"))).await, (401, unauthorized_body()));
}

#[actix_web::test]
async fn users_edit_themselves_but_not_their_active_flag_or_roles() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let body = json!({"email": "me@acme.com", "username": "me", "timezone": "UTC", "last_login_at": "2021-01-01T00:00:00+00:00"});
    let mut expected = w.shown(MEMBER, w.acme, &[]);
    expected.as_object_mut().unwrap().extend([("email".into(), json!("me@acme.com")), ("username".into(), json!("me")), ("timezone".into(), json!("UTC"))]);
    assert_eq!(call(&service, w.patch(MEMBER, body, MEMBER)).await, (200, with_status(expected.clone())), "last_login_at is checked and ignored");
    assert_eq!(call(&service, w.user(MEMBER, MEMBER)).await, (200, with_status(expected)), "stored");

    assert_eq!(call(&service, w.patch(MEMBER, json!({"active": true}), MEMBER)).await, forbidden(), "even an unchanged active flag");
    assert_eq!(call(&service, w.patch(MEMBER, json!({"flexmeasures_roles": []}), MEMBER)).await, forbidden());
    assert_eq!(call(&service, w.patch(ADMIN, json!({"flexmeasures_roles": []}), ADMIN)).await, forbidden(), "admins neither");
    assert_eq!(call(&service, w.patch(MEMBER, json!({"timezone": "Europe/Amsterdam", "active": true}), MEMBER)).await, forbidden());
    assert_eq!(call(&service, w.user(MEMBER, MEMBER)).await.1["timezone"], json!("UTC"), "a refused edit changes nothing");

    let invalid = json!({"email": "not-an-address", "timezone": "Mars/Base", "last_login_at": "2021-01-01T00:00:00", "password": "x", "account_id": 1});
    assert_eq!(
        call(&service, w.patch(MEMBER, invalid, MEMBER)).await,
        rejected("json", json!({
            "email": ["Not a valid email address."], "timezone": ["Timezone Mars/Base doesn't exist."],
            "last_login_at": ["Not a valid aware datetime."], "password": ["Unknown field."], "account_id": ["Unknown field."],
        }))
    );
    let (status, refused) = call(&service, w.patch(MEMBER, json!({"username": "colleague"}), MEMBER)).await;
    assert_eq!((status, refused["message"].clone(), refused["status"].clone()), (400, json!("Duplicate user already exists"), json!(400)), "{refused}");
    assert!(refused["detail"].is_string());
}

async fn account_admins_and_admins_edit_others(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let admin_role = w.role("admin");
    let (status, shown) = call(&service, w.patch(MEMBER, json!({"flexmeasures_roles": [admin_role], "username": "promoted"}), BOSS)).await;
    assert_eq!((status, shown["flexmeasures_roles"].clone(), shown["username"].clone()), (200, json!([admin_role]), json!("promoted")), "{shown}");
    assert_eq!(call(&service, w.patch(MEMBER, json!({"flexmeasures_roles": [99999]}), BOSS)).await, rejected("json", json!({"flexmeasures_roles": ["Role with ID 99999 does not exist."]})));
    assert_eq!(call(&service, w.patch(MEMBER, json!({"flexmeasures_roles": []}), ADMIN)).await.1["flexmeasures_roles"], json!([]));
    assert_eq!(call(&service, w.patch(BOSS, json!({"timezone": "UTC"}), COLLEAGUE)).await, forbidden(), "colleagues may not");
    assert_eq!(call(&service, w.patch(MEMBER, json!({"timezone": "UTC"}), STRANGER)).await, forbidden(), "account-admins of other accounts may not");
    assert_eq!(call(&service, w.patch(MEMBER, json!({"timezone": "UTC"}), READER)).await, forbidden(), "admin-readers may not");

    let (status, shown) = call(&service, w.patch(COLLEAGUE, json!({"active": false}), BOSS)).await;
    assert_eq!((status, shown["active"].clone()), (200, json!(false)));
    assert_eq!(call(&service, w.user(COLLEAGUE, COLLEAGUE)).await, (401, unauthorized_body()), "deactivation ends the user's tokens");
    assert_eq!(call(&service, w.patch(COLLEAGUE, json!({"active": true}), ADMIN)).await.1["active"], json!(true));
    assert_eq!(call(&service, w.user(COLLEAGUE, COLLEAGUE)).await, (401, unauthorized_body()), "reactivation does not revive old tokens");
}
on_both_backends!(account_admins_and_admins_edit_others);

#[actix_web::test]
async fn password_resets_revoke_access() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    assert_eq!(call(&service, w.reset(BOSS, COLLEAGUE)).await, forbidden(), "a plain colleague may not");
    assert_eq!(call(&service, w.reset(MEMBER, STRANGER)).await, forbidden());
    assert_eq!(call(&service, w.reset(MEMBER, READER)).await, forbidden());
    assert_eq!(call(&service, w.user(MEMBER, MEMBER)).await.0, 200, "refused resets change nothing");

    assert_eq!(call(&service, w.reset(MEMBER, MEMBER)).await, (200, json!({"status": 200})));
    assert_eq!(call(&service, w.user(MEMBER, MEMBER)).await, (401, unauthorized_body()), "old tokens stop working");
    let login = TestRequest::post().uri("/api/requestAuthToken").set_json(json!({"email": EMAILS[MEMBER], "password": PASSWORD}));
    assert_eq!(call(&service, login).await, (401, json!({"errors": ["User password does not match."], "status": 401})));

    assert_eq!(call(&service, w.reset(COLLEAGUE, BOSS)).await, (200, json!({"status": 200})), "account-admins reset their users");
    assert_eq!(call(&service, w.reset(STRANGER, ADMIN)).await, (200, json!({"status": 200})));
    assert_eq!(call(&service, w.user(STRANGER, STRANGER)).await, (401, unauthorized_body()));
}
