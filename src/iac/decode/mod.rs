//! Strings as written in their host syntax, decoded into the text a tool
//! reads, with an [`OffsetMap`] back to where each character was written.
//!
//! A policy is often written as a string inside an infrastructure file: an
//! escaped JSON string in a CloudFormation JSON template, a `*.tf.json` file
//! or a Terraform plan ([`mod@json_literal`]); a YAML scalar, plain, quoted,
//! literal (`|`) or folded (`>`), with its indentation, line folding, tabs
//! and CRLF line ends ([`mod@yaml_scalar`]); an HCL quoted string or heredoc,
//! `<<-` stripping its indentation ([`hcl`]). The string may be template
//! text whose placeholders are filled in at deploy time: a CloudFormation
//! `Fn::Sub`, a Terraform interpolation, an `envsubst` placeholder of a
//! Kubernetes manifest; [`template`] turns each into an unknown value at its
//! place. Every extractor decodes its strings here, so a finding inside an
//! embedded policy lands on the character the author wrote, whatever the
//! host.

pub mod hcl;
pub mod json_literal;
pub mod template;
pub mod yaml_scalar;

pub use json_literal::json_literal;
pub use template::{parse_plain, Naming, Parsed, Placeholders, Syntax, Template};
pub use yaml_scalar::string_map as yaml_scalar;

use super::offsets::OffsetMap;
use crate::span::Span;

/// The map of a string value `decoded`, written at `span` of `text` in a
/// file that may be JSON or YAML (a CloudFormation template): as a JSON
/// string literal when the text there decodes to `decoded` as one, else as a
/// YAML scalar; when neither rebuilds it but the span holds `decoded`
/// verbatim (a value an intrinsic chose), there. Otherwise every offset maps
/// into the span, from its start: coarse, but never outside it.
pub fn host_string(text: &str, span: Span, decoded: &str) -> OffsetMap {
    if let Some((value, map)) = json_literal(text, span) {
        if value == decoded {
            return map;
        }
    }
    if let Some(map) = yaml_scalar::rebuild(text, span, decoded) {
        return map;
    }
    let raw = span.slice(text).unwrap_or("");
    match raw.find(decoded) {
        Some(at) if !decoded.is_empty() => OffsetMap::verbatim(span.offset() + at, decoded.len()),
        _ => coarse(span, decoded),
    }
}

/// The map that sends every offset of `decoded` to the start of `span`,
/// and every span to all of it: for a value whose characters cannot be
/// traced to the file one by one.
pub fn coarse(span: Span, decoded: &str) -> OffsetMap {
    let mut map = OffsetMap::new();
    map.push_replaced(decoded.len().max(1), span.offset(), span.len());
    map
}
