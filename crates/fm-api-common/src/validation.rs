//! Field-by-field validation with the original's 422 envelope and marshmallow's messages.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::ApiError;

/// marshmallow: a required field is absent.
pub const MISSING: &str = "Missing data for required field.";
/// marshmallow: a field the schema does not know (or may not be written).
pub const UNKNOWN: &str = "Unknown field.";
/// marshmallow: a null where none is allowed.
pub const NULL: &str = "Field may not be null.";
/// marshmallow: the body is not an object.
pub const INVALID_INPUT: &str = "Invalid input type.";

/// Errors collected per field for one request location (`json`, `query`, `path`, ...).
#[derive(Debug, Clone)]
pub struct FieldErrors {
    location: Option<&'static str>,
    errors: BTreeMap<String, Vec<String>>,
    items: BTreeMap<String, BTreeMap<usize, Vec<String>>>,
}

impl FieldErrors {
    /// Errors under `location` (`{"message": {location: {field: [...]}}}`).
    pub fn at(location: &'static str) -> FieldErrors {
        FieldErrors { location: Some(location), errors: BTreeMap::new(), items: BTreeMap::new() }
    }

    /// Errors without a location wrapper (`{"message": {field: [...]}}`), as for `args_and_json`.
    pub fn flat() -> FieldErrors {
        FieldErrors { location: None, errors: BTreeMap::new(), items: BTreeMap::new() }
    }

    /// Records an error for `field` (`_schema` for the whole message).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.errors.entry(field.to_owned()).or_default().push(message.into());
    }

    /// Records an error for item `index` of the list `field` (`{"field": {"3": [...]}}`).
    pub fn add_item(&mut self, field: &str, index: usize, message: impl Into<String>) {
        self.items.entry(field.to_owned()).or_default().entry(index).or_default().push(message.into());
    }

    /// Whether `field` has an error already.
    pub fn has(&self, field: &str) -> bool {
        self.errors.contains_key(field) || self.items.contains_key(field)
    }

    /// `Ok(())` when nothing was recorded, else the 422.
    pub fn check(self) -> Result<(), ApiError> {
        if self.errors.is_empty() && self.items.is_empty() {
            return Ok(());
        }
        let mut fields: Map<String, Value> = self.errors.into_iter().map(|(k, v)| (k, json!(v))).collect();
        for (field, items) in self.items {
            let items: Map<String, Value> = items.into_iter().map(|(i, v)| (i.to_string(), json!(v))).collect();
            fields.insert(field, Value::Object(items));
        }
        Err(match self.location {
            Some(location) => ApiError::field_errors(location, Value::Object(fields)),
            None => ApiError::Unprocessable(Value::Object(fields)),
        })
    }

    /// A 422 with one error.
    pub fn single(location: &'static str, field: &str, message: impl Into<String>) -> ApiError {
        let mut errors = FieldErrors::at(location);
        errors.add(field, message);
        match errors.check() {
            Err(e) => e,
            Ok(()) => ApiError::Internal("an error was recorded but not reported".to_owned()),
        }
    }
}

/// Parses a JSON object body; anything else is a 422 on `_schema` (or 400 when not JSON at all).
pub fn json_object(body: &[u8], location: &'static str) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(FieldErrors::single(location, "_schema", "No JSON data given."));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(FieldErrors::single(location, "_schema", INVALID_INPUT)),
        Err(_) => Err(ApiError::http(actix_web::http::StatusCode::BAD_REQUEST)),
    }
}

/// Records [`UNKNOWN`] for every key of `map` not in `allowed`.
pub fn reject_unknown(map: &Map<String, Value>, allowed: &[&str], errors: &mut FieldErrors) {
    for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
        errors.add(key, UNKNOWN);
    }
}

/// A typed read of one field: absent → `None`; wrong type → error recorded, `None`.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    /// Reads fields of `map`.
    pub fn new(map: &'a Map<String, Value>) -> Self {
        Fields { map }
    }

    /// Whether the key is present (even as null).
    pub fn present(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The raw value.
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// A string field; null counts as absent when `nullable`.
    pub fn string(&self, key: &str, errors: &mut FieldErrors) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => {
                errors.add(key, NULL);
                None
            }
            _ => {
                errors.add(key, "Not a valid string.");
                None
            }
        }
    }

    /// A string field holding an IANA timezone name ("Timezone <tz> doesn't exist." otherwise).
    pub fn timezone(&self, key: &str, errors: &mut FieldErrors) -> Option<String> {
        self.string(key, errors).filter(|tz| {
            let known = fm_domain::timezone::parse_timezone(tz).is_ok();
            if !known {
                errors.add(key, format!("Timezone {tz} doesn't exist."));
            }
            known
        })
    }

    /// An integer field (integral numbers and integer strings, as marshmallow accepts).
    pub fn integer(&self, key: &str, errors: &mut FieldErrors) -> Option<Option<i64>> {
        match self.map.get(key)? {
            Value::Null => Some(None),
            Value::Number(n) if n.as_i64().is_some() => Some(n.as_i64()),
            Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 9e15) => Some(n.as_f64().map(|f| f as i64)),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => Some(s.trim().parse().ok()),
            _ => {
                errors.add(key, "Not a valid integer.");
                None
            }
        }
    }

    /// A number field; `Some(None)` for an explicit null.
    pub fn number(&self, key: &str, errors: &mut FieldErrors) -> Option<Option<f64>> {
        match self.map.get(key)? {
            Value::Null => Some(None),
            Value::Number(n) => Some(n.as_f64().filter(|f| f.is_finite())),
            Value::String(s) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => Some(s.trim().parse().ok()),
            _ => {
                errors.add(key, "Not a valid number.");
                None
            }
        }
    }

    /// A boolean field.
    pub fn boolean(&self, key: &str, errors: &mut FieldErrors) -> Option<bool> {
        match self.map.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match parse_bool(s) {
                Some(b) => Some(b),
                None => {
                    errors.add(key, "Not a valid boolean.");
                    None
                }
            },
            Value::Number(n) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => Some(n.as_i64() == Some(1)),
            _ => {
                errors.add(key, "Not a valid boolean.");
                None
            }
        }
    }
}

/// marshmallow's boolean words: `true/True/TRUE/t/T/yes/y/on/1` and `false/.../0`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "t" | "T" | "yes" | "Yes" | "YES" | "y" | "Y" | "on" | "On" | "ON" | "1" => Some(true),
        "false" | "False" | "FALSE" | "f" | "F" | "no" | "No" | "NO" | "n" | "N" | "off" | "Off" | "OFF" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_errors_per_field() {
        let map: Map<String, Value> = serde_json::from_str(r#"{"name": 5, "x": 1, "n": "7", "lat": "a"}"#).unwrap();
        let mut errors = FieldErrors::at("json");
        reject_unknown(&map, &["name", "n", "lat"], &mut errors);
        let f = Fields::new(&map);
        assert_eq!(f.string("name", &mut errors), None);
        assert_eq!(f.integer("n", &mut errors), Some(Some(7)));
        assert_eq!(f.number("lat", &mut errors), None);
        let ApiError::Unprocessable(message) = errors.check().unwrap_err() else { panic!() };
        assert_eq!(message, json!({"json": {"name": ["Not a valid string."], "x": ["Unknown field."], "lat": ["Not a valid number."]}}));
    }

    #[test]
    fn bodies_must_be_objects() {
        assert!(matches!(json_object(b"[1]", "json"), Err(ApiError::Unprocessable(_))));
        assert!(matches!(json_object(b"", "json"), Err(ApiError::Unprocessable(_))));
        assert!(matches!(json_object(b"{", "json"), Err(ApiError::Http { .. })));
        assert!(json_object(br#"{"a": 1}"#, "json").is_ok());
    }
}
