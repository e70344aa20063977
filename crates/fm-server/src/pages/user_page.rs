//! `/logged-in-user`: who is logged in, and a button for a fresh auth token.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::auth::{SESSION_COOKIE, now_s};
use fm_api_common::{AppState, CurrentUser};
use fm_auth::session::Session;

use super::html::{escape, page};
use super::redirect;

/// The session behind the request's cookie, if valid.
fn session_of(req: &HttpRequest, state: &AppState) -> Option<Session> {
    let cookie = req.cookie(SESSION_COOKIE)?;
    state.sessions.decode(cookie.value(), now_s()).ok()
}

fn user_page(user: &CurrentUser, session: &Session, token: Option<&str>) -> HttpResponse {
    let u = &user.identity.user;
    let last_login = u.last_login_at.map_or_else(
        || "never".to_owned(),
        |t| match fm_domain::timezone::parse_timezone(&u.timezone) {
            Ok(tz) => t.0.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %Z").to_string(),
            Err(_) => t.0.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        },
    );
    let roles = if user.identity.roles.is_empty() { "none".to_owned() } else { user.identity.roles.join(", ") };
    let token_section = match token {
        Some(token) => format!(
            "<h2>Your new auth token</h2><p>Copy it now: it is shown only once. Send it in the <code>Authorization</code> header.</p>\
             <p class=\"token\" id=\"auth-token\">{}</p>",
            escape(token)
        ),
        None => String::new(),
    };
    let body = format!(
        "<h1>{username}</h1><dl><dt>E-mail</dt><dd>{email}</dd><dt>Account</dt><dd>{account}</dd>\
         <dt>Roles</dt><dd>{roles}</dd><dt>Last login</dt><dd>{last_login}</dd><dt>Logins</dt><dd>{logins}</dd>\
         <dt>Timezone</dt><dd>{timezone}</dd></dl>{token_section}\
         <form method=\"post\" action=\"/logged-in-user/auth-token\"><input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
         <button type=\"submit\">Generate a new auth token</button></form>\
         <form method=\"post\" action=\"/logout\"><button type=\"submit\">Log out</button></form>",
        username = escape(&u.username),
        email = escape(&u.email),
        account = escape(&user.identity.account.name),
        roles = escape(&roles),
        last_login = escape(&last_login),
        logins = u.login_count,
        timezone = escape(&u.timezone),
        csrf = escape(&session.csrf),
    );
    page(StatusCode::OK, &u.username, &body)
}

/// `GET /logged-in-user`.
pub async fn show_user(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let Some(session) = session_of(&req, &state) else { return redirect("/login?next=/logged-in-user") };
    match fm_api_common::auth::authenticate(&req, true).await {
        Ok(user) if user.identity.user.fs_uniquifier == session.uniquifier => user_page(&user, &session, None),
        _ => redirect("/login?next=/logged-in-user"),
    }
}

/// `POST /logged-in-user/auth-token`: a fresh token for the session's user, shown once.
pub async fn issue_token(req: HttpRequest, state: web::Data<AppState>, form: web::Bytes) -> HttpResponse {
    let Some(session) = session_of(&req, &state) else { return redirect("/login?next=/logged-in-user") };
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(&form).unwrap_or_default();
    if form.get("csrf_token") != Some(&session.csrf) {
        return page(StatusCode::FORBIDDEN, "Refused", "<h1>Refused</h1><p class=\"error\">This form did not come from this site.</p>");
    }
    match fm_api_common::auth::authenticate(&req, true).await {
        Ok(user) if user.identity.user.fs_uniquifier == session.uniquifier => {
            let token = state.tokens.issue(&session.uniquifier, now_s());
            user_page(&user, &session, Some(&token))
        }
        _ => redirect("/login?next=/logged-in-user"),
    }
}
