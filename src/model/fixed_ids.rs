//! Account and organization ids known only at deploy time, read by the lint
//! as one fixed value each (decision `unknown-ids-fixed`).
//!
//! `aws:PrincipalOrgID: !Ref OrgId`, `aws:PrincipalAccount:
//! ${AWS::AccountId}` and a principal `arn:${AWS::Partition}:iam::${AWS::AccountId}:root`
//! each name *one* organization or account, whichever is deployed. The
//! bounds of [`Bound`](super::Bound) must read such a value as anything at
//! all (evaluation and `--never` answer for every value), which makes the
//! questions the rules ask ("can a caller of any account get in?") look
//! open. The lint instead puts a *fresh* id in its place: one no literal of
//! the policy names and no pattern of it singles out. Every id the policy
//! does not name behaves alike in the policy, so what the rules find with
//! the fresh id is what they would find with any deployed id other than the
//! policy's own literals; `lint::unknowns` asks again with each of those
//! literals in its place and says "depends on" where the answer changes.
//!
//! Only an unknown that can be nothing but an id is fixed: a condition value
//! of an account or organization key (`aws:PrincipalAccount`,
//! `aws:PrincipalOrgID`, …) written as one reference, and an `AWS` principal
//! or `aws:PrincipalArn` value that is an IAM or STS ARN around one
//! reference in its account field (or the deploying account itself). A
//! choice (`!If`, `? :`), a list function, a `*` or a reference mixed with
//! other text is left to the bounds.

use std::collections::BTreeSet;

use super::{
    names_one_account, BaseOperator, ConditionValue, JsonKind, OperatorFamily, Policy,
    PrincipalEntry, PrincipalKind, Principals, UnknownPlace,
};
use crate::keys::Domain;
use crate::span::Spanned;
use crate::wildcard::{Case, Wildcard};

/// What kind of id an unknown stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKind {
    /// A 12-digit AWS account id.
    Account,
    /// An AWS Organizations id (`o-…`).
    Org,
}

/// One unknown of a policy that stands for one account or organization id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdSlot {
    /// Its index in [`Policy::unknowns`].
    pub unknown: usize,
    /// The reference it reads (`AWS::AccountId`, `OrgId`, `var.org_id`,
    /// `ORG_ID`): two slots with one reference take one value.
    pub reference: String,
    /// Which kind of id.
    pub kind: IdKind,
    /// The text put in its place, with `{}` where the id goes: `{}` itself,
    /// or an ARN.
    template: String,
}

impl IdSlot {
    /// True when the slot's text names its account already (an ARN whose
    /// account is written out, the rest unknown): it takes no id.
    pub fn is_constant(&self) -> bool {
        !self.template.contains("{}")
    }
}

/// Condition keys whose value is one account id.
const ACCOUNT_KEYS: [&str; 4] = [
    "aws:principalaccount",
    "aws:resourceaccount",
    "aws:sourceaccount",
    "vpc-lattice-svcs:sourcevpcowneraccount",
];

/// Condition keys whose value is one organization id.
const ORG_KEYS: [&str; 3] = ["aws:principalorgid", "aws:resourceorgid", "aws:sourceorgid"];

impl Policy {
    /// The unknowns of the policy that stand for one account or organization id.
    pub fn id_slots(&self) -> Vec<IdSlot> {
        let mut out: Vec<IdSlot> = Vec::new();
        for (i, unknown) in self.unknowns.iter().enumerate() {
            let Some(statement) = unknown
                .statement
                .and_then(|s| self.statements.iter().find(|st| st.index == s))
            else {
                continue;
            };
            let negated = statement.principal.as_ref().is_some_and(|p| p.negated);
            let principal = unknown.place == UnknownPlace::PrincipalValues(PrincipalKind::Aws);
            // A principal that names one account whatever its value, which
            // no template here reads: one fresh account of its own.
            let one = principal && !negated && names_one_account(&unknown.expression);
            let Some(template) = template(&unknown.expression) else {
                if one {
                    out.push(one_account(i, &unknown.expression));
                }
                continue;
            };
            let slot = match unknown.place {
                UnknownPlace::PrincipalValues(PrincipalKind::Aws) => {
                    let slot = principal_slot(&template, negated);
                    if slot.is_none() && one {
                        out.push(one_account(i, &unknown.expression));
                    }
                    slot
                }
                UnknownPlace::Values(b, c) => {
                    let Some(block) = statement.condition.as_ref().and_then(|x| x.blocks.get(b))
                    else {
                        continue;
                    };
                    let Some(clause) = block.clauses.get(c) else {
                        continue;
                    };
                    let family = block.operator.value.base.family();
                    let key = clause.key.value.to_ascii_lowercase();
                    if block.operator.value.base == BaseOperator::Null {
                        None
                    } else if family == OperatorFamily::String
                        && ACCOUNT_KEYS.contains(&key.as_str())
                    {
                        whole_reference(&template).map(|r| (r, IdKind::Account, "{}".to_owned()))
                    } else if family == OperatorFamily::String && ORG_KEYS.contains(&key.as_str()) {
                        whole_reference(&template).map(|r| (r, IdKind::Org, "{}".to_owned()))
                    } else if key == "aws:principalarn"
                        && matches!(family, OperatorFamily::String | OperatorFamily::Arn)
                    {
                        exact_arn(&template).map(|(r, t)| (r, IdKind::Account, t))
                    } else {
                        None
                    }
                }
                _ => None,
            };
            if let Some((reference, kind, template)) = slot {
                out.push(IdSlot {
                    unknown: i,
                    reference,
                    kind,
                    template,
                });
            }
        }
        // A reference read as an account in one place and an organization in
        // another is no id the lint can fix.
        let mixed: BTreeSet<String> = out
            .iter()
            .filter(|s| {
                out.iter()
                    .any(|o| o.reference == s.reference && o.kind != s.kind)
            })
            .map(|s| s.reference.clone())
            .collect();
        out.retain(|s| !mixed.contains(&s.reference));
        out
    }

    /// The policy with each slot's unknown replaced by the id `value` gives
    /// its reference (a slot it gives none stays unknown).
    pub fn with_ids(&self, slots: &[IdSlot], value: &dyn Fn(&str) -> Option<String>) -> Policy {
        let mut policy = self.clone();
        let mut fixed: Vec<usize> = Vec::new();
        for slot in slots {
            let Some(unknown) = self.unknowns.get(slot.unknown) else {
                continue;
            };
            let text = if slot.is_constant() {
                slot.template.clone()
            } else {
                let Some(id) = value(&slot.reference) else {
                    continue;
                };
                slot.template.replace("{}", &id)
            };
            let Some(statement) = policy
                .statements
                .iter_mut()
                .find(|s| Some(s.index) == unknown.statement)
            else {
                continue;
            };
            match unknown.place {
                UnknownPlace::PrincipalValues(kind) => {
                    let Some(element) = statement.principal.as_mut() else {
                        continue;
                    };
                    let item = Spanned::new(text, unknown.span);
                    match &mut element.value {
                        Principals::Everyone => {}
                        Principals::Map(entries) => {
                            match entries.iter_mut().find(|e| e.kind.value == kind) {
                                Some(entry) => entry.values.push(item),
                                None => entries.push(PrincipalEntry {
                                    kind: Spanned::new(kind, unknown.span),
                                    values: vec![item],
                                }),
                            }
                        }
                    }
                }
                UnknownPlace::Values(b, c) => {
                    let Some(clause) = statement
                        .condition
                        .as_mut()
                        .and_then(|x| x.blocks.get_mut(b))
                        .and_then(|block| block.clauses.get_mut(c))
                    else {
                        continue;
                    };
                    clause.values.push(ConditionValue {
                        text,
                        json: JsonKind::String,
                        span: unknown.span,
                    });
                }
                _ => continue,
            }
            fixed.push(slot.unknown);
        }
        let mut i = 0;
        policy.unknowns.retain(|_| {
            let keep = !fixed.contains(&i);
            i += 1;
            keep
        });
        policy
    }

    /// The account (or organization) ids the policy's own text names, in
    /// its principals and condition values.
    pub fn literal_ids(&self, kind: IdKind) -> BTreeSet<String> {
        let domain = match kind {
            IdKind::Account => Domain::Account,
            IdKind::Org => Domain::OrgId,
        };
        let mut out = BTreeSet::new();
        for text in texts(self) {
            for word in text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-') {
                if domain.contains(word) {
                    out.insert(word.to_owned());
                }
            }
            for part in text.split(['/', ':']) {
                if domain.contains(part) {
                    out.insert(part.to_owned());
                }
            }
        }
        out
    }

    /// A fresh id of `kind`: none of `taken`, not in the policy's text, and
    /// matched by none of its patterns that single ids out (a pattern with a
    /// digit in it: `arn:aws:iam::1111*` does, `arn:aws:iam::*:root`
    /// matches every account alike).
    pub fn fresh_id(&self, kind: IdKind, taken: &[String]) -> String {
        let texts: Vec<&str> = texts(self).collect();
        let patterns: Vec<Wildcard> = texts
            .iter()
            .filter(|t| {
                (t.contains('*') || t.contains('?')) && t.chars().any(|c| c.is_ascii_digit())
            })
            .map(|t| Wildcard::parse(t))
            .collect();
        // A readable first candidate, then a scramble, so that no one
        // prefix pattern excludes them all.
        let mut n: u64 = 0;
        let mut x: u64 = 210_000_000_000;
        loop {
            let id = match kind {
                IdKind::Account => format!("{x:012}"),
                IdKind::Org if n == 0 => "o-deployed0000".to_owned(),
                IdKind::Org => {
                    let mut rest = String::with_capacity(10);
                    let mut y = x;
                    for _ in 0..10 {
                        let digit = u32::try_from(y % 36).unwrap_or(0);
                        rest.extend(char::from_digit(digit, 36));
                        y /= 36;
                    }
                    format!("o-{rest}")
                }
            };
            n += 1;
            x = (x.wrapping_mul(48_271).wrapping_add(12_345)) % 1_000_000_000_000;
            let probes = [
                id.clone(),
                format!("arn:aws:iam::{id}:root"),
                format!("arn:aws:iam::{id}:role/deployed"),
            ];
            let named = taken.contains(&id)
                || texts.iter().any(|t| t.contains(id.as_str()))
                || patterns
                    .iter()
                    .any(|p| probes.iter().any(|s| p.matches(s, Case::Insensitive)));
            // The ids are searched a bounded number of times; past it, the
            // last one is as good as any.
            if !named || n > 1_000 {
                return id;
            }
        }
    }
}

/// The slot of an `AWS` principal that names one account's principals
/// whatever its value ([`names_one_account`]) but no reference the lint can
/// read: the whole account of its own, one fresh account per expression.
fn one_account(unknown: usize, expression: &str) -> IdSlot {
    IdSlot {
        unknown,
        reference: expression.to_owned(),
        kind: IdKind::Account,
        template: "arn:aws:iam::{}:root".to_owned(),
    }
}

/// Every principal value and condition value of the policy.
fn texts(policy: &Policy) -> impl Iterator<Item = &str> {
    policy.statements.iter().flat_map(|s| {
        let principals = s.principal.iter().flat_map(|p| match &p.value {
            Principals::Everyone => Vec::new(),
            Principals::Map(entries) => entries
                .iter()
                .flat_map(|e| e.values.iter().map(|v| v.value.as_str()))
                .collect(),
        });
        let values = s
            .condition
            .iter()
            .flat_map(|c| &c.blocks)
            .flat_map(|b| &b.clauses)
            .flat_map(|c| c.values.iter().map(|v| v.text.as_str()));
        principals.chain(values)
    })
}

/// An `AWS` principal's slot: the deploying account (`AWS::AccountId`,
/// `data.aws_caller_identity.x.account_id`) as itself, or an IAM/STS ARN
/// around one reference in its account field: exactly, or (for a positive
/// `Principal` whose other parts are unknown too) as the whole account,
/// which holds every principal the ARN could name.
fn principal_slot(template: &str, negated: bool) -> Option<(String, IdKind, String)> {
    if let Some(reference) = whole_reference(template) {
        return names_the_deploying_account(&reference)
            .then(|| (reference, IdKind::Account, "{}".to_owned()));
    }
    if let Some((reference, exact)) = exact_arn(template) {
        return Some((reference, IdKind::Account, exact));
    }
    if negated {
        return None;
    }
    if let Some(account) = literal_account(template) {
        // The account is written out: its whole account, no id to choose.
        return Some((
            format!("={account}"),
            IdKind::Account,
            format!("arn:aws:iam::{account}:root"),
        ));
    }
    let (reference, _) = arn_account(template)?;
    Some((
        reference,
        IdKind::Account,
        "arn:aws:iam::{}:root".to_owned(),
    ))
}

/// True for a reference to the deploying account itself.
fn names_the_deploying_account(reference: &str) -> bool {
    reference == "AWS::AccountId"
        || (reference.starts_with("data.aws_caller_identity.")
            && reference.ends_with(".account_id")
            && reference.matches('.').count() == 3)
}

/// The reference of a template that is one placeholder and nothing else.
fn whole_reference(template: &str) -> Option<String> {
    let inner = template.strip_prefix("${")?.strip_suffix('}')?;
    is_reference(inner).then(|| inner.to_owned())
}

/// An IAM or STS ARN template whose only unknown is its account field (its
/// partition may be unknown too: a Lattice caller's is `aws`): the reference,
/// and the ARN with `{}` for the account.
fn exact_arn(template: &str) -> Option<(String, String)> {
    let (reference, rest) = arn_account(template)?;
    if rest.contains('$') {
        return None;
    }
    let service = if template.contains(":sts::") {
        "sts"
    } else {
        "iam"
    };
    Some((reference, format!("arn:aws:{service}::{{}}:{rest}")))
}

/// For an IAM or STS ARN template with one reference as its account field:
/// the reference, and the text after the account's `:`.
fn arn_account(template: &str) -> Option<(String, &str)> {
    let after = template.strip_prefix("arn:")?;
    // The partition: `aws`, or a placeholder for it.
    let after = match after.strip_prefix("${") {
        Some(rest) => rest.split_once("}:")?.1,
        None => after.split_once(':')?.1,
    };
    let after = after
        .strip_prefix("iam::")
        .or_else(|| after.strip_prefix("sts::"))?;
    let inner_and_rest = after.strip_prefix("${")?;
    let (inner, rest) = inner_and_rest.split_once('}')?;
    let rest = rest.strip_prefix(':')?;
    (is_reference(inner) && !rest.is_empty() && !rest.contains('*') && !rest.contains('?'))
        .then(|| (inner.to_owned(), rest))
}

/// The 12-digit account of an IAM or STS ARN template that holds
/// placeholders after it only.
fn literal_account(template: &str) -> Option<&str> {
    let after = template.strip_prefix("arn:aws:")?;
    let after = after
        .strip_prefix("iam::")
        .or_else(|| after.strip_prefix("sts::"))?;
    let (account, rest) = after.split_once(':')?;
    (Domain::Account.contains(account) && !rest.contains('*') && !rest.contains('?'))
        .then_some(account)
}

/// True for a reference: a parameter, variable, attribute or placeholder
/// name, nothing computed.
fn is_reference(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('!')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-' | '[' | ']'))
}

/// The expression as text with `${reference}` placeholders: a `!Sub`,
/// `Fn::Sub`, `!Ref`, `Ref` or `Fn::Join` of strings and references, a
/// Terraform interpolation or reference, a manifest's `$VAR`/`${VAR}`.
/// `None` for anything else (a choice, a list function, a map lookup).
fn template(expression: &str) -> Option<String> {
    let e = expression.trim();
    if let Some(rest) = e.strip_prefix("!Sub") {
        return Some(unquote(rest.trim()).to_owned());
    }
    if let Some(rest) = e.strip_prefix("!Ref") {
        return Some(format!("${{{}}}", unquote(rest.trim())));
    }
    if e.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(e).ok()?;
        return json_template(&value);
    }
    let e = unquote(e);
    if e.contains('$') {
        return dollar_names(e);
    }
    // A Terraform reference (`var.org_id`, `data.x.y.account_id`).
    (e.contains('.') && is_reference(e)).then(|| format!("${{{e}}}"))
}

/// A JSON intrinsic as a template: `{"Ref": X}`, `{"Fn::Sub": "…"}`,
/// `{"Fn::Join": ["", [strings and Refs]]}`.
fn json_template(value: &serde_json::Value) -> Option<String> {
    let object = value.as_object().filter(|o| o.len() == 1)?;
    let (name, argument) = object.iter().next()?;
    match name.as_str() {
        "Ref" => Some(format!("${{{}}}", argument.as_str()?)),
        "Fn::Sub" => argument.as_str().map(str::to_owned),
        "Fn::Join" => {
            let parts = argument.as_array()?;
            let separator = parts.first()?.as_str()?;
            let items = parts.get(1)?.as_array()?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item.as_str() {
                    Some(text) if !text.contains('$') => out.push(text.to_owned()),
                    Some(_) => return None,
                    None => out.push(json_template(item).filter(|t| whole_reference(t).is_some())?),
                }
            }
            Some(out.join(separator))
        }
        _ => None,
    }
}

/// A text with `$NAME` placeholders written as `${NAME}` (a `${…}` stays).
fn dollar_names(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 4);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'{') {
            out.push('$');
            continue;
        }
        let mut name = String::new();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphanumeric() || n == '_' {
                name.push(n);
                chars.next();
            } else {
                break;
            }
        }
        if name.is_empty() {
            return None;
        }
        out.push_str("${");
        out.push_str(&name);
        out.push('}');
    }
    Some(out)
}

/// The text without one pair of surrounding quotes.
fn unquote(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_read_as_templates() {
        for (expression, expected) in [
            ("!Ref OrgId", "${OrgId}"),
            (r#"{"Ref": "OrganizationId"}"#, "${OrganizationId}"),
            ("${ORG_ID}", "${ORG_ID}"),
            ("$ORG_ID", "${ORG_ID}"),
            ("var.org_id", "${var.org_id}"),
            (r#""${var.org_id}""#, "${var.org_id}"),
            (
                r#"!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root""#,
                "arn:${AWS::Partition}:iam::${AWS::AccountId}:root",
            ),
            (
                r#"{"Fn::Join": ["", ["arn:aws:iam::", {"Ref": "AWS::AccountId"}, ":root"]]}"#,
                "arn:aws:iam::${AWS::AccountId}:root",
            ),
            (
                "arn:aws:iam::$ACCOUNT:role/app",
                "arn:aws:iam::${ACCOUNT}:role/app",
            ),
        ] {
            assert_eq!(
                template(expression).as_deref(),
                Some(expected),
                "{expression}"
            );
        }
        for other in [
            "!If [IsProd, !Ref A, !Ref B]",
            "!FindInMap [M, !Ref Stage, Org]",
            "var.open ? \"*\" : var.org",
            r#"{"Fn::If": ["C", "a", "b"]}"#,
            "!GetAtt Role.Arn",
        ] {
            let fixed = template(other).and_then(|t| whole_reference(&t));
            assert_eq!(fixed, None, "{other}");
        }
    }

    #[test]
    fn arns_fix_their_account_field_only() {
        assert_eq!(
            exact_arn("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ops"),
            Some((
                "AWS::AccountId".to_owned(),
                "arn:aws:iam::{}:role/ops".to_owned()
            ))
        );
        assert_eq!(
            exact_arn("arn:aws:sts::${A}:assumed-role/r/s"),
            Some((
                "A".to_owned(),
                "arn:aws:sts::{}:assumed-role/r/s".to_owned()
            ))
        );
        // Another unknown part: not exact; a positive principal takes the
        // whole account, a negated one is left to the bounds.
        assert_eq!(exact_arn("arn:aws:iam::${A}:role/${Name}"), None);
        assert_eq!(
            principal_slot("arn:aws:iam::${A}:role/${Name}", false),
            Some((
                "A".to_owned(),
                IdKind::Account,
                "arn:aws:iam::{}:root".to_owned()
            ))
        );
        assert_eq!(principal_slot("arn:aws:iam::${A}:role/${Name}", true), None);
        // A literal account, a wildcard, a prefix glued to the reference.
        assert_eq!(arn_account("arn:aws:iam::111122223333:role/${Name}"), None);
        assert_eq!(arn_account("arn:aws:iam::${A}:role/*"), None);
        assert_eq!(arn_account("arn:aws:iam::x${A}:root"), None);
        // A bare reference is an account only when it is the deploying one.
        assert!(principal_slot("${AWS::AccountId}", false).is_some());
        assert!(principal_slot("${data.aws_caller_identity.current.account_id}", false).is_some());
        assert_eq!(principal_slot("${AllowedPrincipal}", false), None);
    }

    /// The policy of `body`'s statements, each string `{{EXPR}}` the unknown `EXPR`.
    fn policy(body: &str) -> Policy {
        fn mark(node: &mut crate::json::Node<'_>) {
            use crate::json::Value;
            match &mut node.value {
                Value::String(s) => {
                    if let Some(inner) = s.strip_prefix("{{").and_then(|r| r.strip_suffix("}}")) {
                        node.value = Value::Unknown(std::borrow::Cow::Owned(inner.to_owned()));
                    }
                }
                Value::Array(items) => items.iter_mut().for_each(mark),
                Value::Object(members) => members.iter_mut().for_each(|m| mark(&mut m.value)),
                _ => {}
            }
        }
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{body}]}}"#);
        let parsed = crate::json::parse(&text);
        let mut root = parsed.root.unwrap();
        mark(&mut root);
        crate::lower::lower(&root, super::super::PolicyKind::Auth).policy
    }

    #[test]
    fn ids_are_found_by_their_place_and_one_reference_is_one_id() {
        let p = policy(
            r#"{"Effect":"Allow","Principal":{"AWS":"{{!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ops}}"},"Action":"*","Resource":"*",
                "Condition":{"StringEquals":{"aws:PrincipalAccount":"{{!Ref AWS::AccountId}}","aws:PrincipalOrgID":"{{$ORG_ID}}","vpc-lattice-svcs:SourceVpc":"{{!Ref VpcId}}"},
                             "StringLike":{"aws:PrincipalOrgID":"{{!If [C, o-a, o-b]}}"}}}"#,
        );
        let slots = p.id_slots();
        let found: Vec<(&str, IdKind)> = slots
            .iter()
            .map(|s| (s.reference.as_str(), s.kind))
            .collect();
        // The VPC is no id and the choice may be either literal: both stay unknown.
        assert_eq!(
            found,
            [
                ("AWS::AccountId", IdKind::Account),
                ("AWS::AccountId", IdKind::Account),
                ("ORG_ID", IdKind::Org)
            ]
        );
        let fixed = p.with_ids(&slots, &|r| {
            Some(
                if r == "ORG_ID" {
                    "o-deployed0000"
                } else {
                    "210000000000"
                }
                .to_owned(),
            )
        });
        assert_eq!(fixed.unknowns.len(), 2);
        let s = &fixed.statements[0];
        let Some(Principals::Map(entries)) = s.principal.as_ref().map(|p| &p.value) else {
            panic!("a map");
        };
        assert_eq!(
            entries[0].values[0].value,
            "arn:aws:iam::210000000000:role/ops"
        );
        let clauses = &s.condition.as_ref().unwrap().blocks[0].clauses;
        assert_eq!(clauses[0].values[0].text, "210000000000");
        assert_eq!(clauses[1].values[0].text, "o-deployed0000");
        assert!(clauses[2].values.is_empty());
        // The fixed value stands where the unknown was written.
        assert_eq!(clauses[0].values[0].span, p.unknowns[1].span);
    }

    #[test]
    fn fresh_ids_are_named_nowhere_in_the_policy() {
        let p = policy(
            r#"{"Effect":"Allow","Principal":{"AWS":["210000000000","arn:aws:iam::21*:root"]},"Action":"*","Resource":"*",
                "Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-deployed0000","{{var.org}}"]}}}"#,
        );
        assert_eq!(
            p.literal_ids(IdKind::Account)
                .into_iter()
                .collect::<Vec<_>>(),
            ["210000000000"]
        );
        assert_eq!(
            p.literal_ids(IdKind::Org).into_iter().collect::<Vec<_>>(),
            ["o-deployed0000"]
        );
        let account = p.fresh_id(IdKind::Account, &[]);
        // Neither the literal nor one the pattern `21*` singles out.
        assert!(!account.starts_with("21"), "{account}");
        assert!(Domain::Account.contains(&account), "{account}");
        let org = p.fresh_id(IdKind::Org, &[]);
        assert_ne!(org, "o-deployed0000");
        assert!(Domain::OrgId.contains(&org), "{org}");
        assert_ne!(p.fresh_id(IdKind::Org, std::slice::from_ref(&org)), org);
    }
}
