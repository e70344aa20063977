//! `/api/v3_0/assets`: listing, creating, reading, updating and deleting generic assets, with
//! every error envelope and the permission rules (own account as member or account-admin,
//! other accounts, public assets, admins and admin-readers).

use actix_web::test::TestRequest;
use fm_storage::assets::{NewAsset, create_asset, find_asset_type_by_name};
use serde_json::{Value, json};

use crate::support::{TestApp, call, on_both_backends, unauthorized_body};

/// Accounts, asset types and the tokens of a member, an account-admin (both of Acme), an
/// account-admin of another account, an admin and an admin-reader (both of Host).
struct World {
    app: TestApp,
    acme: i32,
    other: i32,
    solar: i32,
    battery: i32,
    member: String,
    boss: String,
    stranger: String,
    admin: String,
    reader: String,
}

fn world(app: TestApp) -> World {
    let cast = app.cast();
    let mut conn = app.rt.db.conn().unwrap();
    let solar = find_asset_type_by_name(&mut conn, "solar").unwrap().unwrap().id;
    let battery = find_asset_type_by_name(&mut conn, "battery").unwrap().unwrap().id;
    drop(conn);
    app.user("boss@acme.com", cast.acme, &["account-admin"]);
    let boss = app.token_for("boss@acme.com");
    let crate::support::Cast { acme, other, member, stranger, admin, reader } = cast;
    World { app, acme, other, solar, battery, member, boss, stranger, admin, reader }
}

impl World {
    /// Creates an asset in storage and returns its id.
    fn asset(&self, name: &str, account_id: Option<i32>, parent_asset_id: Option<i32>) -> i32 {
        let new = NewAsset { name, latitude: None, longitude: None, generic_asset_type_id: self.solar, account_id, parent_asset_id, attributes: "{}" };
        create_asset(&mut self.app.rt.db.conn().unwrap(), &new).unwrap().id
    }
}

fn auth(request: TestRequest, token: &str) -> TestRequest {
    request.insert_header(("Authorization", token))
}
fn get(uri: &str, token: &str) -> TestRequest {
    auth(TestRequest::get().uri(uri), token)
}
fn post(body: Value, token: &str) -> TestRequest {
    auth(TestRequest::post().uri("/api/v3_0/assets").set_json(body), token)
}
fn patch(id: i32, body: Value, token: &str) -> TestRequest {
    auth(TestRequest::patch().uri(&format!("/api/v3_0/assets/{id}")).set_json(body), token)
}
fn patch_raw(id: i32, body: &'static str, token: &str) -> TestRequest {
    let request = TestRequest::patch().uri(&format!("/api/v3_0/assets/{id}")).insert_header(("content-type", "application/json"));
    auth(request.set_payload(body), token)
}
fn delete(id: i32, token: &str) -> TestRequest {
    auth(TestRequest::delete().uri(&format!("/api/v3_0/assets/{id}")), token)
}
fn one(id: i32, token: &str) -> TestRequest {
    get(&format!("/api/v3_0/assets/{id}"), token)
}

/// The 422 envelope of field errors in the JSON body.
fn rejected(fields: Value) -> Value {
    json!({"message": {"json": fields}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"})
}
fn forbidden() -> (u16, Value) {
    (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality."}))
}
fn not_found(id: i32) -> (u16, Value) {
    (404, json!({"message": format!("No asset found with ID {id}."), "status": 404}))
}
fn ids(body: &Value) -> Vec<i64> {
    body.as_array().expect("an array").iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

async fn create_read_update_delete_in_own_account(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let body = json!({"name": "Solar park", "account_id": w.acme, "latitude": 52.5, "longitude": 4.25, "generic_asset_type_id": w.solar, "attributes": {"capacity": 3}});
    let (status, created) = call(&service, post(body, &w.boss)).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap() as i32;
    let expected = json!({
        "id": id, "name": "Solar park", "account_id": w.acme, "owner": {"id": w.acme, "name": "Acme"},
        "latitude": 52.5, "longitude": 4.25, "generic_asset_type_id": w.solar, "generic_asset_type": {"id": w.solar, "name": "solar"},
        "parent_asset_id": null, "attributes": "{\"capacity\":3}", "flex_context": "{}", "flex_model": "{}", "sensors_to_show": "[]", "sensors": [],
    });
    assert_eq!(created, expected, "201 without status, JSON fields as strings");

    let sensor = fm_storage::sensors::NewSensor {
        name: "power", unit: "MW", timezone: "UTC", event_resolution_s: 900, knowledge_horizon_fnc: "x_days_ago_at_y_oclock",
        knowledge_horizon_par: "{}", generic_asset_id: id, attributes: "{}",
    };
    let sensor_id = fm_storage::sensors::create_sensor(&mut w.app.rt.db.conn().unwrap(), &sensor).unwrap().id;
    let mut listed = expected.clone();
    listed["sensors"] = json!([{"id": sensor_id, "name": "power"}]);
    assert_eq!(call(&service, get("/api/v3_0/assets", &w.member)).await, (200, json!([listed.clone()])), "an array, no status");
    let mut shown = listed;
    shown["status"] = json!(200);
    assert_eq!(call(&service, one(id, &w.member)).await, (200, shown.clone()), "members read, with status 200");

    let (status, patched) = call(&service, patch(id, json!({"name": "Solar farm", "latitude": null, "generic_asset_type_id": w.battery}), &w.member)).await;
    shown["name"] = json!("Solar farm");
    shown["latitude"] = Value::Null;
    shown["generic_asset_type_id"] = json!(w.battery);
    shown["generic_asset_type"] = json!({"id": w.battery, "name": "battery"});
    assert_eq!((status, patched), (200, shown), "members update, any subset of fields");

    assert_eq!(call(&service, delete(id, &w.member)).await, forbidden(), "deleting needs account-admin");
    let response = actix_web::test::call_service(&service, delete(id, &w.boss).to_request()).await;
    assert_eq!(response.status().as_u16(), 204);
    assert!(actix_web::test::read_body(response).await.is_empty(), "204 has an empty body");
    assert_eq!(call(&service, one(id, &w.boss)).await, not_found(id));
    assert!(fm_storage::sensors::find_sensor(&mut w.app.rt.db.conn().unwrap(), sensor_id).is_err(), "sensors go with their asset");
}
on_both_backends!(create_read_update_delete_in_own_account);

#[actix_web::test]
async fn every_endpoint_needs_a_valid_token() {
    let w = world(TestApp::sqlite(&[]));
    let id = w.asset("Roof", Some(w.acme), None);
    let service = w.app.service().await;
    let uri = format!("/api/v3_0/assets/{id}");
    let body = json!({"name": "x", "generic_asset_type_id": w.solar});
    for request in [
        TestRequest::get().uri("/api/v3_0/assets"),
        TestRequest::post().uri("/api/v3_0/assets").set_json(&body),
        TestRequest::get().uri(&uri),
        TestRequest::patch().uri(&uri).set_json(&body),
        TestRequest::delete().uri(&uri),
        TestRequest::get().uri(&uri).insert_header(("Authorization", "garbage")),
    ] {
        assert_eq!(call(&service, request).await, (401, unauthorized_body()));
    }
}

#[actix_web::test]
async fn listing_covers_own_account_then_public_and_accessible_ones_on_request() {
    let w = world(TestApp::sqlite(&[]));
    let (roof, shed) = (w.asset("Roof", Some(w.acme), None), w.asset("Shed", Some(w.acme), None));
    let (mill, public) = (w.asset("Mill", Some(w.other), None), w.asset("Market", None, None));
    let child = w.asset("Panel", Some(w.acme), Some(roof));
    let service = w.app.service().await;
    let list = |query: &str, token: &str| get(&format!("/api/v3_0/assets{query}"), token);
    let listed = |(status, body): (u16, Value)| (status, ids(&body));
    let (r, s, c, m, p) = (roof as i64, shed as i64, child as i64, mill as i64, public as i64);

    assert_eq!(listed(call(&service, list("", &w.member)).await), (200, vec![r, s, c]));
    assert_eq!(listed(call(&service, list("?include_public=true", &w.member)).await), (200, vec![r, s, p, c]));
    assert_eq!(listed(call(&service, list("?all_accessible=yes", &w.member)).await), (200, vec![r, s, p, c]));
    assert_eq!(listed(call(&service, list(&format!("?account={}", w.acme), &w.member)).await), (200, vec![r, s, c]));
    assert_eq!(call(&service, list(&format!("?account={}", w.other), &w.member)).await, forbidden());
    assert_eq!(call(&service, list(&format!("?account_id={}", w.other), &w.boss)).await, forbidden(), "legacy alias");
    assert_eq!(call(&service, list("?account=999", &w.member)).await, (404, json!({"message": "Account 999 not found.", "status": 404})));
    assert_eq!(listed(call(&service, list(&format!("?account_id={}", w.other), &w.stranger)).await), (200, vec![m]));
    assert_eq!(listed(call(&service, list(&format!("?account={}&include_public=1", w.other), &w.admin)).await), (200, vec![m, p]));
    assert_eq!(listed(call(&service, list(&format!("?account={}", w.acme), &w.reader)).await), (200, vec![r, s, c]));
    assert_eq!(listed(call(&service, list("?all_accessible=true", &w.admin)).await), (200, vec![r, s, m, p, c]));
    assert_eq!(listed(call(&service, list("", &w.admin)).await), (200, vec![]), "admins' own account has no assets");

    let query_error = |field: &str, message: &str| {
        (422, json!({"message": {"query": {field: [message]}}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}))
    };
    assert_eq!(call(&service, list("?account=acme", &w.member)).await, query_error("account", "Not a valid integer."));
    assert_eq!(call(&service, list("?include_public=maybe", &w.member)).await, query_error("include_public", "Not a valid boolean."));
}

#[actix_web::test]
async fn creation_is_validated_field_by_field() {
    let w = world(TestApp::sqlite(&[]));
    w.asset("Roof", Some(w.acme), None);
    let service = w.app.service().await;
    let create = |body: Value| post(body, &w.boss);
    let t = w.solar;

    let cases = [
        (json!({"id": 5, "owner": "me", "name": "A", "generic_asset_type_id": t}), json!({"id": ["Unknown field."], "owner": ["Unknown field."]})),
        (json!({"latitude": 1}), json!({"name": ["Missing data for required field."], "generic_asset_type_id": ["Missing data for required field."]})),
        (
            json!({"name": 5, "latitude": "north", "longitude": [1], "generic_asset_type_id": "solar", "account_id": "x", "attributes": 3}),
            json!({"name": ["Not a valid string."], "latitude": ["Not a valid number."], "longitude": ["Not a valid number."],
                   "generic_asset_type_id": ["Not a valid integer."], "account_id": ["Not a valid integer."], "attributes": ["Not a valid JSON object."]}),
        ),
        (
            json!({"name": "A", "generic_asset_type_id": t, "account_id": w.acme, "latitude": 90.5, "longitude": -180.5}),
            json!({"latitude": ["Must be greater than or equal to -90 and less than or equal to 90."],
                   "longitude": ["Must be greater than or equal to -180 and less than or equal to 180."]}),
        ),
        (json!({"name": "", "generic_asset_type_id": 999, "account_id": w.acme}), json!({"name": ["Shorter than minimum length 1."], "generic_asset_type_id": ["GenericAssetType with id 999 doesn't exist."]})),
        (json!({"name": "A".repeat(81), "generic_asset_type_id": t, "account_id": w.acme, "attributes": null}), json!({"name": ["Longer than maximum length 80."], "attributes": ["Field may not be null."]})),
        (json!({"name": "A", "generic_asset_type_id": t, "account_id": w.other}), json!({"account_id": [format!("User is not allowed to create assets for account {}.", w.other)]})),
        (json!({"name": "A", "generic_asset_type_id": t, "account_id": 999}), json!({"account_id": ["Account with id 999 doesn't exist."]})),
        (json!({"name": "A", "generic_asset_type_id": t, "account_id": null}), json!({"account_id": ["Account with id None doesn't exist."]})),
        (json!({"name": "A", "generic_asset_type_id": t, "account_id": w.acme, "parent_asset_id": 999}), json!({"parent_asset_id": ["Parent GenericAsset with id 999 doesn't exist."]})),
        (json!({"name": "Roof", "generic_asset_type_id": t, "account_id": w.acme}), json!({"name": ["An asset with the name 'Roof' already exists."]})),
        (json!([{"name": "A"}]), json!({"_schema": ["Invalid input type."]})),
    ];
    for (body, errors) in cases {
        assert_eq!(call(&service, create(body.clone())).await, (422, rejected(errors)), "{body}");
    }
    let empty = auth(TestRequest::post().uri("/api/v3_0/assets").insert_header(("content-type", "application/json")), &w.boss);
    assert_eq!(call(&service, empty).await, (422, rejected(json!({"_schema": ["No JSON data given."]}))));
    let broken = auth(TestRequest::post().uri("/api/v3_0/assets").insert_header(("content-type", "application/json")), &w.boss);
    let (status, body) = call(&service, broken.set_payload("{\"name\":")).await;
    assert_eq!((status, body["status"].clone()), (400, json!(400)), "malformed JSON: {body}");
}

#[actix_web::test]
async fn who_may_create_where() {
    let w = world(TestApp::sqlite(&[]));
    let (roof, public, mill) = (w.asset("Roof", Some(w.acme), None), w.asset("Market", None, None), w.asset("Mill", Some(w.other), None));
    let service = w.app.service().await;
    let asset = |name: &str, account: Option<i32>, parent: Option<i32>| {
        let mut body = json!({"name": name, "generic_asset_type_id": w.solar, "parent_asset_id": parent});
        if let Some(account) = account {
            body["account_id"] = json!(account);
        }
        body
    };
    let created = |(status, body): (u16, Value)| (status, body["account_id"].clone(), body["parent_asset_id"].clone());

    assert_eq!(call(&service, post(asset("A", Some(w.acme), None), &w.member)).await, forbidden(), "members create no top-level assets");
    assert_eq!(created(call(&service, post(asset("A", Some(w.acme), None), &w.boss)).await), (201, json!(w.acme), Value::Null));
    assert_eq!(created(call(&service, post(asset("B", Some(w.acme), Some(roof)), &w.member)).await), (201, json!(w.acme), json!(roof)), "members add children");
    assert_eq!(call(&service, post(asset("B", Some(w.acme), Some(roof)), &w.boss)).await.1, rejected(json!({"name": ["An asset with the name 'B' already exists."]})), "siblings' names differ");
    assert_eq!(created(call(&service, post(asset("B", Some(w.acme), None), &w.boss)).await).0, 201, "a child's name is free at the top level");
    assert_eq!(call(&service, post(asset("C", Some(w.other), Some(roof)), &w.stranger)).await, forbidden(), "no children under others' assets");
    assert_eq!(call(&service, post(asset("C", Some(w.acme), Some(public)), &w.boss)).await, forbidden(), "no children under public assets");
    assert_eq!(call(&service, post(asset("C", None, None), &w.boss)).await, forbidden(), "public assets are for admins");
    assert_eq!(created(call(&service, post(asset("C", None, None), &w.admin)).await), (201, Value::Null, Value::Null));
    assert_eq!(call(&service, post(asset("Market", None, None), &w.admin)).await, (422, rejected(json!({"name": ["An asset with the name 'Market' already exists."]}))));
    assert_eq!(created(call(&service, post(asset("Roof", Some(w.other), Some(mill)), &w.admin)).await), (201, json!(w.other), json!(mill)), "admins create anywhere");
    assert_eq!(created(call(&service, post(asset("Roof", Some(w.other), None), &w.stranger)).await).0, 201, "names are per account");
    assert_eq!(call(&service, post(asset("D", Some(w.acme), None), &w.reader)).await.0, 422, "admin-readers write nowhere (own account only)");
}

#[actix_web::test]
async fn reading_one_asset() {
    let w = world(TestApp::sqlite(&[]));
    let (roof, public) = (w.asset("Roof", Some(w.acme), None), w.asset("Market", None, None));
    let service = w.app.service().await;
    for token in [&w.member, &w.boss, &w.admin, &w.reader] {
        assert_eq!(call(&service, one(roof, token)).await.1["id"], json!(roof));
    }
    assert_eq!(call(&service, one(roof, &w.stranger)).await, forbidden());
    let (status, body) = call(&service, one(public, &w.stranger)).await;
    assert_eq!((status, body["owner"].clone(), body["status"].clone()), (200, Value::Null, json!(200)), "public assets are readable by all");
    assert_eq!(call(&service, one(999, &w.admin)).await, not_found(999));
    let (status, body) = call(&service, get("/api/v3_0/assets/abc", &w.admin)).await;
    assert_eq!((status, body["status"].clone(), body["message"]["path"].is_object()), (422, json!("UNPROCESSABLE_ENTITY"), true), "{body}");
}

#[actix_web::test]
async fn who_may_update_what_and_how_updates_are_validated() {
    let w = world(TestApp::sqlite(&[]));
    let (roof, shed, public) = (w.asset("Roof", Some(w.acme), None), w.asset("Shed", Some(w.acme), None), w.asset("Market", None, None));
    let mill = w.asset("Mill", Some(w.other), None);
    let service = w.app.service().await;
    let renamed = |(status, body): (u16, Value)| (status, body["name"].clone());

    assert_eq!(renamed(call(&service, patch(roof, json!({"name": "Roof 2"}), &w.member)).await), (200, json!("Roof 2")));
    assert_eq!(call(&service, patch(roof, json!({"name": "x"}), &w.stranger)).await, forbidden());
    assert_eq!(call(&service, patch(roof, json!({"bogus": 1}), &w.stranger)).await, forbidden(), "permission before validation");
    assert_eq!(call(&service, patch(roof, json!({"name": "x"}), &w.reader)).await, forbidden());
    assert_eq!(call(&service, patch(public, json!({"name": "x"}), &w.boss)).await, forbidden(), "public assets: admins only");
    assert_eq!(renamed(call(&service, patch(public, json!({"name": "Bazaar"}), &w.admin)).await), (200, json!("Bazaar")));
    assert_eq!(call(&service, patch(999, json!({"name": "x"}), &w.admin)).await, not_found(999));

    let cases = [
        (json!({"id": 3, "sensors": []}), json!({"id": ["Unknown field."], "sensors": ["Unknown field."]})),
        (json!({"latitude": -91, "generic_asset_type_id": 999}), json!({"latitude": ["Must be greater than or equal to -90 and less than or equal to 90."], "generic_asset_type_id": ["GenericAssetType with id 999 doesn't exist."]})),
        (json!({"account_id": w.other}), json!({"account_id": [format!("User is not allowed to create assets for account {}.", w.other)]})),
        (json!({"account_id": null}), json!({"account_id": ["Account with id None doesn't exist."]})),
        (json!({"parent_asset_id": mill}), json!({"parent_asset_id": ["The parent asset must belong to the same account."]})),
        (json!({"parent_asset_id": roof}), json!({"parent_asset_id": ["An asset cannot be its own parent."]})),
        (json!({"name": "Shed"}), json!({"name": ["An asset with the name 'Shed' already exists."]})),
        (json!({"attributes": null, "generic_asset_type_id": null}), json!({"attributes": ["Field may not be null."], "generic_asset_type_id": ["Field may not be null."]})),
    ];
    for (body, errors) in cases {
        assert_eq!(call(&service, patch(roof, body.clone(), &w.member)).await, (422, rejected(errors)), "{body}");
    }
    let no_data = (422, json!({"message": {"json": "No JSON data given."}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}));
    for body in ["", "{}", "{ }"] {
        assert_eq!(call(&service, patch_raw(roof, body, &w.member)).await, no_data, "body {body:?}");
    }
    assert_eq!(call(&service, patch_raw(roof, "[1]", &w.member)).await, (422, rejected(json!({"_schema": ["Invalid input type."]}))));
    assert_eq!(call(&service, patch_raw(roof, "{\"name\":", &w.member)).await, (400, json!({"description": "Not a JSON.", "status": 400})));

    let (status, body) = call(&service, patch(shed, json!({"parent_asset_id": roof, "account_id": w.acme}), &w.member)).await;
    assert_eq!((status, body["parent_asset_id"].clone()), (200, json!(roof)), "a parent in the same account");
    let (status, body) = call(&service, patch(roof, json!({"account_id": w.other}), &w.admin)).await;
    assert_eq!((status, body["owner"].clone()), (200, json!({"id": w.other, "name": "Other"})), "admins move assets");
    let (status, body) = call(&service, patch(mill, json!({"account_id": null}), &w.admin)).await;
    assert_eq!((status, body["account_id"].clone()), (200, Value::Null), "admins make assets public");
}

#[actix_web::test]
async fn who_may_delete_what() {
    let w = world(TestApp::sqlite(&[]));
    let (roof, public, mill) = (w.asset("Roof", Some(w.acme), None), w.asset("Market", None, None), w.asset("Mill", Some(w.other), None));
    let child = w.asset("Panel", Some(w.acme), Some(roof));
    let service = w.app.service().await;
    for token in [&w.member, &w.stranger, &w.reader] {
        assert_eq!(call(&service, delete(roof, token)).await, forbidden());
    }
    assert_eq!(call(&service, delete(public, &w.boss)).await, forbidden(), "public assets: admins only");
    assert_eq!(call(&service, delete(999, &w.boss)).await, not_found(999));
    assert_eq!(call(&service, delete(roof, &w.boss)).await, (204, Value::Null));
    assert_eq!(call(&service, one(child, &w.boss)).await, not_found(child), "children go with their parent");
    assert_eq!(call(&service, delete(public, &w.admin)).await.0, 204);
    assert_eq!(call(&service, delete(mill, &w.admin)).await.0, 204);
    assert_eq!(call(&service, delete(mill, &w.admin)).await, not_found(mill));
}
