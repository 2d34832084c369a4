//! `--format github`: workflow commands that annotate files in GitHub Actions.

use super::*;

fn github_in(dir: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--format", &"github"];
    all.extend_from_slice(args);
    policy_in(dir, &all)
}

#[test]
fn github_prints_one_command_per_finding_then_the_summary() {
    let dir = Scratch::new("github-basic");
    dir.file("policies/broken.json", BROKEN);
    dir.file("policies/clean.json", CLEAN);
    let run = github_in(&dir.0, &[&"policies"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stdout,
        "::error file=policies/broken.json,line=5,col=17,endLine=5,endColumn=24,title=INVALID_EFFECT (invalid-effect)::`allow` is not a valid effect%0Ahelp: `Effect` is case-sensitive: write `Allow`\n\
         checked 2 files: 1 error, 0 warnings, 0 infos in 1 file\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn github_exit_codes_and_levels() {
    let dir = Scratch::new("github-levels");
    dir.file("warn.json", WARNING_ONLY);
    dir.file("clean.json", CLEAN);
    let run = github_in(&dir.0, &[&"warn.json"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .starts_with("::warning file=warn.json,line=1,col=1,endLine=1,endColumn=2,title=MISSING_VERSION (missing-version)::"),
        "{}",
        run.stdout
    );
    assert_eq!(
        github_in(&dir.0, &[&"--fail-on", &"warning", &"warn.json"]).code,
        1
    );
    let run = github_in(&dir.0, &[&"clean.json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "checked 1 file: no problems found\n");

    // Infos are notices.
    dir.file(
        "lattice-policy.toml",
        "[rules]\nALLOW_WITH_NOT_PRINCIPAL = \"info\"\n",
    );
    dir.file(
        "np.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
    );
    let run = github_in(&dir.0, &[&"np.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("::notice file=np.json,"),
        "{}",
        run.stdout
    );
}

#[test]
fn github_escapes_properties_and_messages() {
    let dir = Scratch::new("github-escape");
    dir.file(
        "a,b:c.json",
        "{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"50%off\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"StringNotEqualsIgnoreCase\": {\"aws:PrincipalType\": \"anonymous\"}}}}",
    );
    let run = github_in(&dir.0, &[&"a,b:c.json"]);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("UNSUPPORTED_SID"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        line.starts_with("::warning file=a%2Cb%3Ac.json,line=1,"),
        "{line}"
    );
    let (properties, message) = line.split_once("::").unwrap().1.split_once("::").unwrap();
    assert!(
        properties.ends_with(",title=UNSUPPORTED_SID (unsupported-sid)"),
        "{properties}"
    );
    assert!(message.starts_with("`Sid` `50%25off` has"), "{message}");
    assert!(message.contains("%0Ahelp: "), "{message}");
    assert!(!message.contains('\n'));
}

#[test]
fn github_leaves_out_columns_for_findings_across_lines() {
    let dir = Scratch::new("github-lines");
    dir.file(
        "p.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Principal\": [\n      \"a\"\n    ],\n    \"Action\": \"*\",\n    \"Resource\": \"*\"\n  }\n}\n",
    );
    let run = github_in(&dir.0, &[&"p.json"]);
    assert!(
        run.stdout.starts_with(
            "::error file=p.json,line=5,endLine=7,title=INVALID_PRINCIPAL_FORMAT (invalid-principal-format)::"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn github_reports_unreadable_files() {
    let dir = Scratch::new("github-unreadable");
    dir.file("broken.json", BROKEN);
    let run = github_in(&dir.0, &[&"broken.json", &"missing.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains(
            "::error file=missing.json,title=cannot read::cannot read `missing.json`: no such file or directory\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("1 file could not be read\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn github_names_no_file_for_standard_input() {
    let run = policy_stdin(&[&"check", &"--format", &"github", &"-"], BROKEN.as_bytes());
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("::error line=5,col=17,endLine=5,endColumn=24,title=INVALID_EFFECT"),
        "{}",
        run.stdout
    );
}
