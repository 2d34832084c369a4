//! What each inspection finding highlights in the request text: the exact
//! offending part (the scope's date, region or signing name inside the
//! credential, a header, a query parameter), in the header and the
//! presigned form, a raw request and a curl line alike. The snapshot shows
//! each finding's code and the text its span covers.

use std::path::PathBuf;

use lattice_policy::eval::Timestamp;
use lattice_policy::wire::{curl, http, inspect, WireRequest};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/wire")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// Each finding of `request` as `CODE: highlighted text`, the service
/// taken to be in us-west-2 as the fixtures' host names say.
fn highlights(request: &WireRequest) -> String {
    let now = Timestamp::parse_rfc3339("2026-01-01T12:01:00Z").unwrap();
    let mut inspection = inspect::inspect(request, now);
    inspection.check_region(request, Some("us-west-2"));
    let mut out = String::new();
    for finding in &inspection.findings {
        let text = request
            .text
            .get(finding.span.offset()..finding.span.end as usize)
            .unwrap();
        out.push_str(&format!("  {}: {text}\n", finding.info.code));
    }
    out
}

const PRESIGNED: &str = "GET /rates?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAY34FZKBOKMUTVV7A%2F20251231%2Fus-westt-2%2Fvpc-lattice%2Faws4_request&X-Amz-Date=20260101T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host%3Bx-amz-content-sha256&X-Amz-Signature=ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff HTTP/1.1\r\nHost: svc-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-west-2.on.aws\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n\r\n";

const PRESIGNED_OTHER_REGION: &str = "GET /rates?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAY34FZKBOKMUTVV7A/20260101/eu-west-1/vpc-lattice-svcs/aws4_request&X-Amz-Date=20260101T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host%3Bx-amz-content-sha256&X-Amz-Signature=ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff HTTP/1.1\r\nHost: svc-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-west-2.on.aws\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n\r\n";

const SIGV4A_WITHOUT_SET: &str = "GET /rates HTTP/1.1\r\nHost: svc-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-west-2.on.aws\r\nx-amz-date: 20260101T120000Z\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nAuthorization: AWS4-ECDSA-P256-SHA256 Credential=AKIAY34FZKBOKMUTVV7A/20260101/vpc-lattice-svcs/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=3045022100aa\r\n\r\n";

/// A curl line whose credential is written with quotes in the middle:
/// the highlight follows the characters, not the quotes.
const CURL: &str = r#"curl https://svc-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-west-2.on.aws/rates \
  -H 'x-amz-date: 20260101T120000Z' -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' \
  -H "Authorization: AWS4-HMAC-SHA256 Credential=AKIAY34FZKBOKMUTVV7A/20260101/"'eu-west-1'"/vpc-lattice/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff""#;

#[test]
fn each_finding_highlights_exactly_the_offending_part() {
    let mut summary = String::new();
    for name in [
        "signed-broken.http",
        "presigned-expired.http",
        "scope-and-skew.http",
        "token-unsigned-region.http",
        "sigv4a-region-set.http",
        "malformed.http",
    ] {
        let text = fixture(name);
        let request = http::parse(name, text.as_bytes()).unwrap();
        summary.push_str(&format!("{name}:\n{}", highlights(&request)));
    }
    for (name, text) in [
        ("presigned scope", PRESIGNED),
        ("presigned, another region", PRESIGNED_OTHER_REGION),
        ("SigV4A without a region set", SIGV4A_WITHOUT_SET),
    ] {
        let request = http::parse(name, text.as_bytes()).unwrap();
        summary.push_str(&format!("{name}:\n{}", highlights(&request)));
    }
    let request = curl::parse(CURL).unwrap();
    summary.push_str(&format!(
        "curl, quoted credential:\n{}",
        highlights(&request)
    ));
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("wire__highlights", summary);
    });
}
