//! Which paths the policies tell apart, so that answers can be cached by
//! the class of a record's path instead of the path itself (logs hold ids
//! in paths: `/orders/48213`, each seen once).
//!
//! A policy reads the path in two places only: the resource ARN (service
//! ARN and path) against each `Resource`/`NotResource` pattern, and
//! `vpc-lattice-svcs:RequestPath` in `String*` conditions. Two paths on
//! which every one of those tests gives the same result get the same answer
//! from every statement, so the vector of results is an exact key. Where a
//! policy could read the path otherwise (policy variables, another operator
//! on the path), there are no classes and the path itself is the key.

use crate::eval::{normalize_key, ArnPattern, Context};
use crate::model::{OperatorFamily, Policy};
use crate::wildcard::{Case, Wildcard};

/// The tests the policies apply to a path.
#[derive(Debug)]
pub struct PathClasses {
    resources: Vec<ArnPattern>,
    /// Each `RequestPath` condition value: as a literal and as a pattern.
    values: Vec<(Wildcard, Wildcard)>,
    empty: Context,
}

impl PathClasses {
    /// The path tests of `policies`, or `None` when the path must be keyed
    /// as written.
    pub fn new(policies: &[&Policy]) -> Option<PathClasses> {
        let mut resources = Vec::new();
        let mut values = Vec::new();
        for policy in policies {
            for statement in &policy.statements {
                for item in &statement.resource.items {
                    if item.value.contains("${") {
                        return None;
                    }
                    resources.push(ArnPattern::compile(&item.value, false));
                }
            }
            for c in policy.clauses() {
                if c.clause.values.iter().any(|v| v.text.contains("${")) {
                    return None;
                }
                if normalize_key(&c.clause.key.value) == "vpc-lattice-svcs:requestpath" {
                    if c.block.operator.value.base.family() != OperatorFamily::String {
                        return None;
                    }
                    for v in &c.clause.values {
                        values.push((Wildcard::literal(&v.text), Wildcard::parse(&v.text)));
                    }
                }
            }
        }
        Some(PathClasses {
            resources,
            values,
            empty: Context::new(),
        })
    }

    /// Appends the class of `path` on `service` to `key`: one byte per test.
    /// `resource` is a buffer for the resource ARN, reused from call to call.
    pub fn signature(&self, service: &str, path: &str, key: &mut Vec<u8>, resource: &mut String) {
        resource.clear();
        resource.push_str(service);
        resource.push_str(path);
        for pattern in &self.resources {
            key.push(u8::from(pattern.matches(resource, &self.empty)));
        }
        for (literal, pattern) in &self.values {
            key.push(
                u8::from(literal.matches(path, Case::Sensitive))
                    | u8::from(literal.matches(path, Case::Insensitive)) << 1
                    | u8::from(pattern.matches(path, Case::Sensitive)) << 2,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, LoadOptions};

    fn classes(text: &str) -> Option<PathClasses> {
        let loaded = load_str("p.json", text, LoadOptions::default());
        PathClasses::new(&[loaded.policy.as_ref().unwrap()])
    }

    fn key(c: &PathClasses, path: &str) -> Vec<u8> {
        let mut key = Vec::new();
        c.signature(
            "arn:aws:vpc-lattice:us-west-2:1:service/svc-1",
            path,
            &mut key,
            &mut String::new(),
        );
        key
    }

    #[test]
    fn paths_the_policy_cannot_tell_apart_share_a_class() {
        let c = classes(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
            "Resource": "arn:aws:vpc-lattice:us-west-2:1:service/svc-1/orders/*",
            "Condition": {"StringNotLike": {"vpc-lattice-svcs:RequestPath": "/orders/*/admin"}}}]}"#)
        .unwrap();
        assert_eq!(key(&c, "/orders/1"), key(&c, "/orders/48213"));
        assert_ne!(key(&c, "/orders/1"), key(&c, "/orders/1/admin"));
        assert_ne!(key(&c, "/orders/1"), key(&c, "/billing/1"));
    }

    #[test]
    fn variables_or_other_operators_on_the_path_key_it_as_written() {
        assert!(classes(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
            "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/p": "${vpc-lattice-svcs:RequestPath}"}}}]}"#)
        .is_none());
        assert!(classes(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
            "Resource": "*", "Condition": {"ArnLike": {"vpc-lattice-svcs:RequestPath": "/a"}}}]}"#)
        .is_none());
    }
}
