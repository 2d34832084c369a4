//! The server: open documents, the main loop, and the answer to each
//! request and notification.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{select, unbounded, Receiver};
use lattice_policy::config;
use lattice_policy::diagnostic::fix::apply;
use lattice_policy::diagnostic::{Applicability, CodeKind, Fix};
use lattice_policy::editor::{self, CompletionKind};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionParams, CompletionParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, ExecuteCommandParams, HoverParams,
    Position, TextDocumentIdentifier, Uri,
};
use serde_json::{json, Value};

use super::check::{self, Checked, ConfigBuffers};
use super::diagnostics::{self, Mapper};
use super::lenses::Lens;
use super::text::{apply_change, Encoding, LineIndex};
use super::worker::{Done, Job, Task, Worker};
use super::{arns, ignore, uri, Options};

/// The command a code lens runs: replay its witness through the evaluator.
pub const EXPLAIN_WITNESS: &str = "lattice-policy.explainWitness";

/// A request of the server's own, for tests and debugging: the text and
/// version the server holds for a document.
pub const DOCUMENT_TEXT: &str = "lattice-policy/documentText";

/// How long to wait after a change, while changes keep coming.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// A request answered once the document's analysis catches up with it.
enum Waiting {
    Lenses(RequestId),
    Actions(RequestId, Box<CodeActionParams>),
}

/// One open document.
struct Document {
    uri: Uri,
    text: String,
    version: i32,
    /// The name findings and `policy eval` commands use.
    name: String,
    path: Option<PathBuf>,
    /// True for a `lattice-policy.toml`.
    is_config: bool,
    /// When the next check is due, if one is.
    due: Option<Instant>,
    last_change: Option<Instant>,
    checked: Option<(i32, Arc<Checked>)>,
    /// The lenses of the latest check, once worked out; cleared when a
    /// check lands, since they are worked out with its settings.
    lenses: Option<(i32, Vec<Lens>)>,
    /// The version whose lenses are queued or being worked out.
    lenses_asked: Option<i32>,
    /// True once the client asked for this document's lenses: with
    /// `workspace/codeLens/refresh`, they are then worked out after each
    /// check and the client told.
    shows_lenses: bool,
    waiting: Vec<Waiting>,
}

/// The server's state.
pub struct Server {
    connection: Connection,
    documents: HashMap<String, Document>,
    encoding: Encoding,
    root: Option<PathBuf>,
    debounce: Duration,
    /// The thread that checks documents.
    checks: Worker,
    /// The thread that works out code lenses, apart so that they never
    /// delay a check.
    lens_worker: Worker,
    done: Receiver<Done>,
    configs: Arc<ConfigBuffers>,
    /// Whether the client takes `documentChanges` with a file creation.
    creates_files: bool,
    /// Whether the client asks for lenses again when told to.
    lens_refresh: bool,
    /// Whether the client takes completions as snippets.
    snippets: bool,
    shutdown: bool,
    /// The ids of the server's own requests to the client.
    next_id: i32,
    /// The ARNs found in the workspace's files.
    scanned: Arc<Mutex<BTreeSet<String>>>,
}

/// What a message asks of the loop.
enum Flow {
    Continue,
    /// `exit`: stop, cleanly when `shutdown` came first.
    Exit,
}

impl Server {
    /// Initializes the connection and serves it until `exit`; `Ok(true)`
    /// when `shutdown` came before it.
    pub fn run(connection: Connection, options: Options) -> Result<bool, String> {
        let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
        let client = |pointer: &str| params.pointer(pointer).cloned().unwrap_or(Value::Null);
        let utf8 = client("/capabilities/general/positionEncodings")
            .as_array()
            .is_some_and(|a| a.iter().any(|e| e.as_str() == Some("utf-8")));
        let encoding = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let creates_files = client("/capabilities/workspace/workspaceEdit/documentChanges")
            .as_bool()
            .unwrap_or(false)
            && client("/capabilities/workspace/workspaceEdit/resourceOperations")
                .as_array()
                .is_some_and(|a| a.iter().any(|o| o.as_str() == Some("create")));
        let lens_refresh = client("/capabilities/workspace/codeLens/refreshSupport")
            .as_bool()
            .unwrap_or(false);
        let snippets =
            client("/capabilities/textDocument/completion/completionItem/snippetSupport")
                .as_bool()
                .unwrap_or(false);
        let root = client("/workspaceFolders/0/uri")
            .as_str()
            .or(client("/rootUri").as_str())
            .and_then(uri::to_path)
            .or_else(|| client("/rootPath").as_str().map(PathBuf::from));
        let debounce = options
            .debounce_ms
            .or(client("/initializationOptions/debounceMs").as_u64())
            .map(Duration::from_millis)
            .unwrap_or(DEFAULT_DEBOUNCE);
        let result = json!({
            "capabilities": capabilities(encoding),
            "serverInfo": {"name": "lattice-policy", "version": env!("CARGO_PKG_VERSION")},
        });
        connection
            .sender
            .send(Response::new_ok(id, result).into())
            .map_err(|e| e.to_string())?;
        let (done_tx, done) = unbounded();
        let checks = Worker::start("lattice-policy-check", done_tx.clone())?;
        let lens_worker = Worker::start("lattice-policy-lenses", done_tx)?;
        let mut server = Server {
            connection,
            documents: HashMap::new(),
            encoding,
            root,
            debounce,
            checks,
            lens_worker,
            done,
            configs: Arc::new(ConfigBuffers::new()),
            creates_files,
            lens_refresh,
            snippets,
            shutdown: false,
            next_id: 0,
            scanned: Arc::new(Mutex::new(BTreeSet::new())),
        };
        if let Some(root) = &server.root {
            arns::scan_in_background(root, Arc::clone(&server.scanned));
        }
        let result = server.serve();
        server.checks.stop();
        server.lens_worker.stop();
        result.map(|()| server.shutdown)
    }

    fn serve(&mut self) -> Result<(), String> {
        loop {
            let timeout = self
                .documents
                .values()
                .filter_map(|d| d.due)
                .min()
                .map(|due| due.saturating_duration_since(Instant::now()))
                .unwrap_or(Duration::from_secs(3600));
            let receiver = self.connection.receiver.clone();
            let done = self.done.clone();
            select! {
                recv(receiver) -> message => match message {
                    Ok(message) => {
                        if let Flow::Exit = self.message(message) {
                            return Ok(());
                        }
                    }
                    // The client went away without `exit`.
                    Err(_) => return Err("the client closed the connection".to_string()),
                },
                recv(done) -> result => {
                    if let Ok(result) = result {
                        self.finished(result);
                    }
                },
                default(timeout) => {},
            }
            self.start_due();
        }
    }

    fn send(&self, message: Message) {
        // A send fails only when the writer is gone, and then so is the client.
        let _ = self.connection.sender.send(message);
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    fn reply(&self, id: RequestId, result: Result<Value, (ErrorCode, String)>) {
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response.into());
    }

    fn log(&self, message: &str) {
        self.notify("window/logMessage", json!({"type": 4, "message": message}));
    }

    fn message(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => return self.notification(notification),
            // Answers to the server's own requests (lens refresh): nothing to do.
            Message::Response(_) => {}
        }
        Flow::Continue
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shutdown {
            let message = "the server is shutting down".to_string();
            return self.reply(id, Err((ErrorCode::InvalidRequest, message)));
        }
        let answer = match method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => parse(params).and_then(|p| self.hover(p)),
            "textDocument/completion" => parse(params).and_then(|p| self.completion(p)),
            "textDocument/codeAction" => match parse::<CodeActionParams>(params) {
                Ok(p) => return self.code_action(id, p),
                Err(e) => Err(e),
            },
            "textDocument/codeLens" => match parse::<CodeLensRequest>(params) {
                Ok(p) => return self.code_lens(id, &p.text_document),
                Err(e) => Err(e),
            },
            "workspace/executeCommand" => parse(params).and_then(|p| self.execute(p)),
            DOCUMENT_TEXT => parse::<CodeLensRequest>(params).and_then(|p| {
                let doc = self.document(&p.text_document)?;
                Ok(json!({"version": doc.version, "text": doc.text}))
            }),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("`{method}` is not a method this server answers"),
            )),
        };
        self.reply(id, answer);
    }

    fn notification(&mut self, notification: Notification) -> Flow {
        let Notification { method, params } = notification;
        match method.as_str() {
            "exit" => return Flow::Exit,
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<DidOpenTextDocumentParams>(params) {
                    self.open(p);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<DidChangeTextDocumentParams>(params) {
                    self.change(p);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<DidCloseTextDocumentParams>(params) {
                    self.close(&p.text_document);
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = parse::<DidSaveTextDocumentParams>(params) {
                    let saved = p.text_document.uri.as_str().to_string();
                    if uri::to_path(&saved).is_some_and(|p| is_config(&p)) {
                        self.recheck_all();
                    }
                }
            }
            // A configuration file changed on disk.
            "workspace/didChangeWatchedFiles" => self.recheck_all(),
            "$/cancelRequest" => {
                if let Some(id) = params.get("id").cloned() {
                    self.cancel(id);
                }
            }
            // `initialized`, `$/setTrace`, configuration changes: nothing to do.
            _ => {}
        }
        Flow::Continue
    }

    /// Answers a waiting request the client no longer wants.
    fn cancel(&mut self, id: Value) {
        let Ok(id) = serde_json::from_value::<RequestId>(id) else {
            return;
        };
        let mut cancelled = false;
        for doc in self.documents.values_mut() {
            let before = doc.waiting.len();
            doc.waiting.retain(|w| match w {
                Waiting::Lenses(i) | Waiting::Actions(i, _) => *i != id,
            });
            cancelled |= doc.waiting.len() != before;
        }
        if cancelled {
            let response = Response::new_err(id, -32800, "cancelled".to_string());
            self.send(response.into());
        }
    }

    fn document(&self, id: &TextDocumentIdentifier) -> Result<&Document, (ErrorCode, String)> {
        self.documents.get(id.uri.as_str()).ok_or_else(|| {
            (
                ErrorCode::InvalidParams,
                format!("`{}` is not open", id.uri.as_str()),
            )
        })
    }

    fn open(&mut self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let key = item.uri.as_str().to_string();
        let path = uri::to_path(&key);
        let name = check::display_name(path.as_deref(), &key, self.root.as_deref());
        let is_config = path.as_deref().is_some_and(is_config);
        let doc = Document {
            uri: item.uri,
            text: item.text,
            version: item.version,
            name,
            path,
            is_config,
            due: Some(Instant::now()),
            last_change: None,
            checked: None,
            lenses: None,
            lenses_asked: None,
            shows_lenses: false,
            waiting: Vec::new(),
        };
        self.documents.insert(key.clone(), doc);
        if is_config {
            self.config_changed(&key);
        }
    }

    fn change(&mut self, params: DidChangeTextDocumentParams) {
        let key = params.text_document.uri.as_str().to_string();
        let encoding = self.encoding;
        let debounce = self.debounce;
        let Some(doc) = self.documents.get_mut(&key) else {
            // The spec has no answer to a notification: say it in the log.
            return self.log(&format!(
                "a change to `{key}`, which is not open, was ignored"
            ));
        };
        for change in params.content_changes {
            apply_change(&mut doc.text, change.range, &change.text, encoding);
        }
        doc.version = params.text_document.version;
        let now = Instant::now();
        // The first change after a pause is checked at once; changes that
        // keep coming wait until they pause.
        let quiet = doc
            .last_change
            .is_none_or(|last| now.duration_since(last) >= debounce);
        doc.last_change = Some(now);
        doc.due = Some(if quiet { now } else { now + debounce });
        if doc.is_config {
            self.config_changed(&key);
        }
    }

    fn close(&mut self, id: &TextDocumentIdentifier) {
        let key = id.uri.as_str().to_string();
        let Some(doc) = self.documents.remove(&key) else {
            return self.log(&format!("`{key}`, which is not open, cannot be closed"));
        };
        self.checks.cancel(&key);
        self.lens_worker.cancel(&key);
        self.publish(&doc.uri, Vec::new(), None);
        for waiting in doc.waiting {
            match waiting {
                Waiting::Lenses(id) | Waiting::Actions(id, _) => self.reply(id, Ok(json!([]))),
            }
        }
        if doc.is_config {
            self.config_changed(&key);
        }
    }

    /// A configuration file was opened, changed or closed: its buffer
    /// replaces the file on disk while open, its problems are shown in it,
    /// and every policy is checked again under it.
    fn config_changed(&mut self, key: &str) {
        let mut buffers = ConfigBuffers::new();
        for doc in self.documents.values().filter(|d| d.is_config) {
            if let Some(path) = &doc.path {
                buffers.insert(path.clone(), Arc::from(doc.text.as_str()));
            }
        }
        self.configs = Arc::new(buffers);
        if let Some(doc) = self.documents.get(key) {
            let diagnostics = self.config_diagnostics(doc);
            self.publish(&doc.uri, diagnostics, Some(doc.version));
        }
        self.recheck_all();
    }

    /// The problems of an open configuration file.
    fn config_diagnostics(&self, doc: &Document) -> Vec<lsp_types::Diagnostic> {
        let Some(path) = &doc.path else {
            return Vec::new();
        };
        let root = path.parent().unwrap_or(Path::new("/"));
        let Err(error) = config::Config::parse(&doc.name, root, doc.text.as_bytes()) else {
            return Vec::new();
        };
        let text = error.source.text();
        let index = LineIndex::new(text);
        let map = Mapper {
            text,
            index: &index,
            encoding: self.encoding,
        };
        error
            .findings
            .into_iter()
            .map(|finding| {
                let found = check::Found {
                    help: finding.help.clone(),
                    finding,
                };
                diagnostics::diagnostic(&found, &doc.uri, doc.version, &map)
            })
            .collect()
    }

    fn recheck_all(&mut self) {
        let now = Instant::now();
        for doc in self.documents.values_mut().filter(|d| !d.is_config) {
            doc.due = Some(now);
        }
    }

    /// Queues the checks that are due.
    fn start_due(&mut self) {
        let now = Instant::now();
        for (key, doc) in &mut self.documents {
            if doc.due.is_some_and(|due| due <= now) {
                doc.due = None;
                if doc.is_config {
                    continue;
                }
                self.checks.submit(Job {
                    uri: key.clone(),
                    version: doc.version,
                    name: doc.name.clone(),
                    path: doc.path.clone(),
                    text: Arc::from(doc.text.as_str()),
                    task: Task::Check(Arc::clone(&self.configs)),
                });
            }
        }
    }

    /// Queues the lenses of a document's latest check, unless they are
    /// worked out or queued already, or the check is of an older version
    /// (the lenses then wait for the current version's check).
    fn ask_lenses(&mut self, key: &str) {
        let Some(doc) = self.documents.get_mut(key) else {
            return;
        };
        let Some((version, checked)) = &doc.checked else {
            return;
        };
        let version = *version;
        if version != doc.version || doc.lenses.is_some() || doc.lenses_asked == Some(version) {
            return;
        }
        doc.lenses_asked = Some(version);
        self.lens_worker.submit(Job {
            uri: key.to_string(),
            version,
            name: doc.name.clone(),
            path: doc.path.clone(),
            text: Arc::from(doc.text.as_str()),
            task: Task::Lenses(Arc::clone(checked)),
        });
    }

    /// A result from a worker: kept and shown when it is about the
    /// document as it is now, dropped when the document changed since.
    fn finished(&mut self, done: Done) {
        match done {
            Done::Checked {
                uri,
                version,
                checked,
            } => {
                let lens_refresh = self.lens_refresh;
                let Some(doc) = self.documents.get_mut(&uri) else {
                    return;
                };
                if doc.version != version {
                    return;
                }
                doc.checked = Some((version, Arc::clone(&checked)));
                doc.lenses = None;
                doc.lenses_asked = None;
                let waiting: Vec<Waiting> = std::mem::take(&mut doc.waiting);
                let (still, actions): (Vec<_>, Vec<_>) = waiting
                    .into_iter()
                    .partition(|w| matches!(w, Waiting::Lenses(_)));
                doc.waiting = still;
                // Lenses are worked out when asked for, or, for a client
                // that can be told to ask again, as soon as the check is.
                let wants_lenses = !doc.waiting.is_empty() || (lens_refresh && doc.shows_lenses);
                let doc_uri = doc.uri.clone();
                // The diagnostics first: they are what the user waits for.
                let diagnostics = self.document_diagnostics(&uri);
                self.publish(&doc_uri, diagnostics, Some(version));
                self.config_problems(&checked);
                for waiting in actions {
                    if let Waiting::Actions(id, params) = waiting {
                        let answer = self.actions(&params);
                        self.reply(id, answer);
                    }
                }
                if wants_lenses {
                    self.ask_lenses(&uri);
                }
            }
            Done::Lenses {
                uri,
                version,
                checked,
                lenses,
            } => {
                let Some(doc) = self.documents.get_mut(&uri) else {
                    return;
                };
                // Only the lenses of the latest check of the current version.
                let current = doc
                    .checked
                    .as_ref()
                    .is_some_and(|(v, c)| *v == version && Arc::ptr_eq(c, &checked));
                if doc.version != version || !current {
                    return;
                }
                doc.lenses = Some((version, lenses));
                doc.lenses_asked = None;
                let waiting: Vec<Waiting> = std::mem::take(&mut doc.waiting);
                let (answered, still): (Vec<_>, Vec<_>) = waiting
                    .into_iter()
                    .partition(|w| matches!(w, Waiting::Lenses(_)));
                doc.waiting = still;
                let asked = !answered.is_empty();
                for waiting in answered {
                    if let Waiting::Lenses(id) = waiting {
                        let lenses = self.lenses_of(&uri);
                        self.reply(id, Ok(lenses));
                    }
                }
                // Worked out ahead of a request: the client is told to ask.
                if !asked && self.lens_refresh {
                    self.next_id += 1;
                    let id = RequestId::from(format!("lattice-policy-{}", self.next_id));
                    let request = Request::new(id, "workspace/codeLens/refresh".into(), ());
                    self.send(request.into());
                }
            }
        }
    }

    /// The diagnostics of a checked document (its current version).
    fn document_diagnostics(&self, key: &str) -> Vec<lsp_types::Diagnostic> {
        let Some(doc) = self.documents.get(key) else {
            return Vec::new();
        };
        let Some((version, checked)) = &doc.checked else {
            return Vec::new();
        };
        let index = LineIndex::new(&doc.text);
        let map = Mapper {
            text: &doc.text,
            index: &index,
            encoding: self.encoding,
        };
        let mut out: Vec<lsp_types::Diagnostic> = checked
            .findings
            .iter()
            .map(|f| diagnostics::diagnostic(f, &doc.uri, *version, &map))
            .collect();
        if let (Some(path), Some((_, problems))) = (&checked.config.path, &checked.config.problems)
        {
            let code = problems.first().map_or("CONFIG", |f| f.info.code);
            out.insert(
                0,
                diagnostics::note(
                    format!(
                        "the configuration `{}` is not valid ({} problems): this file was checked with the default settings",
                        path.display(),
                        problems.len()
                    ),
                    code,
                    lsp_types::DiagnosticSeverity::WARNING,
                ),
            );
        }
        out
    }

    /// Publishes the problems of a configuration file that is not open
    /// (an open one is published as it changes).
    fn config_problems(&self, checked: &Checked) {
        let Some(path) = &checked.config.path else {
            return;
        };
        let uri_text = uri::from_path(path);
        if self.documents.contains_key(&uri_text) {
            return;
        }
        let Ok(config_uri) = uri_text.parse::<Uri>() else {
            return;
        };
        let diagnostics = match &checked.config.problems {
            None => Vec::new(),
            Some((text, findings)) => {
                let index = LineIndex::new(text);
                let map = Mapper {
                    text,
                    index: &index,
                    encoding: self.encoding,
                };
                findings
                    .iter()
                    .map(|finding| {
                        let found = check::Found {
                            finding: finding.clone(),
                            help: finding.help.clone(),
                        };
                        diagnostics::diagnostic(&found, &config_uri, 0, &map)
                    })
                    .collect()
            }
        };
        self.publish(&config_uri, diagnostics, None);
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let mut params = json!({"uri": uri, "diagnostics": diagnostics});
        if let (Some(version), Some(object)) = (version, params.as_object_mut()) {
            object.insert("version".into(), json!(version));
        }
        self.notify("textDocument/publishDiagnostics", params);
    }

    /// The byte offset of a position in a document.
    fn offset(&self, doc: &Document, position: Position) -> usize {
        LineIndex::new(&doc.text).offset(&doc.text, position, self.encoding)
    }

    fn hover(&self, params: HoverParams) -> Result<Value, (ErrorCode, String)> {
        let at = params.text_document_position_params;
        let doc = self.document(&at.text_document)?;
        let offset = self.offset(doc, at.position);
        let path = doc_path(doc);
        let mut parts = Vec::new();
        let mut range = None;
        if let Some(hover) = editor::hover(&path, &doc.text, offset) {
            range = Some((hover.range.start, hover.range.end));
            parts.push(hover.markdown);
        }
        // On a finding: what its code means, as `policy explain` says it.
        if let Some((version, checked)) = &doc.checked {
            if *version == doc.version {
                let mut codes = BTreeSet::new();
                for found in check::at(&checked.findings, offset) {
                    if codes.insert(found.finding.info.code) {
                        if let Some(text) = crate::cli::lsp::explain_code(found.finding.info.code) {
                            parts.push(text);
                        }
                        let span = found.finding.span;
                        range.get_or_insert((span.start as usize, span.end as usize));
                    }
                }
            }
        }
        if parts.is_empty() {
            return Ok(Value::Null);
        }
        let index = LineIndex::new(&doc.text);
        let mut hover = json!({
            "contents": {"kind": "markdown", "value": parts.join("\n\n---\n\n")},
        });
        if let (Some((start, end)), Some(object)) = (range, hover.as_object_mut()) {
            let range = index.range(&doc.text, start, end, self.encoding);
            object.insert("range".into(), json!(range));
        }
        Ok(hover)
    }

    fn completion(&self, params: CompletionParams) -> Result<Value, (ErrorCode, String)> {
        let at = params.text_document_position;
        let doc = self.document(&at.text_document)?;
        let offset = self.offset(doc, at.position);
        let arns = self.workspace_arns();
        let items = editor::complete(&doc_path(doc), &doc.text, offset, &arns);
        let index = LineIndex::new(&doc.text);
        let items: Vec<Value> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let kind = match item.kind {
                    CompletionKind::Element => 10,  // Property
                    CompletionKind::Operator => 24, // Operator
                    CompletionKind::Key => 5,       // Field
                    CompletionKind::Value => 12,    // Value
                };
                let start = item.replace.start.min(doc.text.len());
                let end = item.replace.end.clamp(start, doc.text.len());
                let range = index.range(&doc.text, start, end, self.encoding);
                // The snippet form where the client takes it (format 2).
                let (new_text, format) = match item.snippet {
                    Some(snippet) if self.snippets => (snippet, 2),
                    _ => (item.insert_text.clone(), 1),
                };
                let mut value = json!({
                    "label": item.label,
                    "kind": kind,
                    "sortText": format!("{i:05}"),
                    // Editors filter on the text the edit replaces: the
                    // inserted text holds the same quotes.
                    "filterText": item.insert_text,
                    "textEdit": {"range": range, "newText": new_text},
                    "insertTextFormat": format,
                });
                if let Some(object) = value.as_object_mut() {
                    if let Some(detail) = item.detail {
                        object.insert("detail".into(), json!(detail));
                    }
                    if let Some(doc) = item.documentation {
                        object.insert(
                            "documentation".into(),
                            json!({"kind": "markdown", "value": doc}),
                        );
                    }
                }
                value
            })
            .collect();
        Ok(json!({"isIncomplete": false, "items": items}))
    }

    /// The service and service network ARNs the workspace names: in the
    /// open documents, and in its files as read when the server started.
    fn workspace_arns(&self) -> Vec<String> {
        let mut arns = self.scanned.lock().map(|a| a.clone()).unwrap_or_default();
        for doc in self.documents.values() {
            arns::in_text(&doc.text, &mut arns);
        }
        arns.into_iter().collect()
    }

    fn code_lens(&mut self, id: RequestId, document: &TextDocumentIdentifier) {
        let key = document.uri.as_str().to_string();
        let Some(doc) = self.documents.get_mut(&key) else {
            let message = format!("`{key}` is not open");
            return self.reply(id, Err((ErrorCode::InvalidParams, message)));
        };
        doc.shows_lenses = true;
        if doc.lenses.as_ref().is_some_and(|(v, _)| *v == doc.version) {
            let lenses = self.lenses_of(&key);
            self.reply(id, Ok(lenses));
        } else {
            // Answered once this version's check and then its lenses are done.
            doc.waiting.push(Waiting::Lenses(id));
            self.ask_lenses(&key);
        }
    }

    /// The code lenses of a document whose lenses are current.
    fn lenses_of(&self, key: &str) -> Value {
        let Some(doc) = self.documents.get(key) else {
            return json!([]);
        };
        let Some((_, lenses)) = &doc.lenses else {
            return json!([]);
        };
        let index = LineIndex::new(&doc.text);
        let lenses: Vec<Value> = lenses
            .iter()
            .map(|lens| {
                let position = index.position(&doc.text, lens.offset, self.encoding);
                let command = match &lens.witness {
                    Some((locator, query)) => json!({
                        "title": lens.title,
                        "command": EXPLAIN_WITNESS,
                        "arguments": [key, locator, query],
                    }),
                    // A lens that only says something runs nothing.
                    None => json!({"title": lens.title, "command": ""}),
                };
                json!({
                    "range": {"start": position, "end": position},
                    "command": command,
                })
            })
            .collect();
        Value::Array(lenses)
    }

    fn code_action(&mut self, id: RequestId, params: CodeActionParams) {
        let key = params.text_document.uri.as_str().to_string();
        let Some(doc) = self.documents.get_mut(&key) else {
            let message = format!("`{key}` is not open");
            return self.reply(id, Err((ErrorCode::InvalidParams, message)));
        };
        if doc.checked.as_ref().is_some_and(|(v, _)| *v == doc.version) {
            let answer = self.actions(&params);
            self.reply(id, answer);
        } else {
            // Answered when the check of this version is done.
            doc.waiting.push(Waiting::Actions(id, Box::new(params)));
        }
    }

    /// The code actions for a range of a checked document: each finding's
    /// fix, "ignore RULE in lattice-policy.toml", and every safe fix at once.
    fn actions(&self, params: &CodeActionParams) -> Result<Value, (ErrorCode, String)> {
        let doc = self.document(&params.text_document)?;
        let Some((version, checked)) = &doc.checked else {
            return Ok(json!([]));
        };
        let index = LineIndex::new(&doc.text);
        let map = Mapper {
            text: &doc.text,
            index: &index,
            encoding: self.encoding,
        };
        let start = index.offset(&doc.text, params.range.start, self.encoding);
        let end = index
            .offset(&doc.text, params.range.end, self.encoding)
            .max(start);
        let wanted = |kind: &str| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter()
                    .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
            })
        };
        let mut actions = Vec::new();
        let mut ignored = BTreeSet::new();
        for found in &checked.findings {
            let span = found.finding.span;
            let (s, e) = (span.start as usize, span.end as usize);
            if s > end || e < start {
                continue;
            }
            let diagnostic = diagnostics::diagnostic(found, &doc.uri, *version, &map);
            if let (Some(fix), true) = (found.finding.fix.as_deref(), wanted("quickfix")) {
                actions.push(json!({
                    "title": fix_title(fix),
                    "kind": "quickfix",
                    "diagnostics": [diagnostic.clone()],
                    "isPreferred": fix.applicability == Applicability::Safe,
                    "edit": {"changes": {key_of(doc): fix.edits.iter().map(|e| json!({
                        "range": map.range(e.span.start as usize, e.span.end as usize),
                        "newText": e.replacement,
                    })).collect::<Vec<_>>()}},
                }));
            }
            let code = found.finding.info.code;
            if found.finding.info.kind == CodeKind::Rule
                && wanted("quickfix")
                && ignored.insert(code)
            {
                if let Some(edit) = self.ignore_edit(doc, &checked.config, code) {
                    actions.push(json!({
                        "title": format!("Ignore {code} in {}", config::FILE_NAME),
                        "kind": "quickfix",
                        "diagnostics": [diagnostic],
                        "edit": edit,
                    }));
                }
            }
        }
        if wanted("source.fixAll.lattice-policy") {
            if let Some(fixed) = fix_all(doc, checked) {
                let whole = map.range(0, doc.text.len());
                actions.push(json!({
                    "title": "Apply every safe fix (policy check --fix)",
                    "kind": "source.fixAll.lattice-policy",
                    "edit": {"changes": {key_of(doc): [{"range": whole, "newText": fixed}]}},
                }));
            }
        }
        Ok(Value::Array(actions))
    }

    /// The workspace edit that turns `code` off in the configuration the
    /// document was checked under, or in a new one beside it.
    fn ignore_edit(&self, doc: &Document, used: &check::ConfigUsed, code: &str) -> Option<Value> {
        match &used.path {
            Some(path) => {
                let target = uri::from_path(path);
                let text = match self.configs.get(path) {
                    Some(text) => text.to_string(),
                    None => std::fs::read_to_string(path).ok()?,
                };
                let change = ignore::change(&text, code);
                let index = LineIndex::new(&text);
                let range = index.range(&text, change.start, change.end, self.encoding);
                Some(json!({"changes": {target: [{"range": range, "newText": change.text}]}}))
            }
            None => {
                let dir = doc.path.as_deref()?.parent()?;
                let target = uri::from_path(&dir.join(config::FILE_NAME));
                if !self.creates_files {
                    return None;
                }
                Some(json!({"documentChanges": [
                    {"kind": "create", "uri": target, "options": {"ignoreIfExists": true}},
                    {
                        "textDocument": {"uri": target, "version": null},
                        "edits": [{
                            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                            "newText": ignore::new_file(code),
                        }],
                    },
                ]}))
            }
        }
    }

    fn execute(&self, params: ExecuteCommandParams) -> Result<Value, (ErrorCode, String)> {
        if params.command != EXPLAIN_WITNESS {
            return Err((
                ErrorCode::InvalidParams,
                format!("`{}` is not a command of this server", params.command),
            ));
        }
        let args = params.arguments;
        let key = args.first().and_then(Value::as_str).unwrap_or_default();
        let locator = args.get(1).and_then(Value::as_str);
        let Some(query) = args.get(2).and_then(Value::as_str) else {
            return Err((
                ErrorCode::InvalidParams,
                format!("{EXPLAIN_WITNESS} takes a document, a locator and a query"),
            ));
        };
        let Some(doc) = self.documents.get(key) else {
            return Err((ErrorCode::InvalidParams, format!("`{key}` is not open")));
        };
        let kind = doc
            .checked
            .as_ref()
            .map(|(_, c)| c.settings.kind)
            .unwrap_or_default();
        let explained =
            check::load_policy(&doc.name, doc.path.as_deref(), &doc.text, locator, kind)
                .and_then(|loaded| crate::cli::lsp::explain_witness(&loaded, query));
        let (text, kind_of_message) = match explained {
            Ok(text) => (text, 3),
            Err(message) => (message, 2),
        };
        self.notify(
            "window/showMessage",
            json!({"type": kind_of_message, "message": text}),
        );
        Ok(json!(text))
    }
}

/// The identity of the `textDocument/codeLens` and debug requests.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeLensRequest {
    text_document: TextDocumentIdentifier,
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

/// True for a path named `lattice-policy.toml`.
fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == config::FILE_NAME)
}

/// The path the editor module is told (the name decides how the text is
/// read: a policy, a template, Terraform).
fn doc_path(doc: &Document) -> PathBuf {
    doc.path.clone().unwrap_or_else(|| PathBuf::from(&doc.name))
}

fn key_of(doc: &Document) -> String {
    doc.uri.as_str().to_string()
}

/// A fix's title, saying when it changes what the policy allows.
fn fix_title(fix: &Fix) -> String {
    let mut title = fix.description.clone();
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + title.get(1..).unwrap_or("");
    }
    if fix.applicability == Applicability::Unsafe {
        title.push_str(" (unsafe: changes what the policy allows)");
    }
    title
}

/// The text with the safe fixes of the current findings applied, as one
/// pass of `policy check --fix` applies them (the fixes they uncover are
/// offered once the result is checked); `None` when there is none. One
/// pass and no check: editors ask for code actions as the cursor moves.
fn fix_all(doc: &Document, checked: &Checked) -> Option<String> {
    let fixes = checked
        .findings
        .iter()
        .filter_map(|f| f.finding.fix.as_deref())
        .filter(|f| f.applies_under(Applicability::Safe));
    let pass = apply(&doc.text, fixes);
    (pass.applied > 0 && pass.text != doc.text).then_some(pass.text)
}

/// The server's capabilities.
fn capabilities(encoding: Encoding) -> Value {
    json!({
        "positionEncoding": match encoding {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        },
        "textDocumentSync": {
            "openClose": true,
            "change": 2,
            "save": {"includeText": false},
        },
        "hoverProvider": true,
        "completionProvider": {
            "triggerCharacters": ["\"", ":", "/"],
            "resolveProvider": false,
        },
        "codeActionProvider": {
            "codeActionKinds": ["quickfix", "source.fixAll.lattice-policy"],
            "resolveProvider": false,
        },
        "codeLensProvider": {"resolveProvider": false},
        "executeCommandProvider": {"commands": [EXPLAIN_WITNESS]},
    })
}
