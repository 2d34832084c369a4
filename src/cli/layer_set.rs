//! The Kubernetes manifests and CloudFormation templates of one `policy
//! check` run, read once before any file is checked, so that a policy's
//! other auth layer in another file of the run is weighed with it: an
//! `IAMAuthPolicy` on a `Gateway` in one manifest and one on a route whose
//! `parentRefs` name that `Gateway` in another, or a template whose
//! service network another template imports (`Fn::ImportValue`).
//!
//! Only what can pair is read: a run of one file reads nothing here, and a
//! file is read further than a text search only when it names a layer.
//! Terraform's files pair within their module instead (`terraform.rs`).

use std::path::Path;

use lattice_policy::iac::{self, file_set::FileSet, kubernetes, ExtractOptions};

use super::inputs::{self, Input, Unusable};

/// The run's manifests and templates that may pair across files; `None`
/// when fewer than two could (nothing to pair). `admits` is the
/// configuration's `include`/`exclude`.
pub fn read(
    expanded: &[Result<Input, Unusable>],
    admits: &dyn Fn(&Path) -> bool,
    max_size: usize,
    options: &ExtractOptions,
) -> Option<FileSet> {
    let candidates: Vec<&Path> = expanded
        .iter()
        .filter_map(|e| match e {
            Ok(Input::File(path)) => Some(path.as_path()),
            _ => None,
        })
        .filter(|path| {
            let name = inputs::display_path(path);
            let lower = name.to_ascii_lowercase();
            (iac::is_yaml_name(&name) || lower.ends_with(".json"))
                && !iac::is_terraform_name(&name)
                && !iac::is_cdk_metadata(&name)
        })
        .filter(|path| admits(path))
        .collect();
    if candidates.len() < 2 {
        return None;
    }
    let mut manifests = Vec::new();
    let mut templates = Vec::new();
    for path in candidates {
        let Ok(bytes) = inputs::read_file(path, max_size) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let name = inputs::display_path(path);
        if kubernetes::mentions_layer(&text) {
            manifests.push((name, text));
        } else if text.contains("AWS::VpcLattice::") {
            templates.push((name, text));
        }
    }
    // Templates pair only through an import of another's export.
    if !templates.iter().any(|(_, t)| t.contains("ImportValue")) {
        templates.clear();
    }
    if manifests.len() < 2 {
        // A template that names a Gateway is read with the templates.
        templates.append(&mut manifests);
    }
    let mut set = FileSet::new(false);
    for (name, text) in manifests.iter().chain(&templates) {
        set.add_text(name, text, options);
    }
    (!set.is_empty()).then_some(set)
}
