//! `policy check`: lint policy files.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::ValueEnum;
use lattice_policy::analysis::{Budget, Invariant};
use lattice_policy::check::{
    check_bytes, check_extraction_in, Baseline, Checker, Expectations, Outcome, Report, Stage,
    StageResult,
};
use lattice_policy::config::{normalize, Settings};
use lattice_policy::diagnostic::Severity;
use lattice_policy::iac::file_set::FileSet;
use lattice_policy::iac::{self, ExtractOptions};
use lattice_policy::lint::{Level, LintConfig};
use lattice_policy::load::{self, LoadOptions};
use lattice_policy::model::PolicyKind;
use lattice_policy::shape;

use super::baseline_ref::{self, BaselineRef};
use super::configure;
use super::fix::{self, Fixer};
use super::inputs::{self, Input};
use super::output::Out;
use super::render::{self, Checked};
use super::settings;
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

    /// Print how many findings each code has (most frequent first) instead
    /// of the findings; a JSON array with `--format json`
    #[arg(long)]
    statistics: bool,

    /// Print the findings only: no summary line (the exit status is unchanged)
    #[arg(long, short)]
    quiet: bool,

    /// Print the configuration file used and the settings that apply to FILE
    /// (kind, rule levels, public, private-to, budget, overrides), then exit
    #[arg(long, value_name = "FILE")]
    show_settings: Option<PathBuf>,

    /// The lowest severity that makes the exit status 1 [default: error, or
    /// the configuration's `fail-on`]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,

    /// What the files are: VPC Lattice auth policies, or IAM identity policies
    /// (which must not name a principal) [default: auth, or the
    /// configuration's `kind` for each file]
    #[arg(long, value_enum)]
    kind: Option<Kind>,

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

    /// Report requests each policy allows that its own version at this git
    /// revision denied (`origin/main`, a tag, a commit; read with git, no
    /// checkout); a policy new since is compared with one that allows
    /// nothing
    #[arg(long, value_name = "REF", conflicts_with = "baseline")]
    baseline_ref: Option<String>,

    /// The most time and memory one policy's analysis may take, e.g. `2s`,
    /// `256M` or `2s,256M`; the time is counted work, the same on any
    /// machine (`policy explain analysis-budget-counted`); past it, the
    /// analysis-based findings say they could not decide [default: 2s,128M,
    /// or the configuration's `analysis-budget`]
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
    /// (repeatable); wins over every variables file
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = name_value)]
    var: Vec<(String, String)>,

    /// A Terraform variables file (`.tfvars` or `.tfvars.json`; repeatable,
    /// a later one wins), read after the `terraform.tfvars` and
    /// `*.auto.tfvars` each module directory holds
    #[arg(long = "var-file", value_name = "FILE")]
    var_file: Vec<PathBuf>,

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
pub(super) fn name_value(text: &str) -> Result<(String, String), String> {
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
            locals: Default::default(),
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
    kind = "auth"                       # the default for --kind

    [rules]                             # lint rules only:
    ALLOW_WITH_NOT_PRINCIPAL = "warning"  # "off", "error", "warning" or "info"

    [[overrides]]                       # settings for some files; later wins
    files = ["identity/**"]
    kind = "identity"

    [[overrides]]
    files = ["legacy/**"]
    public = true
    private-to = ["111122223333"]
    rules = { ANY_ACCOUNT_ACCESS = "warning" }

Globs are relative to the directory of the file: `*` and `?` stay within one
path component, `**` crosses directories, and a glob that matches a directory
covers everything under it. They filter every file, whether named on the
command line or found in a directory (pre-commit passes every changed `.json`
file); standard input is always checked. An override applies to the files its
`files` globs match, after the top level and after the overrides before it;
`--show-settings FILE` shows what applies to one file. Unknown keys, unknown
rule codes and grammar-check codes are errors, shown at their place in the
file (exit 2).

A `.json` file that is not a policy (`package.json`, `tsconfig.json`: no key
like `Statement` or `Version` at the top) is skipped and counted, not
reported; a policy with misspelt elements is still checked."#;

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
    /// One line per finding, `path:line:col: severity CODE message`, for editors and grep
    Concise,
    /// JUnit XML: a test case per file, a failure per finding at or above --fail-on
    Junit,
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
    let cli = match cli_rules(&args) {
        Ok(cli) => cli,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    if let Some(target) = &args.show_settings {
        show_settings(&args, &cli, file.as_ref(), &cwd, target);
        return Exit::Success;
    }
    if args.statistics && matches!(args.format, Format::Sarif | Format::Junit) {
        super::output::complain(
            "`--statistics` prints counts in place of the findings: use it with `--format human`, `concise`, `github` or `json`",
        );
        return Exit::Trouble;
    }
    let paths = if args.paths.is_empty() {
        let found = super::targets::when_none_given(file.as_ref(), &cwd);
        if found.is_empty() {
            super::output::complain(&super::targets::nothing_to_walk(file.as_ref()));
        }
        found
    } else {
        args.paths.clone()
    };
    let identity_flag = args.kind == Some(Kind::Identity);
    if identity_flag
        && (!args.never.is_empty() || args.baseline.is_some() || args.baseline_ref.is_some())
    {
        super::output::complain(
            "`--never` and `--baseline` analyse who an auth policy lets in; identity policies (`--kind identity`) name no principal, so there is nothing to check",
        );
        return Exit::Trouble;
    }
    if identity_flag && file.as_ref().is_some_and(|f| !f.config.never.is_empty()) {
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
    // Identity policies (by `kind` in the configuration) get none: they name
    // no principal, so there is nothing to check (counted, and said once).
    let no_expectations = Expectations {
        analysis_budget: expectations.analysis_budget,
        ..Expectations::default()
    };
    let fail_on = args
        .fail_on
        .map(Severity::from)
        .or(file.as_ref().and_then(|f| f.config.fail_on))
        .unwrap_or(Severity::Error);
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
    let var_files = match super::terraform::read_var_files(&args.var_file) {
        Ok(files) => files,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    let mut baseline_ref = match &args.baseline_ref {
        None => None,
        Some(_) if expanded.iter().any(|e| matches!(e, Ok(Input::Stdin))) => {
            super::output::complain(
                "standard input has no version at a git revision: `--baseline-ref` needs files",
            );
            return Exit::Trouble;
        }
        Some(rev) => match BaselineRef::open(
            &cwd,
            rev,
            super::terraform::with_var_files(args.extract_options(), &var_files),
            args.max_size,
            &expanded
                .iter()
                .filter_map(|e| match e {
                    Ok(Input::File(path)) => Some(path.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ) {
            Ok(opened) => {
                if args.format == Format::Human && !args.quiet {
                    super::output::complain(&opened.note());
                }
                Some(opened)
            }
            Err(message) => {
                super::output::complain(&message);
                return Exit::Trouble;
            }
        },
    };
    let mut fixer = match fixer(&args, &cwd, &expanded) {
        Ok(fixer) => fixer,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    // `--diff` prints the changes, not the findings.
    let diff_only = fixer.as_ref().is_some_and(|f| f.mode() == fix::Mode::Diff);
    let mut out = Out::stdout();
    let mut sink = Sink {
        diff_only,
        format: args.format,
        statistics: args
            .statistics
            .then(render::statistics::Statistics::default),
        fail_on,
        cwd: &cwd,
        cases: Vec::new(),
        machine: matches!(args.format, Format::Json | Format::Sarif)
            .then(|| renderer(args.format, &cwd)),
        eval_flags: super::extract_flags::ExtractFlags::of_check(
            &args.parameter,
            &args.var,
            &args.var_file,
            &args.env,
            args.account.as_ref(),
            args.region.as_ref(),
        )
        .flags(),
    };
    let (mut excluded, mut skipped, mut identity_unchecked) = (0usize, 0usize, 0usize);
    let extract = args.extract_options();
    // Terraform is read a module (a directory) at a time.
    let mut modules = super::terraform::Modules::new(
        extract.clone(),
        var_files,
        args.max_size,
        expanded.iter().filter_map(|e| match e {
            Ok(Input::File(path)) => Some(path.clone()),
            _ => None,
        }),
    );
    let admits = |path: &std::path::Path| {
        file.as_ref()
            .is_none_or(|f| f.config.admits(&normalize(&cwd, path)))
    };
    // Manifests and templates whose auth layers pair across files.
    let run_set = super::layer_set::read(&expanded, &admits, args.max_size, &extract);
    // Each file is written and counted, then dropped before the next is read.
    let mut tally = Tally::default();
    for expanded in expanded {
        let checked = match expanded {
            Err(unusable) => Checked::Unreadable(unusable),
            Ok(input) => {
                // Only the configuration's globs and settings read the
                // normalised path: a walk without a configuration does not
                // build one for each of its files.
                let path = match (&input, &file) {
                    (Input::File(path), Some(_)) => Some(normalize(&cwd, path)),
                    _ => None,
                };
                let named_file = matches!(input, Input::File(_));
                if let (Some(file), Some(path)) = (&file, &path) {
                    if !file.config.admits(path) {
                        excluded += 1;
                        continue;
                    }
                }
                let settings = file.as_ref().map(|f| f.config.settings(path.as_deref()));
                let kind = resolved_kind(&args, settings.as_ref());
                let lint = lint_config(&args, &cli, settings.as_ref(), file.as_ref());
                let bytes = match read(&input, args.max_size) {
                    Ok(bytes) => bytes,
                    Err(unusable) => {
                        tally.add(
                            sink.stream(Checked::Unreadable(unusable), &mut out),
                            fail_on,
                        );
                        continue;
                    }
                };
                // A Terraform file is read with its module; one too large or
                // not text goes the way of any infrastructure file.
                let module_file = match &input {
                    Input::File(walked) => {
                        modules.handles(walked)
                            && bytes.len() <= args.max_size
                            && std::str::from_utf8(&bytes).is_ok()
                    }
                    Input::Stdin => false,
                };
                // `--baseline-ref`: each policy's own version at the
                // revision (a Terraform file's, read with its module there,
                // part by part below).
                let at_ref = match (&mut baseline_ref, &input) {
                    (Some(at), Input::File(file)) if kind == PolicyKind::Auth && !module_file => {
                        Some(at.for_file(file, &bytes, &expectations))
                    }
                    _ => None,
                };
                let expectations = if kind == PolicyKind::Identity {
                    identity_unchecked +=
                        usize::from(!expectations.is_empty() || baseline_ref.is_some());
                    &no_expectations
                } else if let Some(at_ref) = &at_ref {
                    &at_ref.rest
                } else {
                    &expectations
                };
                let no_own = BTreeMap::new();
                let own = at_ref.as_ref().map_or(&no_own, |a| &a.own);
                let unreadable_at_ref = at_ref.as_ref().and_then(|a| a.unreadable.as_deref());
                let checker = Checker {
                    load: LoadOptions {
                        kind,
                        max_size: args.max_size,
                    },
                    lint: &lint,
                    expectations,
                };
                if let (Input::File(walked), true) = (&input, module_file) {
                    let parts = modules.take(walked, &admits);
                    if args.format == Format::Human && !args.quiet {
                        for note in modules.notes() {
                            super::output::complain(&note);
                        }
                    }
                    if parts.is_empty() {
                        skipped += 1;
                    }
                    for part in parts {
                        // `--baseline-ref`: the part's policies at the
                        // revision, read with their module there too.
                        let for_part = match &mut baseline_ref {
                            Some(at) if kind == PolicyKind::Auth => {
                                Some(at.for_part(&part, expectations))
                            }
                            _ => None,
                        };
                        let part_checker = Checker {
                            expectations: for_part.as_ref().map_or(expectations, |a| &a.rest),
                            ..checker
                        };
                        let part_own = for_part.as_ref().map_or(&no_own, |a| &a.own);
                        let unreadable = for_part.as_ref().and_then(|a| a.unreadable.clone());
                        let mut report = check_terraform(part, &part_checker, part_own);
                        if let Some(message) = unreadable {
                            baseline_ref::not_compared(&mut report, None, &message);
                        }
                        tally.add(sink.stream(Checked::Report(report), &mut out), fail_on);
                    }
                    continue;
                }
                // An infrastructure file (a template, Terraform, manifests)
                // holds its policies in place: each is checked as its own
                // unit. `--fix` edits standalone policies only.
                if let Some(mut report) =
                    check_infrastructure(&input, &bytes, &checker, &extract, own, run_set.as_ref())
                {
                    if let Some(message) = unreadable_at_ref {
                        baseline_ref::not_compared(&mut report, None, message);
                    }
                    tally.add(sink.stream(Checked::Report(report), &mut out), fail_on);
                    continue;
                }
                let name = input.display();
                // An infrastructure file too large to read, or not UTF-8,
                // is reported like a policy file would be.
                let unread = bytes.len() > args.max_size || std::str::from_utf8(&bytes).is_err();
                if unread && iac::may_hold_policies(&name, &bytes) {
                    let report = check_one(&input, bytes, &checker, None, unreadable_at_ref);
                    tally.add(sink.stream(Checked::Report(report), &mut out), fail_on);
                    continue;
                }
                // YAML and Terraform are never standalone policies, nor is
                // what CDK writes beside its templates.
                let never_policy = iac::is_yaml_name(&name)
                    || iac::is_terraform_name(&name)
                    || iac::is_cdk_metadata(&name);
                // Standard input is always a policy: someone piped it on purpose.
                let policy = if bytes.len() > args.max_size {
                    shape::is_policy_start(&bytes)
                } else {
                    shape::is_policy(&bytes)
                };
                if named_file && (never_policy || !policy) {
                    skipped += 1;
                    continue;
                }
                Checked::Report(check_one(
                    &input,
                    bytes,
                    &checker,
                    fixer.as_mut(),
                    unreadable_at_ref,
                ))
            }
        };
        tally.add(sink.stream(checked, &mut out), fail_on);
    }
    if tally.summary.files == 0 && !paths.is_empty() {
        let mut reasons = Vec::new();
        if let Some(file) = file.as_ref().filter(|_| excluded > 0) {
            reasons.push(format!("{excluded} excluded by `{}`", file.name));
        }
        if skipped > 0 {
            reasons.push(format!("{} skipped: not policies", files_word(skipped)));
        }
        if reasons.is_empty() {
            super::output::complain("no policy files found");
        } else {
            super::output::complain(&format!(
                "no policy files to check ({})",
                reasons.join("; ")
            ));
        }
    }
    if let Some(fixer) = fixer.as_ref().filter(|f| f.mode() == fix::Mode::Diff) {
        // stdout holds the diff: no findings, no summary of them.
        fixer.summarize(false, &mut out);
        tally.complain_unreadable();
        return fixer.finish(tally.any_unreadable());
    }
    let mut summary = tally.summary;
    summary.skipped = skipped;
    let text_summary = |out: &mut Out| {
        if !args.quiet {
            out.write(&render::human::summary_line(&summary));
        }
    };
    if let Some(statistics) = &sink.statistics {
        let counts = statistics.counts();
        if args.format == Format::Json {
            render::statistics::render_json(&counts, &mut out);
        } else {
            render::statistics::render_text(&counts, &mut out);
            text_summary(&mut out);
        }
    } else {
        match args.format {
            Format::Human | Format::Github | Format::Concise => text_summary(&mut out),
            Format::Json | Format::Sarif => {
                if let Some(machine) = sink.machine.as_mut() {
                    machine.finish(&summary, &mut out);
                }
            }
            Format::Junit => render::junit::render(&sink.cases, &mut out),
        }
    }
    if identity_unchecked > 0 {
        super::output::complain(&format!(
            "note: the `never` invariants and the baseline were not checked on {} that the configuration makes identity policies (`kind = \"identity\"`)",
            files_word(identity_unchecked)
        ));
    }
    if let Some(fixer) = &fixer {
        fixer.summarize(args.format == Format::Human, &mut out);
    }
    tally.complain_unreadable();
    match fixer.as_ref().map(|f| f.finish(tally.any_unreadable())) {
        Some(Exit::Trouble) => Exit::Trouble,
        _ => tally.exit(),
    }
}

/// `--show-settings FILE`: what applies to `target`, and where each setting
/// comes from, resolved exactly as a check of it would resolve them.
fn show_settings(
    args: &Args,
    cli: &CliRules,
    file: Option<&configure::File>,
    cwd: &std::path::Path,
    target: &std::path::Path,
) {
    let path = normalize(cwd, target);
    let config_settings = file.map(|f| f.config.settings(Some(&path)));
    let lint = lint_config(args, cli, config_settings.as_ref(), file);
    let fail_on = match (args.fail_on, file.and_then(|f| f.config.fail_on)) {
        (Some(flag), _) => (Severity::from(flag), "--fail-on"),
        (None, Some(configured)) => (configured, "fail-on"),
        (None, None) => (Severity::Error, "default"),
    };
    let budget_origin = if args.analysis_budget.is_some() {
        "--analysis-budget"
    } else if file.and_then(|f| f.config.analysis_budget).is_some() {
        "analysis-budget"
    } else {
        "default"
    };
    // Whether a walk would read it as a policy (decision `policy-shaped-json`).
    let policy = inputs::read_checked(target, args.max_size).map(|bytes| {
        if bytes.len() > args.max_size {
            shape::is_policy_start(&bytes)
        } else {
            shape::is_policy(&bytes)
        }
    });
    let resolved = settings::Resolved {
        target,
        policy,
        file,
        no_config: args.no_config,
        admitted: file.is_none_or(|f| f.config.admits(&path)),
        settings: config_settings.as_ref(),
        kind: (
            resolved_kind(args, config_settings.as_ref()),
            args.kind.is_some(),
        ),
        lint: &lint,
        cli,
        fail_on,
        budget: (lint.analysis_budget, budget_origin),
    };
    settings::show(&resolved, &mut Out::stdout());
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
        Format::Concise => render::concise::render_file(&result, &mut out),
        Format::Junit => {
            render::junit::render(&[render::junit::case(&result, Severity::Error)], &mut out)
        }
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

/// The renderer of a format.
fn renderer(format: Format, cwd: &std::path::Path) -> Box<dyn render::Renderer> {
    match format {
        Format::Human => Box::new(render::human::Stream),
        Format::Json => Box::new(render::json::Stream::default()),
        Format::Sarif => Box::new(render::sarif::Stream::new(cwd)),
        Format::Github => Box::new(render::github::Stream::new(cwd)),
        // Concise and JUnit are written by `Sink` (with `--quiet` and the
        // cases' fail-on); they share the human summary line.
        Format::Concise | Format::Junit => Box::new(render::human::Stream),
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

/// "1 file", "3 files".
fn files_word(n: usize) -> String {
    render::human::plural(n, "file")
}

/// `--kind`, else the configuration's for this file, else auth.
fn resolved_kind(args: &Args, settings: Option<&Settings>) -> PolicyKind {
    args.kind
        .map(PolicyKind::from)
        .or(settings.and_then(|s| s.kind))
        .unwrap_or_default()
}

/// The invariants (`--never`, then the configuration's `never`) and the
/// baseline. Expectations are about the requests a service's auth policy
/// allows: with `--kind identity`, `--never` and `--baseline` are argument
/// errors, and the configuration's `never` (written for the auth policies of
/// the same repository) is left to the runs that check those.
fn expectations(args: &Args, file: Option<&configure::File>) -> Result<Expectations, String> {
    if args.kind == Some(Kind::Identity) {
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

/// `--select` and `--ignore`, checked: unknown codes are errors.
pub struct CliRules {
    /// `--select`, in order.
    pub select: Vec<String>,
    /// `--ignore`, in order.
    pub ignore: Vec<String>,
}

/// Checks the codes of `--select` and `--ignore` once, before any file.
fn cli_rules(args: &Args) -> Result<CliRules, String> {
    // A rule's code or its name ([`super::select`]); anything else is an error.
    let check = |code: &String, flag: &str| -> Result<String, String> {
        super::select::rule_code(code, flag).map(str::to_owned)
    };
    Ok(CliRules {
        select: args
            .select
            .iter()
            .map(|c| check(c, "--select"))
            .collect::<Result<_, _>>()?,
        ignore: args
            .ignore
            .iter()
            .map(|c| check(c, "--ignore"))
            .collect::<Result<_, _>>()?,
    })
}

/// The lint configuration for one file: the configuration's settings for it
/// (the top level's `[rules]`, then its overrides'), then `--select` and
/// `--ignore` on top.
fn lint_config(
    args: &Args,
    cli: &CliRules,
    settings: Option<&Settings>,
    file: Option<&configure::File>,
) -> LintConfig {
    let mut config = LintConfig {
        analysis_budget: analysis_budget(args, file),
        ..LintConfig::default()
    };
    if let Some(settings) = settings {
        config.levels = settings.levels();
        config.public = settings.public;
        config.private_to = settings.private_to.clone();
    }
    for code in &cli.select {
        // Selecting a rule on the command line runs it even if the file turns it off.
        if config.levels.get(code) == Some(&Level::Off) {
            config.levels.remove(code);
        }
        config.select.push(code.clone());
    }
    for code in &cli.ignore {
        config.levels.insert(code.clone(), Level::Off);
    }
    config
}

/// Where each file's results go as it is checked: written at once in the
/// formats that are a sequence of findings (human, github, concise), kept as
/// XML text for JUnit; only what the summary, the statistics and the exit
/// status need is kept, so memory does not grow with the text of the files
/// checked. JSON and SARIF are one document each, written at the end.
struct Sink<'a> {
    /// `--diff`: the changes are printed, not the findings.
    diff_only: bool,
    format: Format,
    /// `--statistics`: the counts, in place of the findings.
    statistics: Option<render::statistics::Statistics>,
    fail_on: Severity,
    cwd: &'a std::path::Path,
    cases: Vec<render::junit::Case>,
    /// The streaming renderer of JSON and SARIF.
    machine: Option<Box<dyn render::Renderer>>,
    /// The flags that gave deploy-time values, for the witnesses' commands.
    eval_flags: String,
}

impl Sink<'_> {
    fn stream(&mut self, mut checked: Checked, out: &mut Out) -> Checked {
        if let Checked::Report(report) = &mut checked {
            if let Some(infrastructure) = report.infrastructure.as_mut() {
                for unit in &mut infrastructure.units {
                    unit.eval_flags.clone_from(&self.eval_flags);
                }
            }
        }
        // With `--statistics` only the counts are printed: no file's text is needed.
        if self.diff_only {
            return checked;
        }
        if let Some(statistics) = &mut self.statistics {
            statistics.add(&checked);
        }
        let written = self.statistics.is_some()
            || match self.format {
                Format::Human => {
                    render::human::render_file(&checked, out);
                    true
                }
                Format::Github => {
                    render::github::render_file(&checked, self.cwd, out);
                    true
                }
                Format::Concise => {
                    render::concise::render_file(&checked, out);
                    true
                }
                Format::Junit => {
                    self.cases.push(render::junit::case(&checked, self.fail_on));
                    true
                }
                Format::Json | Format::Sarif => {
                    if let Some(machine) = self.machine.as_mut() {
                        machine.file(&checked, out);
                    }
                    true
                }
            };
        match checked {
            Checked::Report(mut report) if written => {
                report.source = lattice_policy::source::Source::new(report.source.name(), "");
                Checked::Report(report)
            }
            other => other,
        }
    }
}

/// The bytes of an input, up to one more than `max_size` (loading reports a
/// larger file).
fn read(input: &Input, max_size: usize) -> Result<Vec<u8>, inputs::Unusable> {
    let read = match input {
        Input::Stdin => load::read_bounded(std::io::stdin().lock(), max_size),
        Input::File(path) => {
            std::fs::File::open(path).and_then(|f| load::read_bounded(f, max_size))
        }
    };
    read.map_err(|error| inputs::Unusable {
        path: input.display(),
        reason: inputs::io_reason(&error),
    })
}

/// The report on an infrastructure file's policies, or `None` when `bytes`
/// are not an infrastructure file this build reads.
fn check_infrastructure(
    input: &Input,
    bytes: &[u8],
    checker: &Checker<'_>,
    extract: &ExtractOptions,
    own: &BTreeMap<String, Expectations>,
    set: Option<&FileSet>,
) -> Option<Report> {
    if bytes.len() > checker.load.max_size {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let name = input.display();
    let (kind, extraction) = iac::extract(&name, text, extract)?;
    let source = lattice_policy::source::Source::new(name.as_str(), text);
    let mut report = check_extraction_in(source, kind, extraction, checker, own, set);
    // The renderers need the text and the findings only.
    report.policy = None;
    Some(report)
}

/// The report on one Terraform file's share of its module.
fn check_terraform(
    part: super::terraform::Part,
    checker: &Checker<'_>,
    own: &BTreeMap<String, Expectations>,
) -> Report {
    let source = lattice_policy::source::Source::new(part.name.as_str(), part.text.as_str());
    let mut report = check_extraction_in(
        source,
        iac::SourceKind::Terraform,
        part.extraction,
        checker,
        own,
        Some(&part.module),
    );
    report.policy = None;
    if let Some(infrastructure) = report.infrastructure.as_mut() {
        infrastructure.var_files = part.var_files;
    }
    report
}

fn check_one(
    input: &Input,
    bytes: Vec<u8>,
    checker: &Checker<'_>,
    fixer: Option<&mut Fixer>,
    unreadable_at_ref: Option<&str>,
) -> Report {
    let mut report = match fixer {
        Some(fixer) => fixer.check(input, bytes, checker),
        None => check_bytes(&input.display(), &bytes, checker),
    };
    if let Some(message) = unreadable_at_ref {
        let span = report.policy.as_ref().map(|p| p.span);
        baseline_ref::not_compared(&mut report, span, message);
    }
    // The renderers need the text and the findings only: the model goes
    // now, while it is still in the cache, rather than with every other
    // file's at the end.
    report.policy = None;
    // A file without findings is only counted and named: its text
    // goes now too, so that checking many clean files costs the
    // memory of one.
    if report.findings().is_empty() {
        report.source = lattice_policy::source::Source::new(report.source.name(), "");
    }
    report
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
