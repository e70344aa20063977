//! getMeterData and postMeterData (api-legacy-v1.md §8.2–8.3).

use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::AppState;
use fm_api_common::usef::reading::{PowerRead, get_power_data};

use crate::power_post::{PowerPost, post_power_data};

/// `GET /getMeterData` (v1 also answers POST with the fields in the body).
pub async fn get(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    get_power_data(PowerRead::MeterData, req, body, state).await
}

/// `POST /postMeterData`.
pub async fn post(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    post_power_data(PowerPost::MeterData, req, body, state).await
}
