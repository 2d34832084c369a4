//! `POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA`: an auth policy longer than
//! VPC Lattice accepts.

use crate::diagnostic::Finding;
use crate::lint::LintContext;
use crate::model::PolicyKind;
use crate::span::Span;

/// The most characters an auth policy may have, not counting whitespace
/// outside strings (decision `smallest-size-limit`): the smallest limit the VPC
/// Lattice API documents.
pub const AUTH_POLICY_SIZE_QUOTA: usize = 10_000;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds auth policies longer than 10,000 characters, counted as IAM
    /// counts policy size: without the whitespace between JSON tokens
    /// (whitespace inside strings counts).
    ///
    /// ### Why is this bad?
    ///
    /// VPC Lattice refuses to store a larger auth policy: `PutAuthPolicy`
    /// documents a maximum of 10,000 characters in one version of its
    /// reference and 36,864 in another, and the quota page says 10 KB
    /// This tool takes the smallest limit (decision `smallest-size-limit`).
    /// Identity policies have other quotas and are not checked.
    ///
    /// ### Example
    ///
    /// An auth policy that lists hundreds of principals or paths, one
    /// statement per caller.
    ///
    /// ### Use instead
    ///
    /// Shorten it: allow accounts or an organization instead of listing
    /// roles, test tags or `aws:PrincipalOrgID` in conditions, and merge
    /// statements that differ in one list:
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    /// ```
    pub static RULE = {
        code: POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
        name: "policy-size-exceeds-resource-policy-quota",
        severity: Error,
        category: Warning,
        summary: "an auth policy is longer than the 10,000 characters VPC Lattice accepts",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            LONG_SPACED,
            IDENTITY_LONG,
        ],
        fail: [
            LONG,
        ],
    };
}

/// Test policy: 10,001 characters once whitespace is removed.
const LONG: &str = concat!(
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":""#,
    include_str!("testdata/filler.txt"),
    r#""}}}]}"#
);

/// Test policy: short, padded with whitespace between tokens beyond 10,000 bytes.
const LONG_SPACED: &str = concat!(
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}"#,
    include_str!("testdata/spaces.txt"),
    "]}"
);

/// Test policy: the long one, as an identity policy.
const IDENTITY_LONG: &str = concat!(
    r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":""#,
    include_str!("testdata/filler.txt"),
    r#""}}}]}"#
);

/// Why an auth policy is not analysed, when its text (`text`, the policy's
/// own span) is over the quota: AWS refuses to store it, so what it would
/// allow is moot, and analysing a policy of any size would let one file
/// take a run's time and memory.
pub fn over_quota(kind: PolicyKind, text: &str) -> Option<String> {
    (kind == PolicyKind::Auth && policy_size(text) > AUTH_POLICY_SIZE_QUOTA).then(|| {
        "the policy is over the quota of 10,000 characters, so it is not analysed".to_owned()
    })
}

/// Characters of `text` that count towards the size: all but the whitespace
/// outside strings.
pub fn policy_size(text: &str) -> usize {
    let mut count = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            count += 1;
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_whitespace() {
            count += 1;
            in_string = c == '"';
        }
    }
    count
}

/// The finding for an auth policy of `size` characters written at `span`:
/// also made for a policy in an infrastructure file, whose size as deployed
/// is not the size of its text there.
pub fn size_finding(span: Span, size: usize) -> Finding {
    let opening = Span::new(span.offset(), span.offset() + 1);
    Finding::new(
        &RULE.info,
        opening,
        format!(
            "the policy has {size} characters without whitespace, more than the {AUTH_POLICY_SIZE_QUOTA} VPC Lattice accepts"
        ),
    )
    .with_label("policy starts here")
    // Said once here, so that the silence of the analysis-based rules
    // is not taken for a clean bill (see `over_quota`).
    .with_help("shorten it: allow accounts or an organization instead of listing roles, and merge statements that differ in one list; until then it is not analysed, so who it lets in is not checked")
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    let span = cx.policy().span;
    let size = policy_size(cx.text(span));
    if size <= AUTH_POLICY_SIZE_QUOTA {
        return;
    }
    cx.report(size_finding(span, size));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_leaves_out_whitespace_between_tokens_only() {
        assert_eq!(policy_size("{ \"a b\" : [ 1 ,\n 2 ] }"), 13);
        assert_eq!(policy_size(r#"{"a\"  b":"c"}"#), 14);
        assert_eq!(
            LONG.len() - LONG.bytes().filter(u8::is_ascii_whitespace).count(),
            10_001
        );
        assert_eq!(policy_size(LONG), 10_001);
        assert!(policy_size(LONG_SPACED) < 200 && LONG_SPACED.len() > AUTH_POLICY_SIZE_QUOTA);
    }
}
