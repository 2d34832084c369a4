//! The `Condition` element.

use super::operator::Operator;
use crate::span::{Span, Spanned};

/// The `Condition` element: every block must hold (logical AND).
#[derive(Clone, Debug)]
pub struct Condition {
    /// The `"Condition"` key.
    pub key_span: Span,
    /// The condition object.
    pub span: Span,
    /// One block per operator, in source order.
    pub blocks: Vec<ConditionBlock>,
}

/// `"<Operator>": { "<key>": <values>, ... }`: every clause must hold (logical AND).
#[derive(Clone, Debug)]
pub struct ConditionBlock {
    /// The operator and where it was written.
    pub operator: Spanned<Operator>,
    /// The block's object.
    pub span: Span,
    /// One clause per condition key, in source order.
    pub clauses: Vec<Clause>,
}

/// `"<key>": <value or values>` under one operator.
#[derive(Clone, Debug)]
pub struct Clause {
    /// The condition key as written (compare it case-insensitively).
    pub key: Spanned<String>,
    /// The value or array.
    pub span: Span,
    /// True when the values were written as an array.
    pub is_list: bool,
    /// The values, in source order.
    pub values: Vec<ConditionValue>,
}

/// The JSON type a condition value was written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// `"text"`.
    String,
    /// `10`.
    Number,
    /// `true`.
    Bool,
}

/// One condition value. Numbers and booleans may be written with or without
/// quotes; `text` is the value's text either way (`10`, `true`).
#[derive(Clone, Debug)]
pub struct ConditionValue {
    /// The value's text, unescaped, without quotes.
    pub text: String,
    /// How it was written.
    pub json: JsonKind,
    /// Where.
    pub span: Span,
}
