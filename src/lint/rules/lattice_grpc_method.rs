//! `LATTICE_GRPC_METHOD`: a method condition other than `POST` on a gRPC path.

use crate::keys;
use crate::lint::lattice::string_case;
use crate::lint::LintContext;
use crate::model::{BaseOperator, ClauseRef, OperatorFamily, PolicyKind, Statement};
use crate::span::Span;
use crate::wildcard::Wildcard;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `vpc-lattice-svcs:RequestMethod` conditions that `POST` does not
    /// satisfy, in statements that plainly target a gRPC method: a `Resource`
    /// or a `vpc-lattice-svcs:RequestPath` value of the form
    /// `/package.Service/Method` (`…/svc-0123456789abcdef0/api.parking/GetRates`).
    ///
    /// ### Why is this bad?
    ///
    /// Every gRPC call is an HTTP/2 `POST`, and VPC Lattice reports its
    /// method as `POST` (docs/semantics.md#protocols). A condition that asks for `GET`
    /// on a gRPC method never holds: an `Allow` grants nothing, a `Deny` stops
    /// nothing.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/api.parking/GetRates",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/api.parking/GetRates"}
    /// ```
    pub static RULE = {
        code: LATTICE_GRPC_METHOD,
        name: "lattice-grpc-method",
        severity: Warning,
        category: Error,
        summary: "a method condition other than `POST` on a gRPC method, whose calls are always `POST`",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/api.parking/GetRates","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"POST"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/v1.0/rates","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/rates","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/api.parking/GetRates","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestPath":"/grpc.health.v1.Health/Check"},"StringNotEquals":{"vpc-lattice-svcs:RequestMethod":"POST"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    for statement in &cx.policy().statements {
        let Some((path, path_span)) = grpc_path(statement) else {
            continue;
        };
        for ClauseRef { block, clause, .. } in statement.clauses() {
            let op = block.operator.value;
            if !clause.key.value.eq_ignore_ascii_case(keys::REQUEST_METHOD)
                || op.base.family() != OperatorFamily::String
                || allows_post(op.base, clause.values.iter().map(|v| v.text.as_str()))
            {
                continue;
            }
            let finding = cx
                .finding(
                    clause.span,
                    format!("gRPC calls are always `POST`, so this `{op}` condition never holds for `{path}`"),
                )
                .with_related(path_span, "a gRPC method")
                .with_help("drop the method condition for gRPC methods, or put the gRPC and HTTP paths in separate statements");
            cx.report(finding);
        }
    }
}

/// Whether the method `POST` satisfies the string operator `base` with these values.
fn allows_post<'a>(base: BaseOperator, values: impl Iterator<Item = &'a str>) -> bool {
    let wildcards = matches!(base, BaseOperator::StringLike | BaseOperator::StringNotLike);
    let case = string_case(base);
    let mut values = values;
    let any = values.any(|v| Wildcard::new(v, wildcards).matches("POST", case));
    any != base.is_negated()
}

/// The first gRPC method path the statement targets, with where it is written.
fn grpc_path(statement: &Statement) -> Option<(String, Span)> {
    if !statement.resource.negated {
        for item in &statement.resource.items {
            if let Some(path) = resource_path(&item.value).filter(|p| is_grpc_path(p)) {
                return Some((path.to_string(), item.span));
            }
        }
    }
    for ClauseRef { block, clause, .. } in statement.clauses() {
        let op = block.operator.value;
        if op.base.is_negated() || !clause.key.value.eq_ignore_ascii_case(keys::REQUEST_PATH) {
            continue;
        }
        if let Some(value) = clause.values.iter().find(|v| is_grpc_path(&v.text)) {
            return Some((value.text.clone(), value.span));
        }
    }
    None
}

/// The request path a `Resource` value names: what follows the service id of a
/// service ARN, or what follows the first `/` of a plain pattern.
fn resource_path(text: &str) -> Option<&str> {
    let after = match text.split_once(":service/") {
        Some((_, rest)) => rest,
        None => text,
    };
    after.find('/').and_then(|i| after.get(i..))
}

/// `/package.Service/Method`: a dotted name of identifiers, then one
/// capitalised identifier.
fn is_grpc_path(path: &str) -> bool {
    let ident = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let Some((service, method)) = rest.split_once('/') else {
        return false;
    };
    let parts: Vec<&str> = service.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| ident(p))
        && ident(method)
        && method.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_paths() {
        assert!(is_grpc_path("/api.parking/GetRates"));
        assert!(is_grpc_path("/grpc.health.v1.Health/Check"));
        assert!(!is_grpc_path("/api.parking/*"));
        assert!(!is_grpc_path("/v1.0/rates"));
        assert!(!is_grpc_path("/rates"));
        assert!(!is_grpc_path("/api.parking/GetRates/x"));
        assert_eq!(
            resource_path("arn:aws:vpc-lattice:r:a:service/svc-1/api.parking/GetRates"),
            Some("/api.parking/GetRates")
        );
        assert_eq!(
            resource_path("*/api.parking/GetRates"),
            Some("/api.parking/GetRates")
        );
    }

    #[test]
    fn post() {
        assert!(allows_post(
            BaseOperator::StringEquals,
            ["POST"].into_iter()
        ));
        assert!(!allows_post(
            BaseOperator::StringEquals,
            ["GET"].into_iter()
        ));
        assert!(!allows_post(
            BaseOperator::StringNotEquals,
            ["POST"].into_iter()
        ));
        assert!(allows_post(
            BaseOperator::StringNotEquals,
            ["GET"].into_iter()
        ));
        assert!(allows_post(BaseOperator::StringLike, ["P*"].into_iter()));
        assert!(allows_post(
            BaseOperator::StringEqualsIgnoreCase,
            ["post"].into_iter()
        ));
    }
}
