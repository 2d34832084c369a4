//! Lowering: which findings each policy gives, where they point, and what the
//! model holds.
//!
//! Most cases are one line:
//!
//! * `finds!(name, kind, json, [CODE at "span text" msg "message" help "help", ...])`
//!   asserts the exact list of finding codes in order; `at`, `msg` and `help`
//!   are optional and compare exactly.
//! * `clean!(name, kind, json)` asserts that there are no findings at all.
//!
//! `kind` is `auth` or `identity`. Codes are the statics of
//! [`lattice_policy::diagnostic::codes`], so a misspelt code does not compile.
//! The cases sit in `#[rustfmt::skip]` modules, one per part of the grammar, so
//! that each stays on one line; a meta-test checks that every code appears.

use lattice_policy::diagnostic::{codes, Finding};
use lattice_policy::load::{load_bytes, load_str, LoadOptions, Loaded};
use lattice_policy::model::{
    BaseOperator, Effect, JsonKind, Operator, PolicyKind, PrincipalKind, Principals, SetQualifier,
    Version,
};
use lattice_policy::span::Spanned;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn options(kind: &str) -> LoadOptions {
    let kind = match kind {
        "auth" => PolicyKind::Auth,
        "identity" => PolicyKind::Identity,
        other => panic!("unknown policy kind `{other}` in a test case"),
    };
    LoadOptions {
        kind,
        ..LoadOptions::default()
    }
}

fn load(kind: &str, text: &str) -> Loaded {
    load_str("test.json", text, options(kind))
}

/// A policy with `Version` 2012-10-17 whose `Statement` array holds `statements`.
fn policy(statements: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
}

/// A valid auth-policy statement with `members` added at its end.
fn statement(members: &str) -> String {
    let sep = if members.is_empty() { "" } else { "," };
    format!(r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"{sep}{members}}}"#)
}

/// A policy of one valid auth-policy statement with `members` added.
fn with(members: &str) -> String {
    policy(&statement(members))
}

/// A policy of one valid auth-policy statement with this `Condition`.
fn cond(condition: &str) -> String {
    with(&format!(r#""Condition":{condition}"#))
}

/// A policy of one valid identity-policy statement with `members` added.
fn identity(members: &str) -> String {
    let sep = if members.is_empty() { "" } else { "," };
    policy(&format!(
        r#"{{"Effect":"Allow","Action":"*","Resource":"*"{sep}{members}}}"#
    ))
}

/// A valid statement, for policies that need a good one beside a bad one.
const GOOD: &str = r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#;

/// What one finding must be.
struct Expect {
    code: &'static str,
    at: Option<&'static str>,
    msg: Option<&'static str>,
    help: Option<&'static str>,
}

fn describe(loaded: &Loaded) -> String {
    loaded
        .findings
        .iter()
        .map(|f| {
            format!(
                "  {} at {:?} ({:?}): {} [help: {:?}]",
                f.code(),
                loaded.source.snippet(f.span),
                f.span,
                f.message,
                f.help
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Invariants of every load: spans lie inside the text on character
/// boundaries, and findings come in source order.
fn check_invariants(loaded: &Loaded) {
    let text = loaded.source.text();
    for f in &loaded.findings {
        assert!(
            f.span.slice(text).is_some(),
            "span {:?} of {} is not inside the text",
            f.span,
            f.code()
        );
        for r in &f.related {
            assert!(
                r.span.slice(text).is_some(),
                "related span {:?} of {} is not inside the text",
                r.span,
                f.code()
            );
        }
    }
    let starts: Vec<u32> = loaded.findings.iter().map(|f| f.span.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(
        starts,
        sorted,
        "findings are not in source order:\n{}",
        describe(loaded)
    );
}

fn check(loaded: &Loaded, expected: &[Expect]) {
    check_invariants(loaded);
    let got: Vec<&str> = loaded.findings.iter().map(Finding::code).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.code).collect();
    assert_eq!(
        got,
        want,
        "finding codes differ; got:\n{}",
        describe(loaded)
    );
    for (i, (f, e)) in loaded.findings.iter().zip(expected).enumerate() {
        if let Some(at) = e.at {
            assert_eq!(
                loaded.source.snippet(f.span),
                at,
                "span text of finding {i} ({})",
                f.code()
            );
        }
        if let Some(msg) = e.msg {
            assert_eq!(f.message, msg, "message of finding {i} ({})", f.code());
        }
        if let Some(help) = e.help {
            assert_eq!(
                f.help.as_deref(),
                Some(help),
                "help of finding {i} ({})",
                f.code()
            );
        }
    }
}

macro_rules! opt {
    () => {
        None
    };
    ($x:literal) => {
        Some($x)
    };
}

macro_rules! finds {
    ($name:ident, $kind:ident, $json:expr, [$($code:ident $(at $at:literal)? $(msg $msg:literal)? $(help $help:literal)?),* $(,)?]) => {
        #[test]
        fn $name() {
            let loaded = load(stringify!($kind), &$json);
            check(&loaded, &[$(Expect {
                code: codes::$code.code,
                at: opt!($($at)?),
                msg: opt!($($msg)?),
                help: opt!($($help)?),
            }),*]);
        }
    };
}

macro_rules! clean {
    ($name:ident, $kind:ident, $json:expr) => {
        #[test]
        fn $name() {
            let loaded = load(stringify!($kind), &$json);
            check(&loaded, &[]);
            assert!(loaded.policy.is_some());
        }
    };
}

/// A policy that uses every element, for model and robustness tests.
const FULL: &str = r#"{
  "Version": "2012-10-17",
  "Id": "payments",
  "Statement": [
    {
      "Sid": "AllowTeams",
      "Effect": "Allow",
      "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/ops"], "Service": "lambda.amazonaws.com"},
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": ["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*", "*/rates"],
      "Condition": {
        "ForAnyValue:StringLikeIfExists": {"aws:PrincipalTag/team": ["pay*", "ops"]},
        "NumericLessThan": {"vpc-lattice-svcs:Port": 8080},
        "Bool": {"aws:SecureTransport": "true", "aws:ViaAWSService": false},
        "StringEquals": {"vpc-lattice-svcs:RequestHeader/x-env": "caf\u00e9"}
      }
    },
    {
      "Effect": "Deny",
      "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
      "NotAction": ["vpc-lattice-svcs:Connect"],
      "NotResource": "*"
    }
  ]
}"#;

mod cases;
mod loading;
mod model;
