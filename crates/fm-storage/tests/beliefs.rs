//! Saving and reading beliefs, on every backend.

use chrono::{Duration, TimeZone, Utc};
use fm_storage::accounts::create_account;
use fm_storage::assets::{NewAsset, create_asset, get_or_create_asset_type};
use fm_storage::beliefs::{BeliefDeletion, BeliefQuery, BeliefRow, SaveOutcome, delete_beliefs, save_beliefs, search_beliefs};
use fm_storage::data_sources::get_or_create_source;
use fm_storage::sensors::{NewSensor, create_sensor};
use fm_storage::testing::TestDatabase;
use fm_storage::{DbConnection, StorageError, Ts};

fn sensor(conn: &mut DbConnection) -> (i32, i32) {
    let account = create_account(conn, "Acme", &[]).unwrap();
    let (asset_type, _) = get_or_create_asset_type(conn, "battery", None).unwrap();
    let asset = create_asset(conn, &NewAsset {
        name: "b",
        latitude: None,
        longitude: None,
        generic_asset_type_id: asset_type.id,
        account_id: Some(account.id),
        parent_asset_id: None,
        attributes: "{}",
    })
    .unwrap();
    let sensor = create_sensor(conn, &NewSensor {
        name: "power",
        unit: "MW",
        timezone: "UTC",
        event_resolution_s: 900,
        knowledge_horizon_fnc: "ex_post",
        knowledge_horizon_par: "{}",
        generic_asset_id: asset.id,
        attributes: "{}",
    })
    .unwrap();
    let (source, _) = get_or_create_source(conn, "script", "CLI script", None, None).unwrap();
    (sensor.id, source.id)
}

fn series(sensor_id: i32, source_id: i32, n: usize, horizon_ms: i64, value: impl Fn(usize) -> f64) -> Vec<BeliefRow> {
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    (0..n)
        .map(|i| BeliefRow {
            sensor_id,
            event_start: Ts(start + Duration::minutes(15 * i as i64)),
            source_id,
            belief_horizon_ms: horizon_ms,
            cumulative_probability: 0.5,
            event_value: value(i),
        })
        .collect()
}

fn story(backend: &str, conn: &mut DbConnection) {
    let (sensor_id, source_id) = sensor(conn);
    let day = series(sensor_id, source_id, 96, 0, |i| i as f64);
    assert_eq!(save_beliefs(conn, &day, false).unwrap(), SaveOutcome::Success, "{backend}");
    assert_eq!(save_beliefs(conn, &day, false).unwrap(), SaveOutcome::SuccessButNothingNew, "exact repeat stores nothing");

    // A later belief with the same value is unchanged; a changed one is new.
    let later = series(sensor_id, source_id, 96, -3_600_000, |i| if i < 48 { i as f64 } else { 1000.0 });
    assert_eq!(save_beliefs(conn, &later, false).unwrap(), SaveOutcome::SuccessWithUnchangedBeliefsSkipped);
    let all = search_beliefs(conn, sensor_id, &BeliefQuery::default()).unwrap();
    assert_eq!(all.len(), 96 + 48, "{backend}");

    // A replacement refuses the whole request, the new parts included.
    let mut mixed = series(sensor_id, source_id, 97, 0, |i| i as f64);
    mixed[3].event_value = -1.0;
    assert!(matches!(save_beliefs(conn, &mixed, false), Err(StorageError::Replacement(_))));
    assert_eq!(search_beliefs(conn, sensor_id, &BeliefQuery::default()).unwrap().len(), 96 + 48, "{backend}: nothing of it stored");
    assert_eq!(save_beliefs(conn, &mixed, true).unwrap(), SaveOutcome::SuccessWithUnchangedBeliefsSkipped, "overwrite allowed");
    let third = search_beliefs(conn, sensor_id, &BeliefQuery {
        starts_from: Some(mixed[3].event_start),
        starts_before: Some(mixed[4].event_start),
        max_horizon_ms: Some(0),
        min_horizon_ms: Some(0),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(third.iter().map(|b| b.event_value).collect::<Vec<_>>(), [-1.0]);

    // Two values for one belief in one request are a replacement too; NaN is dropped.
    let mut twice = series(sensor_id, source_id, 1, 5_000, |_| 1.0);
    twice.extend(series(sensor_id, source_id, 1, 5_000, |_| 2.0));
    assert!(matches!(save_beliefs(conn, &twice, false), Err(StorageError::Replacement(_))));
    assert_eq!(save_beliefs(conn, &series(sensor_id, source_id, 2, 9_000, |_| f64::NAN), false).unwrap(), SaveOutcome::SuccessButNothingNew);

    // A first measurement equal to the last forecast is still stored.
    let forecast = series(sensor_id, source_id, 1, 86_400_000, |_| 7.0);
    let future_start = Ts(forecast[0].event_start.0 + Duration::days(10));
    let forecast: Vec<BeliefRow> = forecast.into_iter().map(|b| BeliefRow { event_start: future_start, ..b }).collect();
    assert_eq!(save_beliefs(conn, &forecast, false).unwrap(), SaveOutcome::Success);
    let measured: Vec<BeliefRow> = forecast.iter().map(|b| BeliefRow { belief_horizon_ms: 0, ..*b }).collect();
    assert_eq!(save_beliefs(conn, &measured, false).unwrap(), SaveOutcome::Success, "{backend}");

    // Large requests are batched under the bound-parameter limits.
    let (_, other_source) = (0, get_or_create_source(conn, "bulk", "CLI script", None, None).unwrap().0.id);
    let bulk = series(sensor_id, other_source, 2_500, 0, |i| i as f64 * 0.5);
    assert_eq!(save_beliefs(conn, &bulk, false).unwrap(), SaveOutcome::Success);
    let window = search_beliefs(conn, sensor_id, &BeliefQuery {
        starts_from: Some(bulk[96].event_start),
        starts_before: Some(bulk[192].event_start),
        source_ids: Some(vec![other_source]),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(window.len(), 96);
    assert_eq!(window.first().map(|b| b.event_start), Some(bulk[96].event_start));

    // Deleting measurements keeps forecasts.
    let deleted = delete_beliefs(conn, Some(sensor_id), &BeliefDeletion { measurements_only: true, ..Default::default() }).unwrap();
    assert_eq!(deleted, 96 + 48 + 1 + 1 + 2_500);
    let left = search_beliefs(conn, sensor_id, &BeliefQuery::default()).unwrap();
    assert!(left.iter().all(|b| b.belief_horizon_ms > 0) && left.len() == 1, "{backend}: {left:?}");
}

#[test]
fn beliefs_on_sqlite() {
    let db = TestDatabase::sqlite();
    story("sqlite", &mut db.db.conn().unwrap());
}

#[test]
fn beliefs_on_postgres() {
    let Some(db) = TestDatabase::postgres() else { return };
    story("postgres", &mut db.db.conn().unwrap());
}

/// Concurrent writers on one SQLite file wait for each other instead of failing with
/// "database is locked" (each save reads before it writes).
#[test]
fn concurrent_writers_on_sqlite_all_succeed() {
    let db = TestDatabase::sqlite();
    let (sensor_id, source_id) = sensor(&mut db.db.conn().unwrap());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let pool = db.db.clone();
            std::thread::spawn(move || {
                let mut conn = pool.conn().unwrap();
                for round in 0..20 {
                    let offset = (t * 20 + round) as i64 * 96;
                    let rows: Vec<BeliefRow> = series(sensor_id, source_id, 96, 0, |i| i as f64)
                        .into_iter()
                        .map(|b| BeliefRow { event_start: Ts(b.event_start.0 + Duration::minutes(15 * offset)), ..b })
                        .collect();
                    save_beliefs(&mut conn, &rows, false).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(search_beliefs(&mut db.db.conn().unwrap(), sensor_id, &BeliefQuery::default()).unwrap().len(), 4 * 20 * 96);
}

/// A write transaction inside another becomes a savepoint: the inner one's work is kept only if
/// the outer one commits.
#[test]
fn nested_write_transactions_commit_or_roll_back_together() {
    for (_, db) in TestDatabase::all() {
        let conn = &mut db.db.conn().unwrap();
        let count = |conn: &mut fm_storage::DbConnection| fm_storage::accounts::all_account_ids(conn).unwrap().len();
        let before = count(conn);
        let outcome: Result<(), fm_storage::StorageError> = fm_storage::write_transaction(conn, |conn| {
            fm_storage::write_transaction(conn, |conn| fm_storage::accounts::create_account(conn, "Inner", &[]).map(|_| ()))?;
            Err(fm_storage::StorageError::Invalid("outer fails".into()))
        });
        assert!(outcome.is_err());
        assert_eq!(count(conn), before, "the inner write is rolled back with the outer transaction");
        fm_storage::write_transaction(conn, |conn| {
            fm_storage::write_transaction(conn, |conn| fm_storage::accounts::create_account(conn, "Inner", &[]).map(|_| ()))
        })
        .unwrap();
        assert_eq!(count(conn), before + 1);
    }
}
