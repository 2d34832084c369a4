//! Random edit sequences: insertions and deletions anywhere, positions
//! inside multi-byte characters and surrogate pairs, positions past the
//! end, several changes per notification, whole-text replacements and
//! messages about documents that are not open. The server never crashes,
//! and its text of each document stays the client's, which this model
//! computes on its own by LSP's rules (UTF-16 columns; a line or column
//! past the end is the end; a column inside a character is its start).

use serde_json::{json, Value};

use super::client::{file_uri, Client};
use super::Scratch;
use crate::rng::Rng;

/// The byte offset of `(line, character)` in `text`, by LSP's rules.
fn model_offset(text: &str, line: usize, character: usize) -> usize {
    // Line starts: after `\n`, after `\r\n`, after a lone `\r`.
    let mut starts = vec![0];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|&(_, n)| n);
        if c == '\n' || (c == '\r' && next != Some('\n')) {
            starts.push(at + 1);
        }
    }
    let Some(&start) = starts.get(line) else {
        return text.len();
    };
    let mut units = 0;
    for (at, c) in text[start..].char_indices() {
        if c == '\n' || c == '\r' {
            return start + at;
        }
        if units + c.len_utf16() > character {
            return start + at;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// A position: usually a real one, sometimes past the end of its line or
/// of the text, sometimes inside a surrogate pair.
fn any_position(rng: &mut Rng, text: &str) -> Value {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = rng.below(lines.len() + 2);
    let width = lines.get(line).map_or(0, |l| l.encode_utf16().count());
    let character = match rng.below(10) {
        0 => width + 1 + rng.below(100),
        1 => usize::MAX >> 33,
        _ => rng.below(width + 1),
    };
    json!({"line": line, "character": character})
}

const PIECES: &[&str] = &[
    "a",
    "{",
    "}",
    "\"",
    ":",
    ",",
    "é",
    "😀",
    "\n",
    "\r\n",
    " ",
    "Statement",
    "\"Effect\": \"Allow\"",
    "ü😀é",
    "\r",
];

#[test]
fn random_edits_keep_the_server_and_client_texts_equal() {
    let scratch = Scratch::new("edits");
    let mut client = Client::start(scratch.path(), &[]);
    client.initialize(scratch.path(), json!({}));
    let uris: Vec<String> = (0..2)
        .map(|i| file_uri(&scratch.path().join(format!("p{i}.json"))))
        .collect();
    let start = "{\"Version\": \"2012-10-17\", \"Id\": \"é😀ü\",\n \"Statement\": [{\"Effect\": \"Allow\",\n \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}]}\n";
    let mut texts: Vec<String> = vec![start.to_string(); 2];
    let mut versions = [1, 1];
    for (uri, text) in uris.iter().zip(&texts) {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }
    let unopened = file_uri(&scratch.path().join("never-opened.json"));
    let mut rng = Rng(0x5eed_1234_abcd);
    for step in 0..400 {
        let d = rng.below(2);
        let (uri, text) = (&uris[d], &mut texts[d]);
        match rng.below(20) {
            // Messages about a document that is not open.
            0 => {
                client.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": unopened, "version": 9},
                           "contentChanges": [{"text": "x"}]}),
                );
                let answer = client.request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": unopened}, "position": {"line": 0, "character": 0}}),
                );
                assert!(answer.get("error").is_some(), "{answer}");
            }
            // The whole text replaced.
            1 => {
                *text = PIECES[rng.below(PIECES.len())].repeat(rng.below(4));
                versions[d] += 1;
                client.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": versions[d]},
                           "contentChanges": [{"text": text}]}),
                );
            }
            // A request at any position of an open document.
            2 => {
                let at = any_position(&mut rng, text);
                let method = ["textDocument/hover", "textDocument/completion"][rng.below(2)];
                let answer = client.request(
                    method,
                    json!({"textDocument": {"uri": uri}, "position": at}),
                );
                assert!(answer.get("error").is_none(), "{method} at {at}: {answer}");
            }
            // One to three range changes, applied in order.
            _ => {
                let mut changes = Vec::new();
                for _ in 0..1 + rng.below(3) {
                    let a = any_position(&mut rng, text);
                    let b = if rng.chance(1, 2) {
                        a.clone()
                    } else {
                        any_position(&mut rng, text)
                    };
                    let (sa, sb) = (
                        model_offset(
                            text,
                            a["line"].as_u64().unwrap() as usize,
                            a["character"].as_u64().unwrap() as usize,
                        ),
                        model_offset(
                            text,
                            b["line"].as_u64().unwrap() as usize,
                            b["character"].as_u64().unwrap() as usize,
                        ),
                    );
                    // A range must not end before it starts: the client
                    // sends them in order.
                    let (start, end, s, e) = if sa <= sb {
                        (a, b, sa, sb)
                    } else {
                        (b, a, sb, sa)
                    };
                    let inserted = if rng.chance(1, 3) {
                        String::new()
                    } else {
                        (0..1 + rng.below(3))
                            .map(|_| PIECES[rng.below(PIECES.len())])
                            .collect()
                    };
                    text.replace_range(s..e, &inserted);
                    changes.push(json!({"range": {"start": start, "end": end}, "text": inserted}));
                }
                versions[d] += 1;
                client.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": versions[d]}, "contentChanges": changes}),
                );
            }
        }
        if step % 25 == 24 {
            for (d, uri) in uris.iter().enumerate() {
                let held = client.request(
                    "lattice-policy/documentText",
                    json!({"textDocument": {"uri": uri}}),
                );
                assert_eq!(held["result"]["text"], texts[d], "step {step}");
                assert_eq!(held["result"]["version"], versions[d]);
            }
        }
    }
    assert!(client.running());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_model_follows_lsp_rules() {
    assert_eq!(model_offset("a😀b", 0, 2), 1);
    assert_eq!(model_offset("a😀b", 0, 3), 5);
    assert_eq!(model_offset("ab\r\ncd", 0, 9), 2);
    assert_eq!(model_offset("ab\r\ncd", 1, 1), 5);
    assert_eq!(model_offset("ab\rcd", 1, 0), 3);
    assert_eq!(model_offset("ab", 5, 0), 2);
}
