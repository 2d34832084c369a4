//! What a [`Place`] is in the grammar of an auth policy: the top level's
//! keys, a statement's, a principal map's, a condition's operators, the keys
//! under an operator, or the value of one element.

use super::context::{Place, Role, Step};

/// Which element a value belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueOf {
    /// `Version`.
    Version,
    /// `Id`.
    Id,
    /// `Sid`.
    Sid,
    /// `Effect`.
    Effect,
    /// `Action` (`negated`: `NotAction`).
    Action {
        /// True for `NotAction`.
        negated: bool,
    },
    /// `Resource` (`negated`: `NotResource`).
    Resource {
        /// True for `NotResource`.
        negated: bool,
    },
    /// `Principal` or `NotPrincipal`: the `"*"` form (`kind` none) or a
    /// value of the map's `AWS`, `Service`, ... entry.
    Principal {
        /// The map's key, when the value is in a map.
        kind: Option<String>,
    },
    /// A condition value: of `key` under `operator`.
    Condition {
        /// The operator as written.
        operator: String,
        /// The key as written.
        key: String,
    },
}

/// A place in the policy's grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A key of the policy object.
    TopKey,
    /// A key of a statement.
    StatementKey,
    /// A key of a principal map (`AWS`, `Service`, ...).
    PrincipalKey,
    /// An operator in a `Condition`.
    Operator,
    /// A condition key under `operator`.
    ConditionKey {
        /// The operator as written.
        operator: String,
    },
    /// A value.
    Value(ValueOf),
}

/// The slot the place is in, or `None` where the grammar has nothing there.
pub fn slot(place: &Place) -> Option<Slot> {
    let keys = without_statement_index(&place.path)?;
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let slot = match (place.role, keys.as_slice()) {
        (Role::Key, []) => Slot::TopKey,
        (Role::Key, ["Statement"]) => Slot::StatementKey,
        (Role::Key, ["Statement", "Principal" | "NotPrincipal"]) => Slot::PrincipalKey,
        (Role::Key, ["Statement", "Condition"]) => Slot::Operator,
        (Role::Key, ["Statement", "Condition", op]) => Slot::ConditionKey {
            operator: (*op).to_owned(),
        },
        (Role::Value, ["Version"]) => Slot::Value(ValueOf::Version),
        (Role::Value, ["Id"]) => Slot::Value(ValueOf::Id),
        (Role::Value, ["Statement", "Sid"]) => Slot::Value(ValueOf::Sid),
        (Role::Value, ["Statement", "Effect"]) => Slot::Value(ValueOf::Effect),
        (Role::Value, ["Statement", a @ ("Action" | "NotAction")]) => {
            Slot::Value(ValueOf::Action {
                negated: *a == "NotAction",
            })
        }
        (Role::Value, ["Statement", r @ ("Resource" | "NotResource")]) => {
            Slot::Value(ValueOf::Resource {
                negated: *r == "NotResource",
            })
        }
        (Role::Value, ["Statement", "Principal" | "NotPrincipal"]) => {
            Slot::Value(ValueOf::Principal { kind: None })
        }
        (Role::Value, ["Statement", "Principal" | "NotPrincipal", kind]) => {
            Slot::Value(ValueOf::Principal {
                kind: Some((*kind).to_owned()),
            })
        }
        (Role::Value, ["Statement", "Condition", op, key]) => Slot::Value(ValueOf::Condition {
            operator: (*op).to_owned(),
            key: (*key).to_owned(),
        }),
        _ => return None,
    };
    Some(slot)
}

/// The path's keys, with the statement's index (when `Statement` is an
/// array) and the index of a value in a list dropped; `None` for an index
/// anywhere else.
fn without_statement_index(path: &[Step]) -> Option<Vec<String>> {
    let mut keys = Vec::new();
    for (n, step) in path.iter().enumerate() {
        match step {
            Step::Key(k) => keys.push(k.clone()),
            // `Statement: [..]`, or a list of values (the last step).
            Step::Index(_) if keys.len() == 1 && keys.first().is_some_and(|k| k == "Statement") => {
            }
            Step::Index(_) if n + 1 == path.len() => {}
            Step::Index(_) => return None,
        }
    }
    Some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::context::{locate, Reach};

    fn slot_at(text: &str) -> Option<Slot> {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        slot(&locate(&text, offset, Reach::Gap))
    }

    #[test]
    fn slots_at_each_level() {
        assert_eq!(slot_at(r#"{"Ver|"#), Some(Slot::TopKey));
        assert_eq!(slot_at(r#"{"Statement": [{"E|"#), Some(Slot::StatementKey));
        assert_eq!(slot_at(r#"{"Statement": {"E|"#), Some(Slot::StatementKey));
        assert_eq!(
            slot_at(r#"{"Statement": [{"Condition": {"StringEquals": {"aws:P|"#),
            Some(Slot::ConditionKey {
                operator: "StringEquals".into()
            })
        );
        assert_eq!(
            slot_at(r#"{"Statement": [{}, {"Action": ["x", "vpc|"#),
            Some(Slot::Value(ValueOf::Action { negated: false }))
        );
        assert_eq!(
            slot_at(r#"{"Statement": [{"Principal": {"AWS": [|"#),
            Some(Slot::Value(ValueOf::Principal {
                kind: Some("AWS".into())
            }))
        );
        assert_eq!(slot_at(r#"{"Statement": [{"Action": [[|"#), None);
    }
}
