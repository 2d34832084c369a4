//! Requests: the one-line query language, JSON request files, resolution to
//! a caller, resource and context, `describe`, and merging.
//!
//! Most cases are one line, in `#[rustfmt::skip]` modules:
//!
//! * `spec!(name, query, json)`: the query parses to the same request spec as
//!   the JSON request file.
//! * `query_err!(name, query, at "text" msg "message" help "help")`: the
//!   query is refused; `at` is the text the error's span covers (`""` for an
//!   empty span), `msg` and `help` are optional and compare exactly.
//! * `has!(name, spec, key, "value")` and `has!(name, spec, key, ["a", "b"])`:
//!   the resolved context holds the key with that single or multi value.
//! * `lacks!(name, spec, [keys])`: the context holds none of the keys.
//! * `keys!(name, spec, [keys])`: the context holds exactly these keys, in
//!   this order.
//! * `resource!(name, spec, action, resource)`.
//! * `rejects!(name, spec, field, msg "message" help "help")`: resolution
//!   fails about `field`.
//! * `round_trip!(name, spec)`: `describe()` parses back to an equal request.
//!
//! A spec is `q("query")` or `j(r#"{json}"#)`.

use lattice_policy::eval::request::{Field, RequestSpec};
use lattice_policy::eval::{parse_query, ContextValue, Request, RequestError, Timestamp};

/// The time every case resolves at.
/// 2024-05-01T12:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_714_564_800_000);

/// The spec of a query that must parse.
fn q(query: &str) -> RequestSpec {
    match parse_query(query) {
        Ok(parsed) => parsed.spec,
        Err(e) => panic!(
            "query `{query}` does not parse: {} ({:?})",
            e.message(),
            e.help()
        ),
    }
}

/// The spec of a JSON request that must read.
fn j(json: &str) -> RequestSpec {
    match RequestSpec::from_json(json) {
        Ok(spec) => spec,
        Err(e) => panic!("request `{json}` does not read: {e} ({:?})", e.help()),
    }
}

fn resolve(spec: RequestSpec) -> Request {
    let shown = format!("{spec:?}");
    match Request::resolve(spec, NOW) {
        Ok(r) => r,
        Err(e) => panic!("request {shown} does not resolve: {e} ({:?})", e.help()),
    }
}

fn resolve_err(spec: RequestSpec) -> RequestError {
    let shown = format!("{spec:?}");
    match Request::resolve(spec, NOW) {
        Ok(r) => panic!("request {shown} resolves, to {r:?}"),
        Err(e) => e,
    }
}

/// The context of a request, one key and value per line, for failure messages.
fn dump(request: &Request) -> String {
    request
        .context()
        .iter()
        .map(|(k, v)| format!("  {k} = {v:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

trait Expected {
    fn value(self) -> ContextValue;
}

impl Expected for &str {
    fn value(self) -> ContextValue {
        ContextValue::Single(self.to_owned())
    }
}

impl<const N: usize> Expected for [&str; N] {
    fn value(self) -> ContextValue {
        ContextValue::Multi(self.iter().map(|s| s.to_string()).collect())
    }
}

macro_rules! opt {
    () => {
        None::<&str>
    };
    ($x:literal) => {
        Some($x)
    };
}

macro_rules! spec {
    ($name:ident, $query:expr, $json:expr) => {
        #[test]
        fn $name() {
            assert_eq!(q($query), j($json), "query `{}`", $query);
        }
    };
}

macro_rules! query_err {
    ($name:ident, $query:expr, at $at:literal $(msg $msg:literal)? $(help $help:literal)?) => {
        #[test]
        fn $name() {
            let query: &str = $query;
            let err = match parse_query(query) {
                Ok(parsed) => panic!("query `{query}` parses, to {:?}", parsed.spec),
                Err(e) => e,
            };
            let at = err.span().slice(query).expect("span inside the query");
            assert_eq!(at, $at, "span of `{}`", err.message());
            if let Some(msg) = opt!($($msg)?) {
                assert_eq!(err.message(), msg);
            }
            if let Some(help) = opt!($($help)?) {
                assert_eq!(err.help(), Some(help), "help of `{}`", err.message());
            }
            assert_eq!(err.query(), query);
        }
    };
}

macro_rules! has {
    ($name:ident, $spec:expr, $key:literal, $value:expr) => {
        #[test]
        fn $name() {
            let request = resolve($spec);
            assert_eq!(
                request.context().get($key),
                Some(&Expected::value($value)),
                "key `{}` in\n{}",
                $key,
                dump(&request)
            );
        }
    };
}

macro_rules! lacks {
    ($name:ident, $spec:expr, [$($key:literal),* $(,)?]) => {
        #[test]
        fn $name() {
            let request = resolve($spec);
            for key in [$($key),*] {
                assert_eq!(request.context().get(key), None, "key `{key}` in\n{}", dump(&request));
            }
        }
    };
}

macro_rules! keys {
    ($name:ident, $spec:expr, [$($key:literal),* $(,)?]) => {
        #[test]
        fn $name() {
            let request = resolve($spec);
            let got: Vec<&str> = request.context().iter().map(|(k, _)| k).collect();
            let want: Vec<String> = [$($key),*]
                .iter()
                .map(|k| lattice_policy::eval::normalize_key(k).into_owned())
                .collect();
            assert_eq!(got, want, "context:\n{}", dump(&request));
        }
    };
}

macro_rules! resource {
    ($name:ident, $spec:expr, $action:literal, $resource:literal) => {
        #[test]
        fn $name() {
            let request = resolve($spec);
            assert_eq!(request.action(), $action);
            assert_eq!(request.resource(), $resource);
        }
    };
}

macro_rules! rejects {
    ($name:ident, $spec:expr, $field:ident $(msg $msg:literal)? $(help $help:literal)?) => {
        #[test]
        fn $name() {
            let err = resolve_err($spec);
            assert_eq!(err.field(), Some(Field::$field), "field of `{err}`");
            if let Some(msg) = opt!($($msg)?) {
                assert_eq!(err.message(), msg);
            }
            if let Some(help) = opt!($($help)?) {
                assert_eq!(err.help(), Some(help), "help of `{err}`");
            }
        }
    };
}

macro_rules! round_trip {
    ($name:ident, $spec:expr) => {
        #[test]
        fn $name() {
            let request = resolve($spec);
            let line = request.describe();
            let again = resolve(q(&line));
            assert_eq!(again, request, "`{line}` resolves to a different request");
            assert_eq!(again.describe(), line);
        }
    };
}

mod cases;
mod json;
mod merge;
