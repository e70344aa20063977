//! Server-rendered pages (no external assets): log in, log out, and the logged-in user's page
//! with a button that issues a fresh auth token.
//!
//! | Method | Path | What |
//! |---|---|---|
//! | GET | `/` | redirect to `/logged-in-user` |
//! | GET, POST | `/login` | the login form (CSRF-protected) |
//! | GET, POST | `/logout` | end the session |
//! | GET | `/logged-in-user` | who am I |
//! | POST | `/logged-in-user/auth-token` | issue a token, shown once (CSRF-protected) |

mod html;
mod login;
mod user_page;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};

/// Registers the pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").route(web::get().to(|| async { redirect("/logged-in-user") })))
        .service(web::resource("/login").route(web::get().to(login::show_login)).route(web::post().to(login::submit_login)))
        .service(web::resource("/logout").route(web::get().to(login::logout)).route(web::post().to(login::logout)))
        .service(web::resource("/logged-in-user").route(web::get().to(user_page::show_user)))
        .service(web::resource("/logged-in-user/auth-token").route(web::post().to(user_page::issue_token)));
}

/// A 303 redirect.
fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((LOCATION, to.to_owned())).finish()
}

/// A cookie as every cookie of ours is: HttpOnly, SameSite=Lax, whole site.
fn cookie(name: &'static str, value: String, max_age_s: i64, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(actix_web::cookie::time::Duration::seconds(max_age_s))
        .finish()
}
