//! `policy eval --http` and `--curl`: requests from the wire, their
//! signature findings (docs/requests-from-the-wire.md) and the caller they
//! decide. Fixtures in tests/data/wire/ carry fake signatures: inspection
//! reads a signature, it does not verify it.

use super::*;

const POLICY: &str = "policies/authenticated-only/policy.json";
/// One minute after the fixtures were signed.
const NOW: &str = "2026-01-01T12:01:00Z";

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn fixture(name: &str) -> PathBuf {
    root(&format!("tests/data/wire/{name}"))
}

fn eval_http(name: &str) -> (i32, Value) {
    let run = policy(&[
        &"eval",
        &root(POLICY),
        &"--format",
        &"json",
        &"--now",
        &NOW,
        &"--http",
        &fixture(name),
    ]);
    (run.code, run.json())
}

fn codes_of(report: &Value) -> Vec<String> {
    report["authentication"]["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| f["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_unsigned_request_is_anonymous() {
    let (code, report) = eval_http("anonymous.http");
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["decision"], "deny");
    let auth = &report["authentication"];
    assert_eq!(auth["form"], "none");
    assert_eq!(auth["caller"]["kind"], "anonymous");
    assert_eq!(auth["signatureMatches"], Value::Null);
    assert_eq!(
        report["request"]["context"]["vpc-lattice-svcs:requestquerystring/currency"],
        json!(["EUR"])
    );
}

#[test]
fn a_signed_request_is_from_the_account_its_key_encodes() {
    let (code, report) = eval_http("signed-ok.http");
    assert_eq!(code, 0, "{report}");
    let auth = &report["authentication"];
    assert_eq!(auth["form"], "header");
    assert_eq!(auth["algorithm"], "AWS4-HMAC-SHA256");
    assert_eq!(auth["findings"], json!([]));
    assert_eq!(auth["rejected"], false);
    assert_eq!(auth["caller"]["kind"], "account");
    assert_eq!(auth["caller"]["account"], "609629065308");
    assert_eq!(
        report["request"]["context"]["aws:principalaccount"],
        json!(["609629065308"])
    );
    // --principal names the caller instead.
    let run = policy(&[
        &"eval",
        &root(POLICY),
        &"--format",
        &"json",
        &"--now",
        &NOW,
        &"--http",
        &fixture("signed-ok.http"),
        &"--principal",
        &"arn:aws:iam::111122223333:role/app",
    ]);
    let report = run.json();
    assert_eq!(report["authentication"]["caller"]["kind"], "principal");
    assert_eq!(
        report["request"]["context"]["aws:principalaccount"],
        json!(["111122223333"])
    );
}

#[test]
fn a_rejected_signature_denies_and_shows_the_policys_answer_after() {
    let (code, report) = eval_http("signed-broken.http");
    assert_eq!(
        code, 1,
        "authentication fails: exit 1 (decision authentication-before-policy)"
    );
    assert_eq!(
        report["decision"], "allow",
        "the policy's answer once the signature is fixed"
    );
    assert_eq!(report["authentication"]["rejected"], true);
    assert_eq!(
        codes_of(&report),
        [
            "SIGV4_SIGNED_PAYLOAD",
            "SIGV4_SIGNING_NAME",
            "SIGV4_SIGNED_HEADER_MISSING",
            "SIGV4_SESSION_TOKEN_MISSING"
        ]
    );
    let human = policy(&[
        &"eval",
        &root(POLICY),
        &"--now",
        &NOW,
        &"--http",
        &fixture("signed-broken.http"),
    ]);
    assert_eq!(human.code, 1);
    let findings_at = human.stdout.find("SIGV4_SIGNED_PAYLOAD");
    let answer_at = human.stdout.find("allow (allowed)");
    assert!(
        findings_at.is_some() && findings_at < answer_at,
        "{}",
        human.stdout
    );
    assert!(human
        .stdout
        .contains("Lattice would reject this request before reading any policy"));
}

/// Each inspection code on a raw-request fixture: the code, where it points
/// (line:column in the fixture) and the message.
#[test]
fn each_code_on_its_fixture() {
    let mut summary = String::new();
    for name in [
        "signed-broken.http",
        "presigned-expired.http",
        "scope-and-skew.http",
        "token-unsigned-region.http",
        "sigv4a-region-set.http",
        "bearer.http",
        "malformed.http",
    ] {
        let (_, report) = eval_http(name);
        summary.push_str(&format!(
            "{name}: form {} rejected {}\n",
            report["authentication"]["form"], report["authentication"]["rejected"]
        ));
        for f in report["authentication"]["findings"]
            .as_array()
            .into_iter()
            .flatten()
        {
            summary.push_str(&format!(
                "  {}:{} {} {}: {}\n",
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap_or(""),
                f["code"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            ));
        }
    }
    insta::with_settings!({snapshot_path => "../../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("wire__each_code", summary);
    });
}

#[test]
fn every_code_is_documented_for_policy_explain() {
    for info in lattice_policy::wire::codes::ALL {
        let run = policy(&[&"explain", &info.code]);
        assert_eq!(run.code, 0, "{}: {}", info.code, run.stderr);
        assert!(run.stdout.contains(info.code), "{}", run.stdout);
    }
}

#[test]
fn a_curl_line_with_sigv4_and_a_secret_never_shows_the_secret() {
    let line = std::fs::read_to_string(fixture("curl-sigv4.txt")).unwrap();
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    assert!(line.contains(secret));
    for format in ["human", "json"] {
        let run = policy(&[
            &"eval",
            &root(POLICY),
            &"--format",
            &format,
            &"--now",
            &NOW,
            &"--curl",
            &line,
        ]);
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{format}: the secret was shown"
        );
        assert!(!run.stdout.contains("K7MDENG"), "{format}");
        assert_eq!(
            run.code, 1,
            "{format}: signing name vpc-lattice is rejected\n{}",
            run.stdout
        );
    }
    let run = policy(&[
        &"eval",
        &root(POLICY),
        &"--format",
        &"json",
        &"--now",
        &NOW,
        &"--curl",
        &line,
    ]);
    let report = run.json();
    assert_eq!(report["authentication"]["signedByCurl"], true);
    assert_eq!(
        codes_of(&report),
        ["SIGV4_SIGNING_NAME", "SIGV4_SESSION_TOKEN_UNSIGNED"]
    );
    assert_eq!(
        report["request"]["context"]["vpc-lattice-svcs:requestmethod"],
        json!(["POST"])
    );
    assert_eq!(
        report["request"]["context"]["vpc-lattice-svcs:requestquerystring/dry"],
        json!(["1"])
    );
}

#[test]
fn a_raw_request_on_standard_input() {
    let text = std::fs::read(fixture("anonymous.http")).unwrap();
    let run = policy_stdin(
        &[
            &"eval",
            &root(POLICY),
            &"--format",
            &"json",
            &"--http",
            &"-",
        ],
        &text,
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["authentication"]["form"], "none");
}

#[test]
fn an_unreadable_request_says_where_and_exits_2() {
    let run = policy_stdin(
        &[&"eval", &root(POLICY), &"--http", &"-"],
        b"Host: x\r\n\r\n",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("does not start with a method"),
        "{}",
        run.stderr
    );
    let mut many = String::from("GET / HTTP/1.1\r\n");
    for i in 0..10_000 {
        many.push_str(&format!("X-{i}: v\r\n"));
    }
    let run = policy_stdin(&[&"eval", &root(POLICY), &"--http", &"-"], many.as_bytes());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("more than 1000 headers"),
        "{}",
        run.stderr
    );
    let run = policy_stdin(
        &[&"eval", &root(POLICY), &"--http", &"-"],
        b"GET / HTTP/1.1\r\nA: \x00\xff\r\n",
    );
    assert_eq!(run.code, 2);
    let run = policy(&[&"eval", &root(POLICY), &"--curl", &"curl -H 'unterminated"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("never closed"), "{}", run.stderr);
}

#[test]
fn unknown_curl_options_are_notes_and_flags_add_to_the_request() {
    let run = policy(&[
        &"eval",
        &root(POLICY),
        &"--format",
        &"json",
        &"--curl",
        &"curl --frobnicate -H 'x-env: prod' https://h.example/a",
        &"--header",
        &"x-team=blue",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let notes = report["authentication"]["notes"].to_string();
    assert!(notes.contains("--frobnicate"), "{notes}");
    assert_eq!(
        report["request"]["context"]["vpc-lattice-svcs:requestheader/x-env"],
        json!(["prod"])
    );
    assert_eq!(
        report["request"]["context"]["vpc-lattice-svcs:requestheader/x-team"],
        json!(["blue"])
    );
}

/// `--verify` on requests botocore signed (tests/data/sigv4/botocore-cross.json,
/// an independent signer): each one, written as the raw request it sent,
/// matches with the fixture's credentials, and a wrong secret does not
/// (rejected at authentication, exit 1, the secret never shown).
#[test]
fn verify_recomputes_botocores_signatures_from_the_raw_request() {
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(root("tests/data/sigv4/botocore-cross.json")).unwrap(),
    )
    .unwrap();
    let key = fixture["accessKeyId"].as_str().unwrap();
    let secret = fixture["secretAccessKey"].as_str().unwrap();
    let now = "2026-12-01T12:01:00Z";
    let scratch = Scratch::new("wire-verify");
    let cases: Vec<&Value> = fixture["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["form"] == "header" && c["sessionToken"].is_null())
        .take(8)
        .collect();
    assert_eq!(cases.len(), 8);
    for case in cases {
        let url = case["signedUrl"].as_str().unwrap();
        let after_scheme = url.split_once("://").unwrap().1;
        let (host, target) = match after_scheme.find('/') {
            Some(i) => after_scheme.split_at(i),
            None => (after_scheme, "/"),
        };
        // The Host header a client sends leaves out the scheme's default
        // port, as botocore signs it.
        let host = match url.split_once("://").unwrap().0 {
            "https" => host.strip_suffix(":443").unwrap_or(host),
            _ => host.strip_suffix(":80").unwrap_or(host),
        };
        let mut raw = format!(
            "{} {target} HTTP/1.1\r\nHost: {host}\r\n",
            case["method"].as_str().unwrap()
        );
        for header in case["signedHeaders"].as_array().unwrap() {
            raw.push_str(&format!(
                "{}: {}\r\n",
                header[0].as_str().unwrap(),
                header[1].as_str().unwrap()
            ));
        }
        raw.push_str("\r\n");
        let file = scratch.file(&format!("case-{}.http", case["id"]), &raw);
        let verify = |secret: &str| {
            policy(&[
                &"eval",
                &root(POLICY),
                &"--http",
                &file,
                &"--now",
                &now,
                &"--verify",
                &"--access-key-id",
                &key,
                &"--secret-access-key",
                &secret,
                &"--format",
                &"json",
            ])
        };
        let run = verify(secret);
        let report = run.json();
        assert_eq!(
            report["authentication"]["signatureMatches"],
            Value::Bool(true),
            "case {}: {}\n{raw}",
            case["id"],
            report["authentication"]["verification"]
        );
        let wrong = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYWRONGKEYX";
        let run = verify(wrong);
        assert_eq!(run.code, 1, "case {}", case["id"]);
        let report = run.json();
        assert_eq!(
            report["authentication"]["signatureMatches"],
            Value::Bool(false)
        );
        assert_eq!(report["authentication"]["rejected"], Value::Bool(true));
        assert!(!run.stdout.contains(wrong) && !run.stderr.contains(wrong));
        assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
    }
}

#[test]
fn verify_needs_a_request_from_the_wire() {
    let run = policy(&[&"eval", &root(POLICY), &"GET /", &"--verify"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--http"), "{}", run.stderr);
}
