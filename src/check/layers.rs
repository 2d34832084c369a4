//! The open-access findings of policies that apply together: a service's
//! auth policy and its service network's, when one file set defines both
//! ([`crate::iac::layers`]).
//!
//! `ANONYMOUS_ACCESS` and `ANY_ACCOUNT_ACCESS` ask whether a caller gets
//! past one policy. A request to the service must pass both layers (an
//! explicit `Deny` in either wins, and each needs an `Allow`), so each such
//! finding is asked again of the two layers together, the same callers
//! through the same statement. When no such request passes both, for every
//! value the policies' unknowns could take (both are taken as the rules
//! take them: at their permissive bound, an unknown account or
//! organization id one fixed id, decision `unknown-ids-fixed`), the
//! finding is no certain problem: it becomes an
//! information that names the other layer's policy and its line. Otherwise it
//! stands as the rule reported it. A policy checked as several variants on
//! the other side (an `Fn::If` checked both ways) must refuse them in every
//! variant, and a target reached through several layers (a service in two
//! networks) in every one of them.
//!
//! The other layer may be in another file of the set (a sibling `.tf`,
//! another manifest or template of the run): it is named with its file,
//! line and locator, and the witness's `--network-policy` names that file.
//! When the set cannot tell the other layer, the finding says so and stands.

use crate::analysis::{Analysis, Answer, Callers, Layers, Protocols, Question, Setups, CHECK_TIME};
use crate::diagnostic::{Elsewhere, Finding, Related, Severity};
use crate::eval::AuthType;
use crate::iac::file_set::{Neighbours, SetPolicy};
use crate::iac::layers::{OtherLayer, Weighing};
use crate::iac::{Target, TargetKind};
use crate::lint::LintConfig;
use crate::model::Policy;
use crate::source::Source;
use crate::span::Span;

use super::infrastructure::Checked;

/// The rules whose findings the other layer can answer.
const OPEN: [&str; 2] = ["ANONYMOUS_ACCESS", "ANY_ACCOUNT_ACCESS"];

/// A finding the other layer answers, or says it cannot: (unit, finding,
/// what its message gains, the places it points at, whether the other
/// layer answers it).
type Rewrite = (usize, usize, String, Vec<Related>, bool);

/// Weighs the open-access findings of every unit against the other layer
/// its requests cross (`others`, one entry per unit, as
/// [`crate::iac::layers::other_layers_in`] gives them, whose indices past
/// the units are `neighbours`' policies).
pub(super) fn weigh(
    units: &mut [Checked],
    others: &[Weighing],
    neighbours: &Neighbours,
    targets: &[Target],
    source: &Source,
    config: &LintConfig,
) {
    // Decided first, over the units as they are; applied after.
    let mut rewrites: Vec<Rewrite> = Vec::new();
    let mut added: Vec<(usize, Finding)> = Vec::new();
    let partners = Partners::new(units, neighbours);
    for (i, weighing) in others.iter().enumerate() {
        let layers = match weighing {
            Weighing::Alone => continue,
            Weighing::Layers(layers) => layers,
            Weighing::Undecided(why) => {
                if let Some(unit) = units.get(i) {
                    for (f, finding) in unit.lint.iter().enumerate() {
                        if OPEN.contains(&finding.info.code) {
                            let suffix = format!("the other auth layer is not weighed: {why}");
                            rewrites.push((i, f, suffix, Vec::new(), false));
                        }
                    }
                }
                continue;
            }
        };
        let (Some(Some(own)), Some(unit)) = (partners.bounds.get(i), units.get(i)) else {
            continue;
        };
        for (f, finding) in unit.lint.iter().enumerate() {
            if !OPEN.contains(&finding.info.code) {
                continue;
            }
            let refused = layers.iter().all(|layer| {
                layer
                    .policies
                    .iter()
                    .all(|&j| match partners.bounds.get(j) {
                        Some(Some(partner)) => refuses(own, partner, finding, config),
                        _ => false,
                    })
            });
            if !refused {
                continue;
            }
            let (suffix, related) = describe(layers, &partners, targets, source);
            // ANY_ACCOUNT_ACCESS leaves a statement that lets anonymous
            // callers in to ANONYMOUS_ACCESS: with those shut out by the
            // other layer, signed callers of any account may still get
            // through both, and that must not go unsaid.
            if finding.info.code == "ANONYMOUS_ACCESS" && config.private_to.is_empty() {
                let uncertain = unit.policy.as_ref().is_some_and(Policy::has_unknowns);
                if let Some(extra) = any_account(own, finding, layers, &partners, config, uncertain)
                {
                    added.push((i, extra));
                }
            }
            rewrites.push((i, f, suffix, related, true));
        }
    }
    for (i, finding) in added {
        if let Some(unit) = units.get_mut(i) {
            if let Some(w) = &finding.witness {
                unit.unit
                    .witnesses
                    .push((finding.message.clone(), w.query.clone()));
            }
            unit.lint.push(finding);
        }
    }
    for (i, f, suffix, related, answered) in rewrites {
        let Some(unit) = units.get_mut(i) else {
            continue;
        };
        let Some(finding) = unit.lint.get_mut(f) else {
            continue;
        };
        let old = finding.message.clone();
        finding.message = format!("{old}; {suffix}");
        finding.related.extend(related);
        if answered {
            finding.severity = Severity::Info;
            if let Some(witness) = finding.witness.as_mut() {
                witness.lead = "this policy alone allows this request".to_owned();
            }
        }
        for (message, _) in &mut unit.unit.witnesses {
            if *message == old {
                message.clone_from(&finding.message);
            }
        }
    }
}

/// The policies a unit may be weighed with: the file's own units, then the
/// other files' policies ([`Neighbours::policies`]), each at its
/// permissive bound when it can be analysed.
struct Partners<'a> {
    bounds: Vec<Option<Policy>>,
    /// How each is named: (`FILE#LOCATOR` for `policy eval`, its locator,
    /// whether it has unknowns).
    names: Vec<(String, String, bool)>,
    /// Where each is, when in another file.
    elsewhere: Vec<Option<&'a SetPolicy>>,
    /// Where each of the file's own units starts.
    starts: Vec<usize>,
}

impl<'a> Partners<'a> {
    fn new(units: &[Checked], neighbours: &'a Neighbours) -> Self {
        let mut partners = Partners {
            bounds: Vec::new(),
            names: Vec::new(),
            elsewhere: Vec::new(),
            starts: Vec::new(),
        };
        for u in units {
            partners.bounds.push(
                u.analysable
                    .then(|| {
                        u.policy
                            .as_ref()
                            .map(|p| crate::lint::analysed(p).into_owned())
                    })
                    .flatten(),
            );
            partners.names.push((
                u.unit.eval_name.clone(),
                u.unit.locator.clone(),
                u.policy.as_ref().is_some_and(Policy::has_unknowns),
            ));
            partners.elsewhere.push(None);
            partners.starts.push(u.unit.span.offset());
        }
        for p in &neighbours.policies {
            let policy = analysable(p);
            partners.names.push((
                p.eval_name(),
                p.locator.clone(),
                policy.as_ref().is_some_and(Policy::has_unknowns),
            ));
            partners
                .bounds
                .push(policy.map(|p| crate::lint::analysed(&p).into_owned()));
            partners.elsewhere.push(Some(p));
        }
        partners
    }
}

/// Another file's policy as the analysis takes it: lowered, when it has no
/// error and is within the size quota.
fn analysable(p: &SetPolicy) -> Option<Policy> {
    let root = p.root.as_ref().filter(|_| !p.broken)?;
    if super::infrastructure::rendered_size(root) > crate::lint::rules::AUTH_POLICY_SIZE_QUOTA {
        return None;
    }
    let lowered = crate::lower::lower(root, crate::model::PolicyKind::Auth);
    let clean = lowered
        .findings
        .iter()
        .all(|f| f.severity != Severity::Error);
    clean.then_some(lowered.policy)
}

/// True when no request of the finding's kind passes `own`'s statement the
/// finding is on and `partner` as well.
fn refuses(own: &Policy, partner: &Policy, finding: &Finding, config: &LintConfig) -> bool {
    let statements = statements_of(own, finding);
    if statements.is_empty() {
        return false;
    }
    let (orgs, accounts): (Vec<String>, Vec<String>) = config
        .private_to
        .iter()
        .cloned()
        .partition(|p| p.starts_with("o-"));
    let question = match finding.info.code {
        "ANONYMOUS_ACCESS" => Question::new(Callers::Anonymous).over(Protocols::Invoke),
        _ if !config.private_to.is_empty() => Question::new(Callers::Outside {
            accounts: &accounts,
            orgs: &orgs,
        }),
        _ => Question::new(Callers::Foreign),
    };
    let (analysis, setup) = combined(own, partner, config);
    statements
        .into_iter()
        .all(|at| analysis.ask(setup, &question.through(at)) == Answer::NoRequest)
}

/// The `ANY_ACCOUNT_ACCESS` finding for the statement of an
/// `ANONYMOUS_ACCESS` finding that the other layer answers: signed callers of
/// an account no policy names get through the statement and some variant
/// of every other layer. An information when an unknown value could change
/// that.
fn any_account(
    own: &Policy,
    anonymous: &Finding,
    layers: &[OtherLayer],
    partners: &Partners<'_>,
    config: &LintConfig,
    uncertain: bool,
) -> Option<Finding> {
    let rule = crate::lint::rule("ANY_ACCOUNT_ACCESS")?;
    let crate::lint::Level::On(severity) = config.level(rule) else {
        return None;
    };
    // Some way (a layer, a variant of its policy) lets them through.
    let (witness, unknowns, partner, partner_name) = layers.iter().find_map(|layer| {
        layer.policies.iter().find_map(|&j| {
            let partner = partners.bounds.get(j)?.as_ref()?;
            let (eval_name, locator, unknowns) = partners.names.get(j)?;
            let (analysis, setup) = combined(own, partner, config);
            statements_of(own, anonymous).into_iter().find_map(|at| {
                match analysis.ask(setup, &Question::new(Callers::Foreign).through(at)) {
                    Answer::Found(w) => {
                        Some((w, *unknowns, locator.as_str(), Some(eval_name.clone())))
                    }
                    _ => None,
                }
            })
        })
    })?;
    let uncertain = uncertain || unknowns;
    let message = if uncertain {
        format!("signed callers of any AWS account may pass this statement and `{partner}`, the other layer's auth policy: whether anything limits their account or organization depends on deploy-time values")
    } else {
        format!("signed callers of any AWS account pass this statement and `{partner}`, the other layer's auth policy: no condition of either limits their account or organization")
    };
    let mut finding = Finding::new(&rule.info, anonymous.span, message)
        .with_label("names every caller")
        .with_help("limit the callers with a condition on `aws:PrincipalOrgID`, `aws:PrincipalAccount` or `aws:PrincipalArn` in either policy; if any account may call, silence this with `--ignore ANY_ACCOUNT_ACCESS`")
        .with_witness(crate::diagnostic::Witness {
            // Replayed on both layers: the other one as the network.
            network: partner_name,
            network_deploy_time: unknowns,
            ..crate::diagnostic::Witness::new(
                witness.query,
                witness.spec,
                "a caller from an account neither policy names gets in",
            )
        });
    finding.severity = if uncertain { Severity::Info } else { severity };
    Some(finding)
}

/// The analysis of the two layers together. Both under `AWS_IAM` combine
/// alike whichever is called the network: the one a finding is on is the
/// "service", so that a question's `through` names its statement.
fn combined<'p>(
    own: &'p Policy,
    partner: &'p Policy,
    config: &LintConfig,
) -> (Analysis<'p>, crate::analysis::Setup) {
    let mut setups = Setups::new();
    let setup = setups.add(Layers {
        network: Some((AuthType::AwsIam, Some(partner))),
        service: (AuthType::AwsIam, Some(own)),
    });
    (
        Analysis::with_budget(setups, CHECK_TIME, config.analysis_budget),
        setup,
    )
}

/// The statements (of the bound, which may widen one into two) whose text
/// holds the finding.
fn statements_of(own: &Policy, finding: &Finding) -> Vec<usize> {
    own.statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.span.start <= finding.span.start && finding.span.end <= s.span.end)
        .map(|(at, _)| at)
        .collect()
}

/// What the finding's message gains, and the places it points at: the
/// other layers' policies (or targets without one), in this file or
/// another of its set.
fn describe(
    layers: &[OtherLayer],
    partners: &Partners<'_>,
    targets: &[Target],
    source: &Source,
) -> (String, Vec<Related>) {
    let mut named = Vec::new();
    let mut related = Vec::new();
    for layer in layers {
        if layer.policies.is_empty() {
            named.push(format!(
                "`{}` (auth type AWS_IAM and no auth policy, so it refuses every request)",
                layer.target
            ));
            if let Some(target) = targets.iter().find(|t| t.locator == layer.target) {
                related.push(Related::new(target.span, "refuses every request"));
            }
            continue;
        }
        let mut policies: Vec<String> = Vec::new();
        for &j in &layer.policies {
            let Some((_, locator, _)) = partners.names.get(j) else {
                continue;
            };
            let (text, place) = match partners.elsewhere.get(j).copied().flatten() {
                Some(p) => (
                    format!("`{locator}` in `{}`, line {}", p.file, p.line),
                    Related {
                        elsewhere: Some(Elsewhere {
                            path: p.file.clone(),
                            line: p.line,
                            column: p.column,
                        }),
                        ..Related::new(
                            Span::new(0, 0),
                            format!("other layer: `{locator}` refuses them"),
                        )
                    },
                ),
                None => {
                    let start = partners.starts.get(j).copied().unwrap_or(0);
                    let line = source.position(start).line;
                    (
                        format!("`{locator}`, line {line}"),
                        Related::new(
                            Span::new(start, start + 1),
                            "this layer's policy refuses them",
                        ),
                    )
                }
            };
            if !policies.contains(&text) {
                policies.push(text);
                related.push(place);
            }
        }
        named.push(format!(
            "`{}` (its auth policy {})",
            layer.target,
            policies.join(" or ")
        ));
    }
    let across = related.iter().any(|r| r.elsewhere.is_some());
    let suffix = match (layers.first().map(|l| &l.kind), named.as_slice()) {
        (Some(TargetKind::ServiceNetwork), [one]) => format!(
            "but a request to the service also crosses its service network {one}, which refuses them, so none gets through both layers (a network that takes the service in elsewhere is not covered)"
        ),
        (Some(TargetKind::ServiceNetwork), _) => format!(
            "but a request to the service also crosses one of its service networks {}, and each refuses them, so none gets through both layers (a network that takes the service in elsewhere is not covered)",
            named.join(", ")
        ),
        _ => format!(
            "but every service {} associate{} with the network refuses them: {} (a service associated with it elsewhere is not covered)",
            if across { "these files" } else { "this file" },
            if across { "" } else { "s" },
            named.join(", ")
        ),
    };
    (suffix, related)
}
