//! `REDUNDANT_STATEMENT`: a statement that repeats another.

use std::collections::hash_map::{Entry, HashMap};

use crate::lint::rules::common::{describe, opening};
use crate::lint::LintContext;
use crate::model::{Patterns, Principals, Statement};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds statements that say the same as an earlier one: the same
    /// `Effect`, principals, actions, resources and conditions, whatever the
    /// order of the values in each list and whatever their `Sid`s.
    ///
    /// ### Why is this bad?
    ///
    /// The copy changes nothing, but whoever edits one of the two later will
    /// find that the change has no effect while the other remains. Copies
    /// usually come from merging policies or repeating a deployment step.
    ///
    /// ### Example
    ///
    /// ```json
    /// [{"Sid": "AllowOrg", "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
    ///  {"Sid": "AllowOrgAgain", "Effect": "Allow", "Principal": "*", "Action": ["vpc-lattice-svcs:Invoke"], "Resource": "*",
    ///   "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}}}]
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// [{"Sid": "AllowOrg", "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]
    /// ```
    pub static RULE = {
        code: REDUNDANT_STATEMENT,
        name: "redundant-statement",
        severity: Info,
        category: Suggestion,
        summary: "a statement says the same as an earlier one",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-f6g7h8i9j0"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowOrg","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Sid":"AllowOrgAgain","Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Invoke"],"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-a1b2c3d4e5"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","444455556666"]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":["444455556666","111122223333"]},"Action":"VPC-Lattice-Svcs:invoke","Resource":["*","*"]}]}"#,
        ],
    };
}

/// A list of values as a set: sorted, without repeats.
type Set = Vec<String>;

/// A principal element: negated or not, and each principal type's values.
type PrincipalSet = (bool, Vec<(&'static str, Set)>);

/// A condition: each operator with each key's values.
type ConditionSet = Vec<(String, Vec<(String, Set)>)>;

/// A statement reduced to what it means: lists as sorted sets, action names
/// and condition keys in lower case.
#[derive(PartialEq, Eq, Hash)]
struct Meaning {
    effect: &'static str,
    principal: Option<PrincipalSet>,
    action: (bool, Set),
    resource: (bool, Set),
    condition: ConditionSet,
}

fn set(items: impl Iterator<Item = String>) -> Set {
    let mut v: Vec<String> = items.collect();
    v.sort();
    v.dedup();
    v
}

fn patterns(p: &Patterns, fold_case: bool) -> (bool, Set) {
    let items = p.items.iter().map(|i| {
        if fold_case {
            i.value.to_ascii_lowercase()
        } else {
            i.value.clone()
        }
    });
    (p.negated, set(items))
}

fn meaning(s: &Statement) -> Meaning {
    let principal = s.principal.as_ref().map(|p| {
        let mut entries: Vec<(&'static str, Set)> = match &p.value {
            // `"*"` and `{"AWS": "*"}` are equivalent (docs/semantics.md#statements).
            Principals::Everyone => vec![("AWS", vec!["*".to_string()])],
            Principals::Map(entries) => entries
                .iter()
                .map(|e| {
                    (
                        e.kind.value.as_str(),
                        set(e.values.iter().map(|v| v.value.clone())),
                    )
                })
                .collect(),
        };
        entries.sort();
        (p.negated, entries)
    });
    let mut condition: ConditionSet = s
        .condition
        .iter()
        .flat_map(|c| c.blocks.iter())
        .map(|b| {
            let mut clauses: Vec<(String, Set)> = b
                .clauses
                .iter()
                .map(|c| {
                    (
                        c.key.value.to_ascii_lowercase(),
                        set(c.values.iter().map(|v| v.text.clone())),
                    )
                })
                .collect();
            clauses.sort();
            (b.operator.value.to_string(), clauses)
        })
        .collect();
    condition.sort();
    Meaning {
        effect: s.effect.value.as_str(),
        principal,
        action: patterns(&s.action, true),
        resource: patterns(&s.resource, false),
        condition,
    }
}

/// A digest of a statement's [`Meaning`]: equal meanings have equal
/// fingerprints. The effect, and for actions (ignoring case) and resources the
/// negation and the smallest and largest hash of a value, which neither the
/// order of the values nor repeats change.
type Fingerprint = (
    &'static str,
    (bool, Option<(u64, u64)>),
    (bool, Option<(u64, u64)>),
);

fn fingerprint(s: &Statement) -> Fingerprint {
    let extremes = |p: &Patterns, fold_case: bool| {
        let hashes = p.items.iter().map(|i| fnv1a(&i.value, fold_case));
        let extremes = hashes.fold(None, |acc: Option<(u64, u64)>, h| {
            Some(acc.map_or((h, h), |(lo, hi)| (lo.min(h), hi.max(h))))
        });
        (p.negated, extremes)
    };
    (
        s.effect.value.as_str(),
        extremes(&s.action, true),
        extremes(&s.resource, false),
    )
}

/// FNV-1a over the bytes of `text`, ASCII letters lower-cased when `fold_case`.
fn fnv1a(text: &str, fold_case: bool) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        let b = if fold_case { b.to_ascii_lowercase() } else { b };
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn check(cx: &mut LintContext<'_>) {
    let statements = &cx.policy().statements;
    // Each meaning with the first statement that has it: linear in the
    // number of statements, which may be tens of thousands.
    let mut first_with: HashMap<Meaning, &Statement> = HashMap::new();
    // Building a meaning copies every value; a fingerprint first tells which
    // statements could have a twin (a managed policy lists thousands of
    // actions, and repeats a statement rarely).
    let prints: Vec<Fingerprint> = statements.iter().map(fingerprint).collect();
    let mut shared: HashMap<Fingerprint, usize> = HashMap::with_capacity(prints.len());
    for print in &prints {
        *shared.entry(*print).or_default() += 1;
    }
    let mut findings = Vec::new();
    for (statement, print) in statements.iter().zip(&prints) {
        if shared.get(print).is_none_or(|&n| n < 2) {
            continue;
        }
        let first = match first_with.entry(meaning(statement)) {
            Entry::Occupied(entry) => *entry.get(),
            Entry::Vacant(entry) => {
                entry.insert(statement);
                continue;
            }
        };
        findings.push(
            cx.finding(
                opening(statement),
                format!(
                    "{} says the same as {}",
                    describe(statement),
                    describe(first)
                ),
            )
            .with_label("this statement")
            .with_related(opening(first), "first said here")
            .with_help("remove one of the two statements"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
