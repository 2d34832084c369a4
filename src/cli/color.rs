//! Whether output is coloured (`--color auto|always|never`), and the few
//! colours the commands use.
//!
//! `auto` colours when standard output is a terminal, unless `NO_COLOR` is set
//! to anything but the empty string (<https://no-color.org>); `CLICOLOR_FORCE`
//! set to anything but `0` colours even when standard output is not a terminal
//! (a pager, CI logs that understand colour). `always` and `never` are the
//! user's explicit word and win over both variables.
//!
//! The choice is made once, when the command line has been read, and kept in
//! a process-wide flag: every renderer asks [`on`] instead of carrying the
//! choice through each call. Colour codes are added after text from a policy
//! has been cleaned for the terminal (which escapes `ESC`), never before, and
//! only around words the tool writes itself, so a printed command stays
//! copyable. Width (how long a line may be) is a separate concern.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal (honouring `NO_COLOR` and `CLICOLOR_FORCE`)
    #[default]
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

static ON: AtomicBool = AtomicBool::new(false);

/// Decides, once, whether this run colours its output.
pub fn init(choice: ColorChoice) {
    let on = decide(
        choice,
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("CLICOLOR_FORCE").as_deref(),
        std::io::stdout().is_terminal(),
    );
    ON.store(on, Ordering::Relaxed);
}

/// The rule of the module docs, without the process's environment.
fn decide(
    choice: ColorChoice,
    no_color: Option<&std::ffi::OsStr>,
    force: Option<&std::ffi::OsStr>,
    terminal: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if no_color.is_some_and(|v| !v.is_empty()) {
                false
            } else if force.is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else {
                terminal
            }
        }
    }
}

/// Turns colour off for the rest of the run: a machine-readable report
/// quotes human text, which must not carry escape sequences.
pub fn off() {
    ON.store(false, Ordering::Relaxed);
}

/// True when this run colours its output.
pub fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// The colours used, as SGR parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    /// Errors, denials, failures.
    Red,
    /// Allows, passes.
    Green,
    /// Warnings.
    Yellow,
    /// Infos.
    Cyan,
    /// Headings, codes.
    Bold,
}

impl Paint {
    fn sgr(self) -> &'static str {
        match self {
            Paint::Red => "1;31",
            Paint::Green => "1;32",
            Paint::Yellow => "1;33",
            Paint::Cyan => "1;36",
            Paint::Bold => "1",
        }
    }
}

/// `text` in `paint` when colour is on, else `text` as it is.
pub fn paint(paint: Paint, text: &str) -> String {
    if on() {
        format!("\x1b[{}m{text}\x1b[0m", paint.sgr())
    } else {
        text.to_string()
    }
}

/// The colour of a severity's word.
pub fn severity(severity: lattice_policy::diagnostic::Severity) -> Paint {
    use lattice_policy::diagnostic::Severity;
    match severity {
        Severity::Error => Paint::Red,
        Severity::Warning => Paint::Yellow,
        Severity::Info => Paint::Cyan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn the_flag_wins_then_no_color_then_clicolor_force_then_the_terminal() {
        let set = |s: &'static str| Some(OsStr::new(s));
        assert!(decide(ColorChoice::Always, set("1"), None, false));
        assert!(!decide(ColorChoice::Never, None, set("1"), true));
        assert!(!decide(ColorChoice::Auto, set("1"), set("1"), true));
        // An empty NO_COLOR is as good as unset (no-color.org).
        assert!(decide(ColorChoice::Auto, set(""), None, true));
        assert!(decide(ColorChoice::Auto, None, set("1"), false));
        assert!(!decide(ColorChoice::Auto, None, set("0"), false));
        assert!(decide(ColorChoice::Auto, None, None, true));
        assert!(!decide(ColorChoice::Auto, None, None, false));
    }
}
