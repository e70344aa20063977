//! getService of every legacy version (api-legacy-v1.md §8.1, api-v2_0.md §6.2).

use serde_json::json;

use super::world::world;
use crate::support::TestApp;

#[actix_web::test]
async fn each_version_lists_its_services_and_filters_by_role() {
    let w = world(TestApp::sqlite(&[]));
    for (version, number, count) in [("v1", "1.0", 2), ("v1_1", "1.1", 7), ("v1_2", "1.2", 9), ("v1_3", "1.3", 9), ("v2_0", "2.0", 19)] {
        let (status, body) = w.get(&format!("/api/{version}/getService"), "", &[]).await;
        assert_eq!(status, 200);
        assert_eq!((body["version"].as_str(), body["type"].as_str(), body["status"].as_str()), (Some(number), Some("GetServiceResponse"), Some("PROCESSED")));
        assert_eq!(body["services"].as_array().map(Vec::len), Some(count), "{version}");
        assert_eq!(body["message"], "Request has been processed.");
    }
    let (_, body) = w.get("/api/v1/getService", "", &[]).await;
    assert_eq!(
        body["services"][0],
        json!({"name": "getMeterData", "access": ["Aggregator", "Supplier", "MDC", "DSO", "Prosumer", "ESCo"], "description": "Request meter reading"})
    );
    let (_, body) = w.get("/api/v1_2/getService", "", &[("access", "ESCo")]).await;
    let names: Vec<&str> = body["services"].as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names.len(), 9);
    let (_, body) = w.get("/api/v2_0/getService", "", &[("access", "admin")]).await;
    assert_eq!(body["services"], json!([{"name": "GET /charts/power", "access": ["admin", "Prosumer"], "description": "Get a Bokeh chart for power data to embed in web pages."}]));
    let (status, body) = w.get("/api/v1_3/getService", "", &[("access", "Dummy")]).await;
    assert_eq!(
        (status, body),
        (400, json!({"result": "Rejected", "status": "INVALID_ROLE", "message": "No known services for specified role Dummy.", "type": "GetServiceResponse"}))
    );
    let (status, _) = w.post("/api/v2_0/getService", "", json!({})).await;
    assert_eq!(status, 405);
}
