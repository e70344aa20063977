//! getConnection (api-legacy-v1.md §8.4, api-v2_0.md §6.3).

use serde_json::json;

use super::world::world;
use crate::support::{TestApp, on_both_backends};

async fn lists_own_connections_newest_first(app: TestApp) {
    let w = world(app);
    let (status, body) = w.get("/api/v1_1/getConnection", &w.prosumer, &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["status"].clone(), body["type"].clone()), (json!(200), json!("GetConnectionResponse")));
    let ids = [w.evse, w.solar, w.cs4, w.cs3, w.cs2, w.cs1];
    let addresses: Vec<String> = body["connections"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect();
    assert_eq!(addresses.len(), ids.len());
    for (address, id) in addresses.iter().zip(ids) {
        assert!(address.starts_with("ea1.") && address.ends_with(&format!(".localhost:fm1.{id}")), "{address}");
    }
    assert_eq!(body["names"], json!(["One-way charger", "Solar panel", "Cs 4", "Cs 3", "Cs 2", "Cs 1"]));
    let (_, body) = w.get("/api/v2_0/getConnection", &w.colleague, &[]).await;
    assert_eq!(body["names"], json!(["Cs 9"]));
    let (_, body) = w.get("/api/v1_3/getConnection", &w.admin, &[]).await;
    assert_eq!(body["names"].as_array().map(Vec::len), Some(7), "admins see every connection");
    let (status, body) = w.get("/api/v1_2/getConnection", "", &[]).await;
    assert_eq!((status, body["type"].as_str()), (401, Some("GetConnectionResponse")));
    let (status, body) = w.get("/api/v1_2/getConnection", &w.dummy, &[]).await;
    assert_eq!((status, body["status"].as_str(), body.get("type")), (403, Some("INVALID_SENDER"), None));
}
on_both_backends!(lists_own_connections_newest_first);

#[actix_web::test]
async fn play_mode_names_connections_by_sensor_name() {
    let w = world(TestApp::sqlite(&[("FLEXMEASURES_MODE", "play")]));
    let (_, body) = w.get("/api/v1_1/getConnection", &w.colleague, &[]).await;
    assert_eq!(body["names"], json!(["CS 9"]));
}
