//! Condition values: whether each fits its operator's type, and how the
//! values of one key fit together.

pub(super) mod invalid_condition_data_type;
pub(super) mod invalid_condition_multiple_boolean;
pub(super) mod invalid_date_value;
pub(super) mod invalid_vpc_format;
pub(super) mod null_with_qualifier;
pub(super) mod redundant_condition_value_num;
pub(super) mod type_mismatch_boolean;
pub(super) mod type_mismatch_date;
pub(super) mod type_mismatch_ip_range;
pub(super) mod type_mismatch_number;
pub(super) mod type_mismatch_string;
pub(super) mod wildcard_without_like_operator;

use crate::diagnostic::Finding;
use crate::lint::LintContext;
use crate::model::{ClauseRef, ConditionValue, OperatorFamily};

/// Reports, for every value of a clause whose operator is of `family`, the
/// finding `make` returns. Values holding `${` are left to the variable
/// rules: whatever the version, they are not plain values of the type.
pub(crate) fn report_values(
    cx: &mut LintContext<'_>,
    family: OperatorFamily,
    make: impl Fn(&LintContext<'_>, ClauseRef<'_>, &ConditionValue) -> Option<Finding>,
) {
    let mut findings = Vec::new();
    for c in cx.policy().clauses() {
        if c.block.operator.value.base.family() != family {
            continue;
        }
        for value in c.clause.values.iter().filter(|v| !v.text.contains("${")) {
            findings.extend(make(cx, c, value));
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
