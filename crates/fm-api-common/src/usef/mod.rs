//! The USEF-style message machinery of API v1.x and v2_0, shared by both families.
//!
//! - [`catalogue`]: every response helper of the original (status, HTTP code, result key,
//!   base message), written once;
//! - [`message`]: the request fields as one JSON object ("the message"), read from the query
//!   string of a GET or the body of a POST;
//! - [`respond`]: stamping the response `type` on what an endpoint answers itself;
//! - [`fields`]: the checks of single fields (type, unit, entities, values, horizon, prior,
//!   period, resolution);
//! - [`connection`]: getConnection, the same in every version that has it;
//! - [`entities`]: addresses resolved to sensors, and which connections a user may use;
//! - [`resolution`]: the required-resolution check and upsampling of posted values;
//! - [`services`]: the service listings of `getService`;
//! - [`reading`]: reading power data back in the legacy shape (getMeterData, getPrognosis);
//! - [`saving`]: storing posted beliefs and the success statuses;
//! - [`signs`]: the sign rules of posted power;
//! - [`udi`]: UDI events and device messages.

pub mod catalogue;
pub mod connection;
pub mod entities;
pub mod fields;
pub mod message;
pub mod reading;
pub mod resolution;
pub mod respond;
pub mod saving;
pub mod services;
pub mod signs;
pub mod udi;

pub use catalogue::Usef;
pub use message::{Message, open_message};
pub use respond::typed;
