//! The codes `--select` and `--ignore` name: a lint rule's code (any case) or
//! its kebab-case name, as every output prints both and `policy explain`
//! takes either.

use lattice_policy::diagnostic::CodeKind;
use lattice_policy::{fuzzy, lint, registry};

/// The code of the lint rule `given` names after `flag`, or why it names
/// none: a check of another kind (grammar checks always run; expectations
/// and the configuration's checks are not lint rules), or no check at all,
/// with the rule it is closest to.
pub fn rule_code(given: &str, flag: &str) -> Result<&'static str, String> {
    let wanted = given.trim();
    if let Some(info) = registry::find(wanted) {
        let why = match info.kind {
            CodeKind::Rule => return Ok(info.code),
            CodeKind::Grammar => format!(
                "`{}` is a grammar check: grammar checks always run (they decide whether the policy can be read at all), and `--select` and `--ignore` choose among the lint rules only",
                info.code
            ),
            CodeKind::Expectation => format!(
                "`{}` is reported by the expectations (`--never`, `--baseline`), not by a lint rule; it is there exactly when they are given",
                info.code
            ),
            CodeKind::Config => format!(
                "`{}` is a problem of the configuration file, not a lint rule",
                info.code
            ),
            CodeKind::Request => format!(
                "`{}` is a problem of a request's signature (`policy eval --http`, `--curl`), not a lint rule",
                info.code
            ),
        };
        return Err(format!("`{flag} {given}`: {why}"));
    }
    let codes: Vec<&str> = lint::RULES.iter().map(|r| r.info.code).collect();
    let upper = wanted.to_ascii_uppercase().replace('-', "_");
    let hint = fuzzy::best_match(&upper, &codes)
        .or_else(|| fuzzy::abbreviated(&upper, &codes, '_'))
        .map(|code| format!("; did you mean `{code}`?"))
        .unwrap_or_default();
    Err(format!(
        "`{flag} {given}`: no lint rule has this code or name (see `policy rules`){hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_name_rules() {
        assert_eq!(
            rule_code("any-account-access", "--ignore"),
            Ok("ANY_ACCOUNT_ACCESS")
        );
        assert_eq!(
            rule_code("any_account_access", "--ignore"),
            Ok("ANY_ACCOUNT_ACCESS")
        );
        assert_eq!(
            rule_code("ANY_ACCOUNT_ACCESS", "--select"),
            Ok("ANY_ACCOUNT_ACCESS")
        );
    }

    #[test]
    fn other_checks_say_what_they_are() {
        let grammar = rule_code("JSON_SYNTAX_ERROR", "--select").unwrap_err();
        assert!(grammar.contains("grammar checks always run"), "{grammar}");
        let expectation = rule_code("new-access", "--ignore").unwrap_err();
        assert!(expectation.contains("--baseline"), "{expectation}");
    }

    #[test]
    fn near_misses_get_a_suggestion() {
        let abbreviated = rule_code("ANON_ACCESS", "--ignore").unwrap_err();
        assert!(
            abbreviated.ends_with("did you mean `ANONYMOUS_ACCESS`?"),
            "{abbreviated}"
        );
        let misspelt = rule_code("anonymous-acess", "--ignore").unwrap_err();
        assert!(
            misspelt.ends_with("did you mean `ANONYMOUS_ACCESS`?"),
            "{misspelt}"
        );
        let nothing = rule_code("BANANA", "--ignore").unwrap_err();
        assert!(!nothing.contains("did you mean"), "{nothing}");
    }
}
