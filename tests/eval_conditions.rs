//! Condition evaluation: every operator, missing keys, negation, `IfExists`,
//! set qualifiers, typed values and policy variables (docs/semantics.md#conditions).
//!
//! Most cases are one line:
//!
//! * `cond!(name, "Operator", "key", values, ctx![...], expected)` compiles a
//!   one-clause condition under `2012-10-17` and asserts the result;
//!   `cond08!` does the same under `2008-10-17` (no policy variables).
//! * `why!(name, "Operator", "key", values, ctx![...], expected, Reason {..})`
//!   also asserts the explanation's reason (a pattern over [`ClauseReason`]).
//!
//! `values` is JSON (`["a", "b"]`, `"a"`, `[10]`, `[true]`). `ctx![k => "v",
//! k2 => ["a", "b"]]` builds a request context: a string is a single value, an
//! array a multi-valued key (`NONE` is an empty one). Every case also checks
//! that `matches` and `explain` agree, that `explain` gives one outcome, and
//! that its description is one lowercase sentence.

use lattice_policy::eval::{ClauseOutcome, ClauseReason, CompiledCondition, Context, ContextValue};
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::{OperatorFamily, SetQualifier};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// An empty multi-valued request key.
const NONE: [&str; 0] = [];

trait IntoContextValue {
    fn into_context_value(self) -> ContextValue;
}

impl IntoContextValue for &str {
    fn into_context_value(self) -> ContextValue {
        ContextValue::Single(self.to_string())
    }
}

impl IntoContextValue for String {
    fn into_context_value(self) -> ContextValue {
        ContextValue::Single(self)
    }
}

impl<const N: usize> IntoContextValue for [&str; N] {
    fn into_context_value(self) -> ContextValue {
        ContextValue::Multi(self.iter().map(|s| s.to_string()).collect())
    }
}

macro_rules! ctx {
    ($($key:expr => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut ctx = Context::new();
        $( ctx.insert($key, IntoContextValue::into_context_value($value)); )*
        ctx
    }};
}

fn policy_text(condition: Value, variables: bool) -> String {
    let version = if variables {
        "2012-10-17"
    } else {
        "2008-10-17"
    };
    json!({
        "Version": version,
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": "vpc-lattice-svcs:Invoke",
            "Resource": "*",
            "Condition": condition,
        }],
    })
    .to_string()
}

/// Loads a policy whose only statement has `condition`, and compiles it.
fn compile(condition: Value, variables: bool) -> (String, CompiledCondition) {
    compile_text(policy_text(condition, variables), variables)
}

/// Loads a policy with one statement that has a condition, and compiles it.
fn compile_text(text: String, variables: bool) -> (String, CompiledCondition) {
    let loaded = load_str("test.json", &text, LoadOptions::default());
    let policy = loaded.policy.expect("policy");
    assert_eq!(
        policy.variables_enabled(),
        variables,
        "{:?}",
        loaded.findings
    );
    let condition = policy.statements[0]
        .condition
        .as_ref()
        .unwrap_or_else(|| panic!("no condition: {:?}", loaded.findings));
    (text, CompiledCondition::compile(condition, variables))
}

/// Checks one clause and returns its outcome.
fn check(
    op: &str,
    key: &str,
    values: Value,
    variables: bool,
    ctx: &Context,
    expected: bool,
) -> ClauseOutcome {
    let (_, compiled) = compile(json!({ op: { key: values.clone() } }), variables);
    let (result, outcomes) = compiled.explain(ctx);
    assert_eq!(
        compiled.matches(ctx),
        result,
        "matches and explain disagree"
    );
    assert_eq!(outcomes.len(), 1);
    let outcome = outcomes.into_iter().next().unwrap();
    let sentence = outcome.reason.describe();
    assert_eq!(
        result, expected,
        "{op} {key} {values} against {ctx:?}: {sentence}"
    );
    assert_eq!(outcome.result, result);
    assert_eq!(outcome.operator.to_string(), op);
    assert_eq!(outcome.key, key);
    let first = sentence.chars().next().unwrap();
    assert!(first.is_lowercase() || first == '`', "{sentence}");
    assert!(
        !sentence.ends_with('.') && !sentence.contains('\n'),
        "{sentence}"
    );
    let written: Vec<String> = match &values {
        Value::Array(items) => items.iter().map(text_of).collect(),
        v => vec![text_of(v)],
    };
    assert_eq!(outcome.policy_values, written);
    outcome
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

macro_rules! cond {
    ($name:ident, $op:literal, $key:literal, $values:tt, $ctx:expr, $expected:expr) => {
        #[test]
        fn $name() {
            check($op, $key, json!($values), true, &$ctx, $expected);
        }
    };
}

macro_rules! cond08 {
    ($name:ident, $op:literal, $key:literal, $values:tt, $ctx:expr, $expected:expr) => {
        #[test]
        fn $name() {
            check($op, $key, json!($values), false, &$ctx, $expected);
        }
    };
}

macro_rules! why {
    ($name:ident, $op:literal, $key:literal, $values:tt, $ctx:expr, $expected:expr, $($reason:tt)+) => {
        #[test]
        fn $name() {
            let outcome = check($op, $key, json!($values), true, &$ctx, $expected);
            #[allow(unused_imports)]
            use ClauseReason::*;
            assert!(
                matches!(outcome.reason, $($reason)+),
                "reason: {:?} ({})",
                outcome.reason,
                outcome.reason.describe()
            );
        }
    };
}

const TYPE: &str = "aws:PrincipalType";

// ---------------------------------------------------------------------------
// String operators
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod string {
    use super::*;

    why!(equals_match, "StringEquals", "aws:PrincipalType", ["Anonymous"], ctx![TYPE => "Anonymous"], true, Matched { index: 0 });
    why!(equals_no_match, "StringEquals", "aws:PrincipalType", ["Anonymous"], ctx![TYPE => "AssumedRole"], false, NoValueMatched);
    cond!(equals_is_case_sensitive, "StringEquals", "aws:PrincipalType", ["Anonymous"], ctx![TYPE => "anonymous"], false);
    cond!(equals_single_value_not_array, "StringEquals", "aws:PrincipalType", "Anonymous", ctx![TYPE => "Anonymous"], true);
    why!(equals_several_values_are_or, "StringEquals", "aws:PrincipalType", ["User", "AssumedRole"], ctx![TYPE => "AssumedRole"], true, Matched { index: 1 });
    cond!(equals_star_is_literal, "StringEquals", "vpc-lattice-svcs:SourceVpc", ["vpc-*"], ctx!["vpc-lattice-svcs:SourceVpc" => "vpc-123"], false);
    cond!(equals_star_matches_itself, "StringEquals", "vpc-lattice-svcs:SourceVpc", ["vpc-*"], ctx!["vpc-lattice-svcs:SourceVpc" => "vpc-*"], true);
    cond!(equals_question_is_literal, "StringEquals", "vpc-lattice-svcs:SourceVpc", ["vpc-?"], ctx!["vpc-lattice-svcs:SourceVpc" => "vpc-1"], false);
    cond!(equals_empty_string_value, "StringEquals", "vpc-lattice-svcs:RequestHeader/x-a", [""], ctx!["vpc-lattice-svcs:RequestHeader/x-a" => ""], true);
    cond!(equals_key_name_is_case_insensitive, "StringEquals", "AWS:PRINCIPALTYPE", ["User"], ctx!["aws:principaltype" => "User"], true);
    cond!(equals_tag_key_suffix_is_case_sensitive, "StringEquals", "aws:PrincipalTag/Team", ["a"], ctx!["aws:PrincipalTag/team" => "a"], false);
    why!(not_equals_match_is_false, "StringNotEquals", "aws:PrincipalType", ["Anonymous"], ctx![TYPE => "Anonymous"], false, NegatedMatched { index: 0 });
    why!(not_equals_no_match_is_true, "StringNotEquals", "aws:PrincipalType", ["Anonymous"], ctx![TYPE => "User"], true, NegatedNoneMatched);
    why!(not_equals_several_values_are_nor, "StringNotEquals", "aws:PrincipalType", ["User", "Anonymous"], ctx![TYPE => "Anonymous"], false, NegatedMatched { index: 1 });
    cond!(not_equals_several_values_none_match, "StringNotEquals", "aws:PrincipalType", ["User", "Anonymous"], ctx![TYPE => "AssumedRole"], true);
    cond!(not_equals_is_case_sensitive, "StringNotEquals", "aws:PrincipalType", ["Anonymous"], ctx![TYPE => "ANONYMOUS"], true);

    cond!(equals_ignore_case_match, "StringEqualsIgnoreCase", "aws:PrincipalType", ["anonymous"], ctx![TYPE => "ANONYMOUS"], true);
    cond!(equals_ignore_case_no_match, "StringEqualsIgnoreCase", "aws:PrincipalType", ["anonymous"], ctx![TYPE => "anonymou"], false);
    cond!(equals_ignore_case_non_ascii, "StringEqualsIgnoreCase", "aws:PrincipalTag/city", ["ZÜRICH"], ctx!["aws:PrincipalTag/city" => "zürich"], true);
    cond!(equals_ignore_case_greek_final_sigma, "StringEqualsIgnoreCase", "aws:PrincipalTag/name", ["ΣΊΣΥΦΟΣ"], ctx!["aws:PrincipalTag/name" => "σίσυφος"], true);
    cond!(equals_ignore_case_cyrillic, "StringEqualsIgnoreCase", "aws:PrincipalTag/name", ["МОСКВА"], ctx!["aws:PrincipalTag/name" => "москва"], true);
    cond!(equals_ignore_case_is_char_by_char, "StringEqualsIgnoreCase", "aws:PrincipalTag/name", ["STRASSE"], ctx!["aws:PrincipalTag/name" => "straße"], false);
    cond!(equals_ignore_case_star_is_literal, "StringEqualsIgnoreCase", "aws:PrincipalType", ["A*"], ctx![TYPE => "Anonymous"], false);
    cond!(equals_is_not_ignore_case_non_ascii, "StringEquals", "aws:PrincipalTag/city", ["ZÜRICH"], ctx!["aws:PrincipalTag/city" => "zürich"], false);
    // The Pulumi example: everyone but anonymous callers.
    cond!(not_equals_ignore_case_anonymous, "StringNotEqualsIgnoreCase", "aws:PrincipalType", ["anonymous"], ctx![TYPE => "Anonymous"], false);
    cond!(not_equals_ignore_case_signed, "StringNotEqualsIgnoreCase", "aws:PrincipalType", ["anonymous"], ctx![TYPE => "AssumedRole"], true);
    cond!(not_equals_ignore_case_non_ascii, "StringNotEqualsIgnoreCase", "aws:PrincipalTag/city", ["zürich"], ctx!["aws:PrincipalTag/city" => "ZÜRICH"], false);

    cond!(like_star, "StringLike", "vpc-lattice-svcs:RequestPath", ["/api/*"], ctx!["vpc-lattice-svcs:RequestPath" => "/api/v1/users"], true);
    cond!(like_star_no_match, "StringLike", "vpc-lattice-svcs:RequestPath", ["/api/*"], ctx!["vpc-lattice-svcs:RequestPath" => "/admin/api/"], false);
    cond!(like_star_crosses_slash, "StringLike", "vpc-lattice-svcs:RequestPath", ["/*/users"], ctx!["vpc-lattice-svcs:RequestPath" => "/a/b/c/users"], true);
    cond!(like_star_crosses_colon, "StringLike", "vpc-lattice-svcs:ServiceArn", ["arn:aws:*/svc-1"], ctx!["vpc-lattice-svcs:ServiceArn" => "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-1"], true);
    cond!(like_star_matches_empty, "StringLike", "vpc-lattice-svcs:RequestPath", ["/api*"], ctx!["vpc-lattice-svcs:RequestPath" => "/api"], true);
    cond!(like_question_crosses_slash, "StringLike", "vpc-lattice-svcs:RequestPath", ["/a?b"], ctx!["vpc-lattice-svcs:RequestPath" => "/a/b"], true);
    cond!(like_question_crosses_colon, "StringLike", "vpc-lattice-svcs:RequestPath", ["/a?b"], ctx!["vpc-lattice-svcs:RequestPath" => "/a:b"], true);
    cond!(like_question_is_one_char, "StringLike", "vpc-lattice-svcs:RequestPath", ["/a?b"], ctx!["vpc-lattice-svcs:RequestPath" => "/a//b"], false);
    cond!(like_question_not_zero_chars, "StringLike", "vpc-lattice-svcs:RequestPath", ["/a?b"], ctx!["vpc-lattice-svcs:RequestPath" => "/ab"], false);
    cond!(like_question_is_one_scalar, "StringLike", "vpc-lattice-svcs:RequestPath", ["/a?b"], ctx!["vpc-lattice-svcs:RequestPath" => "/aéb"], true);
    cond!(like_is_case_sensitive, "StringLike", "vpc-lattice-svcs:RequestPath", ["/API/*"], ctx!["vpc-lattice-svcs:RequestPath" => "/api/x"], false);
    cond!(like_without_wildcards_is_whole_string, "StringLike", "vpc-lattice-svcs:RequestPath", ["/api"], ctx!["vpc-lattice-svcs:RequestPath" => "/api/x"], false);
    why!(like_several_values_are_or, "StringLike", "vpc-lattice-svcs:RequestPath", ["/a/*", "/b/*"], ctx!["vpc-lattice-svcs:RequestPath" => "/b/1"], true, Matched { index: 1 });
    cond!(like_long_subject_is_fast, "StringLike", "aws:PrincipalTag/x", ["a*a*a*a*a*b"], ctx!["aws:PrincipalTag/x" => "a".repeat(10_000)], false);
    cond!(not_like_match_is_false, "StringNotLike", "vpc-lattice-svcs:RequestPath", ["/admin/*"], ctx!["vpc-lattice-svcs:RequestPath" => "/admin/x"], false);
    cond!(not_like_no_match_is_true, "StringNotLike", "vpc-lattice-svcs:RequestPath", ["/admin/*"], ctx!["vpc-lattice-svcs:RequestPath" => "/api/x"], true);
    cond!(not_like_several_values_are_nor, "StringNotLike", "vpc-lattice-svcs:RequestPath", ["/a/*", "/b/*"], ctx!["vpc-lattice-svcs:RequestPath" => "/b/1"], false);
}

// ---------------------------------------------------------------------------
// ARN operators
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod arn {
    use super::*;

    const DOC: &str = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";

    // The documented example: StringLike matches, ArnLike does not.
    cond!(documented_example_string_like, "StringLike", "aws:SourceArn", ["arn:aws:someservice:*:111122223333:finance/*"], ctx!["aws:SourceArn" => DOC], true);
    cond!(documented_example_arn_like, "ArnLike", "aws:SourceArn", ["arn:aws:someservice:*:111122223333:finance/*"], ctx!["aws:SourceArn" => DOC], false);
    cond!(documented_example_arn_equals, "ArnEquals", "aws:SourceArn", ["arn:aws:someservice:*:111122223333:finance/*"], ctx!["aws:SourceArn" => DOC], false);
    cond!(documented_example_arn_not_like, "ArnNotLike", "aws:SourceArn", ["arn:aws:someservice:*:111122223333:finance/*"], ctx!["aws:SourceArn" => DOC], true);

    cond!(equals_exact, "ArnEquals", "vpc-lattice-svcs:ServiceNetworkArn", ["arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0"], ctx!["vpc-lattice-svcs:ServiceNetworkArn" => "arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0"], true);
    cond!(equals_other, "ArnEquals", "vpc-lattice-svcs:ServiceNetworkArn", ["arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0"], ctx!["vpc-lattice-svcs:ServiceNetworkArn" => "arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef1"], false);
    cond!(equals_takes_wildcards_like_arn_like, "ArnEquals", "vpc-lattice-svcs:ServiceNetworkArn", ["arn:aws:vpc-lattice:*:111122223333:servicenetwork/*"], ctx!["vpc-lattice-svcs:ServiceNetworkArn" => "arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-1"], true);
    cond!(equals_is_case_sensitive, "ArnEquals", "aws:PrincipalArn", ["arn:aws:iam::111122223333:role/Admin"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/admin"], false);
    cond!(like_region_wildcard, "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/*"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/a/b"], true);
    cond!(like_question_in_field, "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::11112222333?:role/x"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/x"], true);
    cond!(like_star_does_not_cross_colon, "ArnLike", "aws:PrincipalArn", ["arn:aws:*:role/x"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/x"], false);
    cond!(like_resource_part_may_hold_colons, "ArnLike", "aws:SourceArn", ["arn:aws:logs:us-east-1:111122223333:log-group:*"], ctx!["aws:SourceArn" => "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s"], true);
    cond!(like_resource_star_crosses_colon, "ArnLike", "aws:SourceArn", ["arn:aws:logs:us-east-1:111122223333:*:s"], ctx!["aws:SourceArn" => "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s"], true);
    cond!(like_short_request_value, "ArnLike", "aws:SourceArn", ["arn:aws:s3:::*"], ctx!["aws:SourceArn" => "arn:aws:s3"], false);
    why!(like_short_pattern_matches_nothing, "ArnLike", "aws:SourceArn", ["*"], ctx!["aws:SourceArn" => "arn:aws:s3:::b"], false, InvalidPolicyValues { family: OperatorFamily::Arn, negated: false, .. });
    cond!(not_equals_match_is_false, "ArnNotEquals", "aws:PrincipalArn", ["arn:aws:iam::111122223333:role/x"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/x"], false);
    cond!(not_equals_other_is_true, "ArnNotEquals", "aws:PrincipalArn", ["arn:aws:iam::111122223333:role/x"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/y"], true);
    cond!(not_like_match_is_false, "ArnNotLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/x"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/x"], false);
    cond!(not_like_several_values_are_nor, "ArnNotLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/a", "arn:aws:iam::*:role/b"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/c"], true);
    cond!(not_like_missing_key, "ArnNotLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/x"], ctx![], true);
}

// ---------------------------------------------------------------------------
// Numeric operators
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod numeric {
    use super::*;

    const PORT: &str = "vpc-lattice-svcs:Port";

    cond!(equals_json_number, "NumericEquals", "vpc-lattice-svcs:Port", [443], ctx![PORT => "443"], true);
    cond!(equals_numeric_string, "NumericEquals", "vpc-lattice-svcs:Port", ["443"], ctx![PORT => "443"], true);
    cond!(equals_no_match, "NumericEquals", "vpc-lattice-svcs:Port", [443], ctx![PORT => "80"], false);
    cond!(equals_decimal_and_integer, "NumericEquals", "vpc-lattice-svcs:Port", [443.0], ctx![PORT => "443"], true);
    cond!(equals_decimals, "NumericEquals", "aws:MultiFactorAuthAge", ["2.5"], ctx!["aws:MultiFactorAuthAge" => "2.50"], true);
    cond!(equals_exponent, "NumericEquals", "aws:MultiFactorAuthAge", [1e3], ctx!["aws:MultiFactorAuthAge" => "1000"], true);
    cond!(equals_large_integers_exactly, "NumericEquals", "aws:MultiFactorAuthAge", ["9007199254740993"], ctx!["aws:MultiFactorAuthAge" => "9007199254740992"], false);
    cond!(equals_several_values_are_or, "NumericEquals", "vpc-lattice-svcs:Port", [80, 443], ctx![PORT => "443"], true);
    cond!(not_equals_other, "NumericNotEquals", "vpc-lattice-svcs:Port", [443], ctx![PORT => "80"], true);
    cond!(not_equals_same, "NumericNotEquals", "vpc-lattice-svcs:Port", [443], ctx![PORT => "443"], false);
    cond!(not_equals_several_values_are_nor, "NumericNotEquals", "vpc-lattice-svcs:Port", [80, 443], ctx![PORT => "443"], false);
    cond!(less_than_below, "NumericLessThan", "vpc-lattice-svcs:Port", [1024], ctx![PORT => "443"], true);
    cond!(less_than_equal, "NumericLessThan", "vpc-lattice-svcs:Port", [1024], ctx![PORT => "1024"], false);
    cond!(less_than_negative, "NumericLessThan", "aws:MultiFactorAuthAge", [0], ctx!["aws:MultiFactorAuthAge" => "-0.5"], true);
    cond!(less_than_equals_equal, "NumericLessThanEquals", "vpc-lattice-svcs:Port", [1024], ctx![PORT => "1024"], true);
    cond!(less_than_equals_above, "NumericLessThanEquals", "vpc-lattice-svcs:Port", [1024], ctx![PORT => "1025"], false);
    cond!(greater_than_above, "NumericGreaterThan", "vpc-lattice-svcs:Port", [1024], ctx![PORT => "8080"], true);
    cond!(greater_than_equal, "NumericGreaterThan", "vpc-lattice-svcs:Port", [1024], ctx![PORT => "1024"], false);
    cond!(greater_than_equals_equal, "NumericGreaterThanEquals", "vpc-lattice-svcs:Port", ["1024"], ctx![PORT => "1024"], true);
    cond!(greater_than_equals_below, "NumericGreaterThanEquals", "vpc-lattice-svcs:Port", ["1024"], ctx![PORT => "1023"], false);
    cond!(missing_key, "NumericLessThan", "vpc-lattice-svcs:Port", [1024], ctx![], false);
    cond!(not_equals_missing_key, "NumericNotEquals", "vpc-lattice-svcs:Port", [1024], ctx![], true);
    why!(unparseable_request_value, "NumericEquals", "vpc-lattice-svcs:Port", [443], ctx![PORT => "https"], false, UnparseableRequestValue { family: OperatorFamily::Numeric, negated: false });
    why!(unparseable_request_value_negated, "NumericNotEquals", "vpc-lattice-svcs:Port", [443], ctx![PORT => "https"], true, UnparseableRequestValue { negated: true, .. });
    why!(unparseable_policy_value, "NumericEquals", "vpc-lattice-svcs:Port", ["https"], ctx![PORT => "443"], false, InvalidPolicyValues { family: OperatorFamily::Numeric, negated: false, variable: false });
    cond!(unparseable_policy_value_among_others, "NumericEquals", "vpc-lattice-svcs:Port", ["https", 443], ctx![PORT => "443"], true);
    cond!(plus_sign_is_not_a_number, "NumericEquals", "vpc-lattice-svcs:Port", ["+443"], ctx![PORT => "443"], false);
    why!(no_variables, "NumericEquals", "vpc-lattice-svcs:Port", ["${aws:PrincipalTag/port}"], ctx![PORT => "443", "aws:PrincipalTag/port" => "443"], false, InvalidPolicyValues { variable: true, .. });
}

// ---------------------------------------------------------------------------
// Date operators: every W3C form and epoch seconds
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod date {
    use super::*;

    const NOW: &str = "aws:CurrentTime";
    const EPOCH: &str = "aws:EpochTime";
    const T: &str = "2026-11-22T10:00:00Z";

    cond!(equals_full_timestamp, "DateEquals", "aws:CurrentTime", ["2026-11-22T10:00:00Z"], ctx![NOW => T], true);
    cond!(equals_other_second, "DateEquals", "aws:CurrentTime", ["2026-11-22T10:00:01Z"], ctx![NOW => T], false);
    cond!(equals_date_only_is_midnight_utc, "DateEquals", "aws:CurrentTime", ["2026-11-22"], ctx![NOW => "2026-11-22T00:00:00Z"], true);
    cond!(equals_date_only_is_not_the_whole_day, "DateEquals", "aws:CurrentTime", ["2026-11-22"], ctx![NOW => T], false);
    cond!(not_equals_other, "DateNotEquals", "aws:CurrentTime", ["2026-11-22"], ctx![NOW => T], true);
    cond!(not_equals_same_instant_other_zone, "DateNotEquals", "aws:CurrentTime", ["2026-11-22T11:00:00+01:00"], ctx![NOW => T], false);
    cond!(less_than_year, "DateLessThan", "aws:CurrentTime", ["2027"], ctx![NOW => T], true);
    cond!(less_than_year_month, "DateLessThan", "aws:CurrentTime", ["2026-11"], ctx![NOW => T], false);
    cond!(less_than_date, "DateLessThan", "aws:CurrentTime", ["2026-11-23"], ctx![NOW => T], true);
    cond!(less_than_minutes_with_zone, "DateLessThan", "aws:CurrentTime", ["2026-11-22T10:01Z"], ctx![NOW => T], true);
    cond!(less_than_minutes_negative_zone, "DateLessThan", "aws:CurrentTime", ["2026-11-22T05:00-05:00"], ctx![NOW => T], false);
    cond!(less_than_fraction, "DateLessThan", "aws:CurrentTime", ["2026-11-22T10:00:00.001Z"], ctx![NOW => T], true);
    cond!(less_than_equals_equal, "DateLessThanEquals", "aws:CurrentTime", ["2026-11-22T10:00:00.000Z"], ctx![NOW => T], true);
    cond!(less_than_equals_after, "DateLessThanEquals", "aws:CurrentTime", ["2026-11-22T09:59:59.999Z"], ctx![NOW => T], false);
    cond!(greater_than_before, "DateGreaterThan", "aws:CurrentTime", ["2026-11-22T09:59Z"], ctx![NOW => T], true);
    cond!(greater_than_equal, "DateGreaterThan", "aws:CurrentTime", ["2026-11-22T10:00Z"], ctx![NOW => T], false);
    cond!(greater_than_equals_equal, "DateGreaterThanEquals", "aws:CurrentTime", ["2026-11-22T10:00:00+00:00"], ctx![NOW => T], true);
    cond!(greater_than_equals_later, "DateGreaterThanEquals", "aws:CurrentTime", ["2026-11-22T10:00:00.5Z"], ctx![NOW => T], false);
    cond!(epoch_policy_value_number, "DateGreaterThan", "aws:EpochTime", [1700000000], ctx![EPOCH => "1700000001"], true);
    cond!(epoch_policy_value_string, "DateLessThan", "aws:EpochTime", ["1700000000"], ctx![EPOCH => "1700000001"], false);
    cond!(epoch_against_timestamp, "DateEquals", "aws:CurrentTime", ["1700000000"], ctx![NOW => "2023-11-14T22:13:20Z"], true);
    cond!(timestamp_against_epoch_request, "DateEquals", "aws:EpochTime", ["2023-11-14T22:13:20Z"], ctx![EPOCH => "1700000000"], true);
    cond!(request_in_other_zone, "DateEquals", "aws:CurrentTime", ["2026-11-22T10:00:00Z"], ctx![NOW => "2026-11-22T12:00:00+02:00"], true);
    cond!(leap_day, "DateEquals", "aws:CurrentTime", ["2024-02-29"], ctx![NOW => "2024-02-29T00:00:00Z"], true);
    why!(no_leap_day, "DateEquals", "aws:CurrentTime", ["2023-02-29"], ctx![NOW => "2023-03-01T00:00:00Z"], false, InvalidPolicyValues { family: OperatorFamily::Date, .. });
    why!(hour_24_is_invalid, "DateEquals", "aws:CurrentTime", ["2024-02-29"], ctx![NOW => "2024-02-28T24:00:00Z"], false, UnparseableRequestValue { .. });
    cond!(leap_day_next, "DateLessThan", "aws:CurrentTime", ["2024-03-01"], ctx![NOW => "2024-02-29T23:59:59Z"], true);
    cond!(missing_key, "DateLessThan", "aws:CurrentTime", ["2027"], ctx![], false);
    why!(invalid_policy_date, "DateLessThan", "aws:CurrentTime", ["2026-02-30"], ctx![NOW => T], false, InvalidPolicyValues { family: OperatorFamily::Date, .. });
    why!(invalid_request_date, "DateLessThan", "aws:CurrentTime", ["2027"], ctx![NOW => "tomorrow"], false, UnparseableRequestValue { family: OperatorFamily::Date, negated: false });
    cond!(time_without_zone_is_invalid, "DateEquals", "aws:CurrentTime", ["2026-11-22T10:00:00"], ctx![NOW => T], false);
}

// ---------------------------------------------------------------------------
// Bool, BinaryEquals, IP addresses
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod typed {
    use super::*;

    const TLS: &str = "aws:SecureTransport";
    const IP: &str = "aws:SourceIp";
    const BIN: &str = "aws:PrincipalTag/bin";

    cond!(bool_true, "Bool", "aws:SecureTransport", ["true"], ctx![TLS => "true"], true);
    cond!(bool_false_vs_true, "Bool", "aws:SecureTransport", ["false"], ctx![TLS => "true"], false);
    cond!(bool_json_boolean, "Bool", "aws:SecureTransport", [true], ctx![TLS => "true"], true);
    cond!(bool_json_boolean_single, "Bool", "aws:SecureTransport", false, ctx![TLS => "false"], true);
    cond!(bool_any_case, "Bool", "aws:SecureTransport", ["True"], ctx![TLS => "TRUE"], true);
    why!(bool_not_a_boolean, "Bool", "aws:SecureTransport", ["yes"], ctx![TLS => "true"], false, InvalidPolicyValues { family: OperatorFamily::Bool, variable: false, .. });
    why!(bool_request_not_a_boolean, "Bool", "aws:SecureTransport", ["true"], ctx![TLS => "1"], false, UnparseableRequestValue { family: OperatorFamily::Bool, .. });
    cond!(bool_missing_key, "Bool", "aws:SecureTransport", ["false"], ctx![], false);
    cond!(bool_if_exists_missing_key, "BoolIfExists", "aws:SecureTransport", ["true"], ctx![], true);

    cond!(binary_equal, "BinaryEquals", "aws:PrincipalTag/bin", ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="], ctx![BIN => "QmluYXJ5VmFsdWVJbkJhc2U2NA=="], true);
    cond!(binary_other_bytes, "BinaryEquals", "aws:PrincipalTag/bin", ["Zm9v"], ctx![BIN => "Zm9vYg=="], false);
    cond!(binary_compares_bytes_not_text, "BinaryEquals", "aws:PrincipalTag/bin", ["Zm8="], ctx![BIN => "Zm9="], true);
    cond!(binary_several_values, "BinaryEquals", "aws:PrincipalTag/bin", ["Zm9v", "YmFy"], ctx![BIN => "YmFy"], true);
    why!(binary_request_not_base64, "BinaryEquals", "aws:PrincipalTag/bin", ["Zm9v"], ctx![BIN => "foo"], false, UnparseableRequestValue { family: OperatorFamily::Binary, .. });
    why!(binary_policy_not_base64, "BinaryEquals", "aws:PrincipalTag/bin", ["Zm9v!"], ctx![BIN => "Zm9v"], false, InvalidPolicyValues { family: OperatorFamily::Binary, .. });

    cond!(ip_in_v4_range, "IpAddress", "aws:SourceIp", ["203.0.113.0/24"], ctx![IP => "203.0.113.77"], true);
    cond!(ip_outside_v4_range, "IpAddress", "aws:SourceIp", ["203.0.113.0/24"], ctx![IP => "203.0.114.1"], false);
    cond!(ip_host_bits_are_ignored, "IpAddress", "aws:SourceIp", ["203.0.113.77/24"], ctx![IP => "203.0.113.1"], true);
    cond!(ip_address_without_prefix_is_32, "IpAddress", "aws:SourceIp", ["203.0.113.77"], ctx![IP => "203.0.113.77"], true);
    cond!(ip_address_without_prefix_not_neighbour, "IpAddress", "aws:SourceIp", ["203.0.113.77"], ctx![IP => "203.0.113.78"], false);
    cond!(ip_v6_range, "IpAddress", "aws:SourceIp", ["2001:DB8:1234:5678::/64"], ctx![IP => "2001:db8:1234:5678:abcd::1"], true);
    cond!(ip_outside_v6_range, "IpAddress", "aws:SourceIp", ["2001:DB8:1234:5678::/64"], ctx![IP => "2001:db8:1234:5679::1"], false);
    cond!(ip_v6_host_bits_are_ignored, "IpAddress", "aws:SourceIp", ["2001:db8:1234:5678:ffff::/48"], ctx![IP => "2001:db8:1234:1::1"], true);
    cond!(ip_v6_without_prefix_is_128, "IpAddress", "aws:SourceIp", ["2001:db8::1"], ctx![IP => "2001:db8::2"], false);
    cond!(ip_family_mismatch, "IpAddress", "aws:SourceIp", ["::/0"], ctx![IP => "10.0.0.1"], false);
    cond!(ip_several_ranges_are_or, "IpAddress", "aws:SourceIp", ["10.0.0.0/8", "192.168.0.0/16"], ctx![IP => "192.168.1.1"], true);
    cond!(ip_everything, "IpAddress", "aws:SourceIp", ["0.0.0.0/0"], ctx![IP => "198.51.100.1"], true);
    why!(ip_request_not_an_address, "IpAddress", "aws:SourceIp", ["0.0.0.0/0"], ctx![IP => "localhost"], false, UnparseableRequestValue { family: OperatorFamily::Ip, .. });
    why!(ip_invalid_range, "IpAddress", "aws:SourceIp", ["10.0.0.0/33"], ctx![IP => "10.0.0.1"], false, InvalidPolicyValues { family: OperatorFamily::Ip, .. });
    cond!(not_ip_outside, "NotIpAddress", "aws:SourceIp", ["203.0.113.0/24"], ctx![IP => "198.51.100.1"], true);
    cond!(not_ip_inside, "NotIpAddress", "aws:SourceIp", ["203.0.113.0/24"], ctx![IP => "203.0.113.1"], false);
    cond!(not_ip_several_ranges_are_nor, "NotIpAddress", "aws:SourceIp", ["10.0.0.0/8", "203.0.113.0/24"], ctx![IP => "203.0.113.1"], false);
    cond!(not_ip_v6, "NotIpAddress", "aws:SourceIp", ["2001:db8::/32"], ctx![IP => "2001:db9::1"], true);
    cond!(not_ip_missing_key, "NotIpAddress", "aws:SourceIp", ["203.0.113.0/24"], ctx![], true);
    cond!(ip_missing_key, "IpAddress", "aws:SourceIp", ["0.0.0.0/0"], ctx![], false);
}

// ---------------------------------------------------------------------------
// Missing keys, negation, IfExists
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod missing {
    use super::*;

    why!(string_equals_missing_key, "StringEquals", "aws:PrincipalType", ["Anonymous"], ctx![], false, MissingKey { negated: false });
    why!(string_not_equals_missing_key, "StringNotEquals", "aws:PrincipalType", ["Anonymous"], ctx![], true, MissingKey { negated: true });
    cond!(string_equals_ignore_case_missing_key, "StringEqualsIgnoreCase", "aws:PrincipalType", ["a"], ctx![], false);
    cond!(string_not_equals_ignore_case_missing_key, "StringNotEqualsIgnoreCase", "aws:PrincipalType", ["a"], ctx![], true);
    cond!(string_like_missing_key, "StringLike", "aws:PrincipalType", ["*"], ctx![], false);
    cond!(string_not_like_missing_key, "StringNotLike", "aws:PrincipalType", ["*"], ctx![], true);
    cond!(numeric_equals_missing_key, "NumericEquals", "vpc-lattice-svcs:Port", [1], ctx![], false);
    cond!(date_not_equals_missing_key, "DateNotEquals", "aws:CurrentTime", ["2020"], ctx![], true);
    cond!(date_equals_missing_key, "DateEquals", "aws:CurrentTime", ["2020"], ctx![], false);
    cond!(binary_equals_missing_key, "BinaryEquals", "aws:PrincipalTag/b", ["Zm9v"], ctx![], false);
    cond!(arn_equals_missing_key, "ArnEquals", "aws:PrincipalArn", ["arn:aws:iam::1:root"], ctx![], false);
    cond!(arn_not_equals_missing_key, "ArnNotEquals", "aws:PrincipalArn", ["arn:aws:iam::1:root"], ctx![], true);
    cond!(arn_like_missing_key, "ArnLike", "aws:PrincipalArn", ["arn:*:*:*:*:*"], ctx![], false);
    cond!(other_key_present, "StringEquals", "aws:PrincipalType", ["User"], ctx!["aws:PrincipalAccount" => "User"], false);

    why!(if_exists_positive_missing, "StringEqualsIfExists", "aws:PrincipalType", ["User"], ctx![], true, MissingKeyIfExists);
    cond!(if_exists_positive_present_match, "StringEqualsIfExists", "aws:PrincipalType", ["User"], ctx![TYPE => "User"], true);
    cond!(if_exists_positive_present_no_match, "StringEqualsIfExists", "aws:PrincipalType", ["User"], ctx![TYPE => "Anonymous"], false);
    why!(if_exists_negated_missing, "StringNotEqualsIfExists", "aws:PrincipalType", ["User"], ctx![], true, MissingKeyIfExists);
    cond!(if_exists_negated_present_match, "StringNotEqualsIfExists", "aws:PrincipalType", ["User"], ctx![TYPE => "User"], false);
    cond!(if_exists_negated_present_no_match, "StringNotEqualsIfExists", "aws:PrincipalType", ["User"], ctx![TYPE => "Anonymous"], true);
    cond!(if_exists_like_missing, "StringLikeIfExists", "vpc-lattice-svcs:RequestPath", ["/a/*"], ctx![], true);
    cond!(if_exists_numeric_missing, "NumericLessThanIfExists", "vpc-lattice-svcs:Port", [1024], ctx![], true);
    cond!(if_exists_numeric_present, "NumericLessThanIfExists", "vpc-lattice-svcs:Port", [1024], ctx!["vpc-lattice-svcs:Port" => "8080"], false);
    cond!(if_exists_date_missing, "DateGreaterThanIfExists", "aws:CurrentTime", ["2020"], ctx![], true);
    cond!(if_exists_ip_missing, "IpAddressIfExists", "aws:SourceIp", ["10.0.0.0/8"], ctx![], true);
    cond!(if_exists_not_ip_present_inside, "NotIpAddressIfExists", "aws:SourceIp", ["10.0.0.0/8"], ctx!["aws:SourceIp" => "10.1.1.1"], false);
    cond!(if_exists_arn_missing, "ArnLikeIfExists", "aws:PrincipalArn", ["arn:aws:iam::*:role/x"], ctx![], true);
    cond!(if_exists_arn_not_like_present, "ArnNotLikeIfExists", "aws:PrincipalArn", ["arn:aws:iam::*:role/x"], ctx!["aws:PrincipalArn" => "arn:aws:iam::1:role/x"], false);
    cond!(if_exists_binary_missing, "BinaryEqualsIfExists", "aws:PrincipalTag/b", ["Zm9v"], ctx![], true);
}

// ---------------------------------------------------------------------------
// Null
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod null {
    use super::*;

    why!(true_key_absent, "Null", "aws:PrincipalTag/team", ["true"], ctx![], true, NullKeyAbsent { as_asked: true });
    why!(true_key_present, "Null", "aws:PrincipalTag/team", ["true"], ctx!["aws:PrincipalTag/team" => "a"], false, NullKeyPresent { as_asked: false });
    why!(false_key_present, "Null", "aws:PrincipalTag/team", ["false"], ctx!["aws:PrincipalTag/team" => "a"], true, NullKeyPresent { as_asked: true });
    why!(false_key_absent, "Null", "aws:PrincipalTag/team", ["false"], ctx![], false, NullKeyAbsent { as_asked: false });
    cond!(json_boolean, "Null", "aws:PrincipalTag/team", true, ctx![], true);
    cond!(empty_string_is_present, "Null", "aws:PrincipalTag/team", ["false"], ctx!["aws:PrincipalTag/team" => ""], true);
    cond!(empty_string_is_not_absent, "Null", "aws:PrincipalTag/team", ["true"], ctx!["aws:PrincipalTag/team" => ""], false);
    cond!(multi_valued_is_present, "Null", "aws:PrincipalOrgPaths", ["false"], ctx!["aws:PrincipalOrgPaths" => ["o-1/r-1/", "o-1/r-2/"]], true);
    cond!(empty_multi_valued_is_present, "Null", "aws:PrincipalOrgPaths", ["false"], ctx!["aws:PrincipalOrgPaths" => NONE], true);
    cond!(both_values_always_hold, "Null", "aws:PrincipalTag/team", ["true", "false"], ctx![], true);
    why!(not_a_boolean, "Null", "aws:PrincipalTag/team", ["maybe"], ctx![], false, InvalidPolicyValues { family: OperatorFamily::Null, .. });
    why!(for_all_values_always_holds, "ForAllValues:Null", "aws:TagKeys", ["false"], ctx![], true, NullWithQualifier { qualifier: SetQualifier::ForAllValues });
    cond!(for_all_values_always_holds_present, "ForAllValues:Null", "aws:TagKeys", ["true"], ctx!["aws:TagKeys" => ["a"]], true);
    why!(for_any_value_never_holds, "ForAnyValue:Null", "aws:TagKeys", ["true"], ctx![], false, NullWithQualifier { qualifier: SetQualifier::ForAnyValue });
    cond!(for_any_value_never_holds_present, "ForAnyValue:Null", "aws:TagKeys", ["false"], ctx!["aws:TagKeys" => ["a"]], false);
}

// ---------------------------------------------------------------------------
// Multi-valued keys: decision `unqualified-multivalued-false` and the set qualifiers
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod sets {
    use super::*;

    const KEYS: &str = "aws:TagKeys";

    // decision `unqualified-multivalued-false`: an unqualified operator on a
    // multi-valued key is false.
    why!(d16_string_equals, "StringEquals", "aws:TagKeys", ["environment"], ctx![KEYS => ["environment"]], false, UnqualifiedMultiValued { count: 1 });
    why!(d16_string_not_equals, "StringNotEquals", "aws:TagKeys", ["environment"], ctx![KEYS => ["dept", "x"]], false, UnqualifiedMultiValued { count: 2 });
    cond!(d16_if_exists, "StringLikeIfExists", "aws:TagKeys", ["*"], ctx![KEYS => ["a"]], false);
    cond!(d16_empty_multi, "StringNotLike", "aws:TagKeys", ["*"], ctx![KEYS => NONE], false);
    cond!(d16_numeric, "NumericEquals", "vpc-lattice-svcs:RequestQueryString/page", [1], ctx!["vpc-lattice-svcs:RequestQueryString/page" => ["1"]], false);

    // The environment/cost-center truth table.
    cond!(all_environment, "ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["environment"]], true);
    cond!(any_environment, "ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["environment"]], true);
    cond!(all_cost_center, "ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["cost-center"]], true);
    cond!(any_cost_center, "ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["cost-center"]], true);
    why!(all_both, "ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["environment", "cost-center"]], true, AllValuesSatisfied { count: 2 });
    cond!(any_both, "ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["environment", "cost-center"]], true);
    why!(all_environment_dept, "ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["environment", "dept"]], false, ValueNotSatisfied { request_index: 1, .. });
    why!(any_environment_dept, "ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["dept", "environment"]], true, ValueSatisfied { request_index: 1, .. });
    cond!(all_dept, "ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["dept"]], false);
    why!(any_dept, "ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![KEYS => ["dept"]], false, NoValueSatisfied { count: 1 });
    why!(all_absent, "ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![], true, ForAllValuesEmpty { missing: true });
    why!(any_absent, "ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ctx![], false, ForAnyValueEmpty { missing: true });
    why!(all_empty_set, "ForAllValues:StringEquals", "aws:TagKeys", ["environment"], ctx![KEYS => NONE], true, ForAllValuesEmpty { missing: false });
    why!(any_empty_set, "ForAnyValue:StringEquals", "aws:TagKeys", ["environment"], ctx![KEYS => NONE], false, ForAnyValueEmpty { missing: false });

    // The documented Deny `ForAllValues:StringNotLike` example.
    cond!(deny_not_like_key1, "ForAllValues:StringNotLike", "aws:TagKeys", ["key1*", "key2*"], ctx![KEYS => ["key1"]], false);
    cond!(deny_not_like_key1_key2, "ForAllValues:StringNotLike", "aws:TagKeys", ["key1*", "key2*"], ctx![KEYS => ["key1", "key2"]], false);
    cond!(deny_not_like_key3, "ForAllValues:StringNotLike", "aws:TagKeys", ["key1*", "key2*"], ctx![KEYS => ["key3"]], true);
    cond!(deny_not_like_absent, "ForAllValues:StringNotLike", "aws:TagKeys", ["key1*", "key2*"], ctx![], true);
    cond!(deny_not_like_mixed, "ForAllValues:StringNotLike", "aws:TagKeys", ["key1*", "key2*"], ctx![KEYS => ["key3", "key2x"]], false);
    cond!(any_not_like_mixed, "ForAnyValue:StringNotLike", "aws:TagKeys", ["key1*", "key2*"], ctx![KEYS => ["key1", "key3"]], true);
    cond!(any_not_like_all_listed, "ForAnyValue:StringNotLike", "aws:TagKeys", ["key1*", "key2*"], ctx![KEYS => ["key1", "key2"]], false);

    // Single values are a set of one; IfExists governs a missing key.
    cond!(all_single_value_match, "ForAllValues:StringLike", "aws:PrincipalType", ["A*"], ctx![TYPE => "AssumedRole"], true);
    cond!(all_single_value_no_match, "ForAllValues:StringLike", "aws:PrincipalType", ["A*"], ctx![TYPE => "User"], false);
    cond!(any_single_value_match, "ForAnyValue:StringEquals", "aws:PrincipalType", ["User"], ctx![TYPE => "User"], true);
    why!(any_if_exists_missing, "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", ["a"], ctx![], true, MissingKeyIfExists);
    cond!(any_if_exists_present, "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", ["a"], ctx![KEYS => ["b"]], false);
    cond!(any_if_exists_empty_set, "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", ["a"], ctx![KEYS => NONE], false);
    cond!(all_if_exists_missing, "ForAllValues:StringEqualsIfExists", "aws:TagKeys", ["a"], ctx![], true);
    cond!(all_if_exists_present, "ForAllValues:StringEqualsIfExists", "aws:TagKeys", ["a"], ctx![KEYS => ["a", "b"]], false);

    // Other families under qualifiers.
    cond!(any_numeric, "ForAnyValue:NumericGreaterThan", "vpc-lattice-svcs:RequestQueryString/page", [10], ctx!["vpc-lattice-svcs:RequestQueryString/page" => ["1", "20"]], true);
    cond!(all_numeric, "ForAllValues:NumericGreaterThan", "vpc-lattice-svcs:RequestQueryString/page", [10], ctx!["vpc-lattice-svcs:RequestQueryString/page" => ["1", "20"]], false);
    cond!(all_numeric_unparseable, "ForAllValues:NumericNotEquals", "vpc-lattice-svcs:RequestQueryString/page", [10], ctx!["vpc-lattice-svcs:RequestQueryString/page" => ["x", "20"]], true);
    cond!(any_arn_like, "ForAnyValue:ArnLike", "aws:PrincipalServiceNamesList", ["arn:aws:iam::*:role/a"], ctx!["aws:PrincipalServiceNamesList" => ["arn:aws:iam::1:role/b", "arn:aws:iam::1:role/a"]], true);
    cond!(all_ip, "ForAllValues:IpAddress", "aws:SourceIp", ["10.0.0.0/8"], ctx!["aws:SourceIp" => ["10.0.0.1", "10.9.9.9"]], true);
    cond!(any_org_paths_like, "ForAnyValue:StringLike", "aws:PrincipalOrgPaths", ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"], ctx!["aws:PrincipalOrgPaths" => ["o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-x/"]], true);
}

// ---------------------------------------------------------------------------
// Empty policy value arrays
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod empty_arrays {
    use super::*;

    const KEYS: &str = "aws:TagKeys";

    why!(positive_present, "StringEquals", "aws:PrincipalType", [], ctx![TYPE => "User"], false, EmptyPolicyValues { negated: false });
    why!(negated_present, "StringNotEquals", "aws:PrincipalType", [], ctx![TYPE => "User"], true, EmptyPolicyValues { negated: true });
    cond!(positive_missing, "StringEquals", "aws:PrincipalType", [], ctx![], false);
    cond!(negated_missing, "StringNotEquals", "aws:PrincipalType", [], ctx![], true);
    cond!(if_exists_missing, "StringEqualsIfExists", "aws:PrincipalType", [], ctx![], true);
    cond!(if_exists_present, "StringEqualsIfExists", "aws:PrincipalType", [], ctx![TYPE => "User"], false);
    cond!(for_all_values_missing, "ForAllValues:StringEquals", "aws:TagKeys", [], ctx![], true);
    cond!(for_all_values_present, "ForAllValues:StringEquals", "aws:TagKeys", [], ctx![KEYS => ["a"]], false);
    cond!(for_any_value_missing, "ForAnyValue:StringEquals", "aws:TagKeys", [], ctx![], false);
    cond!(for_any_value_present, "ForAnyValue:StringEquals", "aws:TagKeys", [], ctx![KEYS => ["a"]], false);
    cond!(numeric_present, "NumericEquals", "vpc-lattice-svcs:Port", [], ctx!["vpc-lattice-svcs:Port" => "1"], false);
    why!(null_missing, "Null", "aws:PrincipalType", [], ctx![], false, EmptyPolicyValues { negated: false });
}

// ---------------------------------------------------------------------------
// Policy variables
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod variables {
    use super::*;

    const USER: &str = "aws:username";
    const TEAM: &str = "aws:PrincipalTag/team";

    cond!(resolved, "StringEquals", "aws:PrincipalTag/owner", ["${aws:username}"], ctx![USER => "bob", "aws:PrincipalTag/owner" => "bob"], true);
    cond!(resolved_other_value, "StringEquals", "aws:PrincipalTag/owner", ["${aws:username}"], ctx![USER => "alice", "aws:PrincipalTag/owner" => "bob"], false);
    cond!(resolved_key_case_insensitive, "StringEquals", "aws:PrincipalTag/owner", ["${AWS:UserName}"], ctx![USER => "bob", "aws:PrincipalTag/owner" => "bob"], true);
    cond!(resolved_inside_like, "StringLike", "vpc-lattice-svcs:RequestPath", ["/home/${aws:username}/*"], ctx![USER => "bob", "vpc-lattice-svcs:RequestPath" => "/home/bob/x"], true);
    cond!(substituted_text_is_literal, "StringLike", "vpc-lattice-svcs:RequestPath", ["/home/${aws:username}"], ctx![USER => "b*", "vpc-lattice-svcs:RequestPath" => "/home/bob"], false);
    cond!(substituted_text_matches_itself, "StringLike", "vpc-lattice-svcs:RequestPath", ["/home/${aws:username}"], ctx![USER => "b*", "vpc-lattice-svcs:RequestPath" => "/home/b*"], true);
    cond!(ignore_case_applies_to_substituted_text, "StringEqualsIgnoreCase", "aws:PrincipalTag/owner", ["${aws:username}"], ctx![USER => "BOB", "aws:PrincipalTag/owner" => "bob"], true);
    cond!(default_when_missing, "StringEquals", "aws:PrincipalTag/owner", ["${aws:PrincipalTag/team, 'company-wide'}"], ctx!["aws:PrincipalTag/owner" => "company-wide"], true);
    cond!(default_not_used_when_present, "StringEquals", "aws:PrincipalTag/owner", ["${aws:PrincipalTag/team, 'company-wide'}"], ctx![TEAM => "red", "aws:PrincipalTag/owner" => "company-wide"], false);
    cond!(default_without_space, "StringEquals", "aws:PrincipalTag/owner", ["${aws:PrincipalTag/team,'company-wide'}"], ctx!["aws:PrincipalTag/owner" => "company-wide"], true);
    why!(missing_positive_matches_nothing, "StringEquals", "aws:PrincipalTag/owner", ["${aws:username}"], ctx!["aws:PrincipalTag/owner" => "${aws:username}"], false, UnresolvedVariable { negated: false, .. });
    why!(missing_negated_matches, "StringNotEquals", "aws:PrincipalTag/owner", ["${aws:username}"], ctx!["aws:PrincipalTag/owner" => "bob"], true, UnresolvedVariable { negated: true, .. });
    cond!(missing_like_star, "StringLike", "aws:PrincipalTag/owner", ["${aws:username}*"], ctx!["aws:PrincipalTag/owner" => "bob"], false);
    cond!(multi_valued_key_is_unresolved, "StringLike", "aws:PrincipalTag/owner", ["${aws:PrincipalOrgPaths}"], ctx!["aws:PrincipalOrgPaths" => ["a"], "aws:PrincipalTag/owner" => "a"], false);
    cond!(unresolved_value_does_not_hide_others, "StringEquals", "aws:PrincipalTag/owner", ["${aws:username}", "bob"], ctx!["aws:PrincipalTag/owner" => "bob"], true);
    cond!(escape_star, "StringLike", "aws:PrincipalTag/owner", ["a${*}"], ctx!["aws:PrincipalTag/owner" => "a*"], true);
    cond!(escape_star_is_not_a_wildcard, "StringLike", "aws:PrincipalTag/owner", ["a${*}"], ctx!["aws:PrincipalTag/owner" => "ab"], false);
    cond!(escape_question, "StringLike", "aws:PrincipalTag/owner", ["${?}b"], ctx!["aws:PrincipalTag/owner" => "?b"], true);
    cond!(escape_question_is_not_a_wildcard, "StringLike", "aws:PrincipalTag/owner", ["${?}b"], ctx!["aws:PrincipalTag/owner" => "ab"], false);
    cond!(escape_dollar, "StringEquals", "aws:PrincipalTag/owner", ["${$}{x}"], ctx!["aws:PrincipalTag/owner" => "${x}"], true);
    cond!(unclosed_is_literal, "StringEquals", "aws:PrincipalTag/owner", ["${aws:username"], ctx![USER => "bob", "aws:PrincipalTag/owner" => "${aws:username"], true);
    cond08!(v2008_not_substituted, "StringEquals", "aws:PrincipalTag/owner", ["${aws:username}"], ctx![USER => "bob", "aws:PrincipalTag/owner" => "bob"], false);
    cond08!(v2008_literal, "StringEquals", "aws:PrincipalTag/owner", ["${aws:username}"], ctx![USER => "bob", "aws:PrincipalTag/owner" => "${aws:username}"], true);
    cond08!(v2008_escape_is_literal, "StringLike", "aws:PrincipalTag/owner", ["a${*}"], ctx!["aws:PrincipalTag/owner" => "a${*}"], true);
    cond08!(v2008_missing_variable_key_irrelevant, "StringNotEquals", "aws:PrincipalTag/owner", ["${aws:username}"], ctx!["aws:PrincipalTag/owner" => "${aws:username}"], false);
    cond!(arn_variable, "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:role/*"], ctx!["aws:PrincipalAccount" => "111122223333", "aws:PrincipalArn" => "arn:aws:iam::111122223333:role/r"], true);
    cond!(arn_variable_other_account, "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:role/*"], ctx!["aws:PrincipalAccount" => "999999999999", "aws:PrincipalArn" => "arn:aws:iam::111122223333:role/r"], false);
    cond!(arn_variable_missing_negated, "ArnNotLike", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:role/*"], ctx!["aws:PrincipalArn" => "arn:aws:iam::111122223333:role/r"], true);
    why!(numeric_not_substituted, "NumericEquals", "vpc-lattice-svcs:Port", ["${aws:PrincipalTag/port}"], ctx!["aws:PrincipalTag/port" => "443", "vpc-lattice-svcs:Port" => "443"], false, InvalidPolicyValues { family: OperatorFamily::Numeric, variable: true, .. });
    why!(bool_not_substituted, "Bool", "aws:SecureTransport", ["${aws:PrincipalTag/tls}"], ctx!["aws:PrincipalTag/tls" => "true", "aws:SecureTransport" => "true"], false, InvalidPolicyValues { family: OperatorFamily::Bool, variable: true, .. });
    cond!(date_not_substituted, "DateLessThan", "aws:CurrentTime", ["${aws:PrincipalTag/until}"], ctx!["aws:PrincipalTag/until" => "2030", "aws:CurrentTime" => "2026-01-01T00:00:00Z"], false);
    cond!(ip_not_substituted, "IpAddress", "aws:SourceIp", ["${aws:PrincipalTag/net}"], ctx!["aws:PrincipalTag/net" => "10.0.0.0/8", "aws:SourceIp" => "10.0.0.1"], false);
}

// ---------------------------------------------------------------------------
// Whole conditions and explanations
// ---------------------------------------------------------------------------

#[test]
fn blocks_and_keys_are_and() {
    let (_, c) = compile(
        json!({
            "StringEquals": {"aws:PrincipalType": "AssumedRole", "aws:PrincipalAccount": "111122223333"},
            "IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
        }),
        true,
    );
    let all = ctx![TYPE => "AssumedRole", "aws:PrincipalAccount" => "111122223333", "aws:SourceIp" => "10.1.1.1"];
    assert!(c.matches(&all));
    let mut wrong_ip = all.clone();
    wrong_ip.insert("aws:SourceIp", ContextValue::Single("192.0.2.1".into()));
    assert!(!c.matches(&wrong_ip));
    let mut wrong_account = all.clone();
    wrong_account.insert("aws:PrincipalAccount", ContextValue::Single("1".into()));
    assert!(!c.matches(&wrong_account));
    assert_eq!(c.clause_count(), 3);
}

#[test]
fn explain_reports_every_clause_in_order_with_spans() {
    // serde_json sorts object keys, so this policy is written out to keep its order.
    let condition = r#"{
        "StringEquals": {"aws:PrincipalType": ["AssumedRole", "User"], "aws:PrincipalAccount": "111122223333"},
        "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-1/*"},
        "Null": {"aws:SourceIp": "false"}
    }"#;
    let text = policy_text(json!("CONDITION"), true).replace("\"CONDITION\"", condition);
    let (text, c) = compile_text(text, true);
    let ctx = ctx![TYPE => "User", "aws:PrincipalOrgPaths" => ["o-2/x", "o-1/y"]];
    let (result, outcomes) = c.explain(&ctx);
    assert!(!result);
    assert_eq!(c.matches(&ctx), result);
    let summary: Vec<(String, String, bool)> = outcomes
        .iter()
        .map(|o| (o.operator.to_string(), o.key.clone(), o.result))
        .collect();
    assert_eq!(
        summary,
        [
            ("StringEquals".into(), "aws:PrincipalType".into(), true),
            ("StringEquals".into(), "aws:PrincipalAccount".into(), false),
            (
                "ForAnyValue:StringLike".into(),
                "aws:PrincipalOrgPaths".into(),
                true
            ),
            ("Null".into(), "aws:SourceIp".into(), false),
        ]
    );
    assert_eq!(outcomes[0].reason, ClauseReason::Matched { index: 1 });
    assert_eq!(
        outcomes[0].reason.describe(),
        "the request value matches policy value 2"
    );
    assert_eq!(outcomes[0].request_values, Some(vec!["User".to_string()]));
    assert_eq!(outcomes[0].policy_values, ["AssumedRole", "User"]);
    assert_eq!(
        outcomes[1].reason,
        ClauseReason::MissingKey { negated: false }
    );
    assert_eq!(outcomes[1].request_values, None);
    assert_eq!(
        outcomes[2].reason,
        ClauseReason::ValueSatisfied {
            request_index: 1,
            because: Box::new(ClauseReason::Matched { index: 0 }),
        }
    );
    assert_eq!(
        outcomes[2].reason.describe(),
        "request value 2 satisfies the operator: the request value matches policy value 1"
    );
    assert_eq!(
        outcomes[3].reason,
        ClauseReason::NullKeyAbsent { as_asked: false }
    );
    let slice = |s: lattice_policy::span::Span| s.slice(&text).unwrap().to_string();
    assert_eq!(slice(outcomes[0].operator_span), "\"StringEquals\"");
    assert_eq!(slice(outcomes[1].key_span), "\"aws:PrincipalAccount\"");
    assert_eq!(
        slice(outcomes[0].values_span),
        "[\"AssumedRole\", \"User\"]"
    );
    assert_eq!(slice(outcomes[3].values_span), "\"false\"");
}

#[test]
fn decisions_are_cited() {
    let d16 = check(
        "StringEquals",
        "aws:TagKeys",
        json!(["a"]),
        true,
        &ctx!["aws:TagKeys" => ["a"]],
        false,
    );
    assert_eq!(
        d16.reason.decision_ref(),
        Some("unqualified-multivalued-false")
    );
    assert!(d16.reason.describe().contains("ForAnyValue:"));
    let d15 = check(
        "Bool",
        "aws:SecureTransport",
        json!("${aws:PrincipalTag/tls}"),
        true,
        &ctx!["aws:SecureTransport" => "true"],
        false,
    );
    assert_eq!(d15.reason.decision_ref(), Some("no-variables-in-bool"));
    let plain = check(
        "StringEquals",
        "aws:PrincipalType",
        json!(["User"]),
        true,
        &ctx![TYPE => "User"],
        true,
    );
    assert_eq!(plain.reason.decision_ref(), None);
}

#[test]
fn describe_reads_as_one_sentence_for_every_reason() {
    use ClauseReason::*;
    let reasons = [
        Matched { index: 0 },
        NoValueMatched,
        NegatedMatched { index: 2 },
        NegatedNoneMatched,
        EmptyPolicyValues { negated: false },
        EmptyPolicyValues { negated: true },
        InvalidPolicyValues {
            family: OperatorFamily::Bool,
            negated: false,
            variable: true,
        },
        UnparseableRequestValue {
            family: OperatorFamily::Date,
            negated: true,
        },
        UnresolvedVariable {
            variable: "${aws:username}".into(),
            negated: false,
        },
        MissingKey { negated: false },
        MissingKey { negated: true },
        MissingKeyIfExists,
        UnqualifiedMultiValued { count: 2 },
        NullKeyAbsent { as_asked: true },
        NullKeyAbsent { as_asked: false },
        NullKeyPresent { as_asked: true },
        NullKeyPresent { as_asked: false },
        NullWithQualifier {
            qualifier: SetQualifier::ForAllValues,
        },
        NullWithQualifier {
            qualifier: SetQualifier::ForAnyValue,
        },
        ForAllValuesEmpty { missing: true },
        ForAnyValueEmpty { missing: false },
        AllValuesSatisfied { count: 1 },
        AllValuesSatisfied { count: 3 },
        ValueNotSatisfied {
            request_index: 0,
            because: Box::new(UnqualifiedMultiValued { count: 2 }),
        },
        ValueSatisfied {
            request_index: 0,
            because: Box::new(NegatedNoneMatched),
        },
        NoValueSatisfied { count: 1 },
        NoValueSatisfied { count: 4 },
    ];
    let mut seen = std::collections::HashSet::new();
    for reason in reasons {
        let s = reason.describe();
        let first = s.chars().next().unwrap();
        assert!(first.is_lowercase() || first == '`', "{s}");
        assert!(!s.ends_with('.') && !s.contains('\n'), "{s}");
        assert!(seen.insert(s.clone()), "duplicate description: {s}");
    }
}
