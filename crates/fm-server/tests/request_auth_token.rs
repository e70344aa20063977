//! `POST /api/requestAuthToken`: every response of the original, in its order.

use actix_web::test::TestRequest;
use serde_json::json;

use crate::support::{PASSWORD, TestApp, call, on_both_backends};

fn post_json(body: serde_json::Value) -> TestRequest {
    TestRequest::post().uri("/api/requestAuthToken").set_json(body)
}

async fn every_response(app: TestApp) {
    let account = app.account("Acme", &[]);
    let user_id = app.user("a@example.com", account, &[]);
    let service = app.service().await;

    let (status, body) = call(&service, post_json(json!({"email": "a@example.com", "password": PASSWORD}))).await;
    assert_eq!((status, body["user_id"].clone(), body["status"].clone()), (200, json!(user_id), json!(200)));
    let token = body["auth_token"].as_str().unwrap();
    assert_eq!(app.state.tokens.verify(token, fm_api_common::auth::now_s()).map(|u| u.len()), Ok(32));

    let form = TestRequest::post().uri("/api/requestAuthToken").set_form([("email", "a@example.com"), ("password", PASSWORD)]);
    assert_eq!(call(&service, form).await, (400, json!({"errors": ["Content-type of request must be application/json"], "status": 400})));
    let no_type = TestRequest::post().uri("/api/requestAuthToken").set_payload("{}");
    assert_eq!(call(&service, no_type).await.0, 400);
    let broken = TestRequest::post().uri("/api/requestAuthToken").insert_header(("content-type", "application/json")).set_payload("{\"email\":");
    let (status, body) = call(&service, broken).await;
    assert_eq!((status, body["errors"].as_array().map(Vec::len)), (400, Some(1)));
    assert_eq!(
        call(&service, post_json(json!({"password": PASSWORD}))).await,
        (400, json!({"errors": ["Please provide the 'email' parameter."], "status": 400}))
    );
    assert_eq!(call(&service, post_json(json!({"email": 5, "password": PASSWORD}))).await.0, 400);
    assert_eq!(
        call(&service, post_json(json!({"email": "nobody@example.com", "password": PASSWORD}))).await,
        (404, json!({"errors": ["User with email 'nobody@example.com' does not exist"], "status": 404}))
    );
    assert_eq!(
        call(&service, post_json(json!({"email": "A@example.com", "password": PASSWORD}))).await.0,
        404,
        "e-mail matching is exact"
    );
    assert_eq!(
        call(&service, post_json(json!({"email": "a@example.com"}))).await,
        (400, json!({"errors": ["Please provide the 'password' parameter."], "status": 400}))
    );
    assert_eq!(
        call(&service, post_json(json!({"email": "a@example.com", "password": "wrong"}))).await,
        (401, json!({"errors": ["User password does not match."], "status": 401}))
    );
}
on_both_backends!(every_response);

#[actix_web::test]
async fn an_authenticated_caller_needs_no_password_for_itself_only() {
    let app = TestApp::sqlite(&[]);
    let account = app.account("Acme", &[]);
    app.user("a@example.com", account, &[]);
    let b = app.user("b@example.com", account, &[]);
    let token = app.token_for("a@example.com");
    let service = app.service().await;
    let mine = post_json(json!({"email": "a@example.com"})).insert_header(("Authorization", token.as_str()));
    assert_eq!(call(&service, mine).await.0, 200);
    let in_body = post_json(json!({"email": "a@example.com", "auth_token": token}));
    assert_eq!(call(&service, in_body).await.0, 200, "a token in the JSON body counts too");
    let theirs = post_json(json!({"email": "b@example.com"})).insert_header(("Authorization", token.as_str()));
    assert_eq!(call(&service, theirs).await.0, 400, "another user's token is no password");
    let with_password = post_json(json!({"email": "b@example.com", "password": PASSWORD})).insert_header(("Authorization", token.as_str()));
    assert_eq!(call(&service, with_password).await.1["user_id"], b);
}
