//! `/api/v3_0/users`: listing and reading users, editing them (self-edits, account-admins,
//! role changes, duplicates, deactivation) and password resets, with every error envelope.

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

fn role_id(app: &TestApp, name: &str) -> i32 {
    find_role(&mut app.rt.db.conn().unwrap(), RoleKind::User, name).unwrap().unwrap().id
}

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
        role_id(&self.app, name)
    }
    fn get(&self, uri: &str, by: usize) -> TestRequest {
        TestRequest::get().uri(uri).insert_header(("Authorization", self.tokens[by].as_str()))
    }
    fn user(&self, who: usize, by: usize) -> TestRequest {
        self.get(&format!("/api/v3_0/users/{}", self.ids[who]), by)
    }
    fn patch(&self, who: usize, body: Value, by: usize) -> TestRequest {
        let uri = format!("/api/v3_0/users/{}", self.ids[who]);
        TestRequest::patch().uri(&uri).set_json(body).insert_header(("Authorization", self.tokens[by].as_str()))
    }
    fn reset(&self, who: usize, by: usize) -> TestRequest {
        let uri = format!("/api/v3_0/users/{}/password-reset", self.ids[who]);
        TestRequest::patch().uri(&uri).insert_header(("Authorization", self.tokens[by].as_str()))
    }
    /// The user object as the API shows it (no login yet).
    fn shown(&self, who: usize, account: i32, roles: &[&str]) -> Value {
        let roles: Vec<i32> = roles.iter().map(|r| self.role(r)).collect();
        let email = EMAILS[who];
        json!({
            "id": self.ids[who], "email": email, "username": email.split('@').next(), "account_id": account, "active": true,
            "timezone": "Europe/Amsterdam", "flexmeasures_roles": roles, "last_login_at": null, "last_seen_at": null,
        })
    }
}

fn forbidden() -> (u16, Value) {
    (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality."}))
}
fn rejected(fields: Value) -> (u16, Value) {
    (422, json!({"message": {"json": fields}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}))
}
fn field(body: &(u16, Value), key: &str) -> (u16, Value) {
    (body.0, body.1[key].clone())
}

async fn listing_and_reading(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let (boss, member, colleague) = (w.shown(BOSS, w.acme, &["account-admin"]), w.shown(MEMBER, w.acme, &[]), w.shown(COLLEAGUE, w.acme, &[]));
    assert_eq!(call(&service, w.get("/api/v3_0/users", MEMBER)).await, (200, json!([boss, member, colleague])));

    fm_storage::users::set_active(&mut w.app.rt.db.conn().unwrap(), w.ids[COLLEAGUE], false).unwrap();
    assert_eq!(call(&service, w.get("/api/v3_0/users", MEMBER)).await, (200, json!([boss, member])), "active users only");
    let mut inactive = colleague;
    inactive["active"] = json!(false);
    assert_eq!(call(&service, w.get("/api/v3_0/users?include_inactive=true", MEMBER)).await, (200, json!([boss, member, inactive])));

    let other = format!("/api/v3_0/users?account={}", w.other);
    assert_eq!(call(&service, w.get(&other, BOSS)).await, forbidden());
    assert_eq!(call(&service, w.get(&format!("/api/v3_0/users?account_id={}", w.other), MEMBER)).await, forbidden(), "legacy alias");
    let stranger = w.shown(STRANGER, w.other, &["account-admin"]);
    assert_eq!(call(&service, w.get(&other, ADMIN)).await, (200, json!([stranger])));
    assert_eq!(call(&service, w.get(&other, READER)).await, (200, json!([stranger])));
    assert_eq!(call(&service, w.get("/api/v3_0/users?account=999", ADMIN)).await, (404, json!({"message": "Account 999 not found.", "status": 404})));
    let (status, body) = call(&service, w.get("/api/v3_0/users?include_inactive=maybe", MEMBER)).await;
    assert_eq!((status, body["message"].clone()), (422, json!({"query": {"include_inactive": ["Not a valid boolean."]}})));

    let mut one = w.shown(BOSS, w.acme, &["account-admin"]);
    one["status"] = json!(200);
    for reader in [BOSS, MEMBER, ADMIN, READER] {
        assert_eq!(call(&service, w.user(BOSS, reader)).await, (200, one.clone()), "read by {}", EMAILS[reader]);
    }
    assert_eq!(call(&service, w.user(BOSS, STRANGER)).await, forbidden());
    assert_eq!(call(&service, w.user(STRANGER, MEMBER)).await, forbidden());
    assert_eq!(call(&service, w.get("/api/v3_0/users/999", ADMIN)).await, (404, json!({"message": "User 999 not found.", "status": 404})));
    let (status, body) = call(&service, w.get("/api/v3_0/users/me", ADMIN)).await;
    assert_eq!((status, body["status"].clone(), body["message"]["path"].is_object()), (422, json!("UNPROCESSABLE_ENTITY"), true), "{body}");
}
on_both_backends!(listing_and_reading);

#[actix_web::test]
async fn every_endpoint_needs_a_valid_token() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let uri = format!("/api/v3_0/users/{}", w.ids[MEMBER]);
    for request in [
        TestRequest::get().uri("/api/v3_0/users"),
        TestRequest::get().uri(&uri),
        TestRequest::patch().uri(&uri).set_json(json!({"timezone": "UTC"})),
        TestRequest::patch().uri(&format!("{uri}/password-reset")),
        TestRequest::get().uri(&uri).insert_header(("Authorization", "garbage")),
    ] {
        assert_eq!(call(&service, request).await, (401, unauthorized_body()));
    }
}

#[actix_web::test]
async fn users_edit_themselves_but_not_their_active_flag_or_roles() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let body = json!({"email": "me@acme.com", "username": "me", "timezone": "UTC", "active": true, "flexmeasures_roles": [], "last_login_at": "x"});
    let (status, shown) = call(&service, w.patch(MEMBER, body, MEMBER)).await;
    let mut expected = w.shown(MEMBER, w.acme, &[]);
    expected.as_object_mut().unwrap().extend([("email".into(), json!("me@acme.com")), ("username".into(), json!("me")), ("timezone".into(), json!("UTC")), ("status".into(), json!(200))]);
    assert_eq!((status, shown), (200, expected), "unchanged active and roles are fine; last_login_at is ignored");

    assert_eq!(call(&service, w.patch(MEMBER, json!({"active": false}), MEMBER)).await, forbidden());
    let consultant = w.role("consultant");
    assert_eq!(call(&service, w.patch(BOSS, json!({"flexmeasures_roles": [consultant]}), BOSS)).await, forbidden());
    assert_eq!(call(&service, w.patch(ADMIN, json!({"flexmeasures_roles": []}), ADMIN)).await, forbidden(), "not even admins");
    assert_eq!(call(&service, w.patch(ADMIN, json!({"active": false}), ADMIN)).await, forbidden());
    assert_eq!(call(&service, w.user(MEMBER, MEMBER)).await.1["email"], "me@acme.com");
}

#[actix_web::test]
async fn edits_are_validated_before_anything_else() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let cases = [
        (json!({"password": "secret", "id": 9, "account_id": w.other}), json!({"password": ["Unknown field."], "id": ["Unknown field."], "account_id": ["Unknown field."]})),
        (json!({"email": "not-an-email", "timezone": "Mars/Olympus"}), json!({"email": ["Not a valid email address."], "timezone": ["Timezone Mars/Olympus doesn't exist."]})),
        (json!({"username": 5, "active": "maybe", "flexmeasures_roles": "admin"}), json!({"username": ["Not a valid string."], "active": ["Not a valid boolean."], "flexmeasures_roles": ["Not a valid list of role ids."]})),
        (json!({"email": null}), json!({"email": ["Field may not be null."]})),
    ];
    for (body, errors) in cases {
        assert_eq!(call(&service, w.patch(MEMBER, body.clone(), STRANGER)).await, rejected(errors), "{body}");
    }
    let to_unknown = |body: Value| TestRequest::patch().uri("/api/v3_0/users/999").set_json(body).insert_header(("Authorization", w.tokens[ADMIN].as_str()));
    assert_eq!(call(&service, to_unknown(json!({"id": 1}))).await, rejected(json!({"id": ["Unknown field."]})));
    assert_eq!(call(&service, to_unknown(json!({"timezone": "UTC"}))).await, (404, json!({"message": "User 999 not found.", "status": 404})));
    assert_eq!(call(&service, w.patch(MEMBER, json!([1]), ADMIN)).await, rejected(json!({"_schema": ["Invalid input type."]})));
    assert_eq!(call(&service, w.patch(MEMBER, json!({"flexmeasures_roles": [999]}), ADMIN)).await, rejected(json!({"flexmeasures_roles": ["Role with ID 999 does not exist."]})));
}

#[actix_web::test]
async fn account_admins_and_admins_edit_others() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let tz = |tz: &str| json!({"timezone": tz});
    assert_eq!(call(&service, w.patch(COLLEAGUE, tz("UTC"), MEMBER)).await, forbidden(), "members edit only themselves");
    assert_eq!(call(&service, w.patch(MEMBER, tz("UTC"), STRANGER)).await, forbidden(), "account-admins edit only their account");
    assert_eq!(call(&service, w.patch(MEMBER, tz("UTC"), READER)).await, forbidden(), "admin-readers only read");
    assert_eq!(field(&call(&service, w.patch(MEMBER, tz("Asia/Tokyo"), BOSS)).await, "timezone"), (200, json!("Asia/Tokyo")));
    assert_eq!(field(&call(&service, w.patch(STRANGER, json!({"email": "s@other.com"}), ADMIN)).await, "email"), (200, json!("s@other.com")));
    assert_eq!(field(&call(&service, w.patch(MEMBER, json!({"email": " m@acme.com "}), BOSS)).await, "email"), (200, json!("m@acme.com")), "trimmed");
}

#[actix_web::test]
async fn role_changes_follow_the_role_rules() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let [admin, reader, account_admin, consultant] = ["admin", "admin-reader", "account-admin", "consultant"].map(|r| w.role(r));
    let roles = |r: &[i32]| json!({"flexmeasures_roles": r});
    let result = |response: (u16, Value)| field(&response, "flexmeasures_roles");

    assert_eq!(result(call(&service, w.patch(MEMBER, roles(&[consultant]), BOSS)).await), (200, json!([consultant])), "account-admins make consultants");
    assert_eq!(result(call(&service, w.patch(MEMBER, roles(&[]), BOSS)).await), (200, json!([])), "and unmake them");
    assert_eq!(call(&service, w.patch(MEMBER, roles(&[account_admin]), BOSS)).await, forbidden(), "but make no account-admins");
    assert_eq!(call(&service, w.patch(MEMBER, roles(&[reader]), BOSS)).await, forbidden());
    assert_eq!(call(&service, w.patch(MEMBER, roles(&[admin]), BOSS)).await, forbidden());
    assert_eq!(call(&service, w.patch(MEMBER, roles(&[admin]), ADMIN)).await, forbidden(), "admin is never given by the API");
    assert_eq!(call(&service, w.patch(READER, roles(&[]), ADMIN)).await.0, 200, "admins take admin-reader");
    let given = result(call(&service, w.patch(MEMBER, roles(&[consultant, reader, account_admin, reader]), ADMIN)).await);
    let mut expected = vec![consultant, reader, account_admin];
    expected.sort_unstable();
    assert_eq!(given, (200, json!(expected)), "admins give everything but admin");
    assert_eq!(call(&service, w.patch(BOSS, roles(&[]), ADMIN)).await.0, 200);
    assert_eq!(call(&service, w.patch(COLLEAGUE, roles(&[consultant]), BOSS)).await, forbidden(), "the boss is no account-admin anymore");
}

#[actix_web::test]
async fn a_taken_email_or_username_is_a_400_that_changes_nothing() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let consultant = w.role("consultant");
    for body in [
        json!({"email": EMAILS[COLLEAGUE]}),
        json!({"username": "colleague", "timezone": "UTC"}),
        json!({"email": EMAILS[STRANGER], "flexmeasures_roles": [consultant]}),
    ] {
        let (status, response) = call(&service, w.patch(MEMBER, body.clone(), ADMIN)).await;
        assert_eq!((status, response["status"].clone()), (400, json!(400)), "{body}: {response}");
        assert!(response["message"].as_str().unwrap().starts_with("Duplicate user"), "{response}");
    }
    let mut unchanged = w.shown(MEMBER, w.acme, &[]);
    unchanged["status"] = json!(200);
    assert_eq!(call(&service, w.user(MEMBER, ADMIN)).await, (200, unchanged));
}

#[actix_web::test]
async fn deactivation_revokes_the_users_tokens() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let (status, body) = call(&service, w.patch(MEMBER, json!({"active": false}), BOSS)).await;
    assert_eq!((status, body["active"].clone()), (200, json!(false)));
    assert_eq!(call(&service, w.get("/api/v3_0/users", MEMBER)).await, (401, unauthorized_body()));
    let listed: Vec<Value> = call(&service, w.get("/api/v3_0/users", BOSS)).await.1.as_array().unwrap().iter().map(|u| u["id"].clone()).collect();
    assert_eq!(listed, vec![json!(w.ids[BOSS]), json!(w.ids[COLLEAGUE])]);

    assert_eq!(field(&call(&service, w.patch(MEMBER, json!({"active": true}), BOSS)).await, "active"), (200, json!(true)));
    assert_eq!(call(&service, w.get("/api/v3_0/users", MEMBER)).await, (401, unauthorized_body()), "old tokens stay revoked");
    let fresh = w.app.token_for(EMAILS[MEMBER]);
    let request = TestRequest::get().uri("/api/v3_0/users").insert_header(("Authorization", fresh.as_str()));
    assert_eq!(call(&service, request).await.0, 200);
}

#[actix_web::test]
async fn password_resets_revoke_tokens_and_passwords() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let login = |email: &str| TestRequest::post().uri("/api/requestAuthToken").set_json(json!({"email": email, "password": PASSWORD}));
    assert_eq!(call(&service, w.reset(COLLEAGUE, MEMBER)).await, forbidden(), "members reset only themselves");
    assert_eq!(call(&service, w.reset(MEMBER, STRANGER)).await, forbidden());
    assert_eq!(call(&service, w.reset(MEMBER, READER)).await, forbidden());
    let unknown = TestRequest::patch().uri("/api/v3_0/users/999/password-reset").insert_header(("Authorization", w.tokens[ADMIN].as_str()));
    assert_eq!(call(&service, unknown).await, (404, json!({"message": "User 999 not found.", "status": 404})));

    assert_eq!(call(&service, w.reset(MEMBER, MEMBER)).await, (200, json!({"status": 200})), "users reset themselves");
    assert_eq!(call(&service, w.user(MEMBER, MEMBER)).await, (401, unauthorized_body()));
    assert_eq!(call(&service, login(EMAILS[MEMBER])).await, (401, json!({"errors": ["User password does not match."], "status": 401})));
    assert_eq!(call(&service, w.reset(COLLEAGUE, BOSS)).await, (200, json!({"status": 200})), "account-admins reset their users");
    assert_eq!(call(&service, w.user(COLLEAGUE, COLLEAGUE)).await, (401, unauthorized_body()));
    assert_eq!(call(&service, w.reset(STRANGER, ADMIN)).await, (200, json!({"status": 200})));
    assert_eq!(call(&service, w.user(STRANGER, STRANGER)).await, (401, unauthorized_body()));
    assert_eq!(call(&service, w.user(BOSS, BOSS)).await.0, 200, "others keep their tokens");
    assert_eq!(call(&service, login(EMAILS[BOSS])).await.0, 200);
}
