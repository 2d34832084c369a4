//! SigV4 against AWS's signing test suite (aws-c-auth's
//! `aws-signing-test-suite/v4`, Apache-2.0; see
//! `tests/data/sigv4/aws-signing-test-suite/NOTICE.md`): for every case,
//! the header and the presigned form give the documented canonical request,
//! string to sign and signature, and the documented signed requests verify.

use std::path::{Path, PathBuf};

use lattice_policy::eval::Timestamp;
use lattice_policy::sigv4::canonical::{Canonicalization, UriEncoding};
use lattice_policy::sigv4::{
    sign, verify, Credentials, HttpRequest, Payload, SignForm, SignParams,
};

fn suite() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/sigv4/aws-signing-test-suite/v4")
}

/// A request as the suite writes it: the request line, headers (a line
/// starting with white space continues the previous value), a blank line,
/// the body.
pub fn parse_request_txt(text: &str) -> HttpRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap();
    let (method, rest) = request_line.split_once(' ').unwrap();
    let target = rest.rsplit_once(" HTTP/").map_or(rest, |(t, _)| t);
    let mut request = HttpRequest {
        method: method.to_owned(),
        ..HttpRequest::default()
    };
    request.set_target(target);
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let last = request.headers.last_mut().unwrap();
            last.1.push(' ');
            last.1.push_str(line.trim());
        } else if let Some((name, value)) = line.split_once(':') {
            request.headers.push((name.to_owned(), value.to_owned()));
        }
    }
    request.body = body.as_bytes().to_vec();
    request
}

fn read(case: &Path, file: &str) -> String {
    std::fs::read_to_string(case.join(file)).unwrap()
}

#[test]
fn every_suite_case_signs_and_verifies_as_documented() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(suite())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 39, "the suite's cases are all there");
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let context: serde_json::Value = serde_json::from_str(&read(case, "context.json")).unwrap();
        let creds = &context["credentials"];
        let mut credentials = Credentials::new(
            creds["access_key_id"].as_str().unwrap(),
            creds["secret_access_key"].as_str().unwrap(),
        );
        let omit_token = context["omit_session_token"].as_bool() == Some(true);
        if let (Some(token), false) = (creds["token"].as_str(), omit_token) {
            credentials = credentials.with_token(token);
        }
        let payload = match (
            context["sign_body"].as_bool(),
            context["signed_body_value"].as_str(),
        ) {
            (Some(true), Some("UNSIGNED-PAYLOAD")) => Payload::Unsigned,
            (Some(true), _) => Payload::BodyHashHeader,
            _ => Payload::BodyHash,
        };
        let canonicalization = Canonicalization {
            encoding: UriEncoding::Double,
            normalize: context["normalize"].as_bool().unwrap(),
        };
        let request = parse_request_txt(&read(case, "request.txt"));
        let time = Timestamp::parse_rfc3339(context["timestamp"].as_str().unwrap()).unwrap();
        for (prefix, form) in [
            ("header", SignForm::Header),
            ("query", SignForm::Query { expires: 3600 }),
        ] {
            let params = SignParams {
                credentials: &credentials,
                region: context["region"].as_str().unwrap(),
                service: context["service"].as_str().unwrap(),
                time,
                form,
                payload: payload.clone(),
                canonicalization,
            };
            let signed = sign(&request, &params).unwrap();
            let want = |file: &str| read(case, &format!("{prefix}-{file}"));
            assert_eq!(
                signed.canonical_request,
                want("canonical-request.txt"),
                "{name} {prefix}"
            );
            assert_eq!(
                signed.string_to_sign,
                want("string-to-sign.txt"),
                "{name} {prefix}"
            );
            assert_eq!(
                signed.signature,
                want("signature.txt").trim(),
                "{name} {prefix}"
            );

            // The suite's own signed request verifies with the same
            // credentials (and the session token added after signing, in
            // the omit_session_token cases, is not needed to verify).
            if omit_token && prefix == "query" {
                // A token added to a presigned URL after signing changes
                // the canonical query string: no verifier can match it.
                continue;
            }
            let documented = parse_request_txt(&want("signed-request.txt"));
            let verification = verify(&documented, &credentials).unwrap();
            assert!(
                verification.matches(),
                "{name} {prefix}: {:?}",
                verification.notes
            );
        }
    }
}

#[test]
fn a_changed_request_does_not_verify_and_says_where_to_look() {
    let case = suite().join("get-vanilla-with-session-token");
    let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    let mut request = parse_request_txt(&read(&case, "header-signed-request.txt"));
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case("x-amz-security-token"));
    let verification = verify(&request, &credentials).unwrap();
    assert!(!verification.matches(), "{verification:?}");
    assert!(
        verification.notes[0].contains("`x-amz-security-token` is named in SignedHeaders"),
        "{:?}",
        verification.notes
    );

    let other = Credentials::new("AKIDOTHER", "another secret");
    let request = parse_request_txt(&read(
        &suite().join("get-vanilla"),
        "header-signed-request.txt",
    ));
    let verification = verify(&request, &other).unwrap();
    assert!(verification.notes[0].contains("signed with access key AKIDEXAMPLE"));
}

/// `policy sign` never writes the secret access key, in any format, with
/// the credential source shown, or when it fails.
#[test]
fn policy_sign_never_prints_the_secret() {
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let url = "https://svc-0123.7d67968.vpc-lattice-svcs.us-west-2.on.aws/rates?a=1";
    let runs: [&[&str]; 7] = [
        &["--format", "curl"],
        &["--format", "http"],
        &["--format", "json"],
        &["--presign", "--format", "json"],
        &["--format", "json", "--region", "not a region/"],
        &["--sigv4a"],
        &["--sigv4a", "--presign", "--format", "json"],
    ];
    for extra in runs {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_policy"))
            .args([
                "sign",
                url,
                "--now",
                "2026-12-01T12:00:00Z",
                "--show-credential-source",
            ])
            .args(extra)
            .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", "token-that-must-be-sent")
            .env_remove("AWS_PROFILE")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stdout.contains(SECRET) && !stderr.contains(SECRET),
            "{extra:?}"
        );
        assert!(output.status.success(), "{extra:?}: {stderr}");
        assert!(stderr.contains("credentials: environment"), "{stderr}");
        // The token is part of the request: it must be there.
        assert!(stdout.contains("token-that-must-be-sent"), "{stdout}");
    }
}

/// What `policy sign` writes verifies, in both forms.
#[test]
fn policy_sign_output_verifies() {
    for presign in [false, true] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_policy"));
        command
            .args([
                "sign",
                "https://h.example/a%2Fb/c?x=1&x=0",
                "-X",
                "POST",
                "-H",
                "x-env: prod",
            ])
            .args([
                "--region",
                "us-east-1",
                "--now",
                "2026-12-01T12:00:00Z",
                "--format",
                "http",
            ])
            .args([
                "--access-key-id",
                "AKIDEXAMPLE",
                "--secret-access-key",
                "s3cret",
            ]);
        if presign {
            command.arg("--presign");
        }
        let output = command.output().unwrap();
        assert!(output.status.success());
        let text = String::from_utf8(output.stdout).unwrap().replace(": ", ":");
        let request = parse_request_txt(&text);
        let verification = verify(&request, &Credentials::new("AKIDEXAMPLE", "s3cret")).unwrap();
        let matched = verification.matched.expect("verifies");
        assert_eq!(matched.canonicalization, Canonicalization::DOUBLE);
        assert!(
            verify(&request, &Credentials::new("AKIDEXAMPLE", "other")).is_ok_and(|v| !v.matches())
        );
    }
}
