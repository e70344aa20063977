//! postMeterData and getMeterData (api-legacy-v1.md §8.2–8.3).

use serde_json::{Value, json};

use super::world::{World, connection, world};
use crate::support::{TestApp, on_both_backends};

fn meter_data(_: &World, connections: Value, values: Value) -> Value {
    json!({"type": "PostMeterDataRequest", "connections": connections, "values": values,
           "start": "2015-01-01T00:00:00Z", "duration": "PT1H", "unit": "MW"})
}

fn read_query<'a>(address: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("type", "GetMeterDataRequest"), ("unit", "MW"), ("connection", address), ("start", "2015-01-01T00:00:00Z"), ("duration", "PT1H")]
}

async fn posts_read_back_and_refuses_replacements(app: TestApp) {
    let w = world(app);
    let cs1 = connection(w.prosumer_id, w.cs1);
    let (status, body) = w.post("/api/v1/postMeterData", &w.prosumer, meter_data(&w, json!([cs1]), json!([1, 2, 3, 0]))).await;
    assert_eq!((status, body), (200, json!({"type": "PostMeterDataResponse", "status": "PROCESSED", "message": "Request has been processed."})));
    assert_eq!(
        w.stored(w.cs1),
        vec![("2015-01-01T00:00".into(), 0, -1.0), ("2015-01-01T00:15".into(), 0, -2.0), ("2015-01-01T00:30".into(), 0, -3.0), ("2015-01-01T00:45".into(), 0, -0.0)]
    );
    let (status, body) = w.get("/api/v1_1/getMeterData", &w.prosumer, &read_query(&cs1)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["connections"], "CS 1");
    assert_eq!(body["values"].to_string(), "[1.0,2.0,3.0,-0.0]");
    assert_eq!((body["start"].as_str(), body["duration"].as_str(), body["unit"].as_str()), (Some("2015-01-01T00:00:00Z"), Some("PT1H"), Some("MW")));
    assert_eq!((body["type"].as_str(), body["status"].as_str()), (Some("GetMeterDataResponse"), Some("PROCESSED")));

    let (status, body) = w.post("/api/v1_3/postMeterData", &w.prosumer, meter_data(&w, json!(cs1), json!([1, 2, 3, 0]))).await;
    assert_eq!((status, body["status"].as_str(), body["results"].as_str()), (200, Some("ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED"), Some("PROCESSED")));
    let (status, body) = w.post("/api/v1/postMeterData", &w.prosumer, meter_data(&w, json!(cs1), json!([1, 2, 3, 9]))).await;
    assert_eq!(status, 403);
    assert_eq!((body["status"].as_str(), body["results"].as_str(), body.get("type")), (Some("INVALID_REPLACEMENT"), Some("Rejected"), None));
    assert!(body["message"].as_str().unwrap().contains("reserved for servers in play mode"));
    assert_eq!(w.stored(w.cs1).len(), 4, "nothing of a refused request is stored");
}
on_both_backends!(posts_read_back_and_refuses_replacements);

#[actix_web::test]
async fn horizons_and_upsampling_shape_the_stored_beliefs() {
    let w = world(TestApp::sqlite(&[]));
    let post = |id: i32, values: Value, horizon: Option<&str>| {
        let mut body = meter_data(&w, json!(connection(w.prosumer_id, id)), values);
        if let Some(h) = horizon {
            body["horizon"] = json!(h);
        }
        w.post("/api/v1_2/postMeterData", &w.prosumer, body)
    };
    assert_eq!(post(w.cs1, json!([1, 2, 3, 4]), Some("R/-PT5M")).await.0, 200);
    assert_eq!(w.stored(w.cs1).iter().map(|b| b.1).collect::<Vec<_>>(), vec![-5; 4]);
    assert_eq!(post(w.cs2, json!([1, 2, 3, 4]), Some("-PT10M")).await.0, 200);
    assert_eq!(w.stored(w.cs2).iter().map(|b| b.1).collect::<Vec<_>>(), vec![-55, -40, -25, -10]);
    assert_eq!(post(w.cs3, json!([1, 2]), None).await.0, 200);
    assert_eq!(w.stored(w.cs3).iter().map(|b| (b.1, b.2)).collect::<Vec<_>>(), vec![(0, -1.0), (0, -1.0), (0, -2.0), (0, -2.0)]);
}

#[actix_web::test]
async fn every_documented_rejection_of_a_post() {
    let w = world(TestApp::sqlite(&[]));
    let cs1 = connection(w.prosumer_id, w.cs1);
    let base = meter_data(&w, json!(cs1), json!([1, 2, 3, 4]));
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        if value.is_null() {
            body.as_object_mut().unwrap().remove(key);
        } else {
            body[key] = value;
        }
        body
    };
    let mut evse_negative = with("connections", json!(connection(w.prosumer_id, w.evse)));
    evse_negative["values"] = json!([1, -2, 3, 4]);
    let ill = "Missing values. Request includes empty or ill-formatted value(s).";
    let cases: Vec<(Value, u16, &str, &str)> = vec![
        (with("type", Value::Null), 400, "NO_MESSAGE_TYPE", "Request message should include 'type'."),
        (with("type", json!("GetMeterDataRequest")), 400, "INVALID_MESSAGE_TYPE", "Request message should specify type 'PostMeterDataRequest'."),
        (with("unit", json!("kW")), 400, "INVALID_UNIT", "Data for power should be given in MW."),
        (with("connections", Value::Null), 400, "UNRECOGNIZED_CONNECTION_GROUP", "One or more connections in your request were not found in your account."),
        (with("values", Value::Null), 400, "PTUS_INCOMPLETE", "Missing values."),
        (with("values", json!([1, null, 3, 4])), 400, "PTUS_INCOMPLETE", ill),
        (with("values", json!(["a", 2, 3, 4])), 400, "PTUS_INCOMPLETE", ill),
        (with("values", json!([])), 400, "PTUS_INCOMPLETE", ill),
        (with("horizon", json!("PT1H")), 400, "INVALID_HORIZON",
         "The horizon field in your request could not be parsed. Meter data must have a zero or negative horizon to indicate observations after the fact."),
        (with("horizon", json!("T6H")), 400, "INVALID_HORIZON", "The horizon field in your request could not be parsed."),
        (with("start", json!("2015-01-01T00:00:00")), 400, "INVALID_TIMEZONE", "Start time should explicitly state a timezone."),
        (with("start", json!("2015-01-01")), 400, "INVALID_PERIOD", "A time period in your request doesn't seem right."),
        (with("duration", json!("PT0H")), 400, "INVALID_PERIOD", "A time period in your request doesn't seem right."),
        (with("values", json!([1, 2, 3, 4, 5, 6])), 400, "INVALID_RESOLUTION", "Only the following resolutions in the data are supported: PT15M"),
        (with("connections", json!(connection(w.colleague_id(), w.cs9))), 400, "UNRECOGNIZED_CONNECTION_GROUP", "One or more connections in your request were not found in your account."),
        (with("connections", json!(connection(w.prosumer_id, w.solar))), 400, "POWER_VALUE_TOO_BIG", ""),
        (evse_negative, 400, "POWER_VALUE_TOO_SMALL", ""),
    ];
    for (body, status, usef, message) in cases {
        let (got, answer) = w.post("/api/v1/postMeterData", &w.prosumer, body.clone()).await;
        assert_eq!((got, answer["status"].as_str()), (status, Some(usef)), "{body} → {answer}");
        assert_eq!(answer["type"], "PostMeterDataResponse", "{answer}");
        assert_eq!(answer["result"], "Rejected", "{answer}");
        if !message.is_empty() {
            assert_eq!(answer["message"], message);
        }
    }
    let (_, answer) = w.post("/api/v1/postMeterData", &w.prosumer, with("connections", json!(connection(w.prosumer_id, w.solar)))).await;
    assert!(answer["message"].as_str().unwrap().starts_with("One or more power values are too big. Connection ea1."), "{answer}");
    assert!(answer["message"].as_str().unwrap().ends_with(&format!(":fm1.{} is registered as a pure producer and can only receive non-positive values.", w.solar)));

    let (status, answer) = w.post("/api/v1/postMeterData", &w.prosumer, with("connections", json!([cs1, connection(w.prosumer_id, w.cs4)]))).await;
    assert_eq!((status, answer["status"].as_str()), (400, Some("INVALID_RESOLUTION")));
    let message = answer["message"].as_str().unwrap();
    assert!(message.starts_with("Requested assets do not have matching resolutions. Cannot send data for both <Sensor"), "{message}");
    assert!(message.contains("CS 1") && message.contains("CS 4") && message.contains("res.: 1:00:00"), "{message}");

    for (address, text) in [
        ("ea1.2018-06.localhost:fm0.1:99999".to_owned(), "connection with entity address ea1.2018-06.localhost:fm0.1:99999 doesn't exist.".to_owned()),
        ("ea2.2018-06.localhost:1".to_owned(), "A valid type 1 USEF entity address starts with 'ea1', please review ea2.2018-06.localhost:1".to_owned()),
    ] {
        let (status, answer) = w.post("/api/v1/postMeterData", &w.prosumer, with("connections", json!(address))).await;
        assert_eq!((status, answer), (422, json!({"message": [text], "result": "Rejected", "status": "INVALID_DOMAIN"})));
    }
    assert!(w.stored(w.cs1).is_empty() && w.stored(w.solar).is_empty() && w.stored(w.evse).is_empty());
}

impl World {
    fn colleague_id(&self) -> i32 {
        let mut conn = self.app.rt.db.conn().unwrap();
        fm_storage::users::find_user_by_email(&mut conn, "colleague@seita.nl").unwrap().unwrap().id
    }
}

#[actix_web::test]
async fn message_parsing_authentication_and_authorization_come_first() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let req = actix_web::test::TestRequest::post().uri("/api/v1/postMeterData").insert_header(("Content-Type", "text/plain")).set_payload("x=1");
    assert_eq!(crate::support::call(&service, req).await, (400, json!({"description": "Not a JSON.", "status": 400})));
    let body = meter_data(&w, json!(connection(w.prosumer_id, w.cs1)), json!([1, 2, 3, 4]));
    let (status, answer) = w.post("/api/v1/postMeterData", "", body.clone()).await;
    let mut expected = crate::support::unauthorized_body();
    expected["type"] = json!("PostMeterDataResponse");
    assert_eq!((status, answer), (401, expected));
    let (status, answer) = w.post("/api/v1/postMeterData", &w.dummy, body.clone()).await;
    assert_eq!(
        (status, answer),
        (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality."}))
    );
    let (status, _) = w.post("/api/v1/postMeterData", &w.admin, body).await;
    assert_eq!(status, 200, "admins may post to any connection");
    let (status, _) = w.post("/api/v1_1/getMeterData", &w.prosumer, json!({})).await;
    assert_eq!(status, 405, "v1_1 reads meter data by GET only");
}

#[actix_web::test]
async fn reading_groups_merges_and_downsamples() {
    let w = world(TestApp::sqlite(&[]));
    let (cs1, cs2, cs3) = (connection(w.prosumer_id, w.cs1), connection(w.prosumer_id, w.cs2), connection(w.prosumer_id, w.cs3));
    let body = meter_data(&w, json!(cs1), json!([100, 101, 102, 103]));
    assert_eq!(w.post("/api/v1/postMeterData", &w.prosumer, body).await.0, 200);
    let groups = format!(r#"["{cs3}", "{cs1}", "{cs2}"]"#);
    let mut query = read_query(&groups);
    query[2] = ("connections", groups.as_str());
    let (status, body) = w.get("/api/v1/getMeterData", &w.prosumer, &query).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["groups"], json!([{"connections": "CS 1", "values": [100.0, 101.0, 102.0, 103.0]}, {"connections": ["CS 2", "CS 3"], "values": []}]));

    let mut query = read_query(&cs1);
    query.push(("resolution", "PT30M"));
    let (_, body) = w.get("/api/v1/getMeterData", &w.prosumer, &query).await;
    assert_eq!(body["values"], json!([100.5, 102.5]));
    query.pop();
    query.push(("resolution", "PT20M"));
    let (status, body) = w.get("/api/v1/getMeterData", &w.prosumer, &query).await;
    assert_eq!((status, body["message"].as_str()), (400, Some("Only the following resolutions in the data are supported: PT15M or a multiple hereof.")));
    query.pop();
    query.push(("resolution", "soon"));
    let (status, body) = w.get("/api/v1/getMeterData", &w.prosumer, &query).await;
    assert_eq!((status, body["message"].as_str()), (400, Some("The resolution string cannot be parsed as ISO8601 duration: soon")));

    // v1 also reads by POST, with the fields in the body.
    let (status, body) = w
        .post("/api/v1/getMeterData", &w.prosumer, json!({"type": "GetMeterDataRequest", "unit": "MW", "connection": cs1, "start": "2015-01-01T00:30:00+00:00", "duration": "PT30M"}))
        .await;
    assert_eq!((status, body["values"].clone()), (200, json!([102.0, 103.0])));
}

#[actix_web::test]
async fn reading_checks_in_the_documented_order() {
    let w = world(TestApp::sqlite(&[]));
    let cs1 = connection(w.prosumer_id, w.cs1);
    let query = read_query(&cs1);
    let with = |key: &'static str, value: &'static str| {
        let mut q: Vec<(&str, &str)> = query.iter().filter(|(k, _)| *k != key).cloned().collect();
        if !value.is_empty() {
            q.push((key, value));
        }
        q
    };
    let cases: Vec<(Vec<(&str, &str)>, u16, &str, &str)> = vec![
        (with("type", ""), 400, "NO_MESSAGE_TYPE", ""),
        (with("unit", "kW"), 400, "INVALID_UNIT", "Data for power should be given in MW."),
        (with("connection", ""), 400, "UNRECOGNIZED_CONNECTION_GROUP", ""),
        (with("horizon", "PT1H"), 400, "INVALID_HORIZON",
         "The horizon field in your request could not be parsed. Meter data must have a zero or negative horizon to indicate observations after the fact."),
        (with("prior", "2015-01-01T00:30:00Z"), 400, "INVALID_HORIZON", "The horizon field in your request could not be parsed. Meter data can only be observed after the fact."),
        (with("prior", "whenever"), 400, "INVALID_HORIZON", "The horizon field in your request could not be parsed."),
        (with("start", "2015-01-01T00:00:00"), 400, "INVALID_TIMEZONE", "Start time should explicitly state a timezone."),
        (with("duration", "P0D"), 400, "INVALID_PERIOD", ""),
        (with("connection", "ea1.2018-06.localhost:fm0.1:99999"), 400, "UNRECOGNIZED_CONNECTION_GROUP", ""),
        (with("connection", "ea1.2018-13.localhost:1"), 400, "INVALID_DOMAIN", ""),
    ];
    for (query, status, usef, message) in cases {
        let (got, answer) = w.get("/api/v1_1/getMeterData", &w.prosumer, &query).await;
        assert_eq!((got, answer["status"].as_str(), answer["type"].as_str()), (status, Some(usef), Some("GetMeterDataResponse")), "{query:?} → {answer}");
        if !message.is_empty() {
            assert_eq!(answer["message"], message);
        }
    }
    let mut unknown = with("connection", "ea1.2018-06.localhost:fm0.1:99999");
    unknown.push(("resolution", "PT15M"));
    let (status, answer) = w.get("/api/v1_1/getMeterData", &w.prosumer, &unknown).await;
    assert_eq!((status, answer["status"].as_str()), (422, Some("INVALID_DOMAIN")));
    let colleagues = connection(w.colleague_id(), w.cs9);
    let mut query = read_query(&colleagues);
    query.push(("resolution", "PT15M"));
    let (status, answer) = w.get("/api/v1_1/getMeterData", &w.prosumer, &query).await;
    assert_eq!((status, answer["status"].as_str()), (400, Some("UNRECOGNIZED_CONNECTION_GROUP")), "a colleague's connection is not yours: {answer}");
}

#[actix_web::test]
async fn sources_limit_what_meter_data_shows() {
    let w = world(TestApp::sqlite(&[]));
    let cs1 = connection(w.prosumer_id, w.cs1);
    assert_eq!(w.post("/api/v1/postMeterData", &w.admin, meter_data(&w, json!(cs1), json!([5, 5, 5, 5]))).await.0, 200);
    let admin_id = {
        let mut conn = w.app.rt.db.conn().unwrap();
        fm_storage::users::find_user_by_email(&mut conn, "admin@seita.nl").unwrap().unwrap().id.to_string()
    };
    let (_, body) = w.get("/api/v1/getMeterData", &w.prosumer, &read_query(&cs1)).await;
    assert_eq!(body["values"], json!([]), "by default only MDC accounts and the caller's own data");
    let listed = format!("[{admin_id}]");
    let mut query = read_query(&cs1);
    query.push(("source", &listed));
    let (_, body) = w.get("/api/v1/getMeterData", &w.prosumer, &query).await;
    assert_eq!(body["values"], json!([5.0, 5.0, 5.0, 5.0]));
    let mut query = read_query(&cs1);
    query.push(("source", &admin_id));
    let (_, body) = w.get("/api/v1/getMeterData", &w.prosumer, &query).await;
    assert_eq!(body["values"], json!([]), "a number in a plain query parameter names an account role");
}
