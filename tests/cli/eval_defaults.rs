//! `policy eval` asks about the service the policy names when the request
//! names none, and says which fields it defaulted and to what; a caller
//! named on a TLS connection is said not to be evaluated (issue 12,
//! defects 2 and 10).

use super::*;

const SERVICE: &str = "arn:aws:vpc-lattice:eu-west-1:444455556666:service/svc-0fedcba9876543210";
const OTHER: &str = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef1";

/// Lets callers of one organization into `services`, named in `Resource`.
fn policy_for(services: &[&str]) -> String {
    let resources: Vec<String> = services.iter().map(|s| format!("\"{s}/*\"")).collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":[{}],"Condition":{{"StringEquals":{{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}}}}]}}"#,
        resources.join(",")
    )
}

const QUERY: &str = "GET /rates as 111122223333 org o-a1b2c3d4e5";

#[test]
fn a_request_without_a_service_is_about_the_one_the_policy_names() {
    let dir = Scratch::new("eval-defaults-one");
    let path = dir.file("policy.json", policy_for(&[SERVICE]));
    let run = policy(&[&"eval", &path, &QUERY]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "default   service {SERVICE} (the one the policy names, decision `eval-defaults-from-policy`)"
        )),
        "{}",
        run.stdout
    );
    let defaults = run
        .stdout
        .lines()
        .find(|l| l.starts_with("defaults  "))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    for built_in in [
        "protocol HTTPS",
        "port 443",
        "vpc vpc-0123456789abcdef0",
        "network arn:",
    ] {
        assert!(defaults.contains(built_in), "{defaults}");
    }
    // What the request gives is no default.
    assert!(
        !defaults.contains("method") && !defaults.contains("path"),
        "{defaults}"
    );

    let json = policy(&[&"eval", &path, &QUERY, &"--format", &"json"]).json();
    assert_eq!(json["decision"], "allow");
    let service = json["defaults"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["clause"] == "service")
        .unwrap();
    assert_eq!(service["value"], SERVICE);
    assert_eq!(service["source"], "policy");
    assert!(json["request"]["resource"]
        .as_str()
        .unwrap()
        .starts_with(SERVICE));
}

#[test]
fn a_service_the_request_names_is_not_replaced() {
    let dir = Scratch::new("eval-defaults-given");
    let path = dir.file("policy.json", policy_for(&[SERVICE]));
    let query = format!("{QUERY} service {OTHER}");
    let json = policy(&[&"eval", &path, &query, &"--format", &"json"]).json();
    assert_eq!(json["decision"], "deny");
    assert!(json["defaults"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["clause"] != "service"));
}

#[test]
fn of_several_services_the_first_is_used_and_said_to_be() {
    let dir = Scratch::new("eval-defaults-several");
    let path = dir.file("policy.json", policy_for(&[SERVICE, OTHER]));
    let run = policy(&[&"eval", &path, &QUERY]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "default   service {SERVICE} (the first of the 2 the policy names"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_caller_named_on_a_tls_connection_is_said_not_to_be_evaluated() {
    let run = policy(&[
        &"eval",
        &"policies/no-anonymous-no-get/policy.json",
        &"tls as 111122223333",
    ]);
    assert!(
        run.stdout.contains(
            "note      a TLS connection is anonymous: the caller `111122223333` the request names is not evaluated"
        ),
        "{}",
        run.stdout
    );
    let json = policy(&[
        &"eval",
        &"policies/no-anonymous-no-get/policy.json",
        &"tls as 111122223333",
        &"--format",
        &"json",
    ])
    .json();
    assert!(json["notes"][0]
        .as_str()
        .unwrap()
        .contains("decision `tls-connect-only`"));
    // Anonymous by choice: nothing to say.
    let json = policy(&[
        &"eval",
        &"policies/no-anonymous-no-get/policy.json",
        &"tls as anonymous",
        &"--format",
        &"json",
    ])
    .json();
    assert_eq!(json["notes"], json!([]));
}

#[test]
fn eval_help_gives_the_grammar_the_defaults_and_the_rule() {
    let help = policy(&[&"eval", &"--help"]).stdout;
    for expected in [
        "Query grammar",
        "| \"service\" service-arn",
        "\"port\": 443,",
        "\"sourceVpc\": \"vpc-0123456789abcdef0\",",
        "decision `eval-defaults-from-policy`",
    ] {
        assert!(
            help.contains(expected),
            "`{expected}` missing from:\n{help}"
        );
    }
    let explained = policy(&[&"explain", &"eval-defaults-from-policy"]);
    assert_eq!(explained.code, 0);
    assert!(
        explained.stdout.contains("the first in"),
        "{}",
        explained.stdout
    );
}

#[test]
fn policy_test_reads_a_line_without_a_service_as_eval_does() {
    let dir = Scratch::new("eval-defaults-test");
    dir.file("svc/policy.json", policy_for(&[SERVICE]));
    dir.file(
        "svc/requests.txt",
        format!("allow {QUERY}\ndeny:implicit-deny {QUERY} service {OTHER}\n"),
    );
    let run = policy(&[&"test", &dir.path("svc")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.ends_with("2 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_witness_on_a_service_the_policy_does_not_name_says_which_it_is() {
    // Open to all but the service the policy names: the witness is a request
    // to another service, and its command must say so, or `policy eval`
    // would ask about the named one (and find the `Deny`).
    let dir = Scratch::new("eval-defaults-witness");
    dir.file(
        "policy.json",
        format!(
            r#"{{"Version":"2012-10-17","Statement":[
  {{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}},
  {{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"{SERVICE}/*"}}]}}"#
        ),
    );
    let run = policy_in(&dir.0, &[&"check", &"--format", &"json", &"policy.json"]);
    let report = run.json();
    let anonymous = files(&report)[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "ANONYMOUS_ACCESS")
        .unwrap_or_else(|| panic!("{report}"))
        .clone();
    let command = anonymous["witness"]["command"].as_str().unwrap();
    assert!(command.contains(" service arn:"), "{command}");
    let eval = witnesses::paste(&dir.0, command);
    assert_eq!(eval.code, 0, "{command}: {eval:?}");
}
