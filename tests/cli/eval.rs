//! `policy eval` and `policy test` as scripts use them (README.md, docs/requests.md).

use super::*;

const MODEL: &str = "policies/no-anonymous-no-get/policy.json";

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn eval_json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, Value) {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"eval", &"--format", &"json"];
    all.extend_from_slice(args);
    let run = policy(&all);
    (run.code, run.json())
}

#[test]
fn exit_codes_follow_the_decision() {
    let model = root(MODEL);
    assert_eq!(
        policy(&[&"eval", &model, &"POST /rates as 111122223333"]).code,
        0
    );
    assert_eq!(
        policy(&[&"eval", &model, &"GET /rates as 111122223333"]).code,
        1
    );
    assert_eq!(
        policy(&[&"eval", &model, &"POST /rates from anonymous"]).code,
        1
    );
}

#[test]
fn json_carries_decision_reason_and_layers() {
    let (code, report) = eval_json(&[&root(MODEL), &"GET /rates from anonymous"]);
    assert_eq!(code, 1);
    assert_eq!(report["decision"], "deny");
    assert_eq!(report["reason"], "implicit-deny");
    assert_eq!(report["layer"], "service");
    let service = &report["layers"][0];
    assert_eq!(service["layer"], "service");
    assert_eq!(service["authType"], "AWS_IAM");
    let statement = &service["policies"][0]["statements"][0];
    assert_eq!(statement["applies"], false);
    let clauses = statement["condition"]["clauses"].as_array().unwrap();
    assert_eq!(clauses[0]["key"], "aws:PrincipalType");
    assert_eq!(clauses[0]["requestValues"], json!(["Anonymous"]));
    assert_eq!(clauses[0]["policyValues"], json!(["anonymous"]));
    assert_eq!(clauses[0]["result"], false);
    assert_eq!(clauses[0]["at"]["line"], 11);
    assert_eq!(
        report["request"]["context"]["aws:principaltype"],
        json!(["Anonymous"])
    );
    assert_eq!(report["layers"][1]["state"], "anonymous");
}

#[test]
fn allow_names_the_deciding_statement_and_the_identity_assumption() {
    let (code, report) = eval_json(&[
        &root(MODEL),
        &"POST /rates as arn:aws:iam::111122223333:role/ops",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        (report["decision"].as_str(), report["reason"].as_str()),
        (Some("allow"), Some("allowed"))
    );
    assert_eq!(report["decidingStatements"][0]["index"], 0);
    assert_eq!(report["decidingStatements"][0]["at"]["line"], 4);
    assert_eq!(report["decisions"][0]["name"], "identity-layer-assumed");
    assert_eq!(report["layers"][1]["state"], "assumed-allow");
}

#[test]
fn request_file_query_and_flags_combine() {
    let dir = Scratch::new("eval-request");
    let request = dir.file(
        "req.json",
        r#"{"principal": "111122223333", "method": "GET", "path": "/rates"}"#,
    );
    let model = root(MODEL);
    assert_eq!(
        policy(&[&"eval", &model, &"--request", &request]).code,
        1,
        "GET from the file"
    );
    assert_eq!(
        policy(&[
            &"eval",
            &model,
            &"--request",
            &request,
            &"--method",
            &"POST"
        ])
        .code,
        0,
        "a flag overrides the file"
    );
    assert_eq!(
        policy(&[&"eval", &model, &"--request", &request, &"DELETE /x"]).code,
        0,
        "the query overrides the file"
    );
    assert_eq!(
        policy(&[
            &"eval",
            &model,
            &"DELETE /x as 111122223333",
            &"--principal",
            &"anonymous"
        ])
        .code,
        1,
        "a flag overrides the query"
    );
}

#[test]
fn headers_and_query_parameters_reach_conditions() {
    let dir = Scratch::new("eval-headers");
    let file = dir.file(
        "p.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/X-Env":"prod"},"ForAnyValue:StringEquals":{"vpc-lattice-svcs:RequestQueryString/page":"2"}}}]}"#,
    );
    assert_eq!(
        policy(&[
            &"eval",
            &file,
            &"GET /a from anonymous",
            &"--header",
            &"x-env=prod",
            &"--query-param",
            &"page=2"
        ])
        .code,
        0
    );
    assert_eq!(
        policy(&[
            &"eval",
            &file,
            &"GET /a?page=1&page=2 from anonymous header X-ENV=prod"
        ])
        .code,
        0
    );
    assert_eq!(
        policy(&[
            &"eval",
            &file,
            &"GET /a?page=3 from anonymous header x-env=prod"
        ])
        .code,
        1
    );
    assert_eq!(
        policy(&[
            &"eval",
            &file,
            &"GET /a from anonymous",
            &"--header",
            &"novalue"
        ])
        .code,
        2
    );
}

#[test]
fn layers_from_the_command_line() {
    let dir = Scratch::new("eval-layers");
    let allow = dir.file("allow.json", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#);
    let deny = dir.file("deny.json", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#);
    let identity_deny = dir.file(
        "id.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#,
    );
    let q = "GET / as 111122223333";
    let (code, report) = eval_json(&[&allow, &q, &"--network-policy", &deny]);
    assert_eq!(
        (code, report["reason"].as_str(), report["layer"].as_str()),
        (1, Some("explicit-deny"), Some("service-network"))
    );
    let (code, report) = eval_json(&[&allow, &q, &"--network-auth-type", &"AWS_IAM"]);
    assert_eq!(
        (code, report["layer"].as_str()),
        (1, Some("service-network")),
        "AWS_IAM without a policy denies"
    );
    let (code, report) = eval_json(&[&deny, &q, &"--service-auth-type", &"NONE"]);
    assert_eq!((code, report["reason"].as_str()), (0, Some("no-auth")));
    let (code, report) = eval_json(&[&allow, &q, &"--identity-policy", &identity_deny]);
    assert_eq!((code, report["layer"].as_str()), (1, Some("identity")));
    let (code, _) = eval_json(&[
        &allow,
        &"GET / from anonymous",
        &"--identity-policy",
        &identity_deny,
    ]);
    assert_eq!(code, 0, "anonymous callers have no identity layer");
}

#[test]
fn a_policy_with_errors_is_not_evaluated() {
    let broken = root("policies/broken-effect-and-version/policy.json");
    let run = policy(&[&"eval", &broken, &"GET / from anonymous"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("INVALID_EFFECT"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn bad_requests_exit_2_with_a_located_diagnostic() {
    let model = root(MODEL);
    let run = policy(&[&"eval", &model, &"GET /rates hedaer x=1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("header"), "{}", run.stderr);
    let run = policy(&[&"eval", &model, &"GET /rates as not-a-principal"]);
    assert_eq!(run.code, 2);
    let dir = Scratch::new("eval-bad-json");
    let request = dir.file("req.json", r#"{"principle": "anonymous"}"#);
    let run = policy(&[&"eval", &model, &"--request", &request]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("principle"), "{}", run.stderr);
    assert_eq!(
        policy(&[&"eval", &dir.path("missing.json"), &"GET /"]).code,
        2
    );
}

#[test]
fn policy_from_stdin() {
    let text = std::fs::read(root(MODEL)).unwrap();
    assert_eq!(
        policy_stdin(&[&"eval", &"-", &"POST / as 111122223333"], &text).code,
        0
    );
}

#[test]
fn policy_test_reports_failures_and_bad_lines() {
    let dir = Scratch::new("policy-test");
    dir.file("a/policy.json", std::fs::read(root(MODEL)).unwrap());
    dir.file(
        "a/requests.txt",
        "# comment\nallow POST / as 111122223333\ndeny:implicit-deny GET / from anonymous\n",
    );
    let run = policy(&[&"test", &dir.path("a")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.ends_with("2 passed, 0 failed\n"));
    dir.file("b/policy.json", std::fs::read(root(MODEL)).unwrap());
    dir.file("b/requests.txt", "allow GET / from anonymous\n");
    let run = policy(&[&"test", &dir.0]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("FAILED") && run.stdout.ends_with("2 passed, 1 failed\n"),
        "{}",
        run.stdout
    );
    dir.file("c/policy.json", std::fs::read(root(MODEL)).unwrap());
    dir.file("c/requests.txt", "maybe GET /\n");
    assert_eq!(policy(&[&"test", &dir.path("c")]).code, 2);
}
