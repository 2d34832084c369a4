//! What the infrastructure targets share: read a file as `policy check`
//! does (extraction, then every stage on each policy found) and hold the
//! result to its invariants: no panic, every span of the extraction and of
//! the report inside the text on character boundaries, every finding on a
//! line of the file.

use std::collections::BTreeMap;

use lattice_policy::check::{check_extraction, Checker, Expectations};
use lattice_policy::iac::{self, ExtractOptions};
use lattice_policy::lint::LintConfig;
use lattice_policy::load::LoadOptions;
use lattice_policy::source::Source;
use lattice_policy::span::Span;

/// Values for the placeholders the seeds use, given for half the inputs so
/// that both the substituted and the unknown paths run.
fn options(given: bool) -> ExtractOptions {
    if !given {
        return ExtractOptions::default();
    }
    let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    ExtractOptions {
        parameters: map(&[("Env", "prod"), ("Stage", "prod"), ("OrgId", "o-abcdef1234")]),
        variables: map(&[("account_id", "111122223333"), ("org_id", "o-abcdef1234")]),
        env: map(&[("ACCOUNT_ID", "111122223333"), ("VPC_ID", "vpc-0123456789abcdef0")]),
        account: Some("111122223333".to_owned()),
        region: Some("eu-west-1".to_owned()),
        partition: None,
        ..ExtractOptions::default()
    }
}

fn inside(text: &str, span: Span, what: &str) {
    assert!(span.slice(text).is_some(), "{what} span {span:?} outside the text");
}

/// Reads `data` as the file `name`, and checks what was read.
pub fn run(name: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = options(data.len() % 2 == 0);
    let Some((kind, extraction)) = iac::extract(name, text, &options) else {
        return;
    };
    for policy in &extraction.policies {
        inside(text, policy.span, "policy");
        if let Some(root) = &policy.root {
            for span in root.spans() {
                inside(text, span, "tree");
            }
        }
        for finding in &policy.findings {
            inside(text, finding.span, "policy finding");
        }
    }
    for target in &extraction.targets {
        inside(text, target.span, "target");
    }
    for finding in &extraction.findings {
        inside(text, finding.span, "file finding");
        for related in &finding.related {
            inside(text, related.span, "related");
        }
    }
    let lint = LintConfig::default();
    let expectations = Expectations::default();
    let checker = Checker {
        load: LoadOptions::default(),
        lint: &lint,
        expectations: &expectations,
    };
    let source = Source::new(name, text);
    let report = check_extraction(source.clone(), kind, extraction, &checker);
    for finding in report.findings() {
        inside(text, finding.span, "report finding");
        for related in &finding.related {
            inside(text, related.span, "report related");
        }
        let line = source.line_index(finding.span.offset());
        assert!(line < source.line_count().max(1), "line {line} past the end");
    }
}
