//! `policy eval` output: the decision, each layer and statement, each clause.

use std::fmt;
use std::fmt::Write as _;

use lattice_policy::eval::condition::ClauseOutcome;
use lattice_policy::eval::decisions;

use crate::cli::assumed::Assumed;
use lattice_policy::eval::request::Request;
use lattice_policy::eval::{
    Caller, ElementOutcome, Explanation, LayerName, LayerOutcome, LayerState, PolicyResult, Reason,
    StatementOutcome, Verdict,
};
use lattice_policy::load::Loaded;
use lattice_policy::model::Effect;
use lattice_policy::span::Span;
use miette::{Diagnostic, LabeledSpan, SourceCode};
use serde_json::{json, Value};

use super::human::render_diagnostic;
use super::snippet::Snippets;
use crate::cli::color::{paint, Paint};
use crate::cli::output::Out;

/// The loaded policies behind each layer, for snippets and paths.
pub struct Policies<'a> {
    /// The service network's policy, if one was given.
    pub network: Option<&'a Loaded>,
    /// The service's policy.
    pub service: &'a Loaded,
    /// The caller's identity policies.
    pub identity: &'a [Loaded],
}

impl Policies<'_> {
    fn get(&self, layer: LayerName, index: usize) -> Option<&Loaded> {
        match layer {
            LayerName::ServiceNetwork => self.network,
            LayerName::Service => Some(self.service),
            LayerName::Identity => self.identity.get(index),
        }
    }
}

/// The answer of `policy eval` over every value a policy's deploy-time
/// unknowns could take (decision `eval-undetermined`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundedAnswer {
    /// Allowed whatever the values.
    Allow,
    /// Denied whatever the values.
    Deny,
    /// Allowed for some values and denied for others.
    Undetermined,
}

/// An unknown an undetermined answer depends on, where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependsOn {
    /// The expression as written (`!Ref OrganizationId`, `var.org_id`).
    pub expression: String,
    /// The file it is written in.
    pub path: String,
    /// Its line (1-based).
    pub line: usize,
    /// Its column (1-based, in characters).
    pub column: usize,
}

/// What the two bounds of policies holding unknowns say.
#[derive(Clone, Debug)]
pub struct Bounds {
    /// The answer for every value.
    pub answer: BoundedAnswer,
    /// The most permissive values' verdict.
    pub permissive: Verdict,
    /// The least permissive values' verdict.
    pub restrictive: Verdict,
    /// For an undetermined answer, the unknowns that decide it.
    pub depends_on: Vec<DependsOn>,
}

impl DependsOn {
    fn human(&self) -> String {
        format!(
            "`{}` at {}:{}:{}",
            self.expression, self.path, self.line, self.column
        )
    }
}

fn describe_caller(caller: &Caller) -> String {
    match caller {
        Caller::Anonymous => "an anonymous caller".to_string(),
        Caller::Authenticated(p) => match &p.session_arn {
            Some(session) => format!("`{session}`"),
            None => format!("`{}`", p.arn),
        },
    }
}

/// "statement `AllowGet`" or "statement 2", as findings name statements.
fn statement_name(s: &StatementOutcome) -> String {
    lattice_policy::model::statement_name(s.index, s.sid.as_deref())
}

fn headline(explanation: &Explanation) -> String {
    verdict_words(&explanation.verdict)
}

/// `deny (implicit-deny): the service policy does not allow this request`.
fn verdict_words(verdict: &Verdict) -> String {
    let v = *verdict;
    let why = match (v.reason, v.layer) {
        (Reason::NoAuth, _) => "both auth types are NONE: no auth policy applies".to_string(),
        (Reason::Allowed, _) => "every layer allows this request".to_string(),
        (Reason::ExplicitDeny, Some(layer)) => format!("a Deny statement in the {layer} applies"),
        (Reason::ImplicitDeny, Some(layer)) => format!("the {layer} does not allow this request"),
        (_, None) => String::new(),
    };
    format!("{} ({}): {why}", v.decision.as_str(), v.reason.as_str())
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

/// Values listed in full before the rest are counted (`--format json` has
/// them all): the human explanation stays linear in the policy's size.
const SHOWN_VALUES: usize = 10;

/// Characters of one value shown before it is cut.
const SHOWN_CHARS: usize = 100;

/// Statements labelled in a policy's snippet before the rest are counted.
const SHOWN_LABELS: usize = 10;

/// `text`, cut to [`SHOWN_CHARS`] characters with `…` when longer.
fn elide(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(text)),
        None => text.to_string(),
    }
}

fn quoted(values: &[String]) -> String {
    let mut items: Vec<String> = values
        .iter()
        .take(SHOWN_VALUES)
        .map(|v| format!("{:?}", elide(v)))
        .collect();
    if values.len() > SHOWN_VALUES {
        items.push(format!(
            "… and {} more (all in --format json)",
            values.len() - SHOWN_VALUES
        ));
    }
    items.join(", ")
}

/// One line for the principal, action or resource element.
fn element_line(name: &str, e: &ElementOutcome, source: &Loaded, subject: &str) -> String {
    let item = e.item.map(|s| elide(source.source.snippet(s)));
    let not = if e.negated { "Not" } else { "" };
    let detail = match (e.negated, item) {
        (false, Some(item)) => format!("matched by {item}"),
        (false, None) => format!("nothing listed matches {subject}"),
        (true, Some(item)) => format!(
            "{not}{} lists {item}, which matches {subject}",
            capitalise(name)
        ),
        (true, None) => format!(
            "{not}{} lists nothing that matches {subject}",
            capitalise(name)
        ),
    };
    format!("    {} {name:<10} {detail}\n", mark(e.matched))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn clause_lines(c: &ClauseOutcome, out: &mut String) {
    let _ = writeln!(out, "      {} {} {}", mark(c.result), c.operator, c.key);
    let request = c
        .request_values
        .as_ref()
        .map_or_else(|| "(absent)".to_string(), |v| quoted(v));
    let _ = writeln!(out, "          request: {request}");
    let _ = writeln!(out, "          policy:  {}", quoted(&c.policy_values));
    let _ = writeln!(out, "          {}", c.reason.describe());
}

fn statements_text(
    statements: &[StatementOutcome],
    source: &Loaded,
    request: &Request,
    out: &mut String,
) {
    let caller = describe_caller(request.caller());
    for s in statements {
        let verb = match (s.applies, s.effect) {
            (true, Effect::Allow) => "applies: allows",
            (true, Effect::Deny) => "applies: denies",
            (false, _) => "does not apply",
        };
        let _ = writeln!(out, "  {} ({}): {verb}", statement_name(s), s.effect);
        if let Some(p) = &s.principal {
            out.push_str(&element_line("principal", p, source, &caller));
        }
        out.push_str(&element_line(
            "action",
            &s.action,
            source,
            &format!("`{}`", request.action()),
        ));
        out.push_str(&element_line(
            "resource",
            &s.resource,
            source,
            &format!("`{}`", request.resource()),
        ));
        if let Some((ok, clauses)) = &s.condition {
            let _ = writeln!(out, "    {} condition", mark(*ok));
            for clause in clauses {
                clause_lines(clause, out);
            }
        }
    }
}

fn layer_text(layer: &LayerOutcome, policies: &Policies<'_>, request: &Request, out: &mut String) {
    let name = layer.layer;
    match &layer.state {
        LayerState::Inactive => {
            let _ = writeln!(out, "{name} (auth type NONE): not evaluated");
        }
        LayerState::NoPolicy => {
            let _ = writeln!(
                out,
                "{name} (AWS_IAM): no policy attached, so every request is denied"
            );
        }
        LayerState::Assumed => {
            let _ = writeln!(
                out,
                "{name}: none given; assumed to allow (decision `{}`)",
                decisions::IDENTITY_LAYER_ASSUMED
            );
        }
        LayerState::Anonymous => {
            let _ = writeln!(out, "{name}: not evaluated: anonymous callers have none");
        }
        LayerState::Evaluated {
            policies: evaluated,
            result,
        } => {
            for (i, (policy_result, statements)) in evaluated.iter().enumerate() {
                let Some(source) = policies.get(name, i) else {
                    continue;
                };
                let _ = writeln!(
                    out,
                    "{name} ({}) {}: {}",
                    layer.auth_type.as_str(),
                    source.source.name(),
                    policy_result.as_str()
                );
                statements_text(statements, source, request, out);
            }
            if evaluated.len() > 1 {
                let _ = writeln!(out, "{name} together: {}", result.as_str());
            }
        }
    }
}

/// A snippet pointing at what decided one policy's answer.
struct Snippet<'a> {
    message: String,
    labels: Vec<LabeledSpan>,
    source: &'a Snippets,
}

impl fmt::Debug for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Snippet<'_> {}

impl Diagnostic for Snippet<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Labels for one policy: the statements that decided it, or, when nothing
/// applied, where each `Allow` statement fell short.
fn labels(
    result: PolicyResult,
    statements: &[StatementOutcome],
    snippets: &Snippets,
) -> Vec<LabeledSpan> {
    let label = |span: Span, text: String| {
        LabeledSpan::new_with_span(
            Some(super::clean::for_terminal(&text).into_owned()),
            snippets.display_span(span),
        )
    };
    let mut out = Vec::new();
    for s in statements {
        match (result, s.applies, s.effect) {
            (PolicyResult::ExplicitDeny, true, Effect::Deny) => {
                out.push(label(
                    s.effect_span,
                    format!("{} denies the request", statement_name(s)),
                ));
            }
            (PolicyResult::Allow, true, Effect::Allow) => {
                out.push(label(
                    s.effect_span,
                    format!("{} allows the request", statement_name(s)),
                ));
            }
            (PolicyResult::ImplicitDeny, false, Effect::Allow) => {
                if let Some((span, why)) = first_failure(s) {
                    out.push(label(span, format!("{}: {why}", statement_name(s))));
                }
            }
            _ => {}
        }
    }
    out
}

/// Where a statement first fails to apply, and why, in a few words.
fn first_failure(s: &StatementOutcome) -> Option<(Span, String)> {
    if let Some(p) = s.principal.as_ref().filter(|p| !p.matched) {
        return Some((p.item.unwrap_or(p.span), "does not name this caller".into()));
    }
    if !s.action.matched {
        return Some((
            s.action.item.unwrap_or(s.action.span),
            "does not cover this action".into(),
        ));
    }
    if !s.resource.matched {
        return Some((
            s.resource.item.unwrap_or(s.resource.span),
            "does not cover this resource".into(),
        ));
    }
    let (_, clauses) = s.condition.as_ref()?;
    let clause = clauses.iter().find(|c| !c.result)?;
    Some((
        clause.key_span,
        format!("false: {}", clause.reason.describe()),
    ))
}

fn snippets_text(explanation: &Explanation, policies: &Policies<'_>, out: &mut Out) {
    for layer in &explanation.layers {
        let LayerState::Evaluated {
            policies: evaluated,
            ..
        } = &layer.state
        else {
            continue;
        };
        for (i, (result, statements)) in evaluated.iter().enumerate() {
            let Some(loaded) = policies.get(layer.layer, i) else {
                continue;
            };
            let snippets = Snippets::new(&loaded.source);
            let mut labels = labels(*result, statements, &snippets);
            if labels.is_empty() {
                continue;
            }
            let message = format!("{}: {}", layer.layer, result.as_str());
            let more = labels.len().saturating_sub(SHOWN_LABELS);
            labels.truncate(SHOWN_LABELS);
            // Labels on a long line are drawn one snippet each: drawn
            // together, each would be padded to the window that holds all.
            let apart = labels.iter().any(|l| {
                snippets.touches_long_shown_line(Span::new(l.offset(), l.offset() + l.len()))
            });
            let groups: Vec<Vec<LabeledSpan>> = if apart {
                labels.into_iter().map(|l| vec![l]).collect()
            } else {
                vec![labels]
            };
            for labels in groups {
                let snippet = Snippet {
                    message: message.clone(),
                    labels,
                    source: &snippets,
                };
                render_diagnostic(&snippet, out);
            }
            if more > 0 {
                out.write(&format!(
                    "  … and {more} more statements of this policy (all in --format json)\n"
                ));
            }
        }
    }
}

/// The human explanation.
pub fn human(
    explanation: &Explanation,
    request: &Request,
    policies: &Policies<'_>,
    assumed: &Assumed,
    bounds: Option<&Bounds>,
    out: &mut Out,
) {
    // The headline is the tool's own words: coloured after cleaning.
    let decision = match explanation.verdict.decision {
        lattice_policy::eval::Decision::Allow => Paint::Green,
        lattice_policy::eval::Decision::Deny => Paint::Red,
    };
    let mut text = String::new();
    match bounds {
        Some(b) if b.answer == BoundedAnswer::Undetermined => {
            let head = "undetermined: allowed for some deploy-time values and denied for others";
            out.write(&format!("{}\n\n", paint(Paint::Yellow, head)));
            let depends: Vec<String> = b.depends_on.iter().map(DependsOn::human).collect();
            let _ = writeln!(text, "depends on {}", depends.join(", "));
            let _ = writeln!(
                text,
                "the least permissive values: {}",
                verdict_words(&b.restrictive)
            );
            let _ = writeln!(
                text,
                "give the values (--parameter, --var, --env, --account, --region) to decide \
(decision `eval-undetermined`); below, the request as the most permissive values let it in\n"
            );
        }
        _ => {
            let head = super::clean::for_terminal(&headline(explanation)).into_owned();
            out.write(&format!("{}\n\n", paint(decision, &head)));
            if bounds.is_some() {
                let _ = writeln!(
                    text,
                    "the same for every value the policy's deploy-time values could take\n"
                );
            }
        }
    }
    let _ = writeln!(text, "request   {}", request.describe());
    text.push_str(&assumed.human());
    let _ = writeln!(text, "action    {}", request.action());
    let _ = writeln!(text, "resource  {}\n", request.resource());
    for layer in &explanation.layers {
        layer_text(layer, policies, request, &mut text);
    }
    out.write(&colour_marks(&super::clean::for_terminal(&text)));
    out.write("\n");
    snippets_text(explanation, policies, out);
    let mut tail = String::new();
    if !explanation.missing_keys.is_empty() {
        let _ = writeln!(
            tail,
            "keys the policies test that this request does not supply: {}",
            explanation.missing_keys.join(", ")
        );
    }
    for name in &explanation.decisions {
        if let Some(text) = decisions::describe(name) {
            let _ = writeln!(tail, "rests on decision `{name}`: {text}");
        }
    }
    out.write(&super::clean::for_terminal(&tail));
}

/// The cleaned explanation with its `✓` green and its `✗` red, when colour is on.
fn colour_marks(text: &str) -> String {
    if !crate::cli::color::on() {
        return text.to_string();
    }
    text.replace(mark(true), &paint(Paint::Green, mark(true)))
        .replace(mark(false), &paint(Paint::Red, mark(false)))
}

fn position(loaded: &Loaded, span: Span) -> Value {
    let at = loaded.source.position(span.offset());
    json!({"line": at.line, "column": at.column, "offset": span.offset(), "length": span.len()})
}

fn element_json(e: &ElementOutcome, loaded: &Loaded) -> Value {
    json!({
        "matched": e.matched,
        "negated": e.negated,
        "item": e.item.map(|s| loaded.source.snippet(s)),
        "at": position(loaded, e.item.unwrap_or(e.span)),
    })
}

fn clause_json(c: &ClauseOutcome, loaded: &Loaded) -> Value {
    json!({
        "operator": c.operator.to_string(),
        "key": c.key,
        "requestValues": c.request_values,
        "policyValues": c.policy_values,
        "result": c.result,
        "reason": c.reason.describe(),
        "decision": c.reason.decision_ref(),
        "at": position(loaded, c.key_span),
    })
}

fn statement_json(s: &StatementOutcome, loaded: &Loaded) -> Value {
    json!({
        "index": s.index,
        "sid": s.sid,
        "effect": s.effect.as_str(),
        "applies": s.applies,
        "at": position(loaded, s.span),
        "principal": s.principal.as_ref().map(|p| element_json(p, loaded)),
        "action": element_json(&s.action, loaded),
        "resource": element_json(&s.resource, loaded),
        "condition": s.condition.as_ref().map(|(ok, clauses)| json!({
            "result": ok,
            "clauses": clauses.iter().map(|c| clause_json(c, loaded)).collect::<Vec<_>>(),
        })),
        "decisions": s.decisions,
    })
}

fn layer_json(layer: &LayerOutcome, policies: &Policies<'_>) -> Value {
    let (state, result, evaluated) = match &layer.state {
        LayerState::Inactive => ("inactive", None, Vec::new()),
        LayerState::NoPolicy => ("no-policy", Some(PolicyResult::ImplicitDeny), Vec::new()),
        LayerState::Assumed => ("assumed-allow", Some(PolicyResult::Allow), Vec::new()),
        LayerState::Anonymous => ("anonymous", None, Vec::new()),
        LayerState::Evaluated {
            result,
            policies: evaluated,
        } => ("evaluated", Some(*result), {
            evaluated
                .iter()
                .enumerate()
                .filter_map(|(i, (r, statements))| {
                    let loaded = policies.get(layer.layer, i)?;
                    Some(json!({
                        "path": loaded.source.name(),
                        "result": r.as_str(),
                        "statements": statements.iter().map(|s| statement_json(s, loaded)).collect::<Vec<_>>(),
                    }))
                })
                .collect()
        }),
    };
    json!({
        "layer": layer.layer.as_str(),
        "authType": layer.auth_type.as_str(),
        "state": state,
        "result": result.map(PolicyResult::as_str),
        "policies": evaluated,
    })
}

/// Writes a JSON report, masking what looks like a secret.
pub fn write_json(mut report: Value, out: &mut Out) {
    super::clean::mask_json(&mut report);
    match serde_json::to_string_pretty(&report) {
        Ok(text) => out.write(&(text + "\n")),
        Err(error) => {
            crate::cli::output::complain(&format!("cannot encode the explanation: {error}"))
        }
    }
}

/// The JSON explanation as a value, for a report that adds to it; with the
/// bounds of policies holding deploy-time values, when there are some.
pub fn json_value(
    explanation: &Explanation,
    request: &Request,
    policies: &Policies<'_>,
    assumed: &Assumed,
    bounds: Option<&Bounds>,
) -> Value {
    let (defaults, notes) = assumed.json();
    let v = explanation.verdict;
    let deciding: Vec<Value> = explanation
        .deciding_statements()
        .into_iter()
        .filter_map(|(layer, i, s)| {
            let loaded = policies.get(layer, i)?;
            Some(json!({"layer": layer.as_str(), "path": loaded.source.name(), "index": s.index, "sid": s.sid, "at": position(loaded, s.span)}))
        })
        .collect();
    let mut report = json!({
        "decision": v.decision.as_str(),
        "reason": v.reason.as_str(),
        "layer": v.layer.map(LayerName::as_str),
        "request": {
            "query": request.describe(),
            "action": request.action(),
            "resource": request.resource(),
            "context": request.context().iter().map(|(k, v)| (k.to_string(), json!(v.values()))).collect::<serde_json::Map<_, _>>(),
        },
        "layers": explanation.layers.iter().map(|l| layer_json(l, policies)).collect::<Vec<_>>(),
        "decidingStatements": deciding,
        "missingKeys": explanation.missing_keys,
        "decisions": explanation.decisions.iter().map(|d| json!({"name": d, "text": decisions::describe(d)})).collect::<Vec<_>>(),
        "defaults": defaults,
        "notes": notes,
    });
    if let (Some(b), Value::Object(fields)) = (bounds, &mut report) {
        let verdict =
            |v: &Verdict| json!({"decision": v.decision.as_str(), "reason": v.reason.as_str()});
        if b.answer == BoundedAnswer::Undetermined {
            fields.insert("decision".into(), json!("undetermined"));
            fields.insert("reason".into(), json!("deploy-time-values"));
            fields.insert("layer".into(), Value::Null);
        }
        fields.insert(
            "dependsOn".into(),
            b.depends_on
                .iter()
                .map(|d| json!({"expression": d.expression, "path": d.path, "line": d.line, "column": d.column}))
                .collect(),
        );
        fields.insert(
            "bounds".into(),
            json!({"permissive": verdict(&b.permissive), "restrictive": verdict(&b.restrictive)}),
        );
    }
    report
}
