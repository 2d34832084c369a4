//! Records out of a byte stream, whatever the framing: one per line,
//! concatenated without separators, pretty-printed, `aws logs tail` lines
//! (`<time> <stream> <json>`), a CloudWatch Logs export
//! (`aws logs filter-log-events --output json`: `events[].message`, or a
//! subscription envelope's `logEvents[].message`), plain or gzip (told by
//! its magic bytes, not its name; concatenated gzip members are read as
//! one stream, as S3 objects written in parts are).
//!
//! The reader holds at most one record, and at most [`Limits::max_record`]
//! bytes of it: a longer record is reported at its line and skipped to the
//! end of its line, streamed, never buffered whole. Whatever cannot be read
//! is handed to the sink as a malformed unit with its location; reading
//! goes on at the next line.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::scan::{scan_object, RawStr, RawValue, ScanError};

/// Bounds on what one record may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The longest record read, in bytes (default 1 MiB; real records are
    /// under 4 KiB).
    pub max_record: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_record: 1 << 20,
        }
    }
}

/// Where a record was found: a file (or `<stdin>`) and a 1-based line, or
/// for a CloudWatch export, the index of the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location<'n> {
    /// The input's name.
    pub file: &'n str,
    /// The line the record starts on (1-based).
    pub line: u64,
    /// For an export, the event's index in `events` (0-based).
    pub event: Option<u64>,
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.event {
            Some(n) => write!(f, "{}: events[{n}]", self.file),
            None => write!(f, "{}:{}", self.file, self.line),
        }
    }
}

/// The fields of one scanned record.
pub type Fields<'a> = [(RawStr<'a>, RawValue<'a>)];

/// What the reader hands on: a record's fields, or why a piece of input is
/// not one.
pub type Unit<'a, 'b> = Result<&'b Fields<'a>, String>;

/// Receives each unit of input with its location.
pub trait Sink {
    /// One record, or one malformed piece of input.
    fn unit(&mut self, at: &Location<'_>, unit: Unit<'_, '_>);
}

impl<F: for<'a, 'b> FnMut(&Location<'_>, Unit<'a, 'b>)> Sink for F {
    fn unit(&mut self, at: &Location<'_>, unit: Unit<'_, '_>) {
        self(at, unit)
    }
}

/// Counts the bytes read from the underlying input (compressed bytes for
/// gzip), for a progress display.
struct Counting<'c, R> {
    inner: R,
    count: Option<&'c AtomicU64>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(c) = self.count {
            c.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// How much is read at a time.
const CHUNK: usize = 256 * 1024;

/// Reads every record of `input`, named `name`, handing each to `sink`.
/// `bytes_read`, when given, counts the bytes taken from `input`.
pub fn read(
    input: impl Read,
    name: &str,
    limits: Limits,
    bytes_read: Option<&AtomicU64>,
    sink: &mut dyn Sink,
) {
    let mut input = io::BufReader::with_capacity(
        CHUNK,
        Counting {
            inner: input,
            count: bytes_read,
        },
    );
    let gzip = match io::BufRead::fill_buf(&mut input) {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => {
            let at = Location {
                file: name,
                line: 1,
                event: None,
            };
            sink.unit(&at, Err(format!("cannot read: {e}")));
            return;
        }
    };
    if gzip {
        Framer::new(flate2::read::MultiGzDecoder::new(input), name, limits, true).run(sink);
    } else {
        Framer::new(input, name, limits, false).run(sink);
    }
}

/// Splits a stream into records.
struct Framer<'n, R> {
    input: R,
    name: &'n str,
    limits: Limits,
    gzip: bool,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    line: u64,
    /// True while the lines after a record split across lines are skipped
    /// as part of it.
    continuation: bool,
    /// True once reading failed: a record cut short by it is not reported again.
    failed: bool,
    /// Reused for every record's fields (see [`Framer::object`]).
    spare: Vec<(RawStr<'static>, RawValue<'static>)>,
}

const NO_STR: RawStr<'static> = RawStr {
    bytes: b"",
    escaped: false,
};

impl<'n, R: Read> Framer<'n, R> {
    fn new(input: R, name: &'n str, limits: Limits, gzip: bool) -> Self {
        Framer {
            input,
            name,
            limits,
            gzip,
            buf: Vec::with_capacity(CHUNK * 2),
            pos: 0,
            eof: false,
            line: 1,
            continuation: false,
            failed: false,
            spare: Vec::new(),
        }
    }

    fn at(&self) -> Location<'n> {
        Location {
            file: self.name,
            line: self.line,
            event: None,
        }
    }

    /// Reads more input after what is buffered, dropping what was consumed.
    /// An error ends the input, reported at the current line.
    fn fill(&mut self, sink: &mut dyn Sink) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let got = loop {
            match self.input.read(self.buf.get_mut(old..).unwrap_or_default()) {
                Ok(n) => break Ok(n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(e),
            }
        };
        match got {
            Ok(n) => {
                self.buf.truncate(old + n);
                self.eof = n == 0;
            }
            Err(e) => {
                self.buf.truncate(old);
                self.eof = true;
                self.failed = true;
                let what = if self.gzip {
                    format!("the gzip stream is truncated or corrupt ({e}); the rest of the input is not read")
                } else {
                    format!("cannot read the rest of the input: {e}")
                };
                let at = self.at();
                sink.unit(&at, Err(what));
            }
        }
    }

    fn rest(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    fn run(mut self, sink: &mut dyn Sink) {
        self.fill(sink);
        let mut first = true;
        loop {
            // Whitespace between records.
            while let Some(&b) = self.buf.get(self.pos) {
                match b {
                    b'\n' => {
                        self.line += 1;
                        self.continuation = false;
                    }
                    b' ' | b'\t' | b'\r' => {}
                    _ => break,
                }
                self.pos += 1;
            }
            let Some(&b) = self.buf.get(self.pos) else {
                if self.eof {
                    return;
                }
                self.fill(sink);
                continue;
            };
            if first && b == b'{' && self.looks_like_export() {
                self.export(sink);
                return;
            }
            first = false;
            if b == b'{' {
                self.object(sink);
            } else if b.is_ascii_digit() && !self.continuation {
                self.tail_line(sink);
            } else {
                if !self.continuation {
                    let at = self.at();
                    let what = if b == 0x1f {
                        "gzip data inside the input (a gzip file cut and joined to another?)"
                    } else if b.is_ascii_graphic() {
                        "not a JSON record"
                    } else {
                        "binary data, not a JSON record"
                    };
                    sink.unit(&at, Err(what.to_string()));
                }
                self.skip_line(sink);
            }
        }
    }

    /// The record that starts at `pos`.
    fn object(&mut self, sink: &mut dyn Sink) {
        // The fields borrow the buffer, which `fill` changes, so they cannot
        // live in `self` across records; their allocation is kept instead:
        // an empty Vec converts between lifetimes in place.
        let mut fields: Vec<(RawStr<'_>, RawValue<'_>)> = std::mem::take(&mut self.spare)
            .into_iter()
            .map(|_| (NO_STR, RawValue::Null))
            .collect();
        // Never look further than one record may reach: a longer one comes
        // back incomplete and is refused below.
        let limit = self.buf.len().min(self.pos + self.limits.max_record + 1);
        let scanned = scan_object(
            self.buf.get(self.pos..limit).unwrap_or_default(),
            &mut fields,
        );
        let outcome = match scanned {
            Ok(end) => {
                let record = self.buf.get(self.pos..self.pos + end).unwrap_or_default();
                let at = self.at();
                sink.unit(&at, Ok(&fields));
                Some(Ok((end, memchr::memchr_iter(b'\n', record).count() as u64)))
            }
            Err(ScanError::Invalid { reason, at }) => Some(Err((reason, at))),
            Err(ScanError::Incomplete) => None,
        };
        fields.clear();
        self.spare = fields
            .into_iter()
            .map(|_| (NO_STR, RawValue::Null))
            .collect();
        match outcome {
            Some(Ok((end, lines))) => {
                self.pos += end;
                self.line += lines;
                self.continuation = false;
            }
            Some(Err((reason, at))) => {
                let here = self.at();
                sink.unit(&here, Err(reason.to_string()));
                let skipped = self.buf.get(self.pos..self.pos + at).unwrap_or_default();
                self.line += memchr::memchr_iter(b'\n', skipped).count() as u64;
                self.pos += at;
                self.continuation = reason.contains("split across lines");
                if self.continuation {
                    // Past the break inside the string: the rest of the
                    // record on the next line is skipped as part of it,
                    // unless a record starts there.
                    self.pos += 1;
                    self.line += 1;
                } else {
                    self.skip_line(sink);
                }
            }
            None if self.rest().len() > self.limits.max_record => {
                let at = self.at();
                sink.unit(
                    &at,
                    Err(format!(
                        "a record longer than {} bytes (the limit); skipped to the end of its line",
                        self.limits.max_record
                    )),
                );
                self.skip_line(sink);
            }
            None if self.eof && self.failed => self.pos = self.buf.len(),
            None if self.eof => {
                let at = self.at();
                sink.unit(
                    &at,
                    Err("the input ends inside a record (a truncated record)".to_string()),
                );
                self.pos = self.buf.len();
            }
            None => self.fill(sink),
        }
    }

    /// An `aws logs tail` line: `<time> <stream> {json}`.
    fn tail_line(&mut self, sink: &mut dyn Sink) {
        loop {
            let rest = self.rest();
            let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            let line = rest.get(..end).unwrap_or_default();
            if let Some(brace) = memchr::memchr(b'{', line) {
                let prefix = line.get(..brace).unwrap_or_default();
                if prefix.iter().filter(|&&b| b == b' ').count() >= 2 {
                    self.pos += brace;
                    return self.object(sink);
                }
                break;
            }
            if end < rest.len() || self.eof || rest.len() > self.limits.max_record {
                break;
            }
            self.fill(sink);
        }
        let at = self.at();
        sink.unit(&at, Err("not a JSON record".to_string()));
        self.skip_line(sink);
    }

    /// Skips to just past the next line break, streaming.
    fn skip_line(&mut self, sink: &mut dyn Sink) {
        loop {
            if let Some(n) = memchr::memchr(b'\n', self.rest()) {
                self.pos += n + 1;
                self.line += 1;
                self.continuation = false;
                return;
            }
            self.pos = self.buf.len();
            if self.eof {
                return;
            }
            self.fill(sink);
        }
    }

    /// True when the object at `pos` starts like a CloudWatch Logs export
    /// or subscription envelope rather than a record.
    fn looks_like_export(&self) -> bool {
        let head = self.rest();
        let head = head.get(1..head.len().min(256)).unwrap_or_default();
        let start = head
            .iter()
            .position(|b| !b" \t\r\n".contains(b))
            .unwrap_or(head.len());
        let head = head.get(start..).unwrap_or_default();
        [
            &b"\"events\""[..],
            b"\"logEvents\"",
            b"\"messageType\"",
            b"\"nextToken\"",
            b"\"searchedLogStreams\"",
            b"\"nextForwardToken\"",
        ]
        .iter()
        .any(|k| head.starts_with(k))
    }

    /// A CloudWatch export: streamed event by event.
    fn export(self, sink: &mut dyn Sink) {
        let Framer {
            input,
            name,
            limits,
            buf,
            pos,
            line,
            ..
        } = self;
        let buffered = io::Cursor::new(buf.get(pos..).unwrap_or_default().to_vec());
        let mut reader = serde_json::Deserializer::from_reader(buffered.chain(input));
        let mut events = Events {
            name,
            limits,
            sink,
            index: 0,
        };
        if let Err(e) = (&mut events).deserialize(&mut reader) {
            let at = Location {
                file: name,
                // serde counts from the export's first byte, which is on `line`.
                line: line + (e.line() as u64).saturating_sub(1),
                event: None,
            };
            events.sink.unit(
                &at,
                Err(format!("the CloudWatch export is not valid JSON: {e}")),
            );
        }
    }
}

/// Deserializes an export, handing each event's message on.
struct Events<'s, 'n> {
    name: &'n str,
    limits: Limits,
    sink: &'s mut dyn Sink,
    index: u64,
}

#[derive(serde::Deserialize)]
struct Event {
    #[serde(default)]
    message: Option<String>,
}

impl<'de> DeserializeSeed<'de> for &mut Events<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Events<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a CloudWatch Logs export object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "events" || key == "logEvents" {
                map.next_value_seed(EventList(&mut *self))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct EventList<'e, 's, 'n>(&'e mut Events<'s, 'n>);

impl<'de> DeserializeSeed<'de> for EventList<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventList<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of log events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let events = self.0;
        while let Some(event) = seq.next_element::<Event>()? {
            let mut fields = Vec::new();
            let at = Location {
                file: events.name,
                line: 1,
                event: Some(events.index),
            };
            events.index += 1;
            let Some(message) = event.message else {
                events
                    .sink
                    .unit(&at, Err("a log event without `message`".into()));
                continue;
            };
            let text = message.trim();
            if text.len() > events.limits.max_record {
                events.sink.unit(
                    &at,
                    Err(format!(
                        "a record longer than {} bytes (the limit)",
                        events.limits.max_record
                    )),
                );
                continue;
            }
            match scan_object(text.as_bytes(), &mut fields) {
                Ok(end) if text.get(end..).is_some_and(|t| t.trim().is_empty()) => {
                    events.sink.unit(&at, Ok(&fields))
                }
                Ok(_) => events
                    .sink
                    .unit(&at, Err("text after the record in `message`".into())),
                Err(ScanError::Incomplete) => events
                    .sink
                    .unit(&at, Err("`message` ends inside a record".into())),
                Err(ScanError::Invalid { reason, .. }) => {
                    events.sink.unit(&at, Err(reason.to_string()))
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each unit as `line: first key` or `line: error`.
    fn units(input: &[u8], max_record: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut sink = |at: &Location<'_>, unit: Unit<'_, '_>| {
            let what = match unit {
                Ok(fields) => fields
                    .first()
                    .map(|(k, _)| String::from_utf8_lossy(k.bytes).into_owned())
                    .unwrap_or_default(),
                Err(e) => format!("error: {e}"),
            };
            let place = at
                .event
                .map_or(at.line.to_string(), |e| format!("event {e}"));
            out.push(format!("{place}: {what}"));
        };
        read(input, "t", Limits { max_record }, None, &mut sink);
        out
    }

    #[test]
    fn lines_concatenated_and_pretty_records_are_read_with_their_lines() {
        let input = b"{\"a\": 1}\n\n{\"b\": 2}{\"c\": 3}\n{\n  \"d\": 4\n}\n{\"e\": 5}";
        assert_eq!(units(input, 1024), ["1: a", "3: b", "3: c", "4: d", "7: e"]);
    }

    #[test]
    fn tail_lines_and_exports_are_read() {
        let tail = b"2024-08-04T10:00:00.000000+00:00 stream {\"a\": 1}\n2024 no record here\n";
        assert_eq!(units(tail, 1024), ["1: a", "2: error: not a JSON record"]);
        let export = br#"{"events": [{"message": "{\"a\": 1}"}, {"message": "oops"}, {"timestamp": 1}], "searchedLogStreams": []}"#;
        assert_eq!(
            units(export, 1024),
            [
                "event 0: a",
                "event 1: error: a record starts with `{`",
                "event 2: error: a log event without `message`"
            ]
        );
    }

    #[test]
    fn gzip_is_read_by_its_magic_bytes_and_truncation_is_reported() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        io::Write::write_all(&mut gz, b"{\"a\": 1}\n{\"b\": 2}\n").unwrap();
        let bytes = gz.finish().unwrap();
        assert_eq!(units(&bytes, 1024), ["1: a", "2: b"]);
        let cut = &bytes[..bytes.len() - 12];
        let got = units(cut, 1024);
        assert!(
            got.last()
                .is_some_and(|u| u.contains("gzip stream is truncated")),
            "{got:?}"
        );
    }

    #[test]
    fn an_over_long_record_is_skipped_to_the_end_of_its_line_streaming() {
        // Longer than the limit and than one read: the reader never holds it.
        let mut input = b"{\"a\": \"".to_vec();
        input.extend(std::iter::repeat_n(b'x', 3 * CHUNK));
        input.extend_from_slice(b"\"}\n{\"b\": 1}\n");
        assert_eq!(
            units(&input, 1000),
            [
                "1: error: a record longer than 1000 bytes (the limit); skipped to the end of its line",
                "2: b"
            ]
        );
    }

    #[test]
    fn a_split_record_is_one_error_and_the_next_record_is_read() {
        let input = b"{\"a\": \"x\ny\"}\n{\"b\": 1}\n";
        assert_eq!(
            units(input, 1024),
            [
                "1: error: a line break inside a string (the record is split across lines)",
                "3: b"
            ]
        );
    }

    #[test]
    fn escapes_across_a_read_boundary_are_read_whole() {
        // The second record's escapes start a few bytes either side of the
        // end of the first read (CHUNK bytes): the scan of the first read
        // stops short, and the record is scanned again once more is read.
        let second = "{\"v\": \"a\\\"\\u00e9b\"}\n";
        let backslash = second.find('\\').unwrap();
        for shift in 0..10 {
            let pad = CHUNK + shift - 4 - backslash - "{\"pad\": \"\"}\n".len();
            let input = format!("{{\"pad\": \"{}\"}}\n{second}", "x".repeat(pad));
            let mut values = Vec::new();
            let mut sink = |at: &Location<'_>, unit: Unit<'_, '_>| {
                let fields = unit.unwrap();
                for (k, v) in fields {
                    if let (b"v", RawValue::Str(s)) = (k.bytes, v) {
                        values.push((at.line, s.text().unwrap().into_owned()));
                    }
                }
            };
            read(input.as_bytes(), "t", Limits::default(), None, &mut sink);
            assert_eq!(values, [(2, "a\"\u{e9}b".to_string())], "shift {shift}");
        }
    }
}
