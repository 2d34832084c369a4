//! Exit codes (README.md): the same three for every command.

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// 0: success (`check` found nothing at or above the failure level).
    Success,
    /// 1: the answer is "no" (`check` found problems).
    No,
    /// 2: the command could not do its job (bad arguments, unreadable input).
    Trouble,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::No => 1,
            Exit::Trouble => 2,
        })
    }
}
