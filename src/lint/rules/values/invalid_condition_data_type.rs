//! `INVALID_CONDITION_DATA_TYPE`: one key's values mix JSON types.

use crate::lint::LintContext;
use crate::model::JsonKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys whose values are written in different JSON types,
    /// such as `[443, "8443"]` or `[true, "false"]`.
    ///
    /// ### Why is this bad?
    ///
    /// IAM reads quoted and unquoted numbers and Booleans alike, so the mix
    /// changes nothing at run time; but IAM Access Analyzer rejects a list
    /// whose values are not all of one JSON type, and the mix usually marks a
    /// value that was pasted in from elsewhere.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NumericEquals": {"vpc-lattice-svcs:Port": [443, "8443"]}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NumericEquals": {"vpc-lattice-svcs:Port": ["443", "8443"]}}}
    /// ```
    pub static RULE = {
        code: INVALID_CONDITION_DATA_TYPE,
        name: "invalid-condition-data-type",
        severity: Error,
        category: Error,
        summary: "a condition key's values are written in different JSON types",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svcs:Port":[443,8443]},"Bool":{"aws:SecureTransport":true}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svcs:Port":[443,"8443"]}}}]}"#,
        ],
    };
}

fn kind_name(kind: JsonKind) -> &'static str {
    match kind {
        JsonKind::String => "a string",
        JsonKind::Number => "a number",
        JsonKind::Bool => "a Boolean",
    }
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in cx.policy().clauses() {
        let mut values = c.clause.values.iter();
        let Some(first) = values.next() else {
            continue;
        };
        let Some(other) = values.find(|v| v.json != first.json) else {
            continue;
        };
        findings.push(
            cx.finding(
                other.span,
                format!(
                    "`{}` is {}, but the first value of `{}` is {}",
                    other.text,
                    kind_name(other.json),
                    c.clause.key.value,
                    kind_name(first.json)
                ),
            )
            .with_related(first.span, "first value")
            .with_help("write every value of a key in one JSON type; strings are always accepted"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
