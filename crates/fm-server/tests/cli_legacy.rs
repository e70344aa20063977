//! The CLI's legacy entities (API v1.x, v2_0): legacy assets owned by users, markets and
//! weather sensors, made with `add asset` and `add sensor`, and found as the legacy API finds them.
#![expect(clippy::unwrap_used, reason = "test helpers, like tests, fail loudly")]

use std::process::Output;

use fm_domain::legacy::{MARKET_ASSET_TYPES, WEATHER_SENSOR_TYPES};
use fm_storage::{DatabaseUrl, Db, PoolOptions};
use serde_json::{Value, json};

use crate::cli::flexmeasures;

fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Asserts a failure with `code` and one line on stderr; returns that line.
fn fails_with(code: i32, output: Output) -> String {
    assert_eq!(output.status.code(), Some(code), "{}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn fails(output: Output) -> String {
    let err = fails_with(1, output);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

fn attributes(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn open(url: &str) -> Db {
    Db::connect(&DatabaseUrl::parse(url).unwrap(), PoolOptions::default()).unwrap()
}

/// Account 1 with user 1 (the owner-to-be), and the market `epex_da` (sensor 1 on public asset 1).
fn owner_and_market(fm: &impl Fn(&[&str]) -> Output) {
    ok(fm(&["db", "upgrade"]));
    ok(fm(&["add", "account", "--name", "Prosumers", "--roles", "Prosumer"]));
    ok(fm(&["add", "user", "--username", "owner", "--email", "owner@example.com", "--account-id", "1", "--password", "pw-123456"]));
    let market = ok(fm(&["add", "asset", "--name", "EPEX day-ahead", "--asset-type-name", "day_ahead"]));
    assert!(market.starts_with("Successfully created asset with ID 1."), "{market}");
    ok(fm(&["add", "sensor", "--name", "epex_da", "--unit", "EUR/MWh", "--event-resolution", "60", "--timezone", "Europe/Amsterdam", "--asset-id", "1"]));
}

#[test]
fn legacy_asset_owned_by_a_user() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("legacy.db").display());
    let fm = |args: &[&str]| flexmeasures(dir.path(), &url, args);
    owner_and_market(&fm);

    let legacy = [
        "add", "asset", "--name", "CS 1 (MW)", "--asset-type-name", "one-way_evse", "--owner-id", "1", "--latitude", "52.4", "--longitude", "4.9",
        "--capacity-in-mw", "0.02", "--market-id", "1",
    ];
    let made = ok(fm(&[&legacy[..], &["--min-soc-in-mwh", "0", "--max-soc-in-mwh", "0.1"]].concat()));
    assert!(made.starts_with("Successfully created legacy asset 'Cs 1' with ID 2 (owner: user 1; asset 2 of type one-way_evse)."), "{made}");
    assert!(made.contains("<Sensor 2: CS 1, unit: MW res.: 0:15:00>"), "{made}");

    let db = open(&url);
    let mut conn = db.conn().unwrap();
    let asset = fm_storage::legacy::find_legacy_asset(&mut conn, 2).unwrap().unwrap();
    assert_eq!((asset.owner_id, asset.display_name.as_str(), asset.asset.account_id), (Some(1), "Cs 1", Some(1)));
    assert_eq!((asset.sensor.unit.as_str(), asset.sensor.event_resolution_s, asset.sensor.timezone.as_str()), ("MW", 900, "UTC"));
    assert_eq!(attributes(&asset.sensor.attributes), json!({"is_consumer": true, "is_producer": false, "capacity_in_mw": 0.02, "market_id": 1}));
    assert_eq!(attributes(&asset.asset.attributes), json!({"min_soc_in_mwh": 0.0, "max_soc_in_mwh": 0.1}));
    assert_eq!((asset.asset.latitude, asset.asset.longitude), (Some(52.4), Some(4.9)));

    // A type given by id, with every legacy option.
    ok(fm(&["add", "asset-type", "--name", "battery"]));
    let battery = ok(fm(&[
        "add", "asset", "--name", "home_battery", "--asset-type-id", "3", "--owner-id", "1", "--latitude", "52.4", "--longitude", "4.9",
        "--capacity-in-mw", "0.005", "--unit", "kW", "--event-resolution", "PT5M", "--timezone", "Europe/Amsterdam", "--soc-in-mwh", "0.002",
        "--display-name", "Home battery",
    ]));
    assert!(battery.starts_with("Successfully created legacy asset 'Home battery' with ID 3"), "{battery}");
    let asset = fm_storage::legacy::find_legacy_asset(&mut conn, 3).unwrap().unwrap();
    assert_eq!((asset.sensor.unit.as_str(), asset.sensor.event_resolution_s, asset.asset_type.name.as_str()), ("kW", 300, "battery"));
    assert_eq!(attributes(&asset.sensor.attributes), json!({"is_consumer": true, "is_producer": true, "capacity_in_mw": 0.005}));
    assert_eq!(attributes(&asset.asset.attributes), json!({"soc_in_mwh": 0.002}));

    // Refusals: one clear line, nothing stored.
    let without = |dropped: &[&str]| legacy.iter().copied().filter(|a| !dropped.contains(a)).collect::<Vec<_>>();
    assert!(fails(fm(&without(&["--latitude", "52.4"]))).contains("needs --latitude and --longitude"));
    assert!(fails(fm(&without(&["--capacity-in-mw", "0.02"]))).contains("needs --capacity-in-mw"));
    let renamed = |extra: &[&'static str]| [&["add", "asset", "--name", "CS 2", "--asset-type-name", "one-way_evse", "--latitude", "52", "--longitude", "4", "--capacity-in-mw", "1"][..], extra].concat();
    assert!(fails(fm(&renamed(&["--owner-id", "9"]))).contains("User 9 not found"));
    assert!(fails(fm(&renamed(&["--owner-id", "1", "--market-id", "99"]))).contains("99"));
    assert!(fails(fm(&renamed(&["--owner-id", "1", "--unit", "furlongs"]))).contains("Unit 'furlongs' cannot be handled."));
    assert!(fails(fm(&renamed(&["--owner-id", "1", "--display-name", "Cs 1"]))).contains("already exists"));
    let off_the_globe = ["add", "asset", "--name", "CS 2", "--asset-type-name", "one-way_evse", "--owner-id", "1", "--latitude", "91", "--longitude", "4", "--capacity-in-mw", "1"];
    assert!(fails(fm(&off_the_globe)).contains("Latitude"));
    assert_eq!(fm_storage::legacy::legacy_asset_ids(&mut conn, None).unwrap(), [3, 2]);

    // Legacy options without --owner-id, and an account or parent with it, are usage errors.
    let generic = ["add", "asset", "--name", "x", "--asset-type-id", "1"];
    assert!(fails_with(2, fm(&[&generic[..], &["--capacity-in-mw", "1"]].concat())).contains("--owner-id"));
    assert!(fails_with(2, fm(&[&generic[..], &["--owner-id", "1", "--account-id", "1"]].concat())).contains("--account-id"));
    assert!(fails_with(2, fm(&["add", "asset", "--name", "x"])).contains("--asset-type-id"));
    assert!(fails_with(2, fm(&[&generic[..], &["--asset-type-name", "battery"]].concat())).contains("cannot be used with"));
}

#[test]
fn markets_and_weather_sensors_as_the_legacy_api_finds_them() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("legacy.db").display());
    let fm = |args: &[&str]| flexmeasures(dir.path(), &url, args);
    owner_and_market(&fm);
    let station = ["add", "asset", "--name", "Weather station", "--asset-type-name", "temperature", "--latitude", "33.4843866", "--longitude", "126.477859"];
    assert!(ok(fm(&station)).starts_with("Successfully created asset with ID 2."));
    ok(fm(&["add", "sensor", "--name", "temperature", "--unit", "°C", "--event-resolution", "15", "--timezone", "Asia/Seoul", "--asset-id", "2"]));
    assert!(ok(fm(&["add", "asset", "--name", "Other station", "--asset-type-name", "temperature"])).starts_with("Successfully created asset with ID 3."));
    assert!(fails(fm(&["add", "asset", "--name", "Weather station", "--asset-type-name", "wind speed"])).contains("already exists"));
    assert!(!ok(fm(&["show", "asset-types"])).contains("wind speed"), "a type named for a refused asset is not left behind");

    let db = open(&url);
    let mut conn = db.conn().unwrap();
    let markets = fm_storage::sensors::sensors_named_on_asset_types(&mut conn, "epex_da", MARKET_ASSET_TYPES).unwrap();
    assert_eq!(markets.iter().map(|s| (s.id, s.unit.as_str())).collect::<Vec<_>>(), [(1, "EUR/MWh")]);
    let weather = fm_storage::weather::weather_sensors(&mut conn, WEATHER_SENSOR_TYPES[0]).unwrap();
    let found: Vec<_> = weather.iter().map(|(sensor, asset)| (sensor.id, asset.latitude, asset.longitude, asset.account_id)).collect();
    assert_eq!(found, [(2, Some(33.4843866), Some(126.477859), None)]);
}
