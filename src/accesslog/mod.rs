//! VPC Lattice access log records: reading them in every layout AWS
//! delivers, and turning each into a request with its recorded outcome.
//!
//! * [`reader`]: framing (one record per line, concatenated objects,
//!   `aws logs tail` lines, CloudWatch exports), gzip, bounded records,
//!   every unreadable piece reported with its location.
//! * [`scan`]: the one-pass scanner that finds a record's top-level fields.
//! * [`record`]: the fields by name, unknown keys ignored, the absent
//!   spellings `-`, `null` and JSON `null`.
//! * [`request`]: a record as a [`RequestSpec`](crate::eval::RequestSpec)
//!   and what authorization decided, per the log.
//! * [`inputs`]: the files a path names (an S3 delivery tree is walked).

pub mod inputs;
pub mod reader;
pub mod record;
pub mod request;
pub mod scan;

pub use reader::{read, Fields, Limits, Location, Sink, Unit};
pub use record::{Record, RecordError};
pub use request::{Kind, LoggedRequest, Recorded, Unlogged};

/// Reads one record from `text` (a line of a log): its fields, or why it
/// is not one. Used by `policy eval --from-log`.
pub fn parse_one(text: &str) -> Result<LoggedRequest, String> {
    let mut found: Option<Result<LoggedRequest, String>> = None;
    let mut sink = |_: &Location<'_>, unit: Unit<'_, '_>| {
        if found.is_some() {
            found = Some(Err("more than one record given".into()));
            return;
        }
        found = Some(unit.and_then(|fields| {
            let record = Record::from_fields(fields).map_err(|e| e.0)?;
            match record.kind() {
                Kind::ResourceRecord => Err("a resource access log record (TCP to a resource configuration): auth policies do not apply to it".into()),
                Kind::Request | Kind::BeforeAuthorization(_) => record.to_request().map_err(|e| e.0),
            }
        }));
    };
    read(
        text.as_bytes(),
        "--from-log",
        Limits::default(),
        None,
        &mut sink,
    );
    found.unwrap_or_else(|| Err("no record given".into()))
}
