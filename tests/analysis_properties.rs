//! The analysis over all requests against the concrete evaluator, on random
//! small auth policies and random requests: "no request" claims hold for every
//! sampled request, every witness replays, statement fates and diffs agree
//! with what the evaluator decides.
//!
//! Each case draws two policies (1–4 statements: `Allow`/`Deny`, principals
//! `*`, accounts, roles, users, `NotPrincipal`; resources `*`, service ARNs
//! with path patterns, plain patterns, `NotResource`; conditions from small
//! value pools, so that they collide, a clause sometimes with several patterns) and 48 requests (every protocol,
//! anonymous and signed callers of named and fresh accounts, organizations
//! and organization paths, principal tags, methods, paths, headers, query strings, ports,
//! VPCs, services). Both policies are analysed together (each setup's
//! answers, then the diff between them), and every third case the first
//! alone. Checked:
//!
//! * "no request" (anonymous; foreign; anonymous over TLS only, and over HTTP
//!   and gRPC only; callers without `aws:PrincipalOrgID`; through each statement): no
//!   sampled request of the class is allowed (through that statement);
//! * every witness resolves to the request its query describes, is allowed
//!   (through the statement) and is of the class;
//! * a statement that never applies applies to no sample, an overridden
//!   `Allow` applies to no allowed sample, a redundant statement applies only
//!   where the one it is redundant with does;
//! * a sample whose decision changes between the policies has a change of
//!   that kind in the diff (when the diff is exact), and every change's
//!   witness has the decisions it claims;
//! * with the first policy as the service network's and the second as the
//!   service's (every fourth case), the anonymous and foreign answers hold
//!   for both layers together, and the diff from the service alone gains
//!   nothing and loses exactly what the network layer shuts out;
//! * no answer is unknown for an internal reason.
//!
//! The cases are seeded; `ANALYSIS_PROPERTIES_CASES=5000` and
//! `ANALYSIS_PROPERTIES_SEED=7` run more or others.

use std::collections::{BTreeMap, BTreeSet};

use lattice_policy::analysis::{
    replay, Analysis, Answer, Budget, Callers, Layers, Networks, Protocols, Question, Setup,
    Setups, StatementFate, Witness,
};
use lattice_policy::eval::request::{
    PrincipalDetails, PrincipalSpec, Request, RequestSpec, Values,
};
use lattice_policy::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy, Timestamp};
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::{Effect, Policy};

use crate::rng::Rng;

const NOW: Timestamp = Timestamp::from_millis(1_790_000_000_000);

// ---------------------------------------------------------------------------
// Policies

const SERVICE: &str = "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0";

const PRINCIPALS: &[&str] = &[
    r#""Principal":"*""#,
    r#""Principal":{"AWS":"*"}"#,
    r#""Principal":{"AWS":"111122223333"}"#,
    r#""Principal":{"AWS":["111122223333","444455556666"]}"#,
    r#""Principal":{"AWS":"arn:aws:iam::111122223333:role/ops"}"#,
    r#""Principal":{"AWS":"arn:aws:iam::111122223333:root"}"#,
    r#""Principal":{"AWS":"arn:aws:iam::444455556666:user/alice"}"#,
    r#""NotPrincipal":{"AWS":"111122223333"}"#,
];

const ACTIONS: &[&str] = &[
    r#""Action":"vpc-lattice-svcs:Invoke""#,
    r#""Action":"vpc-lattice-svcs:Invoke""#,
    r#""Action":"*""#,
    r#""Action":"vpc-lattice-svcs:Connect""#,
    r#""Action":["vpc-lattice-svcs:Invoke","vpc-lattice-svcs:Connect"]"#,
];

/// Resource items; `{S}` is the service ARN.
const RESOURCES: &[&str] = &[
    "*",
    "*",
    "{S}/*",
    "{S}",
    "{S}/a*",
    "{S}/a?",
    "{S}/admin/*",
    "{S}*/b",
    "arn:aws:vpc-lattice:*:123456789012:service/svc-*/a*",
    "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-1111111111111111a/*",
    "*/admin*",
];

const STRING_OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "StringNotLike",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
];

/// String keys and the values conditions compare them with.
const STRING_KEYS: &[(&str, &[&str])] = &[
    (
        "aws:PrincipalType",
        &[
            "Anonymous",
            "anonymous",
            "AssumedRole",
            "Account",
            "User",
            "*Role",
            "A*",
        ],
    ),
    (
        "aws:PrincipalAccount",
        &[
            "111122223333",
            "444455556666",
            "anonymous",
            "1111*",
            "*3333",
        ],
    ),
    (
        "aws:PrincipalOrgID",
        &[
            "o-abc0000000",
            "o-ABC0000000",
            "o-abc",
            "o-a*",
            "o-xyz0000000",
        ],
    ),
    (
        "vpc-lattice-svcs:RequestMethod",
        &["GET", "get", "POST", "DELETE", "G*", "P??T", "HTTP"],
    ),
    (
        "vpc-lattice-svcs:RequestPath",
        &["/a", "/a/*", "/a?", "*/b", "/admin*", "/", "/A", "/a b"],
    ),
    (
        "vpc-lattice-svcs:RequestHeader/x-env",
        &["prod", "PROD", "dev", "p*", ""],
    ),
    (
        "vpc-lattice-svcs:RequestQueryString/a",
        &["1", "2", "", "1*"],
    ),
    // Principal tags: each a field of its own in the analysis; only a
    // signed caller has them.
    ("aws:PrincipalTag/team", &["ops", "dev", "o*", "", "*p*"]),
    ("aws:PrincipalTag/env", &["prod", "PROD", "p*", "dev"]),
    (
        "vpc-lattice-svcs:SourceVpc",
        &[
            "vpc-1a2b3c4d",
            "vpc-0123456789abcdef0",
            "vpc-1*",
            "vpc-backend1",
            "vpc-*e",
        ],
    ),
];

const QUERY_KEY: &str = "vpc-lattice-svcs:RequestQueryString/a";

const NULL_KEYS: &[&str] = &[
    "vpc-lattice-svcs:RequestHeader/x-env",
    "vpc-lattice-svcs:RequestQueryString/a",
    "aws:PrincipalOrgID",
    "aws:PrincipalArn",
    "vpc-lattice-svcs:RequestPath",
    "aws:PrincipalTag/team",
];

/// One condition clause: operator, key, values.
fn clause(rng: &mut Rng) -> (String, String, Vec<String>) {
    match rng.below(13) {
        5 => {
            let op = format!(
                "{}:{}",
                rng.pick(&["ForAnyValue", "ForAllValues"]),
                rng.pick(&["StringLike", "StringNotLike", "StringEquals"])
            );
            let value = rng.pick(&[
                "o-abc0000000/*",
                "o-abc0000000/r-1111/*",
                "*/ou-2222-22222222/*",
                "o-xyz0000000/r-1111/ou-2222-22222222/",
                "o-abc/r-1/*",
            ]);
            (
                op,
                "aws:PrincipalOrgPaths".to_owned(),
                vec![value.to_owned()],
            )
        }
        // Set operators on the multi-valued query key, often, so that
        // statements combine them.
        3 => {
            let op = format!(
                "{}:{}",
                rng.pick(&["ForAnyValue", "ForAllValues"]),
                rng.pick(STRING_OPERATORS)
            );
            let values = (0..1 + rng.below(2))
                .map(|_| rng.pick(&["1", "2", "", "1*"]).to_owned())
                .collect();
            (op, QUERY_KEY.to_owned(), values)
        }
        4 => {
            let op = rng.pick(&["ArnLike", "ArnNotLike", "StringLike", "StringEquals"]);
            let value = rng.pick(&[
                "arn:aws:iam::111122223333:role/ops",
                "arn:aws:iam::*:role/*",
                "arn:aws:iam::111122223333:*",
                "arn:aws*:iam::*:user/alice",
            ]);
            (
                op.to_owned(),
                "aws:PrincipalArn".to_owned(),
                vec![value.to_owned()],
            )
        }
        0 => {
            let op = rng.pick(&["NumericLessThan", "NumericGreaterThan"]);
            let value = rng.pick(&["80", "443", "1024", "8080"]);
            (
                op.to_owned(),
                "vpc-lattice-svcs:Port".to_owned(),
                vec![value.to_owned()],
            )
        }
        1 => (
            "Null".to_owned(),
            rng.pick(NULL_KEYS).to_owned(),
            vec![rng.pick(&["true", "false"]).to_owned()],
        ),
        2 => (
            "Bool".to_owned(),
            "aws:SecureTransport".to_owned(),
            vec![rng.pick(&["true", "false"]).to_owned()],
        ),
        _ => {
            let (key, pool) = STRING_KEYS[rng.below(STRING_KEYS.len())];
            let mut op = rng.pick(STRING_OPERATORS).to_owned();
            if rng.chance(1, 4) {
                op.push_str("IfExists");
            }
            if key == QUERY_KEY && rng.chance(2, 3) {
                op = format!("{}:{op}", rng.pick(&["ForAnyValue", "ForAllValues"]));
            }
            // Sometimes several patterns in one clause (searched as one set).
            let n = match rng.below(6) {
                0..=3 => 1,
                4 => 2,
                // Past 8 patterns a clause is searched as one union.
                _ => 3 + rng.below(8),
            };
            let values = (0..n).map(|_| rng.pick(pool).to_owned()).collect();
            let key = if key.contains("RequestHeader") && rng.chance(1, 4) {
                "vpc-lattice-svcs:RequestHeader/X-Env".to_owned()
            } else {
                key.to_owned()
            };
            (op, key, values)
        }
    }
}

fn json_list(items: &[String]) -> String {
    if items.len() == 1 {
        format!("{:?}", items[0])
    } else {
        let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
        format!("[{}]", quoted.join(","))
    }
}

fn statement(rng: &mut Rng) -> String {
    let effect = if rng.chance(2, 5) { "Deny" } else { "Allow" };
    let principal = rng.pick(PRINCIPALS);
    let action = rng.pick(ACTIONS);
    let n = 1 + usize::from(rng.chance(1, 4));
    let resources: Vec<String> = (0..n)
        .map(|_| rng.pick(RESOURCES).replace("{S}", SERVICE))
        .collect();
    let resource_word = if rng.chance(1, 12) {
        "NotResource"
    } else {
        "Resource"
    };
    let mut text = format!(
        r#"{{"Effect":"{effect}",{principal},{action},"{resource_word}":{}"#,
        json_list(&resources)
    );
    let clauses = match rng.below(10) {
        0..=2 => 0,
        3..=6 => 1,
        7..=8 => 2,
        _ => 3,
    };
    // Operator → key → values, so that no JSON object repeats a name.
    let mut blocks: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for _ in 0..clauses {
        let (op, key, values) = clause(rng);
        blocks.entry(op).or_default().entry(key).or_insert(values);
    }
    if !blocks.is_empty() {
        let blocks: Vec<String> = blocks
            .iter()
            .map(|(op, clauses)| {
                let clauses: Vec<String> = clauses
                    .iter()
                    .map(|(k, v)| format!("{k:?}:{}", json_list(v)))
                    .collect();
                format!("{op:?}:{{{}}}", clauses.join(","))
            })
            .collect();
        text.push_str(&format!(r#","Condition":{{{}}}"#, blocks.join(",")));
    }
    text.push('}');
    text
}

fn policy_text(rng: &mut Rng) -> String {
    let n = 1 + rng.below(4);
    let statements: Vec<String> = (0..n).map(|_| statement(rng)).collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

fn load(text: &str) -> Option<Policy> {
    let loaded = load_str("policy.json", text, LoadOptions::default());
    if loaded.has_errors() {
        return None;
    }
    loaded.policy
}

// ---------------------------------------------------------------------------
// Requests

const CALLERS: &[&str] = &[
    "111122223333",
    "444455556666",
    "999999999999",
    "123456789012",
    "111133333333",
    "arn:aws:iam::111122223333:role/ops",
    "arn:aws:iam::444455556666:role/ops",
    "arn:aws:iam::999999999999:role/ops",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::444455556666:user/alice",
    "arn:aws:sts::111122223333:assumed-role/ops/s1",
    "arn:aws:sts::444455556666:federated-user/bob",
    "arn:aws:iam::111133333333:role/x",
    "arn:aws-cn:iam::111122223333:role/ops",
];

fn request(rng: &mut Rng) -> RequestSpec {
    let protocol = match rng.below(20) {
        0..=7 => "HTTPS",
        8..=12 => "HTTP",
        13..=15 => "GRPC",
        _ => "TLS",
    };
    let mut spec = RequestSpec {
        protocol: Some(protocol.to_owned()),
        ..RequestSpec::default()
    };
    if !rng.chance(3, 10) {
        let org = if rng.chance(1, 2) {
            None
        } else {
            Some(
                rng.pick(&[
                    "o-abc0000000",
                    "o-xyz0000000",
                    "o-abcd000000",
                    "o-a000000000",
                    "o-b000000000",
                ])
                .to_owned(),
            )
        };
        let org_paths = org.as_ref().filter(|_| rng.chance(1, 2)).map(|o| {
            (0..1 + rng.below(2))
                .map(|_| {
                    let rest = rng.pick(&["r-1111/", "r-1111/ou-2222-22222222/", "r-2222/"]);
                    format!("{o}/{rest}")
                })
                .collect()
        });
        let mut tags = BTreeMap::new();
        if rng.chance(1, 2) {
            let team = rng.pick(&["ops", "dev", "o", "Ops", "", "xpx"]);
            tags.insert("team".to_owned(), team.to_owned());
        }
        if rng.chance(1, 3) {
            let env = rng.pick(&["prod", "PROD", "dev", "p"]);
            tags.insert("env".to_owned(), env.to_owned());
        }
        spec.principal = Some(PrincipalSpec::Details(PrincipalDetails {
            arn: Some(rng.pick(CALLERS).to_owned()),
            org_id: org,
            org_paths,
            tags,
            ..PrincipalDetails::default()
        }));
    }
    if matches!(protocol, "HTTP" | "HTTPS") && rng.chance(3, 4) {
        let method = rng.pick(&[
            "GET", "GET", "POST", "DELETE", "PUT", "PAST", "POOT", "G", "GETX", "PATCH",
        ]);
        spec.method = Some(method.to_owned());
    }
    // A TLS connection carries no HTTP request (decision `tls-connect-only`).
    let http = protocol != "TLS";
    if http && rng.chance(4, 5) {
        let path = rng.pick(&[
            "/", "/a", "/a/", "/a/x", "/ab", "/a?x=1", "/admin", "/admin/x", "/x/b", "/b", "/A",
            "/zz", "/aa/b", "/a%3F",
        ]);
        spec.path = Some(path.to_owned());
    }
    if http && rng.chance(3, 5) {
        let name = if rng.chance(1, 5) { "X-Env" } else { "x-env" };
        let value = rng.pick(&["prod", "PROD", "dev", "p", "pp", "", "staging"]);
        spec.headers.insert(name.to_owned(), value.to_owned());
    }
    if http && rng.chance(3, 5) {
        let pool = ["1", "2", "", "3", "10", "1x"];
        let n = 1 + rng.below(3);
        let values: Vec<String> = (0..n).map(|_| rng.pick(&pool).to_owned()).collect();
        let key = if rng.chance(1, 10) { "A" } else { "a" };
        spec.query.insert(key.to_owned(), Values::Many(values));
    }
    if rng.chance(1, 2) {
        let ports = [
            79, 80, 81, 442, 443, 444, 1023, 1024, 1025, 8079, 8080, 8081, 1, 65535,
        ];
        spec.port = Some(ports[rng.below(ports.len())]);
    }
    if rng.chance(3, 5) {
        let vpc = rng.pick(&[
            "vpc-1a2b3c4d",
            "vpc-1a2b3c4e",
            "vpc-11111111",
            "vpc-0123456789abcdef0",
            "vpc-22222222",
        ]);
        spec.source_vpc = Some(vpc.to_owned());
    }
    if rng.chance(1, 5) {
        let service = rng.pick(&[
            "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-1111111111111111a",
            "arn:aws:vpc-lattice:eu-west-1:123456789012:service/svc-0123456789abcdef0",
            "arn:aws-cn:vpc-lattice:cn-north-1:123456789012:service/svc-0123456789abcdef0",
        ]);
        spec.service = Some(service.to_owned());
    }
    spec
}

// ---------------------------------------------------------------------------
// The evaluator's side

fn authorizer(policy: &Policy) -> Authorizer {
    replay::service_authorizer(policy)
}

fn resolve(spec: &RequestSpec) -> Request {
    Request::resolve(spec.clone(), NOW)
        .unwrap_or_else(|e| panic!("{spec:?} does not resolve: {e:?}"))
}

use replay::{allows, caller_account as account};

/// A signed caller whose account and organization the policy text never
/// mentions (a subset of what the analysis calls foreign).
fn is_foreign(request: &Request, text: &str) -> bool {
    replay::foreign_to(request, text)
}

/// The witness's request, checked to be what its query says.
fn replay(witness: &Witness, context: &str) -> Request {
    replay::witness_request(witness, NOW).unwrap_or_else(|e| panic!("{context}: {e}"))
}

#[derive(Debug, Default)]
struct Tally {
    policies: usize,
    skipped: usize,
    no_request: usize,
    found: usize,
    unknown: usize,
    allowed_samples: usize,
    fates: BTreeMap<String, usize>,
    gained: usize,
    lost: usize,
    layered: usize,
}

const CASES: usize = 300;
const SAMPLES: usize = 48;

/// A number from the environment, for longer runs by hand.
fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn analysis_agrees_with_the_evaluator() {
    let seed = env_or("ANALYSIS_PROPERTIES_SEED", 0x2545_f491_4f6c_dd1d);
    let cases = env_or("ANALYSIS_PROPERTIES_CASES", CASES as u64) as usize;
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    for case in 0..cases {
        let text_a = policy_text(&mut rng);
        let text_b = policy_text(&mut rng);
        let (Some(a), Some(b)) = (load(&text_a), load(&text_b)) else {
            tally.skipped += 1;
            continue;
        };
        tally.policies += 1;
        let samples: Vec<Request> = (0..SAMPLES).map(|_| resolve(&request(&mut rng))).collect();
        // Both policies in one analysis (the space split by both), and now
        // and then the first on its own.
        let mut setups = Setups::new();
        let (setup_a, setup_b) = (
            setups.add(Layers::service(&a)),
            setups.add(Layers::service(&b)),
        );
        let both = Analysis::new(setups, NOW);
        let named = format!("{text_a}{text_b}");
        for (n, setup, policy, text) in [(0, setup_a, &a, &text_a), (1, setup_b, &b, &text_b)] {
            let context = format!("case {case}, setup {n} of two, policy {text}");
            check_policy(&context, &both, setup, policy, &named, &samples, &mut tally);
        }
        if case % 3 == 0 {
            let (alone, setup) = Analysis::of(Layers::service(&a), NOW);
            let context = format!("case {case}, alone, policy {text_a}");
            check_policy(&context, &alone, setup, &a, &text_a, &samples, &mut tally);
        }
        let context = format!("case {case}, diff from {text_a} to {text_b}");
        let setups = (setup_a, setup_b);
        check_diff(&context, &both, setups, &a, &b, &samples, &mut tally);
        if case % 4 == 1 {
            let context = format!("case {case}, network {text_a}, service {text_b}");
            check_layered(&context, &a, &b, &named, &samples, &mut tally);
        }
    }
    eprintln!(
        "analysis properties: {} cases ({} skipped), answers: {} no request, {} found, {} unknown; {} allowed samples; fates {:?}; diff classes {} gained, {} lost",
        tally.policies,
        tally.skipped,
        tally.no_request,
        tally.found,
        tally.unknown,
        tally.allowed_samples,
        tally.fates,
        tally.gained,
        tally.lost
    );
    // The cases must exercise every answer.
    assert!(
        tally.skipped * 10 < cases,
        "{} cases skipped",
        tally.skipped
    );
    assert!(
        tally.no_request > cases,
        "{} no-request answers",
        tally.no_request
    );
    assert!(tally.found > cases, "{} witnesses", tally.found);
    assert!(
        tally.unknown * 20 < cases,
        "{} unknown answers",
        tally.unknown
    );
    assert!(tally.gained > cases && tally.lost > cases);
    assert!(tally.layered * 5 > cases, "{} layered cases", tally.layered);
    for fate in ["Live", "NeverApplies", "Overridden", "RedundantWith"] {
        assert!(
            tally.fates.get(fate).is_some_and(|&n| n * 50 > cases),
            "{:?}",
            tally.fates
        );
    }
}

/// Checks the answers about setup `setup` of `analysis`, whose service
/// policy is `policy`; `named` holds every policy text of the analysis (a
/// caller whose account and organization it never mentions is foreign).
fn check_policy(
    context: &str,
    analysis: &Analysis<'_>,
    setup: Setup,
    policy: &Policy,
    named: &str,
    samples: &[Request],
    tally: &mut Tally,
) {
    let authorizer = authorizer(policy);
    let allowed: Vec<bool> = samples.iter().map(|r| allows(&authorizer, r)).collect();
    tally.allowed_samples += allowed.iter().filter(|a| **a).count();
    let named_accounts: BTreeSet<String> = analysis.named_accounts().clone();
    type Class<'t> = (&'t str, Answer, Box<dyn Fn(&Request) -> bool + 't>);
    let over = |protocols| Question::new(Callers::Anonymous).over(protocols);
    let without_org = Question::new(Callers::Anyone).lacking("aws:PrincipalOrgID");
    let classes: [Class<'_>; 5] = [
        (
            "anonymous",
            analysis.anonymous_allowed(setup),
            Box::new(|r: &Request| r.is_anonymous()),
        ),
        (
            "foreign",
            analysis.foreign_allowed(setup),
            Box::new(|r: &Request| is_foreign(r, named)),
        ),
        (
            "anonymous over TLS",
            analysis.ask(setup, &over(Protocols::Connect)),
            Box::new(|r: &Request| r.is_anonymous() && r.is_tls()),
        ),
        (
            "anonymous over HTTP and gRPC",
            analysis.ask(setup, &over(Protocols::Invoke)),
            Box::new(|r: &Request| r.is_anonymous() && !r.is_tls()),
        ),
        (
            "without an organization",
            analysis.ask(setup, &without_org),
            Box::new(|r: &Request| r.context().get("aws:PrincipalOrgID").is_none()),
        ),
    ];
    for (name, answer, in_class) in &classes {
        let context = format!("{context}, {name}");
        // The tally's thresholds are of the first two questions.
        let counted = usize::from(matches!(*name, "anonymous" | "foreign"));
        match answer {
            Answer::NoRequest => {
                tally.no_request += counted;
                for (request, allowed) in samples.iter().zip(&allowed) {
                    assert!(
                        !(*allowed && in_class(request)),
                        "{context}: the analysis says no request, but `{}` is allowed",
                        request.describe()
                    );
                }
            }
            Answer::Found(witness) => {
                tally.found += counted;
                let request = replay(witness, &context);
                assert!(
                    allows(&authorizer, &request),
                    "{context}: the witness `{}` is denied",
                    witness.query
                );
                // (A foreign witness is checked below, against the
                // analysis's own named accounts.)
                assert!(
                    *name == "foreign" || in_class(&request),
                    "{context}: the witness `{}` is not of the class",
                    witness.query
                );
                match *name {
                    "anonymous" => assert!(
                        request.is_anonymous(),
                        "{context}: the witness `{}` is signed",
                        witness.query
                    ),
                    "foreign" => {
                        let account = account(&request);
                        assert!(
                            account
                                .as_ref()
                                .is_some_and(|a| !named_accounts.contains(a)),
                            "{context}: the witness `{}` is not foreign (named {named_accounts:?})",
                            witness.query
                        );
                    }
                    _ => {}
                }
            }
            Answer::Unknown(reasons) => {
                tally.unknown += counted;
                assert!(
                    !reasons.iter().any(|r| r.starts_with("internal")),
                    "{context}: {reasons:?}"
                );
            }
        }
    }

    // Through one statement: the witness is allowed and the statement
    // applies to it; "no request" holds for the samples it applies to.
    for (s, statement) in CompiledPolicy::compile(policy)
        .statements()
        .iter()
        .enumerate()
    {
        let via: [Class<'_>; 2] = [
            (
                "anonymous",
                analysis.anonymous_allowed_via(setup, s),
                Box::new(|r: &Request| r.is_anonymous()),
            ),
            (
                "foreign",
                analysis.foreign_allowed_via(setup, s),
                Box::new(|r: &Request| is_foreign(r, named)),
            ),
        ];
        for (name, answer, in_class) in &via {
            let context = format!("{context}, {name} via statement {s}");
            match answer {
                Answer::NoRequest => {
                    for (request, allowed) in samples.iter().zip(&allowed) {
                        assert!(
                            !(*allowed && in_class(request) && statement.applies(request)),
                            "{context}: the analysis says no request, but `{}` is allowed",
                            request.describe()
                        );
                    }
                }
                Answer::Found(witness) => {
                    let request = replay(witness, &context);
                    assert!(
                        allows(&authorizer, &request) && statement.applies(&request),
                        "{context}: the witness `{}` is denied or not applied to",
                        witness.query
                    );
                    let anonymous = request.is_anonymous();
                    assert_eq!(
                        anonymous,
                        *name == "anonymous",
                        "{context}: `{}`",
                        witness.query
                    );
                }
                Answer::Unknown(reasons) => assert!(
                    !reasons.iter().any(|r| r.starts_with("internal")),
                    "{context}: {reasons:?}"
                ),
            }
        }
    }

    // Statement fates.
    let fates = analysis.statement_fates(setup);
    let compiled = CompiledPolicy::compile(policy);
    let statements = compiled.statements();
    assert_eq!(fates.len(), statements.len());
    for (s, fate) in fates.iter().enumerate() {
        *tally
            .fates
            .entry(
                format!("{fate:?}")
                    .split('(')
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            )
            .or_default() += 1;
        let context = format!("{context}, statement {s} {fate:?}");
        for (request, allowed) in samples.iter().zip(&allowed) {
            let applies = statements[s].applies(request);
            match fate {
                StatementFate::Live => {}
                StatementFate::NeverApplies => {
                    assert!(!applies, "{context}: applies to `{}`", request.describe())
                }
                StatementFate::Overridden => {
                    assert_eq!(statements[s].effect, Effect::Allow, "{context}");
                    assert!(
                        !(applies && *allowed),
                        "{context}: decides the allowed `{}`",
                        request.describe()
                    );
                }
                StatementFate::RedundantWith(t) => {
                    assert_eq!(statements[s].effect, statements[*t].effect, "{context}");
                    assert!(
                        !applies || statements[*t].applies(request),
                        "{context}: applies to `{}` without statement {t}",
                        request.describe()
                    );
                }
            }
        }
    }
}

/// The first policy as the service network's, the second as the service's:
/// the answers hold for the two layers together, and adding the network
/// layer to the service's alone only takes access away.
fn check_layered(
    context: &str,
    network: &Policy,
    service: &Policy,
    named: &str,
    samples: &[Request],
    tally: &mut Tally,
) {
    let layered = Layers {
        network: Some((AuthType::AwsIam, Some(network))),
        service: (AuthType::AwsIam, Some(service)),
    };
    let mut setups = Setups::new();
    let (layered, alone_setup) = (setups.add(layered), setups.add(Layers::service(service)));
    let analysis = Analysis::new(setups, NOW);
    let both = Authorizer {
        network: Some(AuthLayer {
            auth_type: AuthType::AwsIam,
            policy: Some(CompiledPolicy::compile(network)),
        }),
        ..authorizer(service)
    };
    let alone = authorizer(service);
    tally.layered += 1;
    type InClass<'f> = &'f dyn Fn(&Request) -> bool;
    let classes: [(&str, Answer, InClass<'_>); 2] = [
        (
            "anonymous",
            analysis.anonymous_allowed(layered),
            &|r: &Request| r.is_anonymous(),
        ),
        (
            "foreign",
            analysis.foreign_allowed(layered),
            &|r: &Request| is_foreign(r, named),
        ),
    ];
    for (name, answer, in_class) in classes {
        let context = format!("{context}, {name}");
        match answer {
            Answer::NoRequest => {
                for request in samples {
                    assert!(
                        !(in_class(request) && allows(&both, request)),
                        "{context}: the analysis says no request, but `{}` is allowed",
                        request.describe()
                    );
                }
            }
            Answer::Found(witness) => {
                let request = replay(&witness, &context);
                assert!(
                    allows(&both, &request),
                    "{context}: the witness `{}` is denied",
                    witness.query
                );
            }
            Answer::Unknown(reasons) => assert!(
                !reasons.iter().any(|r| r.starts_with("internal")),
                "{context}: {reasons:?}"
            ),
        }
    }
    let diff = analysis.diff(alone_setup, layered, 8);
    assert!(
        diff.gained.is_empty(),
        "{context}: a network layer let in `{}`",
        diff.gained[0].witness.query
    );
    for change in &diff.lost {
        let request = replay(&change.witness, context);
        assert!(
            allows(&alone, &request) && !allows(&both, &request),
            "{context}: the witness `{}`",
            change.witness.query
        );
    }
    if diff.inexact.is_empty() {
        for request in samples {
            if allows(&alone, request) && !allows(&both, request) {
                assert!(
                    !diff.lost.is_empty(),
                    "{context}: the network layer shuts out `{}`, but nothing is lost",
                    request.describe()
                );
            }
        }
    }
}

fn check_diff(
    context: &str,
    analysis: &Analysis<'_>,
    (setup_a, setup_b): (Setup, Setup),
    a: &Policy,
    b: &Policy,
    samples: &[Request],
    tally: &mut Tally,
) {
    let diff = analysis.diff(setup_a, setup_b, 8);
    let (old, new) = (authorizer(a), authorizer(b));
    tally.gained += diff.gained.len();
    tally.lost += diff.lost.len();
    assert!(
        !diff.inexact.iter().any(|r| r.starts_with("internal")),
        "{context}: {:?}",
        diff.inexact
    );
    let problems = replay::diff_contradictions(&diff, &old, &new, samples, NOW);
    assert!(problems.is_empty(), "{context}: {problems:#?}");
}

/// Header patterns for policies with many clauses on one header: stars,
/// `?`, literals and the empty string over a few letters, so that they
/// overlap, nest (`*ab*` inside `*a*`) and collide.
const HEADER_PATTERNS: &[&str] = &[
    "*a*", "*b*", "a*", "*a", "*ab*", "a?", "?b*", "*a*b*", "ab", "ba", "", "*", "b*a", "*aa*",
    "a*b", "x", "*x*a*", "*b*a*", "??", "*a?b*",
];

/// Header values for the sampled requests: strings those patterns tell apart.
const HEADER_VALUES: &[&str] = &[
    "", "a", "b", "ab", "ba", "aab", "xa", "abx", "bab", "aa", "x", "aba", "axb", "bxa", "xxa",
];

/// Source VPC patterns for policies with many clauses on the source VPC:
/// as [`HEADER_PATTERNS`], over VPC ids (`vpc-` and 8 or 17 hex digits).
/// No bare `*`, so that a policy's other `"*"` values are no VPC pattern
/// to [`vpc_is_unnamed`].
const VPC_PATTERNS: &[&str] = &[
    "vpc-*a*",
    "vpc-*b*",
    "vpc-a*",
    "vpc-*a",
    "vpc-*ab*",
    "vpc-a???????",
    "vpc-?b*",
    "vpc-*a*b*",
    "vpc-aaaaaaaa",
    "vpc-abababab",
    "vpc-*",
    "vpc-b*a",
    "vpc-*aa*",
    "vpc-a*b",
    "vpc-????????",
    "*0*",
    "vpc-*b*a*",
    "vpc-0*",
    "vpc-*a?b*",
    "vpc-ab000000",
];

/// Source VPCs for the sampled requests: ids those patterns tell apart.
const VPC_VALUES: &[&str] = &[
    "vpc-aaaaaaaa",
    "vpc-abababab",
    "vpc-0000000a",
    "vpc-a0000000",
    "vpc-ab000000",
    "vpc-ba000000",
    "vpc-bbbbbbbb",
    "vpc-0123456789abcdef0",
    "vpc-aaaaaaaaaaaaaaaaa",
    "vpc-b0000000000000000",
    "vpc-11111111",
    "vpc-a000000b",
];

/// `*` and `?` matching, for the test's own idea of a VPC no pattern names.
fn glob_matches(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|i| glob_matches(rest, &text[i..])),
        Some((&p, rest)) => text
            .split_first()
            .is_some_and(|(&t, more)| (p == '?' || p == t) && glob_matches(rest, more)),
    }
}

/// True when no VPC pattern written in `named` (the policies' texts)
/// matches `vpc`: the policies of the VPC case write only `StringLike`
/// patterns on it, so that is what "a network no policy names" means there.
fn vpc_is_unnamed(named: &str, vpc: &str) -> bool {
    let vpc: Vec<char> = vpc.chars().collect();
    !VPC_PATTERNS.iter().any(|p| {
        named.contains(&format!("\"{p}\"")) && glob_matches(&p.chars().collect::<Vec<char>>(), &vpc)
    })
}

/// The fields [`many_clauses_policy_text`] puts many clauses on: each
/// text field the analysis may split by its clauses.
#[derive(Clone, Copy, Debug)]
enum ManyOn {
    /// The header `x-env`.
    Header,
    /// The query key `a`, most clauses with `ForAnyValue:` or `ForAllValues:`.
    Query,
    /// The caller's tag `team` (which an anonymous caller never has).
    PrincipalTag,
    /// The service's tag `team`.
    ServiceTag,
    /// The source VPC (never absent), with `StringLike` patterns only.
    Vpc,
}

/// A policy of 14 to 20 statements, each with a clause on the field `on`
/// (most with a distinct operator or pattern, so that the field has more
/// clauses than it is split into classes for), some with a method clause
/// or a caller beside it.
fn many_clauses_policy_text(rng: &mut Rng, on: ManyOn) -> String {
    let query = matches!(on, ManyOn::Query);
    let key = match on {
        ManyOn::Header => "vpc-lattice-svcs:RequestHeader/x-env",
        ManyOn::Query => QUERY_KEY,
        ManyOn::PrincipalTag => "aws:PrincipalTag/team",
        ManyOn::ServiceTag => "aws:ResourceTag/team",
        ManyOn::Vpc => "vpc-lattice-svcs:SourceVpc",
    };
    let vpc = matches!(on, ManyOn::Vpc);
    let n = 14 + rng.below(7);
    let statements: Vec<String> = (0..n)
        .map(|_| {
            let effect = if rng.chance(2, 5) { "Deny" } else { "Allow" };
            let principal = if rng.chance(1, 4) {
                r#""Principal":{"AWS":"111122223333"}"#
            } else {
                r#""Principal":"*""#
            };
            let mut blocks: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
            let (op, values) = if rng.chance(1, 10) {
                ("Null".to_owned(), vec![rng.pick(&["true", "false"]).to_owned()])
            } else {
                let ops: &[&str] = if vpc {
                    &["StringLike", "StringNotLike"]
                } else {
                    &["StringLike", "StringNotLike", "StringEquals", "StringNotEquals"]
                };
                let mut op = rng.pick(ops).to_owned();
                if rng.chance(1, 4) {
                    op.push_str("IfExists");
                }
                if query && rng.chance(3, 4) {
                    op = format!("{}:{op}", rng.pick(&["ForAnyValue", "ForAllValues"]));
                }
                let patterns = if vpc { VPC_PATTERNS } else { HEADER_PATTERNS };
                let values = (0..1 + rng.below(2))
                    .map(|_| rng.pick(patterns).to_owned())
                    .collect();
                (op, values)
            };
            blocks.entry(op).or_default().insert(key.to_owned(), values);
            if rng.chance(1, 4) {
                blocks.entry("StringEquals".to_owned()).or_default().insert(
                    "vpc-lattice-svcs:RequestMethod".to_owned(),
                    vec![rng.pick(&["GET", "POST"]).to_owned()],
                );
            }
            let blocks: Vec<String> = blocks
                .iter()
                .map(|(op, clauses)| {
                    let clauses: Vec<String> = clauses
                        .iter()
                        .map(|(k, v)| format!("{k:?}:{}", json_list(v)))
                        .collect();
                    format!("{op:?}:{{{}}}", clauses.join(","))
                })
                .collect();
            format!(
                r#"{{"Effect":"{effect}",{principal},"Action":"*","Resource":"*","Condition":{{{}}}}}"#,
                blocks.join(",")
            )
        })
        .collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

/// The question about networks no policy names, on many clauses on the
/// source VPC: "no request" when a sample from such a VPC is allowed, or
/// a witness from a VPC some pattern names, is a wrong answer.
fn check_unnamed_vpcs(
    case: usize,
    analysis: &Analysis<'_>,
    setups: [(Setup, &Policy); 2],
    named: &str,
    samples: &[Request],
) {
    let question = Question::new(Callers::Anyone).from(Networks::Unnamed);
    for (n, (setup, policy)) in setups.into_iter().enumerate() {
        let context = format!("case {case}, setup {n}, unnamed VPCs");
        let authorizer = authorizer(policy);
        match analysis.ask(setup, &question) {
            Answer::NoRequest => {
                for request in samples {
                    assert!(
                        !(vpc_is_unnamed(named, request.source_vpc())
                            && allows(&authorizer, request)),
                        "{context}: the analysis says no request, but `{}` is allowed",
                        request.describe()
                    );
                }
            }
            Answer::Found(witness) => {
                let request = replay(&witness, &context);
                assert!(
                    allows(&authorizer, &request),
                    "{context}: {witness:?} is denied"
                );
                assert!(
                    vpc_is_unnamed(named, request.source_vpc()),
                    "{context}: {witness:?} comes from a VPC a policy names"
                );
            }
            Answer::Unknown(reasons) => panic!("{context}: unknown: {reasons:?}"),
        }
    }
}

/// Many distinct clauses on one header, on one query key with set
/// operators, or on one caller's or service's tag: the analysis splits it
/// by its clauses instead of into classes (`analysis::text_sets`); its answers, witnesses and diffs are
/// held to the evaluator as the others are.
#[test]
fn many_clauses_on_one_field_agree_with_the_evaluator() {
    let seed = env_or("ANALYSIS_PROPERTIES_SEED", 0x2545_f491_4f6c_dd1d);
    let cases = env_or("ANALYSIS_PROPERTIES_CASES", 300) as usize / 10;
    let mut rng = Rng(seed ^ 0x1eaf);
    let mut tally = Tally::default();
    for case in 0..cases {
        // The fields in turn: a header, a query key (a set of values), a
        // caller's tag, the service's tag.
        let on = [
            ManyOn::Header,
            ManyOn::Query,
            ManyOn::PrincipalTag,
            ManyOn::ServiceTag,
            ManyOn::Vpc,
        ][case % 5];
        let (text_a, text_b) = (
            many_clauses_policy_text(&mut rng, on),
            many_clauses_policy_text(&mut rng, on),
        );
        let (Some(a), Some(b)) = (load(&text_a), load(&text_b)) else {
            tally.skipped += 1;
            continue;
        };
        tally.policies += 1;
        let samples: Vec<Request> = (0..SAMPLES)
            .map(|_| {
                let mut spec = request(&mut rng);
                spec.headers.clear();
                spec.query.clear();
                spec.service_tags.clear();
                if let Some(PrincipalSpec::Details(details)) = &mut spec.principal {
                    details.tags.clear();
                }
                let http = spec.protocol.as_deref() != Some("TLS");
                if !rng.chance(1, 5) {
                    let value = rng.pick(HEADER_VALUES).to_owned();
                    match on {
                        ManyOn::Query if http => {
                            let values = (0..1 + rng.below(3))
                                .map(|_| rng.pick(HEADER_VALUES).to_owned())
                                .collect();
                            spec.query.insert("a".to_owned(), Values::Many(values));
                        }
                        ManyOn::Header if http => {
                            spec.headers.insert("x-env".to_owned(), value);
                        }
                        ManyOn::PrincipalTag => {
                            if let Some(PrincipalSpec::Details(details)) = &mut spec.principal {
                                details.tags.insert("team".to_owned(), value);
                            }
                        }
                        ManyOn::ServiceTag => {
                            spec.service_tags.insert("team".to_owned(), value);
                        }
                        ManyOn::Vpc => {
                            spec.source_vpc = Some(rng.pick(VPC_VALUES).to_owned());
                        }
                        _ => {}
                    }
                }
                resolve(&spec)
            })
            .collect();
        let mut setups = Setups::new();
        let (setup_a, setup_b) = (
            setups.add(Layers::service(&a)),
            setups.add(Layers::service(&b)),
        );
        // Time is no part of what is tested (a debug build, a loaded machine).
        let budget = Budget {
            time: std::time::Duration::from_secs(600),
            ..Budget::DEFAULT
        };
        let both = Analysis::with_budget(setups, NOW, budget);
        assert!(
            both.inexact().is_empty(),
            "case {case}: {:?}",
            both.inexact()
        );
        let named = format!("{text_a}{text_b}");
        for (n, setup, policy, text) in [(0, setup_a, &a, &text_a), (1, setup_b, &b, &text_b)] {
            let context = format!("case {case}, setup {n} of two, policy {text}");
            check_policy(&context, &both, setup, policy, &named, &samples, &mut tally);
        }
        if matches!(on, ManyOn::Vpc) {
            check_unnamed_vpcs(
                case,
                &both,
                [(setup_a, &a), (setup_b, &b)],
                &named,
                &samples,
            );
        }
        if matches!(on, ManyOn::Vpc) {
            check_unnamed_vpcs(
                case,
                &both,
                [(setup_a, &a), (setup_b, &b)],
                &named,
                &samples,
            );
        }
        let context = format!("case {case}, diff from {text_a} to {text_b}");
        check_diff(
            &context,
            &both,
            (setup_a, setup_b),
            &a,
            &b,
            &samples,
            &mut tally,
        );
    }
    eprintln!(
        "many clauses on one field: {} cases ({} skipped), answers: {} no request, {} found, {} unknown; fates {:?}; diff classes {} gained, {} lost",
        tally.policies,
        tally.skipped,
        tally.no_request,
        tally.found,
        tally.unknown,
        tally.fates,
        tally.gained,
        tally.lost
    );
    assert_eq!(tally.unknown, 0);
    assert!(tally.found > 0 && tally.no_request > 0, "{tally:?}");
    assert!(tally.gained > 0 && tally.lost > 0);
}
