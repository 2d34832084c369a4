//! The cross-check with botocore, an independent SigV4 signer: every
//! request botocore signed (tests/data/sigv4/botocore-cross.json, made by
//! tests/sigv4/botocore_cross.py, regenerated and compared by `.ci/run`)
//! verifies, with double URI encoding as botocore uses, and signing the
//! same request gives botocore's signature, through the library and through
//! `policy sign`.

use std::process::Command;

use lattice_policy::eval::Timestamp;
use lattice_policy::sigv4::canonical::{canonical_uri, UriEncoding};
use lattice_policy::sigv4::{
    sign, verify, Canonicalization, Credentials, HttpRequest, Payload, SignForm, SignParams,
};
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sigv4/botocore-cross.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The host header botocore signs for `url` (the port dropped when it is
/// the scheme's default), and the request target.
fn split_url(url: &str) -> (String, String) {
    let rest = url.strip_prefix("https://").unwrap();
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split);
    let host = authority.strip_suffix(":443").unwrap_or(authority);
    (host.to_owned(), target.to_owned())
}

fn request(method: &str, url: &str, headers: &Value) -> HttpRequest {
    let (host, target) = split_url(url);
    let mut request = HttpRequest {
        method: method.to_owned(),
        ..HttpRequest::default()
    };
    request.set_target(&target);
    request.headers.push(("host".to_owned(), host));
    for pair in headers.as_array().unwrap() {
        request.headers.push((
            pair[0].as_str().unwrap().to_owned(),
            pair[1].as_str().unwrap().to_owned(),
        ));
    }
    request
}

fn credentials(fixture: &Value, case: &Value) -> Credentials {
    let credentials = Credentials::new(
        fixture["accessKeyId"].as_str().unwrap(),
        fixture["secretAccessKey"].as_str().unwrap(),
    );
    match case["sessionToken"].as_str() {
        Some(token) => credentials.with_token(token),
        None => credentials,
    }
}

#[test]
fn every_botocore_signature_verifies_and_is_reproduced() {
    let fixture = fixture();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 300);
    let time = Timestamp::parse_rfc3339(fixture["time"].as_str().unwrap()).unwrap();
    let mut single_differs = 0;
    for case in cases {
        let id = &case["id"];
        let method = case["method"].as_str().unwrap();
        let credentials = credentials(&fixture, case);
        let signed = request(
            method,
            case["signedUrl"].as_str().unwrap(),
            &case["signedHeaders"],
        );
        let verification = verify(&signed, &credentials).unwrap();
        let matched = verification
            .matched
            .as_ref()
            .unwrap_or_else(|| panic!("case {id} does not verify: {:?}", verification.notes));
        if matched.canonicalization.encoding != UriEncoding::Double {
            panic!(
                "case {id} matched {:?}, botocore double-encodes",
                matched.canonicalization
            );
        }
        if canonical_uri(&signed.path, Canonicalization::SINGLE)
            != canonical_uri(&signed.path, Canonicalization::DOUBLE)
        {
            single_differs += 1;
        }

        let form = match case["form"].as_str().unwrap() {
            "query" => SignForm::Query {
                expires: case["expires"].as_u64().unwrap(),
            },
            _ => SignForm::Header,
        };
        // botocore rewrites a presigned URL's query (it keeps one value
        // per key): the request it signed is the signed URL without the
        // signature's parameters, which the signer replaces.
        let url = match form {
            SignForm::Query { .. } => case["signedUrl"].as_str().unwrap(),
            SignForm::Header => case["url"].as_str().unwrap(),
        };
        let unsigned = request(method, url, &case["headers"]);
        let params = SignParams {
            credentials: &credentials,
            region: fixture["region"].as_str().unwrap(),
            service: fixture["service"].as_str().unwrap(),
            time,
            form,
            payload: Payload::Unsigned,
            canonicalization: Canonicalization::DOUBLE,
        };
        let ours = sign(&unsigned, &params).unwrap();
        assert_eq!(
            ours.signature,
            case["signature"].as_str().unwrap(),
            "case {id}"
        );
    }
    // The paths with escapes are the ones the two encodings disagree on:
    // the generator makes plenty.
    assert!(single_differs > 50, "{single_differs}");
}

#[test]
fn policy_sign_gives_botocores_signatures() {
    let fixture = fixture();
    let cases = fixture["cases"].as_array().unwrap();
    for case in cases.iter().take(40) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_policy"));
        let url = if case["form"] == "query" {
            // The query botocore signed, without its signature parameters.
            let signed = case["signedUrl"].as_str().unwrap();
            let (base, query) = signed.split_once('?').unwrap();
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.starts_with("X-Amz-"))
                .collect();
            if kept.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        } else {
            case["url"].as_str().unwrap().to_owned()
        };
        command
            .args(["sign", &url, "-X", case["method"].as_str().unwrap()])
            .args(["--now", fixture["time"].as_str().unwrap()])
            .args(["--region", fixture["region"].as_str().unwrap()])
            .args(["--access-key-id", fixture["accessKeyId"].as_str().unwrap()])
            .args(["--format", "json"])
            .env("AWS_SECRET_ACCESS_KEY", "not this one")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_PROFILE");
        command.args([
            "--secret-access-key",
            fixture["secretAccessKey"].as_str().unwrap(),
        ]);
        if let Some(token) = case["sessionToken"].as_str() {
            command.args(["--session-token", token]);
        }
        if case["form"] == "query" {
            command.args(["--presign", "--expires", &case["expires"].to_string()]);
        }
        for pair in case["headers"].as_array().unwrap() {
            command.args([
                "-H",
                &format!(
                    "{}: {}",
                    pair[0].as_str().unwrap(),
                    pair[1].as_str().unwrap()
                ),
            ]);
        }
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let out: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(out["signature"], case["signature"], "case {}", case["id"]);
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(!text.contains(fixture["secretAccessKey"].as_str().unwrap()));
    }
}
