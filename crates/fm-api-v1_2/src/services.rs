//! The service listing of API v1_2 (version `1.2`).

use actix_web::{HttpRequest, HttpResponse};
use fm_api_common::usef::services::{
    GET_CONNECTION, GET_DEVICE_MESSAGE, GET_METER_DATA, GET_PROGNOSIS, POST_METER_DATA, POST_PRICE_DATA, POST_PROGNOSIS, POST_UDI_EVENT,
    POST_WEATHER_DATA, Service,
};

/// The services of v1_2 (and v1_3), in listing order.
pub const SERVICES: &[Service] = &[
    GET_CONNECTION,
    GET_METER_DATA,
    POST_METER_DATA,
    GET_PROGNOSIS,
    POST_PROGNOSIS,
    POST_PRICE_DATA,
    POST_WEATHER_DATA,
    GET_DEVICE_MESSAGE,
    POST_UDI_EVENT,
];

/// `GET /getService`.
pub async fn get_service(req: HttpRequest) -> HttpResponse {
    fm_api_common::usef::services::get_service(&req, "1.2", SERVICES)
}
