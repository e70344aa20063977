//! "The message": the request fields of a USEF-style endpoint as one JSON object
//! (api-legacy-v1.md §1.3, api-v2_0.md §6.1.1).
//!
//! A GET reads the query string: every occurrence of a key is tried as JSON; a JSON array adds
//! its elements, anything else adds the raw text. A key seen once maps to its one value,
//! otherwise to the list. A POST reads the body as JSON whatever its content type; a body that
//! is not JSON is a 400 "Not a JSON." (answered before authentication).

use actix_web::HttpRequest;
use actix_web::http::Method;
use serde_json::{Map, Value};

use crate::auth::{CurrentUser, authenticate};
use crate::ApiError;

/// The first steps of every USEF-style endpoint, in the original's order: read the message
/// ("Not a JSON." for a bad body), authenticate by token (401), check the account role (403),
/// then, when the endpoint names one, the message `type`.
pub async fn open_message(req: &HttpRequest, body: &[u8], roles: &[&str], request_type: Option<&str>) -> Result<(Message, CurrentUser), ApiError> {
    let message = Message::of_request(req, body)?;
    let user = authenticate(req, false).await?;
    super::services::authorize(&user.actor, roles)?;
    if let Some(expected) = request_type {
        super::fields::check_type(&message, expected)?;
    }
    Ok((message, user))
}

/// The request fields of one message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Message(pub Map<String, Value>);

impl Message {
    /// Reads the message of `req`: the query string of a GET, the JSON body of a POST.
    pub fn of_request(req: &HttpRequest, body: &[u8]) -> Result<Message, ApiError> {
        if req.method() == Method::POST {
            Message::from_body(body)
        } else {
            Ok(Message::from_query(req.query_string()))
        }
    }

    /// The fields of a JSON body (a body that is not an object has no fields).
    pub fn from_body(body: &[u8]) -> Result<Message, ApiError> {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(Message(map)),
            Ok(_) => Ok(Message::default()),
            Err(_) => Err(ApiError::NotAJson),
        }
    }

    /// The fields of a query string, each occurrence tried as JSON.
    pub fn from_query(query: &str) -> Message {
        let mut collected: Vec<(String, Vec<Value>)> = Vec::new();
        for (key, raw) in form_urlencoded_pairs(query) {
            let values = match collected.iter_mut().find(|(k, _)| *k == key) {
                Some((_, values)) => values,
                None => {
                    collected.push((key, Vec::new()));
                    match collected.last_mut() {
                        Some((_, values)) => values,
                        None => continue,
                    }
                }
            };
            match serde_json::from_str::<Value>(&raw) {
                Ok(Value::Array(items)) => values.extend(items),
                _ => values.push(Value::String(raw)),
            }
        }
        let mut map = Map::new();
        for (key, mut values) in collected {
            let value = if values.len() == 1 { values.remove(0) } else { Value::Array(values) };
            map.insert(key, value);
        }
        Message(map)
    }

    /// The field `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The field `key` if it is a string.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }
}

/// `application/x-www-form-urlencoded` pairs of a query string, decoded.
fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn query_values_are_tried_as_json() {
        let m = Message::from_query("values=[1,2,3]&connection=ea1.x:1:2&source=[2]&start=5&flag=true");
        assert_eq!(m.get("values"), Some(&json!([1, 2, 3])));
        assert_eq!(m.get("connection"), Some(&json!("ea1.x:1:2")));
        assert_eq!(m.get("source"), Some(&json!(2)));
        assert_eq!(m.get("start"), Some(&json!("5")));
        assert_eq!(m.get("flag"), Some(&json!("true")));
    }

    #[test]
    fn repeated_keys_become_lists_and_one_element_lists_flatten() {
        let m = Message::from_query("connections=a&connections=b&one=%5B%22a%22%5D");
        assert_eq!(m.get("connections"), Some(&json!(["a", "b"])));
        assert_eq!(m.get("one"), Some(&json!("a")));
    }

    #[test]
    fn bodies_must_be_json() {
        assert!(matches!(Message::from_body(b"not json"), Err(ApiError::NotAJson)));
        assert!(matches!(Message::from_body(b""), Err(ApiError::NotAJson)));
        assert_eq!(Message::from_body(b"[1]").ok(), Some(Message::default()));
        assert_eq!(Message::from_body(br#"{"a": 1}"#).ok().and_then(|m| m.get("a").cloned()), Some(json!(1)));
    }
}
