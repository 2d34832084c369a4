//! `policy check`: lint policy files.

use std::path::PathBuf;

use clap::ValueEnum;
use lattice_policy::analysis::{Budget, Invariant};
use lattice_policy::check::{
    check_bytes, check_extraction, Baseline, Checker, Expectations, Outcome, Report, Stage,
    StageResult,
};
use lattice_policy::config::normalize;
use lattice_policy::diagnostic::Severity;
use lattice_policy::iac::{self, ExtractOptions};
use lattice_policy::lint::{Level, LintConfig};
use lattice_policy::load::{self, LoadOptions};
use lattice_policy::model::PolicyKind;

use super::configure;
use super::fix::{self, Fixer};
use super::inputs::{self, Input};
use super::output::Out;
use super::render::{self, Checked};
use super::Exit;

/// Check policy files for errors and risky constructs.
///
/// Each PATH is a file, a directory (searched recursively for `*.json`,
/// `*.yaml`, `*.yml` and `*.tf`) or `-` for standard input; with no PATH, the
/// configuration's `include` globs are checked, or `policies/` when it has
/// none. Policies inside CloudFormation, SAM and CDK templates (and the other
/// infrastructure files this build reads) are each checked in place, named by
/// their logical id. Every problem in every file is reported; a file that
/// cannot be read never stops the others.
///
/// Exit status: 0 when nothing at or above `--fail-on` was found, 1 when
/// something was, 2 when an input or the configuration could not be read.
///
/// Configuration: the nearest `lattice-policy.toml` in the current directory
/// or above it is read (`--config FILE` names one, `--no-config` reads none);
/// its format follows the options below.
#[derive(Debug, clap::Args)]
#[command(after_long_help = CONFIG_HELP)]
pub struct Args {
    /// Files, directories or `-` (standard input)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// The lowest severity that makes the exit status 1 [default: error, or
    /// the configuration's `fail-on`]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,

    /// What the files are: VPC Lattice auth policies, or IAM identity policies
    /// (which must not name a principal)
    #[arg(long, value_enum, default_value_t = Kind::Auth)]
    kind: Kind,

    /// Refuse files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = load::DEFAULT_MAX_FILE_SIZE)]
    max_size: usize,

    /// Run only these lint rules, by code or name (repeatable; grammar checks
    /// always run)
    #[arg(long, value_name = "CODE")]
    select: Vec<String>,

    /// Do not run these lint rules, by code (`ANY_ACCOUNT_ACCESS`) or name
    /// (`any-account-access`) (repeatable)
    #[arg(long, value_name = "CODE")]
    ignore: Vec<String>,

    /// Read this configuration file instead of looking for `lattice-policy.toml`
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Read no configuration file
    #[arg(long)]
    no_config: bool,

    /// Prove that no allowed request matches this what-if pattern, or show one
    /// that does (repeatable), e.g. "GET /admin/* from anonymous",
    /// "DELETE /* as any-account"; also `never = [...]` in the configuration
    #[arg(long, value_name = "QUERY")]
    never: Vec<String>,

    /// Follow symbolic links to directories in walks, and read links to files
    /// outside the tree being checked
    #[arg(long)]
    follow: bool,

    /// Report requests each policy allows that this earlier version denied
    /// (auth policies only)
    #[arg(long, value_name = "OLD")]
    baseline: Option<PathBuf>,

    /// The most time and memory one policy's analysis may take, e.g. `2s`,
    /// `256M` or `2s,256M`; past it, the analysis-based findings say they
    /// could not decide [default: 2s,128M, or the configuration's
    /// `analysis-budget`]
    #[arg(long, value_name = "BUDGET")]
    analysis_budget: Option<Budget>,

    /// Apply the safe fixes the findings carry, in place, then report what
    /// remains (not on standard input: see `--diff`)
    #[arg(long)]
    fix: bool,

    /// Print a unified diff of what `--fix` would change, write nothing;
    /// exit status 1 when there is something to fix
    #[arg(long, conflicts_with = "fix")]
    diff: bool,

    /// With `--fix` or `--diff`, apply the unsafe fixes too (those that
    /// change what the policy allows or delete the author's text)
    #[arg(long)]
    unsafe_fixes: bool,

    /// A CloudFormation parameter's value, for the policies of templates
    /// (repeatable); parameters not given (defaults included) are unknown
    #[arg(long, value_name = "NAME=VALUE", value_parser = name_value)]
    parameter: Vec<(String, String)>,

    /// A Terraform variable's value, for the policies of `.tf` files
    /// (repeatable)
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = name_value)]
    var: Vec<(String, String)>,

    /// The value of a `$NAME` or `${NAME}` placeholder in Kubernetes
    /// manifests (repeatable)
    #[arg(long, value_name = "NAME=VALUE", value_parser = name_value)]
    env: Vec<(String, String)>,

    /// The account id templates deploy to (`AWS::AccountId`)
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,

    /// The region templates deploy to (`AWS::Region`; also decides
    /// `AWS::Partition`)
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
}

/// `NAME=VALUE`, for `--parameter`, `--var` and `--env`.
fn name_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

impl Args {
    /// The values given for what infrastructure files leave unknown.
    fn extract_options(&self) -> ExtractOptions {
        ExtractOptions {
            parameters: self.parameter.iter().cloned().collect(),
            variables: self.var.iter().cloned().collect(),
            env: self.env.iter().cloned().collect(),
            account: self.account.clone(),
            region: self.region.clone(),
            partition: None,
        }
    }
}

/// The configuration file's format, shown by `policy check --help`.
const CONFIG_HELP: &str = r#"Configuration file (lattice-policy.toml; every key is optional, and
command-line flags override the file):

    fail-on = "warning"                 # the default for --fail-on
    include = ["policies/**/*.json"]    # check only these files (and, with
                                        # no PATH, what is checked)
    exclude = ["policies/drafts"]       # and never these
    never = ["* /admin/* from anonymous"]  # invariants, as --never
    public = ["policies/status-page/**"]   # public on purpose: no ANONYMOUS_ACCESS
    private-to = ["111122223333", "o-a1b2c3d4e5"]  # callers from elsewhere
                                        # are an ANY_ACCOUNT_ACCESS error
    analysis-budget = "2s,128M"         # the default for --analysis-budget

    [rules]                             # lint rules only:
    ALLOW_WITH_NOT_PRINCIPAL = "warning"  # "off", "error", "warning" or "info"

Globs are relative to the directory of the file: `*` and `?` stay within one
path component, `**` crosses directories, and a glob that matches a directory
covers everything under it. They filter every file, whether named on the
command line or found in a directory (pre-commit passes every changed `.json`
file); standard input is always checked. Unknown keys, unknown rule codes and
grammar-check codes are errors, shown at their place in the file (exit 2)."#;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people
    Human,
    /// One JSON object, for scripts
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, editors)
    Sarif,
    /// GitHub Actions workflow commands, which annotate the files
    Github,
}

/// Severities for `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only
    Error,
    /// Fail on warnings and errors
    Warning,
    /// Fail on any finding
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Policy kinds for `--kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// VPC Lattice auth policies (resource policies)
    Auth,
    /// IAM identity policies
    Identity,
}

impl From<Kind> for PolicyKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Auth => PolicyKind::Auth,
            Kind::Identity => PolicyKind::Identity,
        }
    }
}

/// Runs `policy check`.
pub fn run(args: Args) -> Exit {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => {
            super::output::complain(&format!(
                "cannot read the current directory: {}",
                inputs::io_reason(&error)
            ));
            return Exit::Trouble;
        }
    };
    let file = match configure::load(args.config.as_deref(), args.no_config, &cwd) {
        Ok(file) => file,
        Err(refused) => return configuration_refused(refused, args.format, &cwd),
    };
    let paths = if args.paths.is_empty() {
        let found = super::targets::when_none_given(file.as_ref(), &cwd);
        if found.is_empty() {
            super::output::complain(&super::targets::nothing_to_walk(file.as_ref()));
        }
        found
    } else {
        args.paths.clone()
    };
    let options = LoadOptions {
        kind: args.kind.into(),
        max_size: args.max_size,
    };
    let config = match lint_config(&args, file.as_ref()) {
        Ok(config) => config,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    if args.kind == Kind::Identity && (!args.never.is_empty() || args.baseline.is_some()) {
        super::output::complain(
            "`--never` and `--baseline` analyse who an auth policy lets in; identity policies (`--kind identity`) name no principal, so there is nothing to check",
        );
        return Exit::Trouble;
    }
    if args.kind == Kind::Identity && file.as_ref().is_some_and(|f| !f.config.never.is_empty()) {
        // Said once, so that nobody takes the run for a proof of them.
        super::output::complain(
            "note: the configuration's `never` invariants are not checked on identity policies (`--kind identity`)",
        );
    }
    let expectations = match expectations(&args, file.as_ref()) {
        Ok(e) => e,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    let fail_on = args
        .fail_on
        .map(Severity::from)
        .or(file.as_ref().and_then(|f| f.config.fail_on))
        .unwrap_or(Severity::Error);
    let mut excluded = 0;
    let extract = args.extract_options();
    let expanded = match inputs::expand(
        &paths,
        inputs::Walk {
            follow: args.follow,
        },
    ) {
        Ok(expanded) => expanded,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    let mut fixer = match fixer(&args, &cwd, &expanded) {
        Ok(fixer) => fixer,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    let diff_only = fixer.as_ref().is_some_and(|f| f.mode() == fix::Mode::Diff);
    let mut out = Out::stdout();
    // `--diff` prints the changes, not the findings.
    let mut renderer = match diff_only {
        true => None,
        false => Some(renderer(args.format, &cwd)),
    };
    let mut tally = Tally::default();
    let checked = expanded
        .into_iter()
        .filter(|expanded| match (expanded, &file) {
            (Ok(Input::File(path)), Some(file)) => {
                let admitted = file.config.admits(&normalize(&cwd, path));
                excluded += usize::from(!admitted);
                admitted
            }
            _ => true,
        })
        .filter_map(|expanded| match expanded {
            Ok(input) => {
                let mut config = config.clone();
                if let Some(file) = &file {
                    config.private_to = file.config.private_to.clone();
                    if let Input::File(path) = &input {
                        config.public = file.config.is_public(&normalize(&cwd, path));
                    }
                }
                let checker = Checker {
                    load: options,
                    lint: &config,
                    expectations: &expectations,
                };
                check_one(&input, &checker, fixer.as_mut(), &extract)
            }
            Err(unusable) => Some(Checked::Unreadable(unusable)),
        });
    // Each file is written and counted, then dropped before the next is
    // read: memory does not grow with the number of files, in any format.
    for checked in checked {
        if let Some(renderer) = renderer.as_mut() {
            renderer.file(&checked, &mut out);
        }
        tally.add(checked, fail_on);
    }
    if tally.summary.files == 0 && !paths.is_empty() {
        match &file {
            Some(file) if excluded > 0 => super::output::complain(&format!(
                "no policy files to check ({excluded} excluded by `{}`)",
                file.name
            )),
            _ => super::output::complain("no policy files found"),
        }
    }
    let Some(mut renderer) = renderer else {
        // stdout holds the diff: no findings, no summary of them.
        if let Some(fixer) = &fixer {
            fixer.summarize(false, &mut out);
        }
        tally.complain_unreadable();
        return match &fixer {
            Some(fixer) => fixer.finish(tally.any_unreadable()),
            None => tally.exit(),
        };
    };
    renderer.finish(&tally.summary, &mut out);
    if let Some(fixer) = &fixer {
        fixer.summarize(args.format == Format::Human, &mut out);
    }
    tally.complain_unreadable();
    match fixer.as_ref().map(|f| f.finish(tally.any_unreadable())) {
        Some(Exit::Trouble) => Exit::Trouble,
        _ => tally.exit(),
    }
}

/// The renderer of a format.
fn renderer(format: Format, cwd: &std::path::Path) -> Box<dyn render::Renderer> {
    match format {
        Format::Human => Box::new(render::human::Stream),
        Format::Json => Box::new(render::json::Stream::default()),
        Format::Sarif => Box::new(render::sarif::Stream::new(cwd)),
        Format::Github => Box::new(render::github::Stream::new(cwd)),
    }
}

/// What `check` keeps of the files it has written: the counts, whether one
/// fails the run, and the files that could not be read (named again on
/// standard error at the end).
#[derive(Default)]
struct Tally {
    summary: render::Summary,
    failing: bool,
    unreadable: Vec<inputs::Unusable>,
}

impl Tally {
    fn add(&mut self, checked: Checked, fail_on: Severity) {
        self.summary.add(&checked);
        match checked {
            Checked::Report(report) => {
                self.failing |= report.findings().iter().any(|f| f.severity >= fail_on);
            }
            Checked::Unreadable(unusable) => self.unreadable.push(unusable),
        }
    }

    fn any_unreadable(&self) -> bool {
        !self.unreadable.is_empty()
    }

    fn complain_unreadable(&self) {
        for u in &self.unreadable {
            super::output::complain(&format!("cannot read `{}`: {}", u.path, u.reason));
        }
    }

    /// 2 when a file could not be read, else 1 when a finding is at or above
    /// `--fail-on`, else 0.
    fn exit(&self) -> Exit {
        if self.any_unreadable() {
            Exit::Trouble
        } else if self.failing {
            Exit::No
        } else {
            Exit::Success
        }
    }
}

/// The fixer `--fix` or `--diff` asks for. `--fix` refuses standard input:
/// there is no file to write the fixed text back to.
fn fixer(
    args: &Args,
    cwd: &std::path::Path,
    expanded: &[inputs::Expanded],
) -> Result<Option<Fixer>, String> {
    let mode = match (args.fix, args.diff) {
        (true, _) => fix::Mode::Write,
        (false, true) => fix::Mode::Diff,
        (false, false) if args.unsafe_fixes => {
            return Err("`--unsafe-fixes` goes with `--fix` or `--diff`".to_string())
        }
        (false, false) => return Ok(None),
    };
    if mode == fix::Mode::Write && expanded.iter().any(|e| matches!(e, Ok(Input::Stdin))) {
        return Err(
            "`--fix` cannot write back to standard input (`-`); `--diff` shows the changes it would make".to_string(),
        );
    }
    Ok(Some(Fixer::new(mode, args.unsafe_fixes, cwd)))
}

/// Ends a run the configuration stopped (exit 2). Human output has said why
/// on standard error; the other formats also write their usual document,
/// carrying the problem, so that a SARIF upload or a script never reads an
/// empty stdout: JSON and GitHub show the configuration file as a file with
/// its problems as findings (or, unreadable, as a file that could not be
/// read), SARIF as error notifications of an unsuccessful invocation.
fn configuration_refused(
    refused: configure::Refused,
    format: Format,
    cwd: &std::path::Path,
) -> Exit {
    let exit = refused.exit();
    let mut out = Out::stdout();
    let result = match refused {
        configure::Refused::Unreadable(unusable) => Checked::Unreadable(unusable),
        configure::Refused::Invalid(config) => {
            let config = *config;
            if format == Format::Sarif {
                render::sarif::render_configuration_problems(&config, cwd, &mut out);
                return exit;
            }
            Checked::Report(Report {
                source: config.source,
                policy: None,
                evaluable: false,
                stages: vec![StageResult {
                    stage: Stage::Grammar,
                    outcome: Outcome::Ran,
                    findings: config.findings,
                }],
                infrastructure: None,
            })
        }
    };
    match format {
        Format::Human => {}
        // The configuration file's problems, and no summary line of policy findings.
        Format::Github => render::github::render_file(&result, cwd, &mut out),
        Format::Json | Format::Sarif => {
            let mut summary = render::Summary::default();
            summary.add(&result);
            let mut renderer = renderer(format, cwd);
            renderer.file(&result, &mut out);
            renderer.finish(&summary, &mut out);
        }
    }
    exit
}

/// The invariants (`--never`, then the configuration's `never`) and the
/// baseline. Expectations are about the requests a service's auth policy
/// allows: with `--kind identity`, `--never` and `--baseline` are argument
/// errors, and the configuration's `never` (written for the auth policies of
/// the same repository) is left to the runs that check those.
fn expectations(args: &Args, file: Option<&configure::File>) -> Result<Expectations, String> {
    if args.kind == Kind::Identity {
        // `run` has refused `--never` and `--baseline` and noted the
        // configuration's `never` as unchecked.
        return Ok(Expectations::default());
    }
    let mut never = Vec::new();
    for text in args
        .never
        .iter()
        .chain(file.iter().flat_map(|f| f.config.never.iter()))
    {
        match Invariant::parse_located(text) {
            Ok(invariant) => never.push(invariant),
            Err(invalid) => {
                // Drawn with a caret and its help, as `policy eval` draws a bad query.
                if let Some(query) = &invalid.query {
                    render::human::render_diagnostic(query, &mut Out::stderr());
                }
                return Err(invalid.message);
            }
        }
    }
    let baseline = match &args.baseline {
        None => None,
        Some(path) => {
            let loaded = super::eval::load_policy(path, PolicyKind::Auth)?;
            let name = loaded.source.name().to_owned();
            match loaded.policy {
                Some(policy)
                    if loaded
                        .findings
                        .iter()
                        .all(|f| f.severity != Severity::Error) =>
                {
                    Some(Baseline { name, policy })
                }
                _ => {
                    render::human::render_findings(&[&loaded], &mut Out::stderr());
                    return Err(format!(
                        "the baseline `{}` has errors: it cannot be compared",
                        path.display()
                    ));
                }
            }
        }
    };
    Ok(Expectations {
        never,
        baseline,
        analysis_budget: analysis_budget(args, file),
    })
}

/// `--analysis-budget`, else the configuration's `analysis-budget`, else the default.
fn analysis_budget(args: &Args, file: Option<&configure::File>) -> Budget {
    args.analysis_budget
        .or(file.and_then(|f| f.config.analysis_budget))
        .unwrap_or_default()
}

/// The lint configuration: the file's `[rules]`, then `--select` and
/// `--ignore` on top, which take a rule's code or name ([`super::select`]).
/// Anything else on the command line is an error.
fn lint_config(args: &Args, file: Option<&configure::File>) -> Result<LintConfig, String> {
    let check = |code: &String, flag: &str| -> Result<String, String> {
        super::select::rule_code(code, flag).map(str::to_owned)
    };
    let mut config = LintConfig {
        analysis_budget: analysis_budget(args, file),
        ..LintConfig::default()
    };
    if let Some(file) = file {
        config.levels = file.config.rules.clone();
    }
    for code in &args.select {
        let code = check(code, "--select")?;
        // Selecting a rule on the command line runs it even if the file turns it off.
        if config.levels.get(&code) == Some(&Level::Off) {
            config.levels.remove(&code);
        }
        config.select.push(code);
    }
    for code in &args.ignore {
        config.levels.insert(check(code, "--ignore")?, Level::Off);
    }
    Ok(config)
}

/// Checks one input: a standalone policy, or the policies of an
/// infrastructure file. `None` for a file that is neither (a YAML or
/// Terraform file with no policy this build can read): skipped.
fn check_one(
    input: &Input,
    checker: &Checker<'_>,
    fixer: Option<&mut Fixer>,
    extract: &ExtractOptions,
) -> Option<Checked> {
    let max_size = checker.load.max_size;
    let read = match input {
        Input::Stdin => load::read_bounded(std::io::stdin().lock(), max_size),
        Input::File(path) => {
            std::fs::File::open(path).and_then(|f| load::read_bounded(f, max_size))
        }
    };
    let name = input.display();
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(error) => {
            return Some(Checked::Unreadable(inputs::Unusable {
                path: name,
                reason: inputs::io_reason(&error),
            }))
        }
    };
    let text = std::str::from_utf8(&bytes)
        .ok()
        .filter(|_| bytes.len() <= max_size);
    let extracted = text.and_then(|text| {
        iac::extract(&name, text, extract).map(|(kind, extraction)| {
            let source = lattice_policy::source::Source::new(name.as_str(), text);
            check_extraction(source, kind, extraction, checker)
        })
    });
    // `--fix` edits standalone policies only: in an infrastructure file a
    // policy may be an escaped string or computed, and its findings carry
    // no fixes.
    let mut report = match (extracted, fixer) {
        (Some(report), _) => report,
        // YAML and Terraform are never standalone policies, nor is what CDK
        // writes beside its templates.
        (None, _)
            if iac::is_yaml_name(&name)
                || iac::is_terraform_name(&name)
                || iac::is_cdk_metadata(&name) =>
        {
            return None
        }
        (None, Some(fixer)) => fixer.check(input, bytes, checker),
        (None, None) => check_bytes(&name, &bytes, checker),
    };
    // The renderers need the text and the findings only: the model goes
    // before they run, so that it and their output are never in memory
    // together.
    report.policy = None;
    Some(Checked::Report(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn stdin_is_read_through_read_bounded() {
        let bytes = load::read_bounded(std::io::repeat(b' ').take(10), 4).unwrap();
        assert_eq!(bytes.len(), 5);
    }
}
