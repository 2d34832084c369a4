//! `check`, `eval` and `diff` agree on the request keys: on the values a key
//! can take (an organization id outside its domain is impossible for all
//! three) and on which callers and protocols carry a key (the 2026 VPC
//! Lattice User Guide: `RequestPath` for anonymous callers, `aws:PrincipalTag`
//! for signed ones only, `aws:ResourceTag` from the service's tags).

use super::*;

fn allow_when(condition: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{condition}}}]}}"#
    )
}

/// The witnesses of the classes `policy diff OLD NEW` says NEW gains.
fn gained(old: &Path, new: &Path) -> Vec<String> {
    let run = policy(&[&"diff", &old, &new, &"--format", &"json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    report["gained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["witness"].as_str().unwrap().to_owned())
        .collect()
}

const NOTHING: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;

#[test]
fn an_organization_id_outside_its_domain_is_impossible_for_check_eval_and_diff() {
    let dir = Scratch::new("keys-org");
    let text = allow_when(r#"{"StringEquals":{"aws:PrincipalOrgID":"o-ABC"}}"#);
    let policy_file = dir.file("policy.json", &text);
    let old = dir.file("old.json", NOTHING);
    // check: the value is outside the domain.
    let (_, report) = check_json(&[&policy_file]);
    let findings = files(&report)[0]["findings"].as_array().unwrap();
    let impossible: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "IMPOSSIBLE_CONDITION_VALUE")
        .collect();
    assert_eq!(impossible.len(), 1, "{findings:?}");
    let message = impossible[0]["message"].as_str().unwrap();
    assert!(message.contains("is never `o-ABC`"), "{message}");
    // eval: a request with that organization is refused as impossible (exit
    // 2), naming the field, the value and the domain.
    let run = policy(&[&"eval", &policy_file, &"GET / as 111122223333 org o-ABC"]);
    assert_eq!(run.code, 2, "{run:?}");
    for part in [
        "principal.orgId",
        "`o-ABC`",
        "impossible",
        "organization ids are",
    ] {
        assert!(run.stderr.contains(part), "{part}: {}", run.stderr);
    }
    // The same through a request file.
    let request = dir.file(
        "request.json",
        r#"{"principal":{"arn":"111122223333","orgId":"o-ABC"}}"#,
    );
    let run = policy(&[&"eval", &policy_file, &"--request", &request]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("principal.orgId"), "{}", run.stderr);
    // diff: the statement lets no request in, so nothing is gained.
    let run = policy(&[&"diff", &old, &policy_file, &"--format", &"json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["gained"], json!([]), "{report}");
}

#[test]
fn diff_witnesses_use_organization_ids_inside_the_domain() {
    let dir = Scratch::new("keys-org-witness");
    // Upper case under IgnoreCase names a real (lower-case) organization.
    let text = allow_when(r#"{"StringEqualsIgnoreCase":{"aws:PrincipalOrgID":"o-EXAMPLE12345"}}"#);
    let new = dir.file("new.json", &text);
    let old = dir.file("old.json", NOTHING);
    let run = policy(&[&"diff", &old, &new, &"--format", &"json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let gained = report["gained"].as_array().unwrap();
    assert!(!gained.is_empty());
    for change in gained {
        let query = change["witness"].as_str().unwrap();
        assert!(!query.contains("o-EXAMPLE12345"), "{query}");
        assert!(query.contains("org o-example12345"), "{query}");
        assert_eq!(policy(&[&"eval", &new, &query]).code, 0, "{query}");
    }
}

#[test]
fn anonymous_callers_carry_the_request_path() {
    let dir = Scratch::new("keys-path");
    let text = allow_when(r#"{"StringLike":{"vpc-lattice-svcs:RequestPath":"/public/*"}}"#);
    let file = dir.file("policy.json", &text);
    assert_eq!(
        policy(&[&"eval", &file, &"GET /public/a from anonymous"]).code,
        0
    );
    assert_eq!(
        policy(&[&"eval", &file, &"grpc /public/a from anonymous"]).code,
        0
    );
    assert_eq!(
        policy(&[&"eval", &file, &"GET /private from anonymous"]).code,
        1
    );
    // check: anonymous callers get in (the path does not keep them out).
    let (_, report) = check_json(&[&file]);
    let codes = codes(&files(&report)[0]);
    assert!(codes.contains(&"ANONYMOUS_ACCESS".to_owned()), "{codes:?}");
    // diff: the new access includes anonymous requests to the public paths.
    let old = dir.file("old.json", NOTHING);
    let witnesses = gained(&old, &file);
    assert!(
        witnesses
            .iter()
            .any(|w| w.contains("/public/") && w.contains("anonymous")),
        "{witnesses:?}"
    );
}

#[test]
fn anonymous_callers_have_no_principal_tags() {
    let dir = Scratch::new("keys-principal-tag");
    let text = allow_when(r#"{"StringEquals":{"aws:PrincipalTag/team":"payments"}}"#);
    let file = dir.file("policy.json", &text);
    assert_eq!(
        policy(&[&"eval", &file, &"GET / as 111122223333 tag team=payments"]).code,
        0
    );
    assert_eq!(policy(&[&"eval", &file, &"GET / from anonymous"]).code, 1);
    // An anonymous caller cannot claim tags.
    assert_eq!(
        policy(&[&"eval", &file, &"GET / from anonymous tag team=payments"]).code,
        2
    );
    // check: only signed callers get in, so no ANONYMOUS_ACCESS.
    let (_, report) = check_json(&[&file]);
    let codes = codes(&files(&report)[0]);
    assert!(!codes.contains(&"ANONYMOUS_ACCESS".to_owned()), "{codes:?}");
    // diff: every gained class is of signed callers.
    let old = dir.file("old.json", NOTHING);
    for query in gained(&old, &file) {
        assert!(!query.contains("anonymous"), "{query}");
        assert!(query.contains("tag team=payments"), "{query}");
    }
}

#[test]
fn resource_tags_come_from_the_service_for_every_caller_and_protocol() {
    let dir = Scratch::new("keys-resource-tag");
    let text = allow_when(r#"{"StringEquals":{"aws:ResourceTag/env":"prod"}}"#);
    let file = dir.file("policy.json", &text);
    for query in [
        "GET / from anonymous service-tag env=prod",
        "GET / as 111122223333 service-tag env=prod",
        "grpc /a.B/C from anonymous service-tag env=prod",
        "tls from anonymous service-tag env=prod",
    ] {
        assert_eq!(policy(&[&"eval", &file, &query]).code, 0, "{query}");
    }
    assert_eq!(policy(&[&"eval", &file, &"tls from anonymous"]).code, 1);
    assert_eq!(
        policy(&[&"eval", &file, &"GET / from anonymous service-tag env=$ENV"]).code,
        2
    );
    // check: anonymous callers get in (to a service tagged env=prod).
    let (_, report) = check_json(&[&file]);
    let codes = codes(&files(&report)[0]);
    assert!(codes.contains(&"ANONYMOUS_ACCESS".to_owned()), "{codes:?}");
    // diff: the new access is to a service with the tag (classes that differ
    // only in protocol are shown once; eval above covers TLS).
    let old = dir.file("old.json", NOTHING);
    let witnesses = gained(&old, &file);
    assert!(!witnesses.is_empty());
    for w in &witnesses {
        assert!(w.contains("service-tag env=prod"), "{w}");
        assert_eq!(policy(&[&"eval", &file, w]).code, 0, "{w}");
    }
}

#[test]
fn invariant_patterns_are_held_to_the_domains_as_patterns() {
    let dir = Scratch::new("keys-never");
    let text = allow_when(r#"{"StringLike":{"aws:PrincipalOrgID":"o-a*"}}"#);
    let file = dir.file("policy.json", &text);
    // A wildcard organization matches ids of the domain: the invariant is
    // checked, and the policy breaks it.
    let run = policy(&[
        &"check",
        &file,
        &"--never",
        &"GET / as 111122223333 org o-a*",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("INVARIANT_VIOLATED"), "{}", run.stdout);
    // An organization no request can have describes no request: refused.
    let run = policy(&[
        &"check",
        &file,
        &"--never",
        &"GET / as 111122223333 org o-ABC",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("no organization matches `o-ABC`"),
        "{}",
        run.stderr
    );
    // A port outside 1 to 65535 likewise.
    let run = policy(&[&"check", &file, &"--never", &"GET / port 0"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("ports are whole numbers from 1 to 65535"),
        "{}",
        run.stderr
    );
}
