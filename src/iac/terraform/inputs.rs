//! Policies handed to a module as inputs: an `auth_policy` attribute of a
//! `module` block, or of an object inside one (the aws-ia VPC Lattice
//! module's `service_network = { auth_type, auth_policy }` and
//! `services = { NAME = { auth_type, auth_policy } }`), located by its path
//! in the call: `module.NAME.services.NAME.auth_policy`.
//!
//! Only a policy that can be read (`jsonencode`, a heredoc, JSON text, a
//! local, a policy document) counts: `auth_policy = var.auth_policy` in a
//! wrapper module passes a policy written elsewhere, and reporting it would
//! invent a policy. The object holding the policy is its target, named by
//! the same path, with the `auth_type` written beside it.

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::Block;

use super::expr::{span_of, to_node};
use super::{read_policy, ParsedFile, Part};
use crate::iac::{ExtractOptions, Extraction, FoundPolicy, Target, TargetKind, TargetRef};
use crate::json::Value;

/// The attribute a module takes a policy in.
const INPUT: &str = "auth_policy";

/// How deep into a module's object inputs the search goes.
const MAX_DEPTH: usize = 8;

/// Adds the policies given to the `module` block `block` (in `part` of file
/// `index`) to `out`.
pub(super) fn module_policies(
    block: &Block,
    part: &Part<'_>,
    index: usize,
    files: &[ParsedFile<'_>],
    options: &ExtractOptions,
    out: &mut Extraction,
) {
    let [name] = block.labels.as_slice() else {
        return;
    };
    let call = format!("module.{}", name.as_str());
    let search = Search {
        part,
        index,
        files,
        options,
    };
    for attribute in block.body.attributes() {
        let key = attribute.key.value().as_str();
        if key == INPUT {
            search.policy(&attribute.value, &call, None, out);
        } else {
            search.walk(&attribute.value, &format!("{call}.{key}"), 0, out);
        }
    }
}

struct Search<'s, 't> {
    part: &'s Part<'t>,
    index: usize,
    files: &'s [ParsedFile<'t>],
    options: &'s ExtractOptions,
}

impl Search<'_, '_> {
    fn walk(&self, expr: &Expression, path: &str, depth: usize, out: &mut Extraction) {
        let Expression::Object(object) = expr else {
            return;
        };
        if depth >= MAX_DEPTH {
            return;
        }
        for (key, value) in object.iter() {
            let key_text = match key {
                ObjectKey::Ident(ident) => ident.value().to_string(),
                ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                ObjectKey::Expression(_) => continue,
            };
            if key_text == INPUT {
                self.policy(value.expr(), path, Some(expr), out);
            } else {
                self.walk(value.expr(), &format!("{path}.{key_text}"), depth + 1, out);
            }
        }
    }

    /// The policy `expr`, given at `path`; `holder` is the object it is a
    /// member of, which names its target.
    fn policy(
        &self,
        expr: &Expression,
        path: &str,
        holder: Option<&Expression>,
        out: &mut Extraction,
    ) {
        let reading = read_policy(expr, self.part, self.index, self.files, self.options, 0);
        // Only a policy written here (or in a local or document of this
        // module) is one; and it must be reported in this file's extraction.
        if reading.root.is_none() || reading.file != self.index {
            return;
        }
        let attached_to = holder.and_then(|holder| self.target(holder, path, out));
        out.policies.push(FoundPolicy {
            locator: format!("{path}.{INPUT}"),
            span: reading.span,
            root: reading.root,
            findings: reading.findings,
            attached_to,
        });
    }

    /// The object holding a policy, as its target.
    fn target(&self, holder: &Expression, path: &str, out: &mut Extraction) -> Option<TargetRef> {
        let Expression::Object(object) = holder else {
            return None;
        };
        let auth = object.iter().find_map(|(key, value)| {
            let is_auth = matches!(key, ObjectKey::Ident(i) if i.value().as_str() == "auth_type");
            is_auth.then(|| to_node(value.expr(), self.part.text, self.options))
        });
        let (auth_type, auth_type_unknown) = match auth.map(|n| n.value) {
            None => (None, false),
            Some(Value::String(s)) => (Some(s.into_owned()), false),
            Some(_) => (None, true),
        };
        let kind = if path.split('.').any(|p| p == "service_network") {
            TargetKind::ServiceNetwork
        } else {
            TargetKind::Service
        };
        out.targets.push(Target {
            locator: path.to_string(),
            kind,
            auth_type,
            auth_type_unknown,
            span: self.part.shift(span_of(holder)),
        });
        Some(TargetRef::Local(path.to_string()))
    }
}
