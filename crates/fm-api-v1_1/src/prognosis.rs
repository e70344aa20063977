//! getPrognosis and postPrognosis (api-legacy-v1.md §8.7–8.8).

use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::AppState;
use fm_api_common::usef::reading::{PowerRead, get_power_data};
use fm_api_v1::power_post::{PowerPost, post_power_data};

/// `GET /getPrognosis`.
pub async fn get(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    get_power_data(PowerRead::Prognosis, req, body, state).await
}

/// `POST /postPrognosis`.
pub async fn post(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    post_power_data(PowerPost::Prognosis, req, body, state).await
}
