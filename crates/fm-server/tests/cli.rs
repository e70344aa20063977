//! The `flexmeasures` binary's commands, run for real against a database file (and PostgreSQL
//! when configured), without a terminal.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use fm_storage::testing::TestDatabase;

/// Runs `flexmeasures args…` against `url` in `dir` with stdin closed.
pub fn flexmeasures(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flexmeasures"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", url)
        .env("SECRET_KEY", "cli-secret")
        .env("FLEXMEASURES_BCRYPT_COST", "4")
        .env("LOGGING_LEVEL", "WARNING")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts success and returns stdout.
fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed: {}{}", stdout(&output), stderr(&output));
    stdout(&output)
}

/// Asserts a clean failure (exit code 1, one line on stderr) and returns that line.
fn fails(output: Output) -> String {
    assert_eq!(output.status.code(), Some(1), "stdout: {} stderr: {}", stdout(&output), stderr(&output));
    let err = stderr(&output);
    assert_eq!(err.trim_end().lines().count(), 1, "one clear line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn accounts_and_users(dir: &Path, url: &str) {
    let fm = |args: &[&str]| flexmeasures(dir, url, args);
    ok(fm(&["db", "upgrade"]));
    assert!(ok(fm(&["db", "upgrade"])).contains("up to date"));
    assert!(ok(fm(&["add", "initial-structure"])).contains("created 4 user role(s), 5 account role(s), 6 asset type(s), 3 data source(s)"));
    assert!(ok(fm(&["add", "initial-structure"])).contains("created 0 user role(s)"));
    assert!(ok(fm(&["add", "account-role", "--name", "DSO", "--description", "Grid operator"])).contains("Account role 'DSO' (ID: 6) successfully created."));
    assert!(fails(fm(&["add", "account-role", "--name", "DSO"])).contains("already exists"));
    assert_eq!(ok(fm(&["add", "account", "--name", "Acme", "--roles", "Prosumer,MDC"])).trim(), "Account 'Acme' (ID: 1) successfully created.");
    assert!(fails(fm(&["add", "account", "--name", "Acme"])).contains("Account 'Acme' already exists."));
    let created = ok(fm(&[
        "add", "user", "--username", "ann", "--email", "ann@example.com", "--account-id", "1", "--roles", "account-admin,task-runner",
        "--password", "secret-pw",
    ]));
    assert_eq!(created.trim(), "Successfully created user ann@example.com (ID: 1)");

    // Failures print one clear line, exit 1, and leave nothing behind.
    let base = ["add", "user", "--username", "bob", "--email", "bob@example.com", "--password", "pw"];
    let with = |extra: &[&'static str]| [&base[..], extra].concat();
    assert!(fails(fm(&with(&["--account-id", "99"]))).contains("Account with ID 99 does not exist."));
    assert!(fails(fm(&with(&["--account-id", "1", "--timezone", "Mars/Base"]))).contains("Timezone 'Mars/Base' is unknown"));
    assert!(fails(fm(&["add", "user", "--username", "c", "--email", "not-an-email", "--account-id", "1", "--password", "pw"])).contains("not a valid e-mail"));
    assert!(fails(fm(&["add", "user", "--username", "ann", "--email", "ann2@example.com", "--account-id", "1", "--password", "pw"])).contains("username"));
    let no_password = ["add", "user", "--username", "bob", "--email", "bob@example.com", "--account-id", "1"];
    assert!(fails(fm(&no_password)).contains("--password"), "no terminal, no password: refuse");
    assert!(!ok(fm(&["show", "account", "--id", "1"])).contains("bob@example.com"));

    let shown = ok(fm(&["show", "account", "--id", "1"]));
    for expected in ["Account Acme (ID: 1)", "MDC, Prosumer", "ann@example.com", "account-admin, task-runner", "No assets in account"] {
        assert!(shown.contains(expected), "missing {expected} in {shown}");
    }
    let accounts = ok(fm(&["show", "accounts"]));
    assert!(accounts.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["1", "Acme", "0"]), "{accounts}");
    let roles = ok(fm(&["show", "roles"]));
    assert!(roles.contains("Grid operator") && roles.contains("Can read everything"), "{roles}");
    assert!(fails(fm(&["show", "account", "--id", "42"])).contains("Account with ID 42 does not exist."));

    ok(fm(&["users", "reset-access", "--email", "ann@example.com"]));
    assert!(fails(fm(&["users", "reset-access", "--email", "nobody@example.com"])).contains("does not exist"));

    // Deleting asks for confirmation, which a script gives with --force.
    assert!(fails(fm(&["delete", "user", "--email", "ann@example.com"])).contains("--force"));
    assert!(ok(fm(&["delete", "user", "--email", "ann@example.com", "--force"])).contains("Deleted user ann@example.com"));
    assert!(fails(fm(&["delete", "user", "--email", "ann@example.com", "--force"])).contains("does not exist"));
    assert!(fails(fm(&["delete", "account", "--id", "1"])).contains("--force"));
    assert!(ok(fm(&["delete", "account", "--id", "1", "--force"])).contains("has been deleted"));
    assert!(ok(fm(&["show", "accounts"])).contains("No accounts created yet."));
}

#[test]
fn accounts_and_users_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    accounts_and_users(dir.path(), &url);
}

#[test]
fn accounts_and_users_on_postgres() {
    let Some(test_db) = TestDatabase::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    accounts_and_users(dir.path(), &test_db.url);
}

#[test]
fn toy_account() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("toy.db").display());
    let fm = |args: &[&str]| flexmeasures(dir.path(), &url, args);
    ok(fm(&["db", "upgrade"]));
    let made = ok(fm(&["add", "toy-account"]));
    assert!(made.contains("Toy account Toy Account with user toy-user@flexmeasures.io created successfully."), "{made}");
    assert!(made.contains("The sensor for battery charging is <Sensor 1: charging, unit: MW res.: 0:15:00>."), "{made}");
    assert!(made.contains("The sensor for Day ahead prices is <Sensor 2: Day ahead prices, unit: EUR/MWh res.: 1:00:00>."), "{made}");
    let shown = ok(fm(&["show", "account", "--id", "1"]));
    for expected in ["toy-user@flexmeasures.io", "account-admin", "toy-solar", "toy-building", "toy-battery", "(52.374, 4.88969)"] {
        assert!(shown.contains(expected), "missing {expected} in {shown}");
    }
    assert!(fails(fm(&["add", "toy-account"])).contains("Account Toy Account already exists. Aborting ..."));
    let unknown_kind = fm(&["add", "toy-account", "--kind", "process"]);
    assert_eq!(unknown_kind.status.code(), Some(2), "usage errors exit with 2");
    assert!(stderr(&unknown_kind).contains("invalid value"));
    // Another toy account cannot have the same toy user: nothing of it is stored.
    assert!(fails(fm(&["add", "toy-account", "--name", "Second"])).contains("already exists"));
    assert!(!ok(fm(&["show", "accounts"])).contains("Second"));
}

#[test]
fn commands_refuse_an_unmigrated_database_and_bad_settings() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("new.db").display());
    assert!(fails(flexmeasures(dir.path(), &url, &["show", "accounts"])).contains("flexmeasures db upgrade"));
    let bad = flexmeasures(dir.path(), "mysql://x/y", &["show", "accounts"]);
    assert_eq!(bad.status.code(), Some(2), "configuration errors exit with 2");
    assert!(stderr(&bad).contains("DATABASE_URL"));
    let down = flexmeasures(dir.path(), "postgres://fm:pw@127.0.0.1:1/none", &["db", "upgrade"]);
    assert_eq!(down.status.code(), Some(1));
    assert!(stderr(&down).contains("127.0.0.1") && !stderr(&down).contains(":pw@"), "{}", stderr(&down));
}
