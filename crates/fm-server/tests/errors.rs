//! Unknown paths, wrong methods and framework refusals under `/api` answer in JSON.

use actix_web::test::TestRequest;
use serde_json::json;

use crate::support::{TestApp, call};

#[actix_web::test]
async fn unknown_paths_and_wrong_methods_are_json() {
    let app = TestApp::sqlite(&[]);
    let service = app.service().await;
    let not_found = json!({
        "message": "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
        "status": 404
    });
    assert_eq!(call(&service, TestRequest::get().uri("/api/v9_9/nothing")).await, (404, not_found.clone()));
    assert_eq!(call(&service, TestRequest::post().uri("/api/nothing")).await, (404, not_found));
    let not_allowed = json!({"message": "The method is not allowed for the requested URL.", "status": 405});
    assert_eq!(call(&service, TestRequest::delete().uri("/api/ops/ping")).await, (405, not_allowed.clone()));
    assert_eq!(call(&service, TestRequest::get().uri("/api/requestAuthToken")).await, (405, not_allowed.clone()));
    assert_eq!(call(&service, TestRequest::post().uri("/api/")).await, (405, not_allowed));
}

#[actix_web::test]
async fn error_responses_carry_the_version_header_and_json_content_type() {
    let app = TestApp::sqlite(&[]);
    let service = app.service().await;
    let response = actix_web::test::call_service(&service, TestRequest::get().uri("/api/missing").to_request()).await;
    assert_eq!(response.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/json"));
    assert!(response.headers().contains_key("flexmeasures-version"));
}
