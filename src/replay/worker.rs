//! One thread's share of a replay: it receives records from the reader,
//! decides each (caching the answer by the fields that matter, since logs
//! repeat the same caller, method and path), and tallies a [`Report`].

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::report::{layer_word, path_pattern, Group, GroupKey, Report};
use super::{Proposed, Replayer, Verdict};
use crate::accesslog::{Kind, Location, Record, Recorded, Sink, Unit};
use crate::eval::Timestamp;

/// A fast hasher for the cache's byte-string keys (the Fx hash of rustc):
/// SipHash's resistance to chosen keys buys nothing here, and costs a
/// large share of a cached record's time.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Cache = HashMap<Vec<u8>, Rc<Proposed>, std::hash::BuildHasherDefault<FxHasher>>;

/// Most cached answers per worker: the cache is cleared when full, so
/// memory does not grow with the log.
const MAX_CACHED: usize = 100_000;

/// Replays records into a [`Report`].
pub struct Worker<'r> {
    replayer: &'r Replayer,
    /// Answers by [`Worker::cache_key`]; shared, not cloned, per record.
    cache: Cache,
    key: Vec<u8>,
    /// The tally so far.
    pub report: Report,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    records_seen: Option<&'r AtomicU64>,
}

impl<'r> Worker<'r> {
    /// A worker for `replayer`, keeping records whose time is within
    /// `since..until` (inclusive) when given; `records_seen` counts records
    /// for a progress display.
    pub fn new(
        replayer: &'r Replayer,
        since: Option<Timestamp>,
        until: Option<Timestamp>,
        records_seen: Option<&'r AtomicU64>,
    ) -> Self {
        Worker {
            replayer,
            cache: Cache::default(),
            key: Vec::with_capacity(1024),
            report: Report::default(),
            since,
            until,
            records_seen,
        }
    }

    /// The fields that decide a record's answer, as one byte string.
    fn cache_key(&mut self, r: &Record<'_>) {
        self.key.clear();
        let fields = [
            r.caller_principal.as_deref(),
            r.resolved_user.as_deref(),
            r.caller_org_id.as_deref(),
            r.method.as_deref(),
            r.host.as_deref(),
            r.user_agent.as_deref(),
            Some(r.protocol_name()),
            r.service_arn.as_deref(),
            r.service_network_arn.as_deref(),
            r.source_vpc_arn.as_deref(),
            r.source_vpc_id.as_deref(),
            if self.replayer.reads_time() || r.start_time.is_none() {
                r.start_time.as_deref()
            } else {
                Some("")
            },
        ];
        for field in fields {
            match field {
                Some(text) => {
                    self.key.push(1);
                    self.key.extend_from_slice(text.as_bytes());
                }
                None => self.key.push(2),
            }
            self.key.push(0);
        }
        match r.path.as_deref() {
            Some(path) => self.replayer.path_key(
                r.service_arn.as_deref().unwrap_or_default(),
                path,
                &mut self.key,
            ),
            None => self.key.push(2),
        }
        for (k, v) in &r.caller_tags {
            self.key.extend_from_slice(k.as_bytes());
            self.key.push(0);
            self.key.extend_from_slice(v.as_bytes());
            self.key.push(0);
        }
    }

    fn record(&mut self, at: &Location<'_>, record: Record<'_>) {
        if record.kind() == Kind::ResourceRecord {
            return self.report.skip("resource access log record");
        }
        if record.is_empty() {
            self.report.malformed(
                at.to_string(),
                "not an access log record (none of its fields are there)".into(),
            );
            return;
        }
        match record.kind() {
            Kind::ResourceRecord => {}
            Kind::BeforeAuthorization(reason) => {
                return self
                    .report
                    .skip(&format!("failed before authorization ({reason})"))
            }
            Kind::Request => {}
        }
        if self.since.is_some() || self.until.is_some() {
            let time = record.start_time.as_deref().and_then(Timestamp::parse);
            let inside = time.is_some_and(|t| {
                self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
            });
            if !inside {
                return self.report.skip("outside --since/--until");
            }
        }
        let recorded = match record.recorded() {
            Ok(r) => r,
            Err(e) => return self.report.malformed(at.to_string(), e.0),
        };
        self.cache_key(&record);
        let proposed = match self.cache.get(&self.key) {
            Some(p) => Rc::clone(p),
            None => {
                let proposed = Rc::new(match record.to_request() {
                    Ok(logged) => self.replayer.propose(&logged),
                    Err(e) => Proposed::Invalid(e.0),
                });
                if self.cache.len() >= MAX_CACHED {
                    self.cache.clear();
                }
                self.cache.insert(self.key.clone(), Rc::clone(&proposed));
                proposed
            }
        };
        if let Proposed::Invalid(reason) = proposed.as_ref() {
            return self.report.malformed(
                at.to_string(),
                format!("the record is not a valid request: {reason}"),
            );
        }
        let verdict = self.replayer.verdict(recorded, &proposed);
        self.report.summary.count(verdict);
        if verdict != Verdict::Unchanged {
            self.group(at, &record, recorded, &proposed, verdict);
        }
    }

    fn group(
        &mut self,
        at: &Location<'_>,
        record: &Record<'_>,
        recorded: Recorded,
        proposed: &Proposed,
        verdict: Verdict,
    ) {
        let caller = caller_label(record);
        let key = GroupKey {
            verdict,
            caller,
            method: record.method.as_deref().unwrap_or("-").to_string(),
            path: record.path.as_deref().map_or("-".into(), path_pattern),
            logged_layer: match recorded {
                Recorded::Denied(Some(l)) => Some(layer_word(l)),
                _ => None,
            },
            evaluated_layer: match proposed {
                Proposed::Deny(l) => Some(layer_word(*l)),
                _ => None,
            },
            depends_on: match proposed {
                Proposed::Undetermined(keys) => keys.clone(),
                _ => Vec::new(),
            },
        };
        let time = record.start_time.as_deref();
        if let Some(group) = self.report.groups.get_mut(&key) {
            group.count += 1;
            group.see(time);
            return;
        }
        if self.report.groups.len() >= super::report::MAX_GROUPS {
            self.report.ungrouped += 1;
            return;
        }
        let example_query = record
            .to_request()
            .ok()
            .and_then(|l| self.replayer.resolve(l.spec).ok())
            .map(|r| r.describe())
            .unwrap_or_default();
        let mut group = Group {
            key: key.clone(),
            count: 1,
            first: None,
            last: None,
            example_at: at.to_string(),
            example_query,
            example_request_id: record.request_id.as_deref().map(str::to_string),
        };
        group.see(time);
        self.report.groups.insert(key, group);
    }
}

/// Who sent a record, for grouping: a role session's role ARN, another
/// principal's ARN, or `anonymous`.
pub fn caller_label(record: &Record<'_>) -> String {
    let Some(arn) = record.caller().filter(|_| !record.is_tls()) else {
        return "anonymous".into();
    };
    // arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION -> the role.
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if let (Some(partition), Some(account), Some(resource)) =
        (parts.get(1), parts.get(4), parts.get(5))
    {
        if let Some(role) = resource
            .strip_prefix("assumed-role/")
            .and_then(|r| r.split('/').next())
        {
            return format!("arn:{partition}:iam::{account}:role/{role}");
        }
    }
    arn.to_string()
}

impl Sink for Worker<'_> {
    fn unit(&mut self, at: &Location<'_>, unit: Unit<'_, '_>) {
        if let Some(seen) = self.records_seen {
            seen.fetch_add(1, Ordering::Relaxed);
        }
        match unit {
            Err(reason) => self.report.malformed(at.to_string(), reason),
            Ok(fields) => match Record::from_fields(fields) {
                Ok(record) => self.record(at, record),
                Err(e) => self.report.malformed(at.to_string(), e.0),
            },
        }
    }
}
