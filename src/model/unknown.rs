//! Values known only at deploy time, and the two concrete policies that bound
//! every policy they could make (docs/semantics.md, decision
//! `unknown-values-bounded`).
//!
//! A policy found in an infrastructure file may hold a CloudFormation
//! intrinsic, a Terraform reference or a `$VAR` placeholder where a string
//! belongs. Lowering leaves such a value out of the element it stands in (so
//! no rule judges text that is not there) and records it here with its place.
//! The evaluator and the analysis never see an unknown: they work on the
//! [`Bound::Permissive`] policy (each unknown chosen to let the most requests
//! in) and the [`Bound::Restrictive`] one (the fewest). Whatever the deployed
//! values are, the requests the policy allows lie between the two: a request
//! both allow is allowed, one neither allows is denied, and one only the
//! permissive bound allows depends on the unknowns.

use std::borrow::Cow;

use super::{
    BaseOperator, Clause, ConditionBlock, ConditionValue, Effect, JsonKind, Operator, Patterns,
    Policy, PolicyKind, PrincipalElement, PrincipalEntry, PrincipalKind, Principals, SetQualifier,
    Statement,
};
use crate::span::{Span, Spanned};

/// One value known only at deploy time, and where it stands in the policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// The expression as written (`!Ref pOrgId`, `var.account_id`), for messages.
    pub expression: String,
    /// Where it was written.
    pub span: Span,
    /// The [`Statement::index`] of its statement (for [`UnknownPlace::Statement`],
    /// the position the unknown statement holds), or `None` for `Version`.
    pub statement: Option<usize>,
    /// What it stands for.
    pub place: UnknownPlace,
}

/// What an unknown value stands for. A place that takes a list (an `Action`,
/// a principal kind, a condition clause) may hold one unknown item or be
/// unknown as a whole: either way the unknown stands for any number of items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnknownPlace {
    /// `Version`: read as `2012-10-17` (decision `unknown-values-bounded`).
    Version,
    /// A whole statement (an item of `Statement`, or `Statement` itself).
    Statement,
    /// `Effect`: `Allow` or `Deny`.
    Effect,
    /// The whole `Principal`/`NotPrincipal` value.
    Principal,
    /// Values of one principal kind (`{"AWS": ...}`).
    PrincipalValues(PrincipalKind),
    /// Items of `Action`/`NotAction`.
    Action,
    /// Items of `Resource`/`NotResource`.
    Resource,
    /// The whole `Condition` value.
    Condition,
    /// The whole value of one operator block (its index in the statement's condition).
    Block(usize),
    /// Values of one clause: its block's index, and its index in the block.
    Values(usize, usize),
}

impl UnknownPlace {
    /// The element, as a person names it: "`Effect`", "a condition value".
    pub fn describe(self) -> &'static str {
        match self {
            UnknownPlace::Version => "`Version`",
            UnknownPlace::Statement => "a statement",
            UnknownPlace::Effect => "`Effect`",
            UnknownPlace::Principal | UnknownPlace::PrincipalValues(_) => "a principal",
            UnknownPlace::Action => "an action",
            UnknownPlace::Resource => "a resource",
            UnknownPlace::Condition => "`Condition`",
            UnknownPlace::Block(_) => "a condition block",
            UnknownPlace::Values(..) => "a condition value",
        }
    }
}

/// Which of the two policies bounding a policy with unknowns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound {
    /// Every unknown chosen to allow the most: `Allow` statements apply as
    /// widely and `Deny` statements as narrowly as any value could make them,
    /// an unknown `Effect` is `Allow`. It allows every request some deployed
    /// value allows (and possibly more).
    Permissive,
    /// Every unknown chosen to allow the least: the other way round, an
    /// unknown `Effect` is `Deny`. Every request it allows is allowed whatever
    /// the deployed values are.
    Restrictive,
    /// The restrictive bound, except that an unknown value under a positive
    /// condition operator of an `Allow`, on a key the request chooses (not
    /// one about its caller, `aws:Principal...`), matches whatever the
    /// request sends: a request can always be made to send the deployed value. When this
    /// bound lets some request of a kind in (an anonymous one), every deployed
    /// value lets some request of that kind in, though maybe not the same
    /// one: it makes "open for every value" findings certain.
    Adaptive,
}

impl Policy {
    /// True when the policy holds a value known only at deploy time.
    pub fn has_unknowns(&self) -> bool {
        !self.unknowns.is_empty()
    }

    /// The unknowns of the statement with this [`Statement::index`].
    pub fn unknowns_in(&self, statement: usize) -> impl Iterator<Item = &Unknown> {
        self.unknowns
            .iter()
            .filter(move |u| u.statement == Some(statement))
    }

    /// The concrete policy bounding this one on the side `bound` (decision
    /// `unknown-values-bounded`): the policy itself, borrowed, when it holds no
    /// unknown, so a policy without unknowns costs nothing.
    pub fn bound(&self, bound: Bound) -> Cow<'_, Policy> {
        if !self.has_unknowns() {
            return Cow::Borrowed(self);
        }
        let mut statements = Vec::with_capacity(self.statements.len());
        for statement in &self.statements {
            let unknowns: Vec<&Unknown> = self.unknowns_in(statement.index).collect();
            if unknowns.is_empty() {
                statements.push(statement.clone());
                continue;
            }
            let unknown_effect = unknowns.iter().any(|u| u.place == UnknownPlace::Effect);
            let effect = match (unknown_effect, bound) {
                (false, _) => statement.effect.value,
                (true, Bound::Permissive) => Effect::Allow,
                (true, Bound::Restrictive | Bound::Adaptive) => Effect::Deny,
            };
            // An `Allow` opens access and a `Deny` closes it: the permissive
            // bound widens the one and narrows the other.
            let wide = unknown_effect || (effect == Effect::Allow) == (bound == Bound::Permissive);
            let adapt = bound == Bound::Adaptive;
            for mut s in rewrite(statement, &unknowns, wide, adapt) {
                s.effect = Spanned::new(effect, statement.effect.span);
                statements.push(s);
            }
        }
        // A whole unknown statement may allow or deny anything.
        for unknown in self
            .unknowns
            .iter()
            .filter(|u| u.place == UnknownPlace::Statement)
        {
            let effect = match bound {
                Bound::Permissive => Effect::Allow,
                Bound::Restrictive | Bound::Adaptive => Effect::Deny,
            };
            statements.push(everything(unknown, effect, self.kind));
        }
        statements.sort_by_key(|s| s.index);
        Cow::Owned(Policy {
            kind: self.kind,
            version: self.version.clone(),
            id: self.id.clone(),
            statements,
            span: self.span,
            unknowns: Vec::new(),
        })
    }
}

/// The statement with each unknown chosen to make it apply as widely
/// (`wide`) or as narrowly as any value could: none when the narrowest
/// choice makes it apply to no request, and a second statement for the
/// signed callers of every account when widening a principal that names one
/// account ([`names_one_account`]).
/// `adapt`: an unknown value under a positive operator matches what the
/// request sends even when narrowing ([`Bound::Adaptive`]).
fn rewrite(
    statement: &Statement,
    unknowns: &[&Unknown],
    wide: bool,
    adapt: bool,
) -> Vec<Statement> {
    let mut signed_callers: Option<Span> = None;
    let Some(s) = rewrite_one(statement, unknowns, wide, adapt, &mut signed_callers) else {
        return Vec::new();
    };
    match signed_callers {
        // The statement names no one but the unknown: the copy alone stands for it.
        Some(span) if names_no_one(&s) => vec![signed_copy(&s, span)],
        Some(span) => {
            let copy = signed_copy(&s, span);
            vec![s, copy]
        }
        None => vec![s],
    }
}

/// True for a condition key about who the caller is (`aws:PrincipalOrgID`,
/// `aws:PrincipalAccount`, `aws:PrincipalType`, ...), which a request cannot
/// choose.
fn describes_the_caller(key: &str) -> bool {
    key.get(..13)
        .is_some_and(|p| p.eq_ignore_ascii_case("aws:principal"))
}

/// `rewrite` for the statement itself; sets `signed_callers` to the span of
/// an unknown principal that names one account, when widening one.
fn rewrite_one(
    statement: &Statement,
    unknowns: &[&Unknown],
    wide: bool,
    adapt: bool,
    signed_callers: &mut Option<Span>,
) -> Option<Statement> {
    let mut s = statement.clone();
    // Clauses turned into `Null` tests, added after the blocks' own indices are used.
    let mut null_tests: Vec<Clause> = Vec::new();
    let mut dropped_blocks: Vec<usize> = Vec::new();
    let mut dropped_clauses: Vec<(usize, usize)> = Vec::new();
    let mut negated_nulls: Vec<Clause> = Vec::new();
    for unknown in unknowns {
        match unknown.place {
            UnknownPlace::Version | UnknownPlace::Statement | UnknownPlace::Effect => {}
            UnknownPlace::Principal => {
                let element = s.principal.as_mut()?;
                // A positive element widened, or a negated one narrowed, names everyone.
                if wide != element.negated {
                    element.value = Principals::Everyone;
                } else if !element.negated {
                    return None;
                }
                // A `NotPrincipal` widened excludes no one: the empty map it already is.
            }
            UnknownPlace::PrincipalValues(kind) => {
                let element = s.principal.as_mut()?;
                if kind == PrincipalKind::Aws && wide != element.negated {
                    if wide && names_one_account(&unknown.expression) {
                        // Every value names one account's principals: all of
                        // them together are every signed caller, never anonymous.
                        signed_callers.get_or_insert(unknown.span);
                    } else {
                        add_everyone(element, unknown.span);
                    }
                }
                // Other kinds name no Lattice caller whatever their value
                // (decision `unmodelled-principals-match-nothing`): leaving
                // the value out is exact.
            }
            UnknownPlace::Action => widen_patterns(&mut s.action, wide, unknown.span),
            UnknownPlace::Resource => widen_patterns(&mut s.resource, wide, unknown.span),
            UnknownPlace::Condition => {
                if !wide {
                    return None;
                }
                s.condition = None;
            }
            UnknownPlace::Block(block) => {
                if !wide {
                    return None;
                }
                dropped_blocks.push(block);
            }
            UnknownPlace::Values(block, clause) => {
                let Some(b) = s.condition.as_ref().and_then(|c| c.blocks.get(block)) else {
                    continue;
                };
                let Some(c) = b.clauses.get(clause) else {
                    continue;
                };
                let operator = b.operator.value;
                // A request chooses its method, path, headers and network,
                // so it can always send the deployed value; it cannot choose
                // who its caller is: an unknown organization, account or
                // principal type narrows the callers for every value, and
                // adapting it would call access open to every caller that
                // each value keeps out.
                let adapts = adapt
                    && !operator.base.is_negated()
                    && operator.base != BaseOperator::Null
                    && !describes_the_caller(&c.key.value);
                match any_value(operator, wide || adapts) {
                    AnyValue::Known => {}
                    AnyValue::Always => dropped_clauses.push((block, clause)),
                    AnyValue::Never => return None,
                    AnyValue::Present(present) => {
                        dropped_clauses.push((block, clause));
                        let test = null_test(c);
                        if present {
                            null_tests.push(test);
                        } else {
                            negated_nulls.push(test);
                        }
                    }
                }
            }
        }
    }
    if let Some(condition) = s.condition.as_mut() {
        for (b, block) in condition.blocks.iter_mut().enumerate() {
            let mut i = 0;
            block.clauses.retain(|_| {
                let keep = !dropped_clauses.contains(&(b, i));
                i += 1;
                keep
            });
        }
        let mut b = 0;
        condition.blocks.retain(|_| {
            let keep = !dropped_blocks.contains(&b);
            b += 1;
            keep
        });
        for (present, tests) in [(true, null_tests), (false, negated_nulls)] {
            if let Some(first) = tests.first() {
                condition.blocks.push(ConditionBlock {
                    operator: Spanned::new(
                        Operator {
                            qualifier: None,
                            base: BaseOperator::Null,
                            if_exists: false,
                        },
                        first.key.span,
                    ),
                    span: first.span,
                    clauses: tests
                        .into_iter()
                        .map(|mut c| {
                            c.values = vec![flag(!present, c.span)];
                            c
                        })
                        .collect(),
                });
            }
        }
    }
    Some(s)
}

/// A positive `Action`/`Resource` widened, or a negated one narrowed, gains
/// `*`; otherwise the unknown item stays left out.
fn widen_patterns(patterns: &mut Patterns, wide: bool, span: Span) {
    if wide != patterns.negated {
        patterns.items.push(Spanned::new("*".to_string(), span));
    }
}

/// True when no value of the expression can be `*`: a principal value
/// that is not `*` names one account's principals at most. So it is when
/// the expression writes text of its own around the unknown parts, such as
/// a principal ARN (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`,
/// a `Fn::Join` of `arn:aws:iam::` and a reference), and chooses no `*`
/// (no `*` written, no `Fn::If` or `? :` choice); or when it is the
/// deploying account itself (`AWS::AccountId`,
/// `data.aws_caller_identity.x.account_id`).
pub fn names_one_account(expression: &str) -> bool {
    if expression.contains("arn:") {
        return !expression.contains('*')
            && !expression.contains("If")
            && !expression.contains('?');
    }
    let core: String = expression
        .chars()
        .filter(|c| !"\"'{}$ ".contains(*c))
        .collect();
    let core = core
        .strip_prefix("!Ref")
        .or_else(|| core.strip_prefix("Ref:"))
        .unwrap_or(&core);
    core == "AWS::AccountId"
        || (core.starts_with("data.aws_caller_identity.")
            && core.ends_with(".account_id")
            && core.matches('.').count() == 3)
}

/// True when the statement's `Principal` map lists no value at all.
fn names_no_one(statement: &Statement) -> bool {
    matches!(
        statement.principal.as_ref().map(|p| &p.value),
        Some(Principals::Map(entries)) if entries.iter().all(|e| e.values.is_empty())
    )
}

/// The statement for every signed caller: `statement` with `Principal` `*`
/// and a condition shutting anonymous callers out, at the unknown's place.
fn signed_copy(statement: &Statement, span: Span) -> Statement {
    let mut copy = statement.clone();
    copy.principal = Some(PrincipalElement {
        negated: false,
        key_span: span,
        span,
        value: Principals::Everyone,
    });
    let block = ConditionBlock {
        operator: Spanned::new(
            Operator {
                qualifier: None,
                base: BaseOperator::StringNotEqualsIgnoreCase,
                if_exists: false,
            },
            span,
        ),
        span,
        clauses: vec![Clause {
            key: Spanned::new("aws:PrincipalType".to_string(), span),
            span,
            is_list: false,
            values: vec![ConditionValue {
                text: "Anonymous".to_string(),
                json: JsonKind::String,
                span,
            }],
        }],
    };
    match copy.condition.as_mut() {
        Some(condition) => condition.blocks.push(block),
        None => {
            copy.condition = Some(super::Condition {
                key_span: span,
                span,
                blocks: vec![block],
            })
        }
    }
    copy
}

/// Adds `"AWS": "*"` (everyone) to a principal map.
fn add_everyone(element: &mut PrincipalElement, span: Span) {
    match &mut element.value {
        Principals::Everyone => {}
        Principals::Map(entries) => {
            let star = Spanned::new("*".to_string(), span);
            match entries
                .iter_mut()
                .find(|e| e.kind.value == PrincipalKind::Aws)
            {
                Some(entry) => entry.values.push(star),
                None => entries.push(PrincipalEntry {
                    kind: Spanned::new(PrincipalKind::Aws, span),
                    values: vec![star],
                }),
            }
        }
    }
}

/// What a clause becomes when its unknown values are chosen to make it hold
/// most (`wide`) or least.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AnyValue {
    /// The clause with only its known values: the unknown matches nothing.
    Known,
    /// The clause always holds.
    Always,
    /// The clause never holds.
    Never,
    /// The clause holds exactly when the key is present (`true`) or missing (`false`).
    Present(bool),
}

/// An unknown value matching no request value makes a positive operator
/// hold less and a negated one more; matching every value, the other way
/// round. The extreme that holds most (`wide`) or least is the clause with its
/// known values only, or what the operator gives when the unknown matches
/// every value. Each answer is the exact extreme or errs on the side of its
/// bound (wider when widening, narrower when narrowing).
fn any_value(operator: Operator, wide: bool) -> AnyValue {
    let negated = operator.base.is_negated();
    if wide == negated {
        return AnyValue::Known;
    }
    if operator.base == BaseOperator::Null {
        // Either answer to "is it null?" could be the one written.
        return AnyValue::Always;
    }
    match (negated, operator.qualifier, operator.if_exists) {
        // Widening a positive operator: the unknown matches whatever the key holds.
        (false, Some(SetQualifier::ForAllValues), _) | (false, _, true) => AnyValue::Always,
        (false, _, false) => AnyValue::Present(true),
        // Narrowing a negated operator: every value the key holds matches
        // the unknown, so only a missing key (or none of its values) passes.
        (true, Some(SetQualifier::ForAnyValue), false) => AnyValue::Never,
        (true, _, _) => AnyValue::Present(false),
    }
}

/// The clause as a `Null` test on its key, at its place (its value is set
/// when the test's block is made).
fn null_test(clause: &Clause) -> Clause {
    Clause {
        key: clause.key.clone(),
        span: clause.span,
        is_list: false,
        values: Vec::new(),
    }
}

/// `"true"` or `"false"` as a `Null` value.
fn flag(value: bool, span: Span) -> ConditionValue {
    ConditionValue {
        text: value.to_string(),
        json: JsonKind::String,
        span,
    }
}

/// A statement that applies to every request, for a whole unknown statement.
fn everything(unknown: &Unknown, effect: Effect, kind: PolicyKind) -> Statement {
    let span = unknown.span;
    let all = || Patterns {
        negated: false,
        key_span: span,
        span,
        items: vec![Spanned::new("*".to_string(), span)],
    };
    Statement {
        index: unknown.statement.unwrap_or(usize::MAX),
        span,
        sid: None,
        effect: Spanned::new(effect, span),
        principal: (kind == PolicyKind::Auth).then_some(PrincipalElement {
            negated: false,
            key_span: span,
            span,
            value: Principals::Everyone,
        }),
        action: all(),
        resource: all(),
        condition: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(text: &str) -> Operator {
        Operator::parse(text).unwrap()
    }

    #[test]
    fn a_positive_operator_widens_to_present_and_narrows_to_its_known_values() {
        assert_eq!(any_value(op("StringEquals"), true), AnyValue::Present(true));
        assert_eq!(
            any_value(op("ForAnyValue:StringLike"), true),
            AnyValue::Present(true)
        );
        assert_eq!(
            any_value(op("StringEqualsIfExists"), true),
            AnyValue::Always
        );
        assert_eq!(
            any_value(op("ForAllValues:StringEquals"), true),
            AnyValue::Always
        );
        assert_eq!(any_value(op("IpAddress"), true), AnyValue::Present(true));
        assert_eq!(any_value(op("StringEquals"), false), AnyValue::Known);
        assert_eq!(any_value(op("Null"), true), AnyValue::Always);
        assert_eq!(any_value(op("Null"), false), AnyValue::Known);
    }

    #[test]
    fn a_negated_operator_widens_to_its_known_values_and_narrows_to_missing() {
        assert_eq!(any_value(op("StringNotEquals"), true), AnyValue::Known);
        assert_eq!(
            any_value(op("StringNotEquals"), false),
            AnyValue::Present(false)
        );
        assert_eq!(
            any_value(op("NotIpAddressIfExists"), false),
            AnyValue::Present(false)
        );
        assert_eq!(
            any_value(op("ForAllValues:StringNotLike"), false),
            AnyValue::Present(false)
        );
        assert_eq!(
            any_value(op("ForAnyValue:StringNotEquals"), false),
            AnyValue::Never
        );
        assert_eq!(
            any_value(op("ForAnyValue:StringNotEqualsIfExists"), false),
            AnyValue::Present(false)
        );
    }

    fn statement(negated: bool) -> Statement {
        let span = Span::at(0);
        let patterns = |negated| Patterns {
            negated,
            key_span: span,
            span,
            items: Vec::new(),
        };
        Statement {
            index: 0,
            span,
            sid: None,
            effect: Spanned::new(Effect::Allow, span),
            principal: Some(PrincipalElement {
                negated,
                key_span: span,
                span,
                value: Principals::Map(Vec::new()),
            }),
            action: patterns(negated),
            resource: patterns(false),
            condition: None,
        }
    }

    fn unknown(place: UnknownPlace) -> Unknown {
        Unknown {
            expression: "var.x".into(),
            span: Span::new(3, 8),
            statement: Some(0),
            place,
        }
    }

    #[test]
    fn lists_gain_a_wildcard_on_the_side_that_widens_them() {
        let action = unknown(UnknownPlace::Action);
        let wide = rewrite(&statement(false), &[&action], true, false).remove(0);
        assert_eq!(wide.action.items.len(), 1);
        assert_eq!(wide.action.items[0].value, "*");
        assert_eq!(wide.action.items[0].span, action.span);
        let narrow = rewrite(&statement(false), &[&action], false, false).remove(0);
        assert!(narrow.action.items.is_empty());
        // `NotAction`: excluding everything is the narrow end.
        let wide = rewrite(&statement(true), &[&action], true, false).remove(0);
        assert!(wide.action.items.is_empty());
        let narrow = rewrite(&statement(true), &[&action], false, false).remove(0);
        assert_eq!(narrow.action.items[0].value, "*");
    }

    #[test]
    fn a_whole_principal_is_everyone_or_no_one() {
        let principal = unknown(UnknownPlace::Principal);
        let wide = rewrite(&statement(false), &[&principal], true, false).remove(0);
        assert_eq!(wide.principal.unwrap().value, Principals::Everyone);
        assert!(rewrite(&statement(false), &[&principal], false, false).is_empty());
        // `NotPrincipal`: excluding no one widens, excluding everyone narrows.
        let wide = rewrite(&statement(true), &[&principal], true, false).remove(0);
        assert_eq!(wide.principal.unwrap().value, Principals::Map(Vec::new()));
        let narrow = rewrite(&statement(true), &[&principal], false, false).remove(0);
        assert_eq!(narrow.principal.unwrap().value, Principals::Everyone);
    }

    #[test]
    fn unknown_aws_principals_add_everyone_only_when_widening() {
        let values = unknown(UnknownPlace::PrincipalValues(PrincipalKind::Aws));
        let wide = rewrite(&statement(false), &[&values], true, false).remove(0);
        let Principals::Map(entries) = wide.principal.unwrap().value else {
            panic!("a map");
        };
        assert_eq!(entries[0].values[0].value, "*");
        let service = unknown(UnknownPlace::PrincipalValues(PrincipalKind::Service));
        let wide = rewrite(&statement(false), &[&service], true, false).remove(0);
        assert_eq!(wide.principal.unwrap().value, Principals::Map(Vec::new()));
    }

    #[test]
    fn principals_that_name_one_account_are_told_apart() {
        for one in [
            r#"{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}"#,
            "!Sub arn:aws:iam::${AWS::AccountId}:role/ops",
            r#""arn:aws:sts::${data.aws_caller_identity.current.account_id}:assumed-role/r/s""#,
            "arn:aws:iam::${ACCOUNT}:root",
            "!Sub ${Prefix}arn:aws:iam::1:root",
            r#"{"Fn::Join": ["", ["arn:aws:iam::", {"Ref": "AWS::AccountId"}, ":root"]]}"#,
            "!Ref AWS::AccountId",
            r#"{"Ref": "AWS::AccountId"}"#,
            "data.aws_caller_identity.current.account_id",
        ] {
            assert!(names_one_account(one), "{one}");
        }
        for any in [
            "!Ref AllowedPrincipal",
            "var.principal",
            "${PRINCIPAL}",
            "${ARN_PREFIX}:iam::1:root",
            "!GetAtt Role.Arn",
            "!If [Open, \"*\", !Sub \"arn:aws:iam::${AWS::AccountId}:root\"]",
            "var.open ? \"*\" : \"arn:aws:iam::${var.account}:root\"",
            "arn:aws:iam::${var.account}:role/*",
        ] {
            assert!(!names_one_account(any), "{any}");
        }
    }

    #[test]
    fn a_principal_naming_one_account_widens_to_every_signed_caller() {
        let arn = Unknown {
            expression: "!Sub arn:aws:iam::${AWS::AccountId}:root".into(),
            ..unknown(UnknownPlace::PrincipalValues(PrincipalKind::Aws))
        };
        let wide = rewrite(&statement(false), &[&arn], true, false);
        // The statement named no one else: the copy stands for it alone.
        assert_eq!(wide.len(), 1);
        let copy = &wide[0];
        assert_eq!(copy.principal.as_ref().unwrap().value, Principals::Everyone);
        assert_eq!(copy.principal.as_ref().unwrap().span, arn.span);
        let block = &copy.condition.as_ref().unwrap().blocks[0];
        assert_eq!(
            block.operator.value.base,
            BaseOperator::StringNotEqualsIgnoreCase
        );
        assert_eq!(block.clauses[0].key.value, "aws:PrincipalType");
        // Narrowing leaves it out, as any unknown.
        assert_eq!(rewrite(&statement(false), &[&arn], false, false).len(), 1);
    }
}
