//! `INVALID_ARN_RESOURCE`: a VPC Lattice ARN whose resource part is not a
//! service or service network.

use super::{resource_arns, Arn, LATTICE_ARN_SERVICE};
use crate::lint::rules::common::part_span;
use crate::lint::LintContext;
use crate::model::PolicyKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds VPC Lattice ARNs in the `Resource` or `NotResource` of an auth
    /// policy whose resource part, after the fifth colon, is not
    /// `service/svc-<id>` (optionally followed by `/` and a path) or
    /// `servicenetwork/sn-<id>`, where an id is 17 lower-case letters and
    /// digits. Wildcards are accepted where they can stand for these forms
    /// (`service/*`, `service/svc-0123456789abcdef0/*`).
    ///
    /// ### Why is this bad?
    ///
    /// Every request an auth policy sees has the resource
    /// `arn:aws:vpc-lattice:<region>:<account>:service/svc-<id>/<path>`
    /// (docs/semantics.md#the-requests-action-and-resource). Another resource
    /// type, or a service id that is
    /// a placeholder such as `svc-payment123`, matches no request. IAM Access
    /// Analyzer reports resource parts in the wrong format as errors.
    ///
    /// Identity policies are not checked: there, `vpc-lattice` ARNs also
    /// name target groups, listeners and other control-plane resources.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-payments/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-0123456789abcdef0/*"}
    /// ```
    pub static RULE = {
        code: INVALID_ARN_RESOURCE,
        name: "invalid-arn-resource",
        severity: Error,
        category: Error,
        summary: "a VPC Lattice resource ARN does not name a service or service network",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-0123456789abcdef0","arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-0123456789abcdef0/api.parking/GetRates","arn:aws:vpc-lattice:us-east-1:222222222222:service/*","arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-01234*","arn:aws:vpc-lattice:us-east-1:222222222222:*","arn:aws:vpc-lattice:us-east-1:222222222222:servicenetwork/sn-0123456789abcdef0"]}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice:GetTargetGroup","Resource":"arn:aws:vpc-lattice:us-east-1:222222222222:targetgroup/tg-0123456789abcdef0"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-payments/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-1:222222222222:svc-0123456789abcdef0/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-1:222222222222:servicenetwork/sn-0123456789abcdef0/rates"}]}"#,
        ],
    };
}

/// What is wrong with a resource part.
enum Problem {
    /// Not a service or service network.
    Kind,
    /// The id is malformed: its offset and length in the resource part.
    Id(usize, usize, &'static str),
    /// A service network ARN followed by a path.
    NetworkPath,
}

/// The resource types an auth policy's resource can be, with their id prefix.
const TYPES: [(&str, &str, &str); 2] = [
    ("service/", "svc-", "service"),
    ("servicenetwork/", "sn-", "service network"),
];

/// The length of a VPC Lattice id after its prefix.
const ID_LEN: usize = 17;

fn problem(resource: &str) -> Option<Problem> {
    // Up to the first wildcard or variable, the text is known; after it, anything.
    let cut = [resource.find('*'), resource.find('?'), resource.find("${")]
        .into_iter()
        .flatten()
        .min();
    let (known, open) = match cut {
        Some(i) => (resource.get(..i).unwrap_or(""), true),
        None => (resource, false),
    };
    for (kind, id_prefix, what) in TYPES {
        let prefix = format!("{kind}{id_prefix}");
        if open && prefix.starts_with(known) {
            return None;
        }
        let Some(rest) = known.strip_prefix(prefix.as_str()) else {
            continue;
        };
        let (id, path) = match rest.split_once('/') {
            Some((id, path)) => (id, Some(path)),
            None => (rest, None),
        };
        let chars_ok = id
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
        let complete = path.is_some() || !open;
        let len_ok = if complete {
            id.len() == ID_LEN
        } else {
            id.len() <= ID_LEN
        };
        if !chars_ok || !len_ok {
            return Some(Problem::Id(kind.len(), id_prefix.len() + id.len(), what));
        }
        if what == "service network" && path.is_some() {
            return Some(Problem::NetworkPath);
        }
        return None;
    }
    Some(Problem::Kind)
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    let mut findings = Vec::new();
    for (arn, text, span) in resource_arns(cx) {
        let Arn {
            service, resource, ..
        } = arn;
        if service.text != LATTICE_ARN_SERVICE {
            continue;
        }
        let Some(problem) = problem(resource.text) else {
            continue;
        };
        let finding = match problem {
            Problem::Kind => cx
                .finding(
                    part_span(cx, span, text, resource.start, resource.end()),
                    format!("`{}` is not a VPC Lattice service or service network", resource.text),
                )
                .with_label("matches no request")
                .with_help("the resource part of a service ARN is `service/svc-<id>`, followed by `/<path>`, or `/*` for every path"),
            Problem::Id(offset, len, what) => {
                let start = resource.start + offset;
                let id = text.get(start..start + len).unwrap_or(resource.text);
                cx.finding(
                    part_span(cx, span, text, start, start + len),
                    format!("`{id}` is not a VPC Lattice {what} id"),
                )
                .with_label("matches no request")
                .with_help("ids are `svc-` or `sn-` followed by 17 lower-case letters and digits, as in `svc-0123456789abcdef0`")
            }
            Problem::NetworkPath => cx
                .finding(
                    part_span(cx, span, text, resource.start, resource.end()),
                    format!("the service network resource `{}` has a path", resource.text),
                )
                .with_label("matches no request")
                .with_help("paths belong to services: write `service/svc-<id>/<path>`"),
        };
        findings.push(finding);
    }
    for finding in findings {
        cx.report(finding);
    }
}
