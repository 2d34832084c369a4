//! `INVALID_VPC_FORMAT`: a `SourceVpc` value that is not a VPC id.

use crate::keys::Domain;
use crate::lint::LintContext;
use crate::model::{BaseOperator, OperatorFamily};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds values of `vpc-lattice-svcs:SourceVpc` and `aws:SourceVpc`, under
    /// `String*` operators, that are not a VPC id: `vpc-` followed by 8 or 17
    /// hexadecimal digits (`vpc-0123456789abcdef0`). Values with wildcards or
    /// policy variables are not checked.
    ///
    /// ### Why is this bad?
    ///
    /// A request's source VPC is always a real VPC id, so any other value
    /// never matches: placeholders such as `vpc-id-for-vpc-1` and ids with a
    /// typo leave an `Allow` granting nothing, or, under `StringNotEquals` in
    /// a `Deny`, shut out every VPC. IAM Access Analyzer reports it as an
    /// error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-id-for-vpc-1"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-0123456789abcdef0"}}}
    /// ```
    pub static RULE = {
        code: INVALID_VPC_FORMAT,
        name: "invalid-vpc-format",
        severity: Error,
        category: Error,
        summary: "a `SourceVpc` condition value is not a VPC id",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":["vpc-0123456789abcdef0","vpc-12345678"]},"StringLike":{"aws:SourceVpc":"vpc-*"},"Null":{"vpc-lattice-svcs:SourceVpc":"false"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"vpc-lattice-svcs:SourceVpc":"VPC-0123456789ABCDEF0"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":["vpc-id-for-vpc-1","vpc-07a9b3662d"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:SourceVpc":"vpc-01a2b3c4d5e6f7g8h"}}}]}"#,
        ],
    };
}

/// `vpc-` and 8 or 17 lower-case hexadecimal digits: the request-key
/// table's domain of `vpc-lattice-svcs:SourceVpc`.
fn is_vpc_id(text: &str) -> bool {
    Domain::VpcId.contains(text)
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in cx.policy().clauses() {
        let key = c.clause.key.value.as_str();
        let base = c.block.operator.value.base;
        if base.family() != OperatorFamily::String
            || !(key.eq_ignore_ascii_case("vpc-lattice-svcs:SourceVpc")
                || key.eq_ignore_ascii_case("aws:SourceVpc"))
        {
            continue;
        }
        let ignore_case = matches!(
            base,
            BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase
        );
        for value in &c.clause.values {
            let text = &value.text;
            if text.contains(['*', '?']) || text.contains("${") {
                continue;
            }
            let valid = if ignore_case {
                is_vpc_id(&text.to_ascii_lowercase())
            } else {
                is_vpc_id(text)
            };
            if valid {
                continue;
            }
            findings.push(
                cx.finding(value.span, format!("`{text}` is not a VPC id"))
                    .with_label("matches no request")
                    .with_help("VPC ids are `vpc-` followed by 8 or 17 lower-case hexadecimal digits, as in `vpc-0123456789abcdef0`"),
            );
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
