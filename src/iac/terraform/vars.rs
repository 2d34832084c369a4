//! Variable values from a `.tfvars` file (`--var-file`), as `--var NAME=VALUE`
//! gives them: a string as written, any other value as its JSON text (what
//! `${var.NAME}` then renders as, outside a string, in policy JSON text).
//! `*.tfvars.json` files are read as a JSON object.

use std::collections::BTreeMap;

use super::expr::to_node;
use crate::iac::ExtractOptions;
use crate::json::{self, Node, Value};

/// The variables `text` assigns, or why it cannot be read (with the line).
pub fn read_var_file(text: &str) -> Result<BTreeMap<String, String>, String> {
    if super::is_json_syntax(text) {
        let parsed = json::parse(text);
        let Some(Node {
            value: Value::Object(members),
            ..
        }) = parsed.root
        else {
            return Err(match parsed.errors.first() {
                Some(error) => error.kind.message(),
                None => "a JSON variables file must hold one object".to_string(),
            });
        };
        return Ok(members
            .into_iter()
            .filter_map(|m| value_text(&m.value).map(|v| (m.key.into_owned(), v)))
            .collect());
    }
    let body = hcl_edit::parser::parse_body(text).map_err(|error| {
        format!(
            "line {}, column {}: {}",
            error.location().line(),
            error.location().column(),
            error.message()
        )
    })?;
    let none = ExtractOptions::default();
    Ok(body
        .attributes()
        .filter_map(|attribute| {
            let node = to_node(&attribute.value, text, &none);
            value_text(&node).map(|v| (attribute.key.value().to_string(), v))
        })
        .collect())
}

/// A value as `--var` would give it; `None` for one not known offline.
pub(super) fn value_text(node: &Node<'_>) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.to_string()),
        _ => to_json(node).map(|v| v.to_string()),
    }
}

fn to_json(node: &Node<'_>) -> Option<serde_json::Value> {
    Some(match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::from_str(n).ok()?,
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(to_json).collect::<Option<_>>()?)
        }
        Value::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|m| Some((m.key.to_string(), to_json(&m.value)?)))
                .collect::<Option<_>>()?,
        ),
        Value::Unknown(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tfvars_values_read_as_var_gives_them() {
        let vars = read_var_file(
            "account_id = \"111122223333\"\nvpcs = [\"vpc-1\", \"vpc-2\"]\nport = 443\nfrom_env = var.x\n",
        )
        .unwrap_or_default();
        assert_eq!(
            vars.get("account_id").map(String::as_str),
            Some("111122223333")
        );
        assert_eq!(
            vars.get("vpcs").map(String::as_str),
            Some("[\"vpc-1\",\"vpc-2\"]")
        );
        assert_eq!(vars.get("port").map(String::as_str), Some("443"));
        assert!(!vars.contains_key("from_env"));
    }

    #[test]
    fn tfvars_json_and_errors() {
        let vars = read_var_file("{\"region\": \"eu-west-1\", \"n\": 2}").unwrap_or_default();
        assert_eq!(vars.get("region").map(String::as_str), Some("eu-west-1"));
        assert_eq!(vars.get("n").map(String::as_str), Some("2"));
        let error = read_var_file("a = \n").err().unwrap_or_default();
        assert!(error.starts_with("line "), "{error}");
    }
}
