//! Test fixtures: an app on a throw-away database, users, and request helpers.

use std::collections::HashMap;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test;
use fm_api_common::AppState;
use fm_server::config::Settings;
use fm_server::provision::{UserInput, add_user};
use fm_server::runtime::Runtime;
use fm_storage::accounts::create_account;
use fm_storage::testing::TestDatabase;
use serde_json::Value;

/// The secret key of test apps.
pub const SECRET: &str = "test-secret-key";
/// Every test user's password.
pub const PASSWORD: &str = "test-password";

/// Runs a test body on SQLite (`sqlite`) and on PostgreSQL (`postgres`, when configured).
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name(crate::support::TestApp::sqlite(&[])).await;
            }
            #[actix_web::test]
            async fn postgres() {
                if let Some(app) = crate::support::TestApp::postgres(&[]) {
                    super::$name(app).await;
                }
            }
        }
    };
}
pub(crate) use on_both_backends;

/// An app on its own database.
pub struct TestApp {
    pub rt: Runtime,
    pub state: AppState,
    /// Kept so the database lives as long as the app.
    _database: TestDatabase,
}

/// Settings of test apps, with `overrides`.
pub fn settings(url: &str, overrides: &[(&str, &str)]) -> Settings {
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", url),
        ("SECRET_KEY", SECRET),
        ("FLEXMEASURES_BCRYPT_COST", "4"),
        ("FLEXMEASURES_TASK_CHECK_AUTH_TOKEN", "test-task-check-token"),
        ("FLEXMEASURES_MODE", "test"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    vars.extend(overrides.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Settings::from_vars(&vars).unwrap()
}

impl TestApp {
    fn on(test_db: TestDatabase, overrides: &[(&str, &str)]) -> TestApp {
        let rt = Runtime::with_db(settings(&test_db.url, overrides), test_db.db.clone()).unwrap();
        let state = rt.app_state();
        TestApp { rt, state, _database: test_db }
    }

    /// On SQLite.
    pub fn sqlite(overrides: &[(&str, &str)]) -> TestApp {
        TestApp::on(TestDatabase::sqlite(), overrides)
    }

    /// On PostgreSQL, when configured.
    pub fn postgres(overrides: &[(&str, &str)]) -> Option<TestApp> {
        TestDatabase::postgres().map(|db| TestApp::on(db, overrides))
    }

    /// The app as `main` builds it, ready for requests.
    pub async fn service(&self) -> impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
        test::init_service(fm_server::app::build_app(self.state.clone())).await
    }

    /// Creates an account (with account roles) and returns its id.
    pub fn account(&self, name: &str, roles: &[&str]) -> i32 {
        let mut conn = self.rt.db.conn().unwrap();
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        create_account(&mut conn, name, &roles).unwrap().id
    }

    /// Creates a user with [`PASSWORD`] in an account, with user roles; returns its id.
    pub fn user(&self, email: &str, account_id: i32, roles: &[&str]) -> i32 {
        let input = UserInput {
            username: None,
            email: email.to_owned(),
            account_id,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            timezone: "Europe/Amsterdam".to_owned(),
            password: PASSWORD.to_owned(),
        };
        add_user(&self.rt, &input).unwrap().id
    }

    /// A fresh token for a user, as requestAuthToken issues it.
    pub fn token_for(&self, email: &str) -> String {
        let mut conn = self.rt.db.conn().unwrap();
        let user = fm_storage::users::find_user_by_email(&mut conn, email).unwrap().unwrap();
        self.state.tokens.issue(&user.fs_uniquifier, fm_api_common::auth::now_s())
    }
}

/// Sends a request and returns status and JSON body (`Value::Null` when the body is not JSON).
pub async fn call<S, B>(service: &S, req: test::TestRequest) -> (u16, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let response = test::call_service(service, req.to_request()).await;
    let status = response.status().as_u16();
    let body = test::read_body(response).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// The exact 401 body.
pub fn unauthorized_body() -> Value {
    serde_json::json!({"message": "You could not be properly authenticated for this content or functionality.", "status": "UNAUTHORIZED"})
}

/// The usual cast of the resource tests: accounts Acme, Other and Host, a plain member of Acme,
/// an account-admin of Other, and an admin and an admin-reader in Host, with tokens.
pub struct Cast {
    pub acme: i32,
    pub other: i32,
    pub member: String,
    pub stranger: String,
    pub admin: String,
    pub reader: String,
}

impl TestApp {
    /// Creates the initial structure and the [`Cast`].
    pub fn cast(&self) -> Cast {
        fm_storage::structure::ensure_initial_structure(&mut self.rt.db.conn().unwrap()).unwrap();
        let (acme, other, host) = (self.account("Acme", &[]), self.account("Other", &[]), self.account("Host", &[]));
        self.user("member@acme.com", acme, &[]);
        self.user("stranger@other.com", other, &["account-admin"]);
        self.user("admin@host.com", host, &["admin"]);
        self.user("reader@host.com", host, &["admin-reader"]);
        let [member, stranger, admin, reader] =
            ["member@acme.com", "stranger@other.com", "admin@host.com", "reader@host.com"].map(|e| self.token_for(e));
        Cast { acme, other, member, stranger, admin, reader }
    }
}
