//! SigV4A against the SigV4A half of AWS's signing test suite (aws-c-auth's
//! `aws-signing-test-suite/v4a`, Apache-2.0; see
//! `tests/data/sigv4/aws-signing-test-suite/NOTICE.md`). Its signatures are
//! randomised ECDSA signatures, so they are verified, not compared: for
//! every case the key derived from the credentials is the documented
//! public key, the header and presigned forms give the documented
//! canonical request and string to sign, the documented signatures verify
//! under the documented public key, our own signatures verify too, and the
//! documented signed requests pass `verify`.

use std::path::{Path, PathBuf};

use lattice_policy::eval::Timestamp;
use lattice_policy::sigv4::canonical::{Canonicalization, UriEncoding};
use lattice_policy::sigv4::sigv4a;
use lattice_policy::sigv4::{
    sign_sigv4a, verify, Credentials, HttpRequest, Payload, SignForm, SignParams,
};
use p256::ecdsa::VerifyingKey;

use crate::sigv4::parse_request_txt;

fn suite() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/sigv4/aws-signing-test-suite/v4a")
}

fn read(case: &Path, file: &str) -> String {
    std::fs::read_to_string(case.join(file)).unwrap()
}

/// The public key of `public-key.json` (`{"X": hex, "Y": hex}`).
fn documented_key(case: &Path) -> VerifyingKey {
    let json: serde_json::Value = serde_json::from_str(&read(case, "public-key.json")).unwrap();
    let mut sec1 = vec![4u8];
    for coordinate in ["X", "Y"] {
        let text = json[coordinate].as_str().unwrap();
        let padded = format!("{text:0>64}");
        for i in (0..64).step_by(2) {
            sec1.push(u8::from_str_radix(&padded[i..i + 2], 16).unwrap());
        }
    }
    VerifyingKey::from_sec1_bytes(&sec1).unwrap()
}

#[test]
fn every_v4a_suite_case_signs_and_verifies_as_documented() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(suite())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "the suite's cases are all there");
    // Two cases upstream (get-vanilla-query-order-key and -value) have only
    // a request and a context, nothing to check against.
    cases.retain(|case| case.join("public-key.json").exists());
    assert!(cases.len() >= 38);
    let mut verified = 0;
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let context: serde_json::Value = serde_json::from_str(&read(case, "context.json")).unwrap();
        let creds = &context["credentials"];
        let access_key_id = creds["access_key_id"].as_str().unwrap();
        let secret = creds["secret_access_key"].as_str().unwrap();
        let mut credentials = Credentials::new(access_key_id, secret);
        let omit_token = context["omit_session_token"].as_bool() == Some(true);
        if let (Some(token), false) = (creds["token"].as_str(), omit_token) {
            credentials = credentials.with_token(token);
        }
        let public = documented_key(case);
        assert_eq!(
            sigv4a::verifying_key(access_key_id, secret),
            Some(public),
            "{name}: the derived public key"
        );
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
        let region_set = context["region"].as_str().unwrap();
        let request = parse_request_txt(&read(case, "request.txt"));
        let time = Timestamp::parse_rfc3339(context["timestamp"].as_str().unwrap()).unwrap();
        for (prefix, form) in [
            ("header", SignForm::Header),
            ("query", SignForm::Query { expires: 3600 }),
        ] {
            let params = SignParams {
                credentials: &credentials,
                region: "",
                service: context["service"].as_str().unwrap(),
                time,
                form,
                payload: payload.clone(),
                canonicalization,
            };
            let signed = sign_sigv4a(&request, &params, region_set).unwrap();
            let want = |file: &str| read(case, &format!("{prefix}-{file}"));
            assert_eq!(
                signed.canonical_request,
                want("canonical-request.txt"),
                "{name} {prefix}"
            );
            let sts = want("string-to-sign.txt");
            assert_eq!(signed.string_to_sign, sts, "{name} {prefix}");
            // Ours verifies under the documented key, and so does theirs.
            assert!(
                sigv4a::verify_string(&public, &sts, &signed.signature),
                "{name} {prefix}: our signature"
            );
            assert!(
                sigv4a::verify_string(&public, &sts, want("signature.txt").trim()),
                "{name} {prefix}: the documented signature"
            );
            assert!(
                !sigv4a::verify_string(&public, &format!("{sts}x"), &signed.signature),
                "{name} {prefix}: another text"
            );
            if omit_token && prefix == "query" {
                // A token added to a presigned URL after signing changes
                // the canonical query string: no verifier can match it.
                continue;
            }
            let documented = parse_request_txt(&want("signed-request.txt"));
            let verification = verify(&documented, &credentials).unwrap();
            assert!(
                verification.matches(),
                "{name} {prefix}: {}",
                verification.report()
            );
            verified += 1;
        }
    }
    assert!(verified >= 70, "{verified} documented requests verified");
}

#[test]
fn a_v4a_request_changed_after_signing_does_not_verify() {
    let case = suite().join("get-vanilla");
    let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    let mut request = parse_request_txt(&read(&case, "header-signed-request.txt"));
    for header in &mut request.headers {
        if header.0.eq_ignore_ascii_case("x-amz-region-set") {
            header.1 = "*".to_owned();
        }
    }
    let verification = verify(&request, &credentials).unwrap();
    assert!(!verification.matches());
    let report = verification.report();
    assert!(report.contains("x-amz-region-set:*"), "{report}");
    assert!(!report.contains("wJalrXUtnFEMI"), "{report}");
}

/// `policy sign --sigv4a` writes requests that verify, in both forms, for
/// the region set given or the service's region, and `eval --verify`
/// agrees.
#[test]
fn policy_sign_sigv4a_output_verifies() {
    let credentials = Credentials::new("AKIDEXAMPLE", "s3cret");
    for (presign, region_set) in [(false, Some("us-west-2,eu-*")), (true, None)] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_policy"));
        command
            .args([
                "sign",
                "https://svc-0123.7d67968.vpc-lattice-svcs.us-west-2.on.aws/a%2Fb?x=1",
                "--sigv4a",
                "--now",
                "2026-12-01T12:00:00Z",
                "--format",
                "http",
                "--access-key-id",
                "AKIDEXAMPLE",
                "--secret-access-key",
                "s3cret",
            ])
            .env_remove("AWS_PROFILE");
        if presign {
            command.arg("--presign");
        }
        if let Some(set) = region_set {
            command.args(["--region-set", set]);
        }
        let output = command.output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(text.contains("AWS4-ECDSA-P256-SHA256"), "{text}");
        let want_set = region_set.unwrap_or("us-west-2");
        if presign {
            assert!(
                text.contains(&format!(
                    "X-Amz-Region-Set={}",
                    want_set.replace(',', "%2C").replace('*', "%2A")
                )),
                "{text}"
            );
        } else {
            assert!(
                text.contains(&format!("X-Amz-Region-Set: {want_set}\n")),
                "{text}"
            );
        }
        let request: HttpRequest = parse_request_txt(&text.replace(": ", ":"));
        let verification = verify(&request, &credentials).unwrap();
        assert!(verification.matches(), "{}", verification.report());
        assert!(!verify(&request, &Credentials::new("AKIDEXAMPLE", "other"))
            .unwrap()
            .matches());
    }
}

/// `eval --verify` checks a SigV4A request `policy sign --sigv4a` wrote:
/// `signatureMatches` is true with the signer's secret, false with another,
/// and the secret appears nowhere in the output.
#[test]
fn eval_verify_checks_sigv4a() {
    let signed = std::process::Command::new(env!("CARGO_BIN_EXE_policy"))
        .args([
            "sign",
            "https://svc-0123.7d67968.vpc-lattice-svcs.us-west-2.on.aws/rates",
            "--sigv4a",
            "--region-set",
            "us-west-2",
            "--now",
            "2026-12-01T12:00:00Z",
            "--format",
            "http",
            "--access-key-id",
            "AKIAY34FZKBOKMUTVV7A",
            "--secret-access-key",
            "sigv4a-secret-value",
        ])
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    assert!(signed.status.success());
    let dir = std::env::temp_dir().join(format!("lattice-sigv4a-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("request.http");
    std::fs::write(&file, &signed.stdout).unwrap();
    for (secret, want) in [("sigv4a-secret-value", true), ("another-secret", false)] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_policy"))
            .args(["eval", "policies/authenticated-only/policy.json", "--http"])
            .arg(&file)
            .args([
                "--verify",
                "--now",
                "2026-12-01T12:00:30Z",
                "--format",
                "json",
                "--access-key-id",
                "AKIAY34FZKBOKMUTVV7A",
                "--secret-access-key",
                secret,
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("AWS_PROFILE")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let auth = &report["authentication"];
        assert_eq!(auth["signatureMatches"], want, "{stdout}");
        assert_eq!(auth["algorithm"], "AWS4-ECDSA-P256-SHA256", "{stdout}");
        assert!(!stdout.contains(secret));
        assert!(!String::from_utf8_lossy(&output.stderr).contains(secret));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
