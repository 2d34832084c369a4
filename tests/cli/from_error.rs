//! `policy eval --from-error`: a 403 message read back into its request, and
//! whether the given policies reproduce the denial (docs/from-error.md).

use super::*;

const SERVICE: &str = "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0";

/// Lets account 123456789012's `rates-client` role GET anything, denies
/// `/admin*` to everyone.
const SERVICE_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "RatesClientGets",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:role/rates-client"},
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/*",
      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}
    },
    {
      "Sid": "NoAdmin",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/admin*"
    }
  ]
}
"#;

/// Signed callers of the organization only.
const NETWORK_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": "*",
    "Action": "vpc-lattice-svcs:Invoke",
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
  }]
}
"#;

const SESSION: &str = "arn:aws:sts::123456789012:assumed-role/rates-client/i-0a1b2c3d";

fn message(caller: &str, path: &str, ending: &str) -> String {
    format!(
        "User: {caller} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: {SERVICE}{path} {ending}"
    )
}

fn no_allow(layer: &str) -> String {
    format!("because no {layer}-based policy allows the vpc-lattice-svcs:Invoke action")
}

fn from_error(scratch: &Scratch, text: &str, more: &[&str]) -> (i32, Value) {
    let service = scratch.file("service.json", SERVICE_POLICY);
    let network = scratch.file("network.json", NETWORK_POLICY);
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"eval",
        &"--format",
        &"json",
        &service,
        &"--network-policy",
        &network,
        &"--from-error",
        &text,
    ];
    for m in more {
        args.push(m);
    }
    let run = policy(&args);
    (run.code, run.json())
}

#[test]
fn a_service_denial_that_depends_on_the_method() {
    let scratch = Scratch::new("from-error-method");
    let text = message(SESSION, "/rates", &no_allow("service"));
    // The network needs the organization, which the message does not give:
    // the command line adds it.
    let (code, report) = from_error(&scratch, &text, &["org o-a1b2c3d4e5"]);
    assert_eq!(code, 1, "{report:#}");
    let from = &report["fromError"];
    assert_eq!(from["caller"], SESSION);
    assert_eq!(from["service"], SERVICE);
    assert_eq!(from["path"], "/rates");
    assert_eq!(from["layer"], "service");
    assert_eq!(from["reason"], "implicit-deny");
    assert_eq!(from["reproduced"], "sometimes", "{from:#}");
    assert_eq!(from["dependsOn"], json!(["method"]));
    let not = from["notReproducedFor"].as_array().unwrap();
    assert!(not
        .iter()
        .all(|c| c["example"]["query"].as_str().unwrap().starts_with("GET ")));
    // The request explained is one that reproduces the denial.
    assert_eq!(report["decision"], "deny");
    assert_eq!(report["layer"], "service");
    assert!(!report["request"]["query"]
        .as_str()
        .unwrap()
        .starts_with("GET "));
}

#[test]
fn a_method_on_the_command_line_makes_it_exact() {
    let scratch = Scratch::new("from-error-post");
    let text = message(SESSION, "/rates", &no_allow("service"));
    let (code, report) = from_error(&scratch, &text, &["POST /rates org o-a1b2c3d4e5"]);
    assert_eq!(code, 1);
    assert_eq!(report["fromError"]["reproduced"], "always");
    let (code, report) = from_error(&scratch, &text, &["GET /rates org o-a1b2c3d4e5"]);
    assert_eq!(
        code, 0,
        "the policies allow GET: the message is not reproduced"
    );
    assert_eq!(report["fromError"]["reproduced"], "never");
    assert_eq!(report["decision"], "allow");
}

#[test]
fn an_explicit_deny_points_at_the_deny_statement() {
    let scratch = Scratch::new("from-error-explicit");
    let text = message(
        SESSION,
        "/admin/users",
        "with an explicit deny in a service-based policy",
    );
    let (code, report) = from_error(&scratch, &text, &["org o-a1b2c3d4e5"]);
    assert_eq!(code, 1);
    assert_eq!(report["fromError"]["reproduced"], "always");
    assert_eq!(report["reason"], "explicit-deny");
    assert_eq!(report["decidingStatements"][0]["sid"], "NoAdmin");
}

#[test]
fn a_network_denial_of_an_anonymous_caller() {
    let scratch = Scratch::new("from-error-network");
    let text = message("anonymous", "/", &no_allow("network"));
    let (code, report) = from_error(&scratch, &text, &[]);
    assert_eq!(code, 1);
    assert_eq!(report["fromError"]["layer"], "service-network");
    assert_eq!(report["fromError"]["reproduced"], "always");
    assert_eq!(report["layer"], "service-network");
    // Without the network policy, the layer the message blames is missing.
    let service = scratch.file("service.json", SERVICE_POLICY);
    let run = policy(&[
        &"eval",
        &"--format",
        &"json",
        &service,
        &"--from-error",
        &text,
    ]);
    let report = run.json();
    assert_eq!(report["fromError"]["reproduced"], "never");
    assert!(report["fromError"]["detail"]
        .as_str()
        .unwrap()
        .contains("--network-policy"));
}

#[test]
fn an_identity_denial_says_the_auth_policies_let_it_through() {
    let scratch = Scratch::new("from-error-identity");
    let text = message(SESSION, "/rates", &no_allow("identity"));
    let (_, report) = from_error(&scratch, &text, &["GET /rates org o-a1b2c3d4e5"]);
    assert_eq!(report["fromError"]["layer"], "identity");
    assert_eq!(report["fromError"]["reproduced"], "always");
    let service = scratch.file("service.json", SERVICE_POLICY);
    let run = policy(&[&"eval", &service, &"--from-error", &text, &"GET /rates"]);
    assert!(
        run.stdout.contains("none was given (`--identity-policy`)"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_json_body_a_pasted_response_a_file_and_stdin() {
    let scratch = Scratch::new("from-error-shapes");
    let text = message("anonymous", "/", &no_allow("network"));
    let body = json!({"Message": text}).to_string();
    let response = format!(
        "HTTP/2 403\r\ncontent-type: application/json\r\nx-amzn-requestid: 7c1d\r\n\r\n{body}\r\n"
    );
    // Wrapped by a terminal: line breaks and indentation between words.
    let wrapped = text.replace(" on resource: ", "\n    on resource:\n  ");
    for shape in [&body, &response, &wrapped] {
        let (_, report) = from_error(&scratch, shape, &[]);
        assert_eq!(report["fromError"]["layer"], "service-network", "{shape}");
        assert_eq!(report["fromError"]["path"], "/");
    }
    let file = scratch.file("error.txt", &response);
    let at = format!("@{}", file.display());
    let (_, report) = from_error(&scratch, &at, &[]);
    assert_eq!(report["fromError"]["reason"], "implicit-deny");
    let service = scratch.file("service.json", SERVICE_POLICY);
    let run = policy_stdin(
        &[
            &"eval",
            &"--format",
            &"json",
            &service,
            &"--from-error",
            &"-",
        ],
        wrapped.as_bytes(),
    );
    assert_eq!(run.json()["fromError"]["caller"], "anonymous");
}

#[test]
fn a_garbled_message_is_an_error_quoting_it() {
    let scratch = Scratch::new("from-error-garbled");
    let service = scratch.file("service.json", SERVICE_POLICY);
    let garbled = message(SESSION, "/rates", "because no policy at all");
    for (text, quoted) in [
        (garbled.as_str(), "`policy` is not a layer"),
        ("Access denied", "`Access denied`"),
        (
            "User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/ because no resource-based policy allows the vpc-lattice-svcs:Invoke action",
            "`resource-based`",
        ),
    ] {
        let run = policy(&[&"eval", &service, &"--from-error", &text]);
        assert_eq!(run.code, 2, "{text}");
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains(quoted), "{text}: {}", run.stderr);
    }
}

#[test]
fn the_human_answer_names_the_layer_and_the_statement() {
    let scratch = Scratch::new("from-error-human");
    let service = scratch.file("service.json", SERVICE_POLICY);
    let text = message(SESSION, "/rates", &no_allow("service"));
    let run = policy(&[&"eval", &service, &"--from-error", &text]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("reproduced only for some requests"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(method)"), "{}", run.stdout);
    assert!(run.stdout.contains("vpc-lattice-svcs:RequestMethod"));
    assert!(run.stdout.contains("service.json:10:"), "{}", run.stdout);
}

#[test]
fn an_organization_the_message_does_not_give_is_a_dependency() {
    let scratch = Scratch::new("from-error-org");
    let text = message(SESSION, "/rates", &no_allow("service"));
    let (_, report) = from_error(&scratch, &text, &[]);
    let from = &report["fromError"];
    assert_eq!(from["reproduced"], "sometimes");
    assert_eq!(
        from["dependsOn"],
        json!(["the caller's organization or tags", "method"])
    );
    // A class the network refuses first (another organization) is not a
    // service denial: it is listed with its caller.
    let not = from["notReproducedFor"].as_array().unwrap();
    assert!(
        not.iter().any(|c| c["fields"]["caller"].is_array()),
        "{from:#}"
    );
}

#[test]
fn standard_input_is_read_once() {
    let run = policy_stdin(&[&"eval", &"-", &"--from-error", &"-"], b"{}");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("can be read once"), "{}", run.stderr);
}

/// The caller's identity policy: `/rates*` with API version 2 only, never
/// `/rates/secret*`.
const IDENTITY_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "RatesV2",
      "Effect": "Allow",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/rates*",
      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/x-api-version": "2"}}
    },
    {
      "Sid": "NoSecret",
      "Effect": "Deny",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/rates/secret*"
    }
  ]
}
"#;

/// `from_error` with the identity policy given, the organization the
/// network needs added (the message never gives it).
fn identity_denial(scratch: &Scratch, caller: &str, path: &str, ending: &str) -> (i32, Value) {
    let identity = scratch.file("identity.json", IDENTITY_POLICY);
    let text = message(caller, path, ending);
    let identity = identity.display().to_string();
    from_error(
        scratch,
        &text,
        &["--identity-policy", &identity, "org o-a1b2c3d4e5"],
    )
}

#[test]
fn an_identity_denial_that_depends_on_a_header_the_message_leaves_out() {
    let scratch = Scratch::new("from-error-identity-some");
    let (code, report) = identity_denial(&scratch, SESSION, "/rates", &no_allow("identity"));
    let from = &report["fromError"];
    assert_eq!(from["reproduced"], "sometimes", "{from:#}");
    let depends = from["dependsOn"].to_string();
    assert!(depends.contains("x-api-version"), "{from:#}");
    // Not reproduced: the requests with version 2, which the identity
    // policy allows; the request explained is one it denies.
    let not = from["notReproducedFor"].as_array().unwrap();
    assert!(!not.is_empty());
    assert!(
        not.iter()
            .all(|c| c["example"]["request"]["headers"]["x-api-version"] == "2"),
        "{from:#}"
    );
    assert_eq!(code, 1);
    assert_eq!(report["decision"], "deny");
    assert_eq!(report["layer"], "identity", "{report:#}");
}

#[test]
fn an_identity_denial_for_every_value_implicit_and_explicit() {
    let scratch = Scratch::new("from-error-identity-always");
    // No identity statement is about /orders: denied whatever the headers.
    let (code, report) = identity_denial(&scratch, SESSION, "/orders", &no_allow("identity"));
    assert_eq!(report["fromError"]["reproduced"], "always", "{report:#}");
    assert_eq!(code, 1);
    assert_eq!(report["layer"], "identity");
    // The Deny on /rates/secret applies to every such request.
    let (code, report) = identity_denial(
        &scratch,
        SESSION,
        "/rates/secret/key",
        "with an explicit deny in an identity-based policy",
    );
    assert_eq!(report["fromError"]["reproduced"], "always", "{report:#}");
    assert_eq!(code, 1);
    assert_eq!(report["reason"], "explicit-deny");
    assert_eq!(
        report["decidingStatements"][0]["sid"], "NoSecret",
        "{report:#}"
    );
}

#[test]
fn an_identity_denial_the_given_policies_never_make() {
    let scratch = Scratch::new("from-error-identity-never");
    // The Deny applies to /rates/secret: never a denial for want of an Allow.
    let (_, report) = identity_denial(
        &scratch,
        SESSION,
        "/rates/secret/key",
        &no_allow("identity"),
    );
    let from = &report["fromError"];
    assert_eq!(from["reproduced"], "never", "{from:#}");
    assert!(
        from["detail"]
            .as_str()
            .unwrap()
            .contains("for want of an `Allow`"),
        "{from:#}"
    );
    // Nothing explicitly denies /orders.
    let (_, report) = identity_denial(
        &scratch,
        SESSION,
        "/orders",
        "with an explicit deny in an identity-based policy",
    );
    assert_eq!(report["fromError"]["reproduced"], "never", "{report:#}");
    // Another account's caller never gets past the service policy.
    let (_, report) = identity_denial(
        &scratch,
        "arn:aws:sts::444455556666:assumed-role/rates-client/s",
        "/orders",
        &no_allow("identity"),
    );
    let from = &report["fromError"];
    assert_eq!(from["reproduced"], "never", "{from:#}");
    assert!(
        from["detail"]
            .as_str()
            .unwrap()
            .contains("never reaches the identity policies"),
        "{from:#}"
    );
}
