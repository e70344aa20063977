//! Schedules in the 1.0-era form: `flex-model` and `flex-context` on the sensor trigger
//! (spec planning §B.2.1, §B.4, §B.5, §B.8; the battery of §B.17).

use actix_web::test::TestRequest;
use chrono::{TimeDelta, TimeZone, Utc};
use fm_storage::Ts;
use fm_storage::assets::{NewAsset, create_asset, find_asset_type_by_name};
use fm_storage::beliefs::{BeliefRow, save_beliefs};
use fm_storage::sensors::{NewSensor, create_sensor};
use serde_json::{Value, json};

use crate::support::{TestApp, call, on_both_backends};

struct World {
    app: TestApp,
    battery: i32,
    prices: i32,
    load: i32,
    foreign: i32,
    member: String,
}

const START: &str = "2025-01-01T00:00:00+00:00";

fn sensor(app: &TestApp, asset: i32, name: &str, unit: &str) -> i32 {
    let new = NewSensor {
        name,
        unit,
        timezone: "UTC",
        event_resolution_s: 3600,
        knowledge_horizon_fnc: "ex_post",
        knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#,
        generic_asset_id: asset,
        attributes: "{}",
    };
    create_sensor(&mut app.rt.db.conn().unwrap(), &new).unwrap().id
}

fn record(app: &TestApp, sensor: i32, values: &[f64]) {
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let rows: Vec<BeliefRow> = values
        .iter()
        .enumerate()
        .map(|(h, v)| BeliefRow {
            sensor_id: sensor,
            event_start: Ts(start + TimeDelta::hours(h as i64)),
            source_id: 1,
            belief_horizon_ms: 0,
            cumulative_probability: 0.5,
            event_value: *v,
        })
        .collect();
    save_beliefs(&mut app.rt.db.conn().unwrap(), &rows, false).unwrap();
}

fn world(app: TestApp) -> World {
    let cast = app.cast();
    let mut conn = app.rt.db.conn().unwrap();
    let battery_type = find_asset_type_by_name(&mut conn, "battery").unwrap().unwrap().id;
    let mut asset = |name: &str, account: i32| {
        let new = NewAsset { name, latitude: None, longitude: None, generic_asset_type_id: battery_type, account_id: Some(account), parent_asset_id: None, attributes: "{}" };
        create_asset(&mut conn, &new).unwrap().id
    };
    let (site, market, elsewhere) = (asset("battery", cast.acme), asset("market", cast.acme), asset("elsewhere", cast.other));
    drop(conn);
    let world = World {
        battery: sensor(&app, site, "power", "MW"),
        prices: sensor(&app, market, "prices", "EUR/MWh"),
        load: sensor(&app, site, "load", "MW"),
        foreign: sensor(&app, elsewhere, "prices", "EUR/MWh"),
        member: cast.member,
        app,
    };
    record(&world.app, world.prices, &[10.0, 40.0, 20.0, 50.0]);
    record(&world.app, world.load, &[0.2, 0.2, 0.2, 0.2]);
    world
}

/// The battery of §B.17.
fn battery() -> Value {
    json!({"soc-at-start": "0 MWh", "soc-min": "0 MWh", "soc-max": "1 MWh", "power-capacity": "0.5 MW"})
}

/// The prices of §B.17 as a time series.
fn price_series() -> Value {
    let hour = |h: u32, p: u32| json!({"start": format!("2025-01-01T{h:02}:00+00:00"), "duration": "PT1H", "value": format!("{p} EUR/MWh")});
    json!([hour(0, 10), hour(1, 40), hour(2, 20), hour(3, 50)])
}

fn body(flex_model: Value, flex_context: Value) -> Value {
    json!({"start": START, "duration": "PT4H", "flex-model": flex_model, "flex-context": flex_context})
}

fn trigger(sensor: i32, body: Value, token: &str) -> TestRequest {
    TestRequest::post().uri(&format!("/api/v3_0/sensors/{sensor}/schedules/trigger")).insert_header(("Authorization", token)).set_json(body)
}

fn fetch(sensor: i32, job: &str, token: &str) -> TestRequest {
    TestRequest::get().uri(&format!("/api/v3_0/sensors/{sensor}/schedules/{job}?duration=PT4H")).insert_header(("Authorization", token))
}

fn values(answer: &Value) -> Vec<f64> {
    answer["values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect()
}

#[track_caller]
fn assert_schedule(answer: &Value, expected: &[f64]) {
    let got = values(answer);
    assert_eq!(got.len(), expected.len(), "{answer}");
    assert!(got.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-6), "{got:?} vs {expected:?}");
}

/// Triggers, runs the job and fetches the schedule.
async fn schedule_of(w: &World, body: Value) -> (u16, Value) {
    let service = w.app.service().await;
    let (status, answer) = call(&service, trigger(w.battery, body, &w.member)).await;
    assert_eq!(status, 202, "{answer}");
    let job = answer["job"].as_str().unwrap().to_owned();
    fm_server::scheduling::worker::run_pending(&w.app.rt.db, "test-worker").unwrap();
    call(&service, fetch(w.battery, &job, &w.member)).await
}

async fn flex_form_is_scheduled_end_to_end(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let (status, answer) = call(&service, trigger(w.battery, body(battery(), json!({"consumption-price": price_series()})), &w.member)).await;
    assert_eq!((status, answer["status"].clone(), answer["message"].clone()), (202, json!("ACCEPTED"), json!("Request has been accepted for processing.")), "{answer}");
    let job = answer["job"].as_str().unwrap().to_owned();
    assert_eq!(answer["schedule"], json!(job));
    assert_eq!(answer["job-url"], json!(format!("/api/v3_0/jobs/{job}")));
    assert_eq!(answer["results-url"], json!(format!("/api/v3_0/sensors/{}/schedules/{job}", w.battery)));

    assert_eq!(fm_server::scheduling::worker::run_pending(&w.app.rt.db, "test-worker").unwrap(), 1);
    let (status, schedule) = call(&service, fetch(w.battery, &job, &w.member)).await;
    assert_eq!(status, 200, "{schedule}");
    assert_schedule(&schedule, &[0.5, -0.5, 0.5, -0.5]);
    assert_eq!((schedule["start"].clone(), schedule["duration"].clone(), schedule["unit"].clone()), (json!(START), json!("PT4H"), json!("MW")));
    assert_eq!(schedule["scheduler_info"], json!({"scheduler": "StorageScheduler"}));
    assert_eq!(schedule["message"], json!("Request has been processed. StorageScheduler was used."));
    // Stored production positive (T1: [−0.5, 0.5, −0.5, 0.5]).
    let data = TestRequest::get()
        .uri(&format!("/api/v3_0/sensors/{}/data?start=2025-01-01T00:00:00%2B00:00&duration=PT4H&unit=MW", w.battery))
        .insert_header(("Authorization", w.member.as_str()));
    assert_eq!(call(&service, data).await.1["values"], json!([-0.5, 0.5, -0.5, 0.5]));
}
on_both_backends!(flex_form_is_scheduled_end_to_end);

#[actix_web::test]
async fn a_soc_target_and_a_referenced_price_sensor() {
    let w = world(TestApp::sqlite(&[]));
    // T3: the target is reached the cheapest way.
    let mut model = battery();
    model["soc-targets"] = json!([{"datetime": "2025-01-01T04:00:00+00:00", "value": "1 MWh"}]);
    let (status, answer) = schedule_of(&w, body(model, json!({"consumption-price": {"sensor": w.prices}}))).await;
    assert_eq!(status, 200, "{answer}");
    assert_schedule(&answer, &[0.5, 0.0, 0.5, 0.0]);
}

#[actix_web::test]
async fn site_capacity_limits_the_schedule() {
    let w = world(TestApp::sqlite(&[]));
    // T5: soft by default, the same schedule.
    let context = json!({"consumption-price": {"sensor": w.prices}, "site-consumption-capacity": "300 kW"});
    let (_, answer) = schedule_of(&w, body(battery(), context)).await;
    assert_schedule(&answer, &[0.3, -0.1, 0.3, -0.5]);
    // An inflexible load of 0.2 MW leaves 0.1 MW under a hard site capacity.
    let context = json!({
        "consumption-price": {"sensor": w.prices},
        "site-consumption-capacity": "0.3 MW",
        "relax-site-capacity-constraints": false,
        "inflexible-consumption": [{"sensor": w.load}],
    });
    let (_, answer) = schedule_of(&w, body(battery(), context)).await;
    assert_schedule(&answer, &[0.1, 0.1, 0.1, -0.3]);
}

#[actix_web::test]
async fn efficiencies_and_capacity_series() {
    let w = world(TestApp::sqlite(&[]));
    let context = json!({"consumption-price": price_series()});
    // T2: 81 % round trip on the grid side.
    let mut model = battery();
    model["roundtrip-efficiency"] = json!("81%");
    let (_, answer) = schedule_of(&w, body(model, context.clone())).await;
    assert_schedule(&answer, &[0.5, -0.31, 0.5, -0.5]);
    // A consumption capacity series: 0.2 MW in the first hour only.
    let mut model = battery();
    model["consumption-capacity"] = json!([{"start": START, "duration": "PT1H", "value": "0.2 MW"}]);
    model["production-capacity"] = json!("0.5 MW");
    let (_, answer) = schedule_of(&w, body(model, context)).await;
    assert_schedule(&answer, &[0.2, -0.2, 0.5, -0.5]);
}

#[actix_web::test]
async fn jobs_fail_with_a_clear_message() {
    let w = world(TestApp::sqlite(&[]));
    let failed = |why: &str| (400, json!({"result": "Rejected", "status": "UNKNOWN_SCHEDULE", "message": format!("No known schedule for this time period. Scheduling job failed with {why}")}));
    assert_eq!(schedule_of(&w, body(battery(), json!({}))).await, failed("ValueError: Missing consumption price for commodity 'electricity'."));
    // A hard target beyond soc-max is rejected before solving.
    let mut model = battery();
    model["soc-targets"] = json!([{"datetime": "2025-01-01T04:00:00+00:00", "value": "3 MWh"}]);
    let context = json!({"consumption-price": price_series(), "relax-constraints": false});
    let (status, answer) = schedule_of(&w, body(model, context)).await;
    assert_eq!(status, 400);
    assert!(answer["message"].as_str().unwrap().contains("ValueError: The input data yields an infeasible problem."), "{answer}");
    // No power capacity anywhere.
    let model = json!({"soc-at-start": "0 MWh", "soc-max": "1 MWh"});
    let (_, answer) = schedule_of(&w, body(model, json!({"consumption-price": price_series()}))).await;
    assert!(answer["message"].as_str().unwrap().ends_with("is not defined in the flex-model."), "{answer}");
}

#[actix_web::test]
async fn flex_fields_are_validated() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let field = |name: &str, message: &str| (422, json!({"result": "Rejected", "status": "UNPROCESSABLE_ENTITY", "message": {"json": {name: [message]}}}));
    let with_model = |key: &str, value: Value| {
        let mut model = battery();
        model[key] = value;
        body(model, json!({"consumption-price": "10 EUR/MWh"}))
    };
    let with_context = |key: &str, value: Value| body(battery(), json!({"consumption-price": "10 EUR/MWh", key: value}));
    let cases = [
        (with_model("soc-minn", json!(1)), field("soc-minn", "Unknown field.")),
        (with_model("power-capacity", json!("2 MWh")), field("power-capacity", "Cannot convert value `2 MWh` to 'MW'")),
        (with_model("power-capacity", json!(5)), field("power-capacity", "Unsupported value type. `<class 'int'>` was provided but only dict, list and str are supported.")),
        (with_model("soc-unit", json!("GWh")), field("soc-unit", "Must be one of: kWh, MWh.")),
        (with_model("roundtrip-efficiency", json!("120%")), field("roundtrip-efficiency", "Must be greater than 0 and less than or equal to 1.")),
        (with_model("soc-at-start", json!("5 MWh")), field("soc-at-start", "soc-at-start (5 MWh) lies outside the bounds set by soc-min and soc-max.")),
        (with_model("state-of-charge", json!({"sensor": w.load})), field("state-of-charge", "This field is not supported yet by this server.")),
        (with_model("group", json!({"asset": 1})), field("group", "The `group` field is only supported in multi-device flex-models.")),
        (with_model("prefer-charging-sooner", json!("maybe")), field("prefer-charging-sooner", "Not a valid boolean.")),
        (
            with_model("soc-targets", json!([{"datetime": "2025-01-01T04:00:00+00:00", "value": "1 MWh"}, {"datetime": "2025-01-01T03:00:00+00:00", "value": "1000 kWh"}])),
            field("soc-targets", "Segments of a time series must share the same unit."),
        ),
        (with_model("soc-minima", json!([{"value": "1 MWh"}])), field("soc-minima", "Either 'datetime', or two of 'start', 'end' and 'duration' must be given.")),
        (with_context("site-power-capacity", json!("-1 MW")), field("site-power-capacity", "Must be greater than or equal to 0.")),
        (with_context("production-price", json!("10 USD/MWh")), field("production-price", "Invalid unit. A valid unit for this field must be in EUR: all prices in the flex-context must share the same currency unit (got USD).")),
        (with_context("commitments", json!([])), field("commitments", "This field is not supported yet by this server.")),
        (with_context("site-power-capacity", json!({"default": "1 MW"})), field("site-power-capacity", "Dictionary provided but `sensor` key not found.")),
        (with_context("site-power-capacity", json!({"sensor": w.prices})), field("site-power-capacity", "Cannot convert EUR/MWh to MW")),
        (json!({"start": START, "flex-model": battery(), "foo": 1}), field("foo", "Unknown field.")),
        (json!({"flex-model": battery()}), field("start", "Missing data for required field.")),
        (json!({"start": START, "flex-context": []}), field("flex-context", "Not a valid mapping type.")),
        (json!({"start": START, "resolution": "PT90M", "flex-model": {}}), field("resolution", "Resolution of PT1H30M is incompatible with the sensor's required resolution of PT1H.")),
        (
            with_context("consumption-price-sensor", json!(w.prices)),
            field("consumption-price-sensor", &format!("Cannot combine `consumption-price-sensor` with `consumption-price`. Please switch to using `consumption-price: {{\"sensor\": {}}}`.", w.prices)),
        ),
        (
            with_context("inflexible-device-sensors", json!([w.load])),
            (202, Value::Null),
        ),
    ];
    for (request, (status, expected)) in cases {
        let (got_status, got) = call(&service, trigger(w.battery, request.clone(), &w.member)).await;
        if expected.is_null() {
            assert_eq!(got_status, status, "{request}: {got}");
        } else {
            assert_eq!((got_status, got), (status, expected), "{request}");
        }
    }
    let unknown = with_context("production-price", json!({"sensor": 9999}));
    assert_eq!(call(&service, trigger(w.battery, unknown, &w.member)).await, (422, json!({"result": "Rejected", "status": "UNPROCESSABLE_ENTITY", "message": ["No sensor found with id 9999."]})));
    let foreign = with_context("production-price", json!({"sensor": w.foreign}));
    assert_eq!(call(&service, trigger(w.battery, foreign, &w.member)).await.0, 403, "a sensor of another account");
}
