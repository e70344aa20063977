//! One storage story, told on every backend: a fresh installation, an account with a user,
//! assets and sensors, task runs, and a clean-up that keeps lineage.

use chrono::{TimeZone, Utc};
use diesel::connection::SimpleConnection;
use fm_storage::accounts::{account_role_names, create_account, delete_account, find_account, list_accounts_with_asset_counts};
use fm_storage::assets::{NewAsset, create_asset, find_asset_type_by_name, find_root_asset};
use fm_storage::data_sources::{list_sources, source_of_user};
use fm_storage::roles::{RoleKind, list_roles};
use fm_storage::sensors::{NewSensor, create_sensor, sensors_of_asset};
use fm_storage::structure::ensure_initial_structure;
use fm_storage::task_runs::{latest_task_run, record_task_run};
use fm_storage::testing::TestDatabase;
use fm_storage::users::{NewUser, create_user, delete_user, find_user_by_email, identity_by_uniquifier, record_login, set_uniquifier};
use fm_storage::{Connection, DbConnection, StorageError, Ts};

fn story(backend: &str, conn: &mut DbConnection) {
    // A fresh installation gets its initial structure once.
    let first = ensure_initial_structure(conn).unwrap();
    assert_eq!((first.user_roles, first.account_roles, first.asset_types, first.data_sources), (4, 5, 6, 3), "{backend}");
    let second = ensure_initial_structure(conn).unwrap();
    assert_eq!(second, Default::default(), "{backend}: initial structure is idempotent");
    assert_eq!(list_roles(conn, RoleKind::Account).unwrap().len(), 5);

    // An account with roles, one of them new.
    let acme = create_account(conn, "Acme", &["Prosumer".into(), "DSO".into()]).unwrap();
    assert_eq!(account_role_names(conn, acme.id).unwrap(), ["DSO", "Prosumer"]);
    assert!(matches!(create_account(conn, "Acme", &[]), Err(StorageError::Conflict(m)) if m == "Account 'Acme' already exists."));

    // A user with roles and its own data source.
    let new = NewUser {
        email: "a@b.c",
        username: "a",
        password: Some("hash"),
        active: true,
        timezone: "Europe/Amsterdam",
        fs_uniquifier: "u1",
        account_id: acme.id,
    };
    let user = create_user(conn, &new, &["account-admin".into(), "task-runner".into()]).unwrap();
    let source = source_of_user(conn, user.id).unwrap().unwrap();
    assert_eq!((source.name.as_str(), source.source_type.as_str()), ("a", "user"));
    assert!(matches!(create_user(conn, &new, &[]), Err(StorageError::Conflict(_))), "{backend}: e-mail is unique");
    let other_email = NewUser { email: "other@b.c", fs_uniquifier: "u2", ..new.clone() };
    assert!(matches!(create_user(conn, &other_email, &[]), Err(StorageError::Conflict(m)) if m.contains("username")));
    let no_account = NewUser { email: "x@b.c", username: "x", fs_uniquifier: "u3", account_id: 9999, ..new.clone() };
    assert!(matches!(create_user(conn, &no_account, &[]), Err(StorageError::NotFound(_))));

    // The identity behind a token, and what rotating the uniquifier does to it.
    let identity = identity_by_uniquifier(conn, "u1").unwrap().unwrap();
    assert_eq!(identity.roles, ["account-admin", "task-runner"]);
    assert_eq!(identity.account_roles, ["DSO", "Prosumer"]);
    assert_eq!(identity.account.name, "Acme");
    set_uniquifier(conn, user.id, "u1-rotated").unwrap();
    assert!(identity_by_uniquifier(conn, "u1").unwrap().is_none());

    // Timestamps are stored UTC-exact, whatever the session time zone says.
    if backend == "postgres" {
        conn.batch_execute("SET TIME ZONE 'Europe/Amsterdam'").unwrap();
    }
    let login = Ts(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::microseconds(123_456));
    record_login(conn, user.id, login).unwrap();
    let reloaded = find_user_by_email(conn, "a@b.c").unwrap().unwrap();
    assert_eq!(reloaded.last_login_at, Some(login), "{backend}");
    assert_eq!(reloaded.login_count, 1);

    // Task runs are upserted by name.
    let t1 = Ts(Utc.with_ymd_and_hms(2024, 3, 31, 1, 30, 0).unwrap());
    record_task_run(conn, "import", t1, true).unwrap();
    let t2 = Ts(Utc.with_ymd_and_hms(2024, 10, 27, 1, 30, 0).unwrap());
    record_task_run(conn, "import", t2, false).unwrap();
    let run = latest_task_run(conn, "import").unwrap().unwrap();
    assert_eq!((run.datetime, run.status), (Some(t2), false));
    assert!(latest_task_run(conn, "other").unwrap().is_none());

    // Assets and sensors, with sibling-unique names.
    let battery_type = find_asset_type_by_name(conn, "battery").unwrap().unwrap();
    let asset = NewAsset {
        name: "battery",
        latitude: Some(52.0),
        longitude: Some(4.0),
        generic_asset_type_id: battery_type.id,
        account_id: Some(acme.id),
        parent_asset_id: None,
        attributes: "{}",
    };
    let battery = create_asset(conn, &asset).unwrap();
    assert!(matches!(create_asset(conn, &asset), Err(StorageError::Conflict(_))), "{backend}: names are unique in an account");
    let public = create_asset(conn, &NewAsset { account_id: None, ..asset.clone() }).unwrap();
    assert_eq!(find_root_asset(conn, "battery", None).unwrap().map(|a| a.id), Some(public.id));
    let sensor = NewSensor {
        name: "power",
        unit: "MW",
        timezone: "Europe/Amsterdam",
        event_resolution_s: 900,
        knowledge_horizon_fnc: "ex_post",
        knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#,
        generic_asset_id: battery.id,
        attributes: "{}",
    };
    create_sensor(conn, &sensor).unwrap();
    assert!(matches!(create_sensor(conn, &sensor), Err(StorageError::Conflict(_))));
    let counts = list_accounts_with_asset_counts(conn).unwrap();
    assert_eq!(counts.iter().map(|(a, n)| (a.name.as_str(), *n)).collect::<Vec<_>>(), [("Acme", 1)]);

    // A failed transaction leaves nothing behind.
    let failed: Result<(), StorageError> = conn.transaction(|c| {
        create_account(c, "Half", &["Brand-new role".into()])?;
        create_account(c, "Acme", &[])?;
        Ok(())
    });
    assert!(failed.is_err());
    assert!(fm_storage::accounts::find_account_by_name(conn, "Half").unwrap().is_none(), "{backend}: rolled back");
    assert!(fm_storage::roles::find_role(conn, RoleKind::Account, "Brand-new role").unwrap().is_none());

    // Deleting the account takes users, assets and sensors, but keeps the user's data source.
    let deleted = delete_account(conn, acme.id).unwrap();
    assert_eq!((deleted.users, deleted.assets), (1, 1));
    assert!(matches!(find_account(conn, acme.id), Err(StorageError::NotFound(_))));
    assert!(sensors_of_asset(conn, battery.id).unwrap().is_empty(), "{backend}: sensors cascade");
    assert!(list_sources(conn).unwrap().iter().any(|s| s.user_id == Some(user.id)), "{backend}: lineage kept");
    assert!(matches!(delete_user(conn, user.id), Err(StorageError::NotFound(_))));
}

#[test]
fn storage_story_on_sqlite() {
    let test_db = TestDatabase::sqlite();
    story("sqlite", &mut test_db.db.conn().unwrap());
}

#[test]
fn storage_story_on_postgres() {
    let Some(test_db) = TestDatabase::postgres() else { return };
    story("postgres", &mut test_db.db.conn().unwrap());
}

#[test]
fn sqlite_connections_use_wal_and_foreign_keys() {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Mode {
        #[diesel(sql_type = diesel::sql_types::Text)]
        journal_mode: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Fk {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        foreign_keys: i32,
    }
    let test_db = TestDatabase::sqlite();
    let mut conn = test_db.db.conn().unwrap();
    let DbConnection::Sqlite(sqlite) = &mut *conn else { panic!("expected SQLite") };
    let mode: Mode = diesel::sql_query("PRAGMA journal_mode").get_result(sqlite).unwrap();
    let fk: Fk = diesel::sql_query("PRAGMA foreign_keys").get_result(sqlite).unwrap();
    assert_eq!((mode.journal_mode.as_str(), fk.foreign_keys), ("wal", 1));
}
