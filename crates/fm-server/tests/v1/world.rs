//! The fixture of the legacy-API tests.

use fm_storage::assets::{NewAsset, create_asset, get_or_create_asset_type};
use fm_storage::beliefs::{BeliefQuery, search_beliefs};
use fm_storage::legacy::{NewLegacyAsset, create_legacy_asset};
use fm_storage::sensors::{NewSensor, create_sensor};

use crate::support::TestApp;

/// Account "Prosumers" (Prosumer role) with `prosumer` (owns CS 1–3, a solar panel, a one-way
/// charger and the hourly CS 4) and `colleague` (owns CS 9); account "Dummies" (Dummy role) with
/// `dummy`; an admin in "Host". A public market `epex_da` (hourly, EUR/MWh, knowable the day
/// before at noon in Paris) and a wind-speed sensor at 33.4843866, 126 (5 minutes).
pub struct World {
    pub app: TestApp,
    pub prosumer: String,
    pub prosumer_id: i32,
    pub colleague: String,
    pub dummy: String,
    pub admin: String,
    pub cs1: i32,
    pub cs2: i32,
    pub cs3: i32,
    pub cs4: i32,
    pub cs9: i32,
    pub solar: i32,
    pub evse: i32,
    pub market: i32,
    pub wind: i32,
}

/// An fm0 connection address of sensor `id` owned by `owner`.
pub fn connection(owner: i32, id: i32) -> String {
    format!("ea1.2018-06.localhost:fm0.{owner}:{id}")
}

pub fn world(app: TestApp) -> World {
    let prosumers = app.account("Prosumers", &["Prosumer"]);
    let dummies = app.account("Dummies", &["Dummy"]);
    let host = app.account("Host", &[]);
    let prosumer_id = app.user("prosumer@seita.nl", prosumers, &[]);
    let colleague_id = app.user("colleague@seita.nl", prosumers, &[]);
    app.user("dummy@seita.nl", dummies, &[]);
    app.user("admin@seita.nl", host, &["admin"]);
    let [prosumer, colleague, dummy, admin] = ["prosumer@seita.nl", "colleague@seita.nl", "dummy@seita.nl", "admin@seita.nl"].map(|e| app.token_for(e));
    let mut conn = app.rt.db.conn().unwrap();
    let mut legacy = |name: &str, type_name: &str, owner: i32, resolution_s: i64| {
        let (is_consumer, is_producer) = fm_domain::legacy::asset_type_flags(type_name);
        let attributes = serde_json::json!({"is_consumer": is_consumer, "is_producer": is_producer, "capacity_in_mw": 2.0}).to_string();
        let display = fm_domain::legacy::humanize(name);
        let new = NewLegacyAsset {
            name,
            display_name: &display,
            asset_type_name: type_name,
            latitude: 52.0,
            longitude: 4.0,
            owner_id: Some(owner),
            unit: "MW",
            timezone: "UTC",
            event_resolution_s: resolution_s,
            sensor_attributes: &attributes,
            asset_attributes: "{}",
        };
        create_legacy_asset(&mut conn, &new).unwrap().sensor.id
    };
    let cs1 = legacy("CS 1", "charging_station", prosumer_id, 900);
    let cs2 = legacy("CS 2", "charging_station", prosumer_id, 900);
    let cs3 = legacy("CS 3", "charging_station", prosumer_id, 900);
    let cs4 = legacy("CS 4", "charging_station", prosumer_id, 3600);
    let cs9 = legacy("CS 9", "charging_station", colleague_id, 900);
    let solar = legacy("solar panel", "solar", prosumer_id, 900);
    let evse = legacy("one-way charger", "one-way_evse", prosumer_id, 900);
    let mut sensor_on = |type_name: &str, asset: &str, sensor: &str, unit: &str, resolution_s: i64, at: (f64, f64), horizon: (&str, &str)| {
        let (asset_type, _) = get_or_create_asset_type(&mut conn, type_name, None).unwrap();
        let new_asset = NewAsset {
            name: asset,
            latitude: Some(at.0),
            longitude: Some(at.1),
            generic_asset_type_id: asset_type.id,
            account_id: None,
            parent_asset_id: None,
            attributes: "{}",
        };
        let asset = create_asset(&mut conn, &new_asset).unwrap();
        let new = NewSensor {
            name: sensor,
            unit,
            timezone: "UTC",
            event_resolution_s: resolution_s,
            knowledge_horizon_fnc: horizon.0,
            knowledge_horizon_par: horizon.1,
            generic_asset_id: asset.id,
            attributes: "{}",
        };
        create_sensor(&mut conn, &new).unwrap().id
    };
    let market = sensor_on("day_ahead", "EPEX", "epex_da", "EUR/MWh", 3600, (52.0, 4.0), ("x_days_ago_at_y_oclock", r#"{"x": 1, "y": 12, "z": "Europe/Paris"}"#));
    let wind = sensor_on("wind speed", "Wind mast", "wind speed", "m/s", 300, (33.4843866, 126.0), ("ex_post", r#"{"ex_post_horizon": "P0D"}"#));
    drop(conn);
    World { app, prosumer, prosumer_id, colleague, dummy, admin, cs1, cs2, cs3, cs4, cs9, solar, evse, market, wind }
}

impl World {
    /// Stored beliefs of a sensor: (event start as RFC 3339, horizon in minutes, value).
    pub fn stored(&self, sensor: i32) -> Vec<(String, i64, f64)> {
        let mut conn = self.app.rt.db.conn().unwrap();
        search_beliefs(&mut conn, sensor, &BeliefQuery::default())
            .unwrap()
            .into_iter()
            .map(|b| (b.event_start.0.format("%Y-%m-%dT%H:%M").to_string(), b.belief_horizon_ms / 60_000, b.event_value))
            .collect()
    }
}

impl World {
    /// POSTs a JSON body with a token (`""`: none).
    pub async fn post(&self, path: &str, token: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let service = self.app.service().await;
        let mut req = actix_web::test::TestRequest::post().uri(path).set_json(body);
        if !token.is_empty() {
            req = req.insert_header(("Authorization", token));
        }
        crate::support::call(&service, req).await
    }

    /// GETs `path?query` with a token (`""`: none).
    pub async fn get(&self, path: &str, token: &str, query: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let service = self.app.service().await;
        let query = serde_urlencoded::to_string(query).unwrap();
        let mut req = actix_web::test::TestRequest::get().uri(&format!("{path}?{query}"));
        if !token.is_empty() {
            req = req.insert_header(("Authorization", token));
        }
        crate::support::call(&service, req).await
    }
}
