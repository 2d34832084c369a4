//! `INVALID_CONDITION_MULTIPLE_BOOLEAN`: a `Bool` condition key with several values.

use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Bool` conditions that give one key more than one value, such as
    /// `["true", "false"]`.
    ///
    /// ### Why is this bad?
    ///
    /// A Boolean key has one value. Listing both `true` and `false` makes the
    /// condition hold whenever the key is present, which is not a test of
    /// its value; listing one value twice is noise. IAM Access Analyzer
    /// reports several Boolean values as an error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"Bool": {"aws:SecureTransport": "true"}}}
    /// ```
    pub static RULE = {
        code: INVALID_CONDITION_MULTIPLE_BOOLEAN,
        name: "invalid-condition-multiple-boolean",
        severity: Error,
        category: Error,
        summary: "a `Bool` condition key has more than one value",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":["true"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":["true","false"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in cx.policy().clauses() {
        if c.block.operator.value.base.family() != OperatorFamily::Bool || c.clause.values.len() < 2
        {
            continue;
        }
        findings.push(
            cx.finding(
                c.clause.span,
                format!(
                    "the Boolean key `{}` has {} values",
                    c.clause.key.value,
                    c.clause.values.len()
                ),
            )
            .with_help("give one value, `true` or `false`; to test only that the key is present, use `\"Null\": {\"<key>\": \"false\"}`"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
