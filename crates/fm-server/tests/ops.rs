//! `/api/ops`: ping, and recording and checking task runs.

use actix_web::test::TestRequest;
use serde_json::json;

use crate::support::{TestApp, call, on_both_backends, unauthorized_body};

const CHECK_TOKEN: &str = "test-task-check-token";

fn check(name: Option<&str>, secret: Option<&str>) -> TestRequest {
    let uri = match name {
        Some(n) => format!("/api/ops/getLatestTaskRun?name={n}"),
        None => "/api/ops/getLatestTaskRun".to_owned(),
    };
    let request = TestRequest::get().uri(&uri);
    match secret {
        Some(s) => request.insert_header(("Authorization", s)),
        None => request,
    }
}

fn error_body(reason: &str) -> serde_json::Value {
    json!({"status": "ERROR", "reason": reason, "lastrun": "1970-01-01T00:00:00", "frequency": 10, "process": "FlexMeasures", "server": "test"})
}

#[actix_web::test]
async fn ping() {
    let app = TestApp::sqlite(&[]);
    let service = app.service().await;
    assert_eq!(call(&service, TestRequest::get().uri("/api/ops/ping")).await, (200, json!({"message": "ok", "status": 200})));
}

async fn record_then_check(app: TestApp) {
    let account = app.account("Acme", &[]);
    app.user("runner@example.com", account, &["task-runner"]);
    let token = app.token_for("runner@example.com");
    let service = app.service().await;
    let post = |fields: &[(&str, &str)]| {
        TestRequest::post().uri("/api/ops/postLatestTaskRun").insert_header(("Authorization", token.as_str())).set_form(fields.to_vec())
    };

    assert_eq!(call(&service, post(&[("name", "import"), ("datetime", "2026-11-25T19:19:04.742894+01:00")])).await, (200, json!({"status": "OK"})));
    let (status, body) = call(&service, check(Some("import"), Some(CHECK_TOKEN))).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"status": "OK", "reason": "", "lastrun": "2026-11-25T18:19:04.742894+00:00", "frequency": 10, "process": "FlexMeasures", "server": "test"}));

    assert_eq!(call(&service, post(&[("name", "import"), ("status", "False"), ("datetime", "2026-11-25T20:00:00+00:00")])).await.0, 200);
    let (_, body) = call(&service, check(Some("import"), Some(CHECK_TOKEN))).await;
    assert_eq!((body["status"].clone(), body["lastrun"].clone()), (json!("ERROR"), json!("2026-11-25T20:00:00+00:00")));
    assert_eq!(call(&service, post(&[("name", "import"), ("status", "true")])).await.0, 200);
    let (_, body) = call(&service, check(Some("import"), Some(CHECK_TOKEN))).await;
    assert_eq!(body["status"], "ERROR", "only the exact string True means success");
    assert_eq!(call(&service, post(&[("name", "import")])).await.0, 200);
    let (_, body) = call(&service, check(Some("import"), Some(CHECK_TOKEN))).await;
    assert_eq!(body["status"], "OK", "no status means success");
}
on_both_backends!(record_then_check);

#[actix_web::test]
async fn check_refusals_in_order() {
    let app = TestApp::sqlite(&[("MONITOR_FREQUENCY_IMPORT", "60")]);
    let service = app.service().await;
    let (status, body) = call(&service, check(Some("import"), None)).await;
    assert_eq!((status, body["status"].clone(), body["frequency"].clone()), (401, json!("ERROR"), json!(60)));
    assert!(body["reason"].as_str().unwrap().contains("Not authenticated"));
    let (status, body) = call(&service, check(Some("import"), Some("wrong"))).await;
    assert_eq!(status, 403);
    assert!(body["reason"].as_str().unwrap().contains("Not authorized"));
    assert_eq!(call(&service, check(None, Some(CHECK_TOKEN))).await, (400, error_body("No task name given.")));
    assert_eq!(call(&service, check(Some(""), Some(CHECK_TOKEN))).await, (400, error_body("No task name given.")));
    assert_eq!(call(&service, check(Some("unknown"), Some(CHECK_TOKEN))).await, (404, error_body("Task unknown has no last run time.")));
}

#[actix_web::test]
async fn without_a_configured_secret_every_check_is_refused() {
    let app = TestApp::sqlite(&[("FLEXMEASURES_TASK_CHECK_AUTH_TOKEN", "")]);
    let service = app.service().await;
    assert_eq!(call(&service, check(Some("import"), Some(""))).await.0, 403);
    assert_eq!(call(&service, check(Some("import"), Some(CHECK_TOKEN))).await.0, 403);
}

#[actix_web::test]
async fn recording_needs_a_token_and_the_task_runner_role() {
    let app = TestApp::sqlite(&[]);
    let account = app.account("Acme", &[]);
    app.user("plain@example.com", account, &["account-admin"]);
    app.user("admin@example.com", account, &["admin"]);
    app.user("runner@example.com", account, &["task-runner"]);
    let service = app.service().await;
    let post = |email: Option<&str>, body: TestRequest| match email {
        Some(e) => body.insert_header(("Authorization", app.token_for(e))),
        None => body,
    };
    let form = || TestRequest::post().uri("/api/ops/postLatestTaskRun").set_form([("name", "import")]);
    assert_eq!(call(&service, post(None, form())).await, (401, unauthorized_body()));
    assert_eq!(
        call(&service, post(Some("plain@example.com"), form())).await,
        (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality. It requires task-runner permission(s)."}))
    );
    assert_eq!(call(&service, post(Some("admin@example.com"), form())).await.0, 200, "admins are exempt, per request");

    let runner = Some("runner@example.com");
    let no_name = json!({"status": "ERROR", "reason": "No task name given."});
    let empty = TestRequest::post().uri("/api/ops/postLatestTaskRun").set_form([("name", " ")]);
    assert_eq!(call(&service, post(runner, empty)).await, (400, no_name.clone()));
    let as_json = TestRequest::post().uri("/api/ops/postLatestTaskRun").set_json(json!({"name": "import"}));
    assert_eq!(call(&service, post(runner, as_json)).await, (400, no_name.clone()), "JSON is not read");
    let in_query = TestRequest::post().uri("/api/ops/postLatestTaskRun?name=import");
    assert_eq!(call(&service, post(runner, in_query)).await, (400, no_name), "the query string is not read");
    let bad_time = TestRequest::post().uri("/api/ops/postLatestTaskRun").set_form([("name", "import"), ("datetime", "yesterday")]);
    let (status, body) = call(&service, post(runner, bad_time)).await;
    assert_eq!((status, body["status"].clone()), (400, json!("ERROR")));
}
