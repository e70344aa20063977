//! The USEF-style messages of v2_0 (api-v2_0.md §6). Reading connections and power data is the
//! 1.x behaviour, shared through `fm_api_common::usef`; posting differs: fm1 addresses, an
//! optional `prior` (default: now) and belief horizons from horizon and prior ([`posting`]).

pub mod posting;

use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::AppState;
use fm_api_common::usef::reading::{PowerRead, get_power_data};

use posting::{Posted, post_message};

/// `GET /getMeterData`.
pub async fn get_meter_data(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    get_power_data(PowerRead::MeterData, req, body, state).await
}

/// `GET /getPrognosis`.
pub async fn get_prognosis(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    get_power_data(PowerRead::Prognosis, req, body, state).await
}

/// `POST /postMeterData`.
pub async fn post_meter_data(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    post_message(Posted::MeterData, req, body, state).await
}

/// `POST /postPrognosis`.
pub async fn post_prognosis(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    post_message(Posted::Prognosis, req, body, state).await
}

/// `POST /postPriceData`.
pub async fn post_price_data(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    post_message(Posted::Prices, req, body, state).await
}

/// `POST /postWeatherData`.
pub async fn post_weather_data(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    post_message(Posted::Weather, req, body, state).await
}
