//! The JSON reader case by case: what it accepts, and for each deviation the
//! error it reports and the exact bytes it points at.
//!
//! Each case is one line. `accept!` reads without errors (and, given a
//! `json!` value, to that value); `reject!` reads with exactly one error of the
//! given kind at the given span (and `related` span, if any); `errors!` lists
//! every error of an input in order; `span_of!` and `key_span_of!` pin the span
//! of the value or key at a JSON pointer. Every read also goes through
//! `check_invariants` (spans inside the text and on character boundaries,
//! errors in source order, a tree exactly when no error is fatal).

use std::ops::Range;
use std::time::{Duration, Instant};

use lattice_policy::json::SyntaxErrorKind::*;
use lattice_policy::json::{
    parse, Member, Node, Parsed, SyntaxError, Value, MAX_DEPTH, MAX_SYNTAX_ERRORS,
};
use lattice_policy::span::Span;
use serde_json::json;

use crate::json_properties::{check_invariants, to_serde};

/// Parses `text` and checks the invariants every result must keep.
fn read(text: &str) -> Parsed<'_> {
    let parsed = parse(text);
    check_invariants(text, &parsed);
    parsed
}

fn span(r: Range<usize>) -> Span {
    Span::new(r.start, r.end)
}

/// The only error reading `text` reports; the tree is missing exactly when it is fatal.
fn only_error(text: &str) -> SyntaxError {
    let parsed = read(text);
    assert_eq!(parsed.errors.len(), 1, "{text:?}: {:#?}", parsed.errors);
    let error = parsed.errors[0].clone();
    assert_eq!(parsed.root.is_none(), error.kind.is_fatal(), "{text:?}");
    error
}

/// The member whose key is the last segment of `pointer` (`/Statement/0/Effect`).
fn member_at<'n, 'a>(root: &'n Node<'a>, pointer: &str) -> &'n Member<'a> {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match &node_at(root, parent).value {
        Value::Object(members) => members.iter().find(|m| m.key == key).unwrap(),
        other => panic!("{parent:?} is a {}, not an object", other.type_name()),
    }
}

/// The node at a JSON pointer; `""` is the root.
fn node_at<'n, 'a>(root: &'n Node<'a>, pointer: &str) -> &'n Node<'a> {
    if pointer.is_empty() {
        return root;
    }
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    match &node_at(root, parent).value {
        Value::Array(items) => &items[last.parse::<usize>().unwrap()],
        Value::Object(_) => &member_at(root, pointer).value,
        other => panic!("{parent:?} is a {}", other.type_name()),
    }
}

macro_rules! accept {
    ($name:ident, $text:expr) => {
        #[test]
        fn $name() {
            let text = String::from($text);
            let parsed = read(&text);
            assert!(parsed.errors.is_empty(), "{text:?}: {:#?}", parsed.errors);
            assert!(parsed.root.is_some());
        }
    };
    ($name:ident, $text:expr, $value:expr) => {
        #[test]
        fn $name() {
            let text = String::from($text);
            let parsed = read(&text);
            assert!(parsed.errors.is_empty(), "{text:?}: {:#?}", parsed.errors);
            assert_eq!(to_serde(parsed.root.as_ref().unwrap()), $value, "{text:?}");
        }
    };
}

macro_rules! reject {
    ($name:ident, $text:expr, $kind:pat, $span:expr, related $related:expr) => {
        #[test]
        fn $name() {
            let text = String::from($text);
            let error = only_error(&text);
            assert!(
                matches!(error.kind, $kind),
                "{text:?}: got {:?}",
                error.kind
            );
            assert_eq!(
                error.span,
                span($span),
                "{text:?}: span of {:?}",
                error.kind
            );
            assert_eq!(
                error.related.map(|(s, _)| s),
                Some(span($related)),
                "{text:?}"
            );
        }
    };
    ($name:ident, $text:expr, $kind:pat, $span:expr) => {
        #[test]
        fn $name() {
            let text = String::from($text);
            let error = only_error(&text);
            assert!(
                matches!(error.kind, $kind),
                "{text:?}: got {:?}",
                error.kind
            );
            assert_eq!(
                error.span,
                span($span),
                "{text:?}: span of {:?}",
                error.kind
            );
            assert_eq!(error.related, None, "{text:?}");
        }
    };
}

macro_rules! errors {
    ($name:ident, $text:expr, [$(($kind:pat, $span:expr)),+ $(,)?]) => {
        #[test]
        fn $name() {
            let text = String::from($text);
            let parsed = read(&text);
            let mut found = parsed.errors.iter();
            $(
                let error = found
                    .next()
                    .unwrap_or_else(|| panic!("{text:?}: too few errors: {:#?}", parsed.errors));
                assert!(matches!(error.kind, $kind), "{text:?}: got {:#?}", parsed.errors);
                assert_eq!(error.span, span($span), "{text:?}: span of {:?}", error.kind);
            )+
            assert!(found.next().is_none(), "{text:?}: more errors: {:#?}", parsed.errors);
        }
    };
}

macro_rules! span_of {
    ($name:ident, $text:expr, $pointer:expr, $span:expr) => {
        #[test]
        fn $name() {
            let text = String::from($text);
            let parsed = read(&text);
            let node = node_at(parsed.root.as_ref().unwrap(), $pointer);
            assert_eq!(node.span, span($span), "{text:?} at {:?}", $pointer);
        }
    };
}

macro_rules! key_span_of {
    ($name:ident, $text:expr, $pointer:expr, $span:expr) => {
        #[test]
        fn $name() {
            let text = String::from($text);
            let parsed = read(&text);
            let member = member_at(parsed.root.as_ref().unwrap(), $pointer);
            assert_eq!(member.key_span, span($span), "{text:?} at {:?}", $pointer);
        }
    };
}

// Every kind of value.
accept!(null, "null", json!(null));
accept!(literal_true, "true", json!(true));
accept!(literal_false, "false", json!(false));
accept!(zero, "0", json!(0));
accept!(minus_zero, "-0");
accept!(integer, "2012", json!(2012));
accept!(negative, "-17", json!(-17));
accept!(fraction, "1.5", json!(1.5));
accept!(zero_fraction, "0.25", json!(0.25));
accept!(exponent, "1e3", json!(1000.0));
accept!(exponent_upper_plus, "1E+2", json!(100.0));
accept!(exponent_minus, "25e-2", json!(0.25));
accept!(everything_number, "-1.5e3", json!(-1500.0));
accept!(zero_exponent, "0e0", json!(0.0));
accept!(big_integer, "123456789012345678901234567890");
accept!(
    string,
    r#""vpc-lattice-svcs:Invoke""#,
    json!("vpc-lattice-svcs:Invoke")
);
accept!(empty_string, r#""""#, json!(""));
accept!(empty_array, "[]", json!([]));
accept!(empty_object, "{}", json!({}));
accept!(nested_array, "[[1],[2]]", json!([[1], [2]]));
accept!(
    array_of_everything,
    r#"[null, true, false, 0, "s", [], {}]"#,
    json!([null, true, false, 0, "s", [], {}])
);
accept!(
    policy,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333"]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericLessThan":{"k":100}}}]}"#,
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["111122223333"]}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*", "Condition": {"NumericLessThan": {"k": 100}}}]})
);
accept!(
    empty_containers_with_space,
    "{ \"a\" : [ ] , \"b\" : { } }",
    json!({"a": [], "b": {}})
);

// Escapes.
accept!(
    escapes_simple,
    r#""\"\\\/\b\f\n\r\t""#,
    json!("\"\\/\u{8}\u{c}\n\r\t")
);
accept!(escape_unicode_bmp, r#""\u00e9\u4E2D""#, json!("é中"));
accept!(escape_unicode_nul, r#""\u0000""#, json!("\u{0}"));
accept!(escape_surrogate_pair, r#""\uD83D\uDE00""#, json!("😀"));
accept!(
    escape_surrogate_pair_lowercase,
    r#""\ud83d\ude00""#,
    json!("😀")
);
accept!(escape_between_text, r#""a\"b\\c""#, json!("a\"b\\c"));
accept!(escaped_key, r#"{"k\u00e9y": 1}"#, json!({"kéy": 1}));

// Whitespace and text outside ASCII.
accept!(
    whitespace_all_kinds,
    " \t\n\r{ \"a\" :\t[ 1 ,\r\n2 ] }\r\n ",
    json!({"a": [1, 2]})
);
accept!(crlf_document, "{\r\n  \"a\": 1\r\n}\r\n", json!({"a": 1}));
accept!(raw_del_in_string, "\"a\u{7f}b\"", json!("a\u{7f}b"));
accept!(
    non_ascii_value,
    r#"{"ключ": "значение 日本 😀"}"#,
    json!({"ключ": "значение 日本 😀"})
);
accept!(non_ascii_after_escape, r#""\n日本""#, json!("\n日本"));
accept!(same_key_in_sibling_objects, r#"[{"a":1},{"a":2}]"#);
accept!(
    keys_differing_in_case,
    r#"{"a":1,"A":2}"#,
    json!({"a": 1, "A": 2})
);
accept!(bom, "\u{feff}{}", json!({}));

// Spans: strings and keys include their quotes.
span_of!(root_span_skips_whitespace, " \t\n\r[ 1 ]\r\n ", "", 4..9);
span_of!(array_item_span, " \t\n\r[ 1 ]\r\n ", "/0", 6..7);
span_of!(number_span, r#"[10, -1.5e3, "x"]"#, "/1", 5..11);
span_of!(string_span, r#"[10, -1.5e3, "x"]"#, "/2", 13..16);
span_of!(value_span, r#"{"Effect": "Allow"}"#, "/Effect", 11..18);
key_span_of!(key_span, r#"{"Effect": "Allow"}"#, "/Effect", 1..9);
span_of!(object_span, r#"{"a": {"b": [true, null]}}"#, "/a", 6..25);
span_of!(
    nested_array_span,
    r#"{"a": {"b": [true, null]}}"#,
    "/a/b",
    12..24
);
span_of!(
    literal_span,
    r#"{"a": {"b": [true, null]}}"#,
    "/a/b/1",
    19..23
);
key_span_of!(
    nested_key_span,
    r#"{"a": {"b": [true, null]}}"#,
    "/a/b",
    7..10
);
key_span_of!(escaped_key_span, r#"{"k\u00e9y": "a\nb"}"#, "/kéy", 1..11);
span_of!(
    escaped_value_span,
    r#"{"k\u00e9y": "a\nb"}"#,
    "/kéy",
    13..19
);
key_span_of!(
    non_ascii_key_span,
    r#"{"ключ": "значение"}"#,
    "/ключ",
    1..11
);
span_of!(
    non_ascii_value_span,
    r#"{"ключ": "значение"}"#,
    "/ключ",
    13..31
);
// Spans count the byte-order mark's three bytes.
span_of!(bom_root_span, "\u{feff}{\"a\": 1}", "", 3..11);
key_span_of!(bom_key_span, "\u{feff}{\"a\": 1}", "/a", 4..7);
span_of!(bom_value_span, "\u{feff}{\"a\": 1}", "/a", 9..10);

#[test]
fn bom_is_reported_and_skipped() {
    assert!(read("\u{feff}{}").bom);
    assert!(!read("{}").bom);
    assert!(!read(" \u{feff}{}").bom);
}

// Empty input.
reject!(empty, "", Empty, 0..0);
reject!(whitespace_only, " \r\n\t ", Empty, 5..5);
reject!(bom_only, "\u{feff}", Empty, 3..3);
reject!(bom_and_whitespace_only, "\u{feff}\n", Empty, 4..4);
errors!(
    comment_only,
    "// nothing",
    [(Comment, 0..10), (Empty, 10..10)]
);

// Trailing commas.
reject!(trailing_comma_array, "[1,2,]", TrailingComma, 4..5);
reject!(trailing_comma_object, r#"{"a":1,}"#, TrailingComma, 6..7);
reject!(trailing_comma_before_space, "[1 , ]", TrailingComma, 3..4);
reject!(
    only_comma_array,
    "[,]",
    UnexpectedChar { found: ',', .. },
    1..2
);
reject!(
    double_comma,
    "[1,,2]",
    UnexpectedChar { found: ',', .. },
    3..4
);
reject!(only_comma_object, "{,}", UnexpectedChar { found: ',', .. }, 1..2, related 0..1);

// Comments.
reject!(line_comment, "[1, // one\n2]", Comment, 4..10);
reject!(line_comment_at_end, "{} // end", Comment, 3..9);
reject!(block_comment, "[/* c */ 1]", Comment, 1..8);
reject!(
    block_comment_multiline,
    "/* a\n * b\n */ {}",
    Comment,
    0..13
);
reject!(
    unterminated_comment_after_document,
    "{} /* x",
    UnterminatedComment,
    3..7
);
errors!(
    unterminated_comment_in_array,
    "[1 /* x",
    [(UnterminatedComment, 3..7), (UnexpectedEnd { .. }, 7..7)]
);
errors!(
    comment_slash_star_slash_is_open,
    "/*/{}",
    [(UnterminatedComment, 0..5), (Empty, 5..5)]
);
reject!(lone_slash, "[/]", UnexpectedChar { found: '/', .. }, 1..2);

// Single quotes.
reject!(single_quoted_string, "['a']", SingleQuotes, 1..4);
reject!(single_quoted_key, "{'a': 1}", SingleQuotes, 1..4);
reject!(
    single_quoted_with_escaped_quote,
    r"['it\'s']",
    SingleQuotes,
    1..8
);
reject!(
    single_quoted_unterminated,
    "['abc",
    UnterminatedString,
    1..5
);

#[test]
fn single_quoted_key_is_kept() {
    let parsed = read("{'a': 1}");
    assert_eq!(to_serde(parsed.root.as_ref().unwrap()), json!({"a": 1}));
    assert_eq!(
        member_at(parsed.root.as_ref().unwrap(), "/a").key_span,
        span(1..4)
    );
}

// Numbers JSON does not have.
reject!(nan, "[NaN]", NonFiniteNumber(_), 1..4);
reject!(infinity, "[Infinity]", NonFiniteNumber(_), 1..9);
reject!(minus_infinity, "[-Infinity]", NonFiniteNumber(_), 1..10);
reject!(leading_zero, "[007]", LeadingZero, 1..4);
reject!(leading_zero_negative, "[-01]", LeadingZero, 2..4);
reject!(leading_zero_fraction, "[00.5]", LeadingZero, 1..3);
reject!(leading_plus, "[+1]", LeadingPlus, 1..2);
errors!(
    plus_alone,
    "[+]",
    [(LeadingPlus, 1..2), (MalformedNumber, 2..2)]
);
reject!(dot_without_digits, "[1.]", MalformedNumber, 3..3);
reject!(minus_alone, "[-]", MalformedNumber, 2..2);
reject!(minus_alone_at_end, "-", MalformedNumber, 1..1);
reject!(exponent_without_digits, "[1e]", MalformedNumber, 3..3);
reject!(exponent_sign_without_digits, "[1e+]", MalformedNumber, 4..4);
reject!(leading_dot, "[.5]", UnexpectedChar { found: '.', .. }, 1..2);
reject!(hex_in_array, "[0x1F]", UnexpectedChar { found: 'x', .. }, 2..3, related 0..1);
reject!(hex_at_top, "0x1F", TrailingContent, 1..4);

// Characters strings cannot hold raw.
reject!(raw_tab_in_string, "\"a\tb\"", ControlCharacter('\t'), 2..3);
reject!(
    raw_u0001_in_string,
    "\"a\u{1}b\"",
    ControlCharacter('\u{1}'),
    2..3
);
reject!(
    raw_nul_in_string,
    "[\"\u{0}\"]",
    ControlCharacter('\u{0}'),
    2..3
);
reject!(raw_newline_in_string, "\"a\nb\"", UnterminatedString, 0..2);
reject!(
    raw_carriage_return_in_string,
    "[\"a\rb\"]",
    UnterminatedString,
    1..3
);
reject!(unterminated_string, r#""abc"#, UnterminatedString, 0..4);
reject!(
    unterminated_string_in_object,
    r#"{"a": "abc"#,
    UnterminatedString,
    6..10
);
reject!(
    unterminated_after_backslash,
    r#""abc\"#,
    UnterminatedString,
    0..5
);
reject!(backslash_newline, "\"a\\\nb\"", UnterminatedString, 0..3);
reject!(unterminated_key, r#"{"abc"#, UnterminatedString, 1..5);

// Escapes JSON does not have.
reject!(escape_x, r#""\x41""#, InvalidEscape(_), 1..3);
reject!(escape_single_quote, r#""\'""#, InvalidEscape(_), 1..3);
reject!(escape_non_ascii, r#""\é""#, InvalidEscape(_), 1..4);
reject!(
    unicode_escape_short,
    r#""\u12""#,
    InvalidUnicodeEscape,
    1..3
);
reject!(
    unicode_escape_not_hex,
    r#""\uZZZZ""#,
    InvalidUnicodeEscape,
    1..3
);
reject!(
    unicode_escape_plus,
    r#""\u+123""#,
    InvalidUnicodeEscape,
    1..3
);
errors!(
    unicode_escape_at_end,
    r#""\u12"#,
    [(UnterminatedString, 0..5), (InvalidUnicodeEscape, 1..3)]
);
reject!(
    lone_high_surrogate,
    r#""\uD800""#,
    UnpairedSurrogate(0xD800),
    1..7
);
reject!(
    lone_high_surrogate_then_text,
    r#""\uD83Dx""#,
    UnpairedSurrogate(0xD83D),
    1..7
);
reject!(
    high_surrogate_then_bmp_escape,
    r#""\uD800\u0041""#,
    UnpairedSurrogate(0xD800),
    1..7
);
reject!(
    high_surrogate_twice,
    r#""\uD800\uD800\uDC00""#,
    UnpairedSurrogate(0xD800),
    1..7
);
reject!(
    lone_low_surrogate,
    r#""\uDC00""#,
    UnpairedSurrogate(0xDC00),
    1..7
);
errors!(
    surrogates_reversed,
    r#""\uDE00\uD83D""#,
    [
        (UnpairedSurrogate(0xDE00), 1..7),
        (UnpairedSurrogate(0xD83D), 7..13)
    ]
);

#[test]
fn unpaired_surrogate_reads_as_replacement_character() {
    let parsed = read(r#""\uD800\u0041""#);
    assert_eq!(parsed.root.unwrap().value.as_str(), Some("\u{fffd}A"));
}

// Duplicate keys: the second is reported, pointing at the first, and dropped.
reject!(duplicate_key, r#"{"a":1,"a":2}"#, DuplicateKey(_), 7..10, related 1..4);
reject!(duplicate_key_escaped, r#"{"a":1,"\u0061":2}"#, DuplicateKey(_), 7..15, related 1..4);
reject!(duplicate_key_nested, r#"{"s":{"x":1, "x":1}}"#, DuplicateKey(_), 13..16, related 6..9);
errors!(
    duplicate_key_three_times,
    r#"{"a":1,"a":2,"a":3}"#,
    [(DuplicateKey(_), 7..10), (DuplicateKey(_), 13..16)]
);

#[test]
fn duplicate_key_keeps_the_first() {
    let parsed = read(r#"{"a":1,"b":2,"a":3}"#);
    assert_eq!(
        to_serde(parsed.root.as_ref().unwrap()),
        json!({"a": 1, "b": 2})
    );
    let Value::Object(members) = &parsed.root.as_ref().unwrap().value else {
        panic!("not an object");
    };
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].key_span, span(1..4));
}

#[test]
fn duplicate_keys_in_large_object() {
    // More than 16 members takes the sorting path.
    let mut text = String::from("{");
    let mut key_at = Vec::new();
    for (n, key) in (0..20)
        .map(|n| format!("k{n:02}"))
        .chain(["k03".into(), "k05".into(), "k03".into()])
        .enumerate()
    {
        if n > 0 {
            text.push(',');
        }
        key_at.push(text.len());
        text.push_str(&format!("\"{key}\":{n}"));
    }
    text.push('}');
    let parsed = read(&text);
    let key = |n: usize| span(key_at[n]..key_at[n] + 5);
    let found: Vec<_> = parsed
        .errors
        .iter()
        .map(|e| (e.kind.clone(), e.span, e.related.map(|r| r.0)))
        .collect();
    assert_eq!(
        found,
        [
            (DuplicateKey("k03".into()), key(20), Some(key(3))),
            (DuplicateKey("k05".into()), key(21), Some(key(5))),
            (DuplicateKey("k03".into()), key(22), Some(key(3))),
        ]
    );
    let Value::Object(members) = &parsed.root.as_ref().unwrap().value else {
        panic!("not an object");
    };
    assert_eq!(members.len(), 20);
    assert_eq!(
        to_serde(node_at(parsed.root.as_ref().unwrap(), "/k03")),
        json!(3)
    );
}

#[test]
fn many_duplicate_keys_are_found_quickly() {
    let text = format!("{{{}}}", vec![r#""a":0"#; 100_000].join(","));
    let started = Instant::now();
    let parsed = read(&text);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(parsed.errors.len(), MAX_SYNTAX_ERRORS + 1);
    assert!(matches!(
        parsed.errors.last().unwrap().kind,
        TooManyErrors(_)
    ));
}

// Missing punctuation, unquoted keys and bare words.
reject!(missing_comma_array, "[1 2]", MissingComma, 2..2);
reject!(missing_comma_strings, r#"["a" "b"]"#, MissingComma, 4..4);
reject!(missing_comma_containers, "[[] {}]", MissingComma, 3..3);
reject!(missing_comma_object, r#"{"a":1 "b":2}"#, MissingComma, 6..6);
reject!(missing_colon, r#"{"a" 1}"#, MissingColon, 4..4);
reject!(missing_colon_string, r#"{"a" "b"}"#, MissingColon, 4..4);
reject!(missing_colon_and_value, r#"{"a"}"#, UnexpectedChar { found: '}', .. }, 4..5, related 0..1);
reject!(unquoted_key, "{a: 1}", UnquotedKey(_), 1..2);
reject!(unquoted_key_with_dash, "{vpc-id: 1}", UnquotedKey(_), 1..7);
reject!(bare_true, r#"{"a": True}"#, BareWord(_), 6..10);
reject!(bare_none, r#"{"a": None}"#, BareWord(_), 6..10);
reject!(bare_undefined, r#"{"a": undefined}"#, BareWord(_), 6..15);
reject!(bare_word, "[Allow]", BareWord(_), 1..6);
reject!(bare_prefix_of_literal, "[tru]", BareWord(_), 1..4);
reject!(bare_literal_with_suffix, "[nullable]", BareWord(_), 1..9);
reject!(
    non_ascii_outside_string,
    "[é]",
    UnexpectedChar { found: 'é', .. },
    1..3
);
reject!(
    non_breaking_space,
    "\u{a0}{}",
    UnexpectedChar {
        found: '\u{a0}',
        ..
    },
    0..2
);
reject!(
    form_feed_is_not_whitespace,
    "\u{c}{}",
    UnexpectedChar { found: '\u{c}', .. },
    0..1
);
reject!(
    bom_inside,
    "[\u{feff}1]",
    UnexpectedChar {
        found: '\u{feff}',
        ..
    },
    1..4
);

#[test]
fn bare_words_read_as_what_was_meant() {
    let parsed = read(r#"[True, None, undefined, Allow]"#);
    assert_eq!(parsed.errors.len(), 4);
    assert_eq!(
        to_serde(parsed.root.as_ref().unwrap()),
        json!([true, null, null, "Allow"])
    );
}

// Content after the document, and documents cut short.
reject!(trailing_content, "{} x", TrailingContent, 3..4);
reject!(second_document, "{}{}", TrailingContent, 2..4);
reject!(extra_close, "{}}", TrailingContent, 2..3);
errors!(
    trailing_content_after_comment,
    "{} // ok\n x",
    [(Comment, 3..8), (TrailingContent, 10..11)]
);
reject!(close_at_start, "}", UnexpectedChar { found: '}', .. }, 0..1);
reject!(unclosed_array, "[1,2", UnexpectedEnd { .. }, 4..4, related 0..1);
reject!(unclosed_array_empty, "[", UnexpectedEnd { .. }, 1..1, related 0..1);
reject!(unclosed_array_after_comma, "[1,", UnexpectedEnd { .. }, 3..3, related 0..1);
reject!(unclosed_object, r#"{"a":1"#, UnexpectedEnd { .. }, 6..6, related 0..1);
reject!(unclosed_object_empty, "{", UnexpectedEnd { .. }, 1..1, related 0..1);
reject!(unclosed_object_after_key, r#"{"a""#, UnexpectedEnd { .. }, 4..4, related 0..1);
reject!(unclosed_object_after_colon, r#"{"a":"#, UnexpectedEnd { .. }, 5..5, related 0..1);
reject!(array_closed_by_brace, r#"{"a":[1,2}"#, UnexpectedChar { found: '}', .. }, 9..10, related 5..6);
reject!(object_closed_by_bracket, r#"[{"a":1]"#, UnexpectedChar { found: ']', .. }, 7..8, related 1..2);

// Nesting.
accept!(
    nesting_max_depth,
    "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH)
);
accept!(
    nesting_max_depth_objects,
    r#"{"a":"#.repeat(MAX_DEPTH) + "1" + &"}".repeat(MAX_DEPTH)
);
reject!(
    nesting_too_deep,
    "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1),
    TooDeep(64),
    64..65
);
reject!(
    nesting_too_deep_objects,
    r#"{"a":"#.repeat(MAX_DEPTH + 1) + "1" + &"}".repeat(MAX_DEPTH + 1),
    TooDeep(64),
    320..321
);
reject!(
    nesting_too_deep_mixed,
    r#"[{"a":"#.repeat(40),
    TooDeep(64),
    192..193
);

#[test]
fn hundred_thousand_open_brackets() {
    let text = "[".repeat(100_000);
    let started = Instant::now();
    let error = only_error(&text);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind, TooDeep(MAX_DEPTH));
    assert_eq!(error.span, span(64..65));
}

// Several errors in one file.
#[test]
fn too_many_errors() {
    let text = format!("[{}0]", "NaN,".repeat(60));
    let parsed = read(&text);
    assert!(parsed.root.is_none());
    assert_eq!(parsed.errors.len(), MAX_SYNTAX_ERRORS + 1);
    for (n, error) in parsed.errors.iter().take(MAX_SYNTAX_ERRORS).enumerate() {
        assert_eq!(error.kind, NonFiniteNumber("NaN".into()));
        assert_eq!(error.span, span(1 + 4 * n..4 + 4 * n));
    }
    let last = parsed.errors.last().unwrap();
    assert_eq!(last.kind, TooManyErrors(MAX_SYNTAX_ERRORS));
    assert_eq!(last.span, span(201..204));
}

#[test]
fn fifty_errors_are_not_too_many() {
    let text = format!("[{}0]", "NaN,".repeat(MAX_SYNTAX_ERRORS));
    let parsed = read(&text);
    assert!(parsed.root.is_some());
    assert_eq!(parsed.errors.len(), MAX_SYNTAX_ERRORS);
}

errors!(
    errors_in_source_order,
    // The duplicate key is found when the object closes, after the others.
    r#"{"a": [1,], "a": 2, b: NaN}"#,
    [
        (TrailingComma, 8..9),
        (DuplicateKey(_), 12..15),
        (UnquotedKey(_), 20..21),
        (NonFiniteNumber(_), 23..26),
    ]
);

errors!(
    every_recoverable_error_is_reported,
    "{'Version': '2012-10-17', // v\n Statement: [{\"Effect\": Allow \"Action\": +01,},],}",
    [
        (SingleQuotes, 1..10),
        (SingleQuotes, 12..24),
        (Comment, 26..30),
        (UnquotedKey(_), 32..41),
        (BareWord(_), 55..60),
        (MissingComma, 60..60),
        (LeadingPlus, 71..72),
        (LeadingZero, 72..74),
        (TrailingComma, 74..75),
        (TrailingComma, 76..77),
        (TrailingComma, 78..79),
    ]
);

#[test]
fn recovered_tree_keeps_what_was_meant() {
    let text =
        "{'Version': '2012-10-17', // v\n Statement: [{\"Effect\": Allow \"Action\": +1,},],}";
    let parsed = read(text);
    assert_eq!(
        to_serde(parsed.root.as_ref().unwrap()),
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": 1}]})
    );
}
