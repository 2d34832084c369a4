//! Code lenses: the analysis's answer above each policy and each statement,
//! in a few words ("lets anonymous callers in: GET /", "never applies"),
//! with the request that shows it, which `lattice-policy.explainWitness`
//! replays through the evaluator.
//!
//! The questions are those of the rules `ANONYMOUS_ACCESS`,
//! `ANY_ACCOUNT_ACCESS` and `STATEMENT_NEVER_APPLIES` ask, asked whatever
//! the configuration turns off: a lens says what the policy does, a
//! diagnostic whether that is a problem.

use lattice_policy::analysis::{
    Analysis, Answer, Callers, Layers, Protocols, Question, Setups, StatementFate, CHECK_TIME,
};
use lattice_policy::iac;
use lattice_policy::load::{self, LoadOptions, Loaded};
use lattice_policy::model::{Effect, Policy, PolicyKind};

use super::check::Settings;

/// One lens: a title at a byte offset, and the witness it can replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    /// Where it goes: the start of the policy or statement.
    pub offset: usize,
    /// What it says.
    pub title: String,
    /// The policy of the file it is about (`None` for a standalone policy,
    /// else its locator) and the request that shows the answer.
    pub witness: Option<(Option<String>, String)>,
}

/// The lenses of a document: each policy it holds, and each statement.
pub fn lenses(
    name: &str,
    path: Option<&std::path::Path>,
    text: &str,
    settings: &Settings,
    infrastructure: bool,
) -> Vec<Lens> {
    let options = LoadOptions {
        kind: settings.kind,
        max_size: load::DEFAULT_MAX_FILE_SIZE,
    };
    let mut out = Vec::new();
    if infrastructure {
        let Some((_, extraction)) = super::check::extract(name, path, text) else {
            return out;
        };
        for found in extraction.policies {
            let locator = found.locator.clone();
            let loaded = iac::load_found(name, text, found, settings.kind);
            policy_lenses(&loaded, Some(locator), settings, &mut out);
        }
    } else {
        let loaded = load::load_str(name, text, options);
        policy_lenses(&loaded, None, settings, &mut out);
    }
    out
}

/// The lenses of one policy.
fn policy_lenses(
    loaded: &Loaded,
    locator: Option<String>,
    settings: &Settings,
    out: &mut Vec<Lens>,
) {
    let Some(policy) = &loaded.policy else {
        return;
    };
    if !loaded.evaluable() {
        out.push(Lens {
            offset: policy.span.start as usize,
            title: "not analysed: the policy has errors".to_string(),
            witness: None,
        });
        return;
    }
    if policy.kind == PolicyKind::Identity {
        return;
    }
    // A policy holding deploy-time values is analysed as the rules analyse
    // it: at its most permissive bound, its account and organization ids
    // fixed (decision `unknown-ids-fixed`).
    let bound = lattice_policy::lint::analysed(policy);
    let analysed: &Policy = &bound;
    let mut setups = Setups::new();
    let setup = setups.add(Layers::service(analysed));
    let analysis = Analysis::with_budget(setups, CHECK_TIME, settings.budget);
    let witness = |answer: &Answer| match answer {
        Answer::Found(w) => Some((locator.clone(), w.query.clone())),
        _ => None,
    };
    // The policy as a whole.
    let anonymous = analysis.ask(
        setup,
        &Question::new(Callers::Anonymous).over(Protocols::Invoke),
    );
    let foreign = analysis.foreign_allowed(setup);
    let anyone = analysis.ask(setup, &Question::new(Callers::Anyone));
    let (title, shown) = if let Answer::Found(w) = &anonymous {
        (
            format!("lets anonymous callers in: {}", short(&w.query)),
            witness(&anonymous),
        )
    } else if let Answer::Found(w) = &foreign {
        (
            format!("any signed caller of any account: {}", short(&w.query)),
            witness(&foreign),
        )
    } else {
        match &anyone {
            Answer::NoRequest => ("allows no request".to_string(), None),
            Answer::Found(w) => (
                format!("no finding; allows e.g. {}", short(&w.query)),
                witness(&anyone),
            ),
            Answer::Unknown(reasons) => (undecided(reasons), None),
        }
    };
    out.push(Lens {
        offset: policy.span.start as usize,
        title,
        witness: shown,
    });
    // Each statement.
    let fates = analysis.statement_fates(setup);
    for (at, statement) in policy.statements.iter().enumerate() {
        let fate = fates.get(at);
        let (title, shown) = match fate {
            Some(StatementFate::NeverApplies) => ("never applies".to_string(), None),
            Some(StatementFate::Overridden) => (
                "never decides: a Deny of this policy denies everything it allows".to_string(),
                None,
            ),
            Some(StatementFate::RedundantWith(other)) => (
                format!(
                    "redundant: {} covers every request it applies to",
                    policy
                        .statements
                        .get(*other)
                        .map(|s| s.name())
                        .unwrap_or_else(|| format!("statement {}", other + 1))
                ),
                None,
            ),
            _ if statement.effect.value == Effect::Deny => {
                ("denies what it matches".to_string(), None)
            }
            _ => {
                let anonymous = analysis.ask(
                    setup,
                    &Question::new(Callers::Anonymous)
                        .over(Protocols::Invoke)
                        .through(at),
                );
                let foreign = analysis.foreign_allowed_via(setup, at);
                if let Answer::Found(w) = &anonymous {
                    (
                        format!("lets anonymous callers in: {}", short(&w.query)),
                        witness(&anonymous),
                    )
                } else if let Answer::Found(w) = &foreign {
                    (
                        format!("any signed caller of any account: {}", short(&w.query)),
                        witness(&foreign),
                    )
                } else {
                    let through = analysis.ask(setup, &Question::new(Callers::Anyone).through(at));
                    match &through {
                        Answer::Found(w) => (
                            format!("no finding; allows e.g. {}", short(&w.query)),
                            witness(&through),
                        ),
                        Answer::NoRequest => ("allows no request".to_string(), None),
                        Answer::Unknown(reasons) => (undecided(reasons), None),
                    }
                }
            }
        };
        out.push(Lens {
            offset: statement.span.start as usize,
            title,
            witness: shown,
        });
    }
}

/// "could not decide: REASON".
fn undecided(reasons: &[String]) -> String {
    match reasons.first() {
        Some(reason) => format!("could not decide: {reason}"),
        None => "could not decide".to_string(),
    }
}

/// A witness query short enough for a lens: its method and path when it
/// starts with them (`GET /health`), else its first words; the whole query
/// is one click away.
fn short(query: &str) -> String {
    const MAX: usize = 60;
    let words: Vec<&str> = query.split_whitespace().collect();
    let text = match (words.first(), words.get(1)) {
        (Some(method), Some(path))
            if method.chars().all(|c| c.is_ascii_uppercase()) && path.starts_with('/') =>
        {
            format!("{method} {path}")
        }
        _ => query.to_string(),
    };
    if text.chars().count() <= MAX {
        return text;
    }
    let mut out: String = text.chars().take(MAX - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_keep_the_method_and_path() {
        assert_eq!(
            short("GET /health from anonymous vpc vpc-1 port 443"),
            "GET /health"
        );
        assert_eq!(short("connect from anonymous"), "connect from anonymous");
        assert_eq!(short(&"x".repeat(80)).chars().count(), 60);
    }
}
