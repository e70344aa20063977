//! Posting power data with fm0 connection addresses: postMeterData (v1 on) and postPrognosis
//! (v1_1 on), which share one storage path (api-legacy-v1.md §8.3 and §8.8).
//!
//! Checks in order: the message, the token, the account role, `type`, `unit` (`MW`),
//! connections, values, `horizon`, `start`/`duration`, the required resolution (422 for unknown
//! connections), a missing horizon (prognoses), then per connection its ownership and the sign
//! rules; everything is stored in one transaction.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use fm_api_common::usef::entities::{existing_sensor, fm0_connection_id, my_connection_ids, request_host};
use fm_api_common::usef::fields::{self, Horizon, HorizonRule};
use fm_api_common::usef::resolution::{check_equal_lengths, check_required_resolution};
use fm_api_common::usef::signs::{check_signs, stored_power};
use fm_api_common::usef::saving::{belief_rows, own_source, save};
use fm_api_common::usef::services::DATA_ROLES;
use fm_api_common::usef::{Usef, open_message, typed};
use fm_api_common::{ApiError, AppState, with_db};
use fm_domain::units::LEGACY_POWER_UNITS;
use serde_json::Value;

/// Which power data is posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerPost {
    /// Measurements: `horizon` optional and at most zero.
    MeterData,
    /// Forecasts: `horizon` required, any sign.
    Prognosis,
}

impl PowerPost {
    fn request_type(self) -> &'static str {
        match self {
            PowerPost::MeterData => "PostMeterDataRequest",
            PowerPost::Prognosis => "PostPrognosisRequest",
        }
    }

    fn response_type(self) -> &'static str {
        match self {
            PowerPost::MeterData => "PostMeterDataResponse",
            PowerPost::Prognosis => "PostPrognosisResponse",
        }
    }
}

/// Extra of `INVALID_HORIZON` for a prognosis without horizon.
pub const HORIZON_REQUIRED_EXTRA: &str = "Please specify the horizon field using an ISO 8601 duration (such as 'PT24H').";

/// The endpoint: postMeterData or postPrognosis.
pub async fn post_power_data(kind: PowerPost, req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    typed(kind.response_type(), post(kind, &req, &body, &state).await)
}

async fn post(kind: PowerPost, req: &HttpRequest, body: &[u8], state: &AppState) -> Result<Value, ApiError> {
    let (message, user) = open_message(req, body, DATA_ROLES, Some(kind.request_type())).await?;
    fields::check_unit(&message, "power", LEGACY_POWER_UNITS)?;
    let groups = fields::entity_groups(&message, "connection", "connections")?;
    let mut values = fields::value_groups(&message)?;
    let rule = if kind == PowerPost::MeterData { HorizonRule::ExPost } else { HorizonRule::Any };
    let horizon = fields::horizon(&message, rule)?;
    let period = fields::period(&message)?;
    let host = request_host(req);
    let allow_overwrite = state.settings.allow_data_overwrite;
    let actor = user.actor;
    with_db(state, move |conn| {
        let resolved = check_required_resolution(period.duration, &groups, &mut values, |address| {
            let id = fm0_connection_id(address).map_err(|e| ApiError::UnknownEntity(e.to_string()))?;
            existing_sensor(conn, id, "connection", address)
        })?;
        check_equal_lengths(&values, resolved.resolution)?;
        let horizon = match (horizon, kind) {
            (Some(h), _) => h,
            (None, PowerPost::MeterData) => Horizon::ZERO_ROLLING,
            (None, PowerPost::Prognosis) => return Err(Usef::InvalidHorizon.with(HORIZON_REQUIRED_EXTRA)),
        };
        let source = own_source(conn, actor.user_id)?;
        let mine = my_connection_ids(conn, &actor)?;
        let start = period.start.with_timezone(&Utc);
        let mut rows = Vec::new();
        for (group, group_values) in groups.iter().zip(&values) {
            let horizons = horizon.per_value(period.duration, group_values.len())?;
            for address in group {
                let id = fm0_connection_id(address).map_err(|e| Usef::InvalidDomain.with(e.to_string()))?;
                let id = i32::try_from(id).ok().filter(|id| mine.contains(id)).ok_or_else(|| Usef::UnrecognizedConnectionGroup.error())?;
                check_signs(conn, id, group_values, &host)?;
                let negated = stored_power(group_values);
                rows.extend(belief_rows(id, source.id, start, resolved.resolution, &negated, &horizons));
            }
        }
        save(conn, &rows, allow_overwrite)
    })
    .await
}
