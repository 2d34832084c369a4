//! `UNRESOLVED_VALUE`: the information that a policy holds values known only
//! at deploy time, one finding per expression (a template that writes
//! `${AWS::AccountId}` ten times hears of it once).

use std::collections::HashMap;

use crate::diagnostic::{codes, Finding};
use crate::model::Unknown;

/// The most further places one finding lists; the rest are counted.
const MAX_RELATED: usize = 8;

/// One `UNRESOLVED_VALUE` per distinct expression, at its first place.
pub(super) fn findings(unknowns: &[Unknown]) -> Vec<Finding> {
    let mut groups: Vec<(&Unknown, Vec<&Unknown>)> = Vec::new();
    // Expression to its group: a generated template may hold thousands.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for unknown in unknowns {
        match index.get(unknown.expression.as_str()).copied() {
            Some(i) => {
                if let Some((_, more)) = groups.get_mut(i) {
                    more.push(unknown);
                }
            }
            None => {
                index.insert(&unknown.expression, groups.len());
                groups.push((unknown, Vec::new()));
            }
        }
    }
    groups
        .into_iter()
        .map(|(first, more)| {
            let mut finding = Finding::new(
                &codes::UNRESOLVED_VALUE,
                first.span,
                format!(
                    "`{}` is known only at deploy time: {} is checked for every value it could take",
                    first.expression,
                    first.place.describe()
                ),
            )
            .with_help(
                "a finding that depends on it says so; give its value (`--parameter`, `--var`, `--env`, `--account`, `--region`) to check the policy as deployed",
            );
            for other in more.iter().take(MAX_RELATED) {
                finding = finding.with_related(other.span, "also here");
            }
            if more.len() > MAX_RELATED {
                finding = finding.with_related(
                    first.span,
                    format!("and {} more places", more.len() - MAX_RELATED),
                );
            }
            finding
        })
        .collect()
}
