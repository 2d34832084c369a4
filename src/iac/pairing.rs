//! Policies paired with the targets the same file defines: a policy on a
//! target with auth type `NONE` is not enforced, a target with `AWS_IAM`
//! and no policy denies everything, two policies on one target conflict,
//! and some kinds cannot take a policy at all.
//!
//! A finding is made only when the file says enough: a target whose auth
//! type is an expression is never called inactive, and a target is never
//! called policy-less while some policy's target is unknown offline.

use crate::diagnostic::Finding;
use crate::span::Span;

use super::codes;
use super::{Extraction, FoundPolicy, Target, TargetKind, TargetRef};

/// The pairing findings of one file's extraction.
pub fn pair(extraction: &Extraction) -> Vec<Finding> {
    pair_files(&[extraction], "file").pop().unwrap_or_default()
}

/// The pairing findings of several files read together (a Terraform
/// module's `*.tf` files), one list per file: a policy in one file may be
/// attached to a target another file defines. `scope` names what the files
/// are together ("file", "module") in the messages. A finding's related
/// place in another file is named in its message instead, since a finding's
/// spans are in one file.
pub fn pair_files(files: &[&Extraction], scope: &str) -> Vec<Vec<Finding>> {
    let mut findings: Vec<Vec<Finding>> = vec![Vec::new(); files.len()];
    let mut push = |file: usize, finding: Finding| {
        if let Some(list) = findings.get_mut(file) {
            list.push(finding);
        }
    };
    let policies = || {
        files
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.policies.iter().map(move |p| (i, p)))
    };
    let targets = || {
        files
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.targets.iter().map(move |t| (i, t)))
    };
    let target = |name: &str| targets().find(|(_, t)| t.locator == name);
    // The first policy (by where it is written: a policy checked as several
    // variants is one policy) attached to each target.
    let mut first: Vec<(&str, usize, &FoundPolicy)> = Vec::new();
    for (file, policy) in policies() {
        let Some(TargetRef::Local(name)) = &policy.attached_to else {
            continue;
        };
        match first.iter().find(|(n, _, _)| n == name) {
            Some((_, earlier_file, earlier))
                if *earlier_file != file || earlier.span != policy.span =>
            {
                let finding = Finding::new(
                    &codes::DUPLICATE_AUTH_POLICY,
                    opening(policy),
                    format!(
                        "`{}` is a second auth policy on `{name}`, which `{}` is attached to already",
                        policy.locator, earlier.locator
                    ),
                )
                .with_label("the second policy")
                .with_help("a target has one auth policy: merge the two into one");
                let finding = if *earlier_file == file {
                    finding.with_related(opening(earlier), "the first policy")
                } else {
                    finding
                };
                push(file, finding);
                continue;
            }
            Some(_) => continue,
            None => first.push((name, file, policy)),
        }
        let Some((target_file, target)) = target(name) else {
            continue;
        };
        if let Some(finding) = inactive(policy, target, target_file == file) {
            push(file, finding);
        }
    }
    let every_target_known = policies().all(|(_, p)| {
        !matches!(
            p.attached_to,
            Some(TargetRef::Unknown(_) | TargetRef::Imported { .. }) | None
        )
    });
    if every_target_known {
        for (file, target) in targets() {
            let has_policy = first.iter().any(|(n, _, _)| *n == target.locator);
            if target.auth_type.as_deref() == Some("AWS_IAM") && !has_policy {
                push(
                    file,
                    Finding::new(
                        &codes::IAM_AUTH_WITHOUT_POLICY,
                        target.span,
                        format!(
                            "`{}` has auth type AWS_IAM and no auth policy in this {scope}, so VPC Lattice denies every request to it",
                            target.locator
                        ),
                    )
                    .with_help("attach an auth policy to it, or set its auth type to NONE if it is meant to be open"),
                );
            }
        }
    }
    for list in &mut findings {
        list.sort_by_key(|f| f.span.start);
    }
    findings
}

/// The first character of a policy: a finding about the policy as a whole
/// is drawn there rather than over all its lines.
fn opening(policy: &FoundPolicy) -> Span {
    let start = policy.span.offset();
    Span::new(start, (start + 1).min(start + policy.span.len()))
}

/// The finding for a policy whose target cannot enforce it; the target is
/// shown beside it when `same_file` holds.
fn inactive(policy: &FoundPolicy, target: &Target, same_file: bool) -> Option<Finding> {
    let related = |finding: Finding| {
        if same_file {
            finding.with_related(target.span, "the target")
        } else {
            finding
        }
    };
    if let TargetKind::Other(kind) = &target.kind {
        return Some(related(Finding::new(
            &codes::AUTH_POLICY_TARGET_UNSUPPORTED,
            opening(policy),
            format!(
                "`{}` is attached to `{}`, a {kind}, which cannot take an auth policy",
                policy.locator, target.locator
            ),
        )));
    }
    if target.auth_type_unknown || target.auth_type.as_deref().is_some_and(|a| a != "NONE") {
        return None;
    }
    let why = match &target.auth_type {
        Some(_) => "auth type NONE",
        None => "no auth type, which means NONE",
    };
    Some(
        related(Finding::new(
            &codes::AUTH_POLICY_INACTIVE,
            opening(policy),
            format!(
                "`{}` is attached to `{}`, which has {why}: the policy is not enforced",
                policy.locator, target.locator
            ),
        ))
        .with_help("set the target's auth type to AWS_IAM, or remove the policy"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::{cloudformation, ExtractOptions};

    fn codes_of(text: &str) -> Vec<&'static str> {
        let extraction = cloudformation::extract(text, &ExtractOptions::default());
        pair(&extraction).iter().map(|f| f.info.code).collect()
    }

    const POLICY: &str = r#"{"Statement": []}"#;

    #[test]
    fn a_policy_on_a_none_target_is_inactive() {
        let text = format!(
            r#"{{"Resources": {{"S": {{"Type": "AWS::VpcLattice::Service"}},
              "P": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": {{"Ref": "S"}}, "Policy": {POLICY}}}}}}}}}"#
        );
        assert_eq!(codes_of(&text), ["AUTH_POLICY_INACTIVE"]);
    }

    #[test]
    fn an_iam_target_without_policy_and_a_second_policy_are_found() {
        let text = format!(
            r#"{{"Resources": {{"S": {{"Type": "AWS::VpcLattice::Service", "Properties": {{"AuthType": "AWS_IAM"}}}},
              "N": {{"Type": "AWS::VpcLattice::ServiceNetwork", "Properties": {{"AuthType": "AWS_IAM"}}}},
              "P1": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": {{"Ref": "S"}}, "Policy": {POLICY}}}}},
              "P2": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": {{"Fn::GetAtt": ["S", "Arn"]}}, "Policy": {POLICY}}}}}}}}}"#
        );
        let mut found = codes_of(&text);
        found.sort_unstable();
        assert_eq!(found, ["DUPLICATE_AUTH_POLICY", "IAM_AUTH_WITHOUT_POLICY"]);
    }

    #[test]
    fn an_unknown_target_keeps_every_target_from_being_called_policy_less() {
        let text = format!(
            r#"{{"Resources": {{"S": {{"Type": "AWS::VpcLattice::Service", "Properties": {{"AuthType": "AWS_IAM"}}}},
              "P": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": {{"Fn::ImportValue": "x"}}, "Policy": {POLICY}}}}}}}}}"#
        );
        assert!(codes_of(&text).is_empty());
    }
}
