//! The SigV4A cross-check with awscrt, AWS's own signer (its Python
//! binding): every request awscrt signed with SigV4A for a region set
//! (tests/data/sigv4/awscrt-v4a-cross.json, made by
//! tests/sigv4/awscrt_cross.py) verifies under the key this project derives
//! from the credentials, and signing the same request with
//! `sign_sigv4a` gives the same canonical request and string to sign (ECDSA
//! signatures are randomised: they are verified, not compared), and a
//! signature that verifies. `.ci/run` makes a fresh file with a pinned
//! awscrt and points LATTICE_SIGV4A_CROSS at it, so fresh randomised
//! signatures are checked too.

use lattice_policy::eval::Timestamp;
use lattice_policy::sigv4::{
    sign_sigv4a, verify, Canonicalization, Credentials, HttpRequest, Payload, SignForm, SignParams,
};
use serde_json::Value;

fn fixture() -> Value {
    let path = std::env::var("LATTICE_SIGV4A_CROSS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sigv4/awscrt-v4a-cross.json"
        )
        .to_owned()
    });
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The host header for `url` (the port dropped when it is 443) and the
/// request target.
fn split_url(url: &str) -> (String, String) {
    let rest = url.strip_prefix("https://").unwrap();
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split);
    let host = authority.strip_suffix(":443").unwrap_or(authority);
    let target = if target.is_empty() { "/" } else { target };
    (host.to_owned(), target.to_owned())
}

fn request(method: &str, target: &str, headers: &[(String, String)]) -> HttpRequest {
    let mut request = HttpRequest {
        method: method.to_owned(),
        headers: headers.to_vec(),
        ..HttpRequest::default()
    };
    request.set_target(target);
    request
}

fn pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_awscrt_sigv4a_signature_verifies_and_is_reproduced() {
    let fixture = fixture();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 200);
    let time = Timestamp::parse_rfc3339(fixture["time"].as_str().unwrap()).unwrap();
    let (mut presigned, mut with_token) = (0, 0);
    for case in cases {
        let id = &case["id"];
        let method = case["method"].as_str().unwrap();
        let mut credentials = Credentials::new(
            fixture["accessKeyId"].as_str().unwrap(),
            fixture["secretAccessKey"].as_str().unwrap(),
        );
        if let Some(token) = case["sessionToken"].as_str() {
            credentials = credentials.with_token(token);
            with_token += 1;
        }
        let theirs = request(
            method,
            case["signedTarget"].as_str().unwrap(),
            &pairs(&case["signedHeaders"]),
        );
        let verification = verify(&theirs, &credentials).unwrap();
        let matched = verification
            .matched
            .clone()
            .unwrap_or_else(|| panic!("case {id}: {}", verification.report()));
        assert_eq!(
            matched.canonicalization,
            Canonicalization::DOUBLE,
            "case {id}"
        );
        let other = Credentials::new("AKIDEXAMPLE", "not the secret");
        assert!(!verify(&theirs, &other).unwrap().matches(), "case {id}");

        let (host, target) = split_url(case["url"].as_str().unwrap());
        let mut headers = vec![("host".to_owned(), host)];
        headers.extend(pairs(&case["headers"]));
        let form = match case["form"].as_str().unwrap() {
            "query" => {
                presigned += 1;
                SignForm::Query {
                    expires: case["expires"].as_u64().unwrap(),
                }
            }
            _ => SignForm::Header,
        };
        let params = SignParams {
            credentials: &credentials,
            region: "",
            service: fixture["service"].as_str().unwrap(),
            time,
            form,
            payload: Payload::Unsigned,
            canonicalization: Canonicalization::DOUBLE,
        };
        let ours = sign_sigv4a(
            &request(method, &target, &headers),
            &params,
            case["regionSet"].as_str().unwrap(),
        )
        .unwrap();
        assert_eq!(
            ours.canonical_request, matched.canonical_request,
            "case {id}"
        );
        assert_eq!(ours.string_to_sign, matched.string_to_sign, "case {id}");
        assert!(
            verify(&ours.request, &credentials).unwrap().matches(),
            "case {id}: our own signature"
        );
    }
    assert!(
        presigned >= 40 && with_token >= 40,
        "{presigned} {with_token}"
    );
}
