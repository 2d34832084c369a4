//! Real policies nobody here wrote, vendored in `tests/corpus/` (where each
//! Lattice policy comes from: `tests/corpus/lattice/SOURCES.md`): a varied sample of AWS managed identity policies
//! (every condition operator spelling the corpus uses, `NotAction`,
//! `NotResource`, policy variables, a statement written as an object, the
//! largest and smallest files) and of public Lattice auth policies.

use std::fmt::Write as _;
use std::path::Path;

use crate::sample::sample;

use lattice_policy::load::{load_bytes, LoadOptions};
use lattice_policy::model::PolicyKind;

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn managed_policies_load_as_identity_policies_without_findings() {
    let files = sample("aws-managed");
    assert!(files.len() >= 30, "the sample has {} files", files.len());
    let options = LoadOptions {
        kind: PolicyKind::Identity,
        ..LoadOptions::default()
    };
    let mut operators = std::collections::BTreeSet::new();
    for path in &files {
        let loaded = load_bytes(&name(path), &std::fs::read(path).unwrap(), options);
        assert!(
            loaded.findings.is_empty(),
            "{}: {:?}",
            name(path),
            loaded.findings
        );
        let policy = loaded.policy.unwrap();
        assert!(!policy.statements.is_empty(), "{}", name(path));
        for statement in &policy.statements {
            assert!(statement.principal.is_none());
            for block in statement.condition.iter().flat_map(|c| &c.blocks) {
                operators.insert(block.operator.to_string());
            }
        }
    }
    // The sample exercises the compositional operator parse, not just StringEquals.
    for op in [
        "ForAllValues:StringLikeIfExists",
        "ForAnyValue:StringNotEquals",
        "BoolIfExists",
        "ArnNotLike",
        "Null",
    ] {
        assert!(
            operators.contains(op),
            "no {op} in the sample: {operators:?}"
        );
    }
}

#[test]
fn managed_policies_checked_as_auth_policies_lack_principals() {
    let path = &sample("aws-managed")[0];
    let loaded = load_bytes(
        &name(path),
        &std::fs::read(path).unwrap(),
        LoadOptions::default(),
    );
    assert!(loaded
        .findings
        .iter()
        .all(|f| f.code() == "MISSING_PRINCIPAL"));
    assert!(!loaded.findings.is_empty());
}

/// The codes each public Lattice policy gets, as a reviewed snapshot: a change
/// in what the tool says about real policies shows up in review.
#[test]
fn lattice_policies_findings() {
    let mut summary = String::new();
    for path in sample("lattice") {
        let bytes = std::fs::read(&path).unwrap();
        let loaded = load_bytes(&name(&path), &bytes, LoadOptions::default());
        let codes: Vec<String> = loaded
            .findings
            .iter()
            .map(|f| {
                let at = loaded.source.position(f.span.offset());
                format!("{}@{}:{}", f.code(), at.line, at.column)
            })
            .collect();
        let statements = loaded.policy.map_or(0, |p| p.statements.len());
        let codes = if codes.is_empty() {
            "no findings".to_string()
        } else {
            codes.join(" ")
        };
        writeln!(summary, "{}: {statements} statements; {codes}", name(&path)).unwrap();
    }
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("corpus__lattice_sample", summary);
    });
}

/// Decision `policy-shaped-json` skips no real policy: every file of both
/// corpora and every bundled example (the broken ones included) is read as a
/// policy, so `policy check` reports on each of them, except the two
/// placeholders a CloudFormation provider's unit tests pass as a policy
/// (`{"Key":"Value"}`), which are no policy (docs/corpus-review.md says so
/// of both) and which a walk now skips.
#[test]
fn every_real_policy_and_example_is_policy_shaped() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["tests/corpus/lattice", "tests/corpus/aws-managed"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            paths.push(entry.unwrap().path());
        }
    }
    for entry in std::fs::read_dir(root.join("policies")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.is_dir() {
            for file in std::fs::read_dir(dir).unwrap() {
                paths.push(file.unwrap().path());
            }
        }
    }
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    assert!(paths.len() > 100, "{}", paths.len());
    let skipped: Vec<String> = paths
        .iter()
        .filter(|p| !lattice_policy::shape::is_policy(&std::fs::read(p).unwrap()))
        .map(|p| p.display().to_string())
        .collect();
    let names: Vec<&str> = skipped
        .iter()
        .map(|p| p.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "006-cfn-provider-test-placeholder-key-value.json",
            "007-cfn-provider-test-placeholder-key2.json"
        ]
    );
}
