//! The login pages: a CSRF-protected form, a signed session cookie, the user's page with a
//! token button, and logging out.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::ServiceResponse;
use actix_web::test::{self, TestRequest};
use serde_json::json;

use crate::support::{PASSWORD, TestApp, call};

fn cookies(response: &ServiceResponse<impl actix_web::body::MessageBody>) -> Vec<Cookie<'static>> {
    response.response().cookies().map(|c| c.into_owned()).collect()
}

fn cookie_named<'a>(cookies: &'a [Cookie<'static>], name: &str) -> Option<&'a Cookie<'static>> {
    cookies.iter().find(|c| c.name() == name)
}

/// The value of a hidden input in a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|i| i + marker.len()).unwrap();
    html[start..].split('"').next().unwrap().to_owned()
}

#[actix_web::test]
async fn log_in_see_yourself_get_a_token_and_log_out() {
    let app = TestApp::sqlite(&[]);
    let account = app.account("Acme", &[]);
    app.user("runner@example.com", account, &["task-runner"]);
    let service = app.service().await;

    // Not logged in: the user page sends you to the login form.
    let response = test::call_service(&service, TestRequest::get().uri("/logged-in-user").to_request()).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers().get("location").unwrap(), "/login?next=/logged-in-user");

    // The form comes with a CSRF token bound to a cookie.
    let response = test::call_service(&service, TestRequest::get().uri("/login?next=/logged-in-user").to_request()).await;
    let form_cookies = cookies(&response);
    let nonce = cookie_named(&form_cookies, "fm_login_nonce").unwrap().clone();
    let html = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert!(html.contains("<form method=\"post\" action=\"/login\">") && !html.contains("<script"));
    let csrf = hidden(&html, "csrf_token");

    let login = |csrf: &str, password: &str, with_nonce: bool| {
        let request = TestRequest::post().uri("/login").set_form([
            ("email", "Runner@Example.com"),
            ("password", password),
            ("csrf_token", csrf),
            ("next", "/logged-in-user"),
        ]);
        if with_nonce { request.cookie(nonce.clone()) } else { request }
    };
    // Without the cookie, or with a forged token, the form is refused.
    assert_eq!(test::call_service(&service, login(&csrf, PASSWORD, false).to_request()).await.status().as_u16(), 400);
    assert_eq!(test::call_service(&service, login("forged", PASSWORD, true).to_request()).await.status().as_u16(), 400);
    // A wrong password is refused.
    assert_eq!(test::call_service(&service, login(&csrf, "wrong", true).to_request()).await.status().as_u16(), 401);

    // Logging in (e-mail is case-insensitive in the form) starts a session.
    let response = test::call_service(&service, login(&csrf, PASSWORD, true).to_request()).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers().get("location").unwrap(), "/logged-in-user");
    let session_cookies = cookies(&response);
    let session = cookie_named(&session_cookies, "fm_session").unwrap().clone();
    assert_eq!((session.http_only(), session.same_site()), (Some(true), Some(SameSite::Lax)));

    let response = test::call_service(&service, TestRequest::get().uri("/logged-in-user").cookie(session.clone()).to_request()).await;
    assert_eq!(response.status().as_u16(), 200);
    let html = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    for expected in ["runner@example.com", "Acme", "task-runner", "Logins</dt><dd>1</dd>", "CET"] {
        assert!(html.contains(expected), "missing {expected}");
    }
    assert!(!html.contains("id=\"auth-token\""), "no token before the button is pressed");
    let page_csrf = hidden(&html, "csrf_token");

    // The token button is CSRF-protected too.
    let forged = TestRequest::post().uri("/logged-in-user/auth-token").cookie(session.clone()).set_form([("csrf_token", "forged")]);
    assert_eq!(test::call_service(&service, forged.to_request()).await.status().as_u16(), 403);
    let press = TestRequest::post().uri("/logged-in-user/auth-token").cookie(session.clone()).set_form([("csrf_token", page_csrf.as_str())]);
    let response = test::call_service(&service, press.to_request()).await;
    assert_eq!(response.headers().get("cache-control").unwrap(), "no-store");
    let html = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    let token = html.split("id=\"auth-token\">").nth(1).unwrap().split('<').next().unwrap().to_owned();

    // The shown token opens the API.
    let record = TestRequest::post().uri("/api/ops/postLatestTaskRun").insert_header(("Authorization", token)).set_form([("name", "t")]);
    assert_eq!(call(&service, record).await, (200, json!({"status": "OK"})));
    // The session cookie alone does not open token-only endpoints.
    let with_cookie = TestRequest::post().uri("/api/ops/postLatestTaskRun").cookie(session.clone()).set_form([("name", "t")]);
    assert_eq!(call(&service, with_cookie).await.0, 401);

    // Logging out clears the cookie; resetting access kills the session server-side too.
    let response = test::call_service(&service, TestRequest::get().uri("/logout").cookie(session.clone()).to_request()).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(cookie_named(&cookies(&response), "fm_session").unwrap().value(), "");
    fm_server::provision::reset_access(&app.rt, "runner@example.com").unwrap();
    let response = test::call_service(&service, TestRequest::get().uri("/logged-in-user").cookie(session).to_request()).await;
    assert_eq!(response.status().as_u16(), 303);
}

#[actix_web::test]
async fn next_never_leaves_the_site() {
    let app = TestApp::sqlite(&[]);
    let service = app.service().await;
    let response = test::call_service(&service, TestRequest::get().uri("/login?next=//evil.example.com").to_request()).await;
    let html = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert_eq!(hidden(&html, "next"), "/logged-in-user");
}
