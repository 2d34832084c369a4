//! Properties of the JSON reader over many inputs.
//!
//! - It agrees with serde_json on what is JSON: no errors exactly when
//!   serde_json accepts the text, and then the same value. Three known
//!   differences are left out: duplicate keys (serde_json keeps the last),
//!   nesting deeper than `MAX_DEPTH` (serde_json allows 128 levels) and
//!   numbers beyond the range of `f64` (serde_json refuses them).
//! - On mutated policies it never panics, every span lies inside the text on
//!   character boundaries, and errors come in source order.
//!
//! Inputs come from handwritten snippets, from a small generator of documents,
//! from the policies in `tests/data/` and from mutations of them, driven by a
//! fixed-seed xorshift generator so every run reads the same inputs.

use std::fs;
use std::path::{Path, PathBuf};

use crate::sample::sample;
use lattice_policy::json::{
    parse, Node, Parsed, SyntaxError, SyntaxErrorKind, Value, MAX_SYNTAX_ERRORS,
};
use lattice_policy::span::Span;

/// Checks what every result of `parse` must satisfy, whatever the input.
pub fn check_invariants(text: &str, parsed: &Parsed<'_>) {
    let inside = |s: Span| s.slice(text).is_some();
    if let Some(root) = &parsed.root {
        for s in root.spans() {
            assert!(
                inside(s),
                "{text:?}: span {s:?} is outside the text or splits a character"
            );
        }
        check_nodes(text, root);
    }
    for e in &parsed.errors {
        assert!(
            inside(e.span),
            "{text:?}: error span {:?} of {:?}",
            e.span,
            e.kind
        );
        if let Some((r, _)) = e.related {
            assert!(inside(r), "{text:?}: related span {r:?} of {:?}", e.kind);
        }
        check_error_text(text, e);
    }
    assert!(
        parsed
            .errors
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start),
        "{text:?}: errors out of order: {:#?}",
        parsed.errors
    );
    let fatal = parsed.errors.iter().filter(|e| e.kind.is_fatal()).count();
    assert_eq!(
        fatal,
        usize::from(parsed.root.is_none()),
        "{text:?}: {:#?}",
        parsed.errors
    );
    assert!(parsed.errors.len() <= MAX_SYNTAX_ERRORS + 1, "{text:?}");
    assert_eq!(parsed.bom, text.starts_with('\u{feff}'), "{text:?}");
}

/// An error's span covers the text its kind names.
fn check_error_text(text: &str, e: &SyntaxError) {
    use SyntaxErrorKind::*;
    let shown = e.span.slice(text).unwrap();
    let at_end = e.span.is_empty() && e.span.offset() == text.len();
    let ok = match &e.kind {
        Empty | UnexpectedEnd { .. } => at_end,
        MissingComma | MissingColon | MalformedNumber => e.span.is_empty(),
        UnexpectedChar { found, .. } => shown.chars().eq([*found]),
        UnterminatedString => shown.starts_with(['"', '\'']),
        UnterminatedComment => shown.starts_with("/*") && e.span.end as usize == text.len(),
        Comment => shown.starts_with("//") || (shown.starts_with("/*") && shown.ends_with("*/")),
        TrailingComma => shown == ",",
        SingleQuotes => shown.len() >= 2 && shown.starts_with('\'') && shown.ends_with('\''),
        UnquotedKey(w) | BareWord(w) | NonFiniteNumber(w) | InvalidEscape(w) => shown == w,
        LeadingPlus => shown == "+",
        LeadingZero => {
            shown.len() > 1 && shown.starts_with('0') && shown.bytes().all(|b| b.is_ascii_digit())
        }
        ControlCharacter(c) => shown.chars().eq([*c]),
        InvalidUnicodeEscape => shown == "\\u",
        UnpairedSurrogate(u) => shown.eq_ignore_ascii_case(&format!("\\u{u:04x}")),
        DuplicateKey(k) => shown.starts_with(['"', '\'']) || shown == k,
        TrailingContent => !shown.is_empty() && e.span.end as usize == text.len(),
        TooDeep(_) => shown == "[" || shown == "{",
        TooManyErrors(_) => true,
    };
    assert!(ok, "{text:?}: {:?} points at {shown:?}", e.kind);
}

/// Children lie inside their parent, keys before their values, in source
/// order; a number's span ends with its text.
fn check_nodes(text: &str, node: &Node<'_>) {
    let within = |inner: Span, what: &str| {
        assert!(
            node.span.start <= inner.start && inner.end <= node.span.end,
            "{text:?}: {what} {inner:?} is outside its parent {:?}",
            node.span
        );
    };
    match &node.value {
        Value::Number(n) => {
            let written = node.span.slice(text).unwrap();
            assert!(
                written.ends_with(n.as_ref()),
                "{text:?}: number {n:?} written as {written:?}"
            );
        }
        Value::Array(items) => {
            for pair in items.windows(2) {
                assert!(
                    pair[0].span.end <= pair[1].span.start,
                    "{text:?}: items overlap"
                );
            }
            for item in items {
                within(item.span, "item");
                check_nodes(text, item);
            }
        }
        Value::Object(members) => {
            for m in members {
                within(m.key_span, "key");
                within(m.value.span, "value");
                assert!(
                    m.key_span.end <= m.value.span.start,
                    "{text:?}: key after value"
                );
                check_nodes(text, &m.value);
            }
        }
        Value::Null | Value::Bool(_) | Value::String(_) => {}
        Value::Unknown(_) => panic!("{text:?}: the JSON reader produced an unknown value"),
    }
}

/// The tree as a serde_json value (numbers parsed from their text by serde_json).
pub fn to_serde(node: &Node<'_>) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::from_str(n).unwrap_or_else(|e| panic!("number {n:?}: {e}")),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Unknown(expr) => panic!("the JSON reader produced an unknown value {expr:?}"),
        Value::Array(items) => items.iter().map(to_serde).collect(),
        Value::Object(members) => {
            let map: serde_json::Map<_, _> = members
                .iter()
                .map(|m| (m.key.to_string(), to_serde(&m.value)))
                .collect();
            assert_eq!(map.len(), members.len(), "the tree kept a duplicate key");
            serde_json::Value::Object(map)
        }
    }
}

/// Reading `text` reports no error exactly when serde_json accepts it, and
/// then gives the same value. Returns whether the comparison applied.
fn agrees_with_serde(text: &str, parsed: &Parsed<'_>) -> bool {
    let known_difference = parsed.errors.iter().any(|e| {
        matches!(
            e.kind,
            SyntaxErrorKind::DuplicateKey(_) | SyntaxErrorKind::TooDeep(_)
        )
    });
    if known_difference {
        return false;
    }
    // serde_json does not skip a byte-order mark; the reader does, without an error.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    match (
        serde_json::from_str::<serde_json::Value>(body),
        &parsed.root,
    ) {
        (Ok(theirs), Some(root)) if parsed.errors.is_empty() => {
            assert_eq!(to_serde(root), theirs, "{text:?}");
        }
        (Ok(_), _) => panic!(
            "{text:?}: serde_json accepts it, the reader reports {:#?}",
            parsed.errors
        ),
        // serde_json refuses numbers beyond f64; JSON and the reader allow them.
        (Err(e), _)
            if parsed.errors.is_empty() && e.to_string().starts_with("number out of range") =>
        {
            return false;
        }
        (Err(e), _) => {
            assert!(
                !parsed.errors.is_empty(),
                "{text:?}: serde_json refuses it ({e}), the reader accepts it"
            );
        }
    }
    true
}

/// Reads `text` and checks both the invariants and agreement with serde_json.
fn check(text: &str) -> bool {
    let parsed = parse(text);
    check_invariants(text, &parsed);
    agrees_with_serde(text, &parsed)
}

/// xorshift64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// A character from a mix of ASCII, control characters and multi-byte ranges.
    fn char(&mut self) -> char {
        let (lo, hi) = self.pick(&[
            (0x20, 0x7e),
            (0x00, 0x1f),
            (0x7f, 0xff),
            (0x400, 0x4ff),
            (0x4e00, 0x4eff),
            (0xfeff, 0xfeff),
            (0x1f600, 0x1f64f),
        ]);
        char::from_u32(lo + self.below((hi - lo + 1) as usize) as u32).unwrap()
    }
}

const SNIPPETS: &[&str] = &[
    // Accepted by both.
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "-1",
    "10",
    "1.5",
    "-1.5",
    "0.0",
    "1e5",
    "1E5",
    "1e+5",
    "1e-5",
    "-1.5e-3",
    "0e0",
    "123456789012345678901234567890",
    "1.7976931348623157e308",
    "5e-324",
    "1e-400",
    r#""""#,
    r#""a""#,
    r#""\"\\\/\b\f\n\r\t""#,
    r#""\u0000""#,
    r#""\u00e9""#,
    r#""\uD83D\uDE00""#,
    r#""\ud83d\ude00""#,
    "\"\u{7f}\"",
    "\"日本語\"",
    "\"😀\"",
    "[]",
    "{}",
    "[[]]",
    "[{}]",
    "{\"a\":{}}",
    " [ 1 , 2 ] ",
    "\t\n\r{}\r\n",
    "[1,[2,[3,[4]]]]",
    r#"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
    r#"{"":""}"#,
    r#"{"a":1,"A":1}"#,
    r#"[{"a":1},{"a":1}]"#,
    "\u{feff}{}",
    "\u{feff}[1]",
    // Refused by both.
    "",
    " ",
    "\u{feff}",
    "\u{feff}\u{feff}{}",
    "[1,]",
    "{\"a\":1,}",
    "[,]",
    "[1,,2]",
    "{,}",
    "// c\n{}",
    "/* c */{}",
    "{}/**/",
    "{} /*",
    "['a']",
    "{'a':1}",
    "NaN",
    "Infinity",
    "-Infinity",
    "[NaN]",
    "01",
    "-01",
    "00",
    "+1",
    "[+1]",
    "1.",
    "-",
    ".5",
    "1e",
    "1e+",
    "1.e5",
    "0x10",
    "--1",
    "1..2",
    "1e5.5",
    "\"\t\"",
    "\"\u{1}\"",
    "\"\u{1f}\"",
    "\"a\nb\"",
    "\"a\rb\"",
    r#""\x""#,
    r#""\'""#,
    r#""\u12""#,
    r#""\uZZZZ""#,
    r#""\uD800""#,
    r#""\uDC00""#,
    r#""\uD800\u0041""#,
    r#""\uDE00\uD83D""#,
    r#""\"#,
    r#""abc"#,
    "[1 2]",
    r#"{"a":1 "b":2}"#,
    r#"{"a" 1}"#,
    r#"{"a"}"#,
    "{a:1}",
    "[True]",
    "[None]",
    "[undefined]",
    "[Allow]",
    "[tru]",
    "[nulls]",
    "{} x",
    "{}{}",
    "{}}",
    "]",
    "}",
    "[",
    "{",
    "[1",
    "{\"a\":",
    "{\"a\"",
    "[é]",
    "\u{a0}{}",
    "\u{c}{}",
    "[\u{feff}1]",
    "\"\u{2028}\"",
    "[1]\u{0}",
    "{\"a\":1}\u{feff}",
    "tRUE",
    "nul",
];

#[test]
fn numbers_beyond_f64_are_json() {
    let parsed = parse("[1e400, -1e400]");
    assert!(parsed.errors.is_empty(), "{:#?}", parsed.errors);
    let refused = serde_json::from_str::<serde_json::Value>("[1e400]").unwrap_err();
    assert!(
        refused.to_string().starts_with("number out of range"),
        "{refused}"
    );
    assert!(!check("[1e400]"));
}

#[test]
fn agrees_with_serde_json_on_snippets() {
    for text in SNIPPETS {
        assert!(
            check(text),
            "{text:?}: the comparison with serde_json did not apply"
        );
    }
}

/// Writes a random JSON document: varied values, escapes and whitespace, no
/// duplicate keys, nesting below the limit.
fn document(rng: &mut Rng, depth: usize, out: &mut String) {
    let space = |rng: &mut Rng, out: &mut String| {
        while rng.chance(3) {
            out.push(rng.pick(&[' ', '\t', '\n', '\r']));
        }
    };
    space(rng, out);
    match rng.below(if depth > 6 { 4 } else { 6 }) {
        0 => out.push_str(rng.pick(&["null", "true", "false"])),
        1 => {
            if rng.chance(2) {
                out.push('-');
            }
            match rng.below(3) {
                0 => out.push('0'),
                _ => out.push_str(&(1 + rng.below(999_999)).to_string()),
            }
            if rng.chance(3) {
                out.push_str(&format!(".{}", rng.below(1000)));
            }
            if rng.chance(4) {
                let e = rng.pick(&["e", "E", "e+", "e-", "E-"]);
                out.push_str(&format!("{e}{}", rng.below(40)));
            }
        }
        2 | 3 => string(rng, out),
        4 => {
            out.push('[');
            for n in 0..rng.below(5) {
                if n > 0 {
                    out.push(',');
                }
                document(rng, depth + 1, out);
            }
            space(rng, out);
            out.push(']');
        }
        _ => {
            out.push('{');
            for n in 0..rng.below(5) {
                if n > 0 {
                    out.push(',');
                }
                space(rng, out);
                // The member number keeps keys unique.
                let mut key = String::new();
                string(rng, &mut key);
                out.push_str(&key.replacen('"', &format!("\"{n}"), 1));
                space(rng, out);
                out.push(':');
                document(rng, depth + 1, out);
            }
            space(rng, out);
            out.push('}');
        }
    }
    space(rng, out);
}

/// A random valid string, each character written raw or escaped.
fn string(rng: &mut Rng, out: &mut String) {
    out.push('"');
    for _ in 0..rng.below(8) {
        let c = rng.char();
        match c {
            '"' | '\\' => out.push_str(if c == '"' { "\\\"" } else { "\\\\" }),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' || rng.chance(4) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            '/' if rng.chance(2) => out.push_str("\\/"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[test]
fn agrees_with_serde_json_on_generated_documents() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let mut text = String::new();
        document(&mut rng, 0, &mut text);
        let parsed = parse(&text);
        assert!(parsed.errors.is_empty(), "{text:?}: {:#?}", parsed.errors);
        check(&text);
    }
}

fn data_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The policies the mutations start from.
fn seeds() -> Vec<String> {
    let files = [sample("aws-managed"), sample("lattice")].concat();
    assert!(files.len() >= 30, "{} seed policies", files.len());
    files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect()
}

#[test]
fn agrees_with_serde_json_on_seed_policies() {
    for text in seeds() {
        assert!(check(&text), "{text}");
        assert!(parse(&text).errors.is_empty(), "{text}");
    }
}

/// A character boundary of `text` at or before a random byte.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The byte offset `chars` characters after `at`, or the end of `text`.
fn char_end(text: &str, at: usize, chars: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| at + i)
}

/// Damages `text` in one of a few ways, keeping it valid UTF-8.
fn mutate(rng: &mut Rng, text: &mut String) {
    const INSERTS: &[&str] = &[
        ",", "\"", "{", "[", "}", "]", ":", "\\", "/*", "//", "*/", "'", "\n", "\t", " ", "\\u",
        "\\uD800", "e", "-", "+", "0", ".", "NaN", "true", "\u{feff}", "\"a\":1,",
    ];
    let at = boundary(rng, text);
    match rng.below(6) {
        // Replace one character: flip a bit of an ASCII byte, or put a random character.
        0 => {
            if let Some(c) = text[at..].chars().next() {
                let new = if c.is_ascii() && rng.chance(2) {
                    char::from(c as u8 ^ (1 << rng.below(7)))
                } else {
                    rng.char()
                };
                text.replace_range(at..at + c.len_utf8(), new.encode_utf8(&mut [0; 4]));
            }
        }
        1 => {
            let end = char_end(text, at, 1 + rng.below(8));
            text.replace_range(at..end, "");
        }
        2 => text.insert_str(at, rng.pick(INSERTS)),
        3 => text.insert(at, rng.char()),
        4 => text.truncate(at),
        _ => {
            let from = boundary(rng, text);
            let slice = text[from..char_end(text, from, rng.below(40))].to_string();
            let at = boundary(rng, text);
            text.insert_str(at, &slice);
        }
    }
}

#[test]
fn mutated_policies() {
    let seeds = seeds();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut compared, mut total) = (0, 0);
    for round in 0..650 {
        for seed in &seeds {
            let mut text = seed.clone();
            for _ in 0..=rng.below(if round % 10 == 0 { 20 } else { 3 }) {
                mutate(&mut rng, &mut text);
            }
            total += 1;
            if check(&text) {
                compared += 1;
            }
        }
    }
    // The comparison with serde_json must have applied to most inputs.
    assert!(compared * 10 > total * 9, "compared {compared} of {total}");
}
/// Inputs that once broke the reader (see `fuzz/README.md`), each read with
/// the checks above. Like the fuzz target, it skips bytes that are not UTF-8.
#[test]
fn fuzz_regressions() {
    // The JSON reader's inputs; other targets' are in folders of their own
    // (tests/fuzz_regressions.rs).
    let files: Vec<PathBuf> = data_files("fuzz-regressions")
        .into_iter()
        .filter(|f| f.is_file())
        .collect();
    assert!(!files.is_empty());
    for file in files {
        let bytes = fs::read(&file).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            check(text);
        }
    }
}
