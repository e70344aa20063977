//! Creating accounts, users and the toy account: validation, hashing and storage composed,
//! each in one transaction so a failure leaves nothing half-written.

use fm_domain::email::{default_username, normalise_email};
use fm_domain::structure::{TRANSMISSION_ZONE, toy};
use fm_domain::timezone::parse_timezone;
use fm_storage::accounts::{Account, create_account, find_account_by_name};
use fm_storage::assets::{NewAsset, create_asset, find_root_asset, get_or_create_asset_type};
use fm_storage::sensors::{NewSensor, Sensor, create_sensor, find_sensor_on_asset};
use fm_storage::structure::ensure_initial_structure;
use fm_storage::users::{NewUser, User, create_user, find_user_by_email, set_uniquifier};
use fm_storage::{DbConnection, StorageError};

use crate::error::CliError;
use crate::runtime::Runtime;

mod legacy;

pub use legacy::{AssetTypeRef, LegacyAssetInput, add_legacy_asset, resolve_asset_type};

/// A user to create.
#[derive(Debug, Clone)]
pub struct UserInput {
    /// Display name; defaults to the e-mail's local part.
    pub username: Option<String>,
    /// Login e-mail address.
    pub email: String,
    /// The account to join.
    pub account_id: i32,
    /// User role names.
    pub roles: Vec<String>,
    /// IANA timezone.
    pub timezone: String,
    /// The password (hashed before storing).
    pub password: String,
}

/// Splits a comma-separated list, dropping blanks.
pub fn split_list(list: &str) -> Vec<String> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn insert_user(conn: &mut DbConnection, rt: &Runtime, input: &UserInput) -> Result<User, CliError> {
    let email = normalise_email(&input.email)?;
    parse_timezone(&input.timezone)?;
    let hash = rt.passwords.hash(&input.password)?;
    let username = input.username.clone().unwrap_or_else(|| default_username(&email).to_owned());
    let uniquifier = fm_auth::random::new_uniquifier();
    let new = NewUser {
        email: &email,
        username: &username,
        password: Some(&hash),
        active: true,
        timezone: &input.timezone,
        fs_uniquifier: &uniquifier,
        account_id: input.account_id,
    };
    Ok(create_user(conn, &new, &input.roles)?)
}

/// Creates a user (with its roles and data source).
pub fn add_user(rt: &Runtime, input: &UserInput) -> Result<User, CliError> {
    let mut conn = rt.db.conn()?;
    fm_storage::write_transaction(&mut conn, |conn| insert_user(conn, rt, input))
}

/// Rotates a user's uniquifier: every token and session of the user stops working.
pub fn reset_access(rt: &Runtime, email: &str) -> Result<User, CliError> {
    let mut conn = rt.db.conn()?;
    let user = find_user_by_email(&mut conn, email)?.ok_or_else(|| CliError::Aborted(format!("User with email {email} does not exist.")))?;
    set_uniquifier(&mut conn, user.id, &fm_auth::random::new_uniquifier())?;
    Ok(user)
}

/// What `add toy-account` made.
#[derive(Debug, Clone)]
pub struct ToyAccount {
    /// The account.
    pub account: Account,
    /// The toy user.
    pub user: User,
    /// The battery's power sensor.
    pub battery_sensor: Sensor,
    /// The public day-ahead price sensor.
    pub price_sensor: Sensor,
}

/// Creates the toy account: account, toy user (account-admin), solar, building and battery
/// assets, the battery's `charging` sensor, and the public day-ahead price sensor.
/// Refuses when the account exists.
pub fn add_toy_account(rt: &Runtime, name: &str) -> Result<ToyAccount, CliError> {
    let mut conn = rt.db.conn()?;
    fm_storage::write_transaction(&mut conn, |conn| {
        if find_account_by_name(conn, name)?.is_some() {
            return Err(CliError::Aborted(format!("Account {name} already exists. Aborting ...")));
        }
        ensure_initial_structure(conn)?;
        let account = create_account(conn, name, &[])?;
        let user = insert_user(conn, rt, &UserInput {
            username: None,
            email: toy::USER_EMAIL.to_owned(),
            account_id: account.id,
            roles: vec![fm_domain::roles::ACCOUNT_ADMIN.to_owned()],
            timezone: toy::TIMEZONE.to_owned(),
            password: toy::USER_PASSWORD.to_owned(),
        })?;
        let (lat, lng) = toy::LOCATION;
        let mut battery_sensor = None;
        for (asset_name, type_name) in toy::ASSETS {
            let (asset_type, _) = get_or_create_asset_type(conn, type_name, None)?;
            let is_battery = type_name == "battery";
            let attributes = if is_battery { r#"{"capacity_in_mw": 0.5, "min_soc_in_mwh": 0.05, "max_soc_in_mwh": 0.45}"# } else { "{}" };
            let asset = create_asset(conn, &NewAsset {
                name: asset_name,
                latitude: Some(lat),
                longitude: Some(lng),
                generic_asset_type_id: asset_type.id,
                account_id: Some(account.id),
                parent_asset_id: None,
                attributes,
            })?;
            if is_battery {
                battery_sensor = Some(create_sensor(conn, &NewSensor {
                    name: toy::BATTERY_SENSOR,
                    unit: "MW",
                    timezone: toy::TIMEZONE,
                    event_resolution_s: 15 * 60,
                    knowledge_horizon_fnc: "ex_post",
                    knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#,
                    generic_asset_id: asset.id,
                    attributes: "{}",
                })?);
            }
        }
        let battery_sensor = battery_sensor.ok_or_else(|| CliError::Aborted("the toy battery was not created".to_owned()))?;
        let price_sensor = ensure_day_ahead_prices(conn, lat, lng)?;
        Ok(ToyAccount { account, user, battery_sensor, price_sensor })
    })
}

/// The public `NL transmission zone` asset with its `Day ahead prices` sensor, created when missing.
fn ensure_day_ahead_prices(conn: &mut DbConnection, lat: f64, lng: f64) -> Result<Sensor, StorageError> {
    let zone = match find_root_asset(conn, toy::MARKET_ASSET, None)? {
        Some(zone) => zone,
        None => {
            let (zone_type, _) = get_or_create_asset_type(conn, TRANSMISSION_ZONE.name, Some(TRANSMISSION_ZONE.description))?;
            create_asset(conn, &NewAsset {
                name: toy::MARKET_ASSET,
                latitude: Some(lat),
                longitude: Some(lng),
                generic_asset_type_id: zone_type.id,
                account_id: None,
                parent_asset_id: None,
                attributes: "{}",
            })?
        }
    };
    if let Some(sensor) = find_sensor_on_asset(conn, zone.id, toy::PRICE_SENSOR)? {
        return Ok(sensor);
    }
    create_sensor(conn, &NewSensor {
        name: toy::PRICE_SENSOR,
        unit: "EUR/MWh",
        timezone: toy::TIMEZONE,
        event_resolution_s: 60 * 60,
        knowledge_horizon_fnc: "x_days_ago_at_y_oclock",
        knowledge_horizon_par: r#"{"x": 1, "y": 12, "z": "Europe/Paris"}"#,
        generic_asset_id: zone.id,
        attributes: "{}",
    })
}

/// How a sensor prints in messages, as the original: `<Sensor 2: charging, unit: MW res.: 0:15:00>`.
pub fn describe_sensor(sensor: &Sensor) -> String {
    let s = sensor.event_resolution_s;
    format!("<Sensor {}: {}, unit: {} res.: {}:{:02}:{:02}>", sensor.id, sensor.name, sensor.unit, s / 3600, s % 3600 / 60, s % 60)
}


/// Refuses coordinates outside the globe.
pub fn check_location(latitude: Option<f64>, longitude: Option<f64>) -> Result<(), CliError> {
    if latitude.is_some_and(|l| !(-90.0..=90.0).contains(&l)) {
        return Err(CliError::Aborted("Latitude must be between -90 and 90.".to_owned()));
    }
    if longitude.is_some_and(|l| !(-180.0..=180.0).contains(&l)) {
        return Err(CliError::Aborted("Longitude must be between -180 and 180.".to_owned()));
    }
    Ok(())
}

/// Creates an asset after checking its coordinates, type, account and parent; an asset type
/// given by name is created when missing (and only when the asset is created).
pub fn add_asset(
    rt: &Runtime,
    name: &str,
    latitude: Option<f64>,
    longitude: Option<f64>,
    account_id: Option<i32>,
    asset_type: impl Into<AssetTypeRef>,
    parent_asset_id: Option<i32>,
) -> Result<fm_storage::assets::Asset, CliError> {
    check_location(latitude, longitude)?;
    if name.trim().is_empty() {
        return Err(CliError::Aborted("An asset needs a name.".to_owned()));
    }
    let asset_type = asset_type.into();
    let mut conn = rt.db.conn()?;
    fm_storage::write_transaction(&mut conn, |conn| {
        let asset_type = resolve_asset_type(conn, &asset_type)?;
        if let Some(id) = account_id {
            fm_storage::accounts::find_account(conn, id)?;
        }
        if let Some(parent) = parent_asset_id {
            fm_storage::assets::find_asset(conn, parent)?;
        }
        Ok(create_asset(conn, &NewAsset {
            name,
            latitude,
            longitude,
            generic_asset_type_id: asset_type.id,
            account_id,
            parent_asset_id,
            attributes: "{}",
        })?)
    })
}

/// Parses an event resolution given as minutes (`15`) or an ISO 8601 duration (`PT15M`).
pub fn parse_event_resolution(text: &str) -> Result<chrono::TimeDelta, CliError> {
    let text = text.trim();
    if let Ok(minutes) = text.parse::<i64>() {
        return if minutes >= 0 { Ok(chrono::TimeDelta::minutes(minutes)) } else { Err(CliError::Aborted("The event resolution must not be negative.".to_owned())) };
    }
    let duration = fm_domain::time::IsoDuration::parse(text).map_err(|e| CliError::Aborted(e.to_string()))?;
    match duration.to_timedelta() {
        Some(d) if duration.is_whole_minutes() && d >= chrono::TimeDelta::zero() => Ok(d),
        _ => Err(CliError::Aborted("The event resolution must be a whole, non-negative number of minutes.".to_owned())),
    }
}

/// Creates a sensor after checking its unit, resolution, timezone, attributes and asset.
pub fn add_sensor(rt: &Runtime, name: &str, unit: &str, event_resolution: &str, timezone: &str, asset_id: i32, attributes: &str) -> Result<Sensor, CliError> {
    if !fm_domain::units::is_valid_unit(unit) {
        return Err(CliError::Aborted(fm_domain::units::invalid_unit_message(unit)));
    }
    let resolution = parse_event_resolution(event_resolution)?;
    parse_timezone(timezone)?;
    let attributes = match serde_json::from_str::<serde_json::Value>(attributes) {
        Ok(serde_json::Value::Object(map)) => serde_json::Value::Object(map).to_string(),
        _ => return Err(CliError::Aborted("--attributes must be a JSON object, e.g. '{\"capacity_in_mw\": 0.5}'.".to_owned())),
    };
    let mut conn = rt.db.conn()?;
    fm_storage::assets::find_asset(&mut conn, asset_id)?;
    Ok(create_sensor(&mut conn, &NewSensor {
        name,
        unit,
        timezone,
        event_resolution_s: resolution.num_seconds(),
        knowledge_horizon_fnc: "ex_post",
        knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#,
        generic_asset_id: asset_id,
        attributes: &attributes,
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_role_lists_on_commas() {
        assert_eq!(split_list("a, b,,c "), ["a", "b", "c"]);
        assert!(split_list("").is_empty());
    }
}
