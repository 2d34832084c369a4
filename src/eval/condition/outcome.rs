//! What [`CompiledCondition::explain`](super::CompiledCondition::explain) says
//! about each clause, and the logic that works it out.

use super::eval::null_match;
use super::{Block, Clause, Values};
use crate::eval::context::{Context, ContextValue};
use crate::model::{BaseOperator, Operator, OperatorFamily, SetQualifier};
use crate::span::Span;

/// One clause (`"<key>": <values>` under an operator) evaluated against a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClauseOutcome {
    /// The block's operator.
    pub operator: Operator,
    /// Where the operator was written.
    pub operator_span: Span,
    /// The condition key as written in the policy.
    pub key: String,
    /// Where the key was written.
    pub key_span: Span,
    /// Where the value or array of values was written.
    pub values_span: Span,
    /// The policy values as written (numbers and booleans as their text).
    pub policy_values: Vec<String>,
    /// The request's values for the key; `None` when the key is not in the request.
    pub request_values: Option<Vec<String>>,
    /// Whether the clause holds.
    pub result: bool,
    /// Why.
    pub reason: ClauseReason,
}

/// Why a clause holds or not. Indexes count from 0 (policy values in the
/// order written, request values in the order given); [`ClauseReason::describe`]
/// counts from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClauseReason {
    /// Holds: the request value matches the policy value at `index`.
    Matched {
        /// The first policy value that matches.
        index: usize,
    },
    /// Fails: the request value matches no policy value.
    NoValueMatched,
    /// Fails: a negated operator, and the request value matches the policy value at `index`.
    NegatedMatched {
        /// The first policy value that matches.
        index: usize,
    },
    /// Holds: a negated operator, and the request value matches no policy value.
    NegatedNoneMatched,
    /// The key has an empty array of policy values, so nothing matches: holds
    /// only for a negated operator.
    EmptyPolicyValues {
        /// True for a negated operator (which then holds).
        negated: bool,
    },
    /// No policy value parses as the operator's type (a number for `Numeric*`,
    /// …), so nothing matches: holds only for a negated operator.
    InvalidPolicyValues {
        /// The operator's family, which names the type.
        family: OperatorFamily,
        /// True for a negated operator (which then holds).
        negated: bool,
        /// True when a value holds `${`: policy variables are not substituted
        /// for this operator (decision `no-variables-in-bool` for `Bool`).
        variable: bool,
    },
    /// The request value does not parse as the operator's type, so it matches
    /// no policy value: holds only for a negated operator.
    UnparseableRequestValue {
        /// The operator's family, which names the type.
        family: OperatorFamily,
        /// True for a negated operator (which then holds).
        negated: bool,
    },
    /// Nothing matches, and a policy value uses a variable that has no single
    /// value in the request, so that policy value matches nothing: holds only
    /// for a negated operator.
    UnresolvedVariable {
        /// The variable as written, `${...}`.
        variable: String,
        /// True for a negated operator (which then holds).
        negated: bool,
    },
    /// The key is not in the request: a positive operator fails, a negated one holds.
    MissingKey {
        /// True for a negated operator (which then holds).
        negated: bool,
    },
    /// Holds: the key is not in the request and the operator has `IfExists`.
    MissingKeyIfExists,
    /// Fails: the key has several values in the request, and an operator
    /// without `ForAnyValue:`/`ForAllValues:` is then false (decision
    /// `unqualified-multivalued-false`).
    UnqualifiedMultiValued {
        /// How many values the request has for the key.
        count: usize,
    },
    /// `Null`, and the key is not in the request.
    NullKeyAbsent {
        /// True when a policy value is `true` (absent), so the clause holds.
        as_asked: bool,
    },
    /// `Null`, and the key is in the request (an empty string counts as present).
    NullKeyPresent {
        /// True when a policy value is `false` (present), so the clause holds.
        as_asked: bool,
    },
    /// `ForAllValues:Null` always holds and `ForAnyValue:Null` never does.
    NullWithQualifier {
        /// The qualifier.
        qualifier: SetQualifier,
    },
    /// Holds: `ForAllValues:` and the key is missing or has no values.
    ForAllValuesEmpty {
        /// True when the key is not in the request at all.
        missing: bool,
    },
    /// Fails: `ForAnyValue:` and the key is missing or has no values.
    ForAnyValueEmpty {
        /// True when the key is not in the request at all.
        missing: bool,
    },
    /// Holds: `ForAllValues:` and every request value satisfies the operator.
    AllValuesSatisfied {
        /// How many request values there are.
        count: usize,
    },
    /// Fails: `ForAllValues:` and the request value at `request_index` does
    /// not satisfy the operator.
    ValueNotSatisfied {
        /// The first request value that fails.
        request_index: usize,
        /// Why it fails.
        because: Box<ClauseReason>,
    },
    /// Holds: `ForAnyValue:` and the request value at `request_index`
    /// satisfies the operator.
    ValueSatisfied {
        /// The first request value that holds.
        request_index: usize,
        /// Why it holds.
        because: Box<ClauseReason>,
    },
    /// Fails: `ForAnyValue:` and no request value satisfies the operator.
    NoValueSatisfied {
        /// How many request values there are.
        count: usize,
    },
}

impl ClauseReason {
    /// One lowercase sentence, without a final period, saying why.
    pub fn describe(&self) -> String {
        use ClauseReason as R;
        let so = |negated: bool| {
            if negated {
                ", so the negated operator holds"
            } else {
                ", so the operator is false"
            }
        };
        match self {
            R::Matched { index } => {
                format!("the request value matches policy value {}", index + 1)
            }
            R::NoValueMatched => "the request value matches none of the policy values".into(),
            R::NegatedMatched { index } => format!(
                "the request value matches policy value {}, so the negated operator is false",
                index + 1
            ),
            R::NegatedNoneMatched => {
                "the request value matches none of the policy values, so the negated operator holds"
                    .into()
            }
            R::EmptyPolicyValues { negated } => {
                format!("the key has an empty list of policy values{}", so(*negated))
            }
            R::InvalidPolicyValues {
                family,
                negated,
                variable,
            } => {
                let variable = if *variable {
                    " (policy variables are not substituted for this operator)"
                } else {
                    ""
                };
                format!(
                    "no policy value is {}{variable}{}",
                    type_name(*family),
                    so(*negated)
                )
            }
            R::UnparseableRequestValue { family, negated } => format!(
                "the request value is not {}{}",
                type_name(*family),
                so(*negated)
            ),
            R::UnresolvedVariable { variable, negated } => format!(
                "policy variable `{variable}` has no single value in the request and matches nothing{}",
                so(*negated)
            ),
            R::MissingKey { negated } => format!("the key is not in the request{}", so(*negated)),
            R::MissingKeyIfExists => {
                "the key is not in the request, and `IfExists` makes that hold".into()
            }
            R::UnqualifiedMultiValued { count } => format!(
                "the key has {count} values in the request and an operator without `ForAnyValue:` or `ForAllValues:` is false for a multi-valued key"
            ),
            R::NullKeyAbsent { as_asked: true } => {
                "the key is not in the request, as `Null: true` asks".into()
            }
            R::NullKeyAbsent { as_asked: false } => {
                "the key is not in the request, but `Null` asks for it to be present".into()
            }
            R::NullKeyPresent { as_asked: true } => {
                "the key is in the request, as `Null: false` asks".into()
            }
            R::NullKeyPresent { as_asked: false } => {
                "the key is in the request, but `Null` asks for it to be absent".into()
            }
            R::NullWithQualifier {
                qualifier: SetQualifier::ForAllValues,
            } => "`ForAllValues:Null` holds whatever the request".into(),
            R::NullWithQualifier {
                qualifier: SetQualifier::ForAnyValue,
            } => "`ForAnyValue:Null` is false whatever the request".into(),
            R::ForAllValuesEmpty { missing } => format!(
                "{}, and `ForAllValues:` holds for an empty set",
                key_empty(*missing)
            ),
            R::ForAnyValueEmpty { missing } => format!(
                "{}, and `ForAnyValue:` is false for an empty set",
                key_empty(*missing)
            ),
            R::AllValuesSatisfied { count: 1 } => {
                "the one request value satisfies the operator".into()
            }
            R::AllValuesSatisfied { count } => {
                format!("each of the {count} request values satisfies the operator")
            }
            R::ValueNotSatisfied {
                request_index,
                because,
            } => format!(
                "request value {} does not satisfy the operator: {}",
                request_index + 1,
                because.describe()
            ),
            R::ValueSatisfied {
                request_index,
                because,
            } => format!(
                "request value {} satisfies the operator: {}",
                request_index + 1,
                because.describe()
            ),
            R::NoValueSatisfied { count: 1 } => {
                "the one request value does not satisfy the operator".into()
            }
            R::NoValueSatisfied { count } => {
                format!("none of the {count} request values satisfies the operator")
            }
        }
    }

    /// The project decision (docs/semantics.md#decisions) this outcome rests on, if any:
    /// `unqualified-multivalued-false` for a multi-valued key under an
    /// unqualified operator, `no-variables-in-bool` for a
    /// policy variable written in a `Bool` value.
    pub fn decision_ref(&self) -> Option<&'static str> {
        match self {
            ClauseReason::UnqualifiedMultiValued { .. } => {
                Some(crate::eval::decisions::UNQUALIFIED_MULTIVALUED_FALSE)
            }
            ClauseReason::InvalidPolicyValues {
                family: OperatorFamily::Bool,
                variable: true,
                ..
            } => Some(crate::eval::decisions::NO_VARIABLES_IN_BOOL),
            ClauseReason::ValueNotSatisfied { because, .. }
            | ClauseReason::ValueSatisfied { because, .. } => because.decision_ref(),
            _ => None,
        }
    }
}

fn key_empty(missing: bool) -> &'static str {
    if missing {
        "the key is not in the request"
    } else {
        "the key has no values in the request"
    }
}

/// "a number", "a date", … for messages.
fn type_name(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "a string",
        OperatorFamily::Numeric => "a number",
        OperatorFamily::Date => "a date (ISO 8601 or epoch seconds)",
        OperatorFamily::Bool => "`true` or `false`",
        OperatorFamily::Binary => "valid base64",
        OperatorFamily::Ip => "an IP address or range",
        OperatorFamily::Arn => "an ARN with six `:`-separated fields",
        OperatorFamily::Null => "`true` or `false`",
    }
}

impl Clause {
    /// Evaluates the clause under `block`'s operator and says why.
    pub(super) fn outcome(&self, block: &Block, ctx: &Context) -> ClauseOutcome {
        let value = ctx.get_normalized(&self.normalized);
        let (result, reason) = self.reason(block.operator, value, ctx);
        ClauseOutcome {
            operator: block.operator,
            operator_span: block.operator_span,
            key: self.key.clone(),
            key_span: self.key_span,
            values_span: self.values_span,
            policy_values: self.written.clone(),
            request_values: value.map(|v| v.values().to_vec()),
            result,
            reason,
        }
    }

    /// The same decision as [`Clause::holds`], with its reason.
    fn reason(
        &self,
        op: Operator,
        value: Option<&ContextValue>,
        ctx: &Context,
    ) -> (bool, ClauseReason) {
        use ClauseReason as R;
        if let Values::Null(wanted) = &self.values {
            return match op.qualifier {
                Some(qualifier) => (
                    qualifier == SetQualifier::ForAllValues,
                    R::NullWithQualifier { qualifier },
                ),
                None if wanted.is_empty() => (false, R::EmptyPolicyValues { negated: false }),
                None if self.all_invalid() => (
                    false,
                    R::InvalidPolicyValues {
                        family: OperatorFamily::Null,
                        negated: false,
                        variable: false,
                    },
                ),
                None => {
                    let absent = value.is_none();
                    let as_asked = null_match(wanted, absent).is_some();
                    let reason = if absent {
                        R::NullKeyAbsent { as_asked }
                    } else {
                        R::NullKeyPresent { as_asked }
                    };
                    (as_asked, reason)
                }
            };
        }
        let negated = op.base.is_negated();
        match (op.qualifier, value) {
            (_, None) if op.if_exists && op.qualifier != Some(SetQualifier::ForAllValues) => {
                (true, R::MissingKeyIfExists)
            }
            (None, None) => (negated, R::MissingKey { negated }),
            (None, Some(ContextValue::Multi(values))) => (
                false,
                R::UnqualifiedMultiValued {
                    count: values.len(),
                },
            ),
            (None, Some(ContextValue::Single(v))) => self.single(op.base, v, ctx),
            (Some(SetQualifier::ForAllValues), None) => {
                (true, R::ForAllValuesEmpty { missing: true })
            }
            (Some(SetQualifier::ForAnyValue), None) => {
                (false, R::ForAnyValueEmpty { missing: true })
            }
            (Some(qualifier), Some(values)) => self.set(qualifier, op.base, values.values(), ctx),
        }
    }

    /// A qualified operator over the request's values.
    fn set(
        &self,
        qualifier: SetQualifier,
        base: BaseOperator,
        values: &[String],
        ctx: &Context,
    ) -> (bool, ClauseReason) {
        use ClauseReason as R;
        let count = values.len();
        let mut each = values
            .iter()
            .enumerate()
            .map(|(i, v)| (i, self.single(base, v, ctx)));
        match qualifier {
            SetQualifier::ForAllValues if count == 0 => {
                (true, R::ForAllValuesEmpty { missing: false })
            }
            SetQualifier::ForAnyValue if count == 0 => {
                (false, R::ForAnyValueEmpty { missing: false })
            }
            SetQualifier::ForAllValues => match each.find(|(_, (held, _))| !held) {
                Some((request_index, (_, because))) => (
                    false,
                    R::ValueNotSatisfied {
                        request_index,
                        because: Box::new(because),
                    },
                ),
                None => (true, R::AllValuesSatisfied { count }),
            },
            SetQualifier::ForAnyValue => match each.find(|(_, (held, _))| *held) {
                Some((request_index, (_, because))) => (
                    true,
                    R::ValueSatisfied {
                        request_index,
                        because: Box::new(because),
                    },
                ),
                None => (false, R::NoValueSatisfied { count }),
            },
        }
    }

    /// The base operator on one request value, over all policy values.
    fn single(&self, base: BaseOperator, value: &str, ctx: &Context) -> (bool, ClauseReason) {
        use ClauseReason as R;
        let negated = base.is_negated();
        if let Some(index) = self.first_match(base, value, ctx) {
            return if negated {
                (false, R::NegatedMatched { index })
            } else {
                (true, R::Matched { index })
            };
        }
        let family = base.family();
        let reason = if self.len() == 0 {
            R::EmptyPolicyValues { negated }
        } else if !self.request_parses(value) {
            R::UnparseableRequestValue { family, negated }
        } else if let Some(variable) = self.unresolved_variable(ctx) {
            R::UnresolvedVariable {
                variable: variable.to_string(),
                negated,
            }
        } else if self.all_invalid() {
            R::InvalidPolicyValues {
                family,
                negated,
                variable: self.written.iter().any(|w| w.contains("${")),
            }
        } else if negated {
            R::NegatedNoneMatched
        } else {
            R::NoValueMatched
        };
        (negated, reason)
    }
}
