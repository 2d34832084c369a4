//! Writing results to stdout without panicking when the reader goes away
//! (`policy check | head`).

use std::io::{self, Write};

/// Standard output or error that remembers a closed pipe and then drops further output.
pub struct Out {
    stderr: bool,
    closed: bool,
    /// Text kept instead of written, for a report that quotes it.
    buffer: Option<String>,
}

impl Out {
    /// Standard output: results.
    pub fn stdout() -> Self {
        Out {
            stderr: false,
            closed: false,
            buffer: None,
        }
    }

    /// Standard error: problems that stop a command.
    pub fn stderr() -> Self {
        Out {
            stderr: true,
            closed: false,
            buffer: None,
        }
    }

    /// A buffer: what is written is kept, for [`Out::into_text`].
    pub fn buffer() -> Self {
        Out {
            stderr: false,
            closed: false,
            buffer: Some(String::new()),
        }
    }

    /// What a buffer kept (empty for stdout and stderr).
    pub fn into_text(self) -> String {
        self.buffer.unwrap_or_default()
    }

    /// Writes `text`. A closed pipe silences the rest; other errors go to stderr once.
    pub fn write(&mut self, text: &str) {
        if let Some(buffer) = &mut self.buffer {
            buffer.push_str(text);
            return;
        }
        if self.closed {
            return;
        }
        let written = if self.stderr {
            let mut lock = io::stderr().lock();
            lock.write_all(text.as_bytes()).and_then(|()| lock.flush())
        } else {
            let mut lock = io::stdout().lock();
            lock.write_all(text.as_bytes()).and_then(|()| lock.flush())
        };
        if let Err(error) = written {
            self.closed = true;
            if error.kind() != io::ErrorKind::BrokenPipe {
                complain(&format!("cannot write output: {error}"));
            }
        }
    }
}

/// Writes `policy: {message}` and a newline to standard error, escaping
/// control characters and masking secrets (messages quote paths and file
/// contents). A closed or broken standard error is ignored: the exit code
/// still says what happened, and `eprintln!` would panic there.
pub fn complain(message: &str) {
    let line = format!("policy: {}\n", super::render::clean::for_terminal(message));
    let mut lock = io::stderr().lock();
    let _ = lock.write_all(line.as_bytes()).and_then(|()| lock.flush());
}
