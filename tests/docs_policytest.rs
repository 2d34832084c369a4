//! docs/policytest.md against the reader: every `toml` block of the page is
//! an expectation file that reads without a problem, and the key tables list
//! exactly the keys the reader takes.

use std::collections::BTreeSet;

use lattice_policy::eval::policytest::{parse, CASE_KEYS, POLICY_KEYS};

const DOC: &str = include_str!("../docs/policytest.md");

/// The fenced `toml` blocks of the page.
fn toml_blocks() -> Vec<&'static str> {
    DOC.match_indices("```toml\n")
        .map(|(at, fence)| {
            let body = &DOC[at + fence.len()..];
            &body[..body.find("```").unwrap()]
        })
        .collect()
}

#[test]
fn every_example_reads_without_a_problem() {
    let blocks = toml_blocks();
    assert!(blocks.len() >= 2);
    for block in blocks {
        let file = parse(block);
        assert_eq!(file.problems, vec![], "{block}");
        for case in &file.cases {
            assert_eq!(case.problems, vec![], "{block}");
        }
    }
}

/// The backquoted words in the first column of the table after `heading`.
fn table_keys(heading: &str) -> BTreeSet<String> {
    let after = &DOC[DOC.find(heading).unwrap()..];
    after
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            let cell = l.split('|').nth(1).unwrap().trim();
            cell.trim_matches('`').to_owned()
        })
        .collect()
}

#[test]
fn the_tables_list_every_key_and_nothing_else() {
    let documented = table_keys("`[policies]`:");
    let read: BTreeSet<String> = POLICY_KEYS.iter().map(|k| (*k).to_owned()).collect();
    assert_eq!(documented, read);
    let documented = table_keys("`[[case]]`, one table per case:");
    let read: BTreeSet<String> = CASE_KEYS.iter().map(|k| (*k).to_owned()).collect();
    assert_eq!(documented, read);
}
