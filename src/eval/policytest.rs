//! Expectation files for `policy test`: `*.policytest.toml` files that name
//! the policies of one service (service, network, identity; auth types) and
//! the cases to decide, each with its expected decision and, optionally,
//! reason, deciding statement and layer (docs/policytest.md).
//!
//! ```toml
//! [policies]
//! service = "policy.json"
//!
//! [[case]]
//! name = "the client role reads rates"
//! query = "GET /rates as arn:aws:iam::123456789012:role/rates-client"
//! expect = "allow"
//! sid = "RatesClientGets"
//!
//! [[case]]
//! name = "anonymous callers are refused"
//! request = { method = "GET", path = "/rates", principal = "anonymous" }
//! expect = "deny"
//! reason = "implicit-deny"
//! layer = "service"
//! ```
//!
//! Reading is in two steps, so that one bad case never stops the others:
//! [`parse`] reads the TOML into the file's policies and its cases, each
//! with the problems found in it, located by byte offset; the caller loads
//! the policies and resolves each case's request
//! ([`Case::table_spec`]), then compares the decision ([`Case::mismatches`]).
//!
//! It lives in the library, not the binary, so that a fuzzer reads files
//! exactly as `policy test` does.

use std::ops::Range;

use serde_json::{Map, Value};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::authorizer::{AuthType, Explanation, LayerName};
use super::request::RequestSpec;

/// The file name's ending that marks an expectation file.
pub const SUFFIX: &str = ".policytest.toml";

/// The top-level keys.
const TOP_KEYS: &[&str] = &["policies", "case"];

/// The keys of `[policies]`.
pub const POLICY_KEYS: &[&str] = &[
    "service",
    "network",
    "identity",
    "service-auth-type",
    "network-auth-type",
    "refused",
];

/// The keys of a `[[case]]`.
pub const CASE_KEYS: &[&str] = &[
    "name", "query", "request", "expect", "reason", "sid", "layer",
];

/// The decisions `expect` takes.
const DECISIONS: &[&str] = &["allow", "deny"];

/// The reasons `reason` takes.
const REASONS: &[&str] = &["allowed", "explicit-deny", "implicit-deny", "no-auth"];

/// The layers `layer` takes.
const LAYERS: &[&str] = &["service-network", "service", "identity"];

/// The auth types.
const AUTH_TYPES: &[&str] = &["AWS_IAM", "NONE"];

/// A value and where it was written (a byte offset into the file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it starts in the file.
    pub offset: usize,
}

/// Something wrong in the file, where, and a likely fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The byte offset of the part at fault.
    pub offset: usize,
    /// What is wrong, in one line.
    pub message: String,
    /// "did you mean …?", or what the key takes.
    pub help: Option<String>,
}

/// The `[policies]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policies {
    /// The service's auth policy (a path relative to the file, or `FILE#LOCATOR`).
    pub service: Option<At<String>>,
    /// The service network's auth policy.
    pub network: Option<At<String>>,
    /// The caller's identity policies.
    pub identity: Vec<At<String>>,
    /// The service's auth type (default `AWS_IAM`).
    pub service_auth_type: Option<AuthType>,
    /// The service network's auth type (default `AWS_IAM` with a network
    /// policy, else `NONE`).
    pub network_auth_type: Option<AuthType>,
    /// For a policy that must be refused: the grammar error codes reading it
    /// must find (the file then has no cases).
    pub refused: Option<Vec<At<String>>>,
}

/// The expected outcome of a case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expected {
    /// `allow` or `deny`.
    pub decision: Option<String>,
    /// `allowed`, `explicit-deny`, `implicit-deny` or `no-auth`.
    pub reason: Option<String>,
    /// The `Sid` of a deciding statement.
    pub sid: Option<At<String>>,
    /// The layer that denied.
    pub layer: Option<LayerName>,
}

/// How a case writes its request.
#[derive(Clone, Debug, PartialEq)]
pub enum Written {
    /// A what-if query, at the offset of its first character.
    Query(At<String>),
    /// A request table, as the JSON request file's object.
    Table(At<Value>),
}

/// One `[[case]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// Its `name`, or `case N` (counting from 1).
    pub name: String,
    /// Where its table starts.
    pub offset: usize,
    /// The request, when one was written.
    pub request: Option<Written>,
    /// What is expected.
    pub expected: Expected,
    /// What is wrong with it: a case with a problem is not run.
    pub problems: Vec<Problem>,
}

/// An expectation file, read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestFile {
    /// The policies it names.
    pub policies: Policies,
    /// Its cases.
    pub cases: Vec<Case>,
    /// Problems outside the cases (syntax, unknown keys, `[policies]`):
    /// with one, the file cannot be used.
    pub problems: Vec<Problem>,
}

/// The closest candidate, or one that shares all but the last two
/// characters of the shorter of them (`policy` for `policies`), as "did you
/// mean …?".
fn did_you_mean(word: &str, candidates: &[&str]) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    crate::fuzzy::best_match(word, candidates)
        .or_else(|| {
            candidates.iter().copied().find(|c| {
                let common = c
                    .chars()
                    .zip(lower.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let shorter = c.chars().count().min(lower.chars().count());
                common >= 4 && common + 2 >= shorter
            })
        })
        .map(|s| format!("did you mean `{s}`?"))
}

fn one_of(candidates: &[&str]) -> String {
    let quoted: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
    format!("one of {}", quoted.join(", "))
}

fn problem(at: Range<usize>, message: String, help: Option<String>) -> Problem {
    Problem {
        offset: at.start,
        message,
        help,
    }
}

/// Reads an expectation file. Never fails: what is wrong is in the
/// problems of the file or of a case.
pub fn parse(text: &str) -> TestFile {
    let mut file = TestFile::default();
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            file.problems.push(problem(
                error.span().unwrap_or(0..0),
                error.message().trim().to_owned(),
                None,
            ));
        }
        return file;
    }
    let mut saw_policies = false;
    for (key, value) in document.get_ref() {
        match key.get_ref().as_ref() {
            "policies" => {
                saw_policies = true;
                file.policies = policies(value, &mut file.problems);
            }
            "case" => match value.get_ref() {
                DeValue::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        file.cases.push(case(text, index, item));
                    }
                }
                _ => file.problems.push(problem(
                    value.span(),
                    "`case` is an array of tables: write each case under `[[case]]`".to_owned(),
                    None,
                )),
            },
            other => file.problems.push(problem(
                key.span(),
                format!("unknown key `{other}`"),
                Some(
                    did_you_mean(other, TOP_KEYS)
                        .unwrap_or_else(|| "the keys are `[policies]` and `[[case]]`".to_owned()),
                ),
            )),
        }
    }
    file.problems.sort_by_key(|p| p.offset);
    if !saw_policies {
        file.problems.push(problem(
            0..0,
            "no `[policies]` table: name at least the service's policy (`service = \"policy.json\"`)"
                .to_owned(),
            None,
        ));
    } else if file.policies.service.is_none() && file.problems.is_empty() {
        file.problems.push(problem(
            0..0,
            "`[policies]` names no `service` policy".to_owned(),
            Some("write `service = \"policy.json\"` (a path relative to this file)".to_owned()),
        ));
    }
    if file.policies.refused.is_some() && !file.cases.is_empty() {
        let at = file.cases.first().map_or(0, |c| c.offset);
        file.problems.push(Problem {
            offset: at,
            message:
                "a file whose policy is `refused` has no cases: a refused policy decides nothing"
                    .to_owned(),
            help: Some("move the cases to a file whose policies can be evaluated".to_owned()),
        });
    }
    file
}

fn string(
    value: &Spanned<DeValue<'_>>,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Option<At<String>> {
    match value.get_ref() {
        DeValue::String(s) => Some(At {
            value: s.to_string(),
            offset: value.span().start,
        }),
        _ => {
            problems.push(problem(value.span(), format!("{what} is a string"), None));
            None
        }
    }
}

fn strings(
    value: &Spanned<DeValue<'_>>,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Vec<At<String>> {
    match value.get_ref() {
        DeValue::String(_) => string(value, what, problems).into_iter().collect(),
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| string(item, what, problems))
            .collect(),
        _ => {
            problems.push(problem(
                value.span(),
                format!("{what} is a string or an array of strings"),
                None,
            ));
            Vec::new()
        }
    }
}

/// A word that must be one of `candidates`.
fn word(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    candidates: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let at = string(value, &format!("`{key}`"), problems)?;
    if candidates.contains(&at.value.as_str()) {
        return Some(at.value);
    }
    problems.push(problem(
        value.span(),
        format!("`{}` is not a valid `{key}`", at.value),
        Some(
            did_you_mean(&at.value, candidates)
                .unwrap_or_else(|| format!("`{key}` is {}", one_of(candidates))),
        ),
    ));
    None
}

fn auth_type(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<AuthType> {
    word(value, key, AUTH_TYPES, problems).map(|w| {
        if w == "NONE" {
            AuthType::None
        } else {
            AuthType::AwsIam
        }
    })
}

fn policies(value: &Spanned<DeValue<'_>>, problems: &mut Vec<Problem>) -> Policies {
    let mut out = Policies::default();
    let DeValue::Table(table) = value.get_ref() else {
        problems.push(problem(
            value.span(),
            "`policies` is a table (`[policies]`)".to_owned(),
            None,
        ));
        return out;
    };
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "service" => out.service = string(value, "`service`", problems),
            "network" => out.network = string(value, "`network`", problems),
            "identity" => out.identity = strings(value, "`identity`", problems),
            "service-auth-type" => {
                out.service_auth_type = auth_type(value, "service-auth-type", problems)
            }
            "network-auth-type" => {
                out.network_auth_type = auth_type(value, "network-auth-type", problems)
            }
            "refused" => out.refused = Some(strings(value, "`refused`", problems)),
            other => problems.push(problem(
                key.span(),
                format!("unknown key `{other}` in `[policies]`"),
                Some(did_you_mean(other, POLICY_KEYS).unwrap_or_else(|| {
                    format!("the keys of `[policies]` are {}", one_of(POLICY_KEYS))
                })),
            )),
        }
    }
    if out.network.is_some() && out.network_auth_type == Some(AuthType::None) {
        problems.push(problem(
            value.span(),
            "`network` names a policy but `network-auth-type` is `NONE`, which applies none; drop one of them".to_owned(),
            None,
        ));
    }
    out
}

fn case(text: &str, index: usize, value: &Spanned<DeValue<'_>>) -> Case {
    let mut out = Case {
        name: format!("case {}", index + 1),
        offset: value.span().start,
        request: None,
        expected: Expected::default(),
        problems: Vec::new(),
    };
    let problems = &mut out.problems;
    let DeValue::Table(table) = value.get_ref() else {
        problems.push(problem(
            value.span(),
            "each `case` is a table".to_owned(),
            None,
        ));
        return out;
    };
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "name" => {
                if let Some(name) = string(value, "`name`", problems) {
                    out.name = name.value;
                }
            }
            "query" => {
                if let Some(query) = string(value, "`query`", problems) {
                    if out.request.is_some() {
                        problems.push(problem(
                            key.span(),
                            "a case has one request: `query` or `request`, not both".to_owned(),
                            None,
                        ));
                    }
                    // Where the query's first character is: after the
                    // opening quote of a one-line string (escapes aside).
                    let offset = quoted_start(text, value.span());
                    out.request = Some(Written::Query(At {
                        value: query.value,
                        offset,
                    }));
                }
            }
            "request" => {
                if out.request.is_some() {
                    problems.push(problem(
                        key.span(),
                        "a case has one request: `query` or `request`, not both".to_owned(),
                        None,
                    ));
                }
                match to_json(value) {
                    Ok(json @ Value::Object(_)) => {
                        out.request = Some(Written::Table(At {
                            value: json,
                            offset: value.span().start,
                        }))
                    }
                    Ok(_) => problems.push(problem(
                        value.span(),
                        "`request` is a table of the request's fields (docs/requests.md)"
                            .to_owned(),
                        None,
                    )),
                    Err(p) => problems.push(p),
                }
            }
            "expect" => {
                let Some(at) = string(value, "`expect`", problems) else {
                    continue;
                };
                // `deny:implicit-deny`, as `requests.txt` writes it, is read too.
                let (decision, reason) = match at.value.split_once(':') {
                    Some((d, r)) => (d, Some(r)),
                    None => (at.value.as_str(), None),
                };
                if DECISIONS.contains(&decision) {
                    out.expected.decision = Some(decision.to_owned());
                } else {
                    problems.push(problem(
                        value.span(),
                        format!("`{decision}` is not a decision"),
                        Some(
                            did_you_mean(decision, DECISIONS)
                                .unwrap_or_else(|| "`expect` is `allow` or `deny`".to_owned()),
                        ),
                    ));
                }
                if let Some(reason) = reason {
                    if REASONS.contains(&reason) {
                        out.expected.reason = Some(reason.to_owned());
                    } else {
                        problems.push(problem(
                            value.span(),
                            format!("`{reason}` is not a reason"),
                            Some(
                                did_you_mean(reason, REASONS).unwrap_or_else(|| {
                                    format!("the reason is {}", one_of(REASONS))
                                }),
                            ),
                        ));
                    }
                }
            }
            "reason" => {
                if let Some(reason) = word(value, "reason", REASONS, problems) {
                    out.expected.reason = Some(reason);
                }
            }
            "sid" => out.expected.sid = string(value, "`sid`", problems),
            "layer" => {
                out.expected.layer =
                    word(value, "layer", LAYERS, problems).map(|l| match l.as_str() {
                        "service-network" => LayerName::ServiceNetwork,
                        "identity" => LayerName::Identity,
                        _ => LayerName::Service,
                    });
            }
            other => problems.push(problem(
                key.span(),
                format!("unknown key `{other}` in a case"),
                Some(
                    did_you_mean(other, CASE_KEYS)
                        .unwrap_or_else(|| format!("the keys of a case are {}", one_of(CASE_KEYS))),
                ),
            )),
        }
    }
    problems.sort_by_key(|p| p.offset);
    if out.request.is_none() {
        problems.push(problem(
            value.span(),
            format!("`{}` has no request: write `query = \"GET / as 111122223333\"` or a `request` table", out.name),
            None,
        ));
    }
    match out.expected.decision.as_deref() {
        None if !problems
            .iter()
            .any(|p| p.message.contains("is not a decision")) =>
        {
            problems.push(problem(
                value.span(),
                format!(
                    "`{}` has no `expect`: write `expect = \"allow\"` or `\"deny\"`",
                    out.name
                ),
                None,
            ))
        }
        Some("allow") => {
            if out.expected.layer.is_some() {
                problems.push(problem(
                    value.span(),
                    "`layer` names the layer that denied, and this case expects `allow`".to_owned(),
                    Some("drop `layer`, or expect `deny`".to_owned()),
                ));
            }
            if let Some(reason) = out
                .expected
                .reason
                .as_deref()
                .filter(|r| !matches!(*r, "allowed" | "no-auth"))
            {
                problems.push(problem(
                    value.span(),
                    format!("`allow` cannot have the reason `{reason}`"),
                    Some("an allow's reason is `allowed` or `no-auth`".to_owned()),
                ));
            }
        }
        Some("deny") => {
            if let Some(reason) = out
                .expected
                .reason
                .as_deref()
                .filter(|r| matches!(*r, "allowed" | "no-auth"))
            {
                problems.push(problem(
                    value.span(),
                    format!("`deny` cannot have the reason `{reason}`"),
                    Some("a denial's reason is `explicit-deny` or `implicit-deny`".to_owned()),
                ));
            }
        }
        _ => {}
    }
    out
}

/// The offset of the first character inside the string at `span`.
fn quoted_start(text: &str, span: Range<usize>) -> usize {
    let opening = text.get(span.clone()).map_or(0, |s| {
        if s.starts_with("\"\"\"") || s.starts_with("'''") {
            3
        } else {
            1
        }
    });
    span.start + opening
}

/// A TOML value as JSON, for the request file's reader.
fn to_json(value: &Spanned<DeValue<'_>>) -> Result<Value, Problem> {
    Ok(match value.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let n: i64 = i.to_string().parse().map_err(|_| {
                problem(
                    value.span(),
                    "this integer is out of range".to_owned(),
                    None,
                )
            })?;
            Value::from(n)
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Array(items) => Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        DeValue::Table(table) => {
            let mut map = Map::new();
            for (k, v) in table {
                map.insert(k.get_ref().to_string(), to_json(v)?);
            }
            Value::Object(map)
        }
        _ => {
            return Err(problem(
                value.span(),
                "a request holds strings, integers, arrays and tables only".to_owned(),
                None,
            ))
        }
    })
}

impl Case {
    /// The request the case writes, as a request spec; for a query, the
    /// caller parses it ([`crate::eval::query`]) to locate its errors.
    /// `Err` locates what is wrong in a request table.
    pub fn table_spec(&self) -> Option<Result<RequestSpec, Problem>> {
        match &self.request {
            Some(Written::Table(at)) => {
                Some(RequestSpec::from_json(&at.value.to_string()).map_err(|e| {
                    Problem {
                        offset: at.offset,
                        message: format!("invalid request: {e}"),
                        help: Some(
                            "the fields are those of the JSON request file (docs/requests.md)"
                                .to_owned(),
                        ),
                    }
                }))
            }
            _ => None,
        }
    }

    /// What the explanation's answer does not meet, one line each; empty
    /// when the case passes.
    pub fn mismatches(&self, explanation: &Explanation) -> Vec<String> {
        let verdict = explanation.verdict;
        let mut out = Vec::new();
        if let Some(decision) = &self.expected.decision {
            if decision != verdict.decision.as_str() {
                out.push(format!(
                    "expected {decision}, got {}",
                    verdict.decision.as_str()
                ));
            }
        }
        if let Some(reason) = &self.expected.reason {
            if reason != verdict.reason.as_str() {
                out.push(format!(
                    "expected the reason {reason}, got {}",
                    verdict.reason.as_str()
                ));
            }
        }
        if let Some(layer) = self.expected.layer {
            if Some(layer) != verdict.layer {
                out.push(format!(
                    "expected the {} to deny, got {}",
                    layer,
                    verdict
                        .layer
                        .map_or_else(|| "no denying layer".to_owned(), |l| format!("the {l}"))
                ));
            }
        }
        if let Some(sid) = &self.expected.sid {
            let deciding: Vec<String> = explanation
                .deciding_statements()
                .iter()
                .filter_map(|(_, _, s)| s.sid.clone())
                .collect();
            if !deciding.contains(&sid.value) {
                out.push(format!(
                    "expected statement `{}` to decide, got {}",
                    sid.value,
                    if deciding.is_empty() {
                        "no deciding statement with a Sid".to_owned()
                    } else {
                        deciding
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ));
            }
        }
        out
    }

    /// `allow`, `deny:explicit-deny`, … as `requests.txt` writes an expectation.
    pub fn expected_words(&self) -> String {
        let mut words = self.expected.decision.clone().unwrap_or_default();
        if let Some(reason) = &self.expected.reason {
            words.push(':');
            words.push_str(reason);
        }
        if let Some(layer) = self.expected.layer {
            words.push_str(&format!(" at the {layer}"));
        }
        if let Some(sid) = &self.expected.sid {
            words.push_str(&format!(" by `{}`", sid.value));
        }
        words
    }
}

/// A problem about a `sid` no statement of the policies has, with the
/// closest one.
pub fn unknown_sid(sid: &At<String>, sids: &[&str]) -> Option<Problem> {
    if sids.contains(&sid.value.as_str()) {
        return None;
    }
    Some(Problem {
        offset: sid.offset,
        message: format!("no statement of the policies has the Sid `{}`", sid.value),
        help: Some(did_you_mean(&sid.value, sids).unwrap_or_else(|| {
            if sids.is_empty() {
                "the policies' statements have no Sid".to_owned()
            } else {
                format!("the Sids are {}", one_of(sids))
            }
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[policies]
service = "policy.json"
network = "network.json"
identity = ["a.json", "b.json"]

[[case]]
name = "reads"
query = "GET /rates as 111122223333"
expect = "allow"
sid = "Reads"

[[case]]
request = { method = "POST", path = "/x", principal = "anonymous", headers = { x-env = "prod" } }
expect = "deny:implicit-deny"
layer = "service"
"#;

    #[test]
    fn a_file_is_read_with_its_cases() {
        let file = parse(GOOD);
        assert_eq!(file.problems, vec![]);
        assert_eq!(file.policies.service.as_ref().unwrap().value, "policy.json");
        assert_eq!(file.policies.identity.len(), 2);
        assert_eq!(file.cases.len(), 2);
        let first = &file.cases[0];
        assert_eq!(first.name, "reads");
        assert!(first.problems.is_empty());
        match &first.request {
            Some(Written::Query(q)) => {
                assert_eq!(q.value, "GET /rates as 111122223333");
                assert_eq!(GOOD.get(q.offset..q.offset + 3), Some("GET"));
            }
            other => panic!("{other:?}"),
        }
        let second = &file.cases[1];
        assert_eq!(second.name, "case 2");
        assert_eq!(second.expected.reason.as_deref(), Some("implicit-deny"));
        let spec = second.table_spec().unwrap().unwrap();
        assert_eq!(spec.method.as_deref(), Some("POST"));
        assert_eq!(spec.headers.get("x-env").map(String::as_str), Some("prod"));
    }

    #[test]
    fn misspellings_are_located_with_a_suggestion() {
        let text = "[policies]\nservice = \"p.json\"\n\n[[case]]\nquery = \"GET /\"\nexpect = \"alow\"\n\n[[case]]\nquery = \"GET /\"\nexpect = \"deny\"\nreasn = \"implicit-deny\"\nlayer = \"servic\"\n\n[[case]]\nquery = \"GET /\"\nexpect = \"deny\"\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let first = &file.cases[0].problems;
        assert_eq!(first.len(), 1, "{first:?}");
        assert_eq!(first[0].help.as_deref(), Some("did you mean `allow`?"));
        assert_eq!(
            text.get(first[0].offset..first[0].offset + 6),
            Some("\"alow\"")
        );
        let second: Vec<_> = file.cases[1]
            .problems
            .iter()
            .map(|p| p.help.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            second,
            vec!["did you mean `reason`?", "did you mean `service`?"]
        );
        assert!(file.cases[2].problems.is_empty());
    }

    #[test]
    fn file_problems_make_it_unusable() {
        assert!(!parse("[policies\n").problems.is_empty());
        let file = parse("[policy]\nservice = \"p.json\"\n");
        assert_eq!(
            file.problems[0].help.as_deref(),
            Some("did you mean `policies`?")
        );
        let file = parse("[policies]\nservise = \"p.json\"\n");
        assert_eq!(
            file.problems[0].help.as_deref(),
            Some("did you mean `service`?")
        );
        let file = parse("[policies]\nservice = \"p.json\"\n[[case]]\nexpect = \"deny\"\n");
        assert!(file.problems.is_empty());
        assert!(file.cases[0].problems[0].message.contains("no request"));
    }

    #[test]
    fn an_unknown_sid_has_the_closest() {
        let sid = At {
            value: "RatesClientGet".to_owned(),
            offset: 7,
        };
        let p = unknown_sid(&sid, &["RatesClientGets", "NoAdmin"]).unwrap();
        assert_eq!(p.help.as_deref(), Some("did you mean `RatesClientGets`?"));
        assert_eq!(p.offset, 7);
        assert!(unknown_sid(&sid, &["RatesClientGet"]).is_none());
    }
}
