//! `/api/v3_0/sensors/<id>/data` and the entity-address forms `/sensors/data`: posting beliefs
//! (outcomes, replacements, units, resampling, belief timing, validation, permissions, size
//! limit) and reading them back (which belief wins, grid, units, source filters).

use actix_web::test::TestRequest;
use fm_storage::assets::{NewAsset, create_asset, find_asset_type_by_name};
use fm_storage::beliefs::{BeliefQuery, search_beliefs};
use fm_storage::sensors::{NewSensor, create_sensor};
use serde_json::{Value, json};

use crate::support::{TestApp, call, on_both_backends, unauthorized_body};

/// Acme (a member and a colleague), Other (an account-admin), Host (an admin, an admin-reader); sensors on Acme's
/// Roof (`power` MW/15 min, `ten` MW/10 min, `price` EUR/MWh/1 h day-ahead), on Other's Mill and
/// on the public Market (both MW/15 min).
struct World {
    app: TestApp,
    acme: i32,
    other: i32,
    power: i32,
    ten: i32,
    price: i32,
    mill: i32,
    public: i32,
    member: String,
    colleague: String,
    stranger: String,
    admin: String,
    reader: String,
}

fn world(app: TestApp) -> World {
    let cast = app.cast();
    let solar = find_asset_type_by_name(&mut app.rt.db.conn().unwrap(), "solar").unwrap().unwrap().id;
    app.user("colleague@acme.com", cast.acme, &[]);
    let colleague = app.token_for("colleague@acme.com");
    let crate::support::Cast { acme, other, member, stranger, admin, reader } = cast;
    let mut conn = app.rt.db.conn().unwrap();
    let mut asset = |name: &str, account_id: Option<i32>| {
        let new = NewAsset { name, latitude: None, longitude: None, generic_asset_type_id: solar, account_id, parent_asset_id: None, attributes: "{}" };
        create_asset(&mut conn, &new).unwrap().id
    };
    let (roof, mill, market) = (asset("Roof", Some(acme)), asset("Mill", Some(other)), asset("Market", None));
    let mut sensor = |name: &str, unit: &str, event_resolution_s: i64, generic_asset_id: i32| {
        let (knowledge_horizon_fnc, knowledge_horizon_par) = match unit {
            "EUR/MWh" => ("x_days_ago_at_y_oclock", r#"{"x": 1, "y": 12, "z": "Europe/Paris"}"#),
            _ => ("ex_post", r#"{"ex_post_horizon": "P0D"}"#),
        };
        let new = NewSensor { name, unit, timezone: "Europe/Amsterdam", event_resolution_s, knowledge_horizon_fnc, knowledge_horizon_par, generic_asset_id, attributes: "{}" };
        create_sensor(&mut conn, &new).unwrap().id
    };
    let (power, ten, price) = (sensor("power", "MW", 900, roof), sensor("ten", "MW", 600, roof), sensor("price", "EUR/MWh", 3600, roof));
    let (mill, public) = (sensor("power", "MW", 900, mill), sensor("power", "MW", 900, market));
    drop(conn);
    World { app, acme, other, power, ten, price, mill, public, member, colleague, stranger, admin, reader }
}

impl World {
    /// Stored beliefs of a sensor: (day and UTC time of the event start, horizon in ms, value).
    fn stored(&self, sensor: i32) -> Vec<(String, i64, f64)> {
        let rows = search_beliefs(&mut self.app.rt.db.conn().unwrap(), sensor, &BeliefQuery::default()).unwrap();
        rows.iter().map(|r| (r.event_start.0.format("%d %H:%M").to_string(), r.belief_horizon_ms, r.event_value)).collect()
    }
    fn values_stored(&self, sensor: i32) -> Vec<f64> {
        self.stored(sensor).into_iter().map(|(_, _, v)| v).collect()
    }
    fn source_of(&self, email: &str) -> i32 {
        let mut conn = self.app.rt.db.conn().unwrap();
        let user = fm_storage::users::find_user_by_email(&mut conn, email).unwrap().unwrap();
        fm_storage::data_sources::source_of_user(&mut conn, user.id).unwrap().unwrap().id
    }
}

const T0: &str = "2024-01-01T00:00:00Z";
const PRIOR: &str = "2024-01-02T00:00:00Z";

/// A message in MW, with `extra` fields merged in.
fn msg(values: Value, start: &str, duration: &str, extra: Value) -> Value {
    let mut body = json!({"values": values, "start": start, "duration": duration, "unit": "MW"});
    body.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    body
}
fn post(sensor: i32, body: Value, token: &str) -> TestRequest {
    TestRequest::post().uri(&format!("/api/v3_0/sensors/{sensor}/data")).insert_header(("Authorization", token)).set_json(body)
}
fn get(sensor: i32, params: &[(&str, &str)], token: &str) -> TestRequest {
    let query = serde_urlencoded::to_string(params).unwrap();
    TestRequest::get().uri(&format!("/api/v3_0/sensors/{sensor}/data?{query}")).insert_header(("Authorization", token))
}
fn values((status, body): (u16, Value)) -> (u16, Value) {
    (status, if status == 200 { body["values"].clone() } else { body })
}
fn processed() -> (u16, Value) {
    (200, json!({"status": "PROCESSED", "message": "Request has been processed."}))
}
fn already() -> (u16, Value) {
    let message = "Some of the data has already been received and successfully processed.";
    (200, json!({"results": "PROCESSED", "status": "ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED", "message": message}))
}
fn replacement() -> (u16, Value) {
    let message = "Some of the data represents a replacement, which is reserved for servers configured with FLEXMEASURES_ALLOW_DATA_OVERWRITE. \
                   Use a different prior, or check for a duplicate upload with different values.";
    (403, json!({"results": "Rejected", "status": "INVALID_REPLACEMENT", "message": message}))
}
fn invalid(fields: Value) -> (u16, Value) {
    (422, json!({"message": {"combined_sensor_data_description": fields}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}))
}
fn forbidden() -> (u16, Value) {
    (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality."}))
}

async fn posting_stores_new_beliefs_once_and_refuses_replacements(app: TestApp) {
    let w = world(app);
    let service = w.app.service().await;
    let first = msg(json!([1, 2, 3, 4]), T0, "PT1H", json!({"prior": PRIOR}));
    assert_eq!(call(&service, post(w.power, first.clone(), &w.member)).await, processed());
    assert_eq!(call(&service, post(w.power, first, &w.member)).await, already(), "an exact repeat");
    let longer = msg(json!([1, 2, 3, 4, 5]), T0, "PT1H15M", json!({"prior": PRIOR}));
    assert_eq!(call(&service, post(w.power, longer, &w.member)).await, already(), "partly new: the new value is stored");
    let changed = msg(json!([1, 2, 9, 4, 5, 6]), T0, "PT1H30M", json!({"prior": PRIOR}));
    assert_eq!(call(&service, post(w.power, changed, &w.member)).await, replacement());
    assert_eq!(w.values_stored(w.power), [1.0, 2.0, 3.0, 4.0, 5.0], "nothing of the refused request is stored, not even its new value");
    let first_belief = ("01 00:00".to_owned(), -(23 * 3600 + 45 * 60) * 1000, 1.0);
    assert_eq!(w.stored(w.power)[0], first_belief, "ex post: the horizon runs from the event's end to the prior");

    let read = [("start", T0), ("duration", "PT1H30M"), ("unit", "MW")];
    assert_eq!(values(call(&service, get(w.power, &read, &w.member)).await), (200, json!([1.0, 2.0, 3.0, 4.0, 5.0, null])));
    let later = msg(json!([9]), "2024-01-01T00:30:00Z", "PT15M", json!({"prior": "2024-01-03T00:00:00Z"}));
    assert_eq!(call(&service, post(w.power, later, &w.member)).await, processed(), "another value with a later prior is a new belief");
    assert_eq!(values(call(&service, get(w.power, &read, &w.member)).await), (200, json!([1.0, 2.0, 9.0, 4.0, 5.0, null])), "the most recent belief wins");
}
on_both_backends!(posting_stores_new_beliefs_once_and_refuses_replacements);

#[actix_web::test]
async fn replacements_overwrite_when_the_server_allows_them() {
    let w = world(TestApp::sqlite(&[("FLEXMEASURES_ALLOW_DATA_OVERWRITE", "true")]));
    let service = w.app.service().await;
    assert_eq!(call(&service, post(w.power, msg(json!([1, 2]), T0, "PT30M", json!({"prior": PRIOR})), &w.member)).await, processed());
    assert_eq!(call(&service, post(w.power, msg(json!([3, 5]), T0, "PT30M", json!({"prior": PRIOR})), &w.member)).await, processed());
    assert_eq!(w.values_stored(w.power), [3.0, 5.0], "overwritten in place");
    assert_eq!(call(&service, post(w.power, msg(json!([3, 6]), T0, "PT30M", json!({"prior": PRIOR})), &w.member)).await, already(), "one unchanged, one overwritten");
    assert_eq!(w.values_stored(w.power), [3.0, 6.0]);
}

#[actix_web::test]
async fn units_are_converted_on_write_and_on_read() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let mut kw = msg(json!([1000, 2500]), T0, "PT30M", json!({}));
    kw["unit"] = json!("kW");
    assert_eq!(call(&service, post(w.power, kw, &w.member)).await, processed());
    let mut mwh = msg(json!([1]), "2024-01-01T00:30:00Z", "PT15M", json!({}));
    mwh["unit"] = json!("MWh");
    assert_eq!(call(&service, post(w.power, mwh, &w.member)).await, processed(), "stock into flow");
    assert_eq!(w.values_stored(w.power), [1.0, 2.5, 4.0], "1 MWh in 15 minutes is 4 MW");
    let read = |unit| [("start", T0), ("duration", "PT45M"), ("unit", unit)];
    assert_eq!(values(call(&service, get(w.power, &read("MW"), &w.member)).await), (200, json!([1.0, 2.5, 4.0])));
    assert_eq!(values(call(&service, get(w.power, &read("kW"), &w.member)).await), (200, json!([1000.0, 2500.0, 4000.0])));

    let price = json!({"values": [0.25], "start": "2024-01-02T00:00:00+01:00", "duration": "PT1H", "unit": "EUR/kWh"});
    assert_eq!(call(&service, post(w.price, price, &w.member)).await, processed());
    assert!((w.values_stored(w.price)[0] - 250.0).abs() < 1e-9, "{:?}", w.values_stored(w.price));
    let read = |unit| [("start", "2024-01-02T00:00:00+01:00"), ("duration", "PT1H"), ("unit", unit)];
    let (status, body) = call(&service, get(w.price, &read("EUR/kWh"), &w.member)).await;
    assert!(status == 200 && (body["values"][0].as_f64().unwrap() - 0.25).abs() < 1e-12, "{body}");
    let incompatible = invalid(json!({"unit": ["Required unit for this sensor is EUR/MWh, got incompatible unit: MW"]}));
    assert_eq!(call(&service, get(w.price, &read("MW"), &w.member)).await, incompatible);
}

#[actix_web::test]
async fn posted_values_are_resampled_to_the_sensor_and_starts_floored() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    assert_eq!(call(&service, post(w.power, msg(json!([1, 2]), T0, "PT1H", json!({})), &w.member)).await, processed());
    let read = [("start", T0), ("duration", "PT1H"), ("unit", "MW")];
    assert_eq!(values(call(&service, get(w.power, &read, &w.member)).await), (200, json!([1.0, 1.0, 2.0, 2.0])), "30-minute values repeated per quarter");

    assert_eq!(call(&service, post(w.ten, msg(json!([100, 200, 300, 400]), T0, "PT20M", json!({})), &w.member)).await, processed());
    let averaged: Vec<_> = w.stored(w.ten).into_iter().map(|(at, _, v)| (at, v)).collect();
    assert_eq!(averaged, [("01 00:00".to_owned(), 150.0), ("01 00:10".to_owned(), 350.0)], "5-minute values averaged per 10 minutes");

    let late = msg(json!([5, 6]), "2024-01-01T10:07:00+01:00", "PT30M", json!({}));
    assert_eq!(call(&service, post(w.power, late, &w.member)).await, processed());
    let starts: Vec<_> = w.stored(w.power).into_iter().skip(4).map(|(at, _, v)| (at, v)).collect();
    assert_eq!(starts, [("01 09:00".to_owned(), 5.0), ("01 09:15".to_owned(), 6.0)], "10:07+01:00 floored to 10:00+01:00");
}

#[actix_web::test]
async fn null_values_are_not_stored() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    assert_eq!(call(&service, post(w.power, msg(json!([1, null, 3]), T0, "PT45M", json!({})), &w.member)).await, processed());
    assert_eq!(w.values_stored(w.power), [1.0, 3.0]);
    let read = [("start", T0), ("duration", "PT45M"), ("unit", "MW")];
    assert_eq!(values(call(&service, get(w.power, &read, &w.member)).await), (200, json!([1.0, null, 3.0])));
    assert_eq!(call(&service, post(w.power, msg(json!([null]), T0, "PT15M", json!({})), &w.member)).await, already(), "nothing new");
}

#[actix_web::test]
async fn horizon_and_prior_set_when_beliefs_were_formed() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let posted = |values: Value, start: &str, extra: Value| post(w.power, msg(values, start, "PT15M", extra), &w.member);
    let two = msg(json!([1, 2]), T0, "PT30M", json!({"prior": "2024-01-01T00:45:00+00:00"}));
    assert_eq!(call(&service, post(w.power, two, &w.member)).await, processed());
    assert_eq!(call(&service, posted(json!(3), "2024-01-01T01:00:00Z", json!({"horizon": "-PT10M"}))).await, processed(), "a single number");
    assert_eq!(call(&service, posted(json!([4]), "2024-01-01T02:00:00Z", json!({"horizon": "PT1H", "prior": "2024-01-01T02:15:00Z"}))).await, processed());
    assert_eq!(call(&service, posted(json!([5]), "2024-01-01T03:00:00Z", json!({}))).await, processed());
    let horizons: Vec<i64> = w.stored(w.power).into_iter().map(|(_, h, _)| h).collect();
    assert_eq!(horizons[..4], [-1_800_000, -900_000, -600_000, 0], "per event from the prior; the horizon as given; prior wins over horizon");
    assert!(horizons[4] < -30 * 86_400_000, "without prior or horizon, the belief is formed on receipt: {}", horizons[4]);

    let prices = json!({"values": [10, 11], "start": "2024-01-02T00:00:00+01:00", "duration": "PT2H", "unit": "EUR/MWh", "prior": "2024-01-01T10:00:00+01:00"});
    assert_eq!(call(&service, post(w.price, prices, &w.member)).await, processed());
    let horizons: Vec<i64> = w.stored(w.price).into_iter().map(|(_, h, _)| h).collect();
    assert_eq!(horizons, [7_200_000, 7_200_000], "day-ahead prices are known the day before at noon in Paris");
}

#[actix_web::test]
async fn reading_picks_the_most_recent_belief_within_prior_horizon_and_type() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let price = |values: Value, prior: &str| json!({"values": values, "start": "2024-01-02T00:00:00+01:00", "duration": "PT2H", "unit": "EUR/MWh", "prior": prior});
    assert_eq!(call(&service, post(w.price, price(json!([10, 11]), "2024-01-01T10:00:00+01:00"), &w.member)).await, processed());
    assert_eq!(call(&service, post(w.price, price(json!([20, 21]), "2024-01-01T11:30:00+01:00"), &w.member)).await, processed());
    let day = [("start", "2024-01-02T00:00:00+01:00"), ("duration", "PT2H"), ("unit", "EUR/MWh")];
    let read = |extra: &[(&'static str, &'static str)]| get(w.price, &[&day[..], extra].concat(), &w.member);
    assert_eq!(values(call(&service, read(&[])).await), (200, json!([20.0, 21.0])), "the most recent belief");
    assert_eq!(values(call(&service, read(&[("prior", "2024-01-01T11:00:00+01:00")])).await), (200, json!([10.0, 11.0])), "an older belief");
    assert_eq!(values(call(&service, read(&[("prior", "2024-01-01T09:00:00+01:00")])).await), (200, json!([null, null])), "nothing known yet");
    assert_eq!(values(call(&service, read(&[("horizon", "PT1H")])).await), (200, json!([10.0, 11.0])), "beliefs formed at least an hour ahead");
    assert_eq!(values(call(&service, read(&[("horizon", "PT3H")])).await), (200, json!([null, null])));
    let wrong = invalid(json!({"unit": ["The unit requested for this message type should be convertible from MW, got incompatible unit: EUR/MWh"]}));
    assert_eq!(call(&service, read(&[("type", "GetMeterDataRequest")])).await.1["message"], wrong.1["message"]);

    let at_t0 = |value: i32, horizon: &str| post(w.power, msg(json!([value]), T0, "PT15M", json!({"horizon": horizon})), &w.member);
    assert_eq!(call(&service, at_t0(5, "PT1H")).await, processed());
    assert_eq!(call(&service, at_t0(6, "-PT5M")).await, processed());
    let typed = |t: &'static str| get(w.power, &[("start", T0), ("duration", "PT15M"), ("unit", "MW"), ("type", t)], &w.member);
    assert_eq!(values(call(&service, typed("GetSensorDataRequest")).await), (200, json!([6.0])));
    assert_eq!(values(call(&service, typed("GetPrognosisRequest")).await), (200, json!([5.0])), "forecasts only");
    assert_eq!(values(call(&service, typed("GetMeterDataRequest")).await), (200, json!([6.0])), "measurements only");
    let types = "Must be one of: GetSensorDataRequest, GetMeterDataRequest, GetPrognosisRequest, GetPriceDataRequest.";
    assert_eq!(call(&service, typed("PostSensorDataRequest")).await, invalid(json!({"type": [types]})));
}

#[actix_web::test]
async fn reading_puts_values_on_the_requested_grid() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let start = "2021-05-02T00:00:00+02:00";
    let body = msg(json!([91.25, 91.75, 92.25]), start, "PT30M", json!({}));
    assert_eq!(call(&service, post(w.ten, body, &w.member)).await, processed());
    let grid = |unit, resolution| [("start", start), ("duration", "PT1H20M"), ("unit", unit), ("resolution", resolution)];
    let expected = json!({
        "values": [91.5, 92.25, null, null], "start": start, "duration": "PT1H20M", "unit": "MW", "resolution": "PT20M",
        "status": "PROCESSED", "message": "Request has been processed.",
    });
    assert_eq!(call(&service, get(w.ten, &grid("MW", "PT20M"), &w.member)).await, (200, expected.clone()), "means of what is known per 20 minutes");
    let raw_plus = TestRequest::get()
        .uri(&format!("/api/v3_0/sensors/{}/data?start={start}&duration=PT1H20M&unit=MW&resolution=PT20M", w.ten))
        .insert_header(("Authorization", w.member.as_str()));
    assert_eq!(call(&service, raw_plus).await, (200, expected), "an unescaped + (read as a space) still works");
    assert_eq!(values(call(&service, get(w.ten, &grid("kW", "PT20M"), &w.member)).await), (200, json!([91500.0, 92250.0, null, null])));
    let (status, body) = call(&service, get(w.ten, &[("start", start), ("duration", "PT1H20M"), ("unit", "MW")], &w.member)).await;
    assert_eq!((status, body["resolution"].clone(), body["values"].as_array().map(Vec::len)), (200, json!("PT10M"), Some(8)), "the sensor's resolution by default");
    for (resolution, message) in [("PT0M", "The resolution must be a positive, exact duration."), ("P1M", "The resolution must be a positive, exact duration."), ("PT30S", "FlexMeasures only support multiples of 1 minute.")] {
        assert_eq!(call(&service, get(w.ten, &grid("MW", resolution), &w.member)).await, invalid(json!({"resolution": [message]})), "{resolution}");
    }

    let price = json!({"values": [10, 20], "start": "2024-01-02T00:00:00+01:00", "duration": "PT2H", "unit": "EUR/MWh"});
    assert_eq!(call(&service, post(w.price, price, &w.member)).await, processed());
    let days = [("start", "2024-01-02T00:00:00+01:00"), ("duration", "P2D"), ("unit", "EUR/MWh"), ("resolution", "P1D")];
    let (status, body) = call(&service, get(w.price, &days, &w.member)).await;
    assert_eq!((status, body["values"].clone(), body["duration"].clone(), body["resolution"].clone()), (200, json!([15.0, null]), json!("PT48H"), json!("PT24H")), "hours, not days");
}

#[actix_web::test]
async fn reading_filters_by_source() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    assert_eq!(call(&service, post(w.power, msg(json!([1, 2]), T0, "PT30M", json!({"prior": PRIOR})), &w.member)).await, processed());
    assert_eq!(call(&service, post(w.power, msg(json!([3, 4]), T0, "PT30M", json!({"prior": "2024-01-03T00:00:00Z"})), &w.colleague)).await, processed());
    let (member, colleague) = (w.source_of("member@acme.com").to_string(), w.source_of("colleague@acme.com").to_string());
    let (acme, other) = (w.acme.to_string(), w.other.to_string());
    let read = |extra: &[(&str, &str)]| get(w.power, &[&[("start", T0), ("duration", "PT30M"), ("unit", "MW")][..], extra].concat(), &w.member);
    assert_eq!(values(call(&service, read(&[])).await), (200, json!([3.0, 4.0])), "the most recently recorded across users");
    assert_eq!(values(call(&service, read(&[("source", &member)])).await), (200, json!([1.0, 2.0])));
    assert_eq!(values(call(&service, read(&[("source", &colleague)])).await), (200, json!([3.0, 4.0])));
    assert_eq!(values(call(&service, read(&[("source-type", "user")])).await), (200, json!([3.0, 4.0])));
    assert_eq!(values(call(&service, read(&[("source_account", &acme)])).await), (200, json!([3.0, 4.0])), "underscores read as hyphens");
    assert_eq!(values(call(&service, read(&[("source-account", &other)])).await), (200, json!([null, null])));
    assert_eq!(call(&service, read(&[("source-account", "999")])).await, (404, json!({"message": "Account 999 not found.", "status": 404})));
    assert_eq!(call(&service, read(&[("source", "999")])).await, invalid(json!({"source": ["No data source found with id 999."]})));
    assert_eq!(call(&service, read(&[("source", "me")])).await, invalid(json!({"source": ["Not a valid integer."]})));
    let no_data = invalid(json!({"source-type": ["No data found for source type 'forecaster' on this sensor."]}));
    assert_eq!(call(&service, read(&[("source_type", "forecaster")])).await, no_data);
    assert_eq!(call(&service, read(&[("source-type", "")])).await, invalid(json!({"source-type": ["Shorter than minimum length 1."]})));
    let elsewhere = get(w.power, &[("start", "2024-02-01T00:00:00Z"), ("duration", "PT30M"), ("unit", "MW"), ("source-type", "user")], &w.member);
    assert_eq!(values(call(&service, elsewhere).await), (200, json!([null, null])), "the type has data on this sensor, if not in this window");
    assert_eq!(call(&service, read(&[("bogus", "1"), ("the_thing", "2")])).await, invalid(json!({"bogus": ["Unknown field."], "the-thing": ["Unknown field."]})));

    let in_body = TestRequest::get().uri(&format!("/api/v3_0/sensors/{}/data?unit=kW&source={colleague}", w.power)).insert_header(("Authorization", w.member.as_str()));
    let in_body = in_body.set_json(json!({"start": T0, "duration": "PT30M", "unit": "MW", "source": member.parse::<i32>().unwrap()}));
    assert_eq!(values(call(&service, in_body).await), (200, json!([1.0, 2.0])), "a JSON body wins over the query string");
}

#[actix_web::test]
async fn posting_is_validated_field_by_field() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let ok = |extra: Value| msg(json!([1, 2]), T0, "PT30M", extra);
    let types = "Must be one of: PostSensorDataRequest, PostMeterDataRequest, PostPrognosisRequest, PostPriceDataRequest, PostWeatherDataRequest.";
    let cases = [
        (w.power, json!({}), json!({"values": ["Missing data for required field."], "start": ["Missing data for required field."], "duration": ["Missing data for required field."], "unit": ["Missing data for required field."]})),
        (w.power, ok(json!({"bogus": 1, "id": 5})), json!({"bogus": ["Unknown field."]})),
        (w.power, ok(json!({"start": "2024-01-01T00:00:00", "prior": "yesterday"})), json!({"start": ["Not a valid aware datetime."], "prior": ["Not a valid datetime."]})),
        (w.power, ok(json!({"duration": "PT90S", "horizon": "P1M"})), json!({"duration": ["FlexMeasures only support multiples of 1 minute."], "horizon": ["A horizon cannot be a calendar duration."]})),
        (w.power, ok(json!({"values": [1, "a", null, true]})), json!({"values": {"1": ["Not a valid number."], "3": ["Not a valid number."]}})),
        (w.power, ok(json!({"values": []})), json!({"values": ["Shorter than minimum length 1."]})),
        (w.power, ok(json!({"values": {"a": 1}})), json!({"values": ["Not a valid list."]})),
        (w.power, ok(json!({"values": null, "start": null, "prior": null, "unit": null})), json!({"values": ["Field may not be null."], "start": ["Field may not be null."], "prior": ["Field may not be null."], "unit": ["Field may not be null."]})),
        (w.power, ok(json!({"unit": "°C"})), json!({"unit": ["Required unit for this sensor is MW, got incompatible unit: °C"]})),
        (w.ten, ok(json!({})), json!({"_schema": ["Resolution of PT15M is incompatible with the sensor's required resolution of PT10M."]})),
        (w.ten, ok(json!({"duration": "PT12M"})), json!({"_schema": ["Resolution of PT6M is incompatible with the sensor's required resolution of PT10M."]})),
        (w.power, ok(json!({"values": [1], "duration": "PT0M"})), json!({"_schema": ["Cannot infer a non-zero event resolution from a zero duration."]})),
        (w.power, ok(json!({"type": "PostMeterDataRequest", "horizon": "PT1H"})), json!({"_schema": ["Meter data must have a horizon of zero or less (measurements are made after the fact)."]})),
        (w.power, ok(json!({"type": "PostPrognosisRequest", "horizon": "-PT1H"})), json!({"_schema": ["Prognoses must have a horizon of zero or more (they are made before the fact)."]})),
        (w.power, ok(json!({"type": "PostPriceDataRequest"})), json!({"unit": ["The unit required for this message type should be convertible to an energy price unit, got incompatible unit: MW"]})),
        (w.power, ok(json!({"type": "PostMeterData"})), json!({"type": [types]})),
    ];
    for (sensor, body, errors) in cases {
        assert_eq!(call(&service, post(sensor, body.clone(), &w.member)).await, invalid(errors), "{body}");
    }
    assert!(w.stored(w.power).is_empty() && w.stored(w.ten).is_empty(), "nothing stored");
    assert_eq!(call(&service, post(w.power, ok(json!({"type": "PostMeterDataRequest", "horizon": "-PT1H"})), &w.member)).await, processed());
    let not_json = TestRequest::post().uri(&format!("/api/v3_0/sensors/{}/data", w.power)).insert_header(("Authorization", w.member.as_str()));
    let (status, body) = call(&service, not_json.insert_header(("content-type", "application/json")).set_payload("{\"values\":")).await;
    assert_eq!((status, body["message"]["combined_sensor_data_description"]["start"].clone()), (422, json!(["Missing data for required field."])), "an unreadable body counts as absent");
    assert_eq!(call(&service, post(w.power, json!([1]), &w.member)).await, invalid(json!({"_schema": ["Invalid input type."]})));
}

#[actix_web::test]
async fn who_may_post_and_read_which_sensor_data() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let body = msg(json!([1]), T0, "PT15M", json!({}));
    let read = [("start", T0), ("duration", "PT15M"), ("unit", "MW")];
    let not_found = (404, json!({"message": "Sensor 999 not found.", "status": 404}));
    assert_eq!(call(&service, post(999, body.clone(), &w.member)).await, not_found);
    assert_eq!(call(&service, get(999, &read, &w.stranger)).await, not_found);
    assert_eq!(call(&service, post(w.mill, body.clone(), &w.member)).await, forbidden());
    assert_eq!(call(&service, get(w.mill, &read, &w.member)).await, forbidden());
    assert_eq!(call(&service, post(w.power, body.clone(), &w.stranger)).await, forbidden());
    assert_eq!(call(&service, post(w.power, json!({}), &w.stranger)).await.0, 422, "validation before permission");
    assert_eq!(call(&service, post(w.public, body.clone(), &w.member)).await, forbidden(), "public sensors: admins write");
    assert_eq!(call(&service, post(w.public, body.clone(), &w.admin)).await, processed());
    assert_eq!(values(call(&service, get(w.public, &read, &w.stranger)).await), (200, json!([1.0])), "public sensors: all read");
    assert_eq!(call(&service, post(w.mill, body.clone(), &w.admin)).await, processed(), "admins write anywhere");
    assert_eq!(call(&service, post(w.mill, msg(json!([2]), T0, "PT15M", json!({})), &w.stranger)).await, processed());
    assert_eq!(values(call(&service, get(w.mill, &read, &w.reader)).await), (200, json!([2.0])), "admin-readers read anywhere");
    assert_eq!(call(&service, post(w.mill, body.clone(), &w.reader)).await, forbidden(), "but write nowhere");
    let uri = format!("/api/v3_0/sensors/{}/data", w.power);
    for request in [TestRequest::post().uri(&uri).set_json(&body), TestRequest::get().uri(&uri), TestRequest::post().uri("/api/v3_0/sensors/data").set_json(&body)] {
        assert_eq!(call(&service, request).await, (401, unauthorized_body()));
    }
}

#[actix_web::test]
async fn bodies_beyond_the_ingestion_limit_are_refused() {
    let w = world(TestApp::sqlite(&[("FLEXMEASURES_MAX_SENSOR_DATA_INGESTION_BYTES", "300")]));
    let service = w.app.service().await;
    let big = msg(json!(vec![1; 200]), T0, "PT50H", json!({}));
    let too_large = (413, json!({"result": "Rejected", "status": "PAYLOAD_TOO_LARGE", "message": "The request is larger than this server accepts for sensor data. The limit is 300 bytes."}));
    assert_eq!(call(&service, post(w.power, big.clone(), &w.member)).await, too_large);
    assert_eq!(call(&service, post(999, big.clone(), &w.member)).await, too_large, "before looking up the sensor");
    let by_address = TestRequest::post().uri("/api/v3_0/sensors/data").insert_header(("Authorization", w.member.as_str())).set_json(&big);
    assert_eq!(call(&service, by_address).await, too_large);
    assert_eq!(call(&service, TestRequest::post().uri(&format!("/api/v3_0/sensors/{}/data", w.power)).set_json(&big)).await, (401, unauthorized_body()), "authentication first");
    assert!(w.stored(w.power).is_empty());
    assert_eq!(call(&service, post(w.power, msg(json!([1, 2]), T0, "PT30M", json!({})), &w.member)).await, processed());
}

#[actix_web::test]
async fn entity_address_endpoints_name_the_sensor_in_the_message() {
    let w = world(TestApp::sqlite(&[]));
    let service = w.app.service().await;
    let auth = |request: TestRequest| request.insert_header(("Authorization", w.member.as_str()));
    let address = call(&service, auth(TestRequest::get().uri(&format!("/api/v3_0/sensors/{}", w.power)))).await.1["entity_address"].as_str().unwrap().to_owned();
    let post_by = |sensor: &str| auth(TestRequest::post().uri("/api/v3_0/sensors/data").set_json(msg(json!([1, 2]), T0, "PT30M", json!({"sensor": sensor}))));
    let get_by = |sensor: &str| {
        let query = serde_urlencoded::to_string([("sensor", sensor), ("start", T0), ("duration", "PT30M"), ("unit", "MW")]).unwrap();
        auth(TestRequest::get().uri(&format!("/api/v3_0/sensors/data?{query}")))
    };
    assert_eq!(call(&service, post_by(&address)).await, processed());
    assert_eq!(values(call(&service, get_by(&address)).await), (200, json!([1.0, 2.0])));
    assert_eq!(call(&service, post_by(&address)).await, already());

    let prefix = address.split(":fm1.").next().unwrap().to_owned();
    let fm0 = address.replace(":fm1.", ":fm0.");
    let unknown = format!("{prefix}:fm1.999");
    let cases = [
        ("not-an-address".to_owned(), "A valid type 1 USEF entity address starts with 'ea1', please review not-an-address".to_owned()),
        (fm0.clone(), format!("A valid type 1 FlexMeasures entity address starts with '{prefix}:fm1.', please review {fm0}")),
        (unknown, "No sensor found with entity address for id 999.".to_owned()),
    ];
    for (sensor, message) in cases {
        assert_eq!(call(&service, post_by(&sensor)).await, invalid(json!({"sensor": [message]})), "{sensor}");
        assert_eq!(call(&service, get_by(&sensor)).await, invalid(json!({"sensor": [message]})), "{sensor}");
    }
    let missing = auth(TestRequest::post().uri("/api/v3_0/sensors/data").set_json(msg(json!([1]), T0, "PT15M", json!({}))));
    assert_eq!(call(&service, missing).await, invalid(json!({"sensor": ["Missing data for required field."]})));
    let null = auth(TestRequest::post().uri("/api/v3_0/sensors/data").set_json(msg(json!([1]), T0, "PT15M", json!({"sensor": null}))));
    assert_eq!(call(&service, null).await, invalid(json!({"sensor": ["Field may not be null."]})));
    assert_eq!(call(&service, post_by(&format!("{prefix}:fm1.{}", w.mill))).await, forbidden());
}


