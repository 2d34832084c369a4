//! Writing results to stdout without panicking when the reader goes away
//! (`policy check | head`).

use std::io::{self, Write};

/// Stdout that remembers a closed pipe and then drops further output.
pub struct Out {
    stdout: io::Stdout,
    closed: bool,
}

impl Out {
    /// Standard output.
    pub fn stdout() -> Self {
        Out {
            stdout: io::stdout(),
            closed: false,
        }
    }

    /// Writes `text`. A closed pipe silences the rest; other errors go to stderr once.
    pub fn write(&mut self, text: &str) {
        if self.closed {
            return;
        }
        let mut lock = self.stdout.lock();
        if let Err(error) = lock.write_all(text.as_bytes()).and_then(|()| lock.flush()) {
            self.closed = true;
            if error.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("policy: cannot write output: {error}");
            }
        }
    }
}
