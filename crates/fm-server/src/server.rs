//! `flexmeasures run`: start the web server.

use actix_web::HttpServer;
use fm_domain::structure::toy;
use fm_storage::DatabaseUrl;
use fm_storage::users::find_user_by_email;

use crate::config::Settings;
use crate::error::CliError;
use crate::runtime::Runtime;

/// Starts the server and serves until stopped (Ctrl-C or SIGTERM).
///
/// On the embedded SQLite default, pending migrations are applied first; on PostgreSQL they
/// must have been applied with `flexmeasures db upgrade` (several servers may share it).
pub fn run(mut settings: Settings, host: Option<String>, port: Option<u16>, with_toy_account: bool) -> Result<(), CliError> {
    crate::telemetry::init_logging(&settings.logging_level);
    if let Some(host) = host {
        settings.host = host;
    }
    if let Some(port) = port {
        settings.port = port;
    }
    let rt = Runtime::connect(settings)?;
    match rt.settings.database_url {
        DatabaseUrl::Sqlite(_) => {
            let applied = rt.migrate()?;
            if !applied.is_empty() {
                tracing::info!(count = applied.len(), "applied database migrations");
            }
        }
        DatabaseUrl::Postgres(_) if rt.has_pending_migrations()? => {
            return Err(CliError::Aborted("The database schema is not up to date: run `flexmeasures db upgrade` first.".to_owned()));
        }
        DatabaseUrl::Postgres(_) => {}
    }
    if with_toy_account {
        ensure_toy_account(&rt)?;
    }
    let _workers = crate::scheduling::worker::spawn_workers(&rt.db, rt.settings.workers, &rt.job_waker);
    let address = rt.settings.bind_address();
    let state = rt.app_state();
    let server = HttpServer::new(move || crate::app::build_app(state.clone())).bind(&address)?;
    let bound = server.addrs().first().map_or_else(|| address.clone(), ToString::to_string);
    tracing::info!(
        version = fm_domain::version::FLEXMEASURES_VERSION,
        database = %rt.settings.database_url.display_masked(),
        "FlexMeasures is listening on http://{bound} (API at http://{bound}/api)"
    );
    tracing::info!("{}", login_hint(&rt, &bound)?);
    actix_web::rt::System::new().block_on(server.run())?;
    Ok(())
}

fn ensure_toy_account(rt: &Runtime) -> Result<(), CliError> {
    let mut conn = rt.db.conn()?;
    if find_user_by_email(&mut conn, toy::USER_EMAIL)?.is_none() {
        let made = crate::provision::add_toy_account(rt, toy::ACCOUNT_NAME)?;
        tracing::info!(account_id = made.account.id, user_id = made.user.id, "created the toy account");
    }
    Ok(())
}

/// How to log in, as far as the database tells.
fn login_hint(rt: &Runtime, bound: &str) -> Result<String, CliError> {
    let mut conn = rt.db.conn()?;
    if let Some(user) = find_user_by_email(&mut conn, toy::USER_EMAIL)? {
        let toy_password_works = user.password.as_deref().is_some_and(|h| rt.passwords.verify(toy::USER_PASSWORD, h));
        if toy_password_works {
            return Ok(format!("Log in at http://{bound}/login as {} with password {}", toy::USER_EMAIL, toy::USER_PASSWORD));
        }
    }
    let has_accounts = !fm_storage::accounts::list_accounts_with_asset_counts(&mut conn)?.is_empty();
    Ok(if has_accounts {
        format!("Log in at http://{bound}/login with a user's e-mail and password")
    } else {
        format!(
            "No users yet: restart with `flexmeasures run --with-toy-account`, or create one with \
             `flexmeasures add account --name <name>` and `flexmeasures add user ...`, then log in at http://{bound}/login"
        )
    })
}
