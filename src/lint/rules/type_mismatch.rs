//! `TYPE_MISMATCH`: a condition operator that does not fit its key's type.

use crate::catalog::{self, KeyInfo, KeyType};
use crate::lint::LintContext;
use crate::model::ClauseRef;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition operators whose kind does not fit the type of their
    /// key: a `String…` operator on the numeric `vpc-lattice-svcs:Port`, a
    /// `Numeric…` operator on a string key, `Date…` on a key that is not a
    /// date, `Bool` on a key that is not Boolean, `IpAddress` on a key that is
    /// not an IP address, `Arn…` on a key that holds neither ARNs nor text, `BinaryEquals`
    /// on a key that is not binary. Where IAM compares text anyway, the rule
    /// accepts what AWS's own policies write: `String…` operators fit ARN and
    /// Boolean keys, `Arn…` operators fit string keys that hold ARNs
    /// (`kms:EncryptionContext:aws:s3:arn`), and `Numeric…` operators fit
    /// `aws:EpochTime`. `Null` fits every key. Keys the catalog does not know
    /// are left alone.
    ///
    /// ### Why is this bad?
    ///
    /// The operator reads the request's value as its own kind: a port read as
    /// text never equals `"0443"`, a string key read as a number never matches,
    /// a date operator on a string compares nothing. The condition does not
    /// test what it seems to.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"vpc-lattice-svcs:Port": "443"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"NumericEquals": {"vpc-lattice-svcs:Port": "443"}}
    /// ```
    pub static RULE = {
        code: TYPE_MISMATCH,
        name: "type-mismatch",
        severity: Warning,
        category: Warning,
        summary: "a condition operator does not fit the type of its key",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svcs:Port":"443"},"StringEquals":{"vpc-lattice-svcs:ServiceArn":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0","aws:PrincipalTag/team":"payments"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"},"Bool":{"aws:SecureTransport":"true"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"DateGreaterThan":{"aws:CurrentTime":"2024-01-01"},"NumericLessThan":{"aws:EpochTime":"1735689600"},"Null":{"vpc-lattice-svcs:Port":"false","aws:Whatever":"true"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:Port":"443"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svcs:SourceVpcOwnerAccount":"111122223333"},"ArnEquals":{"vpc-lattice-svcs:Port":"443"},"Bool":{"aws:PrincipalType":"true"},"IpAddress":{"aws:PrincipalAccount":"10.0.0.0/8"},"DateLessThan":{"vpc-lattice-svcs:RequestPath":"2024-01-01"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { block, clause, .. } in cx.policy().clauses() {
        let operator = block.operator.value;
        let family = operator.base.family();
        let key = clause.key.value.as_str();
        let Some(info) = catalog::condition_key(key) else {
            continue;
        };
        if fits(family, info) {
            continue;
        }
        let finding = cx
            .finding(
                clause.key.span,
                format!(
                    "`{}` does not fit `{key}`, {}",
                    operator.base.name(),
                    type_phrase(info.ty)
                ),
            )
            .with_related(block.operator.span, "operator")
            .with_help(format!("use {} for this key", suggestion(info.ty)));
        cx.report(finding);
    }
}

/// True when operators of `family` may compare values of `key`.
fn fits(family: OperatorFamily, key: &KeyInfo) -> bool {
    match (family, key.ty) {
        (OperatorFamily::Null, _)
        | (OperatorFamily::String, KeyType::String | KeyType::Arn | KeyType::Bool)
        | (OperatorFamily::Arn, KeyType::String)
        | (OperatorFamily::Numeric, KeyType::Numeric)
        | (OperatorFamily::Date, KeyType::Date)
        | (OperatorFamily::Bool, KeyType::Bool)
        | (OperatorFamily::Binary, KeyType::Binary)
        | (OperatorFamily::Ip, KeyType::Ip)
        | (OperatorFamily::Arn, KeyType::Arn) => true,
        // Seconds since 1970: documented as a date that numeric operators also read.
        (OperatorFamily::Numeric, KeyType::Date) => key.name.eq_ignore_ascii_case("aws:EpochTime"),
        _ => false,
    }
}

fn type_phrase(ty: KeyType) -> &'static str {
    match ty {
        KeyType::String => "a string key",
        KeyType::Numeric => "a numeric key",
        KeyType::Date => "a date key",
        KeyType::Bool => "a Boolean key",
        KeyType::Arn => "an ARN key",
        KeyType::Ip => "an IP address key",
        KeyType::Binary => "a binary key",
    }
}

fn suggestion(ty: KeyType) -> &'static str {
    match ty {
        KeyType::String => "a `String…` operator, such as `StringEquals`,",
        KeyType::Numeric => "a `Numeric…` operator, such as `NumericEquals`,",
        KeyType::Date => "a `Date…` operator, such as `DateGreaterThan`,",
        KeyType::Bool => "`Bool`",
        KeyType::Arn => "an `Arn…` operator, such as `ArnLike`,",
        KeyType::Ip => "`IpAddress` or `NotIpAddress`",
        KeyType::Binary => "`BinaryEquals`",
    }
}
