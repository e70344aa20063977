//! One storage, many dialects: data posted through v1 read back through v1_1, v2_0 and v3_0.

use serde_json::json;

use super::world::{connection, world};
use crate::support::{TestApp, on_both_backends};

async fn a_post_to_v1_reads_the_same_everywhere(app: TestApp) {
    let w = world(app);
    let address = connection(w.prosumer_id, w.cs1);
    let posted = json!({"type": "PostMeterDataRequest", "connection": address, "values": [1.5, -2.5, 3.0, 0.25],
                        "start": "2015-01-01T00:00:00+01:00", "duration": "PT1H", "unit": "MW"});
    assert_eq!(w.post("/api/v1/postMeterData", &w.prosumer, posted).await.0, 200);
    let query = [("type", "GetMeterDataRequest"), ("unit", "MW"), ("connection", address.as_str()), ("start", "2014-12-31T23:00:00Z"), ("duration", "PT1H")];
    for version in ["v1", "v1_1", "v1_2", "v1_3", "v2_0"] {
        let (status, body) = w.get(&format!("/api/{version}/getMeterData"), &w.prosumer, &query).await;
        assert_eq!((status, body["values"].clone()), (200, json!([1.5, -2.5, 3.0, 0.25])), "{version}: {body}");
    }
    let (status, body) = w
        .get(&format!("/api/v3_0/sensors/{}/data", w.cs1), &w.prosumer, &[("start", "2014-12-31T23:00:00Z"), ("duration", "PT1H"), ("unit", "MW")])
        .await;
    assert_eq!((status, body["values"].clone()), (200, json!([-1.5, 2.5, -3.0, -0.25])), "v3_0 keeps the stored sign (production positive): {body}");
}
on_both_backends!(a_post_to_v1_reads_the_same_everywhere);
