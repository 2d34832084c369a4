//! What the policies mention: the constants and patterns each field is
//! compared with, the accounts and organizations they name, and why the
//! split may be inexact (policy variables, identifiers the analysis does not
//! model).

use std::collections::{BTreeMap, BTreeSet};

use super::callers::MAX_PATH_DEPTH;
use super::fields::{key_source, Dim, KeySource, Slot};
use crate::analysis::glob::Glob;
use crate::eval::values::Cidr;
use crate::eval::Timestamp;
use crate::keys::Domain;
use crate::model::{AwsPrincipal, BaseOperator, OperatorFamily, Policy, PrincipalKind, Principals};

/// What the policies mention, collected per slot.
#[derive(Default)]
pub(super) struct Mentions {
    pub(super) strings: BTreeMap<Slot, Vec<Glob>>,
    pub(super) resources: Vec<Glob>,
    /// The `Resource` patterns as written, for readable service ARNs.
    pub(super) resource_texts: Vec<String>,
    /// Accounts and principal ARNs of `Principal` elements.
    pub(super) principal_accounts: BTreeSet<String>,
    pub(super) principal_arns: BTreeSet<String>,
    pub(super) ports: BTreeSet<i64>,
    pub(super) times: BTreeSet<i64>,
    pub(super) cidrs: Vec<Cidr>,
    /// Multi-valued slots: the set-operator clauses on it, in every statement
    /// of every policy. Whatever those clauses say about a set of values,
    /// they say about a subset of at most that many (one value for each
    /// clause that some value satisfies or fails), but only when the subset
    /// may take a value for each of them, Allow and Deny statements alike.
    pub(super) set_clauses: BTreeMap<Slot, usize>,
    /// The most organizational units (`ou-`) one organization path value
    /// names: paths one unit deeper are as deep as the search must draw.
    pub(super) path_units: usize,
    pub(super) inexact: BTreeSet<String>,
    /// Accounts and organizations written anywhere a caller is named.
    pub(super) named_accounts: BTreeSet<String>,
    pub(super) named_orgs: BTreeSet<String>,
    /// Every condition value, as written (lower-cased).
    pub(super) values: BTreeSet<String>,
    /// Each clause's atom on a slot that may be split by its clauses
    /// ([`Slot::takes_atoms`]; see `analysis::text_sets`), by policy,
    /// statement, block and clause: the union of its patterns, or `None`
    /// for a clause that reads presence alone (`Null`).
    pub(super) clause_atoms: BTreeMap<ClauseAt, (Slot, Option<Glob>)>,
    /// Slots that take atoms which some clause reads otherwise than through
    /// patterns (a number, a policy variable; a set operator on a
    /// single-valued field):
    /// not split by atoms.
    pub(super) not_atoms: BTreeSet<Slot>,
}

/// Where a clause is: policy, statement, block, clause.
pub(crate) type ClauseAt = (usize, usize, usize, usize);

impl Mentions {
    pub(super) fn collect(policies: &[&Policy]) -> Mentions {
        let mut m = Mentions::default();
        for (p, policy) in policies.iter().enumerate() {
            let variables = policy.variables_enabled();
            for (s, statement) in policy.statements.iter().enumerate() {
                m.principal(statement.principal.as_ref().map(|p| &p.value));
                for item in &statement.resource.items {
                    let text = m.without_variables(&item.value, variables, "Resource");
                    m.resource_texts.push(text.clone());
                    m.resources.push(if crate::wildcard::is_arn_pattern(&text) {
                        Glob::arn(&text)
                    } else {
                        Glob::wildcard(&text, false)
                    });
                }
                for (b, block) in statement
                    .condition
                    .iter()
                    .flat_map(|c| &c.blocks)
                    .enumerate()
                {
                    let op = block.operator.value;
                    for (c, clause) in block.clauses.iter().enumerate() {
                        let normalized = crate::eval::normalize_key(&clause.key.value);
                        let KeySource::Field(dim, slot) = key_source(&normalized) else {
                            continue;
                        };
                        if normalized.starts_with("aws:userid")
                            || normalized.starts_with("aws:username")
                        {
                            m.inexact.insert(format!(
                                "`{}` depends on identifiers the analysis does not model",
                                clause.key.value
                            ));
                        }
                        if op.qualifier.is_some() {
                            if let Some(slot) = &slot {
                                *m.set_clauses.entry(slot.clone()).or_default() += 1;
                            }
                        }
                        let mut clause_globs = Vec::new();
                        for value in &clause.values {
                            m.values.insert(value.text.to_lowercase());
                            // A tag's value can name the caller's account too.
                            if matches!(dim, Dim::Principal | Dim::PrincipalTag(_)) {
                                m.name_accounts_and_orgs(&value.text);
                            }
                            let units = value.text.matches("ou-").count();
                            // A value no organization path matches (a
                            // placeholder) draws no deeper paths.
                            if slot == Some(Slot::OrgPaths)
                                && Domain::OrgPath.admits(&value.text, true, true)
                            {
                                m.path_units = m.path_units.max(units);
                            }
                            if slot == Some(Slot::OrgPaths) && units >= MAX_PATH_DEPTH {
                                m.inexact.insert(format!(
                                    "organization paths deeper than the analysis draws (`{}`)",
                                    value.text
                                ));
                            }
                            if let Some(glob) =
                                m.value(&dim, slot.as_ref(), op.base, &value.text, variables)
                            {
                                clause_globs.push(glob);
                            }
                        }
                        if let Some(slot) = slot.as_ref().filter(|s| s.takes_atoms()) {
                            let plain = (op.qualifier.is_none() || matches!(slot, Slot::Query(_)))
                                && !clause
                                    .values
                                    .iter()
                                    .any(|v| variables && v.text.contains("${"));
                            let atom = if op.base.family() == OperatorFamily::Null {
                                Some(None)
                            } else if plain && clause_globs.len() == clause.values.len() {
                                Glob::union(&clause_globs).map(Some)
                            } else {
                                None
                            };
                            match atom {
                                Some(atom) => {
                                    m.clause_atoms.insert((p, s, b, c), (slot.clone(), atom));
                                }
                                None => {
                                    m.not_atoms.insert(slot.clone());
                                }
                            }
                        }
                        if let Some(slot) = slot {
                            m.add_clause(slot, clause_globs);
                        }
                    }
                }
            }
        }
        m
    }

    /// Records the 12-digit account ids and `o-…` organization ids in `text`.
    fn name_accounts_and_orgs(&mut self, text: &str) {
        for word in text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-') {
            if Domain::Account.contains(word) {
                self.named_accounts.insert(word.to_owned());
            }
            // Only ids a request can carry name an organization.
            if Domain::OrgId.contains(word) {
                self.named_orgs.insert(word.to_owned());
            }
        }
        for part in text.split(['/', ':']) {
            if Domain::Account.contains(part) {
                self.named_accounts.insert(part.to_owned());
            }
        }
    }

    fn principal(&mut self, element: Option<&Principals>) {
        let Some(Principals::Map(entries)) = element else {
            return;
        };
        for entry in entries
            .iter()
            .filter(|e| e.kind.value == PrincipalKind::Aws)
        {
            for value in &entry.values {
                match AwsPrincipal::parse(&value.value) {
                    AwsPrincipal::Everyone | AwsPrincipal::Other(_) => {}
                    AwsPrincipal::Account(account) => {
                        self.principal_accounts.insert(account_of(account));
                        self.named_accounts.insert(account_of(account));
                    }
                    AwsPrincipal::Role { account, arn }
                    | AwsPrincipal::User { account, arn }
                    | AwsPrincipal::AssumedRole { account, arn }
                    | AwsPrincipal::FederatedUser { account, arn } => {
                        self.principal_accounts.insert(account.to_owned());
                        self.named_accounts.insert(account.to_owned());
                        self.principal_arns.insert(arn.to_owned());
                    }
                }
            }
        }
    }

    /// The text with its policy variables turned into `*` (and the space
    /// marked inexact): a variable can take many values.
    fn without_variables(&mut self, text: &str, variables: bool, place: &str) -> String {
        if !variables || !text.contains("${") {
            return text.to_owned();
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("${") {
            out.push_str(rest.get(..at).unwrap_or(""));
            let tail = rest.get(at..).unwrap_or("");
            match tail.find('}') {
                Some(end) => {
                    let inner = tail.get(2..end).unwrap_or("");
                    match inner {
                        "*" => out.push('*'),
                        "?" => out.push('?'),
                        "$" => out.push('$'),
                        _ => {
                            out.push('*');
                            self.inexact.insert(format!(
                                "a policy variable in {place} (`{text}`) takes its value from another field"
                            ));
                        }
                    }
                    rest = tail.get(end + 1..).unwrap_or("");
                }
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The patterns of one clause, added to its slot's. A clause reads its
    /// field only through whether some pattern of it matches (for a set
    /// operator, whether each value matches one), so past [`UNION_AT`]
    /// patterns they are one union: the search then tells apart the
    /// strings that match the clause or not, instead of every combination
    /// of hundreds of patterns. Fewer are kept apart, for the finer classes
    /// (and witnesses) they give `policy diff`.
    fn add_clause(&mut self, slot: Slot, globs: Vec<Glob>) {
        let entry = self.strings.entry(slot).or_default();
        let globs = match Glob::union(&globs).filter(|_| globs.len() > UNION_AT) {
            Some(union) => vec![union],
            None => globs,
        };
        // A pattern the slot already holds splits nothing more (the same
        // clause in two statements, or in both policies `diff` compares):
        // kept twice, the search would pair it with itself to no end.
        for glob in globs {
            if !entry.contains(&glob) {
                entry.push(glob);
            }
        }
    }

    /// The pattern a condition value compares its field with, if it is a
    /// string pattern; other values are recorded where they belong.
    fn value(
        &mut self,
        dim: &Dim,
        slot: Option<&Slot>,
        base: BaseOperator,
        text: &str,
        variables: bool,
    ) -> Option<Glob> {
        match (base.family(), dim) {
            (OperatorFamily::Null, _) => {}
            (OperatorFamily::Numeric | OperatorFamily::String, Dim::Port) => {
                match text.trim().parse::<f64>() {
                    Ok(n) if n.is_finite() => {
                        // Ports are whole numbers: the integers around a bound decide it.
                        #[allow(clippy::cast_possible_truncation)]
                        let (lo, hi) = (n.floor() as i64, n.ceil() as i64);
                        self.ports.insert(lo);
                        self.ports.insert(hi);
                    }
                    _ if base.family() == OperatorFamily::String && text.contains(['*', '?']) => {
                        self.inexact
                            .insert(format!("a wildcard compared with the port (`{text}`)"));
                    }
                    _ => {}
                }
            }
            (OperatorFamily::Date | OperatorFamily::Numeric, Dim::Time) => {
                if let Some(t) = Timestamp::parse(text) {
                    self.times.insert(t.epoch_seconds());
                }
            }
            (OperatorFamily::Ip, Dim::SourceIp) => {
                if let Some(c) = Cidr::parse(text) {
                    self.cidrs.push(c);
                }
            }
            (OperatorFamily::String | OperatorFamily::Arn | OperatorFamily::Bool, _) => {
                if slot.is_none() {
                    if matches!(dim, Dim::Time | Dim::SourceIp) {
                        self.inexact
                            .insert(format!("`{}` compared as text with `{text}`", base.name()));
                    }
                    return None;
                }
                let plain = self.without_variables(text, variables, "a condition value");
                let glob = match base {
                    BaseOperator::StringLike | BaseOperator::StringNotLike => {
                        Glob::wildcard(&plain, false)
                    }
                    BaseOperator::StringEqualsIgnoreCase
                    | BaseOperator::StringNotEqualsIgnoreCase
                    | BaseOperator::Bool => Glob::literal(&plain, true),
                    _ if base.family() == OperatorFamily::Arn => Glob::arn(&plain),
                    _ if plain != text => Glob::wildcard(&plain, false),
                    _ => Glob::literal(&plain, false),
                };
                return Some(glob);
            }
            (family, _) => {
                self.inexact.insert(format!(
                    "`{}` on a field the analysis does not split that way ({family:?})",
                    base.name()
                ));
            }
        }
        None
    }

    /// The distinct atoms of the clauses on `slot` (see
    /// [`Mentions::clause_atoms`]), when every clause on it has one.
    pub(super) fn atoms(&self, slot: &Slot) -> Option<Vec<Glob>> {
        if self.not_atoms.contains(slot) || !slot.takes_atoms() {
            return None;
        }
        let mut atoms: Vec<Glob> = Vec::new();
        for (on, atom) in self.clause_atoms.values() {
            let Some(atom) = atom else { continue };
            if on == slot && !atoms.contains(atom) {
                atoms.push(atom.clone());
            }
        }
        Some(atoms)
    }

    pub(super) fn globs(&self, slot: &Slot) -> &[Glob] {
        self.strings.get(slot).map_or(&[], Vec::as_slice)
    }
}

/// The most patterns of one clause kept apart (see [`Mentions::add_clause`]).
const UNION_AT: usize = 8;

/// The account of an `AWS` principal written as an account id or a root ARN.
fn account_of(value: &str) -> String {
    value
        .strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.split(':').next())
        .unwrap_or(value)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, LoadOptions};

    fn mentions(text: &str) -> Mentions {
        let policy = load_str("t.json", text, LoadOptions::default())
            .policy
            .unwrap();
        Mentions::collect(&[&policy])
    }

    #[test]
    fn names_accounts_and_organizations_wherever_a_caller_is_named() {
        let m = mentions(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5","vpc-lattice-svcs:SourceVpc":"vpc-1"},"NumericLessThan":{"vpc-lattice-svcs:Port":"8080"}}}]}"#,
        );
        assert!(m.named_accounts.contains("111122223333"));
        assert!(m
            .principal_arns
            .contains("arn:aws:iam::111122223333:role/app"));
        assert!(m.named_orgs.contains("o-a1b2c3d4e5"));
        // A network value names no organization or account.
        assert!(!m.named_orgs.contains("vpc-1"));
        assert_eq!(m.globs(&Slot::Vpc).len(), 1);
        assert!(m.ports.contains(&8080));
        assert!(m.values.contains("vpc-1"));
        assert!(m.inexact.is_empty());
    }

    #[test]
    fn variables_make_the_split_inexact() {
        let m = mentions(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-user":"${aws:PrincipalTag/user}"}}}]}"#,
        );
        assert_eq!(m.inexact.len(), 1, "{:?}", m.inexact);
        // Under 2008-10-17 a variable is plain text.
        let m = mentions(
            r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-user":"${aws:PrincipalTag/user}"}}}]}"#,
        );
        assert!(m.inexact.is_empty());
    }
}
