//! CloudFormation intrinsic functions, resolved offline as far as the
//! template and the user's values allow.
//!
//! A value the template computes at deploy time (`Fn::GetAtt`, an
//! `Fn::ImportValue`, a parameter the user did not give, `AWS::AccountId`
//! without `--account`) becomes [`Value::Unknown`] holding the expression as
//! written, so the rules and the analysis treat it as any value it could
//! take. Parameter `Default`s are *not* used: a stack can be deployed with
//! another value, so a default is a guess, not a fact; `--parameter
//! NAME=VALUE` makes it one.
//!
//! Every resolved node keeps a span in the original file: a value computed
//! from an intrinsic is spanned over the whole intrinsic, so a finding about
//! it points at what the author wrote.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::json::{Member, Node, Value};
use crate::span::Span;

use super::ExtractOptions;

/// How deep conditions may refer to conditions, and intrinsics nest, before
/// the value is taken as unknown: bounds the work on a hostile template.
const MAX_DEPTH: usize = 48;

/// The most intrinsics and condition steps one resolver evaluates: conditions
/// that refer to one another twice over, or mappings whose values look
/// themselves up, would otherwise take exponential time. Past it, values
/// are unknown.
pub const MAX_STEPS: usize = 100_000;

/// The longest expression text kept in an unknown value's message.
const MAX_WRITTEN: usize = 160;

/// What resolving a value gives: a value, or nothing (`AWS::NoValue`,
/// which deletes the member or item holding it).
pub enum Resolved {
    /// The value, owning its text, spanned in the original file.
    Value(Node<'static>),
    /// `{"Ref": "AWS::NoValue"}`: the member or item is deleted.
    NoValue,
}

/// The parts of a template that intrinsics read.
pub struct Resolver<'t, 'a> {
    /// The original file's text, for expressions as written.
    pub text: &'t str,
    /// The user's values.
    pub options: &'t ExtractOptions,
    /// The template's `Mappings`, when it has literal ones.
    pub mappings: Option<&'t Node<'a>>,
    /// The template's `Conditions`.
    pub conditions: Option<&'t Node<'a>>,
    /// Conditions taken as true or false for one variant of a policy.
    pub assumed: BTreeMap<String, bool>,
    /// Steps left before every further value is unknown ([`MAX_STEPS`]).
    pub steps: std::cell::Cell<usize>,
}

impl<'t, 'a> Resolver<'t, 'a> {
    /// A resolver for a template's `Mappings` and `Conditions`, with nothing
    /// assumed.
    pub fn new(
        text: &'t str,
        options: &'t ExtractOptions,
        mappings: Option<&'t Node<'a>>,
        conditions: Option<&'t Node<'a>>,
    ) -> Self {
        Resolver {
            text,
            options,
            mappings,
            conditions,
            assumed: BTreeMap::new(),
            steps: std::cell::Cell::new(MAX_STEPS),
        }
    }

    /// Takes one step of the budget; false when it is spent.
    fn step(&self) -> bool {
        let left = self.steps.get();
        self.steps.set(left.saturating_sub(1));
        left > 0
    }

    /// `node` with every intrinsic resolved or marked unknown.
    pub fn resolve(&self, node: &Node<'_>) -> Resolved {
        self.resolve_at(node, 0)
    }

    /// `node` resolved; `AWS::NoValue` at the top becomes unknown (there is
    /// no member to delete).
    pub fn resolve_value(&self, node: &Node<'_>) -> Node<'static> {
        match self.resolve(node) {
            Resolved::Value(value) => value,
            Resolved::NoValue => self.unknown(node.span),
        }
    }

    fn resolve_at(&self, node: &Node<'_>, depth: usize) -> Resolved {
        if depth > MAX_DEPTH {
            return Resolved::Value(self.unknown(node.span));
        }
        let value = match &node.value {
            Value::Object(members) => {
                if let Some((name, argument)) = intrinsic(members) {
                    return self.intrinsic(name, argument, node.span, depth + 1);
                }
                let mut out = Vec::with_capacity(members.len());
                for m in members {
                    if let Resolved::Value(value) = self.resolve_at(&m.value, depth + 1) {
                        out.push(Member {
                            key: Cow::Owned(m.key.to_string()),
                            key_span: m.key_span,
                            value,
                        });
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .filter_map(|item| match self.resolve_at(item, depth + 1) {
                        Resolved::Value(v) => Some(v),
                        Resolved::NoValue => None,
                    })
                    .collect(),
            ),
            other => return Resolved::Value(node_of(node.span, other.clone()).into_owned()),
        };
        Resolved::Value(Node {
            span: node.span,
            value,
        })
    }

    fn intrinsic(&self, name: &str, argument: &Node<'_>, span: Span, depth: usize) -> Resolved {
        if !self.step() {
            return Resolved::Value(self.unknown(span));
        }
        let known = match name {
            "Ref" => match argument.value.as_str() {
                Some("AWS::NoValue") => return Resolved::NoValue,
                Some(name) => self.reference(name).map(Value::String),
                None => None,
            },
            "Fn::Sub" => self.sub(argument, depth).map(Value::String),
            "Fn::Join" => self.join(argument, depth).map(Value::String),
            "Fn::Split" => self.split(argument, span, depth),
            "Fn::Select" => return self.select(argument, span, depth),
            "Fn::FindInMap" => return self.find_in_map(argument, span, depth),
            "Fn::If" => return self.choose(argument, span, depth),
            _ => None,
        };
        Resolved::Value(match known {
            Some(value) => Node { span, value },
            None => self.unknown(span),
        })
    }

    /// A `Ref` to a pseudo parameter or a parameter the user gave.
    fn reference(&self, name: &str) -> Option<Cow<'static, str>> {
        let options = self.options;
        let known = match name {
            "AWS::AccountId" => options.account.clone(),
            "AWS::Region" => options.region.clone(),
            "AWS::Partition" => Some(partition(options)),
            "AWS::URLSuffix" => Some(
                if partition(options) == "aws-cn" {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                }
                .to_owned(),
            ),
            _ => options.parameters.get(name).cloned(),
        };
        known.map(Cow::Owned)
    }

    /// A resolved string, when `node` resolves to one (numbers count, as
    /// CloudFormation turns them into strings in string contexts).
    fn string(&self, node: &Node<'_>, depth: usize) -> Option<String> {
        match self.resolve_at(node, depth + 1) {
            Resolved::Value(Node {
                value: Value::String(s) | Value::Number(s),
                ..
            }) => Some(s.into_owned()),
            Resolved::Value(Node {
                value: Value::Bool(b),
                ..
            }) => Some(b.to_string()),
            _ => None,
        }
    }

    /// `Fn::Sub`: `"text ${Name}"` or `["text ${Name}", {"Name": value}]`.
    fn sub(&self, argument: &Node<'_>, depth: usize) -> Option<Cow<'static, str>> {
        let (template, variables): (&str, &[Member<'_>]) = match &argument.value {
            Value::String(s) => (s, &[]),
            Value::Array(items) => match items.as_slice() {
                [Node {
                    value: Value::String(s),
                    ..
                }, Node {
                    value: Value::Object(vars),
                    ..
                }] => (s, vars),
                _ => return None,
            },
            _ => return None,
        };
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(at) = rest.find("${") {
            out.push_str(rest.get(..at)?);
            let after = rest.get(at + 2..)?;
            if let Some(literal) = after.strip_prefix('!') {
                // `${!Name}` is the text `${Name}`.
                out.push_str("${");
                rest = literal;
                continue;
            }
            let close = after.find('}')?;
            let name = after.get(..close)?.trim();
            let value = match variables.iter().find(|m| m.key == name) {
                Some(m) => self.string(&m.value, depth)?,
                None => self.reference(name)?.into_owned(),
            };
            out.push_str(&value);
            rest = after.get(close + 1..)?;
        }
        out.push_str(rest);
        Some(Cow::Owned(out))
    }

    /// The value of `${name}` in an `Fn::Sub` whose list form gives
    /// `variables`: the variable's, else a parameter's or a pseudo
    /// parameter's; `None` when not known offline.
    pub fn sub_variable(&self, name: &str, variables: &[Member<'_>]) -> Option<String> {
        match variables.iter().find(|m| m.key == name) {
            Some(m) => self.string(&m.value, 0),
            None => self.reference(name).map(Cow::into_owned),
        }
    }

    /// `Fn::Join`: `[delimiter, [values]]`.
    fn join(&self, argument: &Node<'_>, depth: usize) -> Option<Cow<'static, str>> {
        let Value::Array(args) = &argument.value else {
            return None;
        };
        let [delimiter, list] = args.as_slice() else {
            return None;
        };
        let delimiter = delimiter.value.as_str()?;
        let items = match self.resolve_at(list, depth + 1) {
            Resolved::Value(Node {
                value: Value::Array(items),
                ..
            }) => items,
            _ => return None,
        };
        let parts: Option<Vec<String>> = items
            .iter()
            .map(|item| match &item.value {
                Value::String(s) | Value::Number(s) => Some(s.to_string()),
                _ => None,
            })
            .collect();
        Some(Cow::Owned(parts?.join(delimiter)))
    }

    /// `Fn::Split`: `[delimiter, text]`, a list of strings spanned over the
    /// whole intrinsic.
    fn split(&self, argument: &Node<'_>, span: Span, depth: usize) -> Option<Value<'static>> {
        let Value::Array(args) = &argument.value else {
            return None;
        };
        let [delimiter, text] = args.as_slice() else {
            return None;
        };
        let delimiter = delimiter.value.as_str().filter(|d| !d.is_empty())?;
        let text = self.string(text, depth)?;
        Some(Value::Array(
            text.split(delimiter)
                .map(|part| Node {
                    span,
                    value: Value::String(Cow::Owned(part.to_owned())),
                })
                .collect(),
        ))
    }

    /// `Fn::Select`: `[index, list]`.
    fn select(&self, argument: &Node<'_>, span: Span, depth: usize) -> Resolved {
        let chosen = (|| {
            let Value::Array(args) = &argument.value else {
                return None;
            };
            let [index, list] = args.as_slice() else {
                return None;
            };
            let index: usize = self.string(index, depth)?.parse().ok()?;
            match self.resolve_at(list, depth + 1) {
                Resolved::Value(Node {
                    value: Value::Array(items),
                    ..
                }) => items.into_iter().nth(index),
                _ => None,
            }
        })();
        Resolved::Value(chosen.unwrap_or_else(|| self.unknown(span)))
    }

    /// `Fn::FindInMap`: `[map, top-level key, second-level key]` on the
    /// template's literal `Mappings`.
    fn find_in_map(&self, argument: &Node<'_>, span: Span, depth: usize) -> Resolved {
        let found = (|| {
            let Value::Array(args) = &argument.value else {
                return None;
            };
            let [map, top, second, ..] = args.as_slice() else {
                return None;
            };
            let keys = [
                self.string(map, depth)?,
                self.string(top, depth)?,
                self.string(second, depth)?,
            ];
            let mut node = self.mappings?;
            for key in &keys {
                node = member(node, key)?;
            }
            Some(node)
        })();
        match found {
            Some(node) => self.resolve_at(node, depth + 1),
            None => Resolved::Value(self.unknown(span)),
        }
    }

    /// `Fn::If`: `[condition, if true, if false]`, when the condition can be
    /// decided (from the given parameters, or as assumed for this variant).
    fn choose(&self, argument: &Node<'_>, span: Span, depth: usize) -> Resolved {
        let Value::Array(args) = &argument.value else {
            return Resolved::Value(self.unknown(span));
        };
        let [condition, yes, no] = args.as_slice() else {
            return Resolved::Value(self.unknown(span));
        };
        let decided = condition
            .value
            .as_str()
            .and_then(|name| self.condition(name, depth));
        match decided {
            Some(true) => self.resolve_at(yes, depth + 1),
            Some(false) => self.resolve_at(no, depth + 1),
            None => Resolved::Value(self.unknown(span)),
        }
    }

    /// The value of the named condition, when it can be decided.
    pub fn condition(&self, name: &str, depth: usize) -> Option<bool> {
        if let Some(&value) = self.assumed.get(name) {
            return Some(value);
        }
        if depth > MAX_DEPTH {
            return None;
        }
        let node = member(self.conditions?, name)?;
        self.decide(node, depth + 1)
    }

    /// A condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`,
    /// `{"Condition": name}`.
    fn decide(&self, node: &Node<'_>, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH || !self.step() {
            return None;
        }
        let Value::Object(members) = &node.value else {
            return None;
        };
        let (name, argument) = intrinsic(members).or_else(|| match members.as_slice() {
            [m] if m.key == "Condition" => Some(("Condition", &m.value)),
            _ => None,
        })?;
        let list = match &argument.value {
            Value::Array(items) => items.as_slice(),
            _ => &[],
        };
        match name {
            "Condition" => self.condition(argument.value.as_str()?, depth + 1),
            "Fn::Equals" => match list {
                [a, b] => Some(self.string(a, depth)? == self.string(b, depth)?),
                _ => None,
            },
            "Fn::Not" => match list {
                [c] => self.decide(c, depth + 1).map(|v| !v),
                _ => None,
            },
            "Fn::And" | "Fn::Or" => {
                let and = name == "Fn::And";
                let mut undecided = false;
                for c in list {
                    match self.decide(c, depth + 1) {
                        // A false in an And (a true in an Or) decides it.
                        Some(v) if v != and => return Some(v),
                        Some(_) => {}
                        None => undecided = true,
                    }
                }
                (!undecided).then_some(and)
            }
            _ => None,
        }
    }

    /// The names of the conditions `Fn::If`s in `node` test that cannot be
    /// decided, in first-use order: each is checked both ways.
    pub fn undecided_conditions(&self, node: &Node<'_>, out: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match &node.value {
            Value::Object(members) => {
                if let Some((
                    "Fn::If",
                    Node {
                        value: Value::Array(args),
                        ..
                    },
                )) = intrinsic(members)
                {
                    if let Some(name) = args.first().and_then(|c| c.value.as_str()) {
                        if self.condition(name, 0).is_none() && !out.iter().any(|n| n == name) {
                            out.push(name.to_owned());
                        }
                    }
                }
                for m in members {
                    self.undecided_conditions(&m.value, out, depth + 1);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.undecided_conditions(item, out, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// An unknown value spanned at `span`, holding the expression as written.
    pub fn unknown(&self, span: Span) -> Node<'static> {
        Node {
            span,
            value: Value::Unknown(Cow::Owned(written(self.text, span))),
        }
    }
}

/// The partition: given, or told by the region, or `aws`.
fn partition(options: &ExtractOptions) -> String {
    if let Some(partition) = &options.partition {
        return partition.clone();
    }
    match options.region.as_deref() {
        Some(r) if r.starts_with("cn-") => "aws-cn",
        Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
        _ => "aws",
    }
    .to_owned()
}

/// The intrinsic an object is, when it is one: a single member named `Ref`
/// or `Fn::…`.
pub fn intrinsic<'n, 'a>(members: &'n [Member<'a>]) -> Option<(&'n str, &'n Node<'a>)> {
    match members {
        [m] if m.key == "Ref" || m.key.starts_with("Fn::") => Some((&m.key, &m.value)),
        _ => None,
    }
}

/// The value of an object's member named `key`.
pub fn member<'n, 'a>(node: &'n Node<'a>, key: &str) -> Option<&'n Node<'a>> {
    match &node.value {
        Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
        _ => None,
    }
}

fn node_of<'a>(span: Span, value: Value<'a>) -> Node<'a> {
    Node { span, value }
}

/// The text at `span`, its whitespace runs collapsed and its length bounded,
/// for an unknown value's message.
pub fn written(text: &str, span: Span) -> String {
    let raw = span.slice(text).unwrap_or("");
    let mut out = String::new();
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.len() > MAX_WRITTEN {
            let mut cut = MAX_WRITTEN;
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
            out.push('…');
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn resolve(text: &str, options: &ExtractOptions) -> Node<'static> {
        let parsed = json::parse(text);
        let root = parsed.root.unwrap();
        let resolver = Resolver::new(
            text,
            options,
            member(&root, "Mappings"),
            member(&root, "Conditions"),
        );
        resolver.resolve_value(member(&root, "V").unwrap())
    }

    fn account() -> ExtractOptions {
        ExtractOptions {
            account: Some("111122223333".into()),
            ..ExtractOptions::default()
        }
    }

    #[test]
    fn sub_with_a_pseudo_parameter_is_known_only_when_given() {
        let text = r#"{"V": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}"#;
        let known = resolve(text, &account());
        assert_eq!(known.value.as_str(), Some("arn:aws:iam::111122223333:root"));
        let unknown = resolve(text, &ExtractOptions::default());
        assert_eq!(
            unknown.value,
            Value::Unknown(
                r#"{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}"#.into()
            )
        );
        // Spanned over the whole intrinsic, in the original text.
        assert_eq!(unknown.span, Span::new(6, text.len() - 1));
    }

    #[test]
    fn parameters_need_a_given_value_even_with_a_default() {
        let text = r#"{"V": {"Ref": "Org"}}"#;
        assert!(matches!(
            resolve(text, &ExtractOptions::default()).value,
            Value::Unknown(_)
        ));
        let mut options = ExtractOptions::default();
        options.parameters.insert("Org".into(), "o-abc".into());
        assert_eq!(resolve(text, &options).value.as_str(), Some("o-abc"));
    }

    #[test]
    fn join_select_split_and_find_in_map_compute() {
        let text = r#"{"Mappings": {"Env": {"prod": {"Org": "o-prod"}}},
            "V": [{"Fn::Join": [":", ["a", "b"]]},
                  {"Fn::Select": [1, {"Fn::Split": [",", "x,y,z"]}]},
                  {"Fn::FindInMap": ["Env", "prod", "Org"]},
                  {"Ref": "AWS::NoValue"},
                  {"Fn::GetAtt": ["Svc", "Arn"]}]}"#;
        let node = resolve(text, &ExtractOptions::default());
        let Value::Array(items) = node.value else {
            panic!("an array")
        };
        let values: Vec<String> = items
            .iter()
            .map(|n| match &n.value {
                Value::String(s) => s.to_string(),
                Value::Unknown(e) => format!("?{e}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            values,
            ["a:b", "y", "o-prod", r#"?{"Fn::GetAtt": ["Svc", "Arn"]}"#]
        );
    }

    #[test]
    fn if_follows_a_condition_the_parameters_decide() {
        let text = r#"{"Conditions": {"Prod": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                                      "NotProd": {"Fn::Not": [{"Condition": "Prod"}]}},
            "V": {"Fn::If": ["NotProd", "dev", "prod"]}}"#;
        assert!(matches!(
            resolve(text, &ExtractOptions::default()).value,
            Value::Unknown(_)
        ));
        let mut options = ExtractOptions::default();
        options.parameters.insert("Env".into(), "prod".into());
        assert_eq!(resolve(text, &options).value.as_str(), Some("prod"));
    }

    #[test]
    fn conditions_that_double_at_each_level_stop_at_the_budget() {
        // C0 ... C40, each the And of the one before twice: 2^40 steps
        // without a bound.
        let mut conditions = vec![r#""C0": {"Fn::Equals": [{"Ref": "P"}, "x"]}"#.to_owned()];
        for i in 1..=40 {
            let before = i - 1;
            conditions.push(format!(
                r#""C{i}": {{"Fn::And": [{{"Condition": "C{before}"}}, {{"Condition": "C{before}"}}]}}"#
            ));
        }
        let text = format!(
            r#"{{"Conditions": {{{}}}, "V": {{"Fn::If": ["C40", "a", "b"]}}}}"#,
            conditions.join(",")
        );
        let mut options = ExtractOptions::default();
        options.parameters.insert("P".into(), "x".into());
        let started = std::time::Instant::now();
        let value = resolve(&text, &options);
        assert!(started.elapsed().as_secs() < 5);
        // Too deep to decide within the budget: unknown, never a guess.
        assert!(matches!(value.value, Value::Unknown(_)), "{value:?}");
    }

    #[test]
    fn written_text_is_collapsed_and_bounded() {
        assert_eq!(written("a  {\n  x }", Span::new(3, 10)), "{ x }");
        let long = "x".repeat(500);
        assert!(written(&long, Span::new(0, 500)).chars().count() <= MAX_WRITTEN + 1);
    }
}
