//! The analysis thread: checks run here, never on the thread that reads the
//! client's messages, so typing never waits on an analysis.
//!
//! The queue holds at most one job per document, the newest: a job queued
//! for a version supersedes the one queued for an older version before it
//! starts. A job that has started runs to its end (the analysis's own
//! budget bounds it), and the server drops its result if the document
//! changed meanwhile. After a document's diagnostics, the same job works
//! out its code lenses, unless a newer version is already waiting: the
//! lenses are the slower answer and the one less often looked at.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

use crossbeam_channel::Sender;

use super::check::{self, Checked, ConfigBuffers};
use super::lenses::{self, Lens};

/// A document to check, as it was when the job was made.
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
    /// The configuration files open in the editor.
    pub configs: Arc<ConfigBuffers>,
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
        /// The lenses.
        lenses: Vec<Lens>,
    },
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
    /// Starts the thread; results go to `done`.
    pub fn start(done: Sender<Done>) -> Result<Worker, String> {
        let shared = Arc::new((Mutex::new(Queue::default()), Condvar::new()));
        let worker = Worker {
            shared: Arc::clone(&shared),
        };
        let running = worker.clone();
        thread::Builder::new()
            .name("lattice-policy-analysis".to_string())
            .spawn(move || running.run(&done))
            .map_err(|e| format!("cannot start the analysis thread: {e}"))?;
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

    /// True when a job for `uri` is waiting.
    fn waiting(&self, uri: &str) -> bool {
        let (lock, _) = &*self.shared;
        lock.lock()
            .map(|q| q.jobs.contains_key(uri))
            .unwrap_or(false)
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
            let checked = Arc::new(check::check(
                &job.name,
                job.path.as_deref(),
                &job.text,
                &job.configs,
            ));
            let sent = done.send(Done::Checked {
                uri: job.uri.clone(),
                version: job.version,
                checked: Arc::clone(&checked),
            });
            if sent.is_err() {
                return;
            }
            if self.waiting(&job.uri) {
                continue;
            }
            let lenses = if checked.skipped.is_some() {
                Vec::new()
            } else {
                lenses::lenses(
                    &job.name,
                    job.path.as_deref(),
                    &job.text,
                    &checked.settings,
                    checked.infrastructure,
                )
            };
            let sent = done.send(Done::Lenses {
                uri: job.uri,
                version: job.version,
                lenses,
            });
            if sent.is_err() {
                return;
            }
        }
    }
}
