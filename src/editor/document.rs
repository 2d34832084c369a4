//! Finding the policy under the cursor in any document the editor opens: a
//! standalone policy, or an infrastructure file that holds policies.
//!
//! A standalone policy is read tolerantly ([`context::locate`]). In an
//! infrastructure file, [`crate::iac::extract`] finds each policy and where
//! it was written; a policy written as JSON text verbatim (a YAML block
//! scalar, a Terraform heredoc) is read tolerantly over that stretch of the
//! file, so that it can be broken while it is typed; any other (a YAML
//! mapping, HCL, an escaped JSON string) is located in its extracted tree,
//! whose spans point into the file. Where the file cannot be read, there is
//! no place: nothing is better than a wrong answer.

use std::path::Path;

use super::context::{self, Place, Reach, Step, Token};
use super::{indented, terraform_text};
use crate::iac::{self, ExtractOptions};

/// How the policy under the cursor is written, which decides how a
/// completion writes what it inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON: a standalone policy, a JSON template, a block scalar's or
    /// heredoc's text.
    Json,
    /// YAML mappings and sequences.
    Yaml,
    /// An HCL object expression (`jsonencode({ ... })`).
    Hcl,
}

/// Where the cursor at `offset` of the document at `path` is, when it is
/// in a policy.
pub fn place(path: &Path, text: &str, offset: usize, reach: Reach) -> Option<Place> {
    located(path, text, offset, reach).map(|(place, _)| place)
}

/// [`place`], with how the policy there is written.
pub fn located(path: &Path, text: &str, offset: usize, reach: Reach) -> Option<(Place, Syntax)> {
    if offset > text.len() {
        return None;
    }
    let name = path.to_string_lossy();
    let yaml = iac::is_yaml_name(&name);
    // `*.tf.json` is Terraform written as JSON.
    let hcl = iac::is_terraform_name(&name) && !name.to_ascii_lowercase().ends_with(".json");
    let structured = yaml || iac::is_terraform_name(&name);
    let tree_syntax = if yaml {
        Syntax::Yaml
    } else if hcl {
        Syntax::Hcl
    } else {
        Syntax::Json
    };
    // A value known only at deploy time (`!Sub`) has no answer, which the
    // lines around it must not give either.
    let mut in_tree = false;
    let strict = match iac::extract(&name, text, &ExtractOptions::default()) {
        Some((_, extraction)) => {
            in_tree = extraction.policies.iter().any(|p| {
                p.root.is_some()
                    && p.span.offset() <= offset
                    && offset <= p.span.offset() + p.span.len()
            });
            let found = extraction
                .policies
                .iter()
                .filter(|p| p.span.offset() <= offset && offset <= p.span.offset() + p.span.len())
                .find_map(|p| {
                    let start = p.span.offset();
                    let end = start + p.span.len();
                    verbatim_json(text, start, end, offset, reach)
                        .map(|place| (place, Syntax::Json))
                        .or_else(|| {
                            p.root
                                .as_ref()
                                .and_then(|root| context::locate_in_tree(root, text, offset, reach))
                                .map(|place| (place, tree_syntax))
                        })
                });
            // A JSON template broken while it is typed is recovered resource
            // by resource (iac::recovery); the resource being typed is the one
            // that did not parse, so it is read tolerantly from its policy down.
            match found {
                None if !structured && !extraction.findings.is_empty() => {
                    return Some((standalone(text, offset, reach), Syntax::Json))
                }
                found => found,
            }
        }
        None if structured => None,
        None => return Some((standalone(text, offset, reach), Syntax::Json)),
    };
    // A YAML or HCL file being typed does not parse (or parses without the
    // policy being typed): read it around the cursor instead.
    let lenient = || {
        if yaml {
            indented::locate(text, offset, reach).map(|found| match found {
                indented::Found::Yaml(place) => (place, Syntax::Yaml),
                indented::Found::Json(place) => (place, Syntax::Json),
            })
        } else if hcl {
            terraform_text::locate(text, offset, reach).map(|found| match found {
                terraform_text::Found::Hcl(place) => (place, Syntax::Hcl),
                terraform_text::Found::Json(place) => (place, Syntax::Json),
            })
        } else {
            None
        }
    };
    match strict {
        // Between the tokens of a file that parsed, the tree knows no more
        // than where the mapping is; the lines say where a key is typed.
        // A token the grammar has no place for (in YAML, a key typed alone
        // on the line under `Condition:` continues its value) is read from
        // the lines too.
        Some((place, syntax))
            if syntax == Syntax::Json
                || place.token.is_some() && super::slot::slot(&place).is_some() =>
        {
            Some((place, syntax))
        }
        None if in_tree => None,
        strict => lenient().or(strict),
    }
}

/// A standalone JSON document. One that is an infrastructure file the
/// extractor could not read (a CloudFormation template being typed) is
/// read from its policy down: the path is cut after the last `Policy` or
/// `PolicyDocument` member.
fn standalone(text: &str, offset: usize, reach: Reach) -> Place {
    let mut place = context::locate(text, offset, reach);
    let cut = place
        .path
        .iter()
        .rposition(|s| matches!(s, Step::Key(k) if k == "Policy" || k == "PolicyDocument"));
    if let Some(at) = cut {
        let names_policy = place.path.first().is_some_and(
            |s| matches!(s, Step::Key(k) if k == "Resources" || k == "AWSTemplateFormatVersion"),
        );
        if names_policy {
            place.path.drain(..=at);
        }
    }
    place
}

/// The place when the policy at `start..end` of `text` is JSON written as
/// it is (only indentation around it): a block scalar's or heredoc's content.
fn verbatim_json(
    text: &str,
    start: usize,
    end: usize,
    offset: usize,
    reach: Reach,
) -> Option<Place> {
    let stretch = text.get(start..end)?;
    let open = stretch.find('{')?;
    let head = stretch.get(..open)?;
    // `|`, `|-`, `>` and the like before a block scalar, `<<EOF` or
    // `<<-EOF` before a heredoc; never `=` or `:` (HCL or YAML syntax).
    if head.contains(['=', ':', '"', '\'', '(']) {
        return None;
    }
    let body = stretch.get(open..)?;
    let first: String = body
        .get(1..)?
        .chars()
        .skip_while(|c| c.is_whitespace())
        .take(1)
        .collect();
    // A JSON object's first member starts with a quote (or it is empty);
    // an escaped string (`{\"Version\"`) or HCL (`{ Version = `) does not.
    if !(first == "\"" || first == "}" || first.is_empty()) || body.contains("\\\"") {
        return None;
    }
    let base = start + open;
    let inner = offset.checked_sub(base)?;
    let mut place = context::locate(body, inner, reach);
    place.token = place.token.map(|t| Token {
        range: t.range.start + base..t.range.end + base,
        inner: t.inner.start + base..t.inner.end + base,
        ..t
    });
    Some(place)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::context::Role;

    #[test]
    fn a_kubernetes_block_scalar_is_read_as_json_even_when_broken() {
        let text = "apiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata:\n  name: p\nspec:\n  targetRef:\n    group: gateway.networking.k8s.io\n    kind: Gateway\n    name: g\n  policy: |\n    {\n      \"Version\": \"2012-10-17\",\n      \"Statement\": [{\"Effect\": \"Allow\", \"Cond\n";
        let offset = text.find("Cond").unwrap() + 4;
        let place = place(Path::new("p.yaml"), text, offset, Reach::Gap).unwrap();
        assert_eq!(place.role, Role::Key);
        let token = place.token.unwrap();
        assert_eq!(token.text, "Cond");
        assert_eq!(text.get(token.inner), Some("Cond"));
    }

    #[test]
    fn a_cloudformation_yaml_mapping_is_located_in_its_tree() {
        let text = "Resources:\n  P:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      ResourceIdentifier: svc-0123456789abcdef0\n      Policy:\n        Version: 2012-10-17\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: vpc-lattice-svcs:Invoke\n            Resource: '*'\n";
        let offset = text.find("vpc-lattice-svcs").unwrap() + 3;
        let place = place(Path::new("t.yaml"), text, offset, Reach::Character).unwrap();
        assert_eq!(place.role, Role::Value);
        assert_eq!(
            place.path,
            [
                Step::Key("Statement".into()),
                Step::Index(0),
                Step::Key("Action".into())
            ]
        );
    }

    #[test]
    fn a_broken_json_template_is_read_from_its_policy_down() {
        let text = r#"{"Resources": {"P": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {"Policy": {"Statement": [{"Eff"#;
        let place = place(Path::new("t.json"), text, text.len() - 1, Reach::Gap).unwrap();
        assert_eq!(place.path, [Step::Key("Statement".into()), Step::Index(0)]);
    }
}
