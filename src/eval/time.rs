//! Instants and the calendar they are written in, without a clock or a date
//! library: the one time type of the crate.
//!
//! A [`Timestamp`] is a count of milliseconds since 1970-01-01T00:00:00Z on
//! the proleptic Gregorian calendar, leap seconds not counted. It is read from
//! the two syntaxes policies and requests use and written back as RFC 3339 in
//! UTC:
//!
//! * [`Timestamp::parse`]: a `Date*` condition value, the W3C profile of ISO
//!   8601 (a date alone is midnight UTC) or epoch seconds;
//! * [`Timestamp::parse_rfc3339`]: a request's `time`, a whole RFC 3339
//!   date-time with its offset;
//! * [`Timestamp`]'s `Display`: `2024-05-01T12:00:00Z`, with `.mmm` when the
//!   instant is not on a whole second; what `aws:CurrentTime` holds.
//!
//! The library reads no clock: the command line supplies "now".

use std::fmt;

/// An instant, in milliseconds since 1970-01-01T00:00:00Z (see the module
/// docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    millis: i64,
}

const MILLIS_PER_SECOND: i64 = 1000;
const MILLIS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    /// The instant `millis` milliseconds after the epoch.
    pub const fn from_millis(millis: i64) -> Timestamp {
        Timestamp { millis }
    }

    /// The instant `seconds` whole seconds after the epoch; `None` when it
    /// does not fit in milliseconds.
    pub fn from_epoch_seconds(seconds: i64) -> Option<Timestamp> {
        seconds
            .checked_mul(MILLIS_PER_SECOND)
            .map(Timestamp::from_millis)
    }

    /// Milliseconds since the epoch.
    pub const fn millis(self) -> i64 {
        self.millis
    }

    /// Whole seconds since the epoch, rounded down (`aws:EpochTime`).
    pub const fn epoch_seconds(self) -> i64 {
        self.millis.div_euclid(MILLIS_PER_SECOND)
    }

    /// A `Date*` condition value: the W3C profile of ISO 8601, `YYYY`,
    /// `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`,
    /// `YYYY-MM-DDThh:mm:ssTZD` or `YYYY-MM-DDThh:mm:ss.sTZD` (any number of
    /// fraction digits, kept to the millisecond), where `TZD` is `Z` or
    /// `±hh:mm`, and a date without a time is midnight UTC of its first day
    /// (decision `lenient-value-spellings`). Or epoch seconds: ASCII digits, not four of them (four digits are a
    /// year). `None` for anything else, and for epoch seconds too large to
    /// count in milliseconds.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let bytes = text.as_bytes();
        if bytes.len() != 4 && !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit) {
            return Timestamp::from_epoch_seconds(text.parse().ok()?);
        }
        parse_iso(bytes, Syntax::W3c).map(Timestamp::from_millis)
    }

    /// A request's time: an RFC 3339 date-time (`2024-05-01T12:00:00Z`,
    /// `2024-05-01t14:00:00.5+02:00`): `YYYY-MM-DD`, `T` (or `t`),
    /// `hh:mm:ss`, optional fractional seconds (kept to the millisecond),
    /// then `Z` (or `z`) or `±hh:mm`. A leap second (`:60`) counts as the
    /// second after `:59`. `None` for anything else.
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        parse_iso(text.as_bytes(), Syntax::Rfc3339).map(Timestamp::from_millis)
    }

    /// The date in UTC: year, month (1–12), day (1–31).
    pub fn date(self) -> (i64, u32, u32) {
        civil_from_days(self.millis.div_euclid(MILLIS_PER_DAY))
    }

    /// True when the instant falls in the years 0000 to 9999 in UTC, so that
    /// RFC 3339 (and a `Date*` condition value) can write it.
    pub fn is_writable(self) -> bool {
        (0..=9999).contains(&self.date().0)
    }

    /// True when the instant is midnight UTC, so that its date alone says it.
    pub fn is_midnight(self) -> bool {
        self.millis.rem_euclid(MILLIS_PER_DAY) == 0
    }

    /// `YYYY-MM-DD` at midnight UTC, the RFC 3339 text otherwise: the
    /// shortest way to write the instant as a `Date*` condition value.
    pub fn to_condition_value(self) -> String {
        if self.is_midnight() {
            let (year, month, day) = self.date();
            format!("{year:04}-{month:02}-{day:02}")
        } else {
            self.to_string()
        }
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC: `2024-05-01T12:00:00Z`, with three fraction digits
    /// when the instant is not on a whole second. Years before 0 or after
    /// 9999, which RFC 3339 cannot write, are written with their sign or
    /// their five digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.date();
        let of_day = self.millis.rem_euclid(MILLIS_PER_DAY);
        let seconds = of_day / MILLIS_PER_SECOND;
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        write!(f, "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}")?;
        let millis = of_day % MILLIS_PER_SECOND;
        if millis != 0 {
            write!(f, ".{millis:03}")?;
        }
        f.write_str("Z")
    }
}

/// Which of the two date-time syntaxes a text is read in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// Condition values: partial dates, `hh:mm` without seconds, upper-case
    /// `T` and `Z`, no leap second.
    W3c,
    /// Request times: a whole date-time, `T`/`Z` in either case, a leap
    /// second allowed.
    Rfc3339,
}

/// A cursor over ASCII text.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// Steps over `b` (or, when `any_case`, its other case) if it comes next.
    fn eat(&mut self, b: u8, any_case: bool) -> bool {
        let hit = self
            .bytes
            .get(self.pos)
            .is_some_and(|&c| c == b || (any_case && c.eq_ignore_ascii_case(&b)));
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// Exactly `n` digits as a number.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let mut value = 0i64;
        for _ in 0..n {
            let d = self.bytes.get(self.pos).filter(|b| b.is_ascii_digit())?;
            value = value * 10 + i64::from(d - b'0');
            self.pos += 1;
        }
        Some(value)
    }

    /// One or more digits of a fraction of a second, as milliseconds
    /// (digits past the third are read and dropped).
    fn fraction_millis(&mut self) -> Option<i64> {
        let start = self.pos;
        let mut millis = 0;
        let mut scale = 100;
        while let Some(d) = self.bytes.get(self.pos).filter(|b| b.is_ascii_digit()) {
            millis += i64::from(d - b'0') * scale;
            scale /= 10;
            self.pos += 1;
        }
        (self.pos > start).then_some(millis)
    }
}

/// Milliseconds since the epoch of an ISO 8601 text in `syntax`.
fn parse_iso(bytes: &[u8], syntax: Syntax) -> Option<i64> {
    let rfc = syntax == Syntax::Rfc3339;
    let mut c = Cursor { bytes, pos: 0 };
    let year = c.digits(4)?;
    let (mut month, mut day) = (1, 1);
    if rfc || !c.at_end() {
        if !c.eat(b'-', false) {
            return None;
        }
        month = c.digits(2)?;
        if rfc || !c.at_end() {
            if !c.eat(b'-', false) {
                return None;
            }
            day = c.digits(2)?;
        }
    }
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if !rfc && c.at_end() {
        return Some(days * MILLIS_PER_DAY);
    }
    if !c.eat(b'T', rfc) {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':', false) {
        return None;
    }
    let minute = c.digits(2)?;
    let (mut second, mut millis) = (0, 0);
    if rfc || c.eat(b':', false) {
        if rfc && !c.eat(b':', false) {
            return None;
        }
        second = c.digits(2)?;
        if c.eat(b'.', false) {
            millis = c.fraction_millis()?;
        }
    }
    let last_second = if rfc { 60 } else { 59 };
    if hour > 23 || minute > 59 || second > last_second {
        return None;
    }
    let offset_minutes = if c.eat(b'Z', rfc) {
        0
    } else {
        let sign = if c.eat(b'+', false) {
            1
        } else if c.eat(b'-', false) {
            -1
        } else {
            return None;
        };
        let h = c.digits(2)?;
        if !c.eat(b':', false) {
            return None;
        }
        let m = c.digits(2)?;
        if h > 23 || m > 59 {
            return None;
        }
        sign * (h * 60 + m)
    };
    if !c.at_end() {
        return None;
    }
    let local = ((days * 24 + hour) * 60 + minute - offset_minutes) * 60 + second;
    Some(local * MILLIS_PER_SECOND + millis)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`). Exact for every day a [`Timestamp`] can hold.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc(text: &str) -> Option<i64> {
        Timestamp::parse_rfc3339(text).map(Timestamp::epoch_seconds)
    }

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_millis(seconds * 1000)
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400).to_string(), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_700_000_000).to_string(), "2023-11-14T22:13:20Z");
        assert_eq!(at(4_102_444_799).to_string(), "2099-12-31T23:59:59Z");
        assert_eq!(at(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(
            Timestamp::from_millis(-1).to_string(),
            "1969-12-31T23:59:59.999Z"
        );
        assert_eq!(
            Timestamp::from_millis(1_500).to_string(),
            "1970-01-01T00:00:01.500Z"
        );
    }

    #[test]
    fn leap_years_follow_the_gregorian_rules() {
        // Divisible by 4, not by 100 unless by 400.
        for (text, valid) in [
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2000-02-29", true),
            ("1900-02-29", false),
            ("2100-02-29", false),
            ("2400-02-29", true),
            ("2024-04-31", false),
            ("2024-12-31", true),
        ] {
            assert_eq!(Timestamp::parse(text).is_some(), valid, "{text}");
        }
        // The day after 29 February is 1 March, both ways.
        let feb29 = Timestamp::parse("2000-02-29").unwrap();
        let next = Timestamp::from_millis(feb29.millis() + MILLIS_PER_DAY);
        assert_eq!(next.date(), (2000, 3, 1));
        assert_eq!(Timestamp::parse("1900-03-01").unwrap().date(), (1900, 3, 1));
    }

    #[test]
    fn every_day_round_trips_through_the_calendar() {
        // From 1600 to 2500: days_from_civil and civil_from_days are inverses.
        let first = days_from_civil(1600, 1, 1);
        let last = days_from_civil(2500, 12, 31);
        let mut previous = civil_from_days(first - 1);
        for days in first..=last {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, i64::from(m), i64::from(d)), days);
            assert!(d >= 1 && i64::from(d) <= days_in_month(y, i64::from(m)));
            assert!((y, m, d) > previous);
            previous = (y, m, d);
        }
    }

    #[test]
    fn year_9999_and_beyond() {
        let last = Timestamp::parse("9999-12-31T23:59:59Z").unwrap();
        assert_eq!(last.epoch_seconds(), 253_402_300_799);
        assert_eq!(last.to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(
            Timestamp::parse_rfc3339("9999-12-31T23:59:59.999Z")
                .unwrap()
                .to_string(),
            "9999-12-31T23:59:59.999Z"
        );
        // A second later there is no four-digit year to write.
        assert_eq!(at(253_402_300_800).to_string(), "10000-01-01T00:00:00Z");
        assert_eq!(at(253_402_300_800).date(), (10_000, 1, 1));
        assert_eq!(Timestamp::parse("0000-01-01").unwrap().date(), (0, 1, 1));
        assert!(last.is_writable() && Timestamp::parse("0000-01-01").unwrap().is_writable());
        // An offset can carry a time written in 9999 past it, or one written
        // in 0000 before it.
        let over = Timestamp::parse_rfc3339("9999-12-31T23:59:59-00:01").unwrap();
        assert!(!over.is_writable());
        let under = Timestamp::parse_rfc3339("0000-01-01T00:00:00+00:01").unwrap();
        assert_eq!(under.to_string(), "-001-12-31T23:59:00Z");
        assert!(!under.is_writable());
    }

    #[test]
    fn epoch_seconds_at_the_edges() {
        assert_eq!(Timestamp::parse("0"), Some(at(0)));
        assert_eq!(Timestamp::parse("1719705600"), Some(at(1_719_705_600)));
        // Four digits are a year, not seconds.
        assert_eq!(Timestamp::parse("2024").unwrap().date(), (2024, 1, 1));
        // The largest count of seconds that fits in milliseconds, and past it.
        let max = i64::MAX / 1000;
        assert_eq!(Timestamp::parse(&max.to_string()), Some(at(max)));
        assert_eq!(Timestamp::parse(&(max + 1).to_string()), None);
        assert_eq!(Timestamp::parse("99999999999999999999"), None);
        assert_eq!(Timestamp::from_epoch_seconds(i64::MIN), None);
        // Negative epochs are instants before 1970 (no text writes them).
        assert_eq!(Timestamp::parse("-1"), None);
        let before = Timestamp::from_epoch_seconds(-86_400).unwrap();
        assert_eq!(before.date(), (1969, 12, 31));
        assert_eq!(before.epoch_seconds(), -86_400);
        assert_eq!(Timestamp::from_millis(-1).epoch_seconds(), -1);
        // The extremes format without overflow.
        let far = at(max);
        assert!(far.date().0 > 292_000_000, "{far}");
        assert!(Timestamp::from_millis(i64::MIN).date().0 < -292_000_000);
    }

    #[test]
    fn valid_request_times() {
        // Each time, and the whole seconds since the epoch it means.
        let times = [
            ("1970-01-01T00:00:00Z", 0),
            ("2024-05-01T12:00:00Z", 1_714_564_800),
            ("2024-05-01t14:00:00+02:00", 1_714_564_800),
            ("2024-05-01T11:30:00.999-00:30", 1_714_564_800),
            ("2024-02-29T00:00:00z", 1_709_164_800),
            ("1969-12-31T23:59:59Z", -1),
            // A leap second is the second after `:59`.
            ("2016-12-31T23:59:60Z", 1_483_228_800),
        ];
        for (text, seconds) in times {
            assert_eq!(rfc(text), Some(seconds), "{text}");
        }
        assert_eq!(
            Timestamp::parse_rfc3339("2024-05-01t14:00:00.25+02:00").map(|t| t.to_string()),
            Some("2024-05-01T12:00:00.250Z".to_string())
        );
    }

    #[test]
    fn invalid_request_times() {
        for text in [
            "",
            "2024-05-01",
            "2024-05-01T12:00Z",
            "2024-05-01T12:00:00",
            "2024-05-01 12:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:00:00.Z",
            "2024-05-01T12:00:00+0200",
            "2024-05-01T12:00:00Zx",
            "2024-05-01T12:00:00+24:00",
            "1719705600",
            "２024-05-01T12:00:00Z",
        ] {
            assert_eq!(rfc(text), None, "{text}");
        }
    }

    #[test]
    fn condition_value_text_is_as_short_as_it_can_be() {
        assert_eq!(at(1_719_705_600).to_condition_value(), "2024-06-30");
        assert_eq!(
            at(1_700_000_000).to_condition_value(),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(at(951_782_400).to_condition_value(), "2000-02-29");
    }

    fn ts(text: &str) -> Option<i64> {
        Timestamp::parse(text).map(Timestamp::millis)
    }

    #[test]
    fn dates_in_every_w3c_form() {
        assert_eq!(ts("1970"), Some(0));
        assert_eq!(ts("1970-01"), Some(0));
        assert_eq!(ts("1970-01-02"), Some(MILLIS_PER_DAY));
        assert_eq!(ts("2020-03-01"), Some(1_583_020_800_000));
        assert_eq!(ts("2020-02-29T00:00Z"), Some(1_582_934_400_000));
        assert_eq!(ts("1970-01-01T01:00+01:00"), Some(0));
        assert_eq!(ts("1970-01-01T00:00-00:30"), Some(1_800_000));
        assert_eq!(ts("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(ts("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(ts("1970-01-01T00:00:01.123456Z"), Some(1123));
        assert_eq!(ts("1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(ts("2000-01-01T00:00:00Z"), Some(946_684_800_000));
        assert_eq!(ts("1700000000"), Some(1_700_000_000_000));
        assert_eq!(ts("0"), Some(0));
        assert_eq!(ts("2024-05-01T14:00:00.5+02:00"), Some(1_714_564_800_500));
        for bad in [
            "",
            "1970-1",
            "1970-13",
            "2021-02-29",
            "1970-01-01T",
            "1970-01-01T00Z",
            "1970-01-01T00:00",
            "1970-01-01T24:00Z",
            "1970-01-01T00:00:60Z",
            "1970-01-01T00:00:00.Z",
            "1970-01-01T00:00+0100",
            "1970-01-01 00:00Z",
            "1970-01-01T00:00Zx",
            "1970-01-01t00:00Z",
            "1970-01-01T00:00z",
            "-5",
            "1.5",
            "99999999999999999999",
        ] {
            assert_eq!(ts(bad), None, "{bad}");
        }
    }
}
