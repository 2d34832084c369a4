//! Scoped configuration: `[[overrides]]` tables that set `kind`, `rules`,
//! `public` and `private-to` for the files their globs match, and
//! `--show-settings FILE`, which says what applies to one file.

use super::*;

/// Lets anonymous callers in: `ANONYMOUS_ACCESS`, an error by default.
const OPEN: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}"#;

/// Lets any signed caller in: `ANY_ACCOUNT_ACCESS`, a warning unless `private-to` is set.
const ANY_ACCOUNT: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*", "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalType": "Anonymous"}}}]}"#;

/// The `(file name, code, severity)` of every finding of a JSON report.
fn found(report: &Value) -> Vec<(String, String, String)> {
    files(report)
        .iter()
        .flat_map(|f| {
            let name = Path::new(f["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            f["findings"].as_array().unwrap().iter().map(move |x| {
                (
                    name.clone(),
                    x["code"].as_str().unwrap().to_string(),
                    x["severity"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

fn triple(name: &str, code: &str, severity: &str) -> (String, String, String) {
    (name.into(), code.into(), severity.into())
}

#[test]
fn overrides_scope_kind_rules_public_and_private_to_and_later_ones_win() {
    let dir = Scratch::new("overrides");
    dir.file(
        "lattice-policy.toml",
        r#"[rules]
ANONYMOUS_ACCESS = "warning"

[[overrides]]
files = ["legacy/**"]
rules = { ANONYMOUS_ACCESS = "info" }

[[overrides]]
files = ["legacy/status"]
public = true

[[overrides]]
files = ["identity/*.json"]
kind = "identity"

[[overrides]]
files = ["private"]
private-to = ["111122223333"]
"#,
    );
    dir.file("top.json", OPEN);
    dir.file("legacy/old.json", OPEN);
    dir.file("legacy/status/page.json", OPEN);
    dir.file("identity/role.json", OPEN);
    dir.file("private/a.json", ANY_ACCOUNT);
    dir.file("shared.json", ANY_ACCOUNT);
    let run = policy_in(&dir.0, &[&"check", &"--format", &"json", &"."]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        found(&run.json()),
        [
            triple("role.json", "UNSUPPORTED_PRINCIPAL", "error"),
            triple("old.json", "ANONYMOUS_ACCESS", "info"),
            triple("a.json", "ANY_ACCOUNT_ACCESS", "error"),
            triple("shared.json", "ANY_ACCOUNT_ACCESS", "warning"),
            triple("top.json", "ANONYMOUS_ACCESS", "warning"),
        ]
    );

    // `--kind` and `--ignore` on the command line win over every override.
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"--format",
            &"json",
            &"--kind",
            &"auth",
            &"--ignore",
            &"ANY_ACCOUNT_ACCESS",
            &"identity",
            &"private",
        ],
    );
    assert_eq!(
        found(&run.json()),
        [triple("role.json", "ANONYMOUS_ACCESS", "warning")]
    );
}

#[test]
fn identity_overrides_skip_the_expectations_and_say_so() {
    let dir = Scratch::new("overrides-identity");
    dir.file(
        "lattice-policy.toml",
        "never = [\"GET /admin from anonymous\"]\n[[overrides]]\nfiles = [\"identity\"]\nkind = \"identity\"\n",
    );
    dir.file("identity/role.json", IDENTITY);
    let run = policy_in(&dir.0, &[&"check", &"identity"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("not checked on 1 file that the configuration makes identity policies"),
        "{}",
        run.stderr
    );
}

#[test]
fn override_mistakes_are_located() {
    let dir = Scratch::new("overrides-invalid");
    dir.file(
        "lattice-policy.toml",
        r#"[[overrides]]
fils = ["a"]
kind = "identty"
fail-on = "warning"
public = "yes"

[[overrides]]
files = []
rules = { NOPE = "off" }
"#,
    );
    dir.file("a.json", CLEAN);
    let run = policy_in(&dir.0, &[&"check", &"a.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    for expected in [
        "unknown key `fils` in an override",
        "did you mean `files`?",
        "`identty` is not a kind of policy",
        "did you mean `identity`?",
        "`fail-on` cannot be set in an override",
        "`public` in an override is `true` or `false`",
        "this override has no `files`",
        "`files` is empty",
        "no lint rule has the code `NOPE`",
        "lattice-policy.toml:2:1",
    ] {
        assert!(run.stderr.contains(expected), "{expected}:\n{}", run.stderr);
    }
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn show_settings_names_the_file_the_overrides_and_each_setting() {
    let dir = Scratch::new("show-settings");
    dir.file(
        "lattice-policy.toml",
        r#"exclude = ["drafts"]
private-to = ["111122223333"]
analysis-budget = "1s"

[rules]
ALLOW_WITH_NOT_PRINCIPAL = "warning"

[[overrides]]
files = ["legacy/**"]
kind = "identity"
public = true
rules = { REDUNDANT_ACTION = "off" }
"#,
    );
    dir.file("legacy/a.json", CLEAN);
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"--show-settings",
            &"legacy/a.json",
            &"--ignore",
            &"ANONYMOUS_ACCESS",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        &lines[..11],
        [
            "configuration: lattice-policy.toml",
            "file: legacy/a.json",
            "checked: yes",
            "policy: yes",
            "overrides: #1 (line 8)",
            "kind: identity (override #1)",
            "public: yes",
            "private-to: 111122223333",
            "analysis-budget: 1s,128M (analysis-budget)",
            "fail-on: error (default)",
            "rules:",
        ]
    );
    let rule = |code: &str| {
        lines
            .iter()
            .find(|l| l.trim_start().starts_with(&format!("{code} ")))
            .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
    };
    assert_eq!(
        rule("ALLOW_WITH_NOT_PRINCIPAL").as_deref(),
        Some("warning ([rules])")
    );
    assert_eq!(
        rule("REDUNDANT_ACTION").as_deref(),
        Some("off (override #1)")
    );
    assert_eq!(rule("ANONYMOUS_ACCESS").as_deref(), Some("off (--ignore)"));
    assert_eq!(
        rule("ANY_ACCOUNT_ACCESS").as_deref(),
        Some("warning (default)")
    );

    // A file the configuration leaves out, and no configuration at all.
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"--show-settings",
            &"drafts/b.json",
            &"--kind",
            &"auth",
        ],
    );
    assert!(
        run.stdout.contains(
            "checked: no: `include` or `exclude` leaves it out\npolicy: cannot tell: the file no such file or directory\noverrides: none\nkind: auth (--kind)\npublic: no\n"
        ),
        "{}",
        run.stdout
    );
    dir.file("package.json", r#"{"name": "web"}"#);
    let run = policy_in(&dir.0, &[&"check", &"--show-settings", &"package.json"]);
    assert!(
        run.stdout
            .contains("\npolicy: no: no top-level key like `Statement` or `Version`"),
        "{}",
        run.stdout
    );
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"--no-config",
            &"--show-settings",
            &"legacy/a.json",
        ],
    );
    assert!(
        run.stdout
            .starts_with("configuration: none (--no-config)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nkind: auth (default)\n"),
        "{}",
        run.stdout
    );
}
