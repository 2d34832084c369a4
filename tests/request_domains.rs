//! The evaluator's request parsing and the request-key table's domains
//! (`lattice_policy::keys`) held to each other both ways: every value a
//! key's domain admits is accepted, through the query, the JSON request and
//! raw context alike, and lands in the request's context; every value it
//! rejects is refused as impossible, naming the field, the value and the
//! domain. Boundary values are listed; random values near the boundaries are
//! generated, and their verdict is the domain's.

use lattice_policy::eval::request::{Field, RequestSpec};
use lattice_policy::eval::{parse_query, Request, Timestamp};
use lattice_policy::keys::{self, Domain};

use crate::rng::Rng;

/// 2024-05-01T12:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_714_564_800_000);

/// One key as a request gives it.
struct Case {
    /// The condition key.
    key: &'static str,
    /// The request field that fails for a value outside the domain.
    field: Field,
    /// The query that gives the key `value`.
    query: fn(&str) -> String,
    /// The JSON request that gives the key `value`.
    json: fn(&str) -> String,
    /// Values inside the domain.
    inside: &'static [&'static str],
    /// Values outside it.
    outside: &'static [&'static str],
}

fn quoted(value: &str) -> String {
    if value.contains(' ') {
        format!("\"{value}\"")
    } else {
        value.to_owned()
    }
}

const CASES: &[Case] = &[
    Case {
        key: "aws:PrincipalOrgID",
        field: Field::OrgId,
        query: |v| format!("GET / as 111122223333 org {v}"),
        json: |v| format!(r#"{{"principal":{{"arn":"111122223333","orgId":"{v}"}}}}"#),
        inside: &[
            "o-a1b2c3d4e5",
            "o-0000000000",
            "o-abcdefghijklmnopqrstuvwxyz012345",
        ],
        outside: &[
            "o-ABC",
            "o-abc",
            "o-a1b2c3d4e",
            "o-abcdefghijklmnopqrstuvwxyz0123456",
            "o-EXAMPLE12345",
            "o-A1B2C3D4E5",
            "a1b2c3d4e5",
            "o-a1b2c3d4e5/r-ab12",
            "O-a1b2c3d4e5",
        ],
    },
    Case {
        key: "aws:PrincipalOrgPaths",
        field: Field::OrgPaths,
        query: |v| format!("GET / as 111122223333 org o-a1b2c3d4e5 org-path {v}"),
        json: |v| {
            format!(
                r#"{{"principal":{{"arn":"111122223333","orgId":"o-a1b2c3d4e5","orgPaths":["{v}"]}}}}"#
            )
        },
        inside: &[
            "o-a1b2c3d4e5/r-ab12/",
            "o-a1b2c3d4e5/r-abcdefghijklmnopqrstuvwxyz012345/",
            "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
            "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/",
        ],
        outside: &[
            "o-a1b2c3d4e5/",
            "o-a1b2c3d4e5/r-ab12",
            "o-a1b2c3d4e5/r-ab1/",
            "o-a1b2c3d4e5/r-AB12/",
            "o-a1b2c3d4e5/r-ab12/ou-ab12-1111111/",
            "o-a1b2c3d4e5/r-ab12/ou-ab12/",
            "o-a1b2c3d4e5/ou-ab12-11111111/",
        ],
    },
    Case {
        key: "aws:PrincipalType",
        field: Field::PrincipalType,
        query: |v| format!("GET / as 111122223333 principal-type {v}"),
        json: |v| format!(r#"{{"principal":{{"arn":"111122223333","type":"{v}"}}}}"#),
        // `Anonymous` is the type of unsigned requests, not one a signed
        // principal can be given (see `anonymous_callers_are_typed_by_the_table`).
        inside: &["Account", "User", "FederatedUser", "AssumedRole"],
        outside: &["Role", "AWSService", "user", "ASSUMEDROLE", "IAMUser"],
    },
    Case {
        key: "aws:PrincipalTag/team",
        field: Field::PrincipalTags,
        query: |v| format!("GET / as 111122223333 tag team={}", quoted(v)),
        json: |v| format!(r#"{{"principal":{{"arn":"111122223333","tags":{{"team":"{v}"}}}}}}"#),
        inside: &["payments", "", "Payments team:a/b=c+d-e@f_g.h", "équipe"],
        outside: &["$SOURCE_CLUSTER", "{{team}}", "a;b", "<team>"],
    },
    Case {
        key: "aws:ResourceTag/env",
        field: Field::ServiceTags,
        query: |v| format!("GET / service-tag env={}", quoted(v)),
        json: |v| format!(r#"{{"serviceTags":{{"env":"{v}"}}}}"#),
        inside: &["prod", "prod eu", ""],
        outside: &["$ENV", "{{env}}", "a#b"],
    },
    Case {
        key: "vpc-lattice-svcs:SourceVpc",
        field: Field::SourceVpc,
        query: |v| format!("GET / vpc {v}"),
        json: |v| format!(r#"{{"sourceVpc":"{v}"}}"#),
        inside: &[
            "vpc-1a2b3c4d",
            "vpc-00000000",
            "vpc-0123456789abcdef0",
            "vpc-fffffffffffffffff",
        ],
        outside: &[
            "vpc-1a2b3c4",
            "vpc-1a2b3c4d5",
            "vpc-0123456789abcdef",
            "vpc-0123456789abcdef01",
            "vpc-1A2B3C4D",
            "vpc-backend1",
            "vpc-1",
            "1a2b3c4d",
        ],
    },
    Case {
        key: "vpc-lattice-svcs:SourceVpcOwnerAccount",
        field: Field::SourceVpcOwnerAccount,
        query: |v| format!("GET / vpc-owner {v}"),
        json: |v| format!(r#"{{"sourceVpcOwnerAccount":"{v}"}}"#),
        inside: &["000000000000", "999999999999", "111122223333"],
        outside: &["11112222333", "1111222233334", "11112222333a", "anonymous"],
    },
    Case {
        key: "vpc-lattice-svcs:ServiceArn",
        field: Field::Service,
        query: |v| format!("GET / service {v}"),
        json: |v| format!(r#"{{"service":"{v}"}}"#),
        inside: &[
            "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0",
            "arn:aws-cn:vpc-lattice:cn-north-1:000000000000:service/svc-zzzzzzzzzzzzzzzzz",
        ],
        outside: &[
            "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef",
            "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0285b53b2eEXAMPLE",
            "arn:aws:vpc-lattice:us-west-2:12345678901:service/svc-0123456789abcdef0",
            "arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-0123456789abcdef0",
            "svc-0123456789abcdef0",
        ],
    },
    Case {
        key: "vpc-lattice-svcs:ServiceNetworkArn",
        field: Field::ServiceNetwork,
        query: |v| format!("GET / network {v}"),
        json: |v| format!(r#"{{"serviceNetwork":"{v}"}}"#),
        inside: &["arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0123456789abcdef0"],
        outside: &[
            "arn:aws:vpc-lattice:us-east-1:001122334455:servicenetwork/your-service-network-id",
            "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0123456789ABCDEF0",
        ],
    },
    Case {
        key: "vpc-lattice-svcs:Port",
        field: Field::Port,
        query: |v| format!("GET / port {v}"),
        json: |v| format!(r#"{{"port":{v}}}"#),
        inside: &["1", "80", "443", "65535"],
        outside: &["0", "65536", "100000"],
    },
];

fn spec_of_query(query: &str) -> RequestSpec {
    match parse_query(query) {
        Ok(parsed) => parsed.spec,
        Err(e) => panic!("query `{query}` does not parse: {}", e.message()),
    }
}

fn spec_of_json(json: &str) -> RequestSpec {
    match RequestSpec::from_json(json) {
        Ok(spec) => spec,
        Err(e) => panic!("request `{json}` does not read: {e}"),
    }
}

/// The value the resolved request gives `key`, in the context's text form.
fn context_value(request: &Request, key: &str) -> Option<String> {
    request.context().get(key).map(|v| match v {
        lattice_policy::eval::ContextValue::Single(s) => s.clone(),
        lattice_policy::eval::ContextValue::Multi(vs) => vs.join(","),
    })
}

/// Checks one value of `case` through every way a request gives it.
fn check(case: &Case, value: &str) {
    let domain = keys::lookup(case.key).unwrap().domain;
    let expected = domain.contains(value);
    let forms = [
        ("query", spec_of_query(&(case.query)(value))),
        ("json", spec_of_json(&(case.json)(value))),
    ];
    for (form, spec) in forms {
        match Request::resolve(spec, NOW) {
            Ok(request) => {
                assert!(
                    expected,
                    "{} `{value}` ({form}) is outside the domain but was accepted",
                    case.key
                );
                assert_eq!(
                    context_value(&request, case.key).as_deref(),
                    Some(value),
                    "{} ({form})",
                    case.key
                );
            }
            Err(error) => {
                assert!(
                    !expected,
                    "{} `{value}` ({form}) is in the domain but was refused: {error}",
                    case.key
                );
                assert_eq!(error.field(), Some(case.field), "{error}");
                let message = error.message();
                assert!(message.contains("is impossible"), "{message}");
                // Long values are shortened in messages (with `…`).
                let shown: String = value.chars().take(60).collect();
                assert!(message.contains(&format!("`{shown}")), "{message}");
                assert!(message.contains(case.field.name()), "{message}");
                assert!(message.contains(&domain.describe()), "{message}");
            }
        }
    }
    // Raw context: the domain applies to the table's keys there too.
    let mut context = serde_json::Map::new();
    let json_value = if keys::lookup(case.key).unwrap().multi {
        serde_json::json!([value])
    } else {
        serde_json::json!(value)
    };
    context.insert(case.key.to_owned(), json_value);
    let principal = if case.key.starts_with("aws:Principal") {
        serde_json::json!("111122223333")
    } else {
        serde_json::json!("anonymous")
    };
    let json = serde_json::json!({"principal": principal, "context": context}).to_string();
    match Request::resolve(spec_of_json(&json), NOW) {
        Ok(request) => {
            assert!(expected, "context {} `{value}` was accepted", case.key);
            assert_eq!(context_value(&request, case.key).as_deref(), Some(value));
        }
        Err(error) => {
            assert!(
                !expected,
                "context {} `{value}` was refused: {error}",
                case.key
            );
            assert_eq!(error.field(), Some(Field::Context));
            assert!(error.message().contains("is impossible"), "{error}");
            assert!(error.message().contains(&domain.describe()), "{error}");
        }
    }
}

#[test]
fn listed_values_inside_are_accepted_and_outside_refused() {
    for case in CASES {
        let domain = keys::lookup(case.key).unwrap().domain;
        for value in case.inside {
            assert!(domain.contains(value), "{} `{value}`", case.key);
            check(case, value);
        }
        for value in case.outside {
            assert!(!domain.contains(value), "{} `{value}`", case.key);
            check(case, value);
        }
    }
}

/// A random string of `len` characters drawn from `alphabet`.
fn word(rng: &mut Rng, alphabet: &[char], len: usize) -> String {
    (0..len)
        .map(|_| alphabet[rng.below(alphabet.len())])
        .collect()
}

#[test]
fn generated_values_near_the_boundaries_follow_the_domain() {
    let mut rng = Rng(0x5eed_d0d0_cafe_f00d);
    let lower: Vec<char> = ('a'..='z').chain('0'..='9').collect();
    let mixed: Vec<char> = lower.iter().copied().chain(['A', 'Z', '-', '_']).collect();
    let hex: Vec<char> = ('0'..='9').chain('a'..='f').chain(['g', 'A']).collect();
    let digits: Vec<char> = ('0'..='9').chain(['a']).collect();
    let org = &CASES[0];
    let path = &CASES[1];
    let vpc = &CASES[5];
    let owner = &CASES[6];
    for _ in 0..60 {
        let alphabet = if rng.below(3) == 0 { &mixed } else { &lower };
        let len = 8 + rng.below(27);
        let id = word(&mut rng, alphabet, len);
        check(org, &format!("o-{id}"));
        let len = 3 + rng.below(4);
        let root = word(&mut rng, alphabet, len);
        let len = 7 + rng.below(3);
        let ou = word(&mut rng, &lower, len);
        check(path, &format!("o-a1b2c3d4e5/r-{root}/ou-{root}-{ou}/"));
        let len = [7, 8, 9, 16, 17, 18][rng.below(6)];
        check(vpc, &format!("vpc-{}", word(&mut rng, &hex, len)));
        let len = 11 + rng.below(3);
        check(owner, &word(&mut rng, &digits, len));
    }
}

#[test]
fn anonymous_callers_are_typed_by_the_table() {
    let request = Request::resolve(spec_of_query("GET / from anonymous"), NOW).unwrap();
    let domain = keys::lookup("aws:PrincipalType").unwrap().domain;
    let value = context_value(&request, "aws:PrincipalType").unwrap();
    assert!(domain.contains(&value), "{value}");
    let account = context_value(&request, "aws:PrincipalAccount").unwrap();
    assert_eq!(account, "anonymous");
    assert!(keys::lookup("aws:PrincipalAccount")
        .unwrap()
        .domain
        .contains(&account));
    // A signed principal cannot claim the anonymous type.
    assert!(Request::resolve(
        spec_of_query("GET / as 111122223333 principal-type Anonymous"),
        NOW
    )
    .is_err());
}

#[test]
fn every_default_request_value_is_inside_its_domain() {
    for query in [
        "GET / from anonymous",
        "GET / as 111122223333",
        "tls from anonymous",
    ] {
        let request = Request::resolve(spec_of_query(query), NOW).unwrap();
        for (key, value) in request.context().iter() {
            let Some(row) = keys::lookup(key) else {
                continue;
            };
            let values: Vec<&String> = match value {
                lattice_policy::eval::ContextValue::Single(s) => vec![s],
                lattice_policy::eval::ContextValue::Multi(vs) => vs.iter().collect(),
            };
            for v in values {
                assert!(row.domain.contains(v), "{query}: {key} = {v}");
            }
        }
    }
    assert_eq!(Domain::OrgId.example(), "o-a1b2c3d4e5");
}
