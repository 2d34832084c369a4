//! `INVALID_VARIABLE_FOR_OPERATOR`: a policy variable in the value of an
//! operator other than `String*` and `Arn*`.

use super::variables;
use crate::lint::rules::common::part_span;
use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds policy variables in the values of `Numeric*`, `Date*`, `Bool`,
    /// `BinaryEquals`, `IpAddress`/`NotIpAddress` and `Null` conditions.
    ///
    /// ### Why is this bad?
    ///
    /// IAM substitutes variables only in the values of string and ARN
    /// operators. Elsewhere `${aws:EpochTime}` is compared as the literal
    /// text, which is not a number, date, Boolean or address, so the
    /// condition never holds. The IAM documentation contradicts itself about
    /// `Bool`; this tool follows IAM Access Analyzer and reports it there too
    /// (decision `no-variables-in-bool`).
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NumericEquals": {"vpc-lattice-svcs:Port": "${aws:PrincipalTag/port}"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// Compare with fixed values, or with a string operator when the
    /// comparison can be made on text:
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NumericEquals": {"vpc-lattice-svcs:Port": ["443", "8443"]}}}
    /// ```
    pub static RULE = {
        code: INVALID_VARIABLE_FOR_OPERATOR,
        name: "invalid-variable-for-operator",
        severity: Error,
        category: Error,
        summary: "a policy variable is used with an operator that does not substitute it",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"${aws:ResourceAccount}"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::${aws:ResourceAccount}:role/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svcs:Port":"443"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svcs:Port":"${aws:PrincipalTag/port}"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"${aws:PrincipalTag/tls}"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"${aws:PrincipalTag/cidr}"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if !cx.policy().variables_enabled() {
        return;
    }
    let mut findings = Vec::new();
    for c in cx.policy().clauses() {
        let operator = c.block.operator.value;
        if matches!(
            operator.base.family(),
            OperatorFamily::String | OperatorFamily::Arn
        ) {
            continue;
        }
        for value in &c.clause.values {
            for found in variables(&value.text) {
                let at = part_span(cx, value.span, &value.text, found.start, found.end);
                findings.push(
                    cx.finding(
                        at,
                        format!(
                            "the policy variable `{}` is not substituted in `{}` values",
                            found.written,
                            operator.base.name()
                        ),
                    )
                    .with_label("compared as literal text")
                    .with_help("policy variables work only with `String*` and `Arn*` operators; write a fixed value"),
                );
            }
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
