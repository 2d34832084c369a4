//! Pretty-printed JSON written piece by piece: the JSON and SARIF reports
//! write their opening, then each file's entries as the file is checked, then
//! their end, and the pieces read as one `serde_json::to_string_pretty`
//! document would.

use serde::Serialize;

/// The indentation of one nesting level, as `serde_json`'s pretty printer has it.
const INDENT: &str = "  ";

/// `value` pretty-printed for a place `depth` levels deep: every line but the
/// first is indented by `depth` levels (the caller writes what precedes the
/// first). A JSON string never holds a raw newline, so the lines are the
/// document's own.
pub fn at_depth(value: &impl Serialize, depth: usize) -> Result<String, serde_json::Error> {
    let text = serde_json::to_string_pretty(value)?;
    if depth == 0 {
        return Ok(text);
    }
    let indent = INDENT.repeat(depth);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&indent);
        }
        out.push_str(line);
    }
    Ok(out)
}

/// The items of an array `depth` levels deep (the array's own brackets at
/// `depth - 1`), written one at a time: `item` writes `[` before the first
/// and `,` between them, `close` writes `]`, or `[]` when there were none.
#[derive(Debug, Default)]
pub struct Items {
    /// Items written so far.
    pub count: usize,
}

impl Items {
    /// The text that puts `item` (already at its depth) after the previous ones.
    pub fn item(&mut self, item: &str, depth: usize) -> String {
        let lead = if self.count == 0 { "[\n" } else { ",\n" };
        self.count += 1;
        format!("{lead}{}{item}", INDENT.repeat(depth))
    }

    /// The text that ends the array.
    pub fn close(&self, depth: usize) -> String {
        if self.count == 0 {
            "[]".to_string()
        } else {
            format!("\n{}]", INDENT.repeat(depth.saturating_sub(1)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Writing an array item by item gives what the pretty printer gives for the whole.
    #[test]
    fn pieces_read_as_the_whole_document() {
        for items in [
            vec![],
            vec![json!({"a": [1, {}]})],
            vec![json!(1), json!({"b": "x\ny"}), json!([])],
        ] {
            let whole = serde_json::to_string_pretty(&json!({"files": items, "summary": {"n": 2}}))
                .unwrap();
            let mut text = String::from("{\n  \"files\": ");
            let mut array = Items::default();
            for item in &items {
                text.push_str(&array.item(&at_depth(item, 2).unwrap(), 2));
            }
            text.push_str(&array.close(2));
            text.push_str(",\n  \"summary\": ");
            text.push_str(&at_depth(&json!({"n": 2}), 1).unwrap());
            text.push_str("\n}");
            assert_eq!(text, whole);
        }
    }
}
