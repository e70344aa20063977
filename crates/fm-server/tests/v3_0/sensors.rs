//! `/api/v3_0/sensors` and `/api/v3_0/sensors/<id>`: listing sensors by account (own by
//! default), by asset (with its descendants) and with public ones, filtering by unit, and reading
//! one sensor, with the permission rules and every error envelope.

use actix_web::test::TestRequest;
use chrono::Datelike;
use fm_storage::assets::{NewAsset, create_asset, find_asset_type_by_name};
use fm_storage::sensors::{NewSensor, create_sensor};
use serde_json::{Value, json};

use crate::support::{TestApp, call, on_both_backends, unauthorized_body};

/// Acme (a member), Other (an account-admin) and Host (an admin, an admin-reader); assets Roof
/// (Acme) with child Panel, Mill (Other) and Market (public); sensors on each.
struct World {
    app: TestApp,
    acme: i32,
    other: i32,
    roof: i32,
    mill: i32,
    market: i32,
    /// power (MW) and energy (kWh) on Roof, inverter (kW) on Panel, mill (MW) on Mill, price (EUR/MWh) on Market.
    power: i32,
    energy: i32,
    inverter: i32,
    mill_power: i32,
    price: i32,
    member: String,
    stranger: String,
    admin: String,
    reader: String,
}

fn world(app: TestApp) -> World {
    let cast = app.cast();
    let solar = find_asset_type_by_name(&mut app.rt.db.conn().unwrap(), "solar").unwrap().unwrap().id;
    let crate::support::Cast { acme, other, member, stranger, admin, reader } = cast;
    let mut conn = app.rt.db.conn().unwrap();
    let mut asset = |name: &str, account_id: Option<i32>, parent_asset_id: Option<i32>| {
        let new = NewAsset { name, latitude: None, longitude: None, generic_asset_type_id: solar, account_id, parent_asset_id, attributes: "{}" };
        create_asset(&mut conn, &new).unwrap().id
    };
    let (roof, mill, market) = (asset("Roof", Some(acme), None), asset("Mill", Some(other), None), asset("Market", None, None));
    let panel = asset("Panel", Some(acme), Some(roof));
    let mut sensor = |name: &str, unit: &str, event_resolution_s: i64, generic_asset_id: i32| {
        let (knowledge_horizon_fnc, knowledge_horizon_par) = match unit {
            "EUR/MWh" => ("x_days_ago_at_y_oclock", r#"{"x": 1, "y": 12, "z": "Europe/Paris"}"#),
            _ => ("ex_post", r#"{"ex_post_horizon": "P0D"}"#),
        };
        let new = NewSensor { name, unit, timezone: "Europe/Amsterdam", event_resolution_s, knowledge_horizon_fnc, knowledge_horizon_par, generic_asset_id, attributes: "{}" };
        create_sensor(&mut conn, &new).unwrap().id
    };
    let (power, energy, inverter) = (sensor("power", "MW", 900, roof), sensor("energy", "kWh", 3600, roof), sensor("inverter", "kW", 0, panel));
    let (mill_power, price) = (sensor("power", "MW", 900, mill), sensor("day-ahead", "EUR/MWh", 3600, market));
    drop(conn);
    World { app, acme, other, roof, mill, market, power, energy, inverter, mill_power, price, member, stranger, admin, reader }
}

impl World {
    /// Another asset (of `account`, under `parent`) with one MW sensor; returns the sensor id.
    fn sensor_on_new_asset(&self, name: &str, account_id: Option<i32>, parent_asset_id: Option<i32>) -> i32 {
        let mut conn = self.app.rt.db.conn().unwrap();
        let solar = find_asset_type_by_name(&mut conn, "solar").unwrap().unwrap().id;
        let new = NewAsset { name, latitude: None, longitude: None, generic_asset_type_id: solar, account_id, parent_asset_id, attributes: "{}" };
        let generic_asset_id = create_asset(&mut conn, &new).unwrap().id;
        let new = NewSensor {
            name: "power", unit: "MW", timezone: "UTC", event_resolution_s: 900, knowledge_horizon_fnc: "ex_post",
            knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#, generic_asset_id, attributes: "{}",
        };
        create_sensor(&mut conn, &new).unwrap().id
    }
}

fn get(uri: &str, token: &str) -> TestRequest {
    TestRequest::get().uri(uri).insert_header(("Authorization", token))
}
fn ids(body: &Value) -> Vec<i64> {
    body.as_array().unwrap_or_else(|| panic!("an array: {body}")).iter().map(|s| s["id"].as_i64().unwrap()).collect()
}
fn wide(ids: &[i32]) -> Vec<i64> {
    ids.iter().copied().map(i64::from).collect()
}
fn forbidden() -> (u16, Value) {
    (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality."}))
}
fn query_error(field: &str, message: &str) -> (u16, Value) {
    (422, json!({"message": {"query": {field: [message]}}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}))
}

/// `ea1.<first month after today>.localhost:fm1.<id>`: test requests name no host, so the
/// address is that of `localhost`.
fn address(id: i32) -> String {
    let today = chrono::Utc::now().date_naive();
    let (year, month) = if today.month() == 12 { (today.year() + 1, 1) } else { (today.year(), today.month() + 1) };
    format!("ea1.{year:04}-{month:02}.localhost:fm1.{id}")
}

async fn listing_defaults_to_the_own_account_and_shows_whole_sensors(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let (status, body) = call(&service, get("/api/v3_0/sensors", &w.member)).await;
    assert_eq!((status, ids(&body)), (200, wide(&[w.power, w.energy, w.inverter])), "sensors of Acme's assets, children included, by id");
    let power = json!({
        "id": w.power, "name": "power", "unit": "MW", "timezone": "Europe/Amsterdam", "event_resolution": "PT15M",
        "entity_address": address(w.power), "attributes": "{}", "generic_asset_id": w.roof,
    });
    assert_eq!(body[0], power, "no status inside a list; attributes as a JSON string");
    assert_eq!((body[1]["event_resolution"].clone(), body[2]["event_resolution"].clone()), (json!("PT1H"), json!("P0D")), "ISO 8601, P0D when instantaneous");
    let mut shown = power;
    shown["status"] = json!(200);
    assert_eq!(call(&service, get(&format!("/api/v3_0/sensors/{}", w.power), &w.member)).await, (200, shown), "one sensor carries status 200");
}
on_both_backends!(listing_defaults_to_the_own_account_and_shows_whole_sensors);

#[actix_web::test]
async fn every_sensor_endpoint_needs_a_valid_token() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let one = format!("/api/v3_0/sensors/{}", w.power);
    for request in [TestRequest::get().uri("/api/v3_0/sensors"), TestRequest::get().uri(&one), get(&one, "garbage"), get("/api/v3_0/sensors/999", "garbage")] {
        assert_eq!(call(&service, request).await, (401, unauthorized_body()));
    }
}

#[actix_web::test]
async fn listing_by_account_needs_read_access_to_it() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let list = |query: String, token: &str| get(&format!("/api/v3_0/sensors{query}"), token);
    let listed = |(status, body): (u16, Value)| (status, ids(&body));
    let acme = wide(&[w.power, w.energy, w.inverter]);
    let mill = vec![i64::from(w.mill_power)];

    assert_eq!(listed(call(&service, list(format!("?account={}", w.acme), &w.member)).await), (200, acme.clone()));
    assert_eq!(listed(call(&service, list(format!("?account_id={}", w.acme), &w.member)).await), (200, acme.clone()), "legacy alias");
    assert_eq!(call(&service, list(format!("?account={}", w.other), &w.member)).await, forbidden());
    assert_eq!(call(&service, list(format!("?account_id={}", w.acme), &w.stranger)).await, forbidden());
    assert_eq!(listed(call(&service, list(String::new(), &w.stranger)).await), (200, mill.clone()));
    assert_eq!(listed(call(&service, list(format!("?account={}", w.other), &w.admin)).await), (200, mill.clone()));
    assert_eq!(listed(call(&service, list(format!("?account={}", w.acme), &w.reader)).await), (200, acme.clone()));
    assert_eq!(listed(call(&service, list(String::new(), &w.admin)).await), (200, vec![]), "Host has no assets");
    assert_eq!(call(&service, list("?account=999".into(), &w.member)).await, (404, json!({"message": "Account 999 not found.", "status": 404})));
    assert_eq!(call(&service, list("?account=acme".into(), &w.member)).await, query_error("account", "Not a valid integer."));
    assert_eq!(listed(call(&service, list("?bogus=1".into(), &w.member)).await), (200, acme.clone()), "unknown query keys are ignored");

    let mut with_public = acme.clone();
    with_public.push(w.price.into());
    assert_eq!(listed(call(&service, list("?include_public_assets=true".into(), &w.member)).await), (200, with_public));
    let mut mill_and_public = mill.clone();
    mill_and_public.push(w.price.into());
    assert_eq!(listed(call(&service, list(format!("?account={}&include_public_assets=1", w.other), &w.admin)).await), (200, mill_and_public));
    assert_eq!(call(&service, list("?include_public_assets=maybe".into(), &w.member)).await, query_error("include_public_assets", "Not a valid boolean."));
}

#[actix_web::test]
async fn listing_by_asset_covers_its_descendants_and_needs_read_access_to_it() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let list = |query: String, token: &str| get(&format!("/api/v3_0/sensors{query}"), token);
    let listed = |(status, body): (u16, Value)| (status, ids(&body));
    let roof = wide(&[w.power, w.energy, w.inverter]);

    assert_eq!(listed(call(&service, list(format!("?asset={}", w.roof), &w.member)).await), (200, roof.clone()), "the child asset's sensor too");
    assert_eq!(listed(call(&service, list(format!("?asset_id={}", w.roof), &w.reader)).await), (200, roof.clone()), "legacy alias");
    assert_eq!(listed(call(&service, list(format!("?asset={}", w.market), &w.stranger)).await), (200, vec![w.price.into()]), "public assets are readable by all");
    assert_eq!(call(&service, list(format!("?asset={}", w.mill), &w.member)).await, forbidden());
    assert_eq!(call(&service, list(format!("?asset={}", w.roof), &w.stranger)).await, forbidden());
    assert_eq!(call(&service, list("?asset=999".into(), &w.admin)).await, query_error("asset", "No asset found with id 999."));
    assert_eq!(call(&service, list("?asset=x".into(), &w.admin)).await, query_error("asset", "Not a valid integer."));

    assert_eq!(listed(call(&service, list(format!("?asset={}&account={}", w.roof, w.acme), &w.member)).await), (200, roof.clone()), "a matching account is ignored");
    let both = (422, json!({"message": "Please provide either an account or an asset ID, not both.", "status": 422}));
    assert_eq!(call(&service, list(format!("?asset={}&account={}", w.mill, w.acme), &w.admin)).await, both);
    assert_eq!(call(&service, list(format!("?asset={}&account={}", w.market, w.acme), &w.member)).await, both, "public assets belong to no account");
    let mut with_public = roof.clone();
    with_public.push(w.price.into());
    assert_eq!(listed(call(&service, list(format!("?asset={}&include_public_assets=true", w.roof), &w.member)).await), (200, with_public), "public sensors are added to an asset's");

    let panel = call(&service, get(&format!("/api/v3_0/sensors/{}", w.inverter), &w.member)).await.1["generic_asset_id"].as_i64().unwrap() as i32;
    let cell = w.sensor_on_new_asset("Cell", Some(w.acme), Some(panel));
    let annex = w.sensor_on_new_asset("Annex", Some(w.other), Some(w.roof));
    let mut deep = roof.clone();
    deep.push(cell.into());
    assert_eq!(listed(call(&service, list(format!("?asset={}", w.roof), &w.member)).await), (200, deep.clone()), "grandchildren too, but not a child now in another account");
    deep.push(annex.into());
    assert_eq!(listed(call(&service, list(format!("?asset={}", w.roof), &w.admin)).await), (200, deep), "admins see the moved child's sensor");
    assert_eq!(listed(call(&service, list(format!("?asset={panel}"), &w.member)).await), (200, wide(&[w.inverter, cell])), "a subtree");
}

#[actix_web::test]
async fn listing_filters_on_the_exact_unit() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let list = |query: &str| get(&format!("/api/v3_0/sensors{query}"), &w.member);
    let listed = |(status, body): (u16, Value)| (status, ids(&body));
    assert_eq!(listed(call(&service, list("?unit=MW")).await), (200, vec![w.power.into()]));
    assert_eq!(listed(call(&service, list("?unit=kW")).await), (200, vec![w.inverter.into()]), "no conversion: kW is not MW");
    assert_eq!(listed(call(&service, list("?unit=EUR%2FMWh&include_public_assets=true")).await), (200, vec![w.price.into()]));
    assert_eq!(listed(call(&service, list("?unit=W")).await), (200, vec![]));
    assert_eq!(listed(call(&service, list(&format!("?unit=kWh&asset={}", w.roof))).await), (200, vec![w.energy.into()]));
    assert_eq!(call(&service, list("?unit=blorp")).await, query_error("unit", "Invalid unit: blorp"));
}

#[actix_web::test]
async fn reading_one_sensor_needs_read_access() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let one = |id: i32, token: &str| get(&format!("/api/v3_0/sensors/{id}"), token);
    let shown = |(status, body): (u16, Value)| (status, body["id"].clone(), body["status"].clone());
    for token in [&w.member, &w.admin, &w.reader] {
        assert_eq!(shown(call(&service, one(w.inverter, token)).await), (200, json!(w.inverter), json!(200)));
    }
    assert_eq!(call(&service, one(w.power, &w.stranger)).await, forbidden());
    assert_eq!(call(&service, one(w.mill_power, &w.member)).await, forbidden());
    let (status, body) = call(&service, one(w.price, &w.stranger)).await;
    assert_eq!((status, body["generic_asset_id"].clone(), body["entity_address"].clone()), (200, json!(w.market), json!(address(w.price))), "public sensors are readable by all");
    let unknown = (422, json!({"message": {"path": {"id": ["No sensor found with id 999."]}}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}));
    assert_eq!(call(&service, one(999, &w.admin)).await, unknown);
    assert_eq!(call(&service, one(999, &w.stranger)).await.0, 422, "unknown before forbidden");
    let (status, body) = call(&service, get("/api/v3_0/sensors/abc", &w.admin)).await;
    assert_eq!((status, body["status"].clone(), body["message"]["path"].is_object()), (422, json!("UNPROCESSABLE_ENTITY"), true), "{body}");
}
