//! The format of ARNs in `Resource` and `NotResource`
//! (docs/semantics.md#the-requests-action-and-resource):
//! `arn:partition:service:region:account:resource`.

pub(super) mod invalid_arn_account;
pub(super) mod invalid_arn_prefix;
pub(super) mod invalid_arn_region;
pub(super) mod invalid_arn_resource;
pub(super) mod invalid_arn_service_case;
pub(super) mod invalid_partition;
pub(super) mod missing_arn_field;
pub(super) mod missing_arn_region;

use super::common::{part_span, resources};
use super::variables::{scan, Shape};
use crate::lint::LintContext;
use crate::span::Span;
use crate::wildcard::ARN_PREFIX_FIELDS;

/// The partitions AWS has.
pub(crate) const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// The service field of VPC Lattice ARNs.
pub(crate) const LATTICE_ARN_SERVICE: &str = "vpc-lattice";

/// One `:`-separated field of an ARN and where it starts in the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Field<'a> {
    /// Byte offset of the field in the value.
    pub start: usize,
    /// The field's text.
    pub text: &'a str,
}

impl Field<'_> {
    /// Byte offset one past the field.
    pub fn end(self) -> usize {
        self.start + self.text.len()
    }
}

/// An ARN split into its six fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Arn<'a> {
    /// The partition (`aws`).
    pub partition: Field<'a>,
    /// The service (`vpc-lattice`).
    pub service: Field<'a>,
    /// The Region (`us-west-2`), empty for global services.
    pub region: Field<'a>,
    /// The account (`111122223333`), empty for some services.
    pub account: Field<'a>,
    /// Everything after the fifth `:`.
    pub resource: Field<'a>,
}

/// Splits a value that starts with `arn:` into its fields
/// ([`crate::wildcard::arn_field_ranges`]). A `:` inside a closed `${...}`
/// does not split. `Err` holds the number of fields found when there are
/// fewer than six; `None` when `text` does not start with `arn:`.
pub(crate) fn split(text: &str) -> Option<Result<Arn<'_>, usize>> {
    if !crate::wildcard::is_arn_pattern(text) {
        return None;
    }
    // Most values hold no policy variable: their fields end at the first
    // five `:`, found without looking at every character (several rules
    // split every resource, so this is on `check`'s path for each value).
    let ranges = if text.contains("${") {
        let variables: Vec<(usize, usize)> = scan(text)
            .into_iter()
            .filter(|f| f.shape != Shape::MissingBrace)
            .map(|f| (f.start, f.end))
            .collect();
        let opaque = |rest: &str| {
            let at = text.len() - rest.len();
            variables
                .iter()
                .find(|&&(start, _)| start == at)
                .map(|&(start, end)| end - start)
        };
        crate::wildcard::arn_field_ranges(text, opaque)
    } else {
        plain_field_ranges(text)
    };
    let ranges = match ranges {
        Ok(ranges) => ranges,
        Err(found) => return Some(Err(found)),
    };
    let field = |n: usize| -> Option<Field<'_>> {
        let range = ranges.get(n)?.clone();
        Some(Field {
            start: range.start,
            text: text.get(range)?,
        })
    };
    Some(match (field(1), field(2), field(3), field(4), field(5)) {
        (Some(partition), Some(service), Some(region), Some(account), Some(resource)) => Ok(Arn {
            partition,
            service,
            region,
            account,
            resource,
        }),
        _ => Err(ranges.len()),
    })
}

/// [`crate::wildcard::arn_field_ranges`] for a value without `${`: the
/// fields end at its first five `:` (an ASCII byte, so each is a character
/// boundary), and `Err` holds how many fields there are when it has fewer.
fn plain_field_ranges(
    text: &str,
) -> Result<[std::ops::Range<usize>; ARN_PREFIX_FIELDS + 1], usize> {
    let mut ranges: [std::ops::Range<usize>; ARN_PREFIX_FIELDS + 1] = Default::default();
    let mut colons = text.bytes().enumerate().filter(|&(_, b)| b == b':');
    let mut start = 0;
    for (found, range) in ranges.iter_mut().enumerate() {
        if found == ARN_PREFIX_FIELDS {
            *range = start..text.len();
            break;
        }
        let Some((at, _)) = colons.next() else {
            return Err(found + 1);
        };
        *range = start..at;
        start = at + 1;
    }
    Ok(ranges)
}

/// True when `text` holds a policy variable or a `*`/`?` wildcard: such a
/// field is checked only as far as it can be.
pub(crate) fn is_literal(text: &str) -> bool {
    !text.contains("${") && !text.contains('*') && !text.contains('?')
}

/// The `arn:aws:aws:` mistake: the service field names a partition. Other
/// format rules leave such an ARN to `INVALID_ARN_PREFIX`.
pub(crate) fn repeats_partition(arn: &Arn<'_>) -> bool {
    PARTITIONS.contains(&arn.service.text)
}

/// Every well-formed ARN among the policy's `Resource` and `NotResource`
/// values, with the value's text and span, leaving out those whose prefix
/// repeats the partition.
pub(crate) fn resource_arns<'a>(cx: &LintContext<'a>) -> Vec<(Arn<'a>, &'a str, Span)> {
    resources(cx.policy())
        .filter_map(|item| match split(&item.value) {
            Some(Ok(arn)) if !repeats_partition(&arn) => {
                Some((arn, item.value.as_str(), item.span))
            }
            _ => None,
        })
        .collect()
}

/// The span of one field of an ARN value.
pub(crate) fn field_span(
    cx: &LintContext<'_>,
    value_span: Span,
    text: &str,
    field: Field<'_>,
) -> Span {
    part_span(cx, value_span, text, field.start, field.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_split_as_the_general_walk_splits_them() {
        for text in [
            "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-1/a:b",
            "arn:aws:s3:::bucket/*",
            "arn:*",
            "arn:",
            "arn:aws:iam::",
            "arn:aws:iam:::",
            "arn:aws:iam::x:",
            "arn:aws:é:ü::ß:r",
            "arn:a:b:c:d:e:f:g",
        ] {
            assert_eq!(
                plain_field_ranges(text),
                crate::wildcard::arn_field_ranges(text, |_| None),
                "{text}"
            );
        }
    }

    #[test]
    fn splits_arns_into_fields() {
        let Some(Ok(arn)) = split("arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-1/a:b")
        else {
            panic!("not split");
        };
        assert_eq!(
            [
                arn.partition.text,
                arn.service.text,
                arn.region.text,
                arn.account.text,
                arn.resource.text
            ],
            [
                "aws",
                "vpc-lattice",
                "us-west-2",
                "111122223333",
                "service/svc-1/a:b"
            ]
        );
        assert_eq!(arn.resource.start, 43);
        let Some(Ok(s3)) = split("arn:aws:s3:::bucket/${aws:username}") else {
            panic!("not split");
        };
        assert_eq!((s3.region.text, s3.account.text), ("", ""));
        // A `:` inside a variable does not split.
        let Some(Ok(v)) = split("arn:aws:iam::${aws:PrincipalAccount}:role/x") else {
            panic!("not split");
        };
        assert_eq!(v.account.text, "${aws:PrincipalAccount}");
        assert_eq!(
            split("arn:aws:vpc-lattice:us-west-2:service/x"),
            Some(Err(5))
        );
        assert_eq!(split("arn:*"), Some(Err(2)));
        assert_eq!(split("*/rates"), None);
    }
}
