//! postPriceData with fm0 market names (api-legacy-v1.md §8.5).

use serde_json::{Value, json};

use super::world::world;
use crate::support::{TestApp, on_both_backends};

fn prices(market: &str, values: Value, unit: &str) -> Value {
    json!({"type": "PostPriceDataRequest", "market": market, "values": values, "start": "2021-01-06T00:00:00+01:00",
           "duration": "PT2H", "horizon": "PT13H", "unit": unit})
}

async fn prices_are_stored_as_sent_with_horizons_from_the_series_end(app: TestApp) {
    let w = world(app);
    let (status, body) = w.post("/api/v1_1/postPriceData", &w.prosumer, prices("ea1.2018-06.localhost:epex_da", json!([10, 11]), "EUR/MWh")).await;
    assert_eq!((status, body), (200, json!({"type": "PostPriceDataResponse", "status": "PROCESSED", "message": "Request has been processed."})));
    assert_eq!(w.stored(w.market), vec![("2021-01-05T23:00".into(), 720, 10.0), ("2021-01-06T00:00".into(), 780, 11.0)]);
}
on_both_backends!(prices_are_stored_as_sent_with_horizons_from_the_series_end);

#[actix_web::test]
async fn price_rejections() {
    let w = world(TestApp::sqlite(&[]));
    let market = "ea1.2018-06.localhost:fm0.epex_da";
    let cases = [
        (prices(market, json!([10, 11]), "EUR/kWh"), 400, "INVALID_UNIT", "Data for price should be given in EUR/MWh or KRW/kWh."),
        (prices(market, json!([10, 11]), "KRW/kWh"), 400, "INVALID_UNIT", "Data for epex da prices should be given in EUR/MWh."),
        (prices(market, json!([10, 11, 12, 13]), "EUR/MWh"), 400, "INVALID_RESOLUTION", "Only the following resolutions in the data are supported: PT1H"),
        (prices("ea1.2018-06.localhost:CS 1", json!([10, 11]), "EUR/MWh"), 422, "INVALID_DOMAIN", ""),
        (prices("ea1.2018-06.localhost:nord_pool", json!([10, 11]), "EUR/MWh"), 422, "INVALID_DOMAIN", ""),
    ];
    for (body, status, usef, message) in cases {
        let (got, answer) = w.post("/api/v1_3/postPriceData", &w.prosumer, body).await;
        assert_eq!((got, answer["status"].as_str()), (status, Some(usef)), "{answer}");
        if !message.is_empty() {
            assert_eq!(answer["message"], message);
        }
    }
    let (_, answer) = w.post("/api/v1_3/postPriceData", &w.prosumer, prices("ea1.2018-06.localhost:nord_pool", json!([10, 11]), "EUR/MWh")).await;
    assert_eq!(answer["message"], json!(["market with entity address ea1.2018-06.localhost:nord_pool doesn't exist."]));
    // A sensor with the market's name on another kind of asset is no market.
    let (status, answer) = w.post("/api/v1_1/postPriceData", &w.prosumer, prices("ea1.2018-06.localhost:wind_speed", json!([1, 2]), "EUR/MWh")).await;
    assert_eq!((status, answer["status"].as_str()), (422, Some("INVALID_DOMAIN")));
    let mut six_hourly = prices(market, json!([1, 2]), "EUR/MWh");
    six_hourly["duration"] = json!("PT12H");
    let (status, _) = w.post("/api/v1_1/postPriceData", &w.prosumer, six_hourly).await;
    assert_eq!(status, 200, "coarser whole multiples are upsampled");
    assert_eq!(w.stored(w.market).len(), 12);
}
