//! Reading query strings: legacy aliases, integers and booleans with the original's errors.

use std::collections::HashMap;

use actix_web::HttpRequest;
use fm_api_common::validation::{FieldErrors, parse_bool};

/// The query parameters of a request (last value wins).
pub struct QueryParams(HashMap<String, String>);

impl QueryParams {
    /// Parses the request's query string.
    pub fn of(req: &HttpRequest) -> QueryParams {
        QueryParams(serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string()).unwrap_or_default().into_iter().collect())
    }

    /// The value of `key`, or of its legacy `alias`.
    pub fn get(&self, key: &str, alias: Option<&str>) -> Option<&str> {
        self.0.get(key).or_else(|| alias.and_then(|a| self.0.get(a))).map(String::as_str)
    }

    /// An integer parameter.
    pub fn integer(&self, key: &str, alias: Option<&str>, errors: &mut FieldErrors) -> Option<i32> {
        let text = self.get(key, alias)?;
        match text.trim().parse() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add(key, "Not a valid integer.");
                None
            }
        }
    }

    /// A boolean parameter (`false` when absent).
    pub fn boolean(&self, key: &str, errors: &mut FieldErrors) -> bool {
        match self.get(key, None) {
            None => false,
            Some(text) => parse_bool(text).unwrap_or_else(|| {
                errors.add(key, "Not a valid boolean.");
                false
            }),
        }
    }
}
