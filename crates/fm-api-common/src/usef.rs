//! The catalogue of the original's USEF-style responses: one variant per helper, each with its
//! HTTP status, `status` string, result key (`result`, the plural `results`, or none) and base
//! message. A status string is written here once.
//!
//! Messages are the base message followed, for each extra item, by a space and the item.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::{Map, Value, json};

/// One response helper of the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usef {
    /// 200 `PROCESSED`: the request has been processed.
    Processed,
    /// 200 `ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED` (`results: PROCESSED`).
    AlreadyReceivedAndSuccessfullyProcessed,
    /// 403 `INVALID_REPLACEMENT` (`results: Rejected`): data would replace stored data.
    InvalidReplacement,
    /// 400 `UNKNOWN_SCHEDULE` (`result: Rejected`): no schedule is known for the period.
    UnknownSchedule,
    /// 413 `PAYLOAD_TOO_LARGE` (`result: Rejected`): the body exceeds the ingestion limit.
    PayloadTooLarge,
    /// 400 `PTUS_INCOMPLETE` (`result: Rejected`): "Missing values." plus an explanation.
    PtusIncomplete,
    /// 400 `INVALID_DATETIME` (`result: Rejected`): "Datetime cannot be used." plus an explanation.
    InvalidDatetime,
    /// 400 `INVALID_TIMEZONE` (`result: Rejected`): the caller's text only.
    InvalidTimezone,
    /// 400 `UNRECOGNIZED_UDI_EVENT` (`result: Rejected`): the caller's text only
    /// ("The requested UDI event (id = …, type = …) is not known.").
    UnrecognizedUdiEvent,
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
            Usef::InvalidReplacement => StatusCode::FORBIDDEN,
            Usef::UnknownSchedule => StatusCode::BAD_REQUEST,
            Usef::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Usef::PtusIncomplete | Usef::InvalidDatetime | Usef::InvalidTimezone | Usef::UnrecognizedUdiEvent => StatusCode::BAD_REQUEST,
        }
    }

    /// The `status` string.
    pub fn status(self) -> &'static str {
        match self {
            Usef::Processed => "PROCESSED",
            Usef::AlreadyReceivedAndSuccessfullyProcessed => "ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED",
            Usef::InvalidReplacement => "INVALID_REPLACEMENT",
            Usef::UnknownSchedule => "UNKNOWN_SCHEDULE",
            Usef::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Usef::PtusIncomplete => "PTUS_INCOMPLETE",
            Usef::InvalidDatetime => "INVALID_DATETIME",
            Usef::InvalidTimezone => "INVALID_TIMEZONE",
            Usef::UnrecognizedUdiEvent => "UNRECOGNIZED_UDI_EVENT",
        }
    }

    fn result_key(self) -> ResultKey {
        match self {
            Usef::Processed => ResultKey::None,
            Usef::AlreadyReceivedAndSuccessfullyProcessed => ResultKey::Results("PROCESSED"),
            Usef::InvalidReplacement => ResultKey::Results("Rejected"),
            Usef::UnknownSchedule
            | Usef::PayloadTooLarge
            | Usef::PtusIncomplete
            | Usef::InvalidDatetime
            | Usef::InvalidTimezone
            | Usef::UnrecognizedUdiEvent => ResultKey::Result("Rejected"),
        }
    }

    /// The base message.
    pub fn base_message(self) -> &'static str {
        match self {
            Usef::Processed => "Request has been processed.",
            Usef::AlreadyReceivedAndSuccessfullyProcessed => "Some of the data has already been received and successfully processed.",
            Usef::InvalidReplacement => {
                "Some of the data represents a replacement, which is reserved for servers configured with \
                 FLEXMEASURES_ALLOW_DATA_OVERWRITE. Use a different prior, or check for a duplicate upload with different values."
            }
            Usef::UnknownSchedule => "No known schedule for this time period.",
            Usef::PayloadTooLarge => "The request is larger than this server accepts for sensor data.",
            Usef::PtusIncomplete => "Missing values.",
            Usef::InvalidDatetime => "Datetime cannot be used.",
            Usef::InvalidTimezone | Usef::UnrecognizedUdiEvent => "",
        }
    }

    /// The JSON body, with `extra` items appended to the message.
    pub fn body(self, extra: &[&str]) -> Value {
        let mut message = self.base_message().to_owned();
        for item in extra {
            if !message.is_empty() {
                message.push(' ');
            }
            message.push_str(item);
        }
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
}
