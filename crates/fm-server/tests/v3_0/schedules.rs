//! Schedules in the v0.9.0 message form: trigger, the job's states, the stored schedule.

use actix_web::test::TestRequest;
use chrono::{TimeDelta, TimeZone, Utc};
use fm_storage::Ts;
use fm_storage::assets::{NewAsset, create_asset, find_asset_type_by_name};
use fm_storage::beliefs::{BeliefRow, save_beliefs};
use fm_storage::sensors::{NewSensor, create_sensor};
use serde_json::{Value, json};

use crate::support::{TestApp, call, on_both_backends, unauthorized_body};

struct World {
    app: TestApp,
    battery: i32,
    bare: i32,
    member: String,
    stranger: String,
}

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

fn world(app: TestApp) -> World {
    let cast = app.cast();
    let mut conn = app.rt.db.conn().unwrap();
    let battery_type = find_asset_type_by_name(&mut conn, "battery").unwrap().unwrap().id;
    let asset = |name: &str, attributes: &str, conn: &mut fm_storage::DbConnection| {
        let new = NewAsset { name, latitude: None, longitude: None, generic_asset_type_id: battery_type, account_id: Some(cast.acme), parent_asset_id: None, attributes };
        create_asset(conn, &new).unwrap().id
    };
    let with_attributes = asset("battery", r#"{"capacity_in_mw": 0.5, "min_soc_in_mwh": 0, "max_soc_in_mwh": 0.5}"#, &mut conn);
    let without = asset("bare battery", "{}", &mut conn);
    let market = asset("market", "{}", &mut conn);
    drop(conn);
    let (battery, bare) = (sensor(&app, with_attributes, "power", "MW"), sensor(&app, without, "power", "MW"));
    let prices = sensor(&app, market, "prices", "EUR/MWh");
    for id in [battery, bare] {
        let attrs = format!(r#"{{"market_id": {prices}}}"#);
        fm_storage::sensors::set_attributes(&mut app.rt.db.conn().unwrap(), id, &attrs).unwrap();
    }
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let rows: Vec<BeliefRow> = (0..48)
        .map(|h| BeliefRow {
            sensor_id: prices,
            event_start: Ts(start + TimeDelta::hours(h)),
            source_id: 1,
            belief_horizon_ms: 0,
            cumulative_probability: 0.5,
            event_value: if h % 2 == 0 { 10.0 } else { 40.0 },
        })
        .collect();
    save_beliefs(&mut app.rt.db.conn().unwrap(), &rows, false).unwrap();
    World { app, battery, bare, member: cast.member, stranger: cast.stranger }
}

fn trigger(sensor: i32, body: Value, token: &str) -> TestRequest {
    TestRequest::post().uri(&format!("/api/v3_0/sensors/{sensor}/schedules/trigger")).insert_header(("Authorization", token)).set_json(body)
}

fn fetch(sensor: i32, job: &str, token: &str) -> TestRequest {
    TestRequest::get().uri(&format!("/api/v3_0/sensors/{sensor}/schedules/{job}")).insert_header(("Authorization", token))
}

fn rejected(status: &str, message: &str) -> (u16, Value) {
    (400, json!({"result": "Rejected", "status": status, "message": message}))
}

async fn trigger_run_and_fetch(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let body = json!({"start": "2024-01-01T00:00:00+00:00", "soc-at-start": 0, "soc-unit": "MWh"});
    let (status, answer) = call(&service, trigger(w.battery, body, &w.member)).await;
    assert_eq!((status, answer["status"].clone()), (200, json!("PROCESSED")), "{answer}");
    let job = answer["schedule"].as_str().unwrap().to_owned();
    assert_eq!(
        call(&service, fetch(w.battery, &job, &w.member)).await,
        rejected("UNKNOWN_SCHEDULE", "No known schedule for this time period. Scheduling job waiting to be processed.")
    );

    assert_eq!(fm_server::scheduling::worker::run_pending(&w.app.rt.db, "test-worker").unwrap(), 1);
    let (status, schedule) = call(&service, fetch(w.battery, &job, &w.member)).await;
    assert_eq!(status, 200, "{schedule}");
    assert_eq!((schedule["start"].clone(), schedule["duration"].clone(), schedule["unit"].clone()), (json!("2024-01-01T00:00:00+00:00"), json!("PT6H"), json!("MW")));
    let values: Vec<f64> = schedule["values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(values.len(), 6);
    assert!((values[0] - 0.5).abs() < 1e-6 && (values[1] + 0.5).abs() < 1e-6, "charge when cheap, discharge when dear: {values:?}");
    assert!(values.iter().all(|v| v.abs() <= 0.5 + 1e-6), "within capacity");

    // The schedule is stored as beliefs of the power sensor, consumption negative.
    let data = TestRequest::get()
        .uri(&format!("/api/v3_0/sensors/{}/data?start=2024-01-01T00:00:00%2B00:00&duration=PT2H&unit=MW", w.battery))
        .insert_header(("Authorization", w.member.as_str()));
    let (_, stored) = call(&service, data).await;
    assert_eq!(stored["values"], json!([-0.5, 0.5]), "{stored}");
}
on_both_backends!(trigger_run_and_fetch);

#[actix_web::test]
async fn a_failing_job_reports_why() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let (_, answer) = call(&service, trigger(w.bare, json!({"start": "2024-01-01T00:00:00+00:00", "soc-at-start": 0}), &w.member)).await;
    let job = answer["schedule"].as_str().unwrap().to_owned();
    fm_server::scheduling::worker::run_pending(&w.app.rt.db, "test-worker").unwrap();
    assert_eq!(
        call(&service, fetch(w.bare, &job, &w.member)).await,
        rejected(
            "UNKNOWN_SCHEDULE",
            "No known schedule for this time period. Scheduling job failed with MissingAttributeException: Sensor is missing required attributes: capacity_in_mw, max_soc_in_mwh, min_soc_in_mwh"
        )
    );
}

#[actix_web::test]
async fn triggers_are_checked() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let ok_start = "2024-01-01T00:00:00+00:00";
    let cases = [
        (json!({"start": ok_start}), rejected("PTUS_INCOMPLETE", "Missing values. Missing 'soc-at-start' value.")),
        (json!({"start": ok_start, "soc-at-start": "x"}), rejected("PTUS_INCOMPLETE", "Missing values. Request includes empty or ill-formatted value(s).")),
        (json!({"start": "2024-01-01T00:00:00", "soc-at-start": 0}), rejected("INVALID_TIMEZONE", "Start time should explicitly state a timezone.")),
        (json!({"soc-at-start": 0}), rejected("INVALID_DATETIME", "Datetime cannot be used. Start time missing datetime parameter.")),
        (json!({"start": ok_start, "soc-at-start": 0, "soc-targets": [{"datetime": "2024-01-01T05:00:00+00:00"}]}), rejected("PTUS_INCOMPLETE", "Missing values. Target missing 'value' parameter.")),
        (
            json!({"start": ok_start, "soc-at-start": 0, "soc-targets": [{"value": 1, "datetime": "2024-01-04T00:00:00+00:00"}]}),
            rejected("INVALID_DATETIME", "Datetime cannot be used. Target datetime exceeds 2024-01-03T00:00:00+00:00. Maximum scheduling horizon is PT48H."),
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(call(&service, trigger(w.battery, body.clone(), &w.member)).await, expected, "{body}");
    }
    let body = json!({"start": ok_start, "soc-at-start": 0});
    assert_eq!(call(&service, trigger(w.battery, body.clone(), &w.stranger)).await.0, 403, "another account's sensor");
    assert_eq!(call(&service, trigger(999, body.clone(), &w.member)).await.0, 404);
    let anonymous = TestRequest::post().uri(&format!("/api/v3_0/sensors/{}/schedules/trigger", w.battery)).set_json(&body);
    assert_eq!(call(&service, anonymous).await, (401, unauthorized_body()));
    assert_eq!(
        call(&service, fetch(w.battery, "no-such-job", &w.member)).await,
        rejected("UNRECOGNIZED_UDI_EVENT", "The requested UDI event (id = no-such-job, type = job) is not known.")
    );
    let (_, answer) = call(&service, trigger(w.battery, body, &w.member)).await;
    let job = answer["schedule"].as_str().unwrap().to_owned();
    assert_eq!(call(&service, fetch(w.battery, &job, &w.stranger)).await.0, 403);
    assert_eq!(call(&service, fetch(w.bare, &job, &w.member)).await.0, 400, "a job belongs to its sensor");
}

#[actix_web::test]
async fn jobs_report_their_state() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let job_of = |token: &str, id: &str| TestRequest::get().uri(&format!("/api/v3_0/jobs/{id}")).insert_header(("Authorization", token.to_owned()));
    let start = json!({"start": "2024-01-01T00:00:00+00:00", "soc-at-start": 0});
    let (_, answer) = call(&service, trigger(w.battery, start.clone(), &w.member)).await;
    let good = answer["schedule"].as_str().unwrap().to_owned();
    let (_, answer) = call(&service, trigger(w.bare, start, &w.member)).await;
    let bad = answer["schedule"].as_str().unwrap().to_owned();

    let (status, queued) = call(&service, job_of(&w.member, &good)).await;
    assert_eq!((status, queued["status"].clone(), queued["origin"].clone(), queued["started-at"].clone()), (202, json!("QUEUED"), json!("scheduling"), Value::Null));
    assert_eq!(queued["message"], "Scheduling job waiting to be processed.");
    fm_server::scheduling::worker::run_pending(&w.app.rt.db, "test-worker").unwrap();

    let (status, finished) = call(&service, job_of(&w.member, &good)).await;
    assert_eq!((status, finished["status"].clone(), finished["result"].clone()), (200, json!("FINISHED"), json!(true)));
    assert!(finished["ended-at"].is_string() && finished["ended_at"] == finished["ended-at"]);
    let (status, failed) = call(&service, job_of(&w.member, &bad)).await;
    assert_eq!((status, failed["status"].clone()), (422, json!("FAILED")));
    assert!(failed["message"].as_str().unwrap().contains("MissingAttributeException"), "{failed}");

    assert_eq!(call(&service, job_of(&w.stranger, &good)).await.0, 403, "another account's sensor");
    assert_eq!(call(&service, job_of(&w.member, "nope")).await, (404, json!({"status": "ERROR", "message": "Job nope not found."})));
    let anonymous = TestRequest::get().uri(&format!("/api/v3_0/jobs/{good}"));
    assert_eq!(call(&service, anonymous).await, (401, unauthorized_body()));
}
