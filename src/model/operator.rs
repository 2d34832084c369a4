//! Condition operators, understood compositionally:
//! `[ForAnyValue: | ForAllValues:] <base operator> [IfExists]`.

use std::fmt;

/// A set qualifier for multi-valued keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    /// `ForAnyValue:`: true when some request value matches.
    ForAnyValue,
    /// `ForAllValues:`: true when every request value matches (or there are none).
    ForAllValues,
}

impl SetQualifier {
    /// The prefix as written, with its colon.
    pub fn prefix(self) -> &'static str {
        match self {
            SetQualifier::ForAnyValue => "ForAnyValue:",
            SetQualifier::ForAllValues => "ForAllValues:",
        }
    }
}

/// The kind of value an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperatorFamily {
    /// `String*`.
    String,
    /// `Numeric*`.
    Numeric,
    /// `Date*`.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// `Arn*`.
    Arn,
    /// `Null`.
    Null,
}

macro_rules! base_operators {
    ($( $id:ident => ($family:ident, $negated:literal) ),* $(,)?) => {
        /// The 27 base condition operators of IAM (docs/semantics.md#conditions).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum BaseOperator {
            $(
                #[doc = concat!("`", stringify!($id), "`.")]
                $id,
            )*
        }

        impl BaseOperator {
            /// Every base operator, in the order of the IAM documentation.
            pub const ALL: &'static [BaseOperator] = &[$(BaseOperator::$id),*];

            /// The operator's name as written in policies.
            pub fn name(self) -> &'static str {
                match self { $(BaseOperator::$id => stringify!($id)),* }
            }

            /// The kind of value it compares.
            pub fn family(self) -> OperatorFamily {
                match self { $(BaseOperator::$id => OperatorFamily::$family),* }
            }

            /// True for the negated operators: a missing key makes them true, and
            /// several policy values must all fail to match (docs/semantics.md#conditions).
            pub fn is_negated(self) -> bool {
                match self { $(BaseOperator::$id => $negated),* }
            }
        }
    };
}

base_operators! {
    StringEquals => (String, false),
    StringNotEquals => (String, true),
    StringEqualsIgnoreCase => (String, false),
    StringNotEqualsIgnoreCase => (String, true),
    StringLike => (String, false),
    StringNotLike => (String, true),
    NumericEquals => (Numeric, false),
    NumericNotEquals => (Numeric, true),
    NumericLessThan => (Numeric, false),
    NumericLessThanEquals => (Numeric, false),
    NumericGreaterThan => (Numeric, false),
    NumericGreaterThanEquals => (Numeric, false),
    DateEquals => (Date, false),
    DateNotEquals => (Date, true),
    DateLessThan => (Date, false),
    DateLessThanEquals => (Date, false),
    DateGreaterThan => (Date, false),
    DateGreaterThanEquals => (Date, false),
    Bool => (Bool, false),
    BinaryEquals => (Binary, false),
    IpAddress => (Ip, false),
    NotIpAddress => (Ip, true),
    ArnEquals => (Arn, false),
    ArnLike => (Arn, false),
    ArnNotEquals => (Arn, true),
    ArnNotLike => (Arn, true),
    Null => (Null, false),
}

impl BaseOperator {
    /// The operator with this exact (case-sensitive) name.
    pub fn from_name(name: &str) -> Option<BaseOperator> {
        BaseOperator::ALL
            .iter()
            .copied()
            .find(|op| op.name() == name)
    }
}

/// A full condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operator {
    /// `ForAnyValue:` or `ForAllValues:`, if written.
    pub qualifier: Option<SetQualifier>,
    /// The base operator.
    pub base: BaseOperator,
    /// The `IfExists` suffix: a missing key makes the condition true.
    pub if_exists: bool,
}

impl Operator {
    /// Parses an operator spelled exactly as documented. `NullIfExists` parses
    /// (so that it can be reported precisely) although IAM rejects it.
    pub fn parse(text: &str) -> Option<Operator> {
        let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else {
            (None, text)
        };
        if let Some(base) = BaseOperator::from_name(rest) {
            return Some(Operator {
                qualifier,
                base,
                if_exists: false,
            });
        }
        let base = BaseOperator::from_name(rest.strip_suffix("IfExists")?)?;
        Some(Operator {
            qualifier,
            base,
            if_exists: true,
        })
    }

    /// Every spelling [`Operator::parse`] accepts, for suggestions.
    pub fn all_names() -> Vec<String> {
        let mut names = Vec::with_capacity(BaseOperator::ALL.len() * 6);
        for prefix in ["", "ForAnyValue:", "ForAllValues:"] {
            for base in BaseOperator::ALL {
                names.push(format!("{prefix}{}", base.name()));
                if *base != BaseOperator::Null {
                    names.push(format!("{prefix}{}IfExists", base.name()));
                }
            }
        }
        names
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(q) = self.qualifier {
            f.write_str(q.prefix())?;
        }
        f.write_str(self.base.name())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositional_parse_round_trips_every_spelling() {
        let names = Operator::all_names();
        assert_eq!(names.len(), 3 * (27 + 26));
        for name in names {
            let op = Operator::parse(&name).unwrap();
            assert_eq!(op.to_string(), name);
        }
    }

    #[test]
    fn rejects_misspellings() {
        for bad in [
            "stringequals",
            "StringEqual",
            "ForAnyValues:StringLike",
            "IfExists",
            "StringLikeIfexists",
            "ForAnyValue:",
            "",
        ] {
            assert_eq!(Operator::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn null_if_exists_parses_for_reporting() {
        let op = Operator::parse("NullIfExists").unwrap();
        assert_eq!((op.base, op.if_exists), (BaseOperator::Null, true));
    }
}
