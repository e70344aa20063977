//! Play mode: `PUT /api/restoreData` (and `/api/play/restoreData`) restores a backup written by
//! `fm_storage::backup` (what `flexmeasures db-ops save` writes).
#![expect(clippy::unwrap_used, reason = "test helpers, like tests, fail loudly")]

use std::path::Path;

use actix_web::test::TestRequest;
use chrono::{TimeZone, Utc};
use fm_storage::Ts;
use fm_storage::assets::{AssetChanges, NewAsset, create_asset, create_asset_type, get_or_create_asset_type, update_asset};
use fm_storage::backup::{save_backup, table_file};
use fm_storage::beliefs::{BeliefQuery, BeliefRow, delete_beliefs, save_beliefs, search_beliefs};
use fm_storage::sensors::{NewSensor, create_sensor, find_sensor};
use serde_json::{Value, json};

use crate::support::{TestApp, call, unauthorized_body};

const RESTORE: &str = "/api/restoreData";

/// A play-mode app whose backups live in `backups`.
fn play_app(backups: &Path, postgres: bool) -> Option<TestApp> {
    let path = backups.display().to_string();
    let overrides = [("FLEXMEASURES_MODE", "play"), ("FLEXMEASURES_DB_BACKUP_PATH", path.as_str())];
    if postgres { TestApp::postgres(&overrides) } else { Some(TestApp::sqlite(&overrides)) }
}

fn put(uri: &str, token: &str) -> TestRequest {
    TestRequest::put().uri(uri).insert_header(("Authorization", token))
}

fn unrecognized(extra: Option<&str>) -> Value {
    let message = match extra {
        Some(extra) => format!("Requested backup is not known. {extra}"),
        None => "Requested backup is not known.".to_owned(),
    };
    json!({"result": "Rejected", "status": "UNRECOGNIZED_BACKUP", "message": message})
}

#[actix_web::test]
async fn outside_play_mode_the_paths_are_not_found() {
    let app = TestApp::sqlite(&[]);
    let account = app.account("Host", &[]);
    app.user("admin@host.com", account, &["admin"]);
    let token = app.token_for("admin@host.com");
    let service = app.service().await;
    let not_found = json!({"status": 404, "message": fm_api_common::error::standard_description(actix_web::http::StatusCode::NOT_FOUND)});
    for uri in [RESTORE, "/api/play/restoreData", "/api/restoreData?backup=demo"] {
        assert_eq!(call(&service, put(uri, &token).set_json(json!({"backup": "demo"}))).await, (404, not_found.clone()), "{uri}");
        assert_eq!(call(&service, TestRequest::get().uri(uri)).await.0, 404, "{uri}");
    }
}

#[actix_web::test]
async fn refusals_in_order() {
    let backups = tempfile::tempdir().unwrap();
    let app = play_app(backups.path(), false).unwrap();
    let account = app.account("Host", &[]);
    app.user("admin@host.com", account, &["admin"]);
    app.user("member@host.com", account, &["account-admin"]);
    let (admin, member) = (app.token_for("admin@host.com"), app.token_for("member@host.com"));
    let service = app.service().await;

    assert_eq!(call(&service, TestRequest::put().uri(RESTORE).set_json(json!({"backup": "demo"}))).await, (401, unauthorized_body()));
    let forbidden = json!({"result": "Rejected", "status": "INVALID_SENDER",
                           "message": "You cannot be authorized for this content or functionality. It requires admin permission(s)."});
    assert_eq!(call(&service, put(RESTORE, &member).set_json(json!({"backup": "demo"}))).await, (403, forbidden));

    let no_backup = json!({"result": "Rejected", "status": "NO_BACKUP", "message": "Request message should include 'backup'."});
    assert_eq!(call(&service, put(RESTORE, &admin)).await, (400, no_backup.clone()), "no body at all");
    assert_eq!(call(&service, put(RESTORE, &admin).set_json(json!({"name": "demo"}))).await, (400, no_backup.clone()));
    assert_eq!(call(&service, put(RESTORE, &admin).set_json(json!({"backup": ""}))).await, (400, no_backup));

    for uri in [RESTORE, "/api/play/restoreData"] {
        assert_eq!(call(&service, put(uri, &admin).set_json(json!({"backup": "demo"}))).await, (400, unrecognized(None)), "{uri}");
    }
    assert_eq!(call(&service, put("/api/restoreData?backup=demo", &admin)).await, (400, unrecognized(None)), "query parameter");
    std::fs::write(backups.path().join("file"), "").unwrap();
    for escaping in ["file", "..", "../etc", "a/../demo"] {
        assert_eq!(call(&service, put(RESTORE, &admin).set_json(json!({"backup": escaping}))).await, (400, unrecognized(None)), "{escaping}");
    }

    let demo = backups.path().join("demo");
    std::fs::create_dir(&demo).unwrap();
    let missing = |table: &str| unrecognized(Some(&format!("Can't load table, because filename {table} does not exist.")));
    assert_eq!(call(&service, put(RESTORE, &admin).set_json(json!({"backup": "demo"}))).await, (400, missing("role")));
    for table in ["role", "fm_user", "roles_users", "sensor"] {
        std::fs::write(table_file(&demo, table), "").unwrap();
    }
    assert_eq!(call(&service, put(RESTORE, &admin).set_json(json!({"backup": "demo"}))).await, (400, missing("generic_asset_type")));

    for table in ["generic_asset_type", "generic_asset", "data_source", "timed_belief"] {
        std::fs::write(table_file(&demo, table), "").unwrap();
    }
    std::fs::write(table_file(&demo, "sensor"), "not json\n").unwrap();
    let (status, body) = call(&service, put(RESTORE, &admin).set_json(json!({"backup": "demo"}))).await;
    assert_eq!((status, &body["status"]), (400, &json!("UNRECOGNIZED_BACKUP")), "{body}");
    assert!(body["message"].as_str().unwrap().starts_with("Requested backup is not known. Can't load table sensor: line 1:"), "{body}");

    std::fs::write(table_file(&demo, "sensor"), "").unwrap();
    std::fs::write(table_file(&demo, "roles_users"), "{\"id\": 1, \"user_id\": 7, \"role_id\": 9}\n").unwrap();
    let (status, body) = call(&service, put(RESTORE, &admin).set_json(json!({"backup": "demo"}))).await;
    assert_eq!((status, body["message"].as_str().unwrap_or("").starts_with("Requested backup is not known. Can't load table roles_users:")), (400, true), "{body}");
    assert_eq!(call(&service, TestRequest::get().uri(RESTORE)).await.0, 405, "other methods in play mode");
    assert!(fm_storage::users::find_user_by_email(&mut app.rt.db.conn().unwrap(), "admin@host.com").unwrap().is_some(), "a refused restore changes nothing");
}

fn belief(sensor_id: i32, source_id: i32, quarter: i64, value: f64) -> BeliefRow {
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::minutes(15 * quarter);
    BeliefRow { sensor_id, event_start: Ts(start), source_id, belief_horizon_ms: 0, cumulative_probability: 0.5, event_value: value }
}

fn all_beliefs(app: &TestApp, sensor_id: i32) -> Vec<BeliefRow> {
    search_beliefs(&mut app.rt.db.conn().unwrap(), sensor_id, &BeliefQuery::default()).unwrap()
}

/// Saves a backup, changes users, assets, sensors and beliefs, restores over HTTP, and finds
/// everything as saved: a second backup equals the first, file by file.
async fn save_change_restore(app: TestApp, backups: &Path) {
    let cast = app.cast();
    let mut conn = app.rt.db.conn().unwrap();
    let (battery_type, _) = get_or_create_asset_type(&mut conn, "battery", None).unwrap();
    let new_asset = |name| NewAsset { name, latitude: Some(52.0), longitude: Some(4.0), generic_asset_type_id: battery_type.id, account_id: Some(cast.acme), parent_asset_id: None, attributes: "{}" };
    let child = create_asset(&mut conn, &new_asset("battery")).unwrap();
    let site = create_asset(&mut conn, &new_asset("site")).unwrap();
    // The child's id is lower than its parent's: restoring must insert the parent first.
    update_asset(&mut conn, child.id, &AssetChanges { parent_asset_id: Some(Some(site.id)), ..AssetChanges::default() }).unwrap();
    let power = |name, asset_id| NewSensor { name, unit: "MW", timezone: "UTC", event_resolution_s: 900, knowledge_horizon_fnc: "ex_post", knowledge_horizon_par: "{}", generic_asset_id: asset_id, attributes: "{}" };
    let sensor = create_sensor(&mut conn, &power("power", child.id)).unwrap();
    let member = fm_storage::users::find_user_by_email(&mut conn, "member@acme.com").unwrap().unwrap();
    fm_storage::legacy::register_legacy_asset(&mut conn, sensor.id, Some(member.id), "Battery").unwrap();
    let source = fm_storage::data_sources::source_of_user(&mut conn, member.id).unwrap().unwrap();
    save_beliefs(&mut conn, &(0..4).map(|q| belief(sensor.id, source.id, q, 0.1 * q as f64)).collect::<Vec<_>>(), false).unwrap();
    let saved = save_backup(&mut conn, &backups.join("before")).unwrap();
    assert!(saved.tables.contains(&("timed_belief", 4)), "{saved:?}");

    delete_beliefs(&mut conn, Some(sensor.id), &Default::default()).unwrap();
    save_beliefs(&mut conn, &[belief(sensor.id, source.id, 9, 9.0)], false).unwrap();
    let extra_type = create_asset_type(&mut conn, "extra", None).unwrap();
    let extra_sensor = create_sensor(&mut conn, &power("extra", site.id)).unwrap();
    fm_storage::users::delete_user(&mut conn, member.id).unwrap();
    drop(conn);
    app.user("intruder@acme.com", cast.acme, &[]);

    let service = app.service().await;
    let (status, body) = call(&service, put("/api/play/restoreData", &cast.admin).set_json(json!({"backup": "before"}))).await;
    assert_eq!((status, body), (200, json!({"status": "PROCESSED", "message": "Request has been processed. Database restored to before."})));

    assert_eq!(all_beliefs(&app, sensor.id), (0..4).map(|q| belief(sensor.id, source.id, q, 0.1 * q as f64)).collect::<Vec<_>>());
    let mut conn = app.rt.db.conn().unwrap();
    assert!(find_sensor(&mut conn, extra_sensor.id).is_err(), "the sensor added after the backup is gone");
    assert!(fm_storage::users::find_user_by_email(&mut conn, "intruder@acme.com").unwrap().is_none());
    assert!(fm_storage::users::find_user_by_email(&mut conn, "member@acme.com").unwrap().is_some());
    save_backup(&mut conn, &backups.join("after")).unwrap();
    for table in ["account", "account_role", "roles_accounts", "role", "fm_user", "roles_users", "generic_asset_type", "generic_asset", "sensor", "legacy_asset", "data_source", "timed_belief"] {
        let read = |name: &str| std::fs::read_to_string(table_file(&backups.join(name), table)).unwrap();
        assert_eq!(read("after"), read("before"), "{table}");
    }
    // Ids continue after the restored ones, not after those deleted by the restore.
    assert_eq!(create_asset_type(&mut conn, "new", None).unwrap().id, extra_type.id);
    drop(conn);
    let (status, _) = call(&service, put(RESTORE, &cast.admin).set_json(json!({"backup": "before"}))).await;
    assert_eq!(status, 200, "the admin, restored with its uniquifier, keeps its token");
}

mod save_change_restore {
    #[actix_web::test]
    async fn sqlite() {
        let backups = tempfile::tempdir().unwrap();
        super::save_change_restore(super::play_app(backups.path(), false).unwrap(), backups.path()).await;
    }

    #[actix_web::test]
    async fn postgres() {
        let backups = tempfile::tempdir().unwrap();
        if let Some(app) = super::play_app(backups.path(), true) {
            super::save_change_restore(app, backups.path()).await;
        }
    }
}

#[test]
fn cli_saves_and_restores_backups() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("play.db").display());
    let fm = |args: &[&str]| crate::cli::flexmeasures(dir.path(), &url, args);
    let ok = |output: std::process::Output| {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let fails = |output: std::process::Output| {
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    ok(fm(&["db", "upgrade"]));
    ok(fm(&["add", "account", "--name", "Acme"]));
    let saved = ok(fm(&["db-ops", "save", "--name", "snapshot"]));
    assert!(saved.starts_with("Saved backup snapshot to migrations/dumps/snapshot: rows per table: account_role 0, account 1,"), "{saved}");
    assert!(dir.path().join("migrations/dumps/snapshot/timed_belief.obj").is_file());
    assert!(fails(fm(&["db-ops", "save", "--name", "snapshot"])).contains("already exists"));
    assert!(fails(fm(&["db-ops", "save", "--name", "../elsewhere"])).contains("not a valid backup name"));
    assert!(fails(fm(&["db-ops", "restore", "--name", "missing"])).contains("Requested backup is not known."));

    ok(fm(&["add", "account", "--name", "Later"]));
    assert!(fails(fm(&["db-ops", "restore", "--name", "snapshot"])).contains("--force"), "no terminal: confirm with --force");
    assert!(ok(fm(&["db-ops", "restore", "--name", "snapshot", "--force"])).starts_with("Database restored to snapshot: rows per table:"));
    let accounts = ok(fm(&["show", "accounts"]));
    assert!(accounts.contains("Acme") && !accounts.contains("Later"), "{accounts}");
}

/// A backup written on SQLite restores on PostgreSQL, and reads back the same there.
#[actix_web::test]
async fn a_sqlite_backup_restores_on_postgres() {
    let backups = tempfile::tempdir().unwrap();
    let Some(postgres) = play_app(backups.path(), true) else { return };
    let sqlite = play_app(backups.path(), false).unwrap();
    sqlite.cast();
    let mut conn = sqlite.rt.db.conn().unwrap();
    let (asset_type, _) = get_or_create_asset_type(&mut conn, "solar", None).unwrap();
    let asset = create_asset(&mut conn, &NewAsset { name: "pv", latitude: None, longitude: None, generic_asset_type_id: asset_type.id, account_id: None, parent_asset_id: None, attributes: "{}" }).unwrap();
    let sensor = create_sensor(&mut conn, &NewSensor { name: "power", unit: "kW", timezone: "UTC", event_resolution_s: 900, knowledge_horizon_fnc: "ex_post", knowledge_horizon_par: "{}", generic_asset_id: asset.id, attributes: "{}" }).unwrap();
    let (source, _) = fm_storage::data_sources::get_or_create_source(&mut conn, "import", "CLI script", None, None).unwrap();
    save_beliefs(&mut conn, &[belief(sensor.id, source.id, 0, 1.5), belief(sensor.id, source.id, 1, -2.25)], false).unwrap();
    save_backup(&mut conn, &backups.path().join("sqlite")).unwrap();

    let mut pg = postgres.rt.db.conn().unwrap();
    let backup = fm_storage::backup::read_backup(&backups.path().join("sqlite")).unwrap();
    fm_storage::backup::restore_backup(&mut pg, &backup).unwrap();
    save_backup(&mut pg, &backups.path().join("postgres")).unwrap();
    for table in fm_storage::backup::REQUIRED_TABLES.into_iter().chain(fm_storage::backup::OPTIONAL_TABLES) {
        let read = |name: &str| std::fs::read_to_string(table_file(&backups.path().join(name), table)).unwrap();
        assert_eq!(read("postgres"), read("sqlite"), "{table}");
    }
    assert_eq!(all_beliefs(&postgres, sensor.id).len(), 2);
}
