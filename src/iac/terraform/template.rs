//! Policy JSON written as Terraform text (a heredoc, a quoted string, a
//! string of Terraform JSON syntax), decoded and parsed with every span moved
//! back to where it was written.
//!
//! Terraform reads such text as a template: `${...}` interpolations and
//! `%{...}` directives are evaluated at plan time. The decoding is the one
//! every extractor shares ([`crate::iac::decode`]): each interpolation
//! becomes a hole in the decoded JSON: inside a JSON string, that string
//! becomes [`Value::Unknown`](crate::json::Value::Unknown) with the string
//! as written (its other characters are text, but the value as a whole is
//! not known); outside a string (for example `"Resource":
//! ${jsonencode(var.arns)}`), the JSON value it stands for becomes
//! `Unknown` with the interpolation as written, and the rest of the document
//! is still checked. `${var.NAME}` given with `--var` is substituted
//! (JSON-escaped inside a string).

use crate::iac::decode::hcl;
use crate::iac::ExtractOptions;

pub use crate::iac::decode::template::interpolation_len;
pub use crate::iac::decode::{Parsed, Template as Decoded};

pub use hcl::{heredoc, quoted};

/// Decodes `text` (already decoded from the file) as template text: for a
/// Terraform JSON string.
pub fn template_of<'a>(text: &str, options: &'a ExtractOptions) -> Decoded<'a> {
    let mut decoded = Decoded::new(hcl::terraform(options));
    decoded.feed(text, 0, false);
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{Node, Value};
    use crate::span::Span;

    fn options() -> &'static ExtractOptions {
        Box::leak(Box::default())
    }

    fn at<'t>(file: &'t str, node: &Node<'_>) -> &'t str {
        node.span.slice(file).unwrap_or("")
    }

    fn member<'n>(node: &'n Node<'static>, key: &str) -> &'n Node<'static> {
        match &node.value {
            Value::Object(members) => match members.iter().find(|m| m.key == key) {
                Some(m) => &m.value,
                None => unreachable!("no member {key}"),
            },
            _ => unreachable!("not an object"),
        }
    }

    #[test]
    fn flush_heredoc_strips_indentation_and_maps_back() {
        let file = "x = <<-EOT\n    {\n      \"Effect\": \"Allw\"\n    }\n    EOT\n";
        let start = file.find("<<-").unwrap_or(0);
        let end = file.rfind("EOT").unwrap_or(0) + 3;
        let decoded = heredoc(file, Span::new(start, end), options());
        assert_eq!(decoded.text(), "{\n  \"Effect\": \"Allw\"\n}\n");
        let parsed = decoded.parse(file, &|s| s);
        let root = parsed.root.unwrap_or_else(|| unreachable!());
        let effect = member(&root, "Effect");
        assert_eq!(at(file, effect), "\"Allw\"");
        assert_eq!(effect.span.offset(), file.find("\"Allw\"").unwrap_or(0));
    }

    #[test]
    fn escaped_quoted_string_maps_through_escapes() {
        let file = r#"p = "{\"Effect\": \"Deny\", \"A\": \"\u00e9x\"}""#;
        let start = file.find('"').unwrap_or(0);
        let decoded = quoted(file, Span::new(start, file.len()), options());
        assert_eq!(decoded.text(), "{\"Effect\": \"Deny\", \"A\": \"éx\"}");
        let root = decoded
            .parse(file, &|s| s)
            .root
            .unwrap_or_else(|| unreachable!());
        assert_eq!(at(file, member(&root, "Effect")), r#"\"Deny\""#);
        assert_eq!(at(file, member(&root, "A")), r#"\"\u00e9x\""#);
    }

    #[test]
    fn interpolations_become_unknown_in_and_out_of_strings() {
        let file = "<<EOF\n{\"R\": \"arn:${var.svc}/*\", \"L\": ${jsonencode(local.x)}, \"K\": \"$${lit}\"}\nEOF";
        let decoded = heredoc(file, Span::new(0, file.len()), options());
        let root = decoded
            .parse(file, &|s| s)
            .root
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            member(&root, "R").value,
            Value::Unknown("\"arn:${var.svc}/*\"".into())
        );
        assert_eq!(
            member(&root, "L").value,
            Value::Unknown("${jsonencode(local.x)}".into())
        );
        assert_eq!(at(file, member(&root, "L")), "${jsonencode(local.x)}");
        assert_eq!(member(&root, "K").value, Value::String("${lit}".into()));
    }

    #[test]
    fn given_variables_are_substituted() {
        let file = "<<EOF\n{\"R\": \"${var.arn}\"}\nEOF";
        let mut options = ExtractOptions::default();
        options
            .variables
            .insert("arn".into(), "arn:aws:x\"y".into());
        let decoded = heredoc(file, Span::new(0, file.len()), &options);
        assert!(decoded.is_known());
        let root = decoded
            .parse(file, &|s| s)
            .root
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            member(&root, "R").value,
            Value::String("arn:aws:x\"y".into())
        );
    }
}
