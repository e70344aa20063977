//! postPrognosis and getPrognosis (api-legacy-v1.md §8.7–8.8).

use serde_json::{Value, json};

use super::world::{World, connection, world};
use crate::support::TestApp;

fn prognosis(w: &World, horizon: Option<&str>) -> Value {
    let mut body = json!({"type": "PostPrognosisRequest", "connection": connection(w.prosumer_id, w.cs1), "values": [300, 301, 302, 303, 304, 305],
                          "start": "2015-01-01T00:00:00Z", "duration": "PT1H30M", "unit": "MW"});
    if let Some(h) = horizon {
        body["horizon"] = json!(h);
    }
    body
}

#[actix_web::test]
async fn prognoses_need_a_horizon_and_read_back_by_horizon() {
    let w = world(TestApp::sqlite(&[]));
    let (status, body) = w.post("/api/v1_1/postPrognosis", &w.prosumer, prognosis(&w, None)).await;
    assert_eq!((status, body["status"].as_str(), body["type"].as_str()), (400, Some("INVALID_HORIZON"), Some("PostPrognosisResponse")));
    assert_eq!(
        body["message"],
        "The horizon field in your request could not be parsed. Please specify the horizon field using an ISO 8601 duration (such as 'PT24H')."
    );
    let (status, body) = w.post("/api/v1_1/postPrognosis", &w.prosumer, prognosis(&w, Some("R/PT6H"))).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("PROCESSED")), "{body}");
    assert_eq!(w.stored(w.cs1).iter().map(|b| (b.1, b.2)).collect::<Vec<_>>(), (0..6).map(|i| (360, -300.0 - i as f64)).collect::<Vec<_>>());

    let address = connection(w.prosumer_id, w.cs1);
    let query = |horizon: &'static str| {
        vec![("type", "GetPrognosisRequest"), ("unit", "MW"), ("connection", address.as_str()), ("start", "2015-01-01T00:00:00Z"), ("duration", "PT1H30M"), ("horizon", horizon), ("resolution", "PT15M")]
    };
    let (status, body) = w.get("/api/v1_3/getPrognosis", &w.prosumer, &query("PT6H")).await;
    assert_eq!((status, body["values"].clone(), body["type"].as_str()), (200, json!([300.0, 301.0, 302.0, 303.0, 304.0, 305.0]), Some("GetPrognosisResponse")));
    let (_, body) = w.get("/api/v1_3/getPrognosis", &w.prosumer, &query("PT7H")).await;
    assert_eq!(body["values"], json!([]), "only beliefs formed at least the horizon ahead");
    let (_, body) = w.get("/api/v1_1/getMeterData", &w.prosumer, &[("type", "GetMeterDataRequest"), ("unit", "MW"), ("connection", &address), ("start", "2015-01-01T00:00:00Z"), ("duration", "PT1H30M")]).await;
    assert_eq!(body["values"], json!([]), "forecasts are not meter data");
    let (status, body) = w.get("/api/v1_1/getPrognosis", &w.prosumer, &[("type", "GetMeterDataRequest")]).await;
    assert_eq!((status, body["status"].as_str()), (400, Some("INVALID_MESSAGE_TYPE")));
}

#[actix_web::test]
async fn a_non_rolling_horizon_counts_from_the_end_of_the_series() {
    let w = world(TestApp::sqlite(&[]));
    let (status, _) = w.post("/api/v1_2/postPrognosis", &w.prosumer, prognosis(&w, Some("PT7H30M"))).await;
    assert_eq!(status, 200);
    assert_eq!(w.stored(w.cs1).iter().map(|b| b.1).collect::<Vec<_>>(), vec![375, 390, 405, 420, 435, 450]);
}
