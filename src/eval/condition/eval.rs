//! Evaluating one clause against a request, without allocating.

use std::cmp::Ordering;

use super::{Clause, Values};
use crate::eval::context::{Context, ContextValue};
use crate::eval::time::Timestamp;
use crate::eval::values::{base64_equals, is_base64, parse_bool, parse_ip, Number};
use crate::model::{BaseOperator, Operator, SetQualifier};

impl Clause {
    /// True when the clause holds under `op` (docs/semantics.md#conditions).
    pub(super) fn holds(&self, op: Operator, ctx: &Context) -> bool {
        let value = ctx.get_normalized(&self.normalized);
        if let Values::Null(wanted) = &self.values {
            return match op.qualifier {
                Some(SetQualifier::ForAllValues) => true,
                Some(SetQualifier::ForAnyValue) => false,
                None => null_match(wanted, value.is_none()).is_some(),
            };
        }
        match (op.qualifier, value) {
            (None, None) => op.if_exists || op.base.is_negated(),
            (None, Some(ContextValue::Multi(_))) => false,
            (None, Some(ContextValue::Single(v))) => self.satisfied_by(op.base, v, ctx),
            (Some(SetQualifier::ForAllValues), None) => true,
            (Some(SetQualifier::ForAllValues), Some(values)) => values
                .values()
                .iter()
                .all(|v| self.satisfied_by(op.base, v, ctx)),
            (Some(SetQualifier::ForAnyValue), None) => op.if_exists,
            (Some(SetQualifier::ForAnyValue), Some(values)) => values
                .values()
                .iter()
                .any(|v| self.satisfied_by(op.base, v, ctx)),
        }
    }

    /// Whether one request value satisfies the base operator over all policy
    /// values: some matches (positive), or none does (negated).
    pub(super) fn satisfied_by(&self, base: BaseOperator, value: &str, ctx: &Context) -> bool {
        self.first_match(base, value, ctx).is_some() != base.is_negated()
    }

    /// The index of the first policy value that `value` matches under the
    /// positive form of `base` (`StringNotEquals` compares like `StringEquals`).
    pub(super) fn first_match(
        &self,
        base: BaseOperator,
        value: &str,
        ctx: &Context,
    ) -> Option<usize> {
        match &self.values {
            Values::String(patterns, case) => {
                patterns.iter().position(|p| p.matches(value, ctx, *case))
            }
            Values::Arn(patterns) => patterns.iter().position(|p| p.matches(value, ctx)),
            Values::Numeric(policy) => {
                let request = Number::parse(value)?;
                position(policy, |p| {
                    request.compare(*p).is_some_and(|o| ordering_holds(base, o))
                })
            }
            Values::Date(policy) => {
                let request = Timestamp::parse(value)?;
                position(policy, |p| ordering_holds(base, request.cmp(p)))
            }
            Values::Bool(policy) => {
                let request = parse_bool(value)?;
                position(policy, |p| *p == request)
            }
            Values::Binary(policy) => position(policy, |p| base64_equals(value, p)),
            Values::Ip(policy) => {
                let request = parse_ip(value)?;
                position(policy, |p| p.contains(request))
            }
            // `Null` looks at presence, not at values.
            Values::Null(_) => None,
        }
    }

    /// False when `value` does not parse as the operator's type.
    pub(super) fn request_parses(&self, value: &str) -> bool {
        match &self.values {
            Values::String(..) | Values::Arn(_) | Values::Null(_) => true,
            Values::Numeric(_) => Number::parse(value).is_some(),
            Values::Date(_) => Timestamp::parse(value).is_some(),
            Values::Bool(_) => parse_bool(value).is_some(),
            Values::Binary(_) => is_base64(value),
            Values::Ip(_) => parse_ip(value).is_some(),
        }
    }

    /// The number of policy values.
    pub(super) fn len(&self) -> usize {
        self.written.len()
    }

    /// True when no policy value parsed as the operator's type (and there is at least one).
    pub(super) fn all_invalid(&self) -> bool {
        fn none<T>(values: &[Option<T>]) -> bool {
            !values.is_empty() && values.iter().all(Option::is_none)
        }
        match &self.values {
            Values::String(..) => false,
            Values::Arn(patterns) => {
                !patterns.is_empty() && patterns.iter().all(|p| !p.is_well_formed())
            }
            Values::Numeric(v) => none(v),
            Values::Date(v) => none(v),
            Values::Bool(v) | Values::Null(v) => none(v),
            Values::Binary(v) => none(v),
            Values::Ip(v) => none(v),
        }
    }

    /// The first policy variable (as written) with no value in `ctx`.
    pub(super) fn unresolved_variable(&self, ctx: &Context) -> Option<&str> {
        match &self.values {
            Values::String(patterns, _) => patterns.iter().find_map(|p| p.unresolved_variable(ctx)),
            Values::Arn(patterns) => patterns.iter().find_map(|p| p.unresolved_variable(ctx)),
            _ => None,
        }
    }
}

/// For `Null`: the index of the first policy value satisfied by the key being
/// `absent` or not.
pub(super) fn null_match(wanted: &[Option<bool>], absent: bool) -> Option<usize> {
    wanted.iter().position(|w| *w == Some(absent))
}

/// The index of the first parsed policy value for which `f` holds.
fn position<T>(values: &[Option<T>], f: impl Fn(&T) -> bool) -> Option<usize> {
    values.iter().position(|v| v.as_ref().is_some_and(&f))
}

/// Whether `request.cmp(policy)` satisfies a Numeric or Date operator
/// (`NotEquals` compares like `Equals`; the caller negates).
fn ordering_holds(base: BaseOperator, ordering: Ordering) -> bool {
    use BaseOperator as B;
    match base {
        B::NumericLessThan | B::DateLessThan => ordering == Ordering::Less,
        B::NumericLessThanEquals | B::DateLessThanEquals => ordering != Ordering::Greater,
        B::NumericGreaterThan | B::DateGreaterThan => ordering == Ordering::Greater,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => ordering != Ordering::Less,
        _ => ordering == Ordering::Equal,
    }
}
