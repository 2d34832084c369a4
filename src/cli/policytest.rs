//! Running one `*.policytest.toml` file (docs/policytest.md): load the
//! policies it names, resolve each case's request, decide it, and compare.
//! A case that cannot be read is `INVALID` at its `FILE:LINE:COLUMN`; the
//! other cases still run. A failure carries the explanation `policy eval`
//! prints for the actual decision.

use std::path::Path;

use lattice_policy::eval::named::{named_targets, NamedTargets};
use lattice_policy::eval::policytest::{self, At, Case, Policies, Problem, Written};
use lattice_policy::eval::query::{parse_query, QueryError};
use lattice_policy::eval::request::{Request, RequestSpec};
use lattice_policy::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy, Timestamp};
use lattice_policy::load::Loaded;
use lattice_policy::model::PolicyKind;
use lattice_policy::source::Source;

use super::assumed::Assumed;
use super::output::Out;
use super::render::explain::{self, Policies as Shown};
use super::test::{CaseResult, Outcome};

/// The cases of one file, or why the file cannot be used (each problem as
/// `FILE:LINE:COLUMN: message (help)`).
pub fn run_file(file: &Path, now: Timestamp, follow: bool) -> Result<Vec<CaseResult>, Vec<String>> {
    let shown = super::inputs::display_path(file);
    let bytes = super::inputs::read_file(file, super::inputs::MAX_OPTION_FILE)
        .map_err(|reason| vec![format!("cannot read `{shown}`: {reason}")])?;
    let text = String::from_utf8(bytes)
        .map_err(|e| vec![format!("cannot read `{shown}`: not UTF-8 text ({e})")])?;
    let source = Source::new(shown.as_str(), text.as_str());
    let at = |offset: usize| {
        let p = source.position(offset);
        format!("{shown}:{}:{}", p.line, p.column)
    };
    let located = |p: &Problem| {
        let mut line = format!("{}: {}", at(p.offset), p.message);
        if let Some(help) = &p.help {
            line.push_str(&format!(" ({help})"));
        }
        line
    };
    let parsed = policytest::parse(&text);
    if !parsed.problems.is_empty() {
        return Err(parsed.problems.iter().map(located).collect());
    }
    let dir = file.parent().unwrap_or(Path::new("."));
    let loaded = Loaded3::load(dir, &parsed.policies, follow, &at)?;
    if let Some(codes) = &parsed.policies.refused {
        return Ok(vec![refused(&shown, &loaded.service, codes, &at)]);
    }
    let (authorizer, named) = loaded.authorizer(&parsed.policies, &at)?;
    let sids = loaded.sids();
    let sids: Vec<&str> = sids.iter().map(String::as_str).collect();
    let mut results = Vec::new();
    for case in &parsed.cases {
        let location = at(case.offset);
        let mut problems = case.problems.clone();
        if let Some(sid) = &case.expected.sid {
            problems.extend(policytest::unknown_sid(sid, &sids));
        }
        let request = match problems.first() {
            Some(first) => Err(first.clone()),
            None => resolve(case, now, &named),
        };
        let request = match request {
            Ok(request) => request,
            Err(problem) => {
                results.push(CaseResult {
                    name: case.name.clone(),
                    location: at(problem.offset),
                    outcome: Outcome::Invalid,
                    line: located(&problem),
                    expected: case.expected_words(),
                    got: None,
                    query: String::new(),
                    explanation: None,
                });
                continue;
            }
        };
        let explanation = authorizer.explain(&request);
        let mismatches = case.mismatches(&explanation);
        let got = format!(
            "{}:{}",
            explanation.verdict.decision.as_str(),
            explanation.verdict.reason.as_str()
        );
        let query = request.describe();
        let (outcome, line, shown_explanation) = if mismatches.is_empty() {
            (
                Outcome::Passed,
                format!("{location}  {}  {got}", case.name),
                None,
            )
        } else {
            let mut out = Out::buffer();
            let policies = Shown {
                network: loaded.network.as_ref(),
                service: &loaded.service,
                identity: &loaded.identity,
            };
            explain::human(
                &explanation,
                &request,
                &policies,
                &Assumed::default(),
                None,
                &mut out,
            );
            (
                Outcome::Failed,
                format!("{location}  {}: {}", case.name, mismatches.join("; ")),
                Some(out.into_text()),
            )
        };
        results.push(CaseResult {
            name: case.name.clone(),
            location,
            outcome,
            line,
            expected: case.expected_words(),
            got: Some(got),
            query,
            explanation: shown_explanation,
        });
    }
    Ok(results)
}

/// The request a case writes, resolved; a problem is located in the file.
fn resolve(case: &Case, now: Timestamp, named: &NamedTargets) -> Result<Request, Problem> {
    let (mut spec, query): (RequestSpec, Option<(&At<String>, _)>) = match &case.request {
        Some(Written::Query(query)) => match parse_query(&query.value) {
            Ok(parsed) => (parsed.spec.clone(), Some((query, parsed))),
            Err(error) => return Err(query_problem(query, &error)),
        },
        _ => match case.table_spec() {
            Some(result) => (result?, None),
            None => {
                return Err(Problem {
                    offset: case.offset,
                    message: "no request".to_owned(),
                    help: None,
                })
            }
        },
    };
    // A case that names no service is about the one the policy names, as
    // in `policy eval` (decision `eval-defaults-from-policy`).
    if spec.service.is_none() {
        spec.service = named.service.value().map(str::to_owned);
    }
    if spec.service_network.is_none() {
        spec.service_network = named.network.value().map(str::to_owned);
    }
    Request::resolve(spec, now).map_err(|error| {
        match query.and_then(|(q, parsed)| {
            QueryError::from_request_error(&q.value, &parsed, &error).map(|e| query_problem(q, &e))
        }) {
            Some(problem) => problem,
            None => Problem {
                offset: case.offset,
                message: format!("invalid request: {error}"),
                help: None,
            },
        }
    })
}

fn query_problem(query: &At<String>, error: &QueryError) -> Problem {
    Problem {
        offset: query.offset + error.span().offset(),
        message: error.message().to_owned(),
        help: error.help().map(str::to_owned),
    }
}

/// The one case of a file whose policy must be refused: its grammar errors
/// must include every listed code.
fn refused(
    shown: &str,
    service: &Loaded,
    codes: &[At<String>],
    at: &dyn Fn(usize) -> String,
) -> CaseResult {
    let found: Vec<&str> = service
        .findings
        .iter()
        .filter(|f| f.severity == lattice_policy::diagnostic::Severity::Error)
        .map(|f| f.info.code)
        .collect();
    let missing: Vec<&str> = codes
        .iter()
        .map(|c| c.value.as_str())
        .filter(|c| !found.contains(c))
        .collect();
    let location = codes
        .first()
        .map_or_else(|| format!("{shown}:1:1"), |c| at(c.offset));
    let wanted = codes
        .iter()
        .map(|c| c.value.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let name = format!("{} is refused", service.source.name());
    let (outcome, line, explanation) = if service.evaluable() {
        (
            Outcome::Failed,
            format!(
                "{location}  {name}: expected it to be refused ({wanted}), but it has no errors"
            ),
            None,
        )
    } else if missing.is_empty() {
        (
            Outcome::Passed,
            format!("{location}  {name}  {wanted}"),
            None,
        )
    } else {
        let mut out = Out::buffer();
        super::render::human::render_findings(&[service], &mut out);
        (
            Outcome::Failed,
            format!(
                "{location}  {name}: expected {}, got {}",
                missing.join(", "),
                found.join(", ")
            ),
            Some(out.into_text()),
        )
    };
    CaseResult {
        name,
        location,
        outcome,
        line,
        expected: format!("refused: {wanted}"),
        got: Some(if found.is_empty() {
            "evaluable".to_owned()
        } else {
            format!("refused: {}", found.join(", "))
        }),
        query: String::new(),
        explanation,
    }
}

/// Refuses a policy outside both the expectation file's directory and the
/// current directory: a file from a pull request must not make `policy
/// test` print lines of files elsewhere (`--follow` reads them), as a walk
/// does not read links that lead out of the tree.
fn inside(path: &Path, dir: &Path) -> Result<(), String> {
    // `FILE#LOCATOR` names the file before the `#`.
    let written = path.to_string_lossy();
    let file = match lattice_policy::iac::split_locator(&written) {
        (file, Some(_)) if !path.exists() => Path::new(file).to_path_buf(),
        _ => path.to_path_buf(),
    };
    let Ok(target) = std::fs::canonicalize(&file) else {
        // The reader reports what is wrong with it.
        return Ok(());
    };
    let roots = [
        std::fs::canonicalize(dir),
        std::env::current_dir().and_then(std::fs::canonicalize),
    ];
    if roots.iter().flatten().any(|root| target.starts_with(root)) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is outside this file's directory and the current directory; not read (`--follow` reads it)",
            super::inputs::display_path(&file)
        ))
    }
}

/// The policies a file names, loaded.
struct Loaded3 {
    service: Loaded,
    network: Option<Loaded>,
    identity: Vec<Loaded>,
}

impl Loaded3 {
    fn load(
        dir: &Path,
        policies: &Policies,
        follow: bool,
        at: &dyn Fn(usize) -> String,
    ) -> Result<Loaded3, Vec<String>> {
        let one = |named: &At<String>, kind: PolicyKind| {
            let path = dir.join(&named.value);
            if !follow {
                inside(&path, dir).map_err(|e| vec![format!("{}: {e}", at(named.offset))])?;
            }
            super::eval::load_policy(&path, kind)
                .map_err(|e| vec![format!("{}: {e}", at(named.offset))])
        };
        let Some(service) = &policies.service else {
            return Err(vec!["`[policies]` names no `service` policy".to_owned()]);
        };
        Ok(Loaded3 {
            service: one(service, PolicyKind::Auth)?,
            network: policies
                .network
                .as_ref()
                .map(|n| one(n, PolicyKind::Auth))
                .transpose()?,
            identity: policies
                .identity
                .iter()
                .map(|i| one(i, PolicyKind::Identity))
                .collect::<Result<_, _>>()?,
        })
    }

    /// Every Sid of the policies, for "did you mean".
    fn sids(&self) -> Vec<String> {
        std::iter::once(&self.service)
            .chain(self.network.iter())
            .chain(self.identity.iter())
            .filter_map(|l| l.policy.as_ref())
            .flat_map(|p| p.statements.iter())
            .filter_map(|s| s.sid.as_ref().map(|sid| sid.value.clone()))
            .collect()
    }

    /// The layers, as `policy eval` builds them; a policy with errors makes
    /// the file unusable.
    fn authorizer(
        &self,
        policies: &Policies,
        at: &dyn Fn(usize) -> String,
    ) -> Result<(Authorizer, NamedTargets), Vec<String>> {
        let mut broken = Vec::new();
        let named_paths = std::iter::once((&self.service, policies.service.as_ref()))
            .chain(self.network.iter().zip([policies.network.as_ref()]))
            .chain(self.identity.iter().zip(policies.identity.iter().map(Some)));
        for (loaded, named) in named_paths {
            if !loaded.evaluable() {
                let place = named.map_or_else(String::new, |n| format!("{}: ", at(n.offset)));
                broken.push(format!(
                    "{place}`{}` has errors; run `policy check` on it (or list its codes in `refused`)",
                    loaded.source.name()
                ));
            }
        }
        if !broken.is_empty() {
            return Err(broken);
        }
        let compile = |l: &Loaded| l.policy.as_ref().map(CompiledPolicy::compile);
        let network_type = policies
            .network_auth_type
            .unwrap_or(if self.network.is_some() {
                AuthType::AwsIam
            } else {
                AuthType::None
            });
        let authorizer = Authorizer {
            network: (self.network.is_some() || network_type == AuthType::AwsIam).then(|| {
                AuthLayer {
                    auth_type: network_type,
                    policy: self.network.as_ref().and_then(compile),
                }
            }),
            service: AuthLayer {
                auth_type: policies.service_auth_type.unwrap_or(AuthType::AwsIam),
                policy: compile(&self.service),
            },
            identity: (!self.identity.is_empty())
                .then(|| self.identity.iter().filter_map(compile).collect()),
        };
        let named = self
            .service
            .policy
            .as_ref()
            .map(named_targets)
            .unwrap_or_default();
        Ok((authorizer, named))
    }
}
