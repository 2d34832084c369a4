//! What an installed `policy` gives the shell: `--version` with the commit it
//! was built from, completion scripts (`policy completions SHELL`) and manual
//! pages (`policy man`), both generated from the definitions that parse the
//! command line.

use std::collections::BTreeSet;

use super::*;

/// The subcommands `policy --help` lists, without clap's `help`.
fn subcommands() -> Vec<String> {
    let run = policy(&[&"--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    let listed: Vec<String> = run
        .stdout
        .split("Commands:")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    for expected in ["check", "eval", "diff", "test", "completions", "man"] {
        assert!(listed.iter().any(|s| s == expected), "{listed:?}");
    }
    listed
}

/// The long options `policy SUBCOMMAND --help` lists (`--format`, ...).
fn long_options(subcommand: &str) -> BTreeSet<String> {
    let run = policy(&[&subcommand, &"--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    let options: BTreeSet<String> = run
        .stdout
        .lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with('-'))
        .flat_map(|line| line.split([' ', ',', '=', '<', '[']))
        .filter(|word| word.starts_with("--") && word.len() > 2)
        .map(str::to_owned)
        .collect();
    assert!(options.contains("--help"), "{subcommand}: {options:?}");
    options
}

/// The commit and date `git` gives for the repository, when the crate is the
/// top of a git checkout (as build.rs decides).
fn git_commit() -> Option<String> {
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        Some(String::from_utf8(out.stdout).ok()?.trim().to_owned())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    (top.canonicalize().ok()? == here.canonicalize().ok()?)
        .then(|| git(&["log", "-1", "--format=%h %cs"]))
        .flatten()
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let run = policy(&[&"--version"]);
    assert_eq!(run.code, 0, "{run:?}");
    let bare = format!("policy {}", env!("CARGO_PKG_VERSION"));
    let expected = match git_commit() {
        Some(commit) => format!("{bare} ({commit})\n"),
        None => format!("{bare}\n"),
    };
    assert_eq!(run.stdout, expected);
    if let Some(stamp) = run.stdout.trim_end().strip_prefix(&format!("{bare} (")) {
        // `abcdef1 2026-12-01)`: an abbreviated hash and an ISO date.
        let (hash, date) = stamp.trim_end_matches(')').split_once(' ').unwrap();
        assert!(hash.len() >= 7 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(date.len(), 10, "{date}");
        assert_eq!(date.matches('-').count(), 2, "{date}");
    }
    // Every subcommand says the same.
    let run = policy(&[&"check", &"--version"]);
    assert_eq!(run.stdout, expected.replacen("policy", "policy-check", 1));
}

/// Runs `script` in bash with the `policy` under test first on the PATH.
fn bash(script: &str) -> Run {
    let bin = Path::new(env!("CARGO_BIN_EXE_policy")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .env("PATH", path)
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    finish(&output)
}

#[test]
fn the_bash_completion_script_loads_and_completes() {
    let run = bash("source <(policy completions bash) && complete -p policy");
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains(" -F _policy policy"), "{run:?}");

    // Complete as bash would on <TAB>: a subcommand, a flag, a flag's values.
    let complete = |words: &[&str]| -> Vec<String> {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let current = words.last().unwrap();
        let previous = words[words.len() - 2];
        let run = bash(&format!(
            "source <(policy completions bash) || exit 2
             COMP_WORDS=({words}); COMP_CWORD={cword}
             _policy policy '{current}' '{previous}'
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            words = quoted.join(" "),
            cword = words.len() - 1,
        ));
        assert_eq!(run.code, 0, "{run:?}");
        run.stdout.lines().map(str::to_owned).collect()
    };
    assert_eq!(complete(&["policy", "ch"]), ["check"]);
    assert_eq!(complete(&["policy", "check", "--fa"]), ["--fail-on"]);
    assert_eq!(
        complete(&["policy", "check", "--format", ""]),
        ["human", "json", "sarif", "github", "concise", "junit"]
    );
    assert_eq!(complete(&["policy", "completions", "p"]), ["powershell"]);
}

#[test]
fn zsh_fish_and_powershell_scripts_name_every_subcommand() {
    let subcommands = subcommands();
    for shell in ["zsh", "fish", "powershell", "bash"] {
        let run = policy(&[&"completions", &shell]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        assert!(run.stderr.is_empty(), "{shell}: {run:?}");
        for sub in &subcommands {
            assert!(run.stdout.contains(sub.as_str()), "{shell} lacks {sub}");
        }
        // A flag of a subcommand; the values of `--format` (clap completes
        // no values in PowerShell).
        assert!(run.stdout.contains("fail-on"), "{shell}");
        assert!(
            shell == "powershell" || run.stdout.contains("sarif"),
            "{shell}"
        );
    }
    let run = policy(&[&"completions", &"zsh"]);
    assert!(run.stdout.starts_with("#compdef policy\n"), "{run:?}");
    let run = policy(&[&"completions", &"fish"]);
    assert!(run.stdout.contains("complete -c policy "), "{run:?}");
}

#[test]
fn an_unknown_shell_is_an_argument_error() {
    let run = policy(&[&"completions", &"tcsh"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("possible values: bash"), "{run:?}");
}

/// The text of a roff page with its escapes for `-` undone.
fn unescaped(roff: &str) -> String {
    roff.replace("\\-", "-")
}

#[test]
fn the_program_page_lists_and_refers_to_every_subcommand() {
    let run = policy(&[&"man"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.is_ascii(), "{}", run.stdout);
    let page = unescaped(&run.stdout);
    assert!(page.contains("\n.TH policy 1 "), "{page}");
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(page.contains(&format!("\n.SH {section}\n")), "{section}");
    }
    for sub in subcommands() {
        assert!(page.contains(&format!("\npolicy-{sub}(1)\n")), "{sub}");
    }
    // clap's own `help` has no page, so it is not referred to.
    assert!(!page.contains("policy-help(1)"), "{page}");
}

#[test]
fn each_subcommand_page_documents_every_option_of_its_help() {
    for sub in subcommands() {
        let run = policy(&[&"man", &sub]);
        assert_eq!(run.code, 0, "{sub}: {run:?}");
        // troff reads Latin-1: other characters are written as escapes.
        assert!(run.stdout.is_ascii(), "{sub}");
        let page = unescaped(&run.stdout);
        assert!(page.contains(&format!("\n.TH policy-{sub} 1 ")), "{sub}");
        assert!(page.contains("\n.SH OPTIONS\n"), "{sub}");
        for option in long_options(&sub) {
            assert!(
                page.contains(&format!("\\fB{option}\\fR")),
                "{sub}: {option}"
            );
        }
    }
}

#[test]
fn pages_render_without_warnings_when_groff_is_installed() {
    // CI installs groff (.ci/run renders the pages too); elsewhere the
    // structure tests above still hold.
    let Ok(probe) = Command::new("groff").arg("--version").output() else {
        eprintln!("groff is not installed: pages not rendered");
        return;
    };
    assert!(probe.status.success());
    for sub in std::iter::once(None).chain(subcommands().into_iter().map(Some)) {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"man"];
        if let Some(sub) = &sub {
            args.push(sub);
        }
        let page = policy(&args).stdout;
        let mut groff = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        groff
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = groff.wait_with_output().unwrap();
        let (text, warnings) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            out.status.success() && warnings.is_empty(),
            "{sub:?}: {warnings}"
        );
        let name = sub.map_or("policy".to_owned(), |s| format!("policy-{s}"));
        let text = plain(&text);
        assert!(text.contains(&format!("{name}(1)")), "{name}:\n{text}");
        assert!(text.contains("SYNOPSIS"), "{name}");
    }
}

/// groff's terminal text as plain text: overstrikes (`X\x08X` for bold,
/// `_\x08X` for underline) reduced to the character, its hyphen (U+2010) to `-`.
fn plain(text: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if c == '\u{8}' {
            out.pop();
        } else {
            out.push(if c == '\u{2010}' { '-' } else { c });
        }
    }
    out.into_iter().collect()
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let scratch = Scratch::new("man-dir");
    let dir = scratch.path("man1");
    std::fs::create_dir_all(&dir).unwrap();
    let run = policy(&[&"man", &"--dir", &dir]);
    assert_eq!(run.code, 0, "{run:?}");
    let written: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = std::iter::once("policy.1".to_owned())
        .chain(subcommands().iter().map(|s| format!("policy-{s}.1")))
        .collect();
    assert_eq!(written, expected);
    // The same pages as printed one at a time.
    let check = std::fs::read_to_string(dir.join("policy-check.1")).unwrap();
    assert_eq!(check, policy(&[&"man", &"check"]).stdout);
}

#[test]
fn man_refuses_an_unknown_subcommand_and_a_missing_dir() {
    let run = policy(&[&"man", &"lint"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(
        run.stderr
            .contains("no subcommand `lint`: the pages are for check, eval"),
        "{run:?}"
    );
    let scratch = Scratch::new("man-missing-dir");
    let run = policy(&[&"man", &"--dir", &scratch.path("absent")]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("cannot write"), "{run:?}");
}
