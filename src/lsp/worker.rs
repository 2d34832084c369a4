//! The analysis threads: checks and code lenses run here, never on the
//! thread that reads the client's messages, so typing never waits on them.
//!
//! The server runs two of these workers: one for checks, one for lenses.
//! A document's diagnostics are published as soon as its check is done;
//! its lenses (two or three more analyses of each policy, the slower answer
//! and the one less often looked at) are worked out on the other thread,
//! only once the client asks for them, so they never delay the next check.
//!
//! A worker's queue holds at most one job per document, the newest: a job
//! queued for a version supersedes the one queued for an older version
//! before it starts. A job that has started runs to its end (the analysis's
//! own budget bounds it), and the server drops its result if the document
//! changed meanwhile.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

use crossbeam_channel::Sender;

use super::check::{self, Checked, ConfigBuffers};
use super::lenses::{self, Lens};

/// A document to work on, as it was when the job was made.
#[derive(Clone, Debug)]
pub struct Job {
    /// The document.
    pub uri: String,
    /// Its version.
    pub version: i32,
    /// The name findings and commands use.
    pub name: String,
    /// Its path, for a `file:` document.
    pub path: Option<PathBuf>,
    /// Its text.
    pub text: Arc<str>,
    /// What to work out.
    pub task: Task,
}

/// What a job works out.
#[derive(Clone, Debug)]
pub enum Task {
    /// The findings, under the configuration files open in the editor.
    Check(Arc<ConfigBuffers>),
    /// The code lenses, with the settings of this version's check.
    Lenses(Arc<Checked>),
}

/// What a job sends back.
#[derive(Debug)]
pub enum Done {
    /// The findings of `version` of `uri`.
    Checked {
        /// The document.
        uri: String,
        /// The version checked.
        version: i32,
        /// The outcome.
        checked: Arc<Checked>,
    },
    /// The code lenses of `version` of `uri`.
    Lenses {
        /// The document.
        uri: String,
        /// The version analysed.
        version: i32,
        /// The check whose settings they were worked out with: lenses are
        /// kept only while that check is the document's latest (a change
        /// to the configuration checks the same version again).
        checked: Arc<Checked>,
        /// The lenses.
        lenses: Vec<Lens>,
    },
}

impl Job {
    /// Does the work.
    fn run(self) -> Done {
        let Job {
            uri,
            version,
            name,
            path,
            text,
            task,
        } = self;
        match task {
            Task::Check(configs) => Done::Checked {
                uri,
                version,
                checked: Arc::new(check::check(&name, path.as_deref(), &text, &configs)),
            },
            Task::Lenses(checked) => {
                let lenses = if checked.skipped.is_some() {
                    Vec::new()
                } else {
                    lenses::lenses(
                        &name,
                        path.as_deref(),
                        &text,
                        &checked.settings,
                        checked.infrastructure,
                    )
                };
                Done::Lenses {
                    uri,
                    version,
                    checked,
                    lenses,
                }
            }
        }
    }
}

#[derive(Default)]
struct Queue {
    jobs: HashMap<String, Job>,
    order: VecDeque<String>,
    closed: bool,
}

/// The handle the server queues jobs through.
#[derive(Clone)]
pub struct Worker {
    shared: Arc<(Mutex<Queue>, Condvar)>,
}

impl Worker {
    /// Starts a thread named `name`; results go to `done`.
    pub fn start(name: &str, done: Sender<Done>) -> Result<Worker, String> {
        let shared = Arc::new((Mutex::new(Queue::default()), Condvar::new()));
        let worker = Worker {
            shared: Arc::clone(&shared),
        };
        let running = worker.clone();
        thread::Builder::new()
            .name(name.to_string())
            .spawn(move || running.run(&done))
            .map_err(|e| format!("cannot start the thread `{name}`: {e}"))?;
        Ok(worker)
    }

    /// Queues `job`, replacing any job queued for the same document.
    pub fn submit(&self, job: Job) {
        let (lock, ready) = &*self.shared;
        let Ok(mut queue) = lock.lock() else {
            return;
        };
        if !queue.jobs.contains_key(&job.uri) {
            queue.order.push_back(job.uri.clone());
        }
        queue.jobs.insert(job.uri.clone(), job);
        ready.notify_one();
    }

    /// Forgets the job queued for `uri` (the document was closed).
    pub fn cancel(&self, uri: &str) {
        let (lock, _) = &*self.shared;
        if let Ok(mut queue) = lock.lock() {
            queue.jobs.remove(uri);
            queue.order.retain(|u| u != uri);
        }
    }

    /// Stops the thread once the job under way ends.
    pub fn stop(&self) {
        let (lock, ready) = &*self.shared;
        if let Ok(mut queue) = lock.lock() {
            queue.closed = true;
            queue.jobs.clear();
            queue.order.clear();
        }
        ready.notify_all();
    }

    /// The next job, waiting for one; `None` once stopped.
    fn next(&self) -> Option<Job> {
        let (lock, ready) = &*self.shared;
        let mut queue = lock.lock().ok()?;
        loop {
            if queue.closed {
                return None;
            }
            while let Some(uri) = queue.order.pop_front() {
                if let Some(job) = queue.jobs.remove(&uri) {
                    return Some(job);
                }
            }
            queue = ready.wait(queue).ok()?;
        }
    }

    fn run(&self, done: &Sender<Done>) {
        while let Some(job) = self.next() {
            if done.send(job.run()).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(uri: &str, version: i32, text: &str) -> Job {
        Job {
            uri: uri.to_string(),
            version,
            name: "p.json".to_string(),
            path: None,
            text: Arc::from(text),
            task: Task::Check(Arc::new(ConfigBuffers::new())),
        }
    }

    #[test]
    fn a_newer_job_replaces_the_queued_one_in_its_place() {
        // Not started: the queue is read directly.
        let worker = Worker {
            shared: Arc::new((Mutex::new(Queue::default()), Condvar::new())),
        };
        worker.submit(job("a", 1, "{}"));
        worker.submit(job("b", 1, "{}"));
        worker.submit(job("a", 2, "{}"));
        let first = worker.next().unwrap();
        assert_eq!((first.uri.as_str(), first.version), ("a", 2));
        worker.cancel("b");
        worker.submit(job("c", 1, "{}"));
        let next = worker.next().unwrap();
        assert_eq!(next.uri, "c");
        worker.stop();
        assert!(worker.next().is_none());
    }
}
