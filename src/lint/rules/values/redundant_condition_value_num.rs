//! `REDUNDANT_CONDITION_VALUE_NUM`: several bounds where one suffices.

use std::cmp::Ordering;

use crate::eval::Number;
use crate::lint::LintContext;
use crate::model::{BaseOperator, ConditionValue};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `NumericLessThan`, `NumericLessThanEquals`,
    /// `NumericGreaterThan` and `NumericGreaterThanEquals` conditions that
    /// give one key several values.
    ///
    /// ### Why is this bad?
    ///
    /// Several values of one key are alternatives: the condition holds when
    /// the request's value is below (or above) any of them. Only the greatest
    /// upper bound, or the least lower bound, can make a difference; the
    /// others only suggest a range that the condition does not test.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NumericLessThan": {"vpc-lattice-svcs:Port": ["1024", "8080"]}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NumericLessThan": {"vpc-lattice-svcs:Port": "8080"}}}
    /// ```
    pub static RULE = {
        code: REDUNDANT_CONDITION_VALUE_NUM,
        name: "redundant-condition-value-num",
        severity: Info,
        category: Suggestion,
        summary: "a numeric bound lists several values where only one matters",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericLessThan":{"vpc-lattice-svcs:Port":"8080"},"NumericEquals":{"vpc-lattice-svcs:Port":["80","443"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericLessThan":{"vpc-lattice-svcs:Port":["1024","8080"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericGreaterThanEquals":{"vpc-lattice-svcs:Port":[8000,1024,9000]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in cx.policy().clauses() {
        let base = c.block.operator.value.base;
        let (keep, which) = match base {
            BaseOperator::NumericLessThan | BaseOperator::NumericLessThanEquals => {
                (Ordering::Greater, "greatest")
            }
            BaseOperator::NumericGreaterThan | BaseOperator::NumericGreaterThanEquals => {
                (Ordering::Less, "least")
            }
            _ => continue,
        };
        let numbers: Vec<(Number, &ConditionValue)> = c
            .clause
            .values
            .iter()
            .filter_map(|v| Number::parse(&v.text).map(|n| (n, v)))
            .collect();
        if numbers.len() < 2 {
            continue;
        }
        let best = numbers.iter().copied().reduce(|best, next| {
            if next.0.compare(best.0) == Some(keep) {
                next
            } else {
                best
            }
        });
        let Some((_, best)) = best else {
            continue;
        };
        let bound = match base {
            BaseOperator::NumericLessThan => "below",
            BaseOperator::NumericLessThanEquals => "at or below",
            BaseOperator::NumericGreaterThan => "above",
            _ => "at or above",
        };
        findings.push(
            cx.finding(
                c.clause.span,
                format!(
                    "`{}` holds {bound} any of these values, so only the {which}, `{}`, matters",
                    base.name(),
                    best.text
                ),
            )
            .with_help(format!("replace the list with `{}`", best.text)),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
