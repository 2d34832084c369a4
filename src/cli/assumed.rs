//! What `policy eval` assumed: the fields the request left out, with the
//! value each took and where it came from, and what it did not evaluate as
//! written (a caller named on a TLS connection). The answer says all of it,
//! so that nobody reads a decision about a made-up service as one about
//! theirs.

use lattice_policy::eval::decisions;
use lattice_policy::eval::named::{named_targets, Named};
use lattice_policy::eval::request::{PrincipalSpec, Request, RequestSpec};
use lattice_policy::model::Policy;
use serde_json::{json, Value};

/// The decision that takes the service and network from the policy.
pub const FROM_POLICY: &str = decisions::EVAL_DEFAULTS_FROM_POLICY;

/// Where a defaulted value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The one value the service policy names.
    Policy,
    /// The first of several values the service policy names.
    FirstOfPolicy(usize),
    /// The built-in default (docs/requests.md).
    BuiltIn,
}

/// A field the request left out, and the value it took.
#[derive(Clone, Debug)]
pub struct Defaulted {
    /// The query clause that would set it (`service`, `port`, …).
    pub clause: &'static str,
    /// The value.
    pub value: String,
    /// Where it came from.
    pub source: Source,
}

/// Everything the answer assumed.
#[derive(Clone, Debug, Default)]
pub struct Assumed {
    /// The fields left out, in query order.
    pub defaults: Vec<Defaulted>,
    /// What the request said that was not evaluated as written.
    pub notes: Vec<String>,
}

/// What the service policy names, used for what `spec` leaves out.
pub struct FromPolicy {
    service: Named,
    network: Named,
}

/// Sets `spec`'s service and service network, when it leaves them out, to
/// those `policy` names (decision `eval-defaults-from-policy`).
pub fn fill_from_policy(spec: &mut RequestSpec, policy: Option<&Policy>) -> FromPolicy {
    let named = policy.map(named_targets);
    let take = |field: &mut Option<String>, named: Option<Named>| -> Named {
        match named {
            Some(named) if field.is_none() => {
                *field = named.value().map(str::to_owned);
                named
            }
            _ => Named::Nothing,
        }
    };
    let service = take(&mut spec.service, named.as_ref().map(|n| n.service.clone()));
    let network = take(
        &mut spec.service_network,
        named.as_ref().map(|n| n.network.clone()),
    );
    FromPolicy { service, network }
}

/// What `given` (the request as written, before [`fill_from_policy`]) left
/// out, with the values `request` took.
pub fn assumed(given: &RequestSpec, from_policy: &FromPolicy, request: &Request) -> Assumed {
    let mut out = Assumed::default();
    let tls = request.is_tls();
    let mut default = |clause: &'static str, missing: bool, value: String, source: Source| {
        if missing {
            out.defaults.push(Defaulted {
                clause,
                value,
                source,
            });
        }
    };
    let built_in = || Source::BuiltIn;
    let of = |named: &Named| match named {
        Named::Nothing => Source::BuiltIn,
        Named::One(_) => Source::Policy,
        Named::Several(all) => Source::FirstOfPolicy(all.len()),
    };
    default(
        "protocol",
        given.protocol.is_none() && given.action.is_none(),
        request.protocol().as_str().to_owned(),
        built_in(),
    );
    default(
        "method",
        !tls && given.method.is_none(),
        request.method().unwrap_or_default().to_owned(),
        built_in(),
    );
    default(
        "path",
        !tls && given.path.is_none(),
        request.path().unwrap_or_default().to_owned(),
        built_in(),
    );
    default(
        "from",
        given.principal.is_none(),
        "anonymous".to_owned(),
        built_in(),
    );
    default(
        "port",
        given.port.is_none(),
        request.port().to_string(),
        built_in(),
    );
    default(
        "service",
        given.service.is_none(),
        request.service().to_owned(),
        of(&from_policy.service),
    );
    default(
        "network",
        given.service_network.is_none(),
        request.service_network().to_owned(),
        of(&from_policy.network),
    );
    default(
        "vpc",
        given.source_vpc.is_none(),
        request.source_vpc().to_owned(),
        built_in(),
    );
    default(
        "vpc-owner",
        given.source_vpc_owner_account.is_none(),
        request.source_vpc_owner_account().to_owned(),
        built_in(),
    );
    default(
        "time",
        given.time.is_none(),
        request.time().to_string(),
        built_in(),
    );
    if tls {
        if let Some(caller) = named_caller(given.principal.as_ref()) {
            out.notes.push(format!(
                "a TLS connection is anonymous: the caller `{caller}` the request names is not evaluated (Lattice cannot see who opens a TLS passthrough connection; decision `{}`); write `protocol https` or start with `grpc` to evaluate it",
                decisions::TLS_CONNECT_ONLY
            ));
        }
    }
    out
}

/// The caller a principal spec names, unless it is anonymous.
fn named_caller(principal: Option<&PrincipalSpec>) -> Option<String> {
    match principal? {
        PrincipalSpec::Name(name) if name.eq_ignore_ascii_case("anonymous") => None,
        PrincipalSpec::Name(name) => Some(name.clone()),
        PrincipalSpec::Details(details) => details
            .arn
            .clone()
            .filter(|a| !a.eq_ignore_ascii_case("anonymous")),
    }
}

impl Source {
    /// Why the value is what it is, for people.
    fn why(&self) -> String {
        match self {
            Source::Policy => {
                format!("the one the policy names, decision `{FROM_POLICY}`")
            }
            Source::FirstOfPolicy(n) => format!(
                "the first of the {n} the policy names, decision `{FROM_POLICY}`; name another to ask about it"
            ),
            Source::BuiltIn => "built-in".to_owned(),
        }
    }

    fn as_str(&self) -> &'static str {
        match self {
            Source::Policy | Source::FirstOfPolicy(_) => "policy",
            Source::BuiltIn => "built-in",
        }
    }
}

impl Assumed {
    /// The lines of the human answer: the values taken from the policy one
    /// per line, the built-in ones together, then the notes.
    pub fn human(&self) -> String {
        let mut text = String::new();
        for d in self.defaults.iter().filter(|d| d.source != Source::BuiltIn) {
            text.push_str(&format!(
                "default   {} {} ({})\n",
                d.clause,
                d.value,
                d.source.why()
            ));
        }
        let built_in: Vec<String> = self
            .defaults
            .iter()
            .filter(|d| d.source == Source::BuiltIn)
            .map(|d| format!("{} {}", d.clause, d.value))
            .collect();
        if !built_in.is_empty() {
            text.push_str(&format!(
                "defaults  {} (built-in: the request leaves them out; `policy eval --help` lists them)\n",
                built_in.join(", ")
            ));
        }
        for note in &self.notes {
            text.push_str(&format!("note      {note}\n"));
        }
        text
    }

    /// `defaults` and `notes` for the JSON answer.
    pub fn json(&self) -> (Value, Value) {
        let defaults = self
            .defaults
            .iter()
            .map(|d| {
                let mut entry = json!({
                    "clause": d.clause,
                    "value": d.value,
                    "source": d.source.as_str(),
                });
                if let (Source::Policy | Source::FirstOfPolicy(_), Some(object)) =
                    (&d.source, entry.as_object_mut())
                {
                    object.insert("why".into(), json!(d.source.why()));
                }
                entry
            })
            .collect();
        (Value::Array(defaults), json!(self.notes))
    }
}
