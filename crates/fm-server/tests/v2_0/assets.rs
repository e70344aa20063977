//! `/api/v2_0/assets` and `/api/v2_0/asset/<id>`: legacy assets created by admins, read and
//! edited by their owners, deleted by admins, with every error envelope of api-v2_0.md §4.

use actix_web::test::TestRequest;
use fm_api_common::usef::entities::sensor_address;
use fm_storage::assets::{NewAsset, create_asset, get_or_create_asset_type};
use fm_storage::sensors::{NewSensor, create_sensor};
use serde_json::{Value, json};

use crate::support::{TestApp, call, on_both_backends, unauthorized_body};

/// Account "Prosumers" (Prosumer) with `owner` and `colleague`, account "Prosumers 2" (Prosumer)
/// with `neighbour`, account "Suppliers" (Supplier) with `supplier`, an admin in "Host", and a
/// market sensor.
struct World {
    app: TestApp,
    owner_id: i32,
    colleague_id: i32,
    neighbour_id: i32,
    supplier_id: i32,
    market: i32,
    owner: String,
    colleague: String,
    admin: String,
}

fn world(app: TestApp) -> World {
    fm_storage::structure::ensure_initial_structure(&mut app.rt.db.conn().unwrap()).unwrap();
    let prosumers = app.account("Prosumers", &["Prosumer"]);
    let prosumers_2 = app.account("Prosumers 2", &["Prosumer"]);
    let suppliers = app.account("Suppliers", &["Supplier", "MDC"]);
    let host = app.account("Host", &[]);
    let owner_id = app.user("owner@seita.nl", prosumers, &[]);
    let colleague_id = app.user("colleague@seita.nl", prosumers, &[]);
    let neighbour_id = app.user("neighbour@seita.nl", prosumers_2, &[]);
    let supplier_id = app.user("supplier@seita.nl", suppliers, &[]);
    app.user("admin@seita.nl", host, &["admin"]);
    let mut conn = app.rt.db.conn().unwrap();
    let (market_type, _) = get_or_create_asset_type(&mut conn, "day_ahead", None).unwrap();
    let market_asset = create_asset(&mut conn, &NewAsset {
        name: "epex",
        latitude: None,
        longitude: None,
        generic_asset_type_id: market_type.id,
        account_id: None,
        parent_asset_id: None,
        attributes: "{}",
    })
    .unwrap();
    let market = create_sensor(&mut conn, &NewSensor {
        name: "epex_da",
        unit: "EUR/MWh",
        timezone: "Europe/Paris",
        event_resolution_s: 3600,
        knowledge_horizon_fnc: "ex_post",
        knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#,
        generic_asset_id: market_asset.id,
        attributes: "{}",
    })
    .unwrap()
    .id;
    drop(conn);
    let [owner, colleague, admin] = ["owner@seita.nl", "colleague@seita.nl", "admin@seita.nl"].map(|e| app.token_for(e));
    World { app, owner_id, colleague_id, neighbour_id, supplier_id, market, owner, colleague, admin }
}

impl World {
    /// A valid body for a new battery of the owner.
    fn battery(&self, name: &str) -> Value {
        json!({"name": name, "unit": "MW", "capacity_in_mw": 3, "event_resolution": 10, "latitude": 30.1, "longitude": 100.42,
               "asset_type_name": "battery", "owner_id": self.owner_id, "market_id": self.market})
    }
    fn request(&self, request: TestRequest, token: &str) -> TestRequest {
        request.insert_header(("Authorization", token))
    }
    fn post(&self, body: Value, token: &str) -> TestRequest {
        self.request(TestRequest::post().uri("/api/v2_0/assets").set_json(body), token)
    }
    fn get(&self, uri: &str, token: &str) -> TestRequest {
        self.request(TestRequest::get().uri(uri), token)
    }
    fn asset(&self, id: i32, token: &str) -> TestRequest {
        self.get(&format!("/api/v2_0/asset/{id}"), token)
    }
    fn patch(&self, id: i32, body: Value, token: &str) -> TestRequest {
        self.request(TestRequest::patch().uri(&format!("/api/v2_0/asset/{id}")).set_json(body), token)
    }
    fn delete(&self, id: i32, token: &str) -> TestRequest {
        self.request(TestRequest::delete().uri(&format!("/api/v2_0/asset/{id}")), token)
    }
    /// The battery of [`World::battery`] as shown after creation with id `id`.
    fn shown_battery(&self, id: i32, name: &str) -> Value {
        json!({"asset_type_name": "battery", "capacity_in_mw": 3.0, "display_name": name, "entity_address": sensor_address("localhost", id),
               "event_resolution": 10, "id": id, "latitude": 30.1, "longitude": 100.42, "market_id": self.market, "max_soc_in_mwh": null,
               "min_soc_in_mwh": null, "name": name, "owner_id": self.owner_id, "soc_datetime": null, "soc_in_mwh": null,
               "soc_udi_event_id": null, "timezone": "UTC", "unit": "MW"})
    }
}

fn forbidden() -> (u16, Value) {
    (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality."}))
}

fn rejected(fields: Value) -> (u16, Value) {
    (422, json!({"message": {"json": fields}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}))
}

fn with_status(mut body: Value, status: u16) -> Value {
    body["status"] = json!(status);
    body
}

/// Creates a battery through the API as admin and returns its id.
async fn created<S, B>(w: &World, service: &S, name: &str) -> i32
where
    S: actix_web::dev::Service<actix_http::Request, Response = actix_web::dev::ServiceResponse<B>, Error = actix_web::Error>,
    B: actix_web::body::MessageBody,
{
    let (status, body) = call(service, w.post(w.battery(name), &w.admin)).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().unwrap() as i32
}

async fn creating_reading_listing_and_deleting(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let (status, body) = call(&service, w.post(w.battery("Test battery 2"), &w.admin)).await;
    let id = body["id"].as_i64().unwrap() as i32;
    assert_eq!((status, body.clone()), (201, with_status(w.shown_battery(id, "Test battery 2"), 201)));
    assert!(body["entity_address"].as_str().unwrap().starts_with("ea1.") && body["entity_address"].as_str().unwrap().ends_with(&format!(":fm1.{id}")));

    let shown = w.shown_battery(id, "Test battery 2");
    assert_eq!(call(&service, w.asset(id, &w.owner)).await, (200, with_status(shown.clone(), 200)), "the owner reads it");
    assert_eq!(call(&service, w.asset(id, &w.admin)).await, (200, with_status(shown.clone(), 200)), "an admin reads it");
    assert_eq!(call(&service, w.asset(id, &w.colleague)).await, forbidden(), "a colleague of the owner may not");

    let second = created(&w, &service, "Test battery 3").await;
    let newest_first = json!([w.shown_battery(second, "Test battery 3"), shown]);
    assert_eq!(call(&service, w.get("/api/v2_0/assets", &w.owner)).await, (200, newest_first.clone()));
    assert_eq!(call(&service, w.get("/api/v2_0/assets", &w.colleague)).await, (200, json!([])), "only owned assets are listed");
    assert_eq!(call(&service, w.get("/api/v2_0/assets", &w.admin)).await, (200, newest_first.clone()));
    let of_owner = format!("/api/v2_0/assets?owner_id={}", w.owner_id);
    assert_eq!(call(&service, w.get(&of_owner, &w.admin)).await, (200, newest_first.clone()));
    assert_eq!(call(&service, w.get(&of_owner, &w.owner)).await, (200, newest_first));
    assert_eq!(call(&service, w.get("/api/v2_0/assets?owner_id=99999", &w.admin)).await, (200, json!([])));
    assert_eq!(call(&service, w.get(&of_owner, &w.colleague)).await, forbidden());
    assert_eq!(
        call(&service, w.get("/api/v2_0/assets?owner_id=me", &w.owner)).await,
        (422, json!({"message": {"query": {"owner_id": ["Not a valid integer."]}}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}))
    );

    assert_eq!(call(&service, w.delete(id, &w.owner)).await, forbidden(), "owners may not delete");
    let (status, _) = call(&service, w.delete(id, &w.admin)).await;
    assert_eq!(status, 204);
    assert_eq!(call(&service, w.asset(id, &w.admin)).await, (404, json!({"message": format!("Asset {id} not found"), "status": 404})));
    assert_eq!(call(&service, w.delete(id, &w.admin)).await.0, 404);
    let (_, listed) = call(&service, w.get("/api/v2_0/assets", &w.admin)).await;
    assert_eq!(listed.as_array().map(|a| a.iter().map(|x| x["id"].clone()).collect::<Vec<_>>()), Some(vec![json!(second)]));
    let sensor = fm_storage::sensors::find_sensor(&mut w.app.rt.db.conn().unwrap(), id);
    assert!(sensor.is_ok(), "the sensor of a deleted asset stays");
}
on_both_backends!(creating_reading_listing_and_deleting);

#[actix_web::test]
async fn every_endpoint_needs_a_token_and_creation_needs_an_admin() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    for request in [
        TestRequest::get().uri("/api/v2_0/assets"),
        TestRequest::post().uri("/api/v2_0/assets").set_json(json!({})),
        TestRequest::get().uri("/api/v2_0/asset/abc"),
        TestRequest::patch().uri("/api/v2_0/asset/1").set_json(json!({})),
        TestRequest::delete().uri("/api/v2_0/asset/1"),
        TestRequest::get().uri("/api/v2_0/assets").insert_header(("Authorization", "garbage")),
    ] {
        assert_eq!(call(&service, request).await, (401, unauthorized_body()));
    }
    let admin_only = json!({"result": "Rejected", "status": "INVALID_SENDER",
                            "message": "You cannot be authorized for this content or functionality. It requires admin permission(s)."});
    assert_eq!(call(&service, w.post(json!({}), &w.owner)).await, (403, admin_only.clone()), "refused before the body is read");
    assert_eq!(call(&service, w.post(w.battery("mine"), &w.owner)).await, (403, admin_only));
}

#[actix_web::test]
async fn ids_must_be_integers_and_known() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let missing = json!({"message": "Missing fields: Some of the required information is missing from the request. ['id'] Cannot parse ID arg as int. - ",
                         "results": "Rejected", "status": "REQUIRED_INFO_MISSING"});
    for request in [
        w.get("/api/v2_0/asset/abc", &w.admin),
        w.request(TestRequest::patch().uri("/api/v2_0/asset/abc").set_json(json!({})), &w.admin),
        w.request(TestRequest::delete().uri("/api/v2_0/asset/abc"), &w.admin),
    ] {
        assert_eq!(call(&service, request).await, (400, missing.clone()));
    }
    let not_found = (404, json!({"message": "Asset 99999 not found", "status": 404}));
    assert_eq!(call(&service, w.asset(99999, &w.owner)).await, not_found);
    assert_eq!(call(&service, w.patch(99999, json!({}), &w.owner)).await, not_found);
    assert_eq!(call(&service, w.delete(99999, &w.owner)).await, not_found);
    assert_eq!(call(&service, w.asset(w.market, &w.admin)).await.0, 404, "a sensor that is no legacy asset");
    assert_eq!(call(&service, w.get("/api/v2_0/assets/", &w.admin)).await.0, 404, "no trailing slash");
}

#[actix_web::test]
async fn creation_reports_every_field_error() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let body = json!({"name": "x", "asset_type_name": "battery", "event_resolution": 15, "owner_id": w.owner_id, "market_id": w.market,
                      "latitude": 70.4, "longitude": 300.9, "capacity_in_mw": -100, "min_soc_in_mwh": 10, "max_soc_in_mwh": 5});
    assert_eq!(
        call(&service, w.post(body, &w.admin)).await,
        rejected(json!({
            "capacity_in_mw": ["Must be greater than or equal to 0.0001."],
            "longitude": ["Must be greater than or equal to -180 and less than or equal to 180."],
            "max_soc_in_mwh": "This value must be equal or higher than the minimum soc.",
            "unit": ["Missing data for required field."],
        }))
    );

    let mut body = w.battery("Test battery");
    body.as_object_mut().unwrap().extend([
        ("asset_type".to_owned(), json!("battery")),
        ("entity_address".to_owned(), json!("ea1.2018-06.localhost:fm1.1")),
        ("display_name".to_owned(), json!("abc")),
        ("event_resolution".to_owned(), json!("PT15M")),
        ("latitude".to_owned(), json!(-91)),
        ("min_soc_in_mwh".to_owned(), json!(-1)),
    ]);
    assert_eq!(
        call(&service, w.post(body, &w.admin)).await,
        rejected(json!({
            "asset_type": ["Unknown field."],
            "entity_address": ["Unknown field."],
            "display_name": ["Shorter than minimum length 4."],
            "event_resolution": ["Not a valid period of time."],
            "latitude": ["Must be greater than or equal to -90 and less than or equal to 90."],
            "min_soc_in_mwh": ["Must be greater than or equal to 0."],
        }))
    );

    assert_eq!(call(&service, w.post(json!([w.battery("a"), w.battery("b")]), &w.admin)).await, rejected(json!({"_schema": ["Invalid input type."]})));
    let all_missing: serde_json::Map<String, Value> =
        ["asset_type_name", "capacity_in_mw", "event_resolution", "latitude", "longitude", "market_id", "name", "owner_id", "unit"]
            .iter()
            .map(|k| (k.to_string(), json!(["Missing data for required field."])))
            .collect();
    let plain_text = TestRequest::post().uri("/api/v2_0/assets").insert_header(("Content-Type", "text/plain")).set_payload(w.battery("x").to_string());
    assert_eq!(call(&service, w.request(plain_text, &w.admin)).await, rejected(Value::Object(all_missing)), "a body that is not JSON is not read");
    let broken = TestRequest::post().uri("/api/v2_0/assets").insert_header(("Content-Type", "application/json")).set_payload("{\"name\": ");
    assert_eq!(
        call(&service, w.request(broken, &w.admin)).await,
        (400, json!({"message": "The browser (or proxy) sent a request that this server could not understand.", "status": 400}))
    );
}

#[actix_web::test]
async fn creation_checks_references_and_units() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    created(&w, &service, "Test battery").await;
    let with = |changes: Value| {
        let mut body = w.battery("Another battery");
        body.as_object_mut().unwrap().extend(changes.as_object().unwrap().clone());
        w.post(body, &w.admin)
    };
    let cases = [
        (json!({"name": "Test battery"}), json!({"name": ["An asset with the name Test battery already exists."]})),
        (json!({"name": "Test battery (MW)"}), json!({"name": ["An asset with the name Test battery (MW) already exists."]})),
        (json!({"asset_type_name": "spaceship"}), json!({"asset_type_name": ["Asset type spaceship doesn't exist."]})),
        (json!({"owner_id": 99999}), json!({"owner_id": ["Owner with id 99999 doesn't exist."]})),
        (
            json!({"owner_id": w.supplier_id}),
            json!({"owner_id": [format!("Asset owner's account must have role 'Prosumer'. User {}'s account has roles: MDC.Supplier.", w.supplier_id)]}),
        ),
        (json!({"market_id": 99999}), json!({"market_id": ["Market with id 99999 doesn't exist."]})),
        (json!({"unit": "kW"}), json!({"unit": ["FlexMeasures only supports MW as unit for now."]})),
        (json!({"unit": "bogus"}), json!({"unit": ["Unit 'bogus' cannot be handled."]})),
        (json!({"timezone": "Mars/Base"}), json!({"timezone": ["Timezone Mars/Base doesn't exist."]})),
        (json!({"capacity_in_mw": null}), json!({"capacity_in_mw": ["Field may not be null."]})),
    ];
    for (changes, errors) in cases {
        assert_eq!(call(&service, with(changes.clone())).await, rejected(errors), "{changes}");
    }
}

#[actix_web::test]
async fn creation_normalises_names_and_stores_soc_fields() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let mut body = w.battery("MW suffix battery (MW)");
    body.as_object_mut().unwrap().extend([
        ("soc_datetime".to_owned(), json!("2021-01-01T10:00:00+01:00")),
        ("soc_in_mwh".to_owned(), json!(2.5)),
        ("min_soc_in_mwh".to_owned(), json!(0)),
        ("max_soc_in_mwh".to_owned(), json!(5)),
        ("soc_udi_event_id".to_owned(), json!(203)),
        ("timezone".to_owned(), json!("Europe/Amsterdam")),
    ]);
    let (status, shown) = call(&service, w.post(body, &w.admin)).await;
    assert_eq!(status, 201, "{shown}");
    let picked: Vec<Value> = ["name", "display_name", "soc_datetime", "soc_in_mwh", "min_soc_in_mwh", "max_soc_in_mwh", "soc_udi_event_id", "timezone"]
        .iter()
        .map(|k| shown[*k].clone())
        .collect();
    assert_eq!(picked, [json!("MW suffix battery"), json!("Mw suffix battery"), json!("2021-01-01T09:00:00+00:00"), json!(2.5), json!(0.0), json!(5.0), json!(203), json!("Europe/Amsterdam")]);
    let sensor = fm_storage::sensors::find_sensor(&mut w.app.rt.db.conn().unwrap(), shown["id"].as_i64().unwrap() as i32).unwrap();
    let attributes: Value = serde_json::from_str(&sensor.attributes).unwrap();
    assert_eq!((attributes["is_consumer"].clone(), attributes["is_producer"].clone(), sensor.event_resolution_s), (json!(true), json!(true), 600));
}

#[actix_web::test]
async fn duplicates_are_refused_with_400() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let first = created(&w, &service, "Test battery").await;
    let mut body = w.battery("Other battery");
    body["display_name"] = json!("Test battery");
    let (status, refused) = call(&service, w.post(body, &w.admin)).await;
    assert_eq!((status, refused["message"].clone(), refused["status"].clone()), (400, json!("Duplicate asset already exists"), json!(400)), "{refused}");
    assert!(refused["detail"].is_string());

    let mut body = w.battery("Chosen id battery");
    body["id"] = json!(first);
    let (status, refused) = call(&service, w.post(body, &w.admin)).await;
    assert_eq!((status, refused["message"].clone()), (400, json!("Duplicate asset already exists")));
    assert_eq!(call(&service, w.get("/api/v2_0/assets", &w.admin)).await.1.as_array().map(Vec::len), Some(1), "nothing was created");
}

async fn editing(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let id = created(&w, &service, "Test battery").await;
    let other = created(&w, &service, "Other battery").await;
    assert_eq!(call(&service, w.patch(id, json!({}), &w.owner)).await, (200, with_status(w.shown_battery(id, "Test battery"), 200)), "an empty body changes nothing");

    let body = json!({"name": "Test battery", "display_name": "Renamed battery", "unit": "kW", "event_resolution": 15, "capacity_in_mw": 4,
                      "latitude": 10, "longitude": 100, "asset_type_name": "solar", "soc_in_mwh": 1.5, "soc_datetime": "2015-01-01T00:00:00Z",
                      "timezone": "Europe/Amsterdam", "id": 12345});
    let mut expected = w.shown_battery(id, "Test battery");
    expected.as_object_mut().unwrap().extend([
        ("display_name".to_owned(), json!("Renamed battery")),
        ("unit".to_owned(), json!("kW")),
        ("event_resolution".to_owned(), json!(15)),
        ("capacity_in_mw".to_owned(), json!(4.0)),
        ("latitude".to_owned(), json!(10.0)),
        ("longitude".to_owned(), json!(100.0)),
        ("asset_type_name".to_owned(), json!("solar")),
        ("soc_in_mwh".to_owned(), json!(1.5)),
        ("soc_datetime".to_owned(), json!("2015-01-01T00:00:00+00:00")),
        ("timezone".to_owned(), json!("Europe/Amsterdam")),
        ("status".to_owned(), json!(200)),
    ]);
    assert_eq!(call(&service, w.patch(id, body, &w.owner)).await, (200, expected.clone()), "own name kept, any valid unit, id ignored");
    assert_eq!(call(&service, w.asset(id, &w.owner)).await, (200, expected), "stored");

    assert_eq!(call(&service, w.patch(id, json!({"soc_in_mwh": null}), &w.admin)).await.1["soc_in_mwh"], json!(null), "cleared by an admin");
    assert_eq!(call(&service, w.patch(id, json!({"name": "Other battery"}), &w.owner)).await, rejected(json!({"name": ["An asset with the name Other battery already exists."]})));
    assert_eq!(call(&service, w.patch(id, json!({"min_soc_in_mwh": 3, "max_soc_in_mwh": 1}), &w.owner)).await, rejected(json!({"max_soc_in_mwh": "This value must be equal or higher than the minimum soc."})));
    assert_eq!(call(&service, w.patch(id, json!({"unit": "bogus", "entity_address": "x"}), &w.owner)).await, rejected(json!({"unit": ["Unit 'bogus' cannot be handled."], "entity_address": ["Unknown field."]})));
    assert_eq!(call(&service, w.patch(id, json!({"name": 5}), &w.colleague)).await, forbidden(), "non-owners are refused whatever the body");
    let (status, refused) = call(&service, w.patch(other, json!({"display_name": "Renamed battery"}), &w.admin)).await;
    assert_eq!((status, refused["message"].clone()), (400, json!("Duplicate asset already exists")));

    assert_eq!(
        call(&service, w.patch(id, json!({"owner_id": w.neighbour_id}), &w.owner)).await,
        (400, json!({"message": format!("New owner {} not allowed, belongs to different account than current owner.", w.neighbour_id), "status": 400}))
    );
    assert_eq!(call(&service, w.patch(id, json!({"owner_id": w.colleague_id}), &w.owner)).await.1["owner_id"], json!(w.colleague_id));
    assert_eq!(call(&service, w.asset(id, &w.owner)).await, forbidden(), "the previous owner lost access");
    assert_eq!(call(&service, w.asset(id, &w.colleague)).await.0, 200, "the new owner has it");
}
on_both_backends!(editing);
