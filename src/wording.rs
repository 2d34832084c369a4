//! How the analysis's change classes read to people: `policy diff` lists
//! them, and `policy check --baseline` quotes them in `NEW_ACCESS`. The
//! analysis returns a class as data ([`Change`]); the words are chosen here
//! only.
//!
//! A class reads as one line per field it restricts: `caller: any signed
//! caller of account 111122223333, organization not o-a1b2c3d4e5`, `service
//! and path: /public/ | paths such as /admin/x`, `method: any but GET`. A
//! value no policy names stands for all of them: `one no policy names, such
//! as POST`.

use crate::analysis::space::{Dim, Fragment};
use crate::analysis::{
    CallerClass, Change, Constraint, OrgPaths, Orgs, TargetClass, Value, ValueSet,
};
use crate::eval::request::DEFAULT_SERVICE;

/// Each field the class restricts, with its values, beginning with the
/// protocols: `("protocol", ["HTTPS", "HTTP"])`, `("method", ["any but GET"])`.
pub fn change_fields(change: &Change) -> Vec<(String, Vec<String>)> {
    let protocols = change
        .protocols
        .iter()
        .map(|p| p.as_str().to_owned())
        .collect();
    std::iter::once(("protocol".to_owned(), protocols))
        .chain(change.constraints.iter().map(constraint))
        .collect()
}

/// `changes` with those that read the same merged into the first of them
/// (its protocols joined, its witness kept): two classes the analysis tells
/// apart by something the words do not show are one class to the reader,
/// and the same caller listed twice says nothing more.
pub fn distinct_changes(changes: Vec<Change>) -> Vec<Change> {
    /// A class's words (each field's name and labels) and the class.
    type Worded = (Vec<(String, Vec<String>)>, Change);
    let mut out: Vec<Worded> = Vec::new();
    for change in changes {
        let words: Vec<(String, Vec<String>)> = change.constraints.iter().map(constraint).collect();
        match out.iter_mut().find(|(w, _)| *w == words) {
            Some((_, known)) => {
                for p in change.protocols {
                    if !known.protocols.contains(&p) {
                        known.protocols.push(p);
                    }
                }
            }
            None => out.push((words, change)),
        }
    }
    out.into_iter().map(|(_, c)| c).collect()
}

/// One constraint: its fields' names and its values' labels.
fn constraint(c: &Constraint) -> (String, Vec<String>) {
    let name = c
        .fields
        .iter()
        .map(field_name)
        .collect::<Vec<_>>()
        .join(" + ");
    let mut labels: Vec<String> = Vec::new();
    let mut add = |label: String| {
        if !labels.contains(&label) {
            labels.push(label);
        }
    };
    match &c.values {
        ValueSet::Callers(callers) => callers.iter().map(caller).for_each(&mut add),
        ValueSet::Targets(targets) => targets.iter().map(target).for_each(&mut add),
        ValueSet::AllBut(left_out) => {
            let labels: Vec<String> = left_out.iter().map(|v| label_of(v)).collect();
            add(format!("any but {}", labels.join(" or ")));
        }
        ValueSet::Values(values) => values.iter().map(value).for_each(&mut add),
    }
    (name, labels)
}

/// A value, saying so when it stands for every value no policy names.
fn value(v: &Value) -> String {
    let label = label_of(&v.fragments);
    if v.named {
        label
    } else {
        format!("one no policy names, such as {label}")
    }
}

/// A service's every path reads `S (any path)`; a path no policy writes
/// reads as one of its class.
fn target(t: &TargetClass) -> String {
    match t {
        TargetClass::AnyPath(service) => format!("{service} (any path)"),
        TargetClass::Value(v) if v.named => label_of(&v.fragments),
        TargetClass::Value(v) => format!("paths such as {}", label_of(&v.fragments)),
    }
}

/// A caller class: `anonymous`, `any signed caller`, `any signed caller of
/// account A, organization O`, an ARN, or one caller.
fn caller(c: &CallerClass) -> String {
    match c {
        CallerClass::Anonymous => "anonymous".to_owned(),
        CallerClass::AnySigned(orgs) => format!("any signed caller{}", in_orgs(orgs.as_ref())),
        CallerClass::Account { id, named, orgs } => {
            let orgs = in_orgs(orgs.as_ref());
            if *named {
                format!("any signed caller of account {id}{orgs}")
            } else {
                format!(
                    "any signed caller of an account the policies never name (such as {id}){orgs}"
                )
            }
        }
        CallerClass::Identity(arn) => arn.clone(),
        CallerClass::Caller(fragments) => label_of(fragments),
    }
}

/// `, organization O or P`, `, organization not O`, or nothing.
fn in_orgs(orgs: Option<&Orgs>) -> String {
    let text = |list: &[Option<String>]| {
        list.iter()
            .map(|o| o.as_deref().unwrap_or("none"))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    match orgs {
        None => String::new(),
        Some(Orgs::In(kept)) => format!(", organization {}", text(kept)),
        Some(Orgs::NotIn(left_out)) => format!(", organization not {}", text(left_out)),
        Some(Orgs::WithPaths(orgs)) => {
            let each: Vec<String> = orgs.iter().map(org_with_paths).collect();
            format!(", organization {}", each.join(" or "))
        }
    }
}

/// `o-a1b2c3d4e5 (at an organization path such as o-a1b2c3d4e5/r-ab12/)`,
/// or the organization alone when every path in it is in the class. A path
/// the analysis drew stands for every path the policies treat alike.
fn org_with_paths(o: &OrgPaths) -> String {
    let org = o.org.as_deref().unwrap_or("none");
    let Some(sets) = &o.paths else {
        return org.to_owned();
    };
    let shown: Vec<String> = sets
        .iter()
        .filter(|paths| !paths.is_empty())
        .map(|paths| match paths.as_slice() {
            [one] => one.clone(),
            many => format!("(both {})", many.join(" and ")),
        })
        .collect();
    let mut ways = Vec::new();
    if sets.iter().any(Vec::is_empty) {
        ways.push("with no organization path".to_owned());
    }
    if !shown.is_empty() {
        let at = if ways.is_empty() {
            "at an organization path such as"
        } else {
            "or at one such as"
        };
        ways.push(format!("{at} {}", shown.join(" or ")));
    }
    format!("{org} ({})", ways.join(", "))
}

fn label_of(fragments: &[Fragment]) -> String {
    fragments
        .iter()
        .map(fragment_label)
        .collect::<Vec<_>>()
        .join(", ")
}

fn field_name(dim: &Dim) -> String {
    match dim {
        Dim::Principal => "caller".into(),
        Dim::Method => "method".into(),
        Dim::Target => "service and path".into(),
        Dim::Network => "service network".into(),
        Dim::Vpc => "source VPC".into(),
        Dim::VpcOwner => "source VPC owner".into(),
        Dim::Port => "port".into(),
        Dim::Time => "time".into(),
        Dim::SourceIp => "source IP".into(),
        Dim::Header(h) => format!("header {h}"),
        Dim::Query(k) => format!("query {k}"),
        Dim::ServiceTag(k) => format!("service tag {k}"),
        Dim::PrincipalTag(k) => format!("caller tag {k}"),
    }
}

fn fragment_label(f: &Fragment) -> String {
    match f {
        Fragment::Principal(None) => "anonymous".into(),
        Fragment::Principal(Some(d)) => {
            let mut label = d.arn.clone().unwrap_or_default();
            if let Some(org) = &d.org_id {
                label.push_str(&format!(" (org {org})"));
            }
            // Two callers that differ only in where they sit in the
            // organization must not read the same.
            for path in d.org_paths.iter().flatten() {
                label.push_str(&format!(" (org path {path})"));
            }
            for (k, v) in &d.tags {
                label.push_str(&format!(" (tag {k}={v})"));
            }
            label
        }
        Fragment::Method(m) => m.clone(),
        Fragment::Target(service, path) => match path {
            Some(p) if service == DEFAULT_SERVICE => p.clone(),
            Some(p) => format!("{service}{p}"),
            None => service.clone(),
        },
        Fragment::Network(n) | Fragment::Vpc(n) | Fragment::VpcOwner(n) | Fragment::Time(n) => {
            n.clone()
        }
        Fragment::Port(p) => p.to_string(),
        Fragment::SourceIp(ip) => ip.clone().unwrap_or_else(|| "none".into()),
        Fragment::Header(_, v) | Fragment::ServiceTag(_, v) | Fragment::PrincipalTag(_, v) => v
            .as_ref()
            .map_or_else(|| "absent".into(), |v| format!("{v:?}")),
        Fragment::Query(_, v) => v
            .as_ref()
            .map_or_else(|| "absent".into(), |v| format!("{v:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Witness;
    use crate::eval::{Protocol, RequestSpec};

    fn callers(callers: Vec<CallerClass>, query: &str) -> Change {
        Change {
            protocols: vec![Protocol::Https],
            constraints: vec![Constraint {
                fields: vec![Dim::Principal],
                values: ValueSet::Callers(callers),
            }],
            witness: Witness {
                query: query.into(),
                spec: RequestSpec::default(),
            },
        }
    }

    #[test]
    fn organization_paths_are_said_when_they_tell_a_class_apart() {
        let change = callers(
            vec![CallerClass::AnySigned(Some(Orgs::WithPaths(vec![
                OrgPaths {
                    org: Some("o-a1b2c3d4e5".into()),
                    paths: Some(vec![
                        vec!["o-a1b2c3d4e5/r-ab12/".into()],
                        vec![
                            "o-a1b2c3d4e5/r-ab12/".into(),
                            "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/".into(),
                        ],
                    ]),
                },
                OrgPaths {
                    org: Some("o-0000000000".into()),
                    paths: Some(vec![Vec::new()]),
                },
            ])))],
            "GET /",
        );
        let fields = change_fields(&change);
        assert_eq!(
            fields.get(1).and_then(|(_, v)| v.first()).map(String::as_str),
            Some("any signed caller, organization o-a1b2c3d4e5 (at an organization path such as o-a1b2c3d4e5/r-ab12/ or (both o-a1b2c3d4e5/r-ab12/ and o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/)) or o-0000000000 (with no organization path)")
        );
    }

    #[test]
    fn classes_that_read_the_same_are_one() {
        let one = |protocol| Change {
            protocols: vec![protocol],
            ..callers(vec![CallerClass::Anonymous], "GET /")
        };
        let other = callers(vec![CallerClass::AnySigned(None)], "GET / as 999999999999");
        let merged = distinct_changes(vec![one(Protocol::Https), other, one(Protocol::Grpc)]);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            merged.first().map(|c| c.protocols.clone()),
            Some(vec![Protocol::Https, Protocol::Grpc])
        );
    }

    #[test]
    fn a_class_reads_field_by_field() {
        let change = Change {
            protocols: vec![Protocol::Https, Protocol::Http],
            constraints: vec![
                Constraint {
                    fields: vec![Dim::Principal],
                    values: ValueSet::Callers(vec![
                        CallerClass::Anonymous,
                        CallerClass::Account {
                            id: "999999999999".into(),
                            named: false,
                            orgs: Some(Orgs::NotIn(vec![Some("o-1".into())])),
                        },
                    ]),
                },
                Constraint {
                    fields: vec![Dim::Target],
                    values: ValueSet::Targets(vec![TargetClass::Value(Value {
                        fragments: vec![Fragment::Target(
                            DEFAULT_SERVICE.into(),
                            Some("/x".into()),
                        )],
                        named: false,
                    })]),
                },
                Constraint {
                    fields: vec![Dim::Method],
                    values: ValueSet::Values(vec![Value {
                        fragments: vec![Fragment::Method("POST".into())],
                        named: false,
                    }]),
                },
                Constraint {
                    fields: vec![Dim::Header("x-a".into()), Dim::Vpc],
                    values: ValueSet::AllBut(vec![vec![
                        Fragment::Header("x-a".into(), None),
                        Fragment::Vpc("vpc-1".into()),
                    ]]),
                },
            ],
            witness: Witness {
                query: "POST /x".into(),
                spec: RequestSpec::default(),
            },
        };
        let fields = change_fields(&change);
        let text: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.join(" | ")))
            .collect();
        assert_eq!(
            text,
            [
                "protocol: HTTPS | HTTP",
                "caller: anonymous | any signed caller of an account the policies never name (such as 999999999999), organization not o-1",
                "service and path: paths such as /x",
                "method: one no policy names, such as POST",
                "header x-a + source VPC: any but absent, vpc-1",
            ]
        );
    }
}
