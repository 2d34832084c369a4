//! `STATEMENT_NEVER_APPLIES` names the element or clause that can never
//! hold, and gives way to a more specific finding on the same part.

use super::*;

const CORPUS: &str = "tests/corpus/lattice";

/// The findings of `policy check --format json` on one corpus file, with
/// `extra` arguments: (code, line, column, message, help).
fn findings(file: &str, extra: &[&str]) -> Vec<(String, u64, u64, String, String)> {
    let path = format!("{CORPUS}/{file}");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &path, &"--format", &"json"];
    for e in extra {
        args.push(e);
    }
    let run = policy(&args);
    assert!(run.code <= 1, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
                f["help"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn never_applies(
    all: &[(String, u64, u64, String, String)],
) -> Vec<&(String, u64, u64, String, String)> {
    all.iter()
        .filter(|f| f.0 == "STATEMENT_NEVER_APPLIES")
        .collect()
}

#[test]
fn a_key_lattice_never_sends_is_named_and_highlighted() {
    // Corpus 030: `"Bool": {"aws:MultiFactorAuthPresent": "true"}` (line 19).
    let all = findings("030-ngineer-two-statements-mfa-sourceip.json", &[]);
    let found = never_applies(&all);
    assert_eq!(found.len(), 1, "{all:?}");
    let (_, line, column, message, help) = found[0];
    assert_eq!((*line, *column), (19, 11), "the clause, not the statement");
    assert!(
        message.contains("`aws:MultiFactorAuthPresent` is never present in a VPC Lattice request"),
        "{message}"
    );
    assert!(help.contains("global-keys-lattice-fills"), "{help}");
}

#[test]
fn a_federated_principal_is_named_and_highlighted() {
    // Corpus 079: `"Principal": {"Federated": "cognito-identity.amazonaws.com"}`.
    let all = findings("079-cdkalpha-unit-invalid-federated-principal.json", &[]);
    let found = never_applies(&all);
    assert_eq!(found.len(), 1, "{all:?}");
    let (_, line, column, message, help) = found[0];
    assert_eq!((*line, *column), (1, 80), "the principal's value");
    assert!(message.contains("`Federated`"), "{message}");
    assert!(help.contains("under `AWS`"), "{help}");
}

#[test]
fn parts_that_never_hold_together_are_named_together() {
    // Corpus 020: the only principal, role `AdminRole`, never matches the
    // case-sensitive `aws:PrincipalArn` pattern `*admin*`; each holds alone.
    let all = findings(
        "020-tfstack-test-role-principal-arnlike-admin.json",
        &["--select", "STATEMENT_NEVER_APPLIES"],
    );
    let found = never_applies(&all);
    assert_eq!(found.len(), 1, "{all:?}");
    assert!(
        found[0]
            .3
            .contains("`Principal` and `StringLike` on `aws:PrincipalArn` never hold together"),
        "{}",
        found[0].3
    );
}

#[test]
fn a_more_specific_finding_on_the_same_part_is_not_repeated() {
    // Corpus 012: `IMPOSSIBLE_CONDITION_VALUE` on the placeholder
    // organization id already says why the statement never applies.
    let file = "012-multiacct-conn-orgid-orgpaths-doc.json";
    let all = findings(file, &[]);
    assert!(never_applies(&all).is_empty(), "{all:?}");
    assert!(
        all.iter()
            .any(|f| f.0 == "IMPOSSIBLE_CONDITION_VALUE" && f.1 == 10),
        "{all:?}"
    );
    // The policy as a whole still says it lets nothing through.
    assert!(all.iter().any(|f| f.0 == "ALLOWS_NOTHING"), "{all:?}");
    // Alone, the rule blames that clause.
    let alone = findings(file, &["--select", "STATEMENT_NEVER_APPLIES"]);
    let found = never_applies(&alone);
    assert_eq!(found.len(), 1, "{alone:?}");
    assert_eq!((found[0].1, found[0].2), (10, 11), "{alone:?}");
    assert!(
        found[0].3.contains("`aws:PrincipalOrgID`"),
        "{}",
        found[0].3
    );
}
