//! `policy schema`: the committed copy is what the tool generates, and an
//! independent validator (Python's `jsonschema`) accepts it as a draft
//! 2020-12 schema, accepts the policies the tool reads without a grammar
//! error, and rejects the broken examples where a schema can tell.
//!
//! AWS managed policies are identity policies, which name no principal, so
//! the auth schema rightly rejects every one of them; they are validated
//! against `policy schema --kind identity`, which differs from the auth
//! schema only in that rule, so the rest of the grammar (every operator
//! spelling, `NotAction`, `NotResource`, a statement written as an object)
//! is tried on 200 real policies.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::PolicyKind;
use lattice_policy::schema;

use crate::tools;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The validator: checks the schema against the 2020-12 meta-schema, then
/// validates each file and prints `{path: [error, ...]}` (`["not JSON"]`
/// for a file that is not JSON).
const VALIDATE: &str = r#"
import json, sys
from jsonschema import Draft202012Validator
schema_path, files = json.load(sys.stdin)
with open(schema_path) as f:
    schema = json.load(f)
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
out = {}
for path in files:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError:
        out[path] = ["not JSON"]
        continue
    out[path] = [e.message for e in validator.iter_errors(doc)]
print(json.dumps(out))
"#;

/// The errors `jsonschema` finds in each file against `schema_file`.
fn validate(schema_file: &Path, files: &[PathBuf]) -> BTreeMap<String, Vec<String>> {
    let python = tools::python_with(&["jsonschema"]);
    let mut child = Command::new(python)
        .args(["-c", VALIDATE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = serde_json::json!([schema_file, files]).to_string();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the validator failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Writes the schema of `kind` to a temporary file.
fn schema_file(kind: PolicyKind, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lattice-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, schema::text(kind)).unwrap();
    path
}

/// True when the tool reads `path` as a policy of `kind` without a grammar error.
fn reads_cleanly(path: &Path, kind: PolicyKind) -> bool {
    let text = std::fs::read_to_string(path).unwrap();
    let loaded = load_str(
        &path.display().to_string(),
        &text,
        LoadOptions {
            kind,
            ..LoadOptions::default()
        },
    );
    loaded.policy.is_some()
        && !loaded
            .findings
            .iter()
            .any(|f| f.severity == lattice_policy::diagnostic::Severity::Error)
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed =
        std::fs::read_to_string(root().join("schema/lattice-auth-policy.schema.json")).unwrap();
    assert!(
        committed == schema::text(PolicyKind::Auth),
        "schema/lattice-auth-policy.schema.json is stale: run `cargo run -- schema --output schema/lattice-auth-policy.schema.json`"
    );
}

#[test]
fn the_cli_prints_the_schema() {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        schema::text(PolicyKind::Auth)
    );
}

/// Every `policy.json` of `policies/` (scenarios and broken examples).
fn example_policies() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path().join("policy.json"))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn examples_are_accepted_and_broken_ones_rejected() {
    let files = example_policies();
    assert!(files.len() >= 10, "{files:?}");
    let results = validate(&schema_file(PolicyKind::Auth, "auth.json"), &files);
    // A duplicated key is invisible once JSON is read into a map, which is
    // what every validator does: the schema cannot tell.
    let invisible = ["broken-duplicate-keys"];
    let mut broken_rejected = 0;
    for file in &files {
        let errors = &results[&file.display().to_string()];
        let dir = file
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        if reads_cleanly(file, PolicyKind::Auth) {
            assert!(errors.is_empty(), "{dir}: {errors:?}");
        } else if !invisible.contains(&dir.as_ref()) {
            assert!(
                !errors.is_empty(),
                "{dir} is broken, but the schema accepts it"
            );
            broken_rejected += 1;
        }
        assert_eq!(
            dir.starts_with("broken-"),
            !reads_cleanly(file, PolicyKind::Auth),
            "{dir}"
        );
    }
    assert!(broken_rejected >= 7, "{broken_rejected}");
}

#[test]
fn misspellings_are_named_by_the_schema() {
    let results = validate(
        &schema_file(PolicyKind::Auth, "auth-misspelt.json"),
        &[root().join("policies/broken-misspelt-elements/policy.json")],
    );
    let errors = results.values().next().unwrap();
    assert!(
        errors.iter().any(|e| e.contains("Additional properties")),
        "{errors:?}"
    );
}

#[test]
fn the_lattice_corpus_agrees_with_the_reader() {
    let files: Vec<PathBuf> = {
        let mut all: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus/lattice"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        all.sort();
        all
    };
    assert!(files.len() >= 90);
    let results = validate(&schema_file(PolicyKind::Auth, "auth-corpus.json"), &files);
    let mut accepted = 0;
    for file in &files {
        let errors = &results[&file.display().to_string()];
        if reads_cleanly(file, PolicyKind::Auth) {
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
            accepted += 1;
        }
    }
    assert!(accepted >= 60, "{accepted}");
}

#[test]
fn managed_identity_policies_fit_the_identity_schema_and_not_the_auth_one() {
    let mut all: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus/aws-managed"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    all.sort();
    // Every seventh file: 200 of the 1,525, spread over the alphabet.
    let files: Vec<PathBuf> = all.into_iter().step_by(7).take(200).collect();
    assert_eq!(files.len(), 200);
    let identity = validate(&schema_file(PolicyKind::Identity, "identity.json"), &files);
    let auth = validate(&schema_file(PolicyKind::Auth, "auth-managed.json"), &files);
    for file in &files {
        let key = file.display().to_string();
        if reads_cleanly(file, PolicyKind::Identity) {
            assert!(identity[&key].is_empty(), "{key}: {:?}", identity[&key]);
        }
        assert!(
            !auth[&key].is_empty(),
            "{key} names no principal, yet fits the auth schema"
        );
    }
}
