//! postWeatherData with fm0 type-and-location addresses (api-legacy-v1.md §8.6).

use serde_json::{Value, json};

use super::world::world;
use crate::support::TestApp;

fn weather(sensor: &str, unit: &str) -> Value {
    json!({"type": "PostWeatherDataRequest", "groups": [{"sensor": sensor, "values": [20.04, 20.23, 20.41, 20.51, 20.55, 20.57]}],
           "start": "2015-01-01T15:00:00+09:00", "duration": "PT30M", "horizon": "PT3H", "unit": unit})
}

#[actix_web::test]
async fn weather_is_stored_at_the_sensor_of_that_type_and_place() {
    let w = world(TestApp::sqlite(&[]));
    let (status, body) = w.post("/api/v1_1/postWeatherData", &w.dummy, weather("ea1.2018-06.localhost:wind speed:33.4843866:126", "m/s")).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = w.post("/api/v1_1/postWeatherData", &w.prosumer, weather("ea1.2018-06.localhost:wind speed:33.4843866:126", "m/s")).await;
    assert_eq!((status, body["status"].as_str(), body["type"].as_str()), (200, Some("PROCESSED"), Some("PostWeatherDataResponse")), "{body}");
    let stored = w.stored(w.wind);
    assert_eq!(stored.len(), 6);
    assert_eq!((stored[0].0.as_str(), stored[0].1, stored[5].1, stored[0].2), ("2015-01-01T06:00", 155, 180, 20.04));
}

#[actix_web::test]
async fn weather_rejections() {
    let w = world(TestApp::sqlite(&[]));
    let (status, body) = w.post("/api/v1_2/postWeatherData", &w.prosumer, weather("ea1.2018-06.localhost:wind speed:33.4843866:126", "km/h")).await;
    assert_eq!((status, body["message"].as_str()), (400, Some("Data for wind speed should be given in m/s.")));
    let mut no_unit = weather("ea1.2018-06.localhost:wind speed:33.4843866:126", "m/s");
    no_unit.as_object_mut().unwrap().remove("unit");
    let (status, body) = w.post("/api/v1_2/postWeatherData", &w.prosumer, no_unit).await;
    assert_eq!((status, body["message"].as_str()), (400, Some("Data should be given a unit.")));
    let (status, body) = w.post("/api/v1_2/postWeatherData", &w.prosumer, weather("ea1.2018-06.localhost:wind speed:33.4:126", "m/s")).await;
    assert_eq!(
        (status, body["status"].as_str(), body["message"].as_str()),
        (400, Some("UNRECOGNIZED_SENSOR"), Some("No sensor is known at this location. The nearest sensor is at latitude 33.4843866 and longitude 126.0"))
    );
    let (status, body) = w.post("/api/v1_2/postWeatherData", &w.prosumer, weather("ea1.2018-06.localhost:temperature:33.4:126", "°C")).await;
    assert_eq!((status, body["message"].as_str()), (400, Some("No sensor is known at this location. In fact, we can't find any sensors.")));
    let (status, body) = w.post("/api/v1_2/postWeatherData", &w.prosumer, weather("ea1.2018-06.localhost:33.4:126", "°C")).await;
    assert_eq!((status, body["status"].as_str()), (422, Some("INVALID_DOMAIN")), "{body}");
    let mut too_fine = weather("ea1.2018-06.localhost:wind speed:33.4843866:126", "m/s");
    too_fine["duration"] = json!("PT15M");
    let (status, body) = w.post("/api/v1_2/postWeatherData", &w.prosumer, too_fine).await;
    assert_eq!((status, body["message"].as_str()), (400, Some("Only the following resolutions in the data are supported: PT5M")));
    assert!(w.stored(w.wind).is_empty());
}

#[actix_web::test]
async fn play_mode_creates_unknown_weather_sensors() {
    let w = world(TestApp::sqlite(&[("FLEXMEASURES_MODE", "play")]));
    let (status, _) = w.post("/api/v1_1/postWeatherData", &w.prosumer, weather("ea1.2018-06.localhost:temperature:52:4.5", "m/s")).await;
    assert_eq!(status, 400, "temperature in m/s is refused");
    assert!(fm_storage::weather::weather_sensors(&mut w.app.rt.db.conn().unwrap(), "temperature").unwrap().is_empty(), "and creates no sensor");
    let (status, body) = w.post("/api/v1_1/postWeatherData", &w.prosumer, weather("ea1.2018-06.localhost:temperature:52:4.5", "°C")).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("PROCESSED")), "{body}");
    let mut conn = w.app.rt.db.conn().unwrap();
    let created = fm_storage::weather::weather_sensors(&mut conn, "temperature").unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!((created[0].0.event_resolution_s, created[0].1.latitude), (300, Some(52.0)));
}
