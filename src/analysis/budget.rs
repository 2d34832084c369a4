//! The analysis budget: how much work (time, and the memory its tables
//! take) one [`Analysis`](super::Analysis) may do before it stops and
//! answers [`Answer::Unknown`](super::Answer::Unknown) with the reason.
//!
//! Policies within the VPC Lattice quota are analysed well within the
//! default; the budget is the safety net for hostile input, so that no
//! policy can take a CI run down: past it, every question of that analysis
//! answers "unknown", and the other files' results are untouched.
//!
//! The work is counted where the tables are built (the pattern search's
//! product states, each field's values, the field groups' combinations,
//! the boxes of the region operations), in bytes those tables take; what
//! is counted is what was built, whether or not it is still held, so the
//! count is an upper bound of the memory at any moment, and it is the same
//! from one run to the next.
//!
//! The time is counted too, not read from a clock (decision
//! `analysis-budget-counted`): each charge is a step of work (one product
//! state, one candidate request evaluated, one box split) plus one step
//! per [`BYTES_PER_STEP`] bytes it builds, and a time budget is
//! [`STEPS_PER_SECOND`] steps per second, about what a release build does
//! in a second of CPU on the adversarial benchmark's costliest steps. So
//! whether an analysis finishes does not depend on the machine's load, the
//! build or a debugger: the same policy gets the same answer everywhere.
//! A monotonic clock stays as a safety net far above it
//! ([`WALL_CLOCK_FACTOR`] times the time budget), for work a charge does
//! not see.
//!
//! The counting code deep in the search does not take the meter as an
//! argument: an [`Analysis`](super::Analysis) makes its meter the current
//! one on this thread for the span of each call ([`Meter::enter`]), and
//! [`charge`] reads it.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// How much an analysis may do: time, counted as steps of work, and
/// (estimated) memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The longest one analysis may run, as steps of work
    /// (500,000 per second; the wall clock only stops it at
    /// 10 times this).
    pub time: Duration,
    /// The most bytes its tables may take, as counted while they are built.
    pub memory: u64,
}

impl Budget {
    /// The default: 2 seconds and 128 MiB, well above what any policy
    /// within the quota takes (the adversarial benchmark's worst case is in
    /// `BENCHMARKS.md`), well below what a CI runner has.
    pub const DEFAULT: Budget = Budget {
        time: Duration::from_secs(2),
        memory: 128 * 1024 * 1024,
    };
}

impl Budget {
    /// The steps of work the time budget allows.
    pub fn steps(&self) -> u64 {
        let millis = u64::try_from(self.time.as_millis()).unwrap_or(u64::MAX);
        millis.saturating_mul(STEPS_PER_SECOND / 1000)
    }
}

/// Steps of work per second of the time budget. A release build does
/// 350,000 (the costliest steps) to 1,800,000 steps a second of CPU on the
/// adversarial benchmark's shapes (`BENCHMARKS.md`, issue 11), and the
/// heaviest exact case takes 186,000: the default `2s` (1,000,000 steps)
/// leaves it five times the room.
pub const STEPS_PER_SECOND: u64 = 500_000;

/// The bytes a charge builds that count as one step more than the charge
/// itself: building a larger table is more work.
pub const BYTES_PER_STEP: u64 = 256;

/// How far past the time budget the wall clock may run before it stops the
/// analysis anyway: a safety net for work no charge sees, never the
/// budget that decides (a loaded machine runs 3 to 10 times slower).
pub const WALL_CLOCK_FACTOR: u32 = 10;

impl Default for Budget {
    fn default() -> Budget {
        Budget::DEFAULT
    }
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.time.as_millis();
        if ms.is_multiple_of(1000) {
            write!(f, "{}s", ms / 1000)?;
        } else {
            write!(f, "{ms}ms")?;
        }
        const UNITS: [(u64, &str); 3] = [(1 << 30, "G"), (1 << 20, "M"), (1 << 10, "K")];
        match UNITS
            .iter()
            .find(|(size, _)| self.memory >= *size && self.memory.is_multiple_of(*size))
        {
            Some((size, unit)) => write!(f, ",{}{unit}", self.memory / size),
            None => write!(f, ",{}", self.memory),
        }
    }
}

/// Why an `--analysis-budget` value was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetError(pub String);

impl fmt::Display for BudgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BudgetError {}

/// The syntax, for error messages and help.
pub const BUDGET_SYNTAX: &str =
    "a time (`500ms`, `2s`), a memory size (`64M`, `1G`, `512K`), or both separated by a comma (`2s,256M`)";

impl FromStr for Budget {
    type Err = BudgetError;

    /// `2s`, `500ms`, `256M`, `2s,256M`: a time, a memory size, or both; a
    /// part left out keeps its default. Neither may be zero.
    fn from_str(text: &str) -> Result<Budget, BudgetError> {
        let mut budget = Budget::DEFAULT;
        let (mut time_seen, mut memory_seen) = (false, false);
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        if parts.len() > 2 {
            return Err(BudgetError(format!(
                "`{text}` has more than two parts: give {BUDGET_SYNTAX}"
            )));
        }
        for part in parts {
            let bad = || BudgetError(format!("`{part}` is not a budget: give {BUDGET_SYNTAX}"));
            let digits_end = part
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(part.len());
            let (number, unit) = part.split_at(digits_end);
            let number: u64 = number.parse().map_err(|_| bad())?;
            if number == 0 {
                return Err(BudgetError(format!(
                    "`{part}`: a budget of zero would analyse nothing"
                )));
            }
            let (is_time, scale) = match unit.to_ascii_lowercase().as_str() {
                "ms" => (true, 1),
                "s" => (true, 1000),
                "k" | "kb" | "kib" => (false, 1 << 10),
                "m" | "mb" | "mib" => (false, 1 << 20),
                "g" | "gb" | "gib" => (false, 1 << 30),
                _ => return Err(bad()),
            };
            let value = number
                .checked_mul(scale)
                .ok_or_else(|| BudgetError(format!("`{part}` is too large")))?;
            let seen = if is_time {
                &mut time_seen
            } else {
                &mut memory_seen
            };
            if *seen {
                return Err(BudgetError(format!(
                    "`{text}` gives the {} twice",
                    if is_time { "time" } else { "memory" }
                )));
            }
            *seen = true;
            if is_time {
                budget.time = Duration::from_millis(value);
            } else {
                budget.memory = value;
            }
        }
        Ok(budget)
    }
}

/// The work one analysis has done against its budget.
#[derive(Debug)]
pub(super) struct Meter {
    budget: Budget,
    started: Instant,
    used: Cell<u64>,
    /// Steps of work done (see [`STEPS_PER_SECOND`]).
    steps: Cell<u64>,
    charges: Cell<u32>,
    stage: Cell<&'static str>,
    exceeded: RefCell<Option<String>>,
}

/// Charges between two readings of the clock: reading it is cheap, but not
/// free, and a charge is a few hundred bytes of work at most.
const CLOCK_EVERY: u32 = 256;

thread_local! {
    static CURRENT: RefCell<Option<Rc<Meter>>> = const { RefCell::new(None) };
}

impl Meter {
    pub(super) fn new(budget: Budget) -> Rc<Meter> {
        Rc::new(Meter {
            budget,
            started: Instant::now(),
            used: Cell::new(0),
            steps: Cell::new(0),
            charges: Cell::new(0),
            stage: Cell::new("the start"),
            exceeded: RefCell::new(None),
        })
    }

    /// A meter that is spent before anything is done, for `reason`: the
    /// analysis is not attempted.
    pub(super) fn stopped(reason: String) -> Rc<Meter> {
        let meter = Meter::new(Budget::DEFAULT);
        *meter.exceeded.borrow_mut() = Some(reason);
        meter
    }

    /// Makes `meter` the one [`charge`] counts against until the guard is
    /// dropped (the previous one is restored then).
    pub(super) fn enter(meter: &Rc<Meter>) -> Entered {
        let previous = CURRENT.with(|c| c.replace(Some(Rc::clone(meter))));
        Entered { previous }
    }

    /// Names what the analysis is doing, for the reason given when the
    /// budget runs out.
    pub(super) fn stage(&self, stage: &'static str) {
        self.stage.set(stage);
    }

    /// Why the analysis stopped, once it has.
    pub(super) fn exceeded(&self) -> Option<String> {
        self.exceeded.borrow().clone()
    }

    /// The steps of work done so far, and the bytes counted.
    pub(super) fn work(&self) -> (u64, u64) {
        (self.steps.get(), self.used.get())
    }

    fn charge(&self, bytes: u64) -> bool {
        if self.exceeded.borrow().is_some() {
            return false;
        }
        let used = self.used.get().saturating_add(bytes);
        self.used.set(used);
        let steps = self.steps.get().saturating_add(1 + bytes / BYTES_PER_STEP);
        self.steps.set(steps);
        let charges = self.charges.get().wrapping_add(1);
        self.charges.set(charges);
        let over = if used > self.budget.memory {
            Some("its memory")
        } else if steps > self.budget.steps() {
            Some("its time, counted as steps of work")
        } else if charges.is_multiple_of(CLOCK_EVERY)
            && self.started.elapsed() > self.budget.time.saturating_mul(WALL_CLOCK_FACTOR)
        {
            Some("the wall clock's safety net")
        } else {
            None
        };
        match over {
            None => true,
            Some(what) => {
                *self.exceeded.borrow_mut() = Some(format!(
                    "the analysis budget ({}) was exceeded ({what}) while {}",
                    self.budget,
                    self.stage.get()
                ));
                false
            }
        }
    }
}

/// The guard [`Meter::enter`] returns.
pub(super) struct Entered {
    previous: Option<Rc<Meter>>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Counts `bytes` of work against the current analysis's budget; false
/// once the budget is spent (then the caller stops building and reports
/// its result incomplete). With no analysis current, always true.
pub(crate) fn charge(bytes: usize) -> bool {
    CURRENT.with(|c| {
        c.borrow()
            .as_ref()
            .is_none_or(|m| m.charge(u64::try_from(bytes).unwrap_or(u64::MAX)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_parse_time_memory_or_both() {
        assert_eq!(
            "2s".parse::<Budget>().unwrap(),
            Budget {
                time: Duration::from_secs(2),
                ..Budget::DEFAULT
            }
        );
        assert_eq!(
            "500ms,64M".parse::<Budget>().unwrap(),
            Budget {
                time: Duration::from_millis(500),
                memory: 64 << 20
            }
        );
        assert_eq!("1G".parse::<Budget>().unwrap().memory, 1 << 30);
        for bad in ["", "2", "0s", "2s,3s", "2x", "1s,1M,1G", "-1s"] {
            assert!(bad.parse::<Budget>().is_err(), "{bad}");
        }
        assert_eq!(Budget::DEFAULT.to_string(), "2s,128M");
        let round = "750ms,3K".parse::<Budget>().unwrap();
        assert_eq!(round.to_string().parse::<Budget>().unwrap(), round);
    }

    #[test]
    fn a_meter_stops_past_its_memory_and_says_where() {
        let meter = Meter::new(Budget {
            time: Duration::from_secs(60),
            memory: 1000,
        });
        let _entered = Meter::enter(&meter);
        meter.stage("splitting the paths");
        assert!(charge(600));
        assert!(meter.exceeded().is_none());
        assert!(!charge(600));
        assert!(!charge(1), "a spent budget stays spent");
        let reason = meter.exceeded().unwrap();
        assert!(reason.contains("(1s") || reason.contains("60s"), "{reason}");
        assert!(reason.contains("memory"), "{reason}");
        assert!(reason.contains("splitting the paths"), "{reason}");
    }

    #[test]
    fn time_is_counted_work_not_the_clock() {
        // 1 ms of budget: STEPS_PER_SECOND / 1000 steps, whatever the load.
        let budget = Budget {
            time: Duration::from_millis(1),
            memory: 1 << 30,
        };
        let meter = Meter::new(budget);
        let _entered = Meter::enter(&meter);
        meter.stage("searching");
        let allowed = budget.steps();
        assert_eq!(allowed, STEPS_PER_SECOND / 1000);
        for _ in 0..allowed {
            assert!(charge(0), "{:?}", meter.exceeded());
        }
        assert_eq!(meter.work(), (allowed, 0));
        assert!(!charge(0));
        let reason = meter.exceeded().unwrap();
        assert!(reason.contains("steps of work"), "{reason}");
        assert!(reason.contains("searching"), "{reason}");
        // A charge that builds more counts more steps.
        let meter = Meter::new(Budget::DEFAULT);
        let _entered = Meter::enter(&meter);
        assert!(charge(usize::try_from(BYTES_PER_STEP * 3).unwrap()));
        assert_eq!(meter.work().0, 4);
    }

    #[test]
    fn no_current_meter_charges_nothing() {
        assert!(charge(usize::MAX));
    }
}
