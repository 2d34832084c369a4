//! Policies handed to a module as inputs: an `auth_policy` attribute of a
//! `module` block, or of an object inside one (the aws-ia VPC Lattice
//! module's `service_network = { auth_type, auth_policy }` and
//! `services = { NAME = { auth_type, auth_policy } }`), located by its path
//! in the call: `module.NAME.services.NAME.auth_policy`.
//!
//! Only a policy that can be read (`jsonencode`, a heredoc, JSON text, a
//! local, a policy document, in this file or a sibling of the module) counts: `auth_policy = var.auth_policy` in a
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

/// What one module block hands over: each policy with the file it is
/// reported in, and the objects holding them as targets (in the block's file).
#[derive(Default)]
struct Found {
    policies: Vec<(usize, FoundPolicy)>,
    targets: Vec<Target>,
}

/// A `module` block being read: where it is written, and the module's
/// files (a policy handed to it may be a local or a document of a sibling).
pub(super) struct Call<'s, 't> {
    pub(super) part: &'s Part<'t>,
    pub(super) index: usize,
    pub(super) files: &'s [ParsedFile<'t>],
    pub(super) options: &'s ExtractOptions,
}

impl Call<'_, '_> {
    /// Adds the policies given to the `module` block `block` to `out`, one
    /// extraction per file of the module: a policy is reported in the file
    /// its document is written in, its target (the object holding it) in
    /// this one. Each policy reported in another file is added to
    /// `borrowed` as (this file, that file, locator).
    pub(super) fn policies(
        &self,
        block: &Block,
        out: &mut [Extraction],
        borrowed: &mut Vec<(usize, usize, String)>,
    ) {
        let [name] = block.labels.as_slice() else {
            return;
        };
        let call = format!("module.{}", name.as_str());
        let mut found = Found::default();
        for attribute in block.body.attributes() {
            let key = attribute.key.value().as_str();
            if key == INPUT {
                self.policy(&attribute.value, &call, None, &mut found);
            } else {
                self.walk(&attribute.value, &format!("{call}.{key}"), 0, &mut found);
            }
        }
        if let Some(here) = out.get_mut(self.index) {
            here.targets.extend(found.targets);
        }
        for (at, policy) in found.policies {
            if at != self.index {
                borrowed.push((self.index, at, policy.locator.clone()));
            }
            if let Some(there) = out.get_mut(at) {
                there.policies.push(policy);
            }
        }
    }

    fn walk(&self, expr: &Expression, path: &str, depth: usize, out: &mut Found) {
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
    fn policy(&self, expr: &Expression, path: &str, holder: Option<&Expression>, out: &mut Found) {
        let reading = read_policy(expr, self.part, self.index, self.files, self.options, 0);
        // Only a policy written here (or in a local or document of this
        // module) is one.
        if reading.root.is_none() {
            return;
        }
        let attached_to = holder.and_then(|holder| self.target(holder, path, out));
        out.policies.push((
            reading.file,
            FoundPolicy {
                locator: format!("{path}.{INPUT}"),
                span: reading.span,
                root: reading.root,
                findings: reading.findings,
                attached_to,
            },
        ));
    }

    /// The object holding a policy, as its target.
    fn target(&self, holder: &Expression, path: &str, out: &mut Found) -> Option<TargetRef> {
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
