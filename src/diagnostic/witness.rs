//! Witnesses: the request that shows a finding is real, kept as data, and the
//! one place that writes the `policy eval FILE 'QUERY'` command replaying it.
//!
//! A finding such as `ANONYMOUS_ACCESS` or `INVARIANT_VIOLATED` comes with a
//! request the policy allows. The finding keeps that request as a
//! [`Witness`] (the resolved request spec and its one-line query); the
//! command that replays it depends on the file it was found in (its path,
//! whether `policy eval` takes the file at all) and is written at render time
//! by [`eval_command`] and [`eval_hint`], for every output format alike.

use std::borrow::Cow;

use serde::Serialize;

use crate::eval::RequestSpec;
use crate::source::STDIN_NAME;

use super::Finding;

/// A request that demonstrates a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Witness {
    /// The request as a one-line what-if query (`GET / from anonymous`).
    pub query: String,
    /// The same request as `policy eval --request FILE` reads it.
    pub request: RequestSpec,
    /// What the request shows, written before the command in the help
    /// (`for example, this unsigned request is allowed`).
    #[serde(skip)]
    pub lead: String,
    /// True when the request is allowed whatever values the policy's
    /// deploy-time unknowns take, so that `policy eval` (which bounds
    /// them) replays it on the policy as written.
    #[serde(skip)]
    pub every_value: bool,
    /// The other auth layer's policy the request crosses too, as `policy
    /// eval --network-policy` names it, when the finding is about both.
    #[serde(skip)]
    pub network: Option<String>,
    /// True when that other layer's policy holds values known only at
    /// deploy time: `policy eval` would answer for some of their values
    /// only, so the query is offered without a command.
    #[serde(skip)]
    pub network_deploy_time: bool,
}

impl Witness {
    /// A witness: `query` and `request` describe the same request; `lead`
    /// says what it shows.
    pub fn new(query: impl Into<String>, request: RequestSpec, lead: impl Into<String>) -> Self {
        Witness {
            query: query.into(),
            request,
            lead: lead.into(),
            every_value: false,
            network: None,
            network_deploy_time: false,
        }
    }

    /// The policy this witness is replayed on, `base` being the file's:
    /// with the other layer's policy when it crosses one, and replayable on
    /// a policy with deploy-time values when it holds for every value.
    pub fn target<'t>(&'t self, base: &EvalTarget<'t>) -> EvalTarget<'t> {
        EvalTarget {
            network: self.network.as_deref().or(base.network),
            deploy_time: (base.deploy_time && !self.every_value) || self.network_deploy_time,
            ..*base
        }
    }
}

/// The policy a witness is replayed against, as a `policy eval` command names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalTarget<'a> {
    /// The policy file as its source is named: a path relative to the
    /// current directory or absolute, or [`STDIN_NAME`] for standard input.
    pub file: &'a str,
    /// False when `policy eval` refuses the file (it has grammar errors): the
    /// query is then offered without a command.
    pub evaluable: bool,
    /// The service network's policy file, when the request crosses one.
    pub network: Option<&'a str>,
    /// True when the policy holds values known only at deploy time: a
    /// witness may then hold for some of their values only, which `policy
    /// eval` (evaluating what is written) cannot replay, so the query is
    /// offered without a command.
    pub deploy_time: bool,
    /// The flags that give deploy-time values (` --parameter 'A=b'`), each
    /// with a leading space, so that the command resolves them as the
    /// check did; empty when none were given.
    pub flags: &'a str,
}

impl<'a> EvalTarget<'a> {
    /// The service policy `file`, alone.
    pub fn new(file: &'a str, evaluable: bool) -> Self {
        EvalTarget {
            file,
            evaluable,
            network: None,
            deploy_time: false,
            flags: "",
        }
    }

    /// With the service network's policy `network` as well.
    pub fn with_network(mut self, network: Option<&'a str>) -> Self {
        self.network = network;
        self
    }
}

/// `policy eval FILE 'QUERY'` (with `--network-policy NETWORK` when there is
/// one), quoted for a POSIX shell so that it runs as printed: standard input
/// is `-`, other paths are quoted when they need it ([`shell_path`]), and the
/// query is always single-quoted.
pub fn eval_command(target: &EvalTarget<'_>, query: &str) -> String {
    format!("{} {}", command_head(target), single_quote(query))
}

/// How a witness is offered: the [`eval_command`] when `policy eval` takes
/// the file, else the query alone, with a note that the command works once
/// the errors are fixed (`policy eval` refuses a policy with errors, as AWS
/// refuses to store one).
pub fn eval_hint(target: &EvalTarget<'_>, query: &str) -> String {
    if target.deploy_time {
        return format!(
            "{} (the policy holds values known only at deploy time, which `policy eval` cannot replay; give them to check the policy as deployed)",
            single_quote(query)
        );
    }
    if target.evaluable {
        return eval_command(target, query);
    }
    format!(
        "{} (once the errors are fixed, `{}` takes it)",
        single_quote(query),
        command_head(target)
    )
}

/// `policy eval FILE`, with `--network-policy NETWORK` when there is one.
fn command_head(target: &EvalTarget<'_>) -> String {
    let mut head = format!("policy eval{} {}", target.flags, shell_path(target.file));
    if let Some(network) = target.network {
        head.push_str(" --network-policy ");
        head.push_str(&shell_path(network));
    }
    head
}

/// A path as a POSIX shell word: `-` for standard input, the path itself
/// when every character is one the shell takes literally, else the path in
/// single quotes. A path that starts with `-` gets `./` in front, since
/// quotes do not keep `policy` from reading it as an option.
pub fn shell_path(file: &str) -> Cow<'_, str> {
    if file == STDIN_NAME || file == "-" {
        return Cow::Borrowed("-");
    }
    let file: Cow<'_, str> = if file.starts_with('-') {
        Cow::Owned(format!("./{file}"))
    } else {
        Cow::Borrowed(file)
    };
    let plain = !file.is_empty()
        && file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:=@%".contains(c));
    if plain {
        file
    } else {
        Cow::Owned(single_quote(&file))
    }
}

/// `text` in single quotes, each `'` in it written `'\''` (close the quote,
/// an escaped quote, open again): the shell takes everything else inside
/// single quotes literally, `$`, `\` and `` ` `` included.
pub fn single_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

impl Finding {
    /// Adds the request that demonstrates the finding.
    pub fn with_witness(mut self, mut witness: Witness) -> Self {
        witness.lead = super::tidy(witness.lead);
        self.witness = Some(Box::new(witness));
        self
    }

    /// The help as shown to users: the finding's help, then its witness as
    /// [`eval_hint`] offers it for `target` (`{help}; {lead}: {command}`).
    pub fn help_for(&self, target: &EvalTarget<'_>) -> Option<Cow<'_, str>> {
        let Some(witness) = &self.witness else {
            return self.help.as_deref().map(Cow::Borrowed);
        };
        let hint = format!(
            "{}: {}",
            witness.lead,
            eval_hint(&witness.target(target), &witness.query)
        );
        let help = match self.help.as_deref() {
            Some(help) if !help.is_empty() => format!("{help}; {hint}"),
            _ => hint,
        };
        // The help and the lead were tidied when they were made; the command
        // is not, since cutting or escaping it would stop it running as printed.
        Some(Cow::Owned(help))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn plain_paths_stay_bare_and_others_are_quoted() {
        assert_eq!(shell_path("policies/a-b_c.json"), "policies/a-b_c.json");
        assert_eq!(shell_path("/abs/x@1,2:3=4%.json"), "/abs/x@1,2:3=4%.json");
        assert_eq!(shell_path("my policy.json"), "'my policy.json'");
        assert_eq!(shell_path("it's.json"), r"'it'\''s.json'");
        assert_eq!(shell_path("$HOME/a.json"), "'$HOME/a.json'");
        assert_eq!(shell_path("a`b`.json"), "'a`b`.json'");
        assert_eq!(shell_path("a\\b.json"), r"'a\b.json'");
        assert_eq!(shell_path("*.json"), "'*.json'");
        assert_eq!(shell_path("é.json"), "'é.json'");
        assert_eq!(shell_path(""), "''");
    }

    #[test]
    fn a_leading_dash_is_never_read_as_an_option() {
        assert_eq!(shell_path("-rf.json"), "./-rf.json");
        assert_eq!(shell_path("--x y.json"), "'./--x y.json'");
    }

    #[test]
    fn standard_input_is_a_dash() {
        assert_eq!(shell_path(STDIN_NAME), "-");
        assert_eq!(shell_path("-"), "-");
    }

    #[test]
    fn queries_are_always_single_quoted() {
        let target = EvalTarget::new("p.json", true);
        assert_eq!(
            eval_command(&target, "GET / from anonymous"),
            "policy eval p.json 'GET / from anonymous'"
        );
        assert_eq!(
            eval_command(&target, "GET / header x='1'"),
            r"policy eval p.json 'GET / header x='\''1'\'''"
        );
        let networked = target.with_network(Some("net work.json"));
        assert_eq!(
            eval_command(&networked, "GET /"),
            "policy eval p.json --network-policy 'net work.json' 'GET /'"
        );
    }

    #[test]
    fn a_file_policy_eval_refuses_gets_the_query_only() {
        let target = EvalTarget::new("a b.json", false);
        assert_eq!(
            eval_hint(&target, "GET /"),
            "'GET /' (once the errors are fixed, `policy eval 'a b.json'` takes it)"
        );
        assert_eq!(
            eval_hint(&EvalTarget::new(STDIN_NAME, true), "GET /"),
            "policy eval - 'GET /'"
        );
    }

    /// What a POSIX shell makes of the quoted words: the original strings.
    #[test]
    fn the_shell_reads_back_what_was_quoted() {
        let awkward = [
            "plain.json",
            "my policy.json",
            "it's here.json",
            "$HOME and `cmd` and \\n.json",
            "\"double\" 'single'.json",
            "-leading.json",
            "tab\there.json",
        ];
        for text in awkward {
            let script = format!("printf '%s' {}", shell_path(text));
            let Ok(out) = Command::new("sh").arg("-c").arg(&script).output() else {
                // No shell to ask (not a POSIX system): the cases above still hold.
                return;
            };
            let read = String::from_utf8_lossy(&out.stdout).into_owned();
            let expected = if text.starts_with('-') {
                format!("./{text}")
            } else {
                text.to_owned()
            };
            assert_eq!(read, expected, "{script}");
            let script = format!("printf '%s' {}", single_quote(text));
            let out = Command::new("sh").arg("-c").arg(&script).output().unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout), text, "{script}");
        }
    }

    #[test]
    fn help_ends_with_the_witness() {
        let info = &crate::diagnostic::codes::MISSING_EFFECT;
        let span = crate::span::Span::new(0, 1);
        let witness = Witness::new("GET /", RequestSpec::default(), "for example");
        let finding = Finding::new(info, span, "m")
            .with_help("fix it")
            .with_witness(witness.clone());
        let target = EvalTarget::new("p.json", true);
        assert_eq!(
            finding.help_for(&target).as_deref(),
            Some("fix it; for example: policy eval p.json 'GET /'")
        );
        let bare = Finding::new(info, span, "m").with_witness(witness);
        assert_eq!(
            bare.help_for(&target).as_deref(),
            Some("for example: policy eval p.json 'GET /'")
        );
        let none = Finding::new(info, span, "m");
        assert_eq!(none.help_for(&target), None);
    }

    #[test]
    fn a_long_command_is_never_cut() {
        let info = &crate::diagnostic::codes::MISSING_EFFECT;
        let query = format!("GET /{} header x=`y`", "a".repeat(200));
        let witness = Witness::new(query.clone(), RequestSpec::default(), "for example");
        let finding = Finding::new(info, crate::span::Span::new(0, 1), "m").with_witness(witness);
        let long = format!("{}.json", "d/".repeat(60));
        for evaluable in [true, false] {
            let target = EvalTarget::new(&long, evaluable);
            let help = finding.help_for(&target).unwrap();
            assert!(help.contains(&single_quote(&query)), "{help}");
            assert!(help.contains(&long), "{help}");
        }
    }
}
