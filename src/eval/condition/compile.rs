//! From the model's `Condition` to a [`CompiledCondition`].

use super::{Block, Clause, CompiledCondition, Values};
use crate::eval::context::normalize_key;
use crate::eval::pattern::{ArnPattern, Case, Pattern};
use crate::eval::time::Timestamp;
use crate::eval::values::{decode_base64, parse_bool, Cidr, Number};
use crate::model::{BaseOperator, Condition, ConditionValue, OperatorFamily};

impl CompiledCondition {
    /// Compiles `condition`. `variables` is true when `${...}` in String and
    /// ARN values are policy variables (policy version `2012-10-17`, see
    /// [`Policy::variables_enabled`](crate::model::Policy::variables_enabled)).
    pub fn compile(condition: &Condition, variables: bool) -> CompiledCondition {
        let blocks = condition
            .blocks
            .iter()
            .map(|block| Block {
                operator: block.operator.value,
                operator_span: block.operator.span,
                clauses: block
                    .clauses
                    .iter()
                    .map(|clause| Clause {
                        key: clause.key.value.clone(),
                        normalized: normalize_key(&clause.key.value).into_owned(),
                        key_span: clause.key.span,
                        values_span: clause.span,
                        written: clause.values.iter().map(|v| v.text.clone()).collect(),
                        values: compile_values(block.operator.base, &clause.values, variables),
                    })
                    .collect(),
            })
            .collect();
        CompiledCondition { blocks }
    }
}

fn compile_values(base: BaseOperator, values: &[ConditionValue], variables: bool) -> Values {
    fn each<T>(values: &[ConditionValue], f: impl Fn(&str) -> T) -> Vec<T> {
        values.iter().map(|v| f(&v.text)).collect()
    }
    match base.family() {
        OperatorFamily::String => {
            let wildcards = matches!(base, BaseOperator::StringLike | BaseOperator::StringNotLike);
            let case = match base {
                BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase => {
                    Case::Insensitive
                }
                _ => Case::Sensitive,
            };
            Values::String(
                each(values, |t| Pattern::compile(t, wildcards, variables)),
                case,
            )
        }
        OperatorFamily::Arn => Values::Arn(each(values, |t| ArnPattern::compile(t, variables))),
        OperatorFamily::Numeric => Values::Numeric(each(values, Number::parse)),
        OperatorFamily::Date => Values::Date(each(values, Timestamp::parse)),
        OperatorFamily::Bool => Values::Bool(each(values, parse_bool)),
        OperatorFamily::Binary => Values::Binary(each(values, decode_base64)),
        OperatorFamily::Ip => Values::Ip(each(values, Cidr::parse)),
        OperatorFamily::Null => Values::Null(each(values, parse_bool)),
    }
}
