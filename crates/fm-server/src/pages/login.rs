//! `/login` and `/logout`.
//!
//! The login form is protected against cross-site submission: a random nonce goes into a
//! cookie and a signed token bound to it into the form; both must come back together.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::auth::{SESSION_COOKIE, authenticate, now_s};
use fm_api_common::{ApiError, AppState, run_db};
use fm_auth::random::random_hex;
use fm_auth::session::{LOGIN_FORM_MAX_AGE_S, SESSION_MAX_AGE_S, Session};
use fm_storage::Ts;
use fm_storage::users::{find_user_by_email_ci, record_login};

use super::html::{escape, page};
use super::{cookie, redirect};

const NONCE_COOKIE: &str = "fm_login_nonce";

/// Where to go after logging in: a local path only, never another site.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/logged-in-user",
    }
}

fn login_form(state: &AppState, next: &str, email: &str, error: Option<&str>, status: StatusCode) -> HttpResponse {
    let nonce = random_hex::<16>();
    let token = state.sessions.login_form_token(&nonce, now_s());
    let error = error.map(|e| format!("<p class=\"error\">{}</p>", escape(e))).unwrap_or_default();
    let body = format!(
        "<h1>Log in</h1>{error}<form method=\"post\" action=\"/login\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{token}\"><input type=\"hidden\" name=\"next\" value=\"{next}\">\
         <label>E-mail<input type=\"email\" name=\"email\" value=\"{email}\" required autofocus></label>\
         <label>Password<input type=\"password\" name=\"password\" required></label>\
         <button type=\"submit\">Log in</button></form>",
        token = escape(&token),
        next = escape(next),
        email = escape(email),
    );
    let mut response = page(status, "Log in", &body);
    let _ = response.add_cookie(&cookie(NONCE_COOKIE, nonce, LOGIN_FORM_MAX_AGE_S as i64, state.settings.secure_cookies));
    response
}

/// `GET /login`: the form, or straight on when already logged in.
pub async fn show_login(req: HttpRequest, state: web::Data<AppState>, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let next = safe_next(query.get("next").map(String::as_str));
    if authenticate(&req, true).await.is_ok() {
        return redirect(next);
    }
    login_form(&state, next, "", None, StatusCode::OK)
}

/// `POST /login`: checks the form's CSRF token and the credentials, then starts a session.
pub async fn submit_login(req: HttpRequest, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let next = safe_next(form.get("next").map(String::as_str)).to_owned();
    let email = field("email").trim().to_owned();
    let nonce = req.cookie(NONCE_COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
    if nonce.is_empty() || !state.sessions.check_login_form_token(field("csrf_token"), &nonce, now_s()) {
        return Ok(login_form(&state, &next, &email, Some("The form has expired or did not come from this site. Please try again."), StatusCode::BAD_REQUEST));
    }
    let lookup = email.clone();
    let user = run_db(&state, move |conn| find_user_by_email_ci(conn, &lookup)).await?;
    let password = field("password").to_owned();
    let passwords = state.passwords.clone();
    let verified = match user {
        Some(user) => {
            let hash = user.password.clone().unwrap_or_default();
            let ok = web::block(move || passwords.verify(&password, &hash)).await.map_err(|e| ApiError::Internal(e.to_string()))?;
            ok.then_some(user)
        }
        None => None,
    };
    let Some(user) = verified else {
        return Ok(login_form(&state, &next, &email, Some("Invalid e-mail address or password."), StatusCode::UNAUTHORIZED));
    };
    if !user.active {
        return Ok(login_form(&state, &next, &email, Some("This account is not active."), StatusCode::FORBIDDEN));
    }
    let user_id = user.id;
    run_db(&state, move |conn| record_login(conn, user_id, Ts(chrono::Utc::now()))).await?;
    let session = Session { uniquifier: user.fs_uniquifier, csrf: random_hex::<16>() };
    let value = state.sessions.encode(&session, now_s());
    let mut response = redirect(&next);
    let secure = state.settings.secure_cookies;
    let _ = response.add_cookie(&cookie(SESSION_COOKIE, value, SESSION_MAX_AGE_S as i64, secure));
    let _ = response.add_cookie(&cookie(NONCE_COOKIE, String::new(), 0, secure));
    tracing::info!(user_id, "user logged in");
    Ok(response)
}

/// `/logout`: forgets the session.
pub async fn logout(state: web::Data<AppState>) -> HttpResponse {
    let mut response = redirect("/login");
    let _ = response.add_cookie(&cookie(SESSION_COOKIE, String::new(), 0, state.settings.secure_cookies));
    response
}
