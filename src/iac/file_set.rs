//! The files whose services, service networks and policies pair across
//! files: a Terraform module's `*.tf` files, or the Kubernetes manifests and
//! CloudFormation templates of one `policy check` run.
//!
//! A file's extraction names targets in the file's own terms. What joins
//! two files differs by kind (decision `layers-across-files`):
//!
//! * a Terraform module's files share one namespace of addresses, so a
//!   service in `service.tf` and its network in `network.tf` are one module's;
//! * Kubernetes names are the cluster's (`Kind/namespace/name`), so an
//!   `IAMAuthPolicy` on a `Gateway` in one manifest and a route whose
//!   `parentRefs` name that `Gateway` in another are one service network and
//!   one of its services;
//! * CloudFormation logical ids are a template's own: a template reaches
//!   another only through an `Fn::ImportValue` of a name the other exports
//!   (`Outputs.*.Export.Name`), so the other template's names are kept
//!   apart, as `FILE#LogicalId`.
//!
//! The set keeps what pairing and weighing need of each file: its targets,
//! associations, exports, and each policy's tree and position.

use std::collections::BTreeSet;

use crate::json::Node;
use crate::source::Source;

use super::{
    kubernetes, Association, Export, ExtractOptions, Extraction, SourceKind, Target, TargetRef,
};

/// The files of a set, as extraction found them.
#[derive(Clone, Debug, Default)]
pub struct FileSet {
    files: Vec<SetFile>,
    /// True when the files are one unit whose names they share (a
    /// Terraform module): no name is kept apart.
    shared: bool,
}

/// One file of a set.
#[derive(Clone, Debug)]
struct SetFile {
    name: String,
    kind: SourceKind,
    targets: Vec<Target>,
    associations: Vec<Association>,
    exports: Vec<Export>,
    policies: Vec<SetPolicy>,
}

/// A policy of a file of the set, for the files that weigh it as their
/// other layer.
#[derive(Clone, Debug)]
pub struct SetPolicy {
    /// The file holding it, as the output names it.
    pub file: String,
    /// Its locator in that file.
    pub locator: String,
    /// Where it starts in that file (1-based line and column).
    pub line: usize,
    /// The column of its first character.
    pub column: usize,
    /// What it says it is attached to.
    pub attached_to: Option<TargetRef>,
    /// Its tree (spans in its own file); `None` when it could not be read.
    pub root: Option<Node<'static>>,
    /// True when extraction found an error in it: it is not evaluated.
    pub broken: bool,
}

impl SetPolicy {
    /// `FILE#LOCATOR`, as `policy eval` and `--network-policy` name it.
    pub fn eval_name(&self) -> String {
        format!("{}#{}", self.file, self.locator)
    }
}

/// The part of the set a file's policies are weighed with: everything of
/// the other files, its names made the checked file's.
#[derive(Clone, Debug, Default)]
pub struct Neighbours {
    /// The other files' targets.
    pub targets: Vec<Target>,
    /// The other files' associations.
    pub associations: Vec<Association>,
    /// The other files' policies, their `attached_to` in the same names.
    pub policies: Vec<SetPolicy>,
    /// For each `Fn::ImportValue` name the checked file uses: the targets
    /// exported under it (none: not in this run; several: ambiguous).
    pub imports: Vec<(String, Vec<String>)>,
    /// Targets defined in more than one file with different service
    /// networks (a route in two overlays): their ways are not known.
    pub ambiguous: BTreeSet<String>,
}

impl FileSet {
    /// An empty set; `shared` when its files share their names (one
    /// Terraform module).
    pub fn new(shared: bool) -> Self {
        FileSet {
            files: Vec::new(),
            shared,
        }
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Adds the file `name` whose text is `text` and extraction `extraction`.
    pub fn add(&mut self, name: &str, text: &str, kind: SourceKind, extraction: &Extraction) {
        let source = Source::new(name, text);
        let policies = extraction
            .policies
            .iter()
            .map(|p| {
                let at = source.position(p.span.offset());
                SetPolicy {
                    file: name.to_owned(),
                    locator: p.locator.clone(),
                    line: at.line,
                    column: at.column,
                    attached_to: p.attached_to.clone(),
                    root: p.root.clone(),
                    broken: p
                        .findings
                        .iter()
                        .any(|f| f.severity == crate::diagnostic::Severity::Error),
                }
            })
            .collect();
        self.files.push(SetFile {
            name: name.to_owned(),
            kind,
            targets: extraction.targets.clone(),
            associations: extraction.associations.clone(),
            exports: extraction.exports.clone(),
            policies,
        });
    }

    /// Reads `text` (the file `name`) into the set when it is a Kubernetes
    /// manifest naming an `IAMAuthPolicy`, a `Gateway` or a route's
    /// `parentRefs`, or a CloudFormation template with VPC Lattice
    /// resources; anything else is left out.
    pub fn add_text(&mut self, name: &str, text: &str, options: &ExtractOptions) {
        if super::is_yaml_name(name) || name.to_ascii_lowercase().ends_with(".json") {
            if kubernetes::mentions_layer(text) && !kubernetes::is_go_template(text) {
                let parsed = super::yaml::parse(text);
                if kubernetes::is_manifest(&parsed.documents) {
                    let extraction =
                        kubernetes::extract_documents(text, &parsed.documents, options);
                    self.add(name, text, SourceKind::Kubernetes, &extraction);
                    return;
                }
            }
            if text.contains("AWS::VpcLattice::") {
                if let Some((SourceKind::CloudFormation, extraction)) =
                    super::extract(name, text, options)
                {
                    self.add(name, text, SourceKind::CloudFormation, &extraction);
                }
            }
        }
    }

    /// What the other files of the set hold for the file `own` (of kind
    /// `kind`, whose extraction is `extraction`), in its names.
    pub fn neighbours(&self, own: &str, kind: SourceKind, extraction: &Extraction) -> Neighbours {
        let mut out = Neighbours::default();
        let others = || {
            self.files
                .iter()
                .filter(move |f| f.name != own && f.kind == kind)
        };
        // CloudFormation names are a template's own: the others' are kept
        // apart, and reached through exports only.
        let apart = kind == SourceKind::CloudFormation && !self.shared;
        let name_of = |file: &SetFile, locator: &str| {
            if apart {
                format!("{}#{locator}", file.name)
            } else {
                locator.to_owned()
            }
        };
        let rename = |file: &SetFile, r: &TargetRef| match r {
            TargetRef::Local(l) => TargetRef::Local(name_of(file, l)),
            other => other.clone(),
        };
        for file in others() {
            out.targets.extend(file.targets.iter().map(|t| Target {
                locator: name_of(file, &t.locator),
                ..t.clone()
            }));
            out.associations
                .extend(file.associations.iter().map(|a| Association {
                    service: rename(file, &a.service),
                    network: rename(file, &a.network),
                }));
            out.policies.extend(file.policies.iter().map(|p| SetPolicy {
                attached_to: p.attached_to.as_ref().map(|r| rename(file, r)),
                ..p.clone()
            }));
        }
        // The exports each import of the checked file names.
        let imported = extraction
            .associations
            .iter()
            .flat_map(|a| [&a.service, &a.network])
            .chain(
                extraction
                    .policies
                    .iter()
                    .filter_map(|p| p.attached_to.as_ref()),
            );
        for r in imported {
            let TargetRef::Imported { export, .. } = r else {
                continue;
            };
            if out.imports.iter().any(|(e, _)| e == export) {
                continue;
            }
            let found: Vec<String> = others()
                .flat_map(|f| {
                    f.exports
                        .iter()
                        .filter(|e| e.name == *export)
                        .map(move |e| name_of(f, &e.target))
                })
                .collect();
            out.imports.push((export.clone(), found));
        }
        if kind == SourceKind::Kubernetes {
            out.ambiguous = redefined(own, extraction, others().collect());
        }
        out
    }
}

/// The routes defined in more than one file (the checked one, `own`, among
/// them or not) whose `parentRefs` differ from one definition to another.
fn redefined(own: &str, extraction: &Extraction, others: Vec<&SetFile>) -> BTreeSet<String> {
    let mut definitions: Vec<(String, String, BTreeSet<String>)> = Vec::new();
    let files = std::iter::once((own, &extraction.targets, &extraction.associations)).chain(
        others
            .into_iter()
            .map(|f| (f.name.as_str(), &f.targets, &f.associations)),
    );
    for (file, targets, associations) in files {
        for target in targets {
            let networks: BTreeSet<String> = associations
                .iter()
                .filter(|a| a.service == TargetRef::Local(target.locator.clone()))
                .filter_map(|a| match &a.network {
                    TargetRef::Local(n) => Some(n.clone()),
                    _ => None,
                })
                .collect();
            definitions.push((file.to_owned(), target.locator.clone(), networks));
        }
    }
    let mut out = BTreeSet::new();
    for (i, (file, locator, networks)) in definitions.iter().enumerate() {
        let differs = definitions
            .iter()
            .skip(i + 1)
            .any(|(f, l, n)| l == locator && f != file && n != networks);
        if differs {
            out.insert(locator.clone());
        }
    }
    out
}
