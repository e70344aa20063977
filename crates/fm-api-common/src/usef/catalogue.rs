//! The catalogue of the original's USEF-style responses: one variant per helper, each with its
//! HTTP status, `status` string, result key (`result`, the plural `results`, or none) and base
//! message. A status string is written here once.
//!
//! Messages are the base message followed, for each extra item, by a space and the item.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::{Map, Value, json};

/// One response helper of the original (api-legacy-v1.md §2, api-v2_0.md §3.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usef {
    /// 200 `PROCESSED`: the request has been processed.
    Processed,
    /// 200 `ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED` (`results: PROCESSED`).
    AlreadyReceivedAndSuccessfullyProcessed,
    /// 403 `INVALID_REPLACEMENT` (`results: Rejected`): data would replace stored data
    /// (the wording of API v1.x and v2_0, which points at play mode).
    InvalidReplacement,
    /// 403 `INVALID_REPLACEMENT` (`results: Rejected`) in the wording of API v3_0, which points
    /// at `FLEXMEASURES_ALLOW_DATA_OVERWRITE`.
    InvalidReplacementV3,
    /// 400 `REQUIRED_INFO_MISSING` (`results: Rejected`), with the original's odd message template.
    RequiredInfoMissing,
    /// 400 `INVALID_API_VERSION`: the API version is deprecated for this feature.
    InvalidApiVersion,
    /// 400 `INVALID_DOMAIN`: entities must use the EA1 addressing scheme.
    InvalidDomain,
    /// 400 `INVALID_HORIZON`: the horizon field could not be parsed.
    InvalidHorizon,
    /// 400 `INVALID_PERIOD`: a time period does not seem right.
    InvalidPeriod,
    /// 400 `INVALID_PTU_DURATION` (in the catalogue; never answered).
    InvalidPtuDuration,
    /// 400 `INVALID_RESOLUTION`: only these resolutions are supported.
    UnapplicableResolution,
    /// 400 `INVALID_RESOLUTION`: the resolution string cannot be parsed.
    InvalidResolutionString,
    /// 400 `INVALID_RESOLUTION`: the requested assets do not have matching resolutions.
    ConflictingResolutions,
    /// 400 `INVALID_SOURCE` (in the catalogue; never answered).
    InvalidSource,
    /// 400 `INVALID_MARKET`: no market is registered for the asset.
    InvalidMarket,
    /// 405 `INVALID_METHOD`: the caller's text ("Request method HEAD not supported.").
    InvalidMethod,
    /// 400 `INVALID_ROLE`: the caller's text ("No known services for specified role X.").
    InvalidRole,
    /// 400 `INVALID_TIMEZONE`: the caller's text only.
    InvalidTimezone,
    /// 400 `INVALID_DATETIME`: "Datetime cannot be used." plus an explanation.
    InvalidDatetime,
    /// 400 `INVALID_UNIT`: the caller's text ("Data for power should be given in MW.").
    InvalidUnit,
    /// 400 `INVALID_MESSAGE_TYPE`: the caller's text ("Request message should specify type 'X'.").
    InvalidMessageType,
    /// 400 `NO_BACKUP`: the request should name a backup.
    NoBackup,
    /// 400 `NO_MESSAGE_TYPE`: the request should include `type`.
    NoMessageType,
    /// 400 `POWER_VALUE_TOO_BIG`.
    PowerValueTooBig,
    /// 400 `POWER_VALUE_TOO_SMALL`.
    PowerValueTooSmall,
    /// 400 `PTUS_INCOMPLETE`: "Missing values." plus an explanation.
    PtusIncomplete,
    /// 400 `UNKNOWN_PRICES`: prices are missing for the period.
    UnknownPrices,
    /// 400 `UNKNOWN_SCHEDULE` (`result: Rejected`): no schedule is known for the period.
    UnknownSchedule,
    /// 400 `UNRECOGNIZED_BACKUP`: the backup is not known.
    UnrecognizedBackup,
    /// 400 `UNRECOGNIZED_CONNECTION_GROUP`: connections not found in the caller's account.
    UnrecognizedConnectionGroup,
    /// 400 `INCOMPLETE_UDI_EVENT`: the caller's text.
    IncompleteUdiEvent,
    /// 400 `UNRECOGNIZED_UDI_EVENT`: the caller's text
    /// ("The requested UDI event (id = …, type = …) is not known.").
    UnrecognizedUdiEvent,
    /// 400 `OUTDATED_UDI_EVENT`: the caller's text.
    OutdatedUdiEvent,
    /// 400 `UNRECOGNIZED_MARKET`: the caller's text ("The requested market named X is not known.").
    UnrecognizedMarket,
    /// 400 `UNRECOGNIZED_SENSOR`: no sensor is known at this location, plus a hint.
    UnrecognizedSensor,
    /// 400 `UNRECOGNIZED_ASSET` (no result key): the asset cannot be identified.
    UnrecognizedAsset,
    /// 413 `PAYLOAD_TOO_LARGE` (`result: Rejected`): the body exceeds the ingestion limit.
    PayloadTooLarge,
}

/// Which key carries the result word.
enum ResultKey {
    None,
    Result(&'static str),
    Results(&'static str),
}

impl Usef {
    /// The HTTP status.
    pub fn http_status(self) -> StatusCode {
        match self {
            Usef::Processed | Usef::AlreadyReceivedAndSuccessfullyProcessed => StatusCode::OK,
            Usef::InvalidReplacement | Usef::InvalidReplacementV3 => StatusCode::FORBIDDEN,
            Usef::InvalidMethod => StatusCode::METHOD_NOT_ALLOWED,
            Usef::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// The `status` string.
    pub fn status(self) -> &'static str {
        match self {
            Usef::Processed => "PROCESSED",
            Usef::AlreadyReceivedAndSuccessfullyProcessed => "ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED",
            Usef::InvalidReplacement | Usef::InvalidReplacementV3 => "INVALID_REPLACEMENT",
            Usef::RequiredInfoMissing => "REQUIRED_INFO_MISSING",
            Usef::InvalidApiVersion => "INVALID_API_VERSION",
            Usef::InvalidDomain => "INVALID_DOMAIN",
            Usef::InvalidHorizon => "INVALID_HORIZON",
            Usef::InvalidPeriod => "INVALID_PERIOD",
            Usef::InvalidPtuDuration => "INVALID_PTU_DURATION",
            Usef::UnapplicableResolution | Usef::InvalidResolutionString | Usef::ConflictingResolutions => "INVALID_RESOLUTION",
            Usef::InvalidSource => "INVALID_SOURCE",
            Usef::InvalidMarket => "INVALID_MARKET",
            Usef::InvalidMethod => "INVALID_METHOD",
            Usef::InvalidRole => "INVALID_ROLE",
            Usef::InvalidTimezone => "INVALID_TIMEZONE",
            Usef::InvalidDatetime => "INVALID_DATETIME",
            Usef::InvalidUnit => "INVALID_UNIT",
            Usef::InvalidMessageType => "INVALID_MESSAGE_TYPE",
            Usef::NoBackup => "NO_BACKUP",
            Usef::NoMessageType => "NO_MESSAGE_TYPE",
            Usef::PowerValueTooBig => "POWER_VALUE_TOO_BIG",
            Usef::PowerValueTooSmall => "POWER_VALUE_TOO_SMALL",
            Usef::PtusIncomplete => "PTUS_INCOMPLETE",
            Usef::UnknownPrices => "UNKNOWN_PRICES",
            Usef::UnknownSchedule => "UNKNOWN_SCHEDULE",
            Usef::UnrecognizedBackup => "UNRECOGNIZED_BACKUP",
            Usef::UnrecognizedConnectionGroup => "UNRECOGNIZED_CONNECTION_GROUP",
            Usef::IncompleteUdiEvent => "INCOMPLETE_UDI_EVENT",
            Usef::UnrecognizedUdiEvent => "UNRECOGNIZED_UDI_EVENT",
            Usef::OutdatedUdiEvent => "OUTDATED_UDI_EVENT",
            Usef::UnrecognizedMarket => "UNRECOGNIZED_MARKET",
            Usef::UnrecognizedSensor => "UNRECOGNIZED_SENSOR",
            Usef::UnrecognizedAsset => "UNRECOGNIZED_ASSET",
            Usef::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
        }
    }

    fn result_key(self) -> ResultKey {
        match self {
            Usef::Processed | Usef::UnrecognizedAsset => ResultKey::None,
            Usef::AlreadyReceivedAndSuccessfullyProcessed => ResultKey::Results("PROCESSED"),
            Usef::InvalidReplacement | Usef::InvalidReplacementV3 | Usef::RequiredInfoMissing => ResultKey::Results("Rejected"),
            _ => ResultKey::Result("Rejected"),
        }
    }

    /// The base message ("" for helpers whose message is the caller's text).
    pub fn base_message(self) -> &'static str {
        match self {
            Usef::Processed => "Request has been processed.",
            Usef::AlreadyReceivedAndSuccessfullyProcessed => "Some of the data has already been received and successfully processed.",
            Usef::InvalidReplacement => {
                "Some of the data represents a replacement, which is reserved for servers in play mode. \
                 Enable play mode or update the prior in your request."
            }
            Usef::InvalidReplacementV3 => {
                "Some of the data represents a replacement, which is reserved for servers configured with \
                 FLEXMEASURES_ALLOW_DATA_OVERWRITE. Use a different prior, or check for a duplicate upload with different values."
            }
            Usef::RequiredInfoMissing => "Some of the required information is missing from the request.",
            Usef::InvalidApiVersion => "The requested API version is deprecated for this feature.",
            Usef::InvalidDomain => {
                "Connections, sensors and markets should be identified using the EA1 addressing scheme recommended by USEF. \
                 For example: 'ea1.2018-06.io.flexmeasures:<owner_id>:<asset_id>' \
                 'ea1.2018-06.io.flexmeasures:temperature:<latitude>:<longitude>' \
                 'ea1.2018-06.io.flexmeasures:<market_name>' \
                 'ea1.2018-06.io.flexmeasures:<owner_id>:<asset_id>:<event_id>:<event_type>'"
            }
            Usef::InvalidHorizon => "The horizon field in your request could not be parsed.",
            Usef::InvalidPeriod => "A time period in your request doesn't seem right.",
            Usef::InvalidPtuDuration => {
                "Start time should be on the hour or a multiple of 15 minutes thereafter, \
                 duration should be some multiple N of 15 minutes, and the number of values should be some factor of N."
            }
            Usef::UnapplicableResolution => "Only the following resolutions in the data are supported:",
            Usef::InvalidResolutionString => "The resolution string cannot be parsed as ISO8601 duration:",
            Usef::ConflictingResolutions => "Requested assets do not have matching resolutions.",
            Usef::InvalidSource => "The data source is not found:",
            Usef::InvalidMarket => "No market is registered for the requested asset.",
            Usef::InvalidDatetime => "Datetime cannot be used.",
            Usef::NoBackup => "Request message should include 'backup'.",
            Usef::NoMessageType => "Request message should include 'type'.",
            Usef::PowerValueTooBig => "One or more power values are too big.",
            Usef::PowerValueTooSmall => "One or more power values are too small.",
            Usef::PtusIncomplete => "Missing values.",
            Usef::UnknownPrices => "Prices unknown for planning window.",
            Usef::UnknownSchedule => "No known schedule for this time period.",
            Usef::UnrecognizedBackup => "Requested backup is not known.",
            Usef::UnrecognizedConnectionGroup => "One or more connections in your request were not found in your account.",
            Usef::UnrecognizedSensor => "No sensor is known at this location.",
            Usef::UnrecognizedAsset => "Cannot identify asset.",
            Usef::PayloadTooLarge => "The request is larger than this server accepts for sensor data.",
            Usef::InvalidMethod
            | Usef::InvalidRole
            | Usef::InvalidTimezone
            | Usef::InvalidUnit
            | Usef::InvalidMessageType
            | Usef::IncompleteUdiEvent
            | Usef::UnrecognizedUdiEvent
            | Usef::OutdatedUdiEvent
            | Usef::UnrecognizedMarket => "",
        }
    }

    /// A rejection with this helper and one extra message item.
    pub fn with(self, extra: impl Into<String>) -> crate::ApiError {
        crate::ApiError::Usef(self, vec![extra.into()])
    }

    /// A rejection with this helper's base message only.
    pub fn error(self) -> crate::ApiError {
        crate::ApiError::Usef(self, Vec::new())
    }

/// The JSON body, with `extra` items appended to the message.
    pub fn body(self, extra: &[&str]) -> Value {
        let mut message = self.base_message().to_owned();
        if self == Usef::RequiredInfoMissing {
            message = format!("Missing fields: {message} {} - ", extra.join(" "));
            return self.assemble(message);
        }
        for item in extra {
            if !message.is_empty() {
                message.push(' ');
            }
            message.push_str(item);
        }
        self.assemble(message)
    }

    fn assemble(self, message: String) -> Value {
        let mut body = Map::new();
        body.insert("status".to_owned(), json!(self.status()));
        body.insert("message".to_owned(), json!(message));
        match self.result_key() {
            ResultKey::None => {}
            ResultKey::Result(word) => {
                body.insert("result".to_owned(), json!(word));
            }
            ResultKey::Results(word) => {
                body.insert("results".to_owned(), json!(word));
            }
        }
        Value::Object(body)
    }

    /// The response, with `extra` items appended to the message.
    pub fn response(self, extra: &[&str]) -> HttpResponse {
        HttpResponse::build(self.http_status()).json(self.body(extra))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_carry_the_right_result_key() {
        assert_eq!(Usef::Processed.body(&[]), json!({"status": "PROCESSED", "message": "Request has been processed."}));
        assert_eq!(Usef::Processed.body(&["Extra."])["message"], "Request has been processed. Extra.");
        assert_eq!(Usef::AlreadyReceivedAndSuccessfullyProcessed.body(&[])["results"], "PROCESSED");
        let replacement = Usef::InvalidReplacement.body(&[]);
        assert_eq!((replacement["results"].clone(), replacement.get("result")), (json!("Rejected"), None));
        assert_eq!(Usef::InvalidReplacement.http_status(), StatusCode::FORBIDDEN);
        assert_eq!(Usef::UnknownSchedule.body(&[])["result"], "Rejected");
        assert_eq!(Usef::InvalidTimezone.body(&["Start time should explicitly state a timezone."])["message"], "Start time should explicitly state a timezone.");
        assert_eq!(Usef::PtusIncomplete.body(&["Target missing 'value' parameter."])["message"], "Missing values. Target missing 'value' parameter.");
    }

    #[test]
    fn odd_helpers() {
        let missing = Usef::RequiredInfoMissing.body(&["['id']", "Cannot parse ID arg as int."]);
        assert_eq!(
            missing,
            json!({"message": "Missing fields: Some of the required information is missing from the request. ['id'] Cannot parse ID arg as int. - ",
                   "results": "Rejected", "status": "REQUIRED_INFO_MISSING"})
        );
        let asset = Usef::UnrecognizedAsset.body(&[]);
        assert_eq!((asset.get("result"), asset.get("results")), (None, None));
        assert_eq!(Usef::InvalidMethod.http_status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(Usef::ConflictingResolutions.status(), Usef::UnapplicableResolution.status());
        assert_eq!(Usef::UnapplicableResolution.body(&["PT15M"])["message"], "Only the following resolutions in the data are supported: PT15M");
    }
}
