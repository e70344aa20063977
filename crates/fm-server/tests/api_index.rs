//! `GET /api`: the version index, key for key.

use actix_web::test::TestRequest;
use serde_json::json;

use crate::support::{TestApp, call};

#[actix_web::test]
async fn index_with_and_without_trailing_slash() {
    let app = TestApp::sqlite(&[]);
    let service = app.service().await;
    let expected = json!({
        "flexmeasures_version": "0.9.0",
        "message": "For these API versions endpoints are available. An authentication token can be requested at: /api/requestAuthToken. For a list of services, see https://flexmeasures.readthedocs.io",
        "status": 200,
        "versions": app.state.settings.api_versions,
    });
    for path in ["/api", "/api/"] {
        assert_eq!(call(&service, TestRequest::get().uri(path)).await, (200, expected.clone()), "{path}");
    }
    let response = actix_web::test::call_service(&service, TestRequest::get().uri("/api").to_request()).await;
    assert_eq!(response.headers().get("flexmeasures-version").and_then(|v| v.to_str().ok()), Some("0.9.0"));
}

#[actix_web::test]
async fn lists_the_mounted_versions_in_the_original_order() {
    let app = TestApp::sqlite(&[]);
    let versions = &app.state.settings.api_versions;
    let order: Vec<usize> = versions
        .iter()
        .map(|v| fm_domain::version::ALL_API_VERSIONS.iter().position(|known| known == v).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
}
