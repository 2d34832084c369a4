//! JSON request files: defaults, shapes and their errors.

use super::*;
use lattice_policy::eval::request::{
    PrincipalDetails, PrincipalSpec, Protocol, Values, DEFAULT_SERVICE, DEFAULT_SERVICE_NETWORK,
};
use lattice_policy::eval::Caller;

/// The defaults example of docs/requests.md, with `time` set.
const DEFAULTS_EXAMPLE: &str = r#"{
  "principal": "anonymous",
  "action": "Invoke",
  "protocol": "HTTPS",
  "method": "GET",
  "path": "/",
  "headers": {},
  "query": {},
  "port": 443,
  "service": "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0",
  "serviceNetwork": "arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-0123456789abcdef0",
  "serviceTags": {},
  "sourceVpc": "vpc-0123456789abcdef0",
  "sourceVpcOwnerAccount": "123456789012",
  "time": "2024-05-01T12:00:00Z",
  "sourceIp": null,
  "context": {}
}"#;

#[test]
fn defaults() {
    let r = resolve(j("{}"));
    assert_eq!(r.caller(), &Caller::Anonymous);
    assert_eq!(r.action(), "vpc-lattice-svcs:Invoke");
    assert_eq!(r.protocol(), Protocol::Https);
    assert_eq!(r.method(), Some("GET"));
    assert_eq!(r.path(), Some("/"));
    assert_eq!(r.port(), 443);
    assert_eq!(r.service(), DEFAULT_SERVICE);
    assert_eq!(r.service_network(), DEFAULT_SERVICE_NETWORK);
    assert_eq!(r.source_vpc(), "vpc-0123456789abcdef0");
    assert_eq!(r.source_vpc_owner_account(), "123456789012");
    assert_eq!(r.time(), NOW);
    assert_eq!(r.time().to_string(), "2024-05-01T12:00:00Z");
    assert_eq!(r.time().epoch_seconds(), 1_714_564_800);
    assert_eq!(r.source_ip(), None);
    assert!(r.headers().is_empty() && r.query().is_empty() && r.service_tags().is_empty());
    assert!(r.context_overrides().is_empty());
}

#[test]
fn the_contract_example_is_the_defaults() {
    assert_eq!(resolve(j(DEFAULTS_EXAMPLE)), resolve(j("{}")));
    assert_eq!(resolve(q("")), resolve(j("{}")));
}

#[test]
fn fields_are_read() {
    let spec = j(r#"{
        "principal": {"arn": "arn:aws:iam::111122223333:role/ops", "type": "AssumedRole",
                      "roleArn": "arn:aws:iam::111122223333:role/ops", "orgId": "o-a1b2c3d4e5",
                      "orgPaths": ["o-a1b2c3d4e5/r-ab12/"], "tags": {"team": "payments"}},
        "headers": {"X-Env": "prod"},
        "query": {"a": "1", "b": ["2", "3"]},
        "context": {"aws:SourceIp": null, "aws:x": ["1"], "aws:y": "2"}
    }"#);
    assert_eq!(
        spec.principal,
        Some(PrincipalSpec::Details(PrincipalDetails {
            arn: Some("arn:aws:iam::111122223333:role/ops".into()),
            kind: Some("AssumedRole".into()),
            role_arn: Some("arn:aws:iam::111122223333:role/ops".into()),
            org_id: Some("o-a1b2c3d4e5".into()),
            org_paths: Some(vec!["o-a1b2c3d4e5/r-ab12/".into()]),
            tags: [("team".to_string(), "payments".to_string())].into(),
        }))
    );
    assert_eq!(spec.query["a"], Values::One("1".into()));
    assert_eq!(spec.query["b"], Values::Many(vec!["2".into(), "3".into()]));
    assert_eq!(spec.context["aws:SourceIp"], None);
    assert_eq!(spec.context["aws:x"], Some(Values::Many(vec!["1".into()])));
    let r = resolve(spec);
    assert_eq!(r.headers(), [("x-env".to_string(), "prod".to_string())]);
}

/// Reading `json` fails with `message` at `line:column` and `help`.
fn json_fails(json: &str, message: &str, at: (usize, usize), help: Option<&str>) {
    let err = RequestSpec::from_json(json).unwrap_err();
    match &err {
        RequestError::Json {
            message: m,
            line,
            column,
            ..
        } => {
            assert_eq!(m, message, "message for `{json}`");
            assert_eq!((*line, *column), at, "position of `{m}`");
        }
        other => panic!("not a JSON error: {other:?}"),
    }
    assert_eq!(err.help(), help, "help of `{err}`");
    assert_eq!(err.field(), None);
}

#[test]
fn unknown_field() {
    json_fails(
        r#"{"headrs": {}}"#,
        "unknown request field `headrs`",
        (1, 9),
        Some("did you mean `headers`?"),
    );
    json_fails(
        r#"{"Principal": "anonymous"}"#,
        "unknown request field `Principal`",
        (1, 12),
        Some("did you mean `principal`?"),
    );
    json_fails(
        r#"{"service_network": "x"}"#,
        "unknown request field `service_network`",
        (1, 18),
        Some("did you mean `serviceNetwork`?"),
    );
    let err = RequestSpec::from_json(r#"{"banana": 1}"#).unwrap_err();
    assert!(
        err.help()
            .unwrap()
            .starts_with("the fields are `principal`, `action`"),
        "{:?}",
        err.help()
    );
}

#[test]
fn unknown_principal_field() {
    json_fails(
        r#"{"principal": {"arn": "111122223333", "orgid": "o-a1b2c3d4e5"}}"#,
        "unknown principal field `orgid`",
        (1, 45),
        Some("did you mean `orgId`?"),
    );
}

#[test]
fn wrong_types() {
    json_fails(
        r#"{"port": "443"}"#,
        "invalid type: string \"443\", expected i64",
        (1, 14),
        None,
    );
    json_fails(
        r#"{"port": 443.5}"#,
        "invalid type: floating point `443.5`, expected i64",
        (1, 14),
        None,
    );
    json_fails(
        r#"{"headers": []}"#,
        "invalid type: sequence, expected a map",
        (1, 12),
        None,
    );
    json_fails(
        r#"{"headers": {"a": 1}}"#,
        "invalid type: integer `1`, expected a string",
        (1, 19),
        None,
    );
    json_fails(
        r#"{"query": {"a": 1}}"#,
        "invalid type: integer `1`, expected a string or an array of strings",
        (1, 17),
        None,
    );
    json_fails(
        r#"{"query": {"a": [1]}}"#,
        "invalid type: integer `1`, expected a string",
        (1, 18),
        None,
    );
    json_fails(
        r#"{"principal": 111122223333}"#,
        "invalid type: integer `111122223333`, expected a principal string or an object with `arn`",
        (1, 26),
        None,
    );
    json_fails(
        r#"{"principal": {"orgPaths": "o-a1b2c3d4e5/r-ab12/"}}"#,
        "invalid type: string \"o-a1b2c3d4e5/r-ab12/\", expected a sequence",
        (1, 49),
        None,
    );
    json_fails(
        r#"{"context": {"aws:x": true}}"#,
        "invalid type: boolean `true`, expected a string or an array of strings",
        (1, 26),
        None,
    );
}

#[test]
fn a_request_is_an_object() {
    let help = Some("write the request as `{\"path\": \"/rates\", ...}`");
    json_fails(
        "[]",
        "a request must be a JSON object, not an array",
        (1, 1),
        help,
    );
    json_fails(
        "\n  \"GET /\"",
        "a request must be a JSON object, not a string",
        (2, 3),
        help,
    );
    json_fails(
        "null",
        "a request must be a JSON object, not null",
        (1, 1),
        help,
    );
    json_fails(
        "443",
        "a request must be a JSON object, not a number",
        (1, 1),
        help,
    );
}

#[test]
fn not_json() {
    json_fails("{", "EOF while parsing an object", (1, 1), None);
    json_fails("", "EOF while parsing a value", (1, 0), None);
    let err = RequestSpec::from_json(r#"{"port": 1,}"#).unwrap_err();
    assert_eq!(err.to_string(), "trailing comma at line 1, column 12");
}

#[test]
fn nulls_mean_absent_where_the_contract_allows() {
    let spec =
        j(r#"{"sourceIp": null, "principal": null, "time": null, "method": null, "port": null}"#);
    assert_eq!(spec, RequestSpec::default());
}

#[test]
fn specs_serialize_back_to_the_same_spec() {
    let spec = j(
        r#"{"principal":{"arn":"111122223333","tags":{"a":"b"}},"query":{"a":["1","2"],"b":"3"},"context":{"aws:x":null},"port":8443}"#,
    );
    let text = serde_json::to_string(&spec).unwrap();
    assert_eq!(j(&text), spec);
}
