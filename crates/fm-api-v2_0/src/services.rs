//! The service listing of API v2_0 (version `2.0`, api-v2_0.md §6.2).

use actix_web::{HttpRequest, HttpResponse};
use std::sync::LazyLock;

use fm_api_common::usef::services::{Service, V1_2_SERVICES};

const fn resource(name: &'static str, description: &'static str) -> Service {
    Service { name, access: &[], description }
}

/// The REST resources and the chart of v2_0, listed after the USEF services.
const RESOURCES: &[Service] = &[
    resource("GET /assets", "List owned assets."),
    resource("POST /assets", "Create an asset."),
    resource("GET /asset/<id>", "Get an asset."),
    resource("PATCH /asset/<id>", "Edit an asset."),
    resource("DELETE /asset/<id>", "Delete an asset and its data."),
    resource("GET /users", "List users."),
    resource("GET /user/<id>", "Get a user."),
    resource("PATCH /user/<id>", "Edit a user."),
    resource("PATCH /user/<id>/password-reset", "Reset a user's password."),
    Service { name: "GET /charts/power", access: &["admin", "Prosumer"], description: "Get a Bokeh chart for power data to embed in web pages." },
];

/// The services of v2_0, in listing order.
pub static SERVICES: LazyLock<Vec<Service>> = LazyLock::new(|| V1_2_SERVICES.iter().chain(RESOURCES).copied().collect());

/// `GET /getService`.
pub async fn get_service(req: HttpRequest) -> HttpResponse {
    fm_api_common::usef::services::get_service(&req, "2.0", &SERVICES)
}
