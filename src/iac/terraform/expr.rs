//! HCL expressions to the spanned JSON tree, the way `jsonencode` renders
//! them: strings, numbers, booleans, null, tuples and objects become their
//! JSON values, with the spans of the HCL that wrote them; anything known
//! only at plan time (a reference, a function call, a conditional, a
//! template with interpolations) becomes [`Value::Unknown`] with the
//! expression as written. `var.NAME` and `${var.NAME}` given with `--var`
//! are resolved.

use std::borrow::Cow;

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::Element;

use crate::iac::ExtractOptions;
use crate::json::{Member, Node, Value};
use crate::span::Span;

/// The span of anything hcl-edit parsed, in the text it parsed.
pub fn span_of(item: &impl hcl_edit::Span) -> Span {
    item.span()
        .map_or_else(Span::default, |r| Span::new(r.start, r.end))
}

/// What `expr` renders to under `jsonencode`, spans in `file`.
pub fn to_node(expr: &Expression, file: &str, options: &ExtractOptions) -> Node<'static> {
    let span = span_of(expr);
    let unknown = || Value::Unknown(Cow::Owned(written(file, span)));
    let value = match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(_) => Value::Number(Cow::Owned(written(file, span))),
        Expression::String(s) => Value::String(Cow::Owned(s.value().clone())),
        Expression::Array(items) => {
            Value::Array(items.iter().map(|e| to_node(e, file, options)).collect())
        }
        Expression::Object(object) => Value::Object(
            object
                .iter()
                .map(|(key, value)| Member {
                    key: Cow::Owned(key_text(key, file)),
                    key_span: span_of(key),
                    value: to_node(value.expr(), file, options),
                })
                .collect(),
        ),
        Expression::StringTemplate(template) => match render(template.iter(), options) {
            Some(text) => Value::String(Cow::Owned(text)),
            None => unknown(),
        },
        Expression::HeredocTemplate(_) => {
            let decoded = super::template::heredoc(file, span, options);
            if decoded.is_known() {
                Value::String(Cow::Owned(decoded.text().to_string()))
            } else {
                unknown()
            }
        }
        Expression::Parenthesis(inner) => return to_node(inner.inner(), file, options),
        Expression::UnaryOp(op) if matches!(op.expr, Expression::Number(_)) => Value::Number(
            Cow::Owned(written(file, span).replace(char::is_whitespace, "")),
        ),
        Expression::Traversal(_) | Expression::Variable(_) => match variable(expr, options) {
            // A list or object given with --var (or a var file) is its JSON.
            Some(value) if value.starts_with(['[', '{']) => {
                match serde_json::from_str::<serde_json::Value>(value) {
                    Ok(json) => return from_json(&json, span),
                    Err(_) => Value::String(Cow::Owned(value.to_string())),
                }
            }
            Some(value) => Value::String(Cow::Owned(value.to_string())),
            None => unknown(),
        },
        Expression::Conditional(_)
        | Expression::FuncCall(_)
        | Expression::UnaryOp(_)
        | Expression::BinaryOp(_)
        | Expression::ForExpr(_) => unknown(),
    };
    Node { span, value }
}

/// A value given as JSON, every part spanned at the expression that named it.
fn from_json(json: &serde_json::Value, span: Span) -> Node<'static> {
    let value = match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(Cow::Owned(n.to_string())),
        serde_json::Value::String(s) => Value::String(Cow::Owned(s.clone())),
        serde_json::Value::Array(items) => {
            Value::Array(items.iter().map(|i| from_json(i, span)).collect())
        }
        serde_json::Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| Member {
                    key: Cow::Owned(key.clone()),
                    key_span: span,
                    value: from_json(value, span),
                })
                .collect(),
        ),
    };
    Node { span, value }
}

/// The text of an object key as `jsonencode` names the member.
fn key_text(key: &ObjectKey, file: &str) -> String {
    match key {
        ObjectKey::Ident(ident) => ident.value().to_string(),
        ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
        ObjectKey::Expression(expr) => written(file, span_of(expr)),
    }
}

/// A template's text when every part is known: literals and given variables.
fn render<'e>(
    elements: impl Iterator<Item = &'e Element>,
    options: &ExtractOptions,
) -> Option<String> {
    let mut out = String::new();
    for element in elements {
        match element {
            Element::Literal(text) => out.push_str(text.value()),
            Element::Interpolation(interpolation) => {
                out.push_str(variable(&interpolation.expr, options)?);
            }
            Element::Directive(_) => return None,
        }
    }
    Some(out)
}

/// The value given with `--var` for `var.NAME`, or the module's value of
/// `local.NAME` when it is known offline.
pub fn variable<'o>(expr: &Expression, options: &'o ExtractOptions) -> Option<&'o str> {
    let path = traversal(expr)?;
    match path.as_slice() {
        [root, name] if root == "var" => options.variables.get(name).map(String::as_str),
        [root, name] if root == "local" => options.locals.get(name).map(String::as_str),
        _ => None,
    }
}

/// A reference as its dotted names (`aws_vpclattice_service.x.arn`), when
/// it is a plain chain of attribute accesses from a variable.
pub fn traversal(expr: &Expression) -> Option<Vec<String>> {
    match expr {
        Expression::Variable(name) => Some(vec![name.value().to_string()]),
        Expression::Traversal(traversal) => {
            let mut path = traversal_root(&traversal.expr)?;
            for operator in &traversal.operators {
                match operator.value() {
                    TraversalOperator::GetAttr(name) => path.push(name.value().to_string()),
                    // `x[0]` of a counted resource still names it.
                    TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_) => {}
                    _ => return None,
                }
            }
            Some(path)
        }
        _ => None,
    }
}

fn traversal_root(expr: &Expression) -> Option<Vec<String>> {
    match expr {
        Expression::Variable(name) => Some(vec![name.value().to_string()]),
        _ => None,
    }
}

/// The text written at `span`.
pub fn written(file: &str, span: Span) -> String {
    span.slice(file).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(expr_text: &str, options: &ExtractOptions) -> (String, Node<'static>) {
        let file = format!("x = {expr_text}\n");
        let body = hcl_edit::parser::parse_body(&file).unwrap_or_default();
        let attr = body.get_attribute("x").unwrap_or_else(|| unreachable!());
        let node = to_node(&attr.value, &file, options);
        (file, node)
    }

    #[test]
    fn jsonencode_values_keep_their_hcl_spans() {
        let (file, node) = converted(
            "{\n  Version = \"2012-10-17\"\n  \"Statement\" = [{ Effect = \"Allow\", N = -1, B = true, Z = null }]\n}",
            &ExtractOptions::default(),
        );
        let Value::Object(members) = &node.value else {
            unreachable!()
        };
        let keys: Vec<&str> = members.iter().map(|m| m.key.as_ref()).collect();
        assert_eq!(keys, ["Version", "Statement"]);
        assert_eq!(members[0].key_span.slice(&file), Some("Version"));
        assert_eq!(members[0].value.span.slice(&file), Some("\"2012-10-17\""));
        assert_eq!(members[1].key_span.slice(&file), Some("\"Statement\""));
        let Value::Array(statements) = &members[1].value.value else {
            unreachable!()
        };
        let Value::Object(statement) = &statements[0].value else {
            unreachable!()
        };
        assert_eq!(statement[0].value.value, Value::String("Allow".into()));
        assert_eq!(statement[1].value.value, Value::Number("-1".into()));
        assert_eq!(statement[2].value.value, Value::Bool(true));
        assert_eq!(statement[3].value.value, Value::Null);
    }

    #[test]
    fn a_list_given_as_a_variable_is_a_list() {
        let mut options = ExtractOptions::default();
        options
            .variables
            .insert("vpcs".into(), "[\"vpc-1\", \"vpc-2\"]".into());
        let (file, node) = converted("{ V = var.vpcs }", &options);
        let Value::Object(members) = node.value else {
            unreachable!()
        };
        let Value::Array(items) = &members[0].value.value else {
            unreachable!()
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].value, Value::String("vpc-2".into()));
        assert_eq!(items[1].span.slice(&file), Some("var.vpcs"));
    }

    #[test]
    fn references_are_unknown_unless_given() {
        let mut options = ExtractOptions::default();
        options
            .variables
            .insert("account".into(), "111122223333".into());
        let (_, node) = converted(
            "[aws_vpclattice_service.x.arn, var.account, \"arn:${var.account}:*\", \"${local.y}/*\", upper(\"a\"), var.other]",
            &options,
        );
        let Value::Array(items) = node.value else {
            unreachable!()
        };
        let values: Vec<Value<'_>> = items.into_iter().map(|n| n.value).collect();
        assert_eq!(
            values,
            [
                Value::Unknown("aws_vpclattice_service.x.arn".into()),
                Value::String("111122223333".into()),
                Value::String("arn:111122223333:*".into()),
                Value::Unknown("\"${local.y}/*\"".into()),
                Value::Unknown("upper(\"a\")".into()),
                Value::Unknown("var.other".into()),
            ]
        );
    }
}
