//! postUdiEvent and getDeviceMessage: v1.2 (on request) and v1.3 / v2.0 (through jobs)
//! (api-legacy-v1.md §8.9–8.12, api-v2_0.md §6.10–6.11).

use chrono::{TimeDelta, TimeZone, Utc};
use fm_storage::beliefs::{BeliefRow, save_beliefs};
use fm_storage::legacy::{NewLegacyAsset, create_legacy_asset};
use fm_storage::Ts;
use serde_json::{Value, json};

use super::world::{World, world};
use crate::support::{TestApp, on_both_backends};

/// The world plus a battery and a two-way charger in the Prosumers account (SoC 2.5 MWh of 5
/// at 2015-01-01T00:00Z, event 203, market epex_da with 48 hourly prices from then on).
struct Udi {
    w: World,
    battery: i32,
    charger: i32,
}

fn udi(app: TestApp) -> Udi {
    let w = world(app);
    let mut conn = w.app.rt.db.conn().unwrap();
    let mut device = |name: &str, type_name: &str| {
        let sensor_attributes = json!({"is_consumer": true, "is_producer": true, "capacity_in_mw": 2.0, "market_id": w.market}).to_string();
        let asset_attributes =
            json!({"min_soc_in_mwh": 0.0, "max_soc_in_mwh": 5.0, "soc_in_mwh": 2.5, "soc_datetime": "2015-01-01T00:00:00+00:00", "soc_udi_event_id": 203}).to_string();
        let new = NewLegacyAsset {
            name,
            display_name: name,
            asset_type_name: type_name,
            latitude: 52.0,
            longitude: 4.0,
            owner_id: Some(w.prosumer_id),
            unit: "MW",
            timezone: "UTC",
            event_resolution_s: 900,
            sensor_attributes: &sensor_attributes,
            asset_attributes: &asset_attributes,
        };
        create_legacy_asset(&mut conn, &new).unwrap().sensor.id
    };
    let (battery, charger) = (device("Test battery", "battery"), device("Test charger", "two-way_evse"));
    let (source, _) = fm_storage::data_sources::get_or_create_source(&mut conn, "EPEX", "script", None, None).unwrap();
    let start = Utc.with_ymd_and_hms(2015, 1, 1, 0, 0, 0).unwrap();
    let prices: Vec<BeliefRow> = (0..48)
        .map(|h| BeliefRow {
            sensor_id: w.market,
            event_start: Ts(start + TimeDelta::hours(h)),
            source_id: source.id,
            belief_horizon_ms: 0,
            cumulative_probability: 0.5,
            event_value: if h % 2 == 0 { 10.0 } else { 40.0 },
        })
        .collect();
    save_beliefs(&mut conn, &prices, false).unwrap();
    drop(conn);
    Udi { w, battery, charger }
}

fn event(sensor: i32, id: i64, kind: &str) -> String {
    format!("ea1.2018-06.localhost:fm0.{sensor}:{id}:{kind}")
}

fn soc_event(address: &str, datetime: &str) -> Value {
    json!({"type": "PostUdiEventRequest", "event": address, "datetime": datetime, "value": 2500, "unit": "kWh"})
}

fn asset_attributes(w: &World, sensor: i32) -> Value {
    let mut conn = w.app.rt.db.conn().unwrap();
    let (_, asset) = fm_storage::sensors::find_sensor_with_asset(&mut conn, sensor).unwrap();
    serde_json::from_str(&asset.attributes).unwrap()
}

fn run_jobs(w: &World) -> usize {
    fm_server::scheduling::worker::run_pending(&w.app.rt.db, "test-worker").unwrap()
}

async fn device_message(w: &World, version: &str, address: &str, duration: Option<&str>) -> (u16, Value) {
    let mut query = vec![("type", "GetDeviceMessageRequest"), ("event", address)];
    if let Some(d) = duration {
        query.push(("duration", d));
    }
    w.get(&format!("/api/{version}/getDeviceMessage"), &w.prosumer, &query).await
}

async fn targets_are_met_by_the_job_schedule(app: TestApp) {
    let Udi { w, battery, .. } = udi(app);
    let address = event(battery, 204, "soc-with-targets");
    let mut body = soc_event(&address, "2015-01-01T00:00:00+00:00");
    body["targets"] = json!([{"value": 4000, "datetime": "2015-01-01T06:00:00+00:00"}]);
    let (status, answer) = w.post("/api/v2_0/postUdiEvent", &w.prosumer, body).await;
    assert_eq!((status, answer), (200, json!({"type": "PostUdiEventResponse", "status": "PROCESSED", "message": "Request has been processed."})));
    let attributes = asset_attributes(&w, battery);
    assert_eq!((attributes["soc_in_mwh"].clone(), attributes["soc_udi_event_id"].clone()), (json!(2.5), json!(204)));
    let (status, answer) = device_message(&w, "v2_0", &address, None).await;
    assert_eq!((status, answer["status"].as_str(), answer["message"].as_str()), (400, Some("UNKNOWN_SCHEDULE"), Some("No known schedule for this time period. Scheduling job waiting to be processed.")));
    assert_eq!(run_jobs(&w), 1);
    let (status, whole) = device_message(&w, "v1_3", &address, Some("PT48H")).await;
    assert_eq!(status, 200, "{whole}");
    assert_eq!((whole["events"].as_str(), whole["start"].as_str(), whole["duration"].as_str(), whole["unit"].as_str()), (Some(address.as_str()), Some("2015-01-01T00:00:00Z"), Some("P2D"), Some("MW")));
    let values: Vec<f64> = whole["values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(values.len(), 192);
    let soc_at_target: f64 = 2.5 + values[..24].iter().map(|p| p * 0.25).sum::<f64>();
    assert!((soc_at_target - 4.0).abs() < 1e-6, "SoC at the target time: {soc_at_target}");
    let (_, six) = device_message(&w, "v2_0", &address, None).await;
    assert_eq!(six["values"].as_array().unwrap()[..], whole["values"].as_array().unwrap()[..24]);
    assert_eq!(six["duration"], "PT6H");
    let (_, long) = device_message(&w, "v2_0", &address, Some("PT1000H")).await;
    assert_eq!(long["values"], whole["values"]);
}
on_both_backends!(targets_are_met_by_the_job_schedule);

#[actix_web::test]
async fn every_documented_rejection_of_a_udi_event() {
    let Udi { w, battery, .. } = udi(TestApp::sqlite(&[]));
    let good = event(battery, 204, "soc-with-targets");
    let base = soc_event(&good, "2015-01-01T00:00:00+00:00");
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        if value.is_null() {
            body.as_object_mut().unwrap().remove(key);
        } else {
            body[key] = value;
        }
        body
    };
    let target = |t: Value| with("targets", json!([t]));
    let cs1 = event(w.cs1, 204, "soc");
    let cases: Vec<(Value, &str, &str)> = vec![
        (with("type", json!("PostMeterDataRequest")), "INVALID_MESSAGE_TYPE", "Request message should specify type 'PostUdiEventRequest'."),
        (with("unit", json!("MW")), "INVALID_UNIT", "Data for State of charge should be given in kWh or MWh."),
        (with("datetime", Value::Null), "INVALID_DATETIME", "Datetime cannot be used. Missing datetime parameter."),
        (with("datetime", json!("yesterday")), "INVALID_DATETIME", "Datetime cannot be used. Cannot parse datetime string yesterday as iso date"),
        (with("datetime", json!("2015-01-01T00:00:00")), "INVALID_TIMEZONE", "Datetime should explicitly state a timezone."),
        (with("event", Value::Null), "INVALID_DOMAIN", ""),
        (with("event", json!("ea1.2018-06.localhost:fm0.5:soc")), "INVALID_DOMAIN", ""),
        (with("event", json!(event(battery, 204, "soc-2"))), "UNRECOGNIZED_UDI_EVENT", "The requested UDI event type soc-2 is not known."),
        (with("event", json!(event(999_999, 204, "soc"))), "UNRECOGNIZED_CONNECTION_GROUP", ""),
        (with("event", json!(cs1)), "INVALID_DOMAIN", ""),
        (with("datetime", json!("2014-12-31T23:00:00+00:00")), "INVALID_DATETIME",
         "Datetime cannot be used. The date of the requested UDI event (2014-12-31 23:00:00+00:00) is earlier than the latest known date (2015-01-01 00:00:00+00:00)."),
        (with("event", json!(event(battery, 203, "soc"))), "OUTDATED_UDI_EVENT", "The requested UDI event (id = 203) is equal or before the latest existing one (id = 203)."),
        (with("value", Value::Null), "PTUS_INCOMPLETE", "Missing values."),
        (with("value", json!("lots")), "PTUS_INCOMPLETE", "Missing values. Request includes empty or ill-formatted value(s)."),
        (with("targets", Value::Null), "INCOMPLETE_UDI_EVENT", "The requested UDI event (id = 204, type = soc-with-targets) is incomplete."),
        (target(json!({"datetime": "2015-01-01T06:00:00+00:00"})), "PTUS_INCOMPLETE", "Missing values. Target missing value parameter."),
        (target(json!({"value": "x", "datetime": "2015-01-01T06:00:00+00:00"})), "PTUS_INCOMPLETE", "Missing values. Request includes empty or ill-formatted target value(s)."),
        (target(json!({"value": 1})), "INVALID_DATETIME", "Datetime cannot be used. Target missing datetime parameter."),
        (target(json!({"value": 1, "datetime": "x"})), "INVALID_DATETIME", "Datetime cannot be used. Cannot parse target datetime string x as iso date"),
        (target(json!({"value": 1, "datetime": "2015-01-01T06:00:00"})), "INVALID_TIMEZONE", "Target datetime should explicitly state a timezone."),
        (target(json!({"value": 1, "datetime": "2015-01-03T00:15:00+00:00"})), "INVALID_DATETIME",
         "Datetime cannot be used. Target datetime exceeds 2015-01-03 00:00:00+00:00. Maximum scheduling horizon is 2 days, 0:00:00."),
        (target(json!({"value": 1, "datetime": "2015-01-01T06:05:00+00:00"})), "INVALID_DATETIME", ""),
    ];
    for (body, usef, message) in cases {
        let (status, answer) = w.post("/api/v1_3/postUdiEvent", &w.prosumer, body.clone()).await;
        assert_eq!((status, answer["status"].as_str(), answer["type"].as_str()), (400, Some(usef), Some("PostUdiEventResponse")), "{body} → {answer}");
        if !message.is_empty() {
            assert_eq!(answer["message"], message, "{body}");
        }
    }
    let (status, answer) = w.post("/api/v1_3/postUdiEvent", &w.dummy, base.clone()).await;
    assert_eq!((status, answer["status"].as_str()), (403, Some("INVALID_SENDER")));
    assert_eq!(asset_attributes(&w, battery)["soc_udi_event_id"], 203, "nothing of a refused event is stored");
    assert_eq!(run_jobs(&w), 0, "no job was queued");
    let mut same_time = soc_event(&event(battery, 204, "soc"), "2015-01-01T00:00:00+00:00");
    assert_eq!(w.post("/api/v1_3/postUdiEvent", &w.prosumer, same_time.clone()).await.0, 200, "v1.3 accepts the stored datetime again");
    same_time["event"] = json!(event(battery, 205, "soc"));
    let (status, answer) = w.post("/api/v1_2/postUdiEvent", &w.prosumer, same_time).await;
    assert_eq!((status, answer["status"].as_str()), (400, Some("INVALID_DATETIME")), "v1.2 does not");
}

#[actix_web::test]
async fn device_message_rejections_and_job_states() {
    let Udi { w, battery, charger } = udi(TestApp::sqlite(&[]));
    let (status, answer) = device_message(&w, "v1_3", &event(battery, 999, "soc"), None).await;
    assert_eq!((status, answer["message"].as_str()), (400, Some("The requested UDI event (id = 999, type = soc) is not known.")));
    let (_, answer) = device_message(&w, "v1_3", &event(battery, 203, "charge"), None).await;
    assert_eq!(answer["message"], "The requested UDI event type charge is not known.");
    let (status, answer) = device_message(&w, "v1_3", &event(battery, 203, "soc"), Some("soon")).await;
    assert_eq!(
        (status, answer),
        (422, json!({"message": {"args_and_json": {"duration": ["Cannot parse soon as ISO8601 duration: Unable to parse duration string 'soon'"]}}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}))
    );
    let (_, answer) = device_message(&w, "v1_3", &event(battery, 203, "soc"), Some("PT0H")).await;
    assert_eq!(answer["message"], "A time period in your request doesn't seem right. Cannot parse 'duration' value.");
    let (_, answer) = device_message(&w, "v1_3", &event(w.cs1, 203, "soc"), None).await;
    assert!(answer["message"].as_str().unwrap().ends_with(&format!("Sensor ID:{} does not belong to a battery or EVSE, but a charging_station.", w.cs1)), "{answer}");
    let (_, answer) = device_message(&w, "v1_3", &event(battery, 203, "soc"), None).await;
    assert_eq!(answer["message"], "No known schedule for this time period. Your UDI event is the most recent event for this device, but no data is known from \"Seita\".");

    // A job without prices fails, and says why.
    let address = event(charger, 204, "soc");
    assert_eq!(w.post("/api/v1_3/postUdiEvent", &w.prosumer, soc_event(&address, "2016-01-01T00:00:00+00:00")).await.0, 200);
    run_jobs(&w);
    let (status, answer) = device_message(&w, "v1_3", &address, None).await;
    assert_eq!(
        (status, answer["message"].as_str()),
        (400, Some("No known schedule for this time period. Scheduling job failed with UnknownPricesException: Prices unknown for planning window."))
    );
    let (status, answer) = w.get("/api/v1_3/getDeviceMessage", &w.dummy, &[("type", "GetDeviceMessageRequest"), ("event", &address)]).await;
    assert_eq!((status, answer.get("type")), (403, None));
}

#[actix_web::test]
async fn version_1_2_schedules_batteries_on_request() {
    let Udi { w, battery, charger } = udi(TestApp::sqlite(&[]));
    let address = event(battery, 204, "soc");
    let (status, answer) = w.post("/api/v1_2/postUdiEvent", &w.prosumer, soc_event(&address, "2015-01-01T00:00:00+00:00")).await;
    assert_eq!((status, answer["status"].as_str()), (400, Some("INVALID_DATETIME")), "the stored datetime is not new in v1.2");
    let (status, answer) = w.post("/api/v1_2/postUdiEvent", &w.prosumer, soc_event(&address, "2015-01-01T09:00:00+09:00")).await;
    assert_eq!(status, 400, "{answer}");
    let (status, answer) = w.post("/api/v1_2/postUdiEvent", &w.prosumer, soc_event(&address, "2015-01-01T10:00:00+09:00")).await;
    assert_eq!((status, answer["message"].as_str()), (200, Some("Request has been processed. Request has been processed.")));
    assert_eq!(asset_attributes(&w, battery)["soc_datetime"], "2015-01-01T10:00:00+09:00");
    assert_eq!(run_jobs(&w), 0, "v1.2 queues nothing");
    let (status, six) = device_message(&w, "v1_2", &address, None).await;
    assert_eq!(status, 200, "{six}");
    assert_eq!((six["values"].as_array().map(Vec::len), six["start"].as_str(), six["events"].as_str()), (Some(24), Some("2015-01-01T01:00:00Z"), Some(address.as_str())));
    let (_, two_days) = device_message(&w, "v1_2", &address, Some("PT48H")).await;
    assert_eq!(two_days["values"].as_array().unwrap()[..24], six["values"].as_array().unwrap()[..]);
    assert_eq!(two_days["values"].as_array().map(Vec::len), Some(188), "trimmed to the known prices");
    let (_, answer) = device_message(&w, "v1_2", &event(battery, 204, "soc-with-targets"), None).await;
    assert_eq!(answer["message"], "The requested UDI event (id = 204, type = soc-with-targets) is not known.");
    let (_, answer) = device_message(&w, "v1_2", &event(charger, 203, "soc"), None).await;
    assert_eq!(answer["status"], "INVALID_DOMAIN");
    let (_, answer) = w.post("/api/v1_2/postUdiEvent", &w.prosumer, soc_event(&event(charger, 204, "soc"), "2015-01-02T00:00:00+00:00")).await;
    assert_eq!(answer["status"], "INVALID_DOMAIN", "v1.2 knows batteries only");
    assert_eq!(w.post("/api/v1_2/postUdiEvent", &w.prosumer, soc_event(&event(battery, 205, "soc"), "2016-01-01T00:00:00+00:00")).await.0, 200);
    let (status, answer) = device_message(&w, "v1_2", &event(battery, 205, "soc"), None).await;
    assert_eq!((status, answer["status"].as_str(), answer["message"].as_str()), (400, Some("UNKNOWN_PRICES"), Some("Prices unknown for planning window.")));
}
