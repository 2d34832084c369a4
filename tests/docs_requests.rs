//! Every example of `docs/requests.md` goes through the real parsers, so the
//! page cannot drift from the code: each line of a `query` block is a query
//! that parses and resolves, each line of a `never` block an invariant, each
//! `json` block a request file that reads and resolves. The tables are held
//! to the code too: every field of the request file and every clause keyword
//! of the query language is documented, and nothing else.

use std::collections::BTreeSet;

use lattice_policy::analysis::Invariant;
use lattice_policy::eval::request::{PrincipalDetails, PrincipalSpec, RequestSpec, Values};
use lattice_policy::eval::{parse_query, Request, Timestamp};

const DOC: &str = include_str!("../docs/requests.md");
/// 2024-05-01T12:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_714_564_800_000);

/// The fenced blocks of the page whose info string is `lang`.
fn blocks(lang: &str) -> Vec<&'static str> {
    let fence = format!("```{lang}\n");
    DOC.match_indices(&fence)
        .map(|(at, _)| {
            let body = &DOC[at + fence.len()..];
            &body[..body.find("```").unwrap()]
        })
        .collect()
}

/// The lines of the `lang` blocks.
fn lines(lang: &str) -> Vec<&'static str> {
    blocks(lang)
        .into_iter()
        .flat_map(str::lines)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// The first column of the table whose header row starts with `header`:
/// the first word in backquotes of each row.
fn table_column(header: &str) -> Vec<&'static str> {
    let start = DOC
        .find(header)
        .unwrap_or_else(|| panic!("no table {header:?}"));
    DOC[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cell = row.split('|').nth(1).unwrap().trim();
            let word = cell.trim_start_matches('`');
            &word[..word.find(['`', ' ']).unwrap_or(word.len())]
        })
        .collect()
}

#[test]
fn every_query_example_parses_and_resolves() {
    let queries = lines("query");
    assert!(queries.len() >= 15, "{queries:?}");
    for query in queries {
        let parsed = parse_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        Request::resolve(parsed.spec, NOW).unwrap_or_else(|e| panic!("{query}: {e}"));
    }
}

#[test]
fn every_invariant_example_parses() {
    let patterns = lines("never");
    assert!(patterns.len() >= 10, "{patterns:?}");
    for pattern in patterns {
        Invariant::parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    }
}

#[test]
fn every_json_example_reads_and_resolves() {
    let files = blocks("json");
    assert!(files.len() >= 4, "{files:?}");
    for file in &files {
        let spec = RequestSpec::from_json(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        Request::resolve(spec, NOW).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    // The first block spells out the defaults: it is the empty request.
    let defaults = Request::resolve(RequestSpec::from_json(files[0]).unwrap(), NOW).unwrap();
    let empty = Request::resolve(RequestSpec::default(), NOW).unwrap();
    assert_eq!(defaults, empty);
}

#[test]
fn the_field_tables_list_every_field_and_only_those() {
    // A literal with every field: adding a field to `RequestSpec` or
    // `PrincipalDetails` breaks this until the page documents it.
    let full = RequestSpec {
        principal: Some(PrincipalSpec::Details(PrincipalDetails {
            arn: Some("x".into()),
            kind: Some("x".into()),
            role_arn: Some("x".into()),
            org_id: Some("x".into()),
            org_paths: Some(vec!["x".into()]),
            tags: [("k".into(), "v".into())].into(),
        })),
        action: Some("x".into()),
        protocol: Some("x".into()),
        method: Some("x".into()),
        path: Some("x".into()),
        headers: [("k".into(), "v".into())].into(),
        query: [("k".into(), Values::One("v".into()))].into(),
        port: Some(1),
        service: Some("x".into()),
        service_network: Some("x".into()),
        service_tags: [("k".into(), "v".into())].into(),
        source_vpc: Some("x".into()),
        source_vpc_owner_account: Some("x".into()),
        time: Some("x".into()),
        source_ip: Some("x".into()),
        context: [("k".into(), None)].into(),
    };
    let value = serde_json::to_value(&full).unwrap();
    let fields: BTreeSet<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let documented: BTreeSet<&str> = table_column("| Field | Accepted values")
        .into_iter()
        .collect();
    assert_eq!(fields, documented);
    let principal: BTreeSet<&str> = value["principal"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let documented: BTreeSet<&str> = table_column("| Field | Meaning").into_iter().collect();
    assert_eq!(principal, documented);
}

#[test]
fn the_clause_table_lists_every_keyword_and_the_examples_use_them() {
    let keywords = table_column("| Clause | Sets");
    assert!(keywords.len() >= 20, "{keywords:?}");
    let examples = lines("query");
    for keyword in &keywords {
        // The parser knows the keyword: as a clause with a value it parses.
        let sample = match *keyword {
            "from" => "GET / from anonymous".to_owned(),
            "protocol" => "GET / protocol http".to_owned(),
            _ => format!("GET / {keyword} \"x=y\""),
        };
        if let Err(e) = parse_query(&sample) {
            assert!(
                !e.to_string().contains("unknown word"),
                "`{keyword}` is not a keyword: {e}"
            );
        }
        assert!(
            examples
                .iter()
                .any(|q| q.split_whitespace().any(|w| w == *keyword)),
            "no example uses `{keyword}`"
        );
    }
    // And a word that is no keyword is refused, so the check above can fail.
    let err = parse_query("GET / frobnicate x").unwrap_err();
    assert!(err.to_string().contains("unknown word"), "{err}");
}
