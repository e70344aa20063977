//! `GET /api`: the version index.

use actix_web::{HttpResponse, web};
use fm_api_common::AppState;
use fm_domain::version::FLEXMEASURES_VERSION;
use serde_json::json;

/// The index message, as the user's API introduction shows it.
pub const INDEX_MESSAGE: &str = "For these API versions endpoints are available. An authentication token can be requested at: /api/requestAuthToken. For a list of services, see https://flexmeasures.readthedocs.io";

/// Lists the mounted API versions.
pub async fn get_index(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "flexmeasures_version": FLEXMEASURES_VERSION,
        "message": INDEX_MESSAGE,
        "status": 200,
        "versions": state.settings.api_versions,
    }))
}
