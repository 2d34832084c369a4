//! Empty elements and values: they do nothing, or not what they seem to.

pub(super) mod empty_array_action;
pub(super) mod empty_array_condition;
pub(super) mod empty_array_condition_forallvalues;
pub(super) mod empty_array_condition_foranyvalue;
pub(super) mod empty_array_condition_ifexists;
pub(super) mod empty_array_principal;
pub(super) mod empty_array_resource;
pub(super) mod empty_object_condition;
pub(super) mod empty_object_principal;
pub(super) mod empty_sid_value;

use crate::diagnostic::Finding;
use crate::lint::LintContext;
use crate::model::{ClauseRef, Operator, SetQualifier};

/// Which empty-array rule a clause with `[]` belongs to: one code per clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EmptyList {
    /// A plain operator.
    Plain,
    /// `ForAllValues:` (with or without `IfExists`).
    ForAllValues,
    /// `ForAnyValue:` (with or without `IfExists`).
    ForAnyValue,
    /// `...IfExists` without a set qualifier.
    IfExists,
}

impl EmptyList {
    fn of(operator: Operator) -> EmptyList {
        match operator.qualifier {
            Some(SetQualifier::ForAllValues) => EmptyList::ForAllValues,
            Some(SetQualifier::ForAnyValue) => EmptyList::ForAnyValue,
            None if operator.if_exists => EmptyList::IfExists,
            None => EmptyList::Plain,
        }
    }
}

/// Reports every clause written with an empty array whose operator is of `kind`.
pub(crate) fn report_empty_lists(
    cx: &mut LintContext<'_>,
    kind: EmptyList,
    make: impl Fn(&LintContext<'_>, ClauseRef<'_>) -> Finding,
) {
    let findings: Vec<Finding> = cx
        .policy()
        .clauses()
        .filter(|c| c.clause.is_list && c.clause.values.is_empty())
        .filter(|c| EmptyList::of(c.block.operator.value) == kind)
        .map(|c| make(cx, c))
        .collect();
    for finding in findings {
        cx.report(finding);
    }
}
