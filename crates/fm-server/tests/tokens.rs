//! Tokens: where they are read from, and when they stop working (expiry, reset access,
//! another secret key, inactive users).

use actix_web::test::TestRequest;
use serde_json::json;

use crate::support::{TestApp, call, on_both_backends, unauthorized_body};

/// A protected endpoint: recording a task run needs a token of a `task-runner`.
fn record_run(name: &str) -> TestRequest {
    TestRequest::post().uri("/api/ops/postLatestTaskRun").set_form([("name", name)])
}

async fn token_lifecycle(app: TestApp) {
    let account = app.account("Acme", &[]);
    app.user("runner@example.com", account, &["task-runner"]);
    let token = app.token_for("runner@example.com");
    let service = app.service().await;

    assert_eq!(call(&service, record_run("t").insert_header(("Authorization", token.as_str()))).await, (200, json!({"status": "OK"})));
    let in_query = TestRequest::post().uri(&format!("/api/ops/postLatestTaskRun?auth_token={token}")).set_form([("name", "t")]);
    assert_eq!(call(&service, in_query).await.0, 200, "token in the query string");
    assert_eq!(call(&service, record_run("t")).await, (401, unauthorized_body()), "no token");
    let bearer = record_run("t").insert_header(("Authorization", format!("Bearer {token}")));
    assert_eq!(call(&service, bearer).await, (401, unauthorized_body()), "raw token only, no Bearer");
    assert_eq!(call(&service, record_run("t").insert_header(("Authorization", "garbage"))).await, (401, unauthorized_body()));

    fm_server::provision::reset_access(&app.rt, "runner@example.com").unwrap();
    let after_reset = record_run("t").insert_header(("Authorization", token.as_str()));
    assert_eq!(call(&service, after_reset).await, (401, unauthorized_body()), "reset access kills old tokens");
    let fresh = app.token_for("runner@example.com");
    assert_eq!(call(&service, record_run("t").insert_header(("Authorization", fresh.as_str()))).await.0, 200);
}
on_both_backends!(token_lifecycle);

#[actix_web::test]
async fn tokens_expire_after_the_max_age() {
    let app = TestApp::sqlite(&[("SECURITY_TOKEN_MAX_AGE", "1")]);
    let account = app.account("Acme", &[]);
    app.user("runner@example.com", account, &["task-runner"]);
    let token = app.token_for("runner@example.com");
    let service = app.service().await;
    assert_eq!(call(&service, record_run("t").insert_header(("Authorization", token.as_str()))).await.0, 200);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(call(&service, record_run("t").insert_header(("Authorization", token.as_str()))).await, (401, unauthorized_body()));
}

#[actix_web::test]
async fn tokens_of_another_secret_key_and_of_inactive_users_are_refused() {
    let app = TestApp::sqlite(&[]);
    let account = app.account("Acme", &[]);
    let user_id = app.user("runner@example.com", account, &["task-runner"]);
    let other = TestApp::sqlite(&[("SECRET_KEY", "another-secret")]);
    let foreign = {
        let uniquifier = fm_storage::users::find_user(&mut app.rt.db.conn().unwrap(), user_id).unwrap().fs_uniquifier;
        other.state.tokens.issue(&uniquifier, fm_api_common::auth::now_s())
    };
    let token = app.token_for("runner@example.com");
    let service = app.service().await;
    assert_eq!(call(&service, record_run("t").insert_header(("Authorization", foreign.as_str()))).await.0, 401);

    fm_storage::users::set_active(&mut app.rt.db.conn().unwrap(), user_id, false).unwrap();
    assert_eq!(call(&service, record_run("t").insert_header(("Authorization", token.as_str()))).await, (401, unauthorized_body()));
    let request = TestRequest::post()
        .uri("/api/requestAuthToken")
        .set_json(json!({"email": "runner@example.com", "password": crate::support::PASSWORD}));
    let (status, body) = call(&service, request).await;
    assert_eq!(status, 200, "inactive users still get a token, as in the original");
    let issued = body["auth_token"].as_str().unwrap().to_owned();
    assert_eq!(call(&service, record_run("t").insert_header(("Authorization", issued.as_str()))).await.0, 401, "but it does not authenticate");
}
