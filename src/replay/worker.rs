//! One thread's share of a replay: it receives records from the reader,
//! decides each (caching the answer by the fields that matter, since logs
//! repeat the same caller, method and path), and tallies a [`Report`].

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::report::{layer_word, push_path_pattern, Group, GroupKey, Report};
use super::{Proposed, Reads, Replayer, Verdict};
use crate::accesslog::{Kind, Location, Record, Recorded, Sink, Unit};
use crate::eval::Timestamp;

// The maps of a replay are keyed by text from the log, which callers
// choose (a request path is whatever a client sent), so they keep std's
// randomly seeded SipHash: an unseeded fast hash (Fx, tried) lets crafted
// paths collide and turn each lookup into a scan, for about 2% of a cached
// record's time.
type Cache = HashMap<Vec<u8>, Rc<Proposed>>;

/// The most a worker's answer cache holds, counted as key bytes plus a
/// fixed cost per entry: past it, the cache is cleared. Bounded from the
/// first record, so memory does not grow with the log; keys hold only the
/// fields the policies read, so a log's distinct keys usually fit.
const MAX_CACHE_BYTES: usize = 16 << 20;

/// The cost counted per cache entry besides its key (the table's slot, the
/// key's and the answer's allocations).
const ENTRY_COST: usize = 96;

/// The fields a record's validity is checked by, one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Caller,
    Method,
    Host,
    UserAgent,
    Service,
    Network,
    Vpc,
    Time,
}

const PARTS: [Part; 8] = [
    Part::Caller,
    Part::Method,
    Part::Host,
    Part::UserAgent,
    Part::Service,
    Part::Network,
    Part::Vpc,
    Part::Time,
];

/// Most remembered values per field: past it, that field's memory is cleared.
const MAX_VALIDITY: usize = 4096;

/// Whether each distinct value of a field makes a valid request, remembered:
/// the fields left out of the cache key (those no policy reads) must still
/// be valid for a cached answer to be the record's, and checking one means
/// resolving a request. The last value of each field is kept apart, since
/// consecutive records mostly repeat it.
#[derive(Default)]
struct Validity {
    last: [Option<(Vec<u8>, bool)>; PARTS.len()],
    seen: [HashMap<Vec<u8>, bool>; PARTS.len()],
    key: Vec<u8>,
}

/// Appends a field (or its absence) to a key.
fn push_field(key: &mut Vec<u8>, field: Option<&str>) {
    match field {
        Some(text) => {
            key.push(1);
            key.extend_from_slice(text.as_bytes());
        }
        None => key.push(2),
    }
    key.push(0);
}

/// The record with only `part` (and what decides the protocol) of `r`:
/// valid exactly when that field is.
fn only<'a>(r: &Record<'a>, part: Part) -> Record<'a> {
    use std::borrow::Cow;
    let mut one = Record {
        grpc_status: r.grpc_status,
        tls_version: r.tls_version.clone(),
        ssl_cipher: r.ssl_cipher.clone(),
        service_arn: Some(Cow::Borrowed(crate::eval::request::DEFAULT_SERVICE)),
        // Neither method nor path would make it a TLS connection.
        path: (!r.is_tls()).then_some(Cow::Borrowed("/")),
        ..Record::default()
    };
    match part {
        Part::Caller => {
            one.caller_principal = r.caller_principal.clone();
            one.resolved_user = r.resolved_user.clone();
            one.caller_org_id = r.caller_org_id.clone();
            one.caller_tags = r.caller_tags.clone();
        }
        Part::Method => one.method = r.method.clone(),
        Part::Host => one.host = r.host.clone(),
        Part::UserAgent => one.user_agent = r.user_agent.clone(),
        Part::Service => one.service_arn = r.service_arn.clone(),
        Part::Network => one.service_network_arn = r.service_network_arn.clone(),
        Part::Vpc => {
            one.source_vpc_arn = r.source_vpc_arn.clone();
            one.source_vpc_id = r.source_vpc_id.clone();
        }
        Part::Time => one.start_time = r.start_time.clone(),
    }
    one
}

impl Validity {
    /// True when every field of `r` the key leaves out is valid.
    fn check(&mut self, replayer: &Replayer, r: &Record<'_>, reads: Reads) -> bool {
        for (i, part) in PARTS.into_iter().enumerate() {
            let keyed = match part {
                Part::Caller => reads.caller,
                Part::Method => reads.method,
                Part::Host => reads.host,
                Part::UserAgent => reads.user_agent,
                Part::Service => reads.service,
                Part::Network => reads.network,
                Part::Vpc => reads.vpc,
                Part::Time => reads.time,
            };
            if keyed {
                // In the key: the cached answer (an error included) is this value's.
                continue;
            }
            self.key.clear();
            // The protocol whole: HTTP and HTTPS share a first letter.
            self.key.extend_from_slice(r.protocol_name().as_bytes());
            self.key.push(0);
            match part {
                Part::Caller => {
                    push_field(&mut self.key, r.caller());
                    push_field(&mut self.key, r.caller_org_id.as_deref());
                    for (k, v) in &r.caller_tags {
                        push_field(&mut self.key, Some(k));
                        push_field(&mut self.key, Some(v));
                    }
                }
                Part::Method => push_field(&mut self.key, r.method.as_deref()),
                Part::Host => push_field(&mut self.key, r.host.as_deref()),
                Part::UserAgent => push_field(&mut self.key, r.user_agent.as_deref()),
                Part::Service => push_field(&mut self.key, r.service_arn.as_deref()),
                Part::Network => push_field(&mut self.key, r.service_network_arn.as_deref()),
                Part::Vpc => {
                    push_field(&mut self.key, r.source_vpc_arn.as_deref());
                    push_field(&mut self.key, r.source_vpc_id.as_deref());
                }
                Part::Time => push_field(&mut self.key, r.start_time.as_deref()),
            }
            let (Some(last), Some(seen)) = (self.last.get_mut(i), self.seen.get_mut(i)) else {
                continue;
            };
            let valid = match last {
                Some((value, valid)) if *value == self.key => *valid,
                _ => {
                    let valid = match seen.get(&self.key) {
                        Some(&valid) => valid,
                        None => {
                            let valid = replayer.valid(&only(r, part));
                            // Times are nearly all distinct: only the last is kept.
                            if part != Part::Time {
                                if seen.len() >= MAX_VALIDITY {
                                    seen.clear();
                                }
                                seen.insert(self.key.clone(), valid);
                            }
                            valid
                        }
                    };
                    *last = Some((self.key.clone(), valid));
                    valid
                }
            };
            if !valid {
                return false;
            }
        }
        true
    }
}

/// Replays records into a [`Report`].
pub struct Worker<'r> {
    replayer: &'r Replayer,
    /// Answers by [`Worker::cache_key`]; shared, not cloned, per record.
    cache: Cache,
    /// The bytes the cache holds, as [`MAX_CACHE_BYTES`] counts them.
    cache_bytes: usize,
    validity: Validity,
    key: Vec<u8>,
    /// A buffer for a record's resource ARN ([`Replayer::path_key`]).
    resource: String,
    /// The last changed record's group key, its buffers reused.
    group_key: GroupKey,
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
            cache_bytes: 0,
            validity: Validity::default(),
            key: Vec::with_capacity(1024),
            resource: String::with_capacity(256),
            group_key: GroupKey {
                verdict: Verdict::Unchanged,
                caller: String::new(),
                method: String::new(),
                path: String::new(),
                logged_layer: None,
                evaluated_layer: None,
                depends_on: Vec::new(),
            },
            report: Report::default(),
            since,
            until,
            records_seen,
        }
    }

    /// The fields that decide a record's answer, as one byte string: those
    /// the policies read, the presence of those whose absence the replay
    /// tries every value of, and the path's class.
    fn cache_key(&mut self, r: &Record<'_>) {
        let reads = self.replayer.reads();
        let key = &mut self.key;
        key.clear();
        key.extend_from_slice(r.protocol_name().as_bytes());
        key.push(0);
        let (vpc, owner) = r.source_vpc();
        let keyed = [
            (reads.caller, r.caller()),
            (reads.caller, r.caller_org_id.as_deref()),
            (reads.method, r.method.as_deref()),
            (reads.host, r.host.as_deref()),
            (reads.user_agent, r.user_agent.as_deref()),
            (reads.service, r.service_arn.as_deref()),
            (reads.network, r.service_network_arn.as_deref()),
            (reads.vpc, vpc),
            (reads.vpc, owner),
            (reads.time, r.start_time.as_deref()),
        ];
        for (read, field) in keyed {
            if read {
                push_field(key, field);
            } else {
                // Absent fields are tried for every value; a missing
                // service is no request.
                key.push(u8::from(field.is_some()));
            }
        }
        if reads.caller {
            for (k, v) in &r.caller_tags {
                push_field(key, Some(k));
                push_field(key, Some(v));
            }
        }
        match r.path.as_deref() {
            Some(path) => self.replayer.path_key(
                r.service_arn.as_deref().unwrap_or_default(),
                path,
                key,
                &mut self.resource,
            ),
            None => key.push(2),
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
        let replayer = self.replayer;
        let fresh = |record: &Record<'_>| {
            Rc::new(match record.to_request() {
                Ok(logged) => replayer.propose(&logged),
                Err(e) => Proposed::Invalid(e.0),
            })
        };
        let proposed = if self.validity.check(replayer, &record, replayer.reads()) {
            self.cache_key(&record);
            match self.cache.get(&self.key) {
                Some(p) => Rc::clone(p),
                None => {
                    let proposed = fresh(&record);
                    let cost = self.key.len() + ENTRY_COST;
                    if self.cache_bytes + cost > MAX_CACHE_BYTES {
                        self.cache = Cache::default();
                        self.cache_bytes = 0;
                    }
                    self.cache_bytes += cost;
                    self.cache.insert(self.key.clone(), Rc::clone(&proposed));
                    proposed
                }
            }
        } else {
            // A field no policy reads is invalid: the record is decided on
            // its own, for the exact reason.
            fresh(&record)
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
        // The key is written into a buffer kept from record to record and
        // cloned only for a new group: most changed records join a group
        // that exists.
        let key = &mut self.group_key;
        key.verdict = verdict;
        key.caller.clear();
        push_caller_label(record, &mut key.caller);
        key.method.clear();
        key.method.push_str(record.method.as_deref().unwrap_or("-"));
        key.path.clear();
        match record.path.as_deref() {
            Some(path) => push_path_pattern(path, &mut key.path),
            None => key.path.push('-'),
        }
        key.logged_layer = match recorded {
            Recorded::Denied(Some(l)) => Some(layer_word(l)),
            _ => None,
        };
        key.evaluated_layer = match proposed {
            Proposed::Deny(l) => Some(layer_word(*l)),
            _ => None,
        };
        match proposed {
            Proposed::Undetermined(keys) => key.depends_on.clone_from(keys),
            _ => key.depends_on.clear(),
        }
        let key = &self.group_key;
        let time = record.start_time.as_deref();
        if let Some(group) = self.report.groups.get_mut(key) {
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
        self.report.groups.insert(key.clone(), group);
    }
}

/// Who sent a record, for grouping: a role session's role ARN, another
/// principal's ARN, or `anonymous`.
pub fn caller_label(record: &Record<'_>) -> String {
    let mut out = String::new();
    push_caller_label(record, &mut out);
    out
}

/// [`caller_label`], appended to `out`.
fn push_caller_label(record: &Record<'_>, out: &mut String) {
    let Some(arn) = record.caller().filter(|_| !record.is_tls()) else {
        out.push_str("anonymous");
        return;
    };
    // arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION -> the role.
    let mut parts = arn.splitn(6, ':');
    let (partition, account, resource) = (parts.nth(1), parts.nth(2), parts.next());
    if let (Some(partition), Some(account), Some(resource)) = (partition, account, resource) {
        if let Some(role) = resource
            .strip_prefix("assumed-role/")
            .and_then(|r| r.split('/').next())
        {
            out.push_str("arn:");
            out.push_str(partition);
            out.push_str(":iam::");
            out.push_str(account);
            out.push_str(":role/");
            out.push_str(role);
            return;
        }
    }
    out.push_str(arn);
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

#[cfg(test)]
mod tests {
    //! The cached fast path against the general evaluator: every random
    //! record must get from a worker (its answer cache keyed by the fields
    //! the policies read, the other fields' validity remembered) what
    //! deciding it alone, with no cache, gives.

    use super::*;
    use crate::accesslog::{read, Limits};
    use crate::eval::AuthType;
    use crate::load::{load_str, LoadOptions};
    use crate::model::{Policy, PolicyKind};
    use crate::replay::Setup;

    /// What became of one record.
    #[derive(Debug, PartialEq, Eq)]
    enum Outcome {
        Decided(Verdict),
        Malformed(String),
        Skipped,
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
            list[self.below(list.len())]
        }
    }

    const ABSENT: [&str; 3] = ["\"-\"", "\"null\"", "null"];

    /// One random record: valid values, absent spellings and invalid ones.
    fn record(rng: &mut Rng) -> String {
        let mut fields: Vec<String> = Vec::new();
        let mut put = |rng: &mut Rng, name: &str, values: &[&str]| {
            let value = rng.pick(values);
            if value == "ABSENT" {
                fields.push(format!("\"{name}\": {}", rng.pick(&ABSENT)));
            } else if value != "OMIT" {
                fields.push(format!("\"{name}\": {value}"));
            }
        };
        let callers = [
            "ABSENT",
            "OMIT",
            "\"arn:aws:sts::111122223333:assumed-role/ops/s1\"",
            "\"arn:aws:sts::111122223333:assumed-role/ops/s2\"",
            "\"arn:aws:sts::111122223333:assumed-role/admin/s1\"",
            "\"arn:aws:sts::444455556666:assumed-role/ops/s1\"",
            "\"arn:aws:iam::111122223333:user/alice\"",
            "\"arn:aws:iam::444455556666:root\"",
            "\"arn:aws:bogus\"",
            "\"Anonymous\"",
        ];
        put(rng, "callerPrincipal", &callers);
        put(rng, "resolvedUser", &callers);
        put(
            rng,
            "callerPrincipalOrgID",
            &[
                "ABSENT",
                "\"o-a1b2c3d4e5\"",
                "\"o-zzzzzzzzzz\"",
                "\"bad org\"",
            ],
        );
        put(
            rng,
            "callerPrincipalTags",
            &[
                "ABSENT",
                "{\"team\": \"a\"}",
                "{\"team\": \"b\"}",
                "\"{\\\"team\\\": \\\"a\\\"}\"",
            ],
        );
        put(
            rng,
            "requestMethod",
            &[
                "\"GET\"",
                "\"GET\"",
                "\"POST\"",
                "\"DELETE\"",
                "ABSENT",
                "\"G T\"",
            ],
        );
        put(
            rng,
            "requestPath",
            &[
                "\"/\"",
                "\"/orders/12\"",
                "\"/orders/99\"",
                "\"/orders/12/admin\"",
                "\"/admin\"",
                "\"/x?y=1\"",
                "\"/bad path\"",
                "ABSENT",
            ],
        );
        put(
            rng,
            "hostHeader",
            &["\"api.example.internal\"", "\"other.example\"", "ABSENT"],
        );
        put(
            rng,
            "userAgent",
            &["\"curl/8.0\"", "\"Go-http-client/2.0\"", "ABSENT", "OMIT"],
        );
        put(rng, "grpcResponseCode", &["OMIT", "OMIT", "OMIT", "0"]);
        // Fields no replay reads, with what only a used value is refused
        // for: a raw control character, a bad escape.
        put(
            rng,
            "listenerType",
            &["OMIT", "\"-\"", "\"a\tb\"", "\"\\q\"", "{\"x\": [1]}"],
        );
        put(rng, "tlsVersion", &["OMIT", "\"TLSv1.2\"", "ABSENT"]);
        put(
            rng,
            "serviceArn",
            &[
                "\"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0\"",
                "\"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0\"",
                "\"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0fedcba987654321a\"",
                "ABSENT",
                "\"not-an-arn\"",
            ],
        );
        put(rng, "serviceNetworkArn", &[
            "\"arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0\"",
            "ABSENT",
            "\"sn-bad\"",
        ]);
        put(
            rng,
            "sourceVpcArn",
            &[
                "\"arn:aws:ec2:us-west-2:111122223333:vpc/vpc-0a1b2c3d4e5f60001\"",
                "\"arn:aws:ec2:us-west-2:444455556666:vpc/vpc-0a1b2c3d4e5f60002\"",
                "ABSENT",
                "OMIT",
            ],
        );
        put(
            rng,
            "sourceVpcId",
            &[
                "\"vpc-0a1b2c3d4e5f60001\"",
                "\"vpc-0a1b2c3d4e5f60002\"",
                "ABSENT",
                "\"bad\"",
            ],
        );
        put(
            rng,
            "startTime",
            &[
                "\"2026-11-01T10:00:00Z\"",
                "\"2026-12-05T10:00:00Z\"",
                "ABSENT",
                "\"yesterday\"",
            ],
        );
        put(rng, "responseCode", &["200", "403", "\"-\""]);
        put(
            rng,
            "failureReason",
            &["ABSENT", "\"ClientAccessDenied\"", "OMIT"],
        );
        put(
            rng,
            "authDeniedReason",
            &[
                "ABSENT",
                "ABSENT",
                "\"Service\"",
                "\"Network\"",
                "\"Identity\"",
            ],
        );
        format!("{{{}}}", fields.join(", "))
    }

    /// The caller label as first written (collect the ARN's parts, then
    /// format), for comparison with the buffer-writing one.
    fn reference_caller(record: &Record<'_>) -> String {
        let Some(arn) = record.caller().filter(|_| !record.is_tls()) else {
            return "anonymous".into();
        };
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

    /// What deciding `line` alone gives, as the worker would without a cache.
    fn alone(replayer: &Replayer, line: &str) -> Outcome {
        let mut out = Outcome::Skipped;
        let mut sink = |_: &Location<'_>, unit: Unit<'_, '_>| {
            out = match unit.and_then(|f| Record::from_fields(f).map_err(|e| e.0)) {
                Err(e) => Outcome::Malformed(e),
                Ok(r) if r.kind() != Kind::Request => Outcome::Skipped,
                Ok(r) if r.is_empty() => Outcome::Malformed("empty".into()),
                Ok(r) => match r.recorded() {
                    Err(e) => Outcome::Malformed(e.0),
                    Ok(recorded) => {
                        let proposed = match r.to_request() {
                            Ok(logged) => replayer.propose(&logged),
                            Err(e) => Proposed::Invalid(e.0),
                        };
                        match proposed {
                            Proposed::Invalid(reason) => Outcome::Malformed(format!(
                                "the record is not a valid request: {reason}"
                            )),
                            p => Outcome::Decided(replayer.verdict(recorded, &p)),
                        }
                    }
                },
            };
        };
        read(line.as_bytes(), "t", Limits::default(), None, &mut sink);
        out
    }

    /// What the worker made of the record it was just given.
    fn by_worker(worker: &mut Worker<'_>, line: &str) -> Outcome {
        let before = worker.report.summary;
        let malformed = worker.report.malformed.len();
        read(line.as_bytes(), "t", Limits::default(), None, worker);
        let after = worker.report.summary;
        if after.malformed > before.malformed {
            return match worker.report.malformed.get(malformed) {
                Some(m) if m.reason.contains("none of its fields") => {
                    Outcome::Malformed("empty".into())
                }
                Some(m) => Outcome::Malformed(m.reason.clone()),
                None => Outcome::Malformed(String::new()),
            };
        }
        if after.skipped > before.skipped {
            return Outcome::Skipped;
        }
        let counts = [
            (after.unchanged - before.unchanged, Verdict::Unchanged),
            (
                after.newly_denied - before.newly_denied,
                Verdict::NewlyDenied,
            ),
            (
                after.newly_allowed - before.newly_allowed,
                Verdict::NewlyAllowed,
            ),
            (
                after.undetermined - before.undetermined,
                Verdict::Undetermined,
            ),
            (after.disagreeing - before.disagreeing, Verdict::Disagreeing),
        ];
        let decided: Vec<Verdict> = counts
            .iter()
            .filter(|(n, _)| *n == 1)
            .map(|(_, v)| *v)
            .collect();
        assert_eq!(decided.len(), 1, "{line}: {before:?} -> {after:?}");
        Outcome::Decided(decided[0])
    }

    fn policy(text: &str, kind: PolicyKind) -> Policy {
        let options = LoadOptions {
            kind,
            ..LoadOptions::default()
        };
        let loaded = load_str("p.json", text, options);
        assert!(!loaded.has_errors(), "{text}");
        loaded.policy.unwrap()
    }

    const POLICIES: [&str; 6] = [
        // The model policy: signed callers, no GET.
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalType": "anonymous", "vpc-lattice-svcs:RequestMethod": "GET"}}}]}"#,
        // One account, on paths, with a path condition.
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
            "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/orders/*",
            "Condition": {"StringNotLike": {"vpc-lattice-svcs:RequestPath": "*/admin"}}}]}"#,
        // Network, VPC, owner, organization, time, host and user agent.
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-0a1b2c3d4e5f60001", "aws:PrincipalOrgID": "o-a1b2c3d4e5",
              "vpc-lattice-svcs:RequestHeader/host": "api.example.internal"},
              "StringLike": {"vpc-lattice-svcs:ServiceNetworkArn": "*sn-0123*", "vpc-lattice-svcs:SourceVpcOwnerAccount": "1111*",
                "vpc-lattice-svcs:RequestHeader/user-agent": "curl/*"},
              "DateLessThan": {"aws:CurrentTime": "2026-11-15T00:00:00Z"}}}]}"#,
        // A role path pattern, and a header no record carries.
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/team/*"}, "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"Null": {"vpc-lattice-svcs:RequestHeader/x-debug": "false"}}}]}"#,
        // A policy variable: every field is read.
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
            "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/${aws:PrincipalTag/team}/*"}]}"#,
        // Everyone, everything: no field is read.
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
    ];

    const IDENTITY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
        "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": ["GET", "POST"]}}}]}"#;

    #[test]
    fn the_cached_answers_are_those_of_each_record_alone() {
        let policies: Vec<Policy> = POLICIES
            .iter()
            .map(|t| policy(t, PolicyKind::Auth))
            .collect();
        let identity = policy(IDENTITY, PolicyKind::Identity);
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut compared = 0;
        let mut kinds = std::collections::BTreeSet::new();
        for (i, service) in policies.iter().enumerate() {
            for variant in 0..3 {
                let network = policies.get((i + 2) % policies.len());
                let setup = Setup {
                    service: Some(service),
                    service_auth_type: AuthType::AwsIam,
                    network: (variant >= 1).then_some((AuthType::AwsIam, network)),
                    identity: if variant == 2 {
                        vec![&identity]
                    } else {
                        Vec::new()
                    },
                    current: variant == 1,
                    now: Timestamp::parse("2026-11-10T00:00:00Z").unwrap(),
                };
                let replayer = Replayer::new(&setup);
                let mut worker = Worker::new(&replayer, None, None, None);
                let mut changed = 0;
                for _ in 0..80 {
                    let line = record(&mut rng);
                    let expected = alone(&replayer, &line);
                    let got = by_worker(&mut worker, &line);
                    assert_eq!(got, expected, "policy {i}, variant {variant}: {line}");
                    kinds.insert(format!("{expected:?}").chars().take(12).collect::<String>());
                    compared += 1;
                    if matches!(got, Outcome::Decided(v) if v != Verdict::Unchanged) {
                        changed += 1;
                        // The group key, written into reused buffers, is
                        // the record's own.
                        let key = &worker.group_key;
                        let mut fields = Vec::new();
                        crate::accesslog::scan::scan_object(line.as_bytes(), &mut fields).unwrap();
                        let r = Record::from_fields(&fields).unwrap();
                        assert_eq!(key.caller, reference_caller(&r), "{line}");
                        assert_eq!(key.method, r.method.as_deref().unwrap_or("-"), "{line}");
                        assert_eq!(
                            key.path,
                            r.path
                                .as_deref()
                                .map_or("-".into(), super::super::report::path_pattern),
                            "{line}"
                        );
                        assert!(worker.report.groups.contains_key(key), "{line}");
                    }
                }
                // Every changed record is in one group.
                let grouped: u64 = worker.report.groups.values().map(|g| g.count).sum();
                assert_eq!(grouped + worker.report.ungrouped, changed);
            }
        }
        assert_eq!(compared, 6 * 3 * 80);
        // The records exercised every kind of outcome.
        assert!(kinds.len() >= 3, "{kinds:?}");
    }
}
