//! "Ignore RULE in lattice-policy.toml": the edit that turns a rule off in
//! the configuration the document was checked under, or in a new one
//! beside the document when there is none.
//!
//! The edit is textual and small, so the rest of the file (comments,
//! order) stays as the author wrote it: an existing `RULE = …` line of the
//! top-level `[rules]` table is replaced, else `RULE = "off"` goes right
//! under the `[rules]` header, else a `[rules]` table is appended.

/// Where the change goes in the configuration's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextChange {
    /// The byte range replaced.
    pub start: usize,
    /// Its end.
    pub end: usize,
    /// What replaces it.
    pub text: String,
}

/// The line that turns `code` off.
pub fn off_line(code: &str) -> String {
    format!("{code} = \"off\"")
}

/// The text of a new configuration file that turns `code` off.
pub fn new_file(code: &str) -> String {
    format!("[rules]\n{}\n", off_line(code))
}

/// The change to `text`, a configuration file, that turns `code` off.
pub fn change(text: &str, code: &str) -> TextChange {
    let mut offset = 0;
    let mut in_rules = false;
    let mut header_end = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.starts_with('[') {
            let header = trimmed.split('#').next().unwrap_or("").trim();
            in_rules = header == "[rules]";
            if in_rules && header_end.is_none() {
                header_end = Some(offset);
            }
            continue;
        }
        if in_rules {
            let key = trimmed
                .split('=')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"');
            if trimmed.contains('=') && key == code {
                return TextChange {
                    start,
                    end: start + content.len(),
                    text: off_line(code),
                };
            }
        }
    }
    match header_end {
        Some(at) => {
            // A header on the last line without a break needs one first.
            let lead = if text.get(..at).is_some_and(|t| t.ends_with('\n')) {
                ""
            } else {
                "\n"
            };
            TextChange {
                start: at,
                end: at,
                text: format!("{lead}{}\n", off_line(code)),
            }
        }
        None => {
            let lead = if text.is_empty() {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            TextChange {
                start: text.len(),
                end: text.len(),
                text: format!("{lead}{}", new_file(code)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(text: &str, code: &str) -> String {
        let c = change(text, code);
        let mut out = text.to_string();
        out.replace_range(c.start..c.end, &c.text);
        out
    }

    #[test]
    fn a_rule_goes_under_the_rules_header() {
        let text = "fail-on = \"warning\"\n\n[rules]\nA = \"warning\"\n";
        assert_eq!(
            applied(text, "B"),
            "fail-on = \"warning\"\n\n[rules]\nB = \"off\"\nA = \"warning\"\n"
        );
    }

    #[test]
    fn an_existing_level_is_replaced() {
        let text = "[rules]\nA = \"warning\" # why\n\n[[overrides]]\nfiles = [\"x\"]\nrules = { A = \"error\" }\n";
        assert_eq!(
            applied(text, "A"),
            "[rules]\nA = \"off\"\n\n[[overrides]]\nfiles = [\"x\"]\nrules = { A = \"error\" }\n"
        );
    }

    #[test]
    fn a_table_is_appended_when_there_is_none() {
        assert_eq!(applied("", "A"), "[rules]\nA = \"off\"\n");
        assert_eq!(
            applied("public = []", "A"),
            "public = []\n\n[rules]\nA = \"off\"\n"
        );
        assert_eq!(applied("[rules]", "A"), "[rules]\nA = \"off\"\n");
    }
}
