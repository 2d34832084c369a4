//! The result of a replay as data: totals, changed records grouped by
//! caller, method and path pattern, and the malformed input with its
//! locations. Bounded whatever the log's size: at most [`MAX_GROUPS`]
//! groups and [`MAX_MALFORMED`] listed malformed records (all are counted).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Verdict;
use crate::eval::LayerName;

/// Most groups kept; records of further groups are counted in the summary only.
pub const MAX_GROUPS: usize = 10_000;
/// Most malformed records listed; all are counted.
pub const MAX_MALFORMED: usize = 1000;

/// The counts (the `summary` object of `--format json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Records read (every well-formed record, skipped ones included).
    pub records: u64,
    /// Decided as the log says.
    pub unchanged: u64,
    /// Allowed in the log, denied now.
    pub newly_denied: u64,
    /// Denied in the log, allowed now.
    pub newly_allowed: u64,
    /// Depends on values no record carries.
    pub undetermined: u64,
    /// The log's outcome cannot be the policies' (see docs/replay.md).
    pub disagreeing: u64,
    /// Input that is not a record, with its location in `malformed`.
    pub malformed: u64,
    /// Records not replayed: resource access log records, failures before
    /// authorization, records outside `--since`/`--until`.
    pub skipped: u64,
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        self.records += other.records;
        self.unchanged += other.unchanged;
        self.newly_denied += other.newly_denied;
        self.newly_allowed += other.newly_allowed;
        self.undetermined += other.undetermined;
        self.disagreeing += other.disagreeing;
        self.malformed += other.malformed;
        self.skipped += other.skipped;
    }

    /// Counts one record of `verdict`.
    pub fn count(&mut self, verdict: Verdict) {
        self.records += 1;
        *match verdict {
            Verdict::Unchanged => &mut self.unchanged,
            Verdict::NewlyDenied => &mut self.newly_denied,
            Verdict::NewlyAllowed => &mut self.newly_allowed,
            Verdict::Undetermined => &mut self.undetermined,
            Verdict::Disagreeing => &mut self.disagreeing,
        } += 1;
    }
}

/// What groups changed records together.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupKey {
    /// The verdict.
    #[serde(serialize_with = "verdict_str")]
    pub verdict: Verdict,
    /// The caller: a role ARN for role sessions, an ARN, an account id, or `anonymous`.
    pub caller: String,
    /// The method (`-` for a TLS connection).
    pub method: String,
    /// The path with id-like segments replaced by `*`.
    pub path: String,
    /// The layer the log blames (`authDeniedReason`), for a recorded denial.
    pub logged_layer: Option<&'static str>,
    /// The layer the policies blame, for a denial now.
    pub evaluated_layer: Option<&'static str>,
    /// For undetermined records, the condition keys the decision depends on.
    pub depends_on: Vec<String>,
}

fn verdict_str<S: serde::Serializer>(v: &Verdict, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.as_str())
}

/// Records of one group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// What the records share.
    #[serde(flatten)]
    pub key: GroupKey,
    /// How many.
    pub count: u64,
    /// The earliest `startTime`.
    pub first: Option<String>,
    /// The latest `startTime`.
    pub last: Option<String>,
    /// Where the example record is (`file:line`).
    pub example_at: String,
    /// The example as a `policy eval` query.
    pub example_query: String,
    /// The example's `requestId`, when logged.
    pub example_request_id: Option<String>,
}

/// One piece of input that is not a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Malformed {
    /// `file:line` or `file: events[N]`.
    pub at: String,
    /// Why.
    pub reason: String,
}

/// The result of a replay (or of one worker's share of it).
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The counts.
    pub summary: Summary,
    /// Changed (not unchanged) records by group.
    pub groups: HashMap<GroupKey, Group>,
    /// Records of groups past [`MAX_GROUPS`].
    pub ungrouped: u64,
    /// The first malformed pieces of input.
    pub malformed: Vec<Malformed>,
    /// Skipped records by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Bytes of input read.
    pub bytes: u64,
}

impl Report {
    /// Adds another worker's report.
    pub fn merge(&mut self, other: Report) {
        self.summary.add(&other.summary);
        for (key, group) in other.groups {
            let room = self.groups.len() < MAX_GROUPS;
            match self.groups.get_mut(&key) {
                Some(mine) => mine.absorb(group),
                None if room => {
                    self.groups.insert(key, group);
                }
                None => self.ungrouped += group.count,
            }
        }
        self.ungrouped += other.ungrouped;
        let room = MAX_MALFORMED.saturating_sub(self.malformed.len());
        self.malformed
            .extend(other.malformed.into_iter().take(room));
        for (reason, n) in other.skipped {
            *self.skipped.entry(reason).or_default() += n;
        }
        self.bytes += other.bytes;
    }

    /// Notes a malformed piece of input.
    pub fn malformed(&mut self, at: String, reason: String) {
        self.summary.malformed += 1;
        if self.malformed.len() < MAX_MALFORMED {
            self.malformed.push(Malformed { at, reason });
        }
    }

    /// Notes a skipped record.
    pub fn skip(&mut self, reason: &str) {
        self.summary.records += 1;
        self.summary.skipped += 1;
        match self.skipped.get_mut(reason) {
            Some(n) => *n += 1,
            None => {
                self.skipped.insert(reason.to_string(), 1);
            }
        }
    }

    /// The groups, most records first, then by key.
    pub fn sorted_groups(&self) -> Vec<&Group> {
        let mut groups: Vec<&Group> = self.groups.values().collect();
        groups.sort_by(|a, b| {
            a.key
                .verdict
                .cmp(&b.key.verdict)
                .then(b.count.cmp(&a.count))
                .then(a.key.cmp(&b.key))
        });
        groups
    }

    /// The malformed pieces, by location.
    pub fn sorted_malformed(&self) -> Vec<&Malformed> {
        let mut m: Vec<&Malformed> = self.malformed.iter().collect();
        m.sort_by_key(|a| natural(&a.at));
        m
    }
}

/// A location as (file, number) so that line 10 comes after line 9.
fn natural(at: &str) -> (String, u64) {
    match at.rsplit_once(':') {
        Some((file, n)) => (
            file.to_string(),
            n.trim_start_matches(" events[")
                .trim_end_matches(']')
                .parse()
                .unwrap_or(0),
        ),
        None => (at.to_string(), 0),
    }
}

impl Group {
    /// Adds `other`'s records (same key) to this group.
    pub fn absorb(&mut self, other: Group) {
        self.count += other.count;
        self.see(other.first.as_deref());
        self.see(other.last.as_deref());
    }

    /// Widens the first/last times with `time`.
    pub fn see(&mut self, time: Option<&str>) {
        let Some(time) = time else { return };
        // Written in place: a group's last time moves on with nearly every
        // record of a log in time order, and its buffer fits the next one.
        fn set(slot: &mut Option<String>, time: &str) {
            match slot {
                Some(s) => {
                    s.clear();
                    s.push_str(time);
                }
                None => *slot = Some(time.to_string()),
            }
        }
        if self.first.as_deref().is_none_or(|f| time < f) {
            set(&mut self.first, time);
        }
        if self.last.as_deref().is_none_or(|l| time > l) {
            set(&mut self.last, time);
        }
    }
}

/// The layer name as `authDeniedReason` spells it.
pub fn layer_word(layer: LayerName) -> &'static str {
    crate::accesslog::request::reason_of(layer)
}

/// A path with the segments that look like ids (numbers, UUIDs, long hex
/// or mixed letters and digits) replaced by `*`, and the query string
/// dropped: `/orders/1234/items` becomes `/orders/*/items`.
pub fn path_pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_path_pattern(path, &mut out);
    out
}

/// [`path_pattern`], appended to `out` (a replay reuses one buffer for
/// every changed record's group key).
pub fn push_path_pattern(path: &str, out: &mut String) {
    let path = path.split('?').next().unwrap_or(path);
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(if looks_like_id(seg) { "*" } else { seg });
    }
}

fn looks_like_id(seg: &str) -> bool {
    if seg.is_empty() {
        return false;
    }
    let digits = seg.bytes().filter(u8::is_ascii_digit).count();
    if digits == seg.len() {
        return true;
    }
    let hexish = seg.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    (hexish && seg.len() >= 8 && digits > 0)
        || (seg.len() >= 16
            && digits > 0
            && seg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_paths_become_wildcards() {
        assert_eq!(path_pattern("/orders/1234/items"), "/orders/*/items");
        assert_eq!(
            path_pattern("/u/3f2a9c1e-0b6d-4c1e-9f7a-5d1b2c3d4e5f?x=1"),
            "/u/*"
        );
        assert_eq!(path_pattern("/billing/summary"), "/billing/summary");
        assert_eq!(path_pattern("/"), "/");
    }
}
