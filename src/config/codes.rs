//! The codes of the problems found in a configuration file.
//!
//! `policy check` reports them on standard error, each at its place in
//! `lattice-policy.toml`, and stops with exit status 2 before checking any
//! policy; `policy explain CODE` prints their documentation.

use crate::diagnostic::declare_codes;

declare_codes! {
    /// Every configuration code, in declaration order.
    ALL: Config;

    /// ### What it does
    ///
    /// Reports a configuration file that is not valid TOML: an unclosed
    /// array or string, a missing `=`, a value TOML does not know, a key
    /// defined twice, or bytes that are not UTF-8.
    ///
    /// ### Why is this bad?
    ///
    /// A file that cannot be read says nothing reliable about which rules
    /// run or which files are checked, so `policy check` stops (exit status
    /// 2) rather than guess. Only the syntax errors are reported: what the
    /// rest of the file would have said is not looked at until it parses.
    ///
    /// ### Example
    ///
    /// ```toml
    /// include = ["policies"
    /// fail-on = warning
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```toml
    /// include = ["policies"]
    /// fail-on = "warning"
    /// ```
    CONFIG_SYNTAX_ERROR = ("config-syntax-error", Error, Error, "the configuration file is not valid TOML");

    /// ### What it does
    ///
    /// Reports a top-level key of `lattice-policy.toml` other than `rules`,
    /// `include`, `exclude`, `fail-on`, `never`, `public`, `private-to`,
    /// `analysis-budget`, `kind` and `overrides`, with the closest of them
    /// when the key looks like a misspelling; and, in an `[[overrides]]`
    /// table, a key other than `files`, `kind`, `rules`, `public` and
    /// `private-to` (a key that applies to the whole run, such as `fail-on`,
    /// is said to belong at the top level).
    ///
    /// ### Why is this bad?
    ///
    /// A misspelt key would otherwise be ignored: `fail_on = "warning"` would
    /// leave the run failing on errors only, and `exlude` would check the files
    /// it was meant to skip, without a word. `policy check` stops instead
    /// (exit status 2).
    ///
    /// ### Example
    ///
    /// ```toml
    /// fail_on = "warning"
    /// exlude = ["policies/drafts"]
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```toml
    /// fail-on = "warning"
    /// exclude = ["policies/drafts"]
    /// ```
    UNKNOWN_CONFIG_KEY = ("unknown-config-key", Error, Error, "the configuration file has a key the format does not define");

    /// ### What it does
    ///
    /// Reports a key of the `[rules]` table that is not the code of a lint
    /// rule: a misspelt code (with the closest code), a rule's kebab-case name
    /// written instead of its code, or the code of a grammar check.
    ///
    /// ### Why is this bad?
    ///
    /// A rule the file means to turn off or change would keep running at its
    /// default severity. Grammar checks (`policy rules` lists them apart)
    /// cannot be configured: they report policies that AWS would refuse or
    /// read differently, and always run at their own severity. `policy check`
    /// stops (exit status 2).
    ///
    /// ### Example
    ///
    /// ```toml
    /// [rules]
    /// ALLOW_WITH_NOT_PRINCIPLE = "off"
    /// redundant-action = "off"
    /// MISSING_VERSION = "off"
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```toml
    /// [rules]
    /// ALLOW_WITH_NOT_PRINCIPAL = "off"
    /// REDUNDANT_ACTION = "off"
    /// ```
    UNKNOWN_RULE = ("unknown-rule", Error, Error, "the configuration file names a lint rule that does not exist");

    /// ### What it does
    ///
    /// Reports a value of the wrong type or outside the allowed ones: a rule
    /// level other than `off`, `error`, `warning` or `info`; a `fail-on` other
    /// than `error`, `warning` or `info`; `rules` that is not a table;
    /// `include`, `exclude`, `public`, `never` or `private-to` that is not an
    /// array of strings; a glob that does not parse; a `never` entry that is
    /// not a what-if query; a `private-to` entry that is neither a 12-digit
    /// account id nor an organization id; a `kind` other than `auth` or
    /// `identity`; or an `[[overrides]]` table without `files`, with an empty
    /// `files`, or with a `public` that is not `true` or `false`.
    ///
    /// ### Why is this bad?
    ///
    /// The value cannot be honoured, and any guess (the default level, no
    /// filter) could let a run pass that should fail, or check files that
    /// should be skipped. `policy check` stops (exit status 2).
    ///
    /// ### Example
    ///
    /// ```toml
    /// fail-on = 1
    /// exclude = "policies/drafts"
    ///
    /// [rules]
    /// ALLOW_WITH_NOT_PRINCIPAL = "warn"
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```toml
    /// fail-on = "warning"
    /// exclude = ["policies/drafts"]
    ///
    /// [rules]
    /// ALLOW_WITH_NOT_PRINCIPAL = "warning"
    /// ```
    INVALID_CONFIG_VALUE = ("invalid-config-value", Error, Error, "a configuration value has the wrong type or is not allowed");
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;

    /// The ```` ```toml ```` blocks of a documentation, in order.
    fn toml_blocks(doc: &str) -> Vec<String> {
        let mut blocks = Vec::new();
        let mut current: Option<Vec<&str>> = None;
        for line in doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)) {
            match (&mut current, line.trim_end()) {
                (None, "```toml") => current = Some(Vec::new()),
                (Some(lines), "```") => {
                    blocks.push(lines.join("\n"));
                    current = None;
                }
                (Some(lines), _) => lines.push(line),
                (None, _) => {}
            }
        }
        blocks
    }

    /// Each code's example is reported with that code only, and the file it
    /// suggests instead is valid.
    #[test]
    fn examples_are_reported_and_their_fixes_are_valid() {
        for info in ALL {
            let blocks = toml_blocks(info.doc);
            let [example, instead] = blocks.as_slice() else {
                panic!(
                    "{}: expected an example and a fix, got {blocks:?}",
                    info.code
                );
            };
            let error = Config::parse("c.toml", Path::new("/repo"), example.as_bytes())
                .expect_err(info.code);
            let codes: Vec<&str> = error.findings.iter().map(|f| f.code()).collect();
            assert!(
                !codes.is_empty() && codes.iter().all(|c| *c == info.code),
                "{}: {codes:?}",
                info.code
            );
            assert!(
                Config::parse("c.toml", Path::new("/repo"), instead.as_bytes()).is_ok(),
                "{}: the fix is not valid",
                info.code
            );
        }
    }

    #[test]
    fn problems_of_every_kind_use_these_codes() {
        let error = Config::parse("c.toml", Path::new("/"), b"a = \"\xff\"").unwrap_err();
        assert_eq!(
            error.findings.first().map(|f| f.code()),
            Some("CONFIG_SYNTAX_ERROR")
        );
        let error = Config::parse("c.toml", Path::new("/"), b"a = 1\na = 2\n").unwrap_err();
        assert_eq!(
            error.findings.first().map(|f| f.code()),
            Some("CONFIG_SYNTAX_ERROR")
        );
        let known: Vec<&str> = ALL.iter().map(|c| c.code).collect();
        let text = "fail_on = 1\nfail-on = 2\ninclude = [\"[\"]\n[rules]\nNOPE = \"off\"\n";
        let error = Config::parse("c.toml", Path::new("/"), text.as_bytes()).unwrap_err();
        assert!(error.findings.iter().all(|f| known.contains(&f.code())));
    }
}
