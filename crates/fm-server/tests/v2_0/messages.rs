//! The USEF-style messages of v2_0 with fm1 addresses (api-v2_0.md §6).

use serde_json::{Value, json};

use crate::support::{TestApp, on_both_backends};
use crate::v1::world::{World, connection, world};

fn fm1(id: i32) -> String {
    format!("ea1.2018-06.localhost:fm1.{id}")
}

fn prognosis(w: &World, prior: &str) -> Value {
    json!({"type": "PostPrognosisRequest", "connection": fm1(w.cs1), "values": [-300, -300, -300, 0, 0, -300],
           "start": "2021-01-01T00:00:00Z", "duration": "PT1H30M", "prior": prior, "unit": "MW"})
}

async fn prognoses_are_timed_by_their_prior(app: TestApp) {
    let w = world(app);
    let (status, body) = w.post("/api/v2_0/postPrognosis", &w.prosumer, prognosis(&w, "2020-12-31T18:00:00Z")).await;
    assert_eq!((status, body), (200, json!({"type": "PostPrognosisResponse", "status": "PROCESSED", "message": "Request has been processed."})));
    let stored = w.stored(w.cs1);
    assert_eq!(stored.iter().map(|b| b.1).collect::<Vec<_>>(), vec![375, 390, 405, 420, 435, 450], "horizon = event end − prior");
    assert_eq!(stored.iter().map(|b| b.2).collect::<Vec<_>>(), vec![300.0, 300.0, 300.0, -0.0, -0.0, 300.0]);
    let (status, body) = w.post("/api/v2_0/postPrognosis", &w.prosumer, prognosis(&w, "2020-12-31T18:00:00Z")).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED")));
    let address = connection(w.prosumer_id, w.cs1);
    let query = |prior: &'static str| {
        vec![("type", "GetPrognosisRequest"), ("unit", "MW"), ("connection", address.as_str()), ("start", "2021-01-01T00:00:00Z"), ("duration", "PT1H30M"), ("prior", prior)]
    };
    let (_, body) = w.get("/api/v2_0/getPrognosis", &w.prosumer, &query("2020-12-31T18:00:00Z")).await;
    assert_eq!(body["values"].to_string(), "[-300.0,-300.0,-300.0,-0.0,-0.0,-300.0]");
    let (_, body) = w.get("/api/v2_0/getPrognosis", &w.prosumer, &query("2020-12-31T17:00:00Z")).await;
    assert_eq!(body["values"], json!([]));
}
on_both_backends!(prognoses_are_timed_by_their_prior);

#[actix_web::test]
async fn meter_data_with_fm1_addresses_in_groups() {
    let w = world(TestApp::sqlite(&[]));
    let body = json!({"type": "PostMeterDataRequest",
        "groups": [{"connections": [fm1(w.cs1), fm1(w.cs2)], "values": [-1.0, -1.0, -1.0, -1.0, -1.0, -1.0]},
                   {"connection": fm1(w.cs3), "values": [-2.0, -2.0, -2.0, -2.0, -2.0, -2.0]}],
        "start": "2015-01-05T00:00:00Z", "duration": "PT1H30M", "unit": "MW"});
    let (status, answer) = w.post("/api/v2_0/postMeterData", &w.prosumer, body.clone()).await;
    assert_eq!((status, answer["status"].as_str(), answer["type"].as_str()), (200, Some("PROCESSED"), Some("PostMeterDataResponse")), "{answer}");
    assert_eq!(w.stored(w.cs3).iter().map(|b| b.2).collect::<Vec<_>>(), vec![2.0; 6]);
    assert!(w.stored(w.cs1).iter().all(|b| b.1 < 0), "believed now, long after the fact");
    let query = [("type", "GetMeterDataRequest"), ("unit", "MW"), ("start", "2015-01-05T00:00:00Z"), ("duration", "PT1H30M")];
    let cs1 = fm1(w.cs1);
    let mut q = query.to_vec();
    q.push(("connection", cs1.as_str()));
    let (_, answer) = w.get("/api/v2_0/getMeterData", &w.prosumer, &q).await;
    assert_eq!(answer["values"], json!(vec![-1.0; 6]), "fm1-looking addresses read as fm0 connections");

    let mut positive = body.clone();
    positive["horizon"] = json!("PT1H");
    let (status, answer) = w.post("/api/v2_0/postMeterData", &w.prosumer, positive).await;
    assert_eq!((status, answer["status"].as_str()), (400, Some("INVALID_HORIZON")));
    let mut early = body.clone();
    early["prior"] = json!("2015-01-05T01:00:00Z");
    let (_, answer) = w.post("/api/v2_0/postMeterData", &w.prosumer, early).await;
    assert_eq!(answer["message"], "The horizon field in your request could not be parsed. Meter data can only be observed after the fact.");
    let (status, answer) = w.post("/api/v2_0/postMeterData", &w.prosumer, json!({"type": "PostMeterDataRequest", "connection": fm1(w.cs9), "values": [1], "start": "2015-01-05T00:00:00Z", "duration": "PT15M", "unit": "MW"})).await;
    assert_eq!((status, answer["status"].as_str()), (400, Some("UNRECOGNIZED_CONNECTION_GROUP")));
    let (status, answer) = w.post("/api/v2_0/postMeterData", &w.prosumer, json!({"type": "PostMeterDataRequest", "connection": connection(1, w.cs1), "values": [1], "start": "2015-01-05T00:00:00Z", "duration": "PT15M", "unit": "MW"})).await;
    assert_eq!((status, answer["status"].as_str()), (422, Some("INVALID_DOMAIN")));
    let message = answer["message"][0].as_str().unwrap();
    assert!(message.starts_with("A valid type 1 FlexMeasures entity address starts with 'ea1.") && message.contains(":fm1.', please review"), "{message}");
    let (status, answer) = w.post("/api/v2_0/postMeterData", &w.prosumer, json!({"type": "PostMeterDataRequest", "connection": fm1(w.solar), "values": [1], "start": "2015-01-05T00:00:00Z", "duration": "PT15M", "unit": "MW"})).await;
    assert_eq!((status, answer["status"].as_str()), (400, Some("POWER_VALUE_TOO_BIG")));
}

#[actix_web::test]
async fn prices_and_weather_with_fm1_addresses() {
    let w = world(TestApp::sqlite(&[]));
    let prices = |unit: &str, horizon: &str| {
        json!({"type": "PostPriceDataRequest", "market": fm1(w.market), "values": [52.37, 51.14], "start": "2021-01-06T00:00:00+01:00",
               "duration": "PT2H", "horizon": horizon, "unit": unit})
    };
    let (status, answer) = w.post("/api/v2_0/postPriceData", &w.prosumer, prices("EUR/MWh", "PT0H")).await;
    assert_eq!((status, answer["status"].as_str()), (200, Some("PROCESSED")), "{answer}");
    assert_eq!(w.stored(w.market).iter().map(|b| b.2).collect::<Vec<_>>(), vec![52.37, 51.14]);
    let (_, answer) = w.post("/api/v2_0/postPriceData", &w.prosumer, prices("KRW/kWh", "PT0H")).await;
    assert_eq!(answer["message"], "Data for epex da prices should be given in EUR/MWh.");
    let (_, answer) = w.post("/api/v2_0/postPriceData", &w.prosumer, prices("EUR/MWh", "R/P1D")).await;
    assert_eq!(
        answer["message"],
        "The horizon field in your request could not be parsed. API versions 2.0 and higher use regular ISO 8601 durations instead of repeating time intervals. For example: R/P1D should be replaced by P1D."
    );
    let weather = |key: &str, unit: &str| {
        json!({"type": "PostWeatherDataRequest", key: fm1(w.wind), "values": [1, 2, 3], "start": "2015-01-01T00:00:00Z", "duration": "PT15M", "unit": unit})
    };
    let (status, answer) = w.post("/api/v2_0/postWeatherData", &w.prosumer, weather("weather_sensor", "m/s")).await;
    assert_eq!((status, answer["status"].as_str(), answer["type"].as_str()), (200, Some("PROCESSED"), Some("PostWeatherDataResponse")), "{answer}");
    let (status, answer) = w.post("/api/v2_0/postWeatherData", &w.prosumer, weather("sensor", "°C")).await;
    assert_eq!((status, answer["message"].as_str()), (400, Some("Data for wind speed should be given in m/s.")));
    assert_eq!(w.stored(w.wind).len(), 3);
}
