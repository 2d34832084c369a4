//! Policy patterns: the [wildcard syntax](crate::wildcard) with policy
//! variables.
//!
//! A [`Pattern`] is compiled once from a policy value and then matched against
//! request values without allocating. `*` and `?` are wildcards (see
//! [`crate::wildcard`]) unless the pattern is compiled without them
//! (`StringEquals`); on top of them:
//!
//! * With variables (policy version `2012-10-17` only), `${key}` stands for the
//!   request's value of the single-valued key `key` (names compare
//!   case-insensitively), `${key, 'default'}` for that value or `default` when
//!   the key is missing, and `${*}`, `${?}`, `${$}` for a literal `*`, `?`, `$`.
//!   A substituted value is literal text: its `*` and `?` are not wildcards. A
//!   variable whose key is missing (without a default) or multi-valued is
//!   *unresolved*, and a pattern with an unresolved variable matches nothing
//!   (docs/semantics.md#policy-variables).
//!   A `${` without a closing `}`, and an empty `${}`, are literal text.
//!
//! An [`ArnPattern`] matches ARNs field by field, as [`crate::wildcard`]
//! describes; a `:` inside a policy variable does not split it.

use std::fmt;

use super::context::{normalize_key, Context, ContextValue};
pub use crate::wildcard::{chars_eq_ignore_case, Case};
use crate::wildcard::{ArnWildcard, Segment, Wildcard};

/// A policy variable `${key}` or `${key, 'default'}`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Variable {
    /// The key, normalized for lookups.
    key: String,
    /// The default value, when written.
    default: Option<String>,
    /// The whole variable as written, `${...}`.
    written: String,
}

impl Variable {
    /// The variable's value in `ctx`, or `None` when it is unresolved.
    fn resolve<'a>(&'a self, ctx: &'a Context) -> Option<&'a str> {
        match ctx.get_normalized(&self.key) {
            Some(ContextValue::Single(value)) => Some(value),
            Some(ContextValue::Multi(_)) => None,
            None => self.default.as_deref(),
        }
    }
}

/// A compiled policy pattern (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    written: String,
    wildcard: Wildcard<Variable>,
}

impl Pattern {
    /// Compiles `text`: `*` and `?` are wildcards when `wildcards` is true, and
    /// `${...}` are policy variables when `variables` is true (policy version
    /// `2012-10-17`); otherwise they are literal text.
    pub fn compile(text: &str, wildcards: bool, variables: bool) -> Pattern {
        Pattern {
            written: text.to_string(),
            wildcard: with_variables(text, wildcards, variables),
        }
    }

    /// The pattern as written in the policy.
    pub fn as_written(&self) -> &str {
        &self.written
    }

    /// True when the pattern holds at least one policy variable (not counting
    /// the escapes `${*}`, `${?}`, `${$}`).
    pub fn has_variables(&self) -> bool {
        self.wildcard.has_holes()
    }

    /// True when the pattern holds a `*` or `?` wildcard.
    pub fn has_wildcards(&self) -> bool {
        self.wildcard.has_wildcards()
    }

    /// The keys (normalized) of the pattern's policy variables.
    pub fn variable_keys(&self) -> impl Iterator<Item = &str> {
        self.wildcard.holes().map(|v| v.key.as_str())
    }

    /// The first variable (as written, `${...}`) that has no value in `ctx`:
    /// while there is one, the pattern matches nothing.
    pub fn unresolved_variable(&self, ctx: &Context) -> Option<&str> {
        if !self.wildcard.has_holes() {
            return None;
        }
        self.wildcard
            .holes()
            .find(|v| v.resolve(ctx).is_none())
            .map(|v| v.written.as_str())
    }

    /// True when `subject` matches the whole pattern, with the variables taken
    /// from `ctx`. Does not allocate.
    pub fn matches(&self, subject: &str, ctx: &Context, case: Case) -> bool {
        self.wildcard
            .matches_with(subject, case, |v| v.resolve(ctx))
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// `text` as a wildcard whose holes are its policy variables, when
/// `variables` is true.
fn with_variables(text: &str, wildcards: bool, variables: bool) -> Wildcard<Variable> {
    Wildcard::parse_with(text, wildcards, |rest| {
        if variables && rest.starts_with("${") {
            parse_variable(rest)
        } else {
            None
        }
    })
}

/// Reads a `${...}` at the start of `text`: the segment and the text after
/// it, or `None` when `text` does not start with a well-formed variable.
fn parse_variable(text: &str) -> Option<(Segment<Variable>, &str)> {
    let body_and_rest = text.strip_prefix("${")?;
    let close = body_and_rest.find('}')?;
    let body = body_and_rest.get(..close)?;
    let rest = body_and_rest.get(close + 1..)?;
    let written_len = close + 3;
    let segment = match body {
        "*" | "?" | "$" => Segment::Text {
            text: body.to_string(),
            chars: 1,
        },
        _ => {
            let (key, default) = match body.split_once(',') {
                Some((key, default)) => (key.trim(), Some(unquote(default.trim()))),
                None => (body.trim(), None),
            };
            if key.is_empty() {
                return None;
            }
            Segment::Hole(Variable {
                key: normalize_key(key).into_owned(),
                default: default.map(str::to_string),
                written: text.get(..written_len)?.to_string(),
            })
        }
    };
    Some((segment, rest))
}

/// `'text'` to `text`; other text is taken as it is.
fn unquote(text: &str) -> &str {
    text.strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .unwrap_or(text)
}

/// The length of a `${...}` with its closing brace at the start of `text`:
/// a `:` inside it does not end an ARN field, even when the variable turns
/// out to be malformed and is read as literal text.
fn braced_run(text: &str) -> Option<usize> {
    let body = text.strip_prefix("${")?;
    body.find('}').map(|close| close + 3)
}

/// An ARN pattern for `ArnEquals`/`ArnLike` (which behave identically) and for
/// `Resource` patterns that start with `arn:`, matched field by field as
/// [`crate::wildcard`] describes (docs/semantics.md#conditions, decision
/// `non-arn-resource-whole-match`). A `:` inside a policy variable does not
/// split the pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnPattern {
    written: String,
    arn: ArnWildcard<Variable>,
}

impl ArnPattern {
    /// Compiles `text`; `variables` as for [`Pattern::compile`].
    pub fn compile(text: &str, variables: bool) -> ArnPattern {
        let opaque = |rest: &str| if variables { braced_run(rest) } else { None };
        ArnPattern {
            written: text.to_string(),
            arn: ArnWildcard::parse_with(text, opaque, |field| {
                with_variables(field, true, variables)
            }),
        }
    }

    /// The pattern as written in the policy.
    pub fn as_written(&self) -> &str {
        &self.written
    }

    /// True when the pattern has the six fields of an ARN; otherwise it matches nothing.
    pub fn is_well_formed(&self) -> bool {
        self.arn.fields().is_some()
    }

    fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.arn
            .fields()
            .into_iter()
            .flatten()
            .flat_map(Wildcard::holes)
    }

    /// True when the pattern holds at least one policy variable.
    pub fn has_variables(&self) -> bool {
        self.variables().next().is_some()
    }

    /// The keys (normalized) of the pattern's policy variables.
    pub fn variable_keys(&self) -> impl Iterator<Item = &str> {
        self.variables().map(|v| v.key.as_str())
    }

    /// The first variable (as written) that has no value in `ctx`.
    pub fn unresolved_variable(&self, ctx: &Context) -> Option<&str> {
        self.variables()
            .find(|v| v.resolve(ctx).is_none())
            .map(|v| v.written.as_str())
    }

    /// True when the ARN `subject` matches, with variables taken from `ctx`.
    /// Does not allocate.
    pub fn matches(&self, subject: &str, ctx: &Context) -> bool {
        self.arn.matches_with(subject, |v| v.resolve(ctx))
    }
}

impl fmt::Display for ArnPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pairs: &[(&str, &str)]) -> Context {
        let mut ctx = Context::new();
        for (k, v) in pairs {
            ctx.insert(k, ContextValue::Single((*v).to_string()));
        }
        ctx
    }

    #[test]
    fn without_variables_a_pattern_is_its_wildcard() {
        let c = ctx(&[("aws:username", "bob")]);
        for (pattern, subject) in [
            ("a*b?c", "aXXbYc"),
            ("a*b?c", "abc"),
            ("${aws:username}", "bob"),
            ("${aws:username}", "${aws:username}"),
            ("Σ*", "ςx"),
        ] {
            for case in [Case::Sensitive, Case::Insensitive] {
                assert_eq!(
                    Pattern::compile(pattern, true, false).matches(subject, &c, case),
                    Wildcard::parse(pattern).matches(subject, case),
                    "{pattern} {subject}"
                );
            }
        }
    }

    #[test]
    fn literal_when_wildcards_are_off() {
        let p = Pattern::compile("a*", false, false);
        assert!(p.matches("a*", &Context::new(), Case::Sensitive));
        assert!(!p.matches("ab", &Context::new(), Case::Sensitive));
        assert!(!p.has_wildcards());
    }

    #[test]
    fn variables_resolve_with_defaults_and_escapes() {
        let c = ctx(&[("aws:username", "bob*")]);
        let p = Pattern::compile("home/${AWS:UserName}/*", true, true);
        assert!(p.has_variables());
        assert_eq!(p.variable_keys().collect::<Vec<_>>(), ["aws:username"]);
        assert!(p.matches("home/bob*/x", &c, Case::Sensitive));
        // The substituted `*` is literal.
        assert!(!p.matches("home/bobby/x", &c, Case::Sensitive));
        let p = Pattern::compile("${aws:PrincipalTag/team, 'all'}", false, true);
        assert!(p.matches("all", &c, Case::Sensitive));
        let p = Pattern::compile("${aws:PrincipalTag/team,'all'}", false, true);
        assert!(p.matches("all", &c, Case::Sensitive));
        let p = Pattern::compile("a${*}${?}${$}", true, true);
        assert!(!p.has_variables());
        assert!(!p.has_wildcards());
        assert!(p.matches("a*?$", &c, Case::Sensitive));
        assert!(!p.matches("ab?$", &c, Case::Sensitive));
        let p = Pattern::compile("${aws:missing}", true, true);
        assert_eq!(p.unresolved_variable(&c), Some("${aws:missing}"));
        assert!(!p.matches("", &c, Case::Sensitive));
    }

    #[test]
    fn malformed_variables_are_literal() {
        let c = Context::new();
        assert!(Pattern::compile("a${b", true, true).matches("a${b", &c, Case::Sensitive));
        assert!(Pattern::compile("${}", true, true).matches("${}", &c, Case::Sensitive));
        assert!(Pattern::compile("${ }", true, true).matches("${ }", &c, Case::Sensitive));
        assert!(Pattern::compile("${x}", true, false).matches("${x}", &c, Case::Sensitive));
    }

    #[test]
    fn arn_patterns_match_field_by_field() {
        let c = Context::new();
        let p = ArnPattern::compile("arn:aws:someservice:*:111122223333:finance/*", true);
        assert!(p.is_well_formed() && !p.has_variables());
        assert!(!p.matches(
            "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
            &c
        ));
        assert!(p.matches(
            "arn:aws:someservice:us-east-2:111122223333:finance/a:b/c",
            &c
        ));
        assert!(!ArnPattern::compile("*", true).is_well_formed());
        // A field whose text holds a `:` (a malformed variable kept as text)
        // never equals a field of the ARN, which cannot.
        let odd = ArnPattern::compile("arn:${,:}:s:r:a:res", true);
        assert!(odd.is_well_formed());
        assert!(!odd.matches("arn:${,:}:s:r:a:res", &c));
        // Without variables, the `:` splits as any other.
        let plain = ArnPattern::compile("arn:${,:}:s:r:a:res", false);
        assert!(plain.matches("arn:${,:}:s:r:a:res", &c));
    }

    #[test]
    fn arn_variables_may_hold_colons() {
        let c = ctx(&[("aws:PrincipalAccount", "111122223333")]);
        let p = ArnPattern::compile("arn:aws:iam::${aws:PrincipalAccount}:role/*", true);
        assert!(p.is_well_formed());
        assert!(p.has_variables());
        assert!(p.matches("arn:aws:iam::111122223333:role/x", &c));
        assert!(!p.matches("arn:aws:iam::999999999999:role/x", &c));
        assert!(!p.matches("arn:aws:iam::111122223333:role/x", &Context::new()));
        assert_eq!(
            p.unresolved_variable(&Context::new()),
            Some("${aws:PrincipalAccount}")
        );
    }
}
