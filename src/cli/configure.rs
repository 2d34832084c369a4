//! Finding and reading `lattice-policy.toml` for `policy check`.

use std::path::Path;

use lattice_policy::config::{self, normalize, Config};
use lattice_policy::load::Loaded;

use super::inputs;
use super::output::Out;
use super::render::human;
use super::Exit;

/// Why the configuration stopped the command (exit status 2), as data, so
/// that the machine-readable formats can carry it too: a SARIF upload or a
/// script reading the JSON report must not be left with an empty file.
pub enum Refused {
    /// The file could not be read (or is a link out of its folder).
    Unreadable(inputs::Unusable),
    /// It was read, and has these problems, each located in it.
    Invalid(Box<Loaded>),
}

impl Refused {
    /// The exit status: 2, as for any input that cannot be used.
    pub fn exit(&self) -> Exit {
        Exit::Trouble
    }
}

/// A configuration and the name its file is shown under.
pub struct File {
    /// The file as named on the command line, or its path relative to the
    /// current directory when it was found by looking.
    pub name: String,
    /// What it says.
    pub config: Config,
}

/// Reads `explicit` (`--config`), else the nearest `lattice-policy.toml` in
/// `cwd` or above; nothing with `--no-config` or when there is no file. A file
/// that cannot be read or is invalid is reported on stderr, with every
/// problem located in it, and ends the command with exit status 2
/// ([`Refused`] says why, for the formats that carry it).
pub fn load(explicit: Option<&Path>, disabled: bool, cwd: &Path) -> Result<Option<File>, Refused> {
    if disabled {
        return Ok(None);
    }
    let (name, path) = match explicit {
        Some(given) => (given.display().to_string(), normalize(cwd, given)),
        None => match config::find(cwd) {
            Some(found) => {
                let name = match found.strip_prefix(cwd) {
                    Ok(relative) => relative.display().to_string(),
                    Err(_) => found.display().to_string(),
                };
                (name, found)
            }
            None => return Ok(None),
        },
    };
    // A configuration found by looking is a file of the repository: one that
    // links out of its folder (to a credentials file, say) is not read.
    let found = explicit.is_none();
    let folder = path.parent().unwrap_or(cwd);
    let unreadable = |reason: String| {
        super::output::complain(&format!("cannot read the configuration `{name}`: {reason}"));
        Refused::Unreadable(inputs::Unusable {
            path: name.clone(),
            reason,
        })
    };
    if found && inputs::links_outside(&path, folder) {
        return Err(unreadable(
            "it is a symbolic link out of its folder; not read (name it with `--config` to read it, or `--no-config`)".to_string(),
        ));
    }
    let bytes = match inputs::read_file(&path, inputs::MAX_OPTION_FILE) {
        Ok(bytes) => bytes,
        Err(reason) => return Err(unreadable(reason)),
    };
    let root = path.parent().unwrap_or(cwd);
    match Config::parse(&name, root, &bytes) {
        Ok(config) => Ok(Some(File { name, config })),
        Err(error) => {
            let count = error.findings.len();
            let shown = Loaded {
                source: error.source,
                policy: None,
                findings: error.findings,
            };
            let mut err = Out::stderr();
            human::render_findings(&[&shown], &mut err);
            let problems = if count == 1 { "problem" } else { "problems" };
            err.write(&format!(
                "policy: the configuration `{name}` is not valid ({count} {problems})\n"
            ));
            Err(Refused::Invalid(Box::new(shown)))
        }
    }
}
