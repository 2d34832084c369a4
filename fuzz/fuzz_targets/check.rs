//! The whole `policy check` pipeline on structure-aware random policies, with
//! the evaluator as the oracle for the analysis.
//!
//! libFuzzer's bytes drive `arbitrary` into a [`Case`]: a policy of one to
//! four statements written with real element names, principals, actions,
//! resources, operators, condition keys and values (pools shared with the
//! requests, so that they collide, plus free words with `*`, `?` and policy
//! variables), now and then a grammar slip; a baseline policy; `never`
//! patterns; the `public` and `private-to` settings; and up to sixteen
//! requests.
//!
//! Checked:
//!
//! * `check_bytes` then `check_expectations` do not panic, and every finding's
//!   span (and related span) lies inside the text, in source order;
//! * when the policy loads without errors, the analysis's answers replay:
//!   every witness (anonymous, foreign, a `never` pattern's, a diff change's)
//!   is a query that reads back to its request, and the `Authorizer` decides
//!   it as the analysis claims; every "no request" answer holds for each
//!   sampled request of its class; a diff with no change of a kind has no
//!   sample that changed that way (when the diff is exact);
//! * `check_expectations` reports `INVARIANT_VIOLATED` once for each `never`
//!   pattern the analysis does not prove;
//! * every fix's edits lie inside the text; the text with the safe fixes
//!   applied checks without panicking, and when both it and the original can
//!   be evaluated, the safe fixes change no sampled decision (a safe fix
//!   cannot change what the policy means);
//! * no answer is unknown for an internal reason.
//!
//! Sizes are capped (statements, clauses, values, requests) so that one case
//! stays well inside libFuzzer's `-timeout`.

#![no_main]

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use lattice_policy::analysis::{
    replay, Analysis, Answer, Invariant, Layers, Setups, Witness, CHECK_TIME,
};
use lattice_policy::check::{check_bytes, Baseline, Checker, Expectations, Report};
use lattice_policy::diagnostic::fix::apply;
use lattice_policy::diagnostic::{Applicability, Fix};
use lattice_policy::eval::request::{PrincipalDetails, PrincipalSpec, Values};
use lattice_policy::eval::{Authorizer, Request, RequestSpec};
use lattice_policy::lint::LintConfig;
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::{Policy, PolicyKind};
use libfuzzer_sys::fuzz_target;

// ---------------------------------------------------------------------------
// Pools

const SERVICE: &str = "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0";

const PRINCIPALS: &[&str] = &[
    r#""Principal":"*""#,
    r#""Principal":{"AWS":"*"}"#,
    r#""Principal":{"AWS":"111122223333"}"#,
    r#""Principal":{"AWS":["111122223333","444455556666"]}"#,
    r#""Principal":{"AWS":"arn:aws:iam::111122223333:role/ops"}"#,
    r#""Principal":{"AWS":"arn:aws:iam::111122223333:root"}"#,
    r#""Principal":{"AWS":"arn:aws:iam::444455556666:user/alice"}"#,
    r#""Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/ops/s1"}"#,
    r#""Principal":{"Service":"lambda.amazonaws.com"}"#,
    r#""NotPrincipal":{"AWS":"111122223333"}"#,
    r#""NotPrincipal":"*""#,
];

const ACTIONS: &[&str] = &[
    r#""Action":"vpc-lattice-svcs:Invoke""#,
    r#""Action":"*""#,
    r#""Action":"vpc-lattice-svcs:*""#,
    r#""Action":"vpc-lattice-svcs:Connect""#,
    r#""Action":["vpc-lattice-svcs:Invoke","vpc-lattice-svcs:Connect"]"#,
    r#""Action":"vpc-lattice-svcs:Inv*""#,
    r#""Action":"vpc-lattice:CreateService""#,
    r#""NotAction":"vpc-lattice-svcs:Connect""#,
];

/// Resource items; `{S}` is the service ARN.
const RESOURCES: &[&str] = &[
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
    "{S}/${aws:PrincipalAccount}/*",
];

const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "StringNotLike",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "ArnEquals",
    "ArnLike",
    "ArnNotLike",
    "NumericEquals",
    "NumericLessThan",
    "NumericGreaterThanEquals",
    "DateLessThan",
    "DateGreaterThan",
    "Bool",
    "IpAddress",
    "NotIpAddress",
    "Null",
];

/// Condition keys and values that requests also use.
const KEYS: &[(&str, &[&str])] = &[
    (
        "aws:PrincipalType",
        &[
            "Anonymous",
            "anonymous",
            "AssumedRole",
            "Account",
            "User",
            "*Role",
        ],
    ),
    (
        "aws:PrincipalAccount",
        &["111122223333", "444455556666", "1111*", "*3333"],
    ),
    ("aws:PrincipalOrgID", &["o-abc", "o-ABC", "o-a*", "o-xyz"]),
    (
        "aws:PrincipalOrgPaths",
        &["o-abc/*", "o-abc/r-1/*", "*/ou-2/*", "o-xyz/r-1/ou-2/"],
    ),
    (
        "aws:PrincipalArn",
        &[
            "arn:aws:iam::111122223333:role/ops",
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::111122223333:*",
        ],
    ),
    ("aws:PrincipalTag/team", &["red", "blue", "r*"]),
    ("aws:SourceIp", &["10.0.0.0/8", "203.0.113.7", "::1/128"]),
    ("aws:SecureTransport", &["true", "false"]),
    (
        "aws:CurrentTime",
        &["2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z"],
    ),
    (
        "vpc-lattice-svcs:RequestMethod",
        &["GET", "get", "POST", "DELETE", "G*", "P??T"],
    ),
    (
        "vpc-lattice-svcs:RequestPath",
        &["/a", "/a/*", "/a?", "*/b", "/admin*", "/", "/a b"],
    ),
    (
        "vpc-lattice-svcs:RequestHeader/x-env",
        &["prod", "PROD", "dev", "p*", ""],
    ),
    (
        "vpc-lattice-svcs:RequestQueryString/a",
        &["1", "2", "", "1*"],
    ),
    (
        "vpc-lattice-svcs:SourceVpc",
        &["vpc-1a2b3c4d", "vpc-1*", "vpc-*e"],
    ),
    (
        "vpc-lattice-svcs:SourceVpcOwnerAccount",
        &["111122223333", "123456789012"],
    ),
    ("vpc-lattice-svcs:Port", &["80", "443", "1024", "8080"]),
    (
        "vpc-lattice-svcs:ServiceArn",
        &[SERVICE, "arn:aws:vpc-lattice:*"],
    ),
    ("aws:ResourceTag/env", &["prod", "dev"]),
    ("aws:username", &["alice"]),
];

const CALLERS: &[&str] = &[
    "111122223333",
    "444455556666",
    "999999999999",
    "123456789012",
    "arn:aws:iam::111122223333:role/ops",
    "arn:aws:iam::999999999999:role/ops",
    "arn:aws:iam::444455556666:user/alice",
    "arn:aws:sts::111122223333:assumed-role/ops/s1",
    "arn:aws:sts::888888888888:assumed-role/x/s",
];

/// Characters of free words: wildcards, separators and the pieces of a
/// policy variable.
const ALPHABET: &[u8] = b"a/*?-.:${}bx0_ ";

// ---------------------------------------------------------------------------
// The structure libFuzzer drives

#[derive(Arbitrary, Debug)]
struct Case {
    policy: PolicyShape,
    baseline: Option<PolicyShape>,
    never: Vec<NeverShape>,
    public: bool,
    private_to: Option<u8>,
    requests: Vec<RequestShape>,
}

#[derive(Arbitrary, Debug)]
struct PolicyShape {
    version: u8,
    statements: Vec<StatementShape>,
    slip: Option<Slip>,
}

/// A grammar mistake written into the text, so that findings and recovery
/// are exercised too.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Slip {
    EffectCase,
    TrailingComma,
    ElementTypo,
    DuplicateKey,
    Truncated(u16),
}

#[derive(Arbitrary, Debug)]
struct StatementShape {
    sid: Option<u8>,
    deny: bool,
    principal: u8,
    action: u8,
    resources: Vec<u8>,
    not_resource: bool,
    clauses: Vec<ClauseShape>,
}

#[derive(Arbitrary, Debug)]
struct ClauseShape {
    operator: u8,
    set: u8,
    if_exists: bool,
    key: u8,
    values: Vec<Word>,
}

/// A value: one of the key's pool, or a short free word.
#[derive(Arbitrary, Debug)]
enum Word {
    Pool(u8),
    Free(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct NeverShape {
    method: Option<u8>,
    path: Option<Word>,
    caller: u8,
    header: Option<Word>,
}

#[derive(Arbitrary, Debug)]
struct RequestShape {
    protocol: u8,
    caller: Option<u8>,
    org: Option<u8>,
    tag: Option<u8>,
    method: Option<u8>,
    path: Option<u8>,
    header: Option<u8>,
    query: Vec<u8>,
    port: Option<u8>,
    vpc: Option<u8>,
    ip: bool,
}

fn pick<'a>(pool: &[&'a str], n: u8) -> &'a str {
    pool.get(usize::from(n) % pool.len()).copied().unwrap_or("")
}

fn key_pool(n: u8) -> (&'static str, &'static [&'static str]) {
    KEYS[usize::from(n) % KEYS.len()]
}

fn word(w: &Word, pool: &[&str]) -> String {
    match w {
        Word::Pool(n) => pick(pool, *n).to_owned(),
        Word::Free(bytes) => bytes
            .iter()
            .take(12)
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect(),
    }
}

fn json_list(items: &[String]) -> String {
    match items {
        [one] => serde_json::to_string(one).unwrap_or_default(),
        _ => serde_json::to_string(items).unwrap_or_default(),
    }
}

// ---------------------------------------------------------------------------
// Rendering

fn render_statement(s: &StatementShape) -> String {
    let effect = if s.deny { "Deny" } else { "Allow" };
    let mut resources: Vec<String> = s
        .resources
        .iter()
        .take(3)
        .map(|r| pick(RESOURCES, *r).replace("{S}", SERVICE))
        .collect();
    if resources.is_empty() {
        resources.push("*".to_owned());
    }
    let resource_word = if s.not_resource {
        "NotResource"
    } else {
        "Resource"
    };
    let mut text = String::from("{");
    if let Some(sid) = s.sid {
        text.push_str(&format!(r#""Sid":"S{}","#, sid % 4));
    }
    text.push_str(&format!(
        r#""Effect":"{effect}",{},{},"{resource_word}":{}"#,
        pick(PRINCIPALS, s.principal),
        pick(ACTIONS, s.action),
        json_list(&resources)
    ));
    // Operator → key → values, so that no JSON object repeats a name.
    let mut blocks: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for clause in s.clauses.iter().take(3) {
        let (key, pool) = key_pool(clause.key);
        let mut operator = pick(OPERATORS, clause.operator).to_owned();
        if clause.if_exists && operator != "Null" {
            operator.push_str("IfExists");
        }
        match clause.set % 5 {
            0 => operator = format!("ForAnyValue:{operator}"),
            1 => operator = format!("ForAllValues:{operator}"),
            _ => {}
        }
        let mut values: Vec<String> = clause
            .values
            .iter()
            .take(3)
            .map(|w| word(w, pool))
            .collect();
        if values.is_empty() {
            values.push(pick(pool, clause.key).to_owned());
        }
        blocks
            .entry(operator)
            .or_default()
            .entry(key.to_owned())
            .or_insert(values);
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

fn render_policy(p: &PolicyShape) -> String {
    let statements: Vec<String> = p.statements.iter().take(4).map(render_statement).collect();
    let statements = if statements.is_empty() {
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#.to_owned()
    } else {
        statements.join(",")
    };
    let version = match p.version % 4 {
        0 => r#""Version":"2008-10-17","#,
        1 => "",
        _ => r#""Version":"2012-10-17","#,
    };
    let text = format!(r#"{{{version}"Statement":[{statements}]}}"#);
    match p.slip {
        None => text,
        Some(Slip::EffectCase) => text.replacen("\"Allow\"", "\"allow\"", 1),
        Some(Slip::TrailingComma) => text.replacen("}]", "},]", 1),
        Some(Slip::ElementTypo) => text.replacen("\"Resource\"", "\"Resources\"", 1),
        Some(Slip::DuplicateKey) => {
            text.replacen("\"Effect\"", "\"Effect\":\"Deny\",\"Effect\"", 1)
        }
        Some(Slip::Truncated(at)) => {
            let at = usize::from(at) % text.len().max(1);
            text.get(..at).unwrap_or(&text).to_owned()
        }
    }
}

fn render_never(n: &NeverShape) -> String {
    let mut words = Vec::new();
    words.push(match n.method {
        Some(m) => pick(&["GET", "POST", "DELETE", "*", "G*"], m).to_owned(),
        None => "*".to_owned(),
    });
    let path = n
        .path
        .as_ref()
        .map(|w| word(w, &["/admin/*", "/*", "/a", "/a?"]))
        .filter(|p| p.starts_with('/') && !p.contains(' '))
        .unwrap_or_else(|| "/*".to_owned());
    words.push(path);
    words.push(
        pick(
            &[
                "from anonymous",
                "as any-account",
                "as anyone",
                "as 111122223333",
                "as 999999999999",
                "as arn:aws:iam::111122223333:role/ops",
            ],
            n.caller,
        )
        .to_owned(),
    );
    if let Some(h) = &n.header {
        let value = word(h, &["prod", "p*", "dev"]);
        if !value.is_empty() && !value.contains(' ') && !value.contains('"') {
            words.push(format!("header x-env={value}"));
        }
    }
    words.join(" ")
}

fn request_spec(r: &RequestShape) -> RequestSpec {
    let protocol = pick(&["HTTPS", "HTTPS", "HTTP", "GRPC", "TLS"], r.protocol);
    let mut spec = RequestSpec {
        protocol: Some(protocol.to_owned()),
        time: Some(CHECK_TIME.to_string()),
        ..RequestSpec::default()
    };
    if let Some(caller) = r.caller {
        let org = r
            .org
            .map(|o| pick(&["o-abc", "o-ABC", "o-xyz", "o-a"], o).to_owned());
        let org_paths = org
            .as_ref()
            .filter(|_| r.org.is_some_and(|o| o % 2 == 0))
            .map(|o| vec![format!("{o}/r-1/ou-2/")]);
        let mut tags = BTreeMap::new();
        if let Some(tag) = r.tag {
            tags.insert(
                "team".to_owned(),
                pick(&["red", "blue", "rx"], tag).to_owned(),
            );
        }
        spec.principal = Some(PrincipalSpec::Details(PrincipalDetails {
            arn: Some(pick(CALLERS, caller).to_owned()),
            org_id: org,
            org_paths,
            tags,
            ..PrincipalDetails::default()
        }));
    }
    if matches!(protocol, "HTTP" | "HTTPS") {
        if let Some(m) = r.method {
            spec.method = Some(pick(&["GET", "POST", "DELETE", "PUT", "PAST", "G"], m).to_owned());
        }
    }
    if protocol != "TLS" {
        if let Some(p) = r.path {
            let paths = [
                "/", "/a", "/a/", "/a/x", "/ab", "/admin", "/admin/x", "/x/b", "/A",
            ];
            spec.path = Some(pick(&paths, p).to_owned());
        }
        if let Some(h) = r.header {
            let value = pick(&["prod", "PROD", "dev", "p", ""], h);
            spec.headers.insert("x-env".to_owned(), value.to_owned());
        }
        if !r.query.is_empty() {
            let values = r
                .query
                .iter()
                .take(3)
                .map(|q| pick(&["1", "2", "", "10"], *q).to_owned())
                .collect();
            spec.query.insert("a".to_owned(), Values::Many(values));
        }
    }
    if let Some(port) = r.port {
        spec.port = Some(
            *[80, 443, 1023, 1024, 8080, 1, 65535]
                .get(usize::from(port) % 7)
                .unwrap_or(&443),
        );
    }
    if let Some(vpc) = r.vpc {
        spec.source_vpc = Some(pick(&["vpc-1a2b3c4d", "vpc-1a2b3c4e", "vpc-2"], vpc).to_owned());
    }
    if r.ip {
        spec.source_ip = Some("10.1.2.3".to_owned());
    }
    spec
}

// ---------------------------------------------------------------------------
// The oracle

fn authorizer(policy: &Policy) -> Authorizer {
    replay::service_authorizer(policy)
}

use replay::allows;

/// The witness's request, checked to be what its query says.
fn replay(witness: &Witness, what: &str) -> Request {
    replay::witness_request(witness, CHECK_TIME).unwrap_or_else(|e| panic!("{what}: {e}"))
}

fn no_internal(what: &str, reasons: &[String]) {
    assert!(
        !reasons.iter().any(|r| r.starts_with("internal")),
        "{what}: {reasons:?}"
    );
}

/// A signed caller whose account and organization the text never mentions
/// (a subset of what the analysis calls foreign).
fn is_foreign(request: &Request, text: &str) -> bool {
    replay::foreign_to(request, text)
}

fn load(text: &str) -> Option<Policy> {
    let loaded = load_str("policy.json", text, LoadOptions::default());
    if !loaded.evaluable() {
        return None;
    }
    loaded.policy.filter(|p| p.kind == PolicyKind::Auth)
}

fn spans_are_sound(report: &Report) {
    let text = report.source.text();
    let findings = report.findings();
    for finding in &findings {
        assert!(finding.span.slice(text).is_some(), "{finding:?}");
        for related in &finding.related {
            assert!(related.span.slice(text).is_some(), "{finding:?}");
        }
        let (start, end) = report.source.range(finding.span);
        assert!(
            (start.line, start.column) <= (end.line, end.column),
            "{finding:?}"
        );
    }
    assert!(
        findings
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start),
        "findings out of order"
    );
}

/// The anonymous and foreign answers about `policy`.
fn check_answers(policy: &Policy, text: &str, samples: &[Request]) {
    let (analysis, setup) = Analysis::of(Layers::service(policy), CHECK_TIME);
    let authorizer = authorizer(policy);
    let named = analysis.named_accounts().clone();
    type InClass<'f> = &'f dyn Fn(&Request) -> bool;
    let classes: [(&str, Answer, InClass<'_>); 2] = [
        (
            "anonymous",
            analysis.anonymous_allowed(setup),
            &|r: &Request| r.is_anonymous(),
        ),
        (
            "foreign",
            analysis.foreign_allowed(setup),
            &|r: &Request| is_foreign(r, text),
        ),
    ];
    for (what, answer, in_class) in classes {
        match answer {
            Answer::NoRequest => {
                for request in samples {
                    assert!(
                        !(in_class(request) && allows(&authorizer, request)),
                        "{what}: no request, yet `{}` is allowed",
                        request.describe()
                    );
                }
            }
            Answer::Found(witness) => {
                let request = replay(&witness, what);
                assert!(
                    allows(&authorizer, &request),
                    "{what}: `{}` denied",
                    witness.query
                );
                if what == "anonymous" {
                    assert!(request.is_anonymous(), "`{}` is signed", witness.query);
                } else {
                    assert!(
                        replay::caller_account(&request).is_some_and(|a| !named.contains(&a)),
                        "`{}` is not foreign",
                        witness.query
                    );
                }
            }
            Answer::Unknown(reasons) => no_internal(what, &reasons),
        }
    }
}

/// Each `never` pattern's answer; the number the analysis does not prove.
fn check_never(policy: &Policy, never: &[Invariant], samples: &[Request]) -> usize {
    let authorizer = authorizer(policy);
    let mut unproved = 0;
    for invariant in never {
        let forbidden = self::authorizer(&invariant.policy);
        let mut setups = Setups::new();
        let checked = setups.add(Layers::service(policy));
        let pattern = setups.add(Layers::service(&invariant.policy));
        let analysis = Analysis::new(setups, CHECK_TIME);
        let what = format!("never `{}`", invariant.text);
        match analysis.allowed_by_both(checked, pattern) {
            Answer::NoRequest => {
                for request in samples {
                    assert!(
                        !(allows(&forbidden, request) && allows(&authorizer, request)),
                        "{what}: proved, yet `{}` is allowed",
                        request.describe()
                    );
                }
            }
            Answer::Found(witness) => {
                unproved += 1;
                let request = replay(&witness, &what);
                assert!(
                    allows(&forbidden, &request) && allows(&authorizer, &request),
                    "{what}: `{}` is not a counterexample",
                    witness.query
                );
            }
            Answer::Unknown(reasons) => {
                unproved += 1;
                no_internal(&what, &reasons);
            }
        }
    }
    unproved
}

/// The diff from `old` to `new`.
fn check_diff(old: &Policy, new: &Policy, samples: &[Request]) {
    let mut setups = Setups::new();
    let (a, b) = (
        setups.add(Layers::service(old)),
        setups.add(Layers::service(new)),
    );
    let analysis = Analysis::new(setups, CHECK_TIME);
    let diff = analysis.diff(a, b, 20);
    no_internal("diff", &diff.inexact);
    let problems = replay::diff_contradictions(
        &diff,
        &authorizer(old),
        &authorizer(new),
        samples,
        CHECK_TIME,
    );
    assert!(problems.is_empty(), "diff: {problems:#?}");
}

fuzz_target!(|case: Case| {
    let text = render_policy(&case.policy);
    let never: Vec<Invariant> = case
        .never
        .iter()
        .take(2)
        .filter_map(|n| Invariant::parse(&render_never(n)).ok())
        .collect();
    let baseline_text = case.baseline.as_ref().map(render_policy);
    let baseline = baseline_text.as_deref().and_then(load);
    let config = LintConfig {
        public: case.public,
        private_to: case
            .private_to
            .map(|n| vec![pick(&["111122223333", "o-abc", "999999999999"], n).to_owned()])
            .unwrap_or_default(),
        ..LintConfig::default()
    };

    // The pipeline `policy check` runs on one file.
    let expectations = Expectations {
        never: never.clone(),
        baseline: baseline.clone().map(|policy| Baseline {
            name: "baseline.json".to_owned(),
            policy,
        }),
        ..Expectations::default()
    };
    let checker = Checker {
        load: LoadOptions::default(),
        lint: &config,
        expectations: &expectations,
    };
    let report = check_bytes("policy.json", text.as_bytes(), &checker);
    spans_are_sound(&report);
    let count = |code: &str| {
        report
            .findings()
            .iter()
            .filter(|f| f.code() == code)
            .count()
    };
    // An expectation is never dropped silently: checked, or said not to be.
    if !report.evaluable && !expectations.is_empty() {
        let wanted = never.len() + usize::from(baseline.is_some());
        assert_eq!(
            count("EXPECTATION_NOT_CHECKED"),
            wanted,
            "unchecked expectations"
        );
    }

    // Fixes: inside the text; the safe ones keep every decision.
    let findings = report.findings();
    let fixes: Vec<&Fix> = findings.iter().filter_map(|f| f.fix.as_deref()).collect();
    for fix in &fixes {
        for edit in &fix.edits {
            assert!(edit.span.slice(&text).is_some(), "{fix:?}");
        }
    }
    let safe = fixes
        .iter()
        .copied()
        .filter(|f| f.applicability == Applicability::Safe);
    let fixed = apply(&text, safe).text;
    let fixed_report = check_bytes("policy.json", fixed.as_bytes(), &checker);
    spans_are_sound(&fixed_report);
    let fixed_policy = load(&fixed);

    let Some(policy) = load(&text) else {
        return;
    };
    let samples: Vec<Request> = case
        .requests
        .iter()
        .take(16)
        .filter_map(|r| Request::resolve(request_spec(r), CHECK_TIME).ok())
        .collect();
    if let Some(fixed_policy) = &fixed_policy {
        let (before, after) = (authorizer(&policy), authorizer(fixed_policy));
        for request in &samples {
            assert_eq!(
                allows(&before, request),
                allows(&after, request),
                "safe fixes changed the decision on `{}`:\n{text}\n{fixed}",
                request.describe()
            );
        }
    }
    check_answers(&policy, &text, &samples);
    let unproved = check_never(&policy, &never, &samples);
    let reported = count("INVARIANT_VIOLATED");
    assert_eq!(reported, unproved, "INVARIANT_VIOLATED findings");
    if let Some(old) = &baseline {
        check_diff(old, &policy, &samples);
    }
});
