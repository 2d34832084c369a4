//! The request space: for each request field the policies read, finitely many
//! values that between them take every path through the policies.
//!
//! Values matter only through the constants and patterns the policies
//! mention. For strings, [`glob`](super::glob) finds one witness per
//! combination of patterns; numbers, dates and addresses need each constant,
//! its neighbours, and one value beyond; optional fields also need "absent".
//! Where the policies use something the space cannot split exactly (policy
//! variables in values, `aws:userid`, binary values, a search that ran out of
//! budget), the space says so in [`Space::inexact`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;

use super::glob::{classes, classes_tracking, CharClass, Glob, Shape};
use crate::eval::request::{
    PrincipalDetails, PrincipalSpec, RequestSpec, Values, DEFAULT_SERVICE, DEFAULT_SERVICE_NETWORK,
    DEFAULT_SOURCE_VPC, DEFAULT_SOURCE_VPC_OWNER_ACCOUNT,
};
use crate::eval::values::Cidr;
use crate::eval::Protocol;
use crate::eval::Timestamp;
use crate::model::{AwsPrincipal, BaseOperator, OperatorFamily, Policy, PrincipalKind, Principals};

/// A field of the request, as the analysis splits it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dim {
    /// The caller, with its organization, organization paths and tags.
    Principal,
    /// The HTTP method.
    Method,
    /// The service and the path (the resource ARN is both).
    Target,
    /// The service network.
    Network,
    /// The source VPC.
    Vpc,
    /// The source VPC's owner.
    VpcOwner,
    /// The port.
    Port,
    /// The time.
    Time,
    /// The caller's IP address.
    SourceIp,
    /// One header, by lower-case name.
    Header(String),
    /// One query-string key.
    Query(String),
    /// One service tag.
    ServiceTag(String),
}

/// Where a condition key's value comes from.
enum KeySource {
    /// A field of the request, and (for strings) the slot its patterns go to.
    Field(Dim, Option<Slot>),
    /// Fixed by the protocol (`aws:SecureTransport`) or never supplied by a
    /// Lattice request: the same for every request of one protocol.
    Fixed,
}

/// Where the string patterns of a key are collected.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Method,
    Path,
    Service,
    Network,
    Vpc,
    VpcOwner,
    Header(String),
    Query(String),
    ServiceTag(String),
    Account,
    PrincipalArn,
    Org,
    OrgPaths,
    PrincipalTag(String),
}

fn key_source(normalized: &str) -> KeySource {
    use KeySource::Field;
    let (prefix, suffix) = match normalized.split_once('/') {
        Some((p, s)) => (p, Some(s)),
        None => (normalized, None),
    };
    match (prefix, suffix) {
        ("vpc-lattice-svcs:port", None) => Field(Dim::Port, None),
        ("vpc-lattice-svcs:requestmethod", None) => Field(Dim::Method, Some(Slot::Method)),
        ("vpc-lattice-svcs:requestpath", None) => Field(Dim::Target, Some(Slot::Path)),
        ("vpc-lattice-svcs:servicearn", None) => Field(Dim::Target, Some(Slot::Service)),
        ("vpc-lattice-svcs:servicenetworkarn", None) => Field(Dim::Network, Some(Slot::Network)),
        ("vpc-lattice-svcs:sourcevpc", None) => Field(Dim::Vpc, Some(Slot::Vpc)),
        ("vpc-lattice-svcs:sourcevpcowneraccount", None) => {
            Field(Dim::VpcOwner, Some(Slot::VpcOwner))
        }
        ("vpc-lattice-svcs:requestheader", Some(name)) => {
            let name = name.to_ascii_lowercase();
            Field(Dim::Header(name.clone()), Some(Slot::Header(name)))
        }
        ("vpc-lattice-svcs:requestquerystring", Some(key)) => Field(
            Dim::Query(key.to_owned()),
            Some(Slot::Query(key.to_owned())),
        ),
        ("aws:resourcetag", Some(key)) => Field(
            Dim::ServiceTag(key.to_owned()),
            Some(Slot::ServiceTag(key.to_owned())),
        ),
        ("aws:principalaccount", None) => Field(Dim::Principal, Some(Slot::Account)),
        ("aws:principalarn", None) => Field(Dim::Principal, Some(Slot::PrincipalArn)),
        ("aws:principalorgid", None) => Field(Dim::Principal, Some(Slot::Org)),
        ("aws:principalorgpaths", None) => Field(Dim::Principal, Some(Slot::OrgPaths)),
        ("aws:principaltag", Some(key)) => {
            Field(Dim::Principal, Some(Slot::PrincipalTag(key.to_owned())))
        }
        (
            "aws:principaltype" | "aws:principalisawsservice" | "aws:userid" | "aws:username",
            None,
        ) => Field(Dim::Principal, None),
        ("aws:currenttime" | "aws:epochtime", None) => Field(Dim::Time, None),
        ("aws:sourceip", None) => Field(Dim::SourceIp, None),
        _ => KeySource::Fixed,
    }
}

/// The dimension a condition key (normalized) reads, if any.
pub fn dim_of_key(normalized: &str) -> Option<Dim> {
    match key_source(normalized) {
        KeySource::Field(dim, _) => Some(dim),
        KeySource::Fixed => None,
    }
}

/// What the policies mention, collected per slot.
#[derive(Default)]
struct Mentions {
    strings: BTreeMap<Slot, Vec<Glob>>,
    resources: Vec<Glob>,
    /// Accounts and principal ARNs of `Principal` elements.
    principal_accounts: BTreeSet<String>,
    principal_arns: BTreeSet<String>,
    ports: BTreeSet<i64>,
    times: BTreeSet<i64>,
    cidrs: Vec<Cidr>,
    /// Multi-valued slots: the set-operator clauses on it, in every statement
    /// of every policy. Whatever those clauses say about a set of values,
    /// they say about a subset of at most that many (one value for each
    /// clause that some value satisfies or fails), but only when the subset
    /// may take a value for each of them, Allow and Deny statements alike.
    set_clauses: BTreeMap<Slot, usize>,
    inexact: BTreeSet<String>,
    /// Accounts and organizations written anywhere a caller is named.
    named_accounts: BTreeSet<String>,
    named_orgs: BTreeSet<String>,
    /// Every condition value, as written (lower-cased).
    values: BTreeSet<String>,
}

impl Mentions {
    fn collect(policies: &[&Policy]) -> Mentions {
        let mut m = Mentions::default();
        for policy in policies {
            let variables = policy.variables_enabled();
            for statement in &policy.statements {
                m.principal(statement.principal.as_ref().map(|p| &p.value));
                for item in &statement.resource.items {
                    let text = m.without_variables(&item.value, variables, "Resource");
                    m.resources.push(if crate::wildcard::is_arn_pattern(&text) {
                        Glob::arn(&text)
                    } else {
                        Glob::wildcard(&text, false)
                    });
                }
                for block in statement.condition.iter().flat_map(|c| &c.blocks) {
                    let op = block.operator.value;
                    for clause in &block.clauses {
                        let normalized = crate::eval::normalize_key(&clause.key.value);
                        let KeySource::Field(dim, slot) = key_source(&normalized) else {
                            continue;
                        };
                        if normalized.starts_with("aws:userid")
                            || normalized.starts_with("aws:username")
                        {
                            m.inexact.insert(format!(
                                "`{}` depends on identifiers the analysis does not model",
                                clause.key.value
                            ));
                        }
                        if op.qualifier.is_some() {
                            if let Some(slot) = &slot {
                                *m.set_clauses.entry(slot.clone()).or_default() += 1;
                            }
                        }
                        for value in &clause.values {
                            m.values.insert(value.text.to_lowercase());
                            if dim == Dim::Principal {
                                m.name_accounts_and_orgs(&value.text);
                            }
                            m.value(&dim, slot.as_ref(), op.base, &value.text, variables);
                        }
                    }
                }
            }
        }
        m
    }

    /// Records the 12-digit account ids and `o-…` organization ids in `text`.
    fn name_accounts_and_orgs(&mut self, text: &str) {
        for word in text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-') {
            if word.len() == 12 && word.bytes().all(|b| b.is_ascii_digit()) {
                self.named_accounts.insert(word.to_owned());
            }
            if word.starts_with("o-") && word.len() > 2 {
                self.named_orgs.insert(word.to_owned());
            }
        }
        for part in text.split(['/', ':']) {
            if part.len() == 12 && part.bytes().all(|b| b.is_ascii_digit()) {
                self.named_accounts.insert(part.to_owned());
            }
        }
    }

    fn principal(&mut self, element: Option<&Principals>) {
        let Some(Principals::Map(entries)) = element else {
            return;
        };
        for entry in entries
            .iter()
            .filter(|e| e.kind.value == PrincipalKind::Aws)
        {
            for value in &entry.values {
                match AwsPrincipal::parse(&value.value) {
                    AwsPrincipal::Everyone | AwsPrincipal::Other(_) => {}
                    AwsPrincipal::Account(account) => {
                        self.principal_accounts.insert(account_of(account));
                        self.named_accounts.insert(account_of(account));
                    }
                    AwsPrincipal::Role { account, arn }
                    | AwsPrincipal::User { account, arn }
                    | AwsPrincipal::AssumedRole { account, arn }
                    | AwsPrincipal::FederatedUser { account, arn } => {
                        self.principal_accounts.insert(account.to_owned());
                        self.named_accounts.insert(account.to_owned());
                        self.principal_arns.insert(arn.to_owned());
                    }
                }
            }
        }
    }

    /// The text with its policy variables turned into `*` (and the space
    /// marked inexact): a variable can take many values.
    fn without_variables(&mut self, text: &str, variables: bool, place: &str) -> String {
        if !variables || !text.contains("${") {
            return text.to_owned();
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("${") {
            out.push_str(rest.get(..at).unwrap_or(""));
            let tail = rest.get(at..).unwrap_or("");
            match tail.find('}') {
                Some(end) => {
                    let inner = tail.get(2..end).unwrap_or("");
                    match inner {
                        "*" => out.push('*'),
                        "?" => out.push('?'),
                        "$" => out.push('$'),
                        _ => {
                            out.push('*');
                            self.inexact.insert(format!(
                                "a policy variable in {place} (`{text}`) takes its value from another field"
                            ));
                        }
                    }
                    rest = tail.get(end + 1..).unwrap_or("");
                }
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn value(
        &mut self,
        dim: &Dim,
        slot: Option<&Slot>,
        base: BaseOperator,
        text: &str,
        variables: bool,
    ) {
        match (base.family(), dim) {
            (OperatorFamily::Null, _) => {}
            (OperatorFamily::Numeric | OperatorFamily::String, Dim::Port) => {
                match text.trim().parse::<f64>() {
                    Ok(n) if n.is_finite() => {
                        // Ports are whole numbers: the integers around a bound decide it.
                        #[allow(clippy::cast_possible_truncation)]
                        let (lo, hi) = (n.floor() as i64, n.ceil() as i64);
                        self.ports.insert(lo);
                        self.ports.insert(hi);
                    }
                    _ if base.family() == OperatorFamily::String && text.contains(['*', '?']) => {
                        self.inexact
                            .insert(format!("a wildcard compared with the port (`{text}`)"));
                    }
                    _ => {}
                }
            }
            (OperatorFamily::Date | OperatorFamily::Numeric, Dim::Time) => {
                if let Some(t) = Timestamp::parse(text) {
                    self.times.insert(t.epoch_seconds());
                }
            }
            (OperatorFamily::Ip, Dim::SourceIp) => {
                if let Some(c) = Cidr::parse(text) {
                    self.cidrs.push(c);
                }
            }
            (OperatorFamily::String | OperatorFamily::Arn | OperatorFamily::Bool, _) => {
                let Some(slot) = slot else {
                    if matches!(dim, Dim::Time | Dim::SourceIp) {
                        self.inexact
                            .insert(format!("`{}` compared as text with `{text}`", base.name()));
                    }
                    return;
                };
                let plain = self.without_variables(text, variables, "a condition value");
                let glob = match base {
                    BaseOperator::StringLike | BaseOperator::StringNotLike => {
                        Glob::wildcard(&plain, false)
                    }
                    BaseOperator::StringEqualsIgnoreCase
                    | BaseOperator::StringNotEqualsIgnoreCase
                    | BaseOperator::Bool => Glob::literal(&plain, true),
                    _ if base.family() == OperatorFamily::Arn => Glob::arn(&plain),
                    _ if plain != text => Glob::wildcard(&plain, false),
                    _ => Glob::literal(&plain, false),
                };
                self.strings.entry(slot.clone()).or_default().push(glob);
            }
            (family, _) => {
                self.inexact.insert(format!(
                    "`{}` on a field the analysis does not split that way ({family:?})",
                    base.name()
                ));
            }
        }
    }

    fn globs(&self, slot: &Slot) -> &[Glob] {
        self.strings.get(slot).map_or(&[], Vec::as_slice)
    }
}

/// The account of an `AWS` principal written as an account id or a root ARN.
fn account_of(value: &str) -> String {
    value
        .strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.split(':').next())
        .unwrap_or(value)
        .to_owned()
}

/// A value of one dimension, written into a request spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fragment {
    /// The caller; `None` is anonymous.
    Principal(Option<PrincipalDetails>),
    /// The method.
    Method(String),
    /// The service and, except over TLS, the path.
    Target(String, Option<String>),
    /// The service network.
    Network(String),
    /// The source VPC.
    Vpc(String),
    /// The source VPC's owner.
    VpcOwner(String),
    /// The port.
    Port(i64),
    /// The time, RFC 3339.
    Time(String),
    /// The caller's address, or none.
    SourceIp(Option<String>),
    /// A header's value, or no such header.
    Header(String, Option<String>),
    /// A query key's values, or no such key.
    Query(String, Option<Vec<String>>),
    /// A service tag's value, or no such tag.
    ServiceTag(String, Option<String>),
}

impl Fragment {
    /// Writes the value into `spec`.
    pub fn apply(&self, spec: &mut RequestSpec) {
        match self {
            Fragment::Principal(None) => spec.principal = None,
            Fragment::Principal(Some(d)) => {
                spec.principal = Some(PrincipalSpec::Details(d.clone()))
            }
            Fragment::Method(m) => spec.method = Some(m.clone()),
            Fragment::Target(service, path) => {
                spec.service = Some(service.clone());
                spec.path = path.clone();
            }
            Fragment::Network(n) => spec.service_network = Some(n.clone()),
            Fragment::Vpc(v) => spec.source_vpc = Some(v.clone()),
            Fragment::VpcOwner(a) => spec.source_vpc_owner_account = Some(a.clone()),
            Fragment::Port(p) => spec.port = Some(*p),
            Fragment::Time(t) => spec.time = Some(t.clone()),
            Fragment::SourceIp(ip) => spec.source_ip = ip.clone(),
            Fragment::Header(name, value) => match value {
                Some(v) => {
                    spec.headers.insert(name.clone(), v.clone());
                }
                None => {
                    spec.headers.remove(name);
                }
            },
            Fragment::Query(key, values) => match values {
                Some(v) => {
                    spec.query.insert(key.clone(), Values::Many(v.clone()));
                }
                None => {
                    spec.query.remove(key);
                }
            },
            Fragment::ServiceTag(key, value) => match value {
                Some(v) => {
                    spec.service_tags.insert(key.clone(), v.clone());
                }
                None => {
                    spec.service_tags.remove(key);
                }
            },
        }
    }

    /// True for the anonymous caller.
    pub fn is_anonymous(&self) -> bool {
        matches!(self, Fragment::Principal(None))
    }
}

/// The values of every dimension the policies read, for one protocol.
pub struct Space {
    /// The protocol.
    pub protocol: Protocol,
    /// For each dimension read, its values; the first is the default.
    pub dims: BTreeMap<Dim, Vec<Fragment>>,
    /// Why the space may miss a class of requests (empty when exact).
    pub inexact: BTreeSet<String>,
    /// Accounts the policies name (in `Principal`, `aws:PrincipalAccount`, `aws:PrincipalArn`).
    pub named_accounts: BTreeSet<String>,
    /// Organizations the policies name (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`).
    pub named_orgs: BTreeSet<String>,
    /// Every condition value the policies write, lower-cased: a value of the
    /// space that is not one of them stands for the values no policy names.
    pub mentioned: BTreeSet<String>,
}

/// The most values one dimension may have before the space gives up on it.
const MAX_VALUES: usize = 4096;

/// Which of a dimension's splits `protocol` takes: the protocols with the
/// same variant share it.
fn variant(dim: &Dim, protocol: Protocol) -> u8 {
    let http = matches!(protocol, Protocol::Http | Protocol::Https);
    match dim {
        Dim::Principal | Dim::Target | Dim::Header(_) => u8::from(protocol == Protocol::Tls),
        Dim::Method | Dim::Query(_) => u8::from(http),
        Dim::Port => protocol as u8,
        _ => 0,
    }
}

/// Accounts used for callers no policy names, in order of preference.
const FRESH_ACCOUNTS: [&str; 2] = ["999999999999", "444455556666"];

impl Space {
    /// The spaces of each of `protocols`' requests for the dimensions in
    /// `dims`, split by what `policies` mention. `now` is the default time.
    /// The protocols share each dimension's split where the protocol does
    /// not change it, so it is searched once.
    pub fn build_all(
        policies: &[&Policy],
        dims: &BTreeSet<Dim>,
        protocols: &[Protocol],
        now: Timestamp,
    ) -> Vec<Space> {
        let m = Mentions::collect(policies);
        type Split = (Vec<Fragment>, BTreeSet<String>);
        let mut known: BTreeMap<(Dim, u8), Split> = BTreeMap::new();
        protocols
            .iter()
            .map(|&protocol| {
                let mut space = Space {
                    protocol,
                    dims: BTreeMap::new(),
                    inexact: m.inexact.clone(),
                    named_accounts: m.named_accounts.clone(),
                    named_orgs: m.named_orgs.clone(),
                    mentioned: m.values.clone(),
                };
                for dim in dims {
                    let key = (dim.clone(), variant(dim, protocol));
                    let values = match known.get(&key) {
                        Some((values, reasons)) => {
                            space.inexact.extend(reasons.iter().cloned());
                            values.clone()
                        }
                        None => {
                            let outer = std::mem::take(&mut space.inexact);
                            let values = space.values(&m, dim, protocol, now);
                            let reasons = std::mem::replace(&mut space.inexact, outer);
                            space.inexact.extend(reasons.iter().cloned());
                            known.insert(key, (values.clone(), reasons));
                            values
                        }
                    };
                    if !values.is_empty() {
                        space.dims.insert(dim.clone(), values);
                    }
                }
                space
            })
            .collect()
    }

    /// The values of `dim` in `protocol` requests (at most [`MAX_VALUES`]).
    fn values(
        &mut self,
        m: &Mentions,
        dim: &Dim,
        protocol: Protocol,
        now: Timestamp,
    ) -> Vec<Fragment> {
        let tls = protocol == Protocol::Tls;
        let mut values = match dim {
            Dim::Principal => self.principals(m, tls),
            Dim::Method => match protocol {
                Protocol::Http | Protocol::Https => self.methods(m),
                _ => Vec::new(),
            },
            Dim::Target => self.targets(m, tls),
            Dim::Network => self
                .strings(
                    m.globs(&Slot::Network),
                    &arn_shape("servicenetwork/sn-"),
                    &[DEFAULT_SERVICE_NETWORK],
                )
                .into_iter()
                .map(Fragment::Network)
                .collect(),
            Dim::Vpc => self
                .strings(
                    m.globs(&Slot::Vpc),
                    // The ids a request may carry: `vpc-` and lower-case hex.
                    &[Shape::Text("vpc-"), Shape::Run(CharClass::LowerHex)],
                    &[DEFAULT_SOURCE_VPC, "vpc-0fedcba9876543210"],
                )
                .into_iter()
                .map(Fragment::Vpc)
                .collect(),
            Dim::VpcOwner => self
                .strings(
                    m.globs(&Slot::VpcOwner),
                    &[Shape::Exactly(CharClass::Digit, 12)],
                    &[DEFAULT_SOURCE_VPC_OWNER_ACCOUNT, FRESH_ACCOUNTS[0]],
                )
                .into_iter()
                .map(Fragment::VpcOwner)
                .collect(),
            Dim::Port => ports(m, protocol),
            Dim::Time => times(m, now),
            Dim::SourceIp => addresses(m),
            // TLS connections carry no headers: only "absent".
            Dim::Header(name) if tls => vec![Fragment::Header(name.clone(), None)],
            Dim::Header(name) => self.optional_text(m.globs(&Slot::Header(name.clone())), |v| {
                Fragment::Header(name.clone(), v)
            }),
            Dim::Query(key) => {
                let mut values = vec![Fragment::Query(key.clone(), None)];
                if matches!(protocol, Protocol::Http | Protocol::Https) {
                    let slot = Slot::Query(key.clone());
                    let singles = self.strings(m.globs(&slot), &[Shape::Anything], &["example"]);
                    let size = m.set_clauses.get(&slot).copied().unwrap_or(1).max(1);
                    values.extend(
                        self.sets(&singles, size)
                            .into_iter()
                            .map(|v| Fragment::Query(key.clone(), Some(v))),
                    );
                }
                values
            }
            Dim::ServiceTag(key) => self
                .optional_text(m.globs(&Slot::ServiceTag(key.clone())), |v| {
                    Fragment::ServiceTag(key.clone(), v)
                }),
        };
        if values.len() > MAX_VALUES {
            values.truncate(MAX_VALUES);
            self.inexact.insert(format!(
                "too many distinct values of {dim:?} to try them all"
            ));
        }
        values
    }

    /// An optional free-text field (a header, a service tag): absent, then
    /// one value per class of `patterns`.
    fn optional_text(
        &mut self,
        patterns: &[Glob],
        fragment: impl Fn(Option<String>) -> Fragment,
    ) -> Vec<Fragment> {
        let mut values = vec![fragment(None)];
        let present = self.strings(patterns, &[Shape::Anything], &["example"]);
        values.extend(present.into_iter().map(|v| fragment(Some(v))));
        values
    }

    /// One witness per class of `patterns` over `domain`.
    fn strings(
        &mut self,
        patterns: &[Glob],
        domain: &[Shape<'_>],
        samples: &[&str],
    ) -> Vec<String> {
        let found = classes(patterns, &Glob::domain(domain), samples);
        if !found.complete {
            self.inexact
                .insert("a pattern search ran out of budget".to_owned());
        }
        found.classes.into_iter().map(|c| c.witness).collect()
    }

    /// The methods: upper-case words, but not the protocol names, which a
    /// request cannot have as its method. Each of those is a class of its
    /// own, and left out.
    fn methods(&mut self, m: &Mentions) -> Vec<Fragment> {
        let mut patterns = m.globs(&Slot::Method).to_vec();
        let own = patterns.len();
        patterns.extend(
            Protocol::ALL
                .iter()
                .map(|p| Glob::literal(p.as_str(), false)),
        );
        let found = classes(
            &patterns,
            &Glob::domain(&[Shape::Run(CharClass::Upper)]),
            &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        );
        if !found.complete {
            self.inexact
                .insert("a pattern search ran out of budget".to_owned());
        }
        found
            .classes
            .into_iter()
            .filter(|c| !c.matches.iter().skip(own).any(|&hit| hit))
            .map(|c| Fragment::Method(c.witness))
            .collect()
    }

    /// Sets of up to `size` distinct values drawn from `singles`.
    fn sets(&mut self, singles: &[String], size: usize) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = singles.iter().map(|s| vec![s.clone()]).collect();
        let mut frontier = out.clone();
        for _ in 1..size {
            let mut next = Vec::new();
            for set in &frontier {
                let last = set.last().and_then(|l| singles.iter().position(|s| s == l));
                for s in singles.iter().skip(last.map_or(0, |i| i + 1)) {
                    let mut bigger = set.clone();
                    bigger.push(s.clone());
                    next.push(bigger);
                }
            }
            if out.len() + next.len() > MAX_VALUES {
                self.inexact
                    .insert("too many combinations of multi-valued keys".to_owned());
                break;
            }
            out.extend(next.iter().cloned());
            frontier = next;
        }
        out
    }

    fn targets(&mut self, m: &Mentions, tls: bool) -> Vec<Fragment> {
        let shape = arn_shape("service/svc-");
        let services = classes_tracking(
            m.globs(&Slot::Service),
            &m.resources,
            &Glob::domain(&shape),
            &[DEFAULT_SERVICE],
        );
        if !services.complete {
            self.inexact
                .insert("the service search ran out of budget".to_owned());
        }
        let mut out = Vec::new();
        for service in services.classes {
            if tls {
                out.push(Fragment::Target(service.witness, None));
                continue;
            }
            let mut patterns: Vec<Glob> = m
                .resources
                .iter()
                .zip(&service.states)
                .map(|(g, states)| g.resume(states))
                .collect();
            patterns.extend(m.globs(&Slot::Path).iter().cloned());
            let paths = classes(
                &patterns,
                &Glob::domain(&[Shape::Text("/"), Shape::Any(CharClass::Visible)]),
                &["/", "/index.html"],
            );
            if !paths.complete {
                self.inexact
                    .insert("the path search ran out of budget".to_owned());
            }
            out.extend(
                paths
                    .classes
                    .into_iter()
                    .map(|p| Fragment::Target(service.witness.clone(), Some(p.witness))),
            );
        }
        out
    }

    fn principals(&mut self, m: &Mentions, tls: bool) -> Vec<Fragment> {
        let mut out = vec![Fragment::Principal(None)];
        if tls {
            return out;
        }
        // Accounts: one per class of the account patterns, keeping apart the
        // accounts after which principal ARN patterns behave differently.
        let mut account_globs: Vec<Glob> = m.globs(&Slot::Account).to_vec();
        // Every named account is a class of its own, so that an account no
        // policy names is never represented by one that a policy does name.
        account_globs.extend(
            m.principal_accounts
                .union(&m.named_accounts)
                .map(|a| Glob::literal(a, false)),
        );
        let arn_globs: Vec<Glob> = m
            .globs(&Slot::PrincipalArn)
            .iter()
            .cloned()
            .chain(m.principal_arns.iter().map(|a| Glob::literal(a, false)))
            .collect();
        let tracked: Vec<Glob> = arn_globs
            .iter()
            .flat_map(|g| [g.after("arn:aws:iam::"), g.after("arn:aws:sts::")])
            .collect();
        let accounts = classes_tracking(
            &account_globs,
            &tracked,
            &Glob::domain(&[Shape::Exactly(CharClass::Digit, 12)]),
            &FRESH_ACCOUNTS,
        );
        if !accounts.complete {
            self.inexact
                .insert("the account search ran out of budget".to_owned());
        }
        let mut identities: Vec<String> = Vec::new();
        for class in &accounts.classes {
            let a = &class.witness;
            identities.push(a.clone());
            for (prefix, samples) in [
                (format!("arn:aws:iam::{a}:role/"), ["app", "ops"]),
                (format!("arn:aws:iam::{a}:user/"), ["alice", "bob"]),
                (
                    format!("arn:aws:sts::{a}:federated-user/"),
                    ["carol", "dave"],
                ),
            ] {
                let names: Vec<Glob> = arn_globs.iter().map(|g| g.after(&prefix)).collect();
                let found = classes(
                    &names,
                    &Glob::domain(&[Shape::Run(CharClass::Name)]),
                    &samples,
                );
                if !found.complete {
                    self.inexact
                        .insert("the principal name search ran out of budget".to_owned());
                }
                identities.extend(
                    found
                        .classes
                        .into_iter()
                        .map(|c| format!("{prefix}{}", c.witness)),
                );
            }
        }
        // Sessions named in `Principal`, and another session of the same role.
        for arn in &m.principal_arns {
            if let Some((role, _session)) = arn
                .strip_prefix("arn:aws:sts::")
                .and_then(|r| r.rsplit_once('/'))
            {
                identities.push(arn.clone());
                identities.push(format!("arn:aws:sts::{role}/another-session"));
            }
        }
        // Organizations, each with the organization paths a caller in it can
        // have: a path starts with the organization id and `/`, so the
        // organizations are also told apart by the states they leave the
        // path patterns in, and each one's paths are searched after it.
        let path_globs = m.globs(&Slot::OrgPaths);
        type Paths = Option<Vec<String>>;
        let mut orgs: Vec<(Option<String>, Vec<Paths>)> = vec![(None, vec![None])];
        {
            // Named organizations are classes of their own, as named accounts are.
            let mut globs = m.globs(&Slot::Org).to_vec();
            globs.extend(m.named_orgs.iter().map(|o| Glob::literal(o, false)));
            // Requests take any organization id without white space or `/`, not
            // only the `o-` and lower-case letters and digits AWS gives out.
            let found = classes_tracking(
                &globs,
                path_globs,
                &Glob::domain(&[Shape::Run(CharClass::NotSpaceOrSlash)]),
                &["o-exampleorgid"],
            );
            if !found.complete {
                self.inexact
                    .insert("the organization search ran out of budget".to_owned());
            }
            let size = m
                .set_clauses
                .get(&Slot::OrgPaths)
                .copied()
                .unwrap_or(1)
                .max(1);
            let mut paths_after: HashMap<Vec<Vec<u16>>, Vec<String>> = HashMap::new();
            for class in found.classes {
                let mut paths = vec![None];
                if !path_globs.is_empty() {
                    let after: Vec<Glob> = path_globs
                        .iter()
                        .zip(&class.states)
                        .map(|(g, states)| g.resume(states).after("/"))
                        .collect();
                    let key: Vec<Vec<u16>> =
                        after.iter().map(|g| g.start_states().to_vec()).collect();
                    let rests = match paths_after.get(&key) {
                        Some(known) => known.clone(),
                        None => {
                            let rests = self.strings(&after, &[Shape::Anything], &["r-ab12/"]);
                            paths_after.insert(key, rests.clone());
                            rests
                        }
                    };
                    let singles: Vec<String> = rests
                        .iter()
                        .map(|rest| format!("{}/{rest}", class.witness))
                        .collect();
                    paths.extend(self.sets(&singles, size).into_iter().map(Some));
                }
                orgs.push((Some(class.witness), paths));
            }
        }
        let mut tags: Vec<BTreeMap<String, String>> = vec![BTreeMap::new()];
        for (slot, globs) in &m.strings {
            let Slot::PrincipalTag(key) = slot else {
                continue;
            };
            let values = self.strings(globs, &[Shape::Anything], &["example"]);
            let mut next = Vec::new();
            for base in &tags {
                next.push(base.clone());
                for v in &values {
                    let mut with = base.clone();
                    with.insert(key.clone(), v.clone());
                    next.push(with);
                }
            }
            tags = next;
        }
        'all: for arn in &identities {
            for (org, org_paths) in &orgs {
                for paths in org_paths {
                    for tag_set in &tags {
                        if out.len() >= MAX_VALUES {
                            self.inexact
                                .insert("too many distinct callers to try them all".to_owned());
                            break 'all;
                        }
                        out.push(Fragment::Principal(Some(PrincipalDetails {
                            arn: Some(arn.clone()),
                            org_id: org.clone(),
                            org_paths: paths.clone(),
                            tags: tag_set.clone(),
                            ..PrincipalDetails::default()
                        })));
                    }
                }
            }
        }
        out
    }
}

/// The shape of a Lattice ARN whose resource part starts with `kind` (`service/svc-`).
fn arn_shape(kind: &str) -> Vec<Shape<'_>> {
    vec![
        Shape::Text("arn:aws:vpc-lattice:"),
        Shape::Run(CharClass::Region),
        Shape::Text(":"),
        Shape::Exactly(CharClass::Digit, 12),
        Shape::Text(":"),
        Shape::Text(kind),
        Shape::Run(CharClass::LowerAlnum),
    ]
}

fn ports(m: &Mentions, protocol: Protocol) -> Vec<Fragment> {
    let mut ports: BTreeSet<i64> = BTreeSet::new();
    ports.insert(i64::from(protocol.default_port()));
    for &p in &m.ports {
        for q in [p - 1, p, p + 1] {
            ports.insert(q);
        }
    }
    ports.insert(1);
    ports.insert(65535);
    let default = i64::from(protocol.default_port());
    std::iter::once(default)
        .chain(ports.into_iter().filter(|&p| p != default))
        .filter(|p| (1..=65535).contains(p))
        .map(Fragment::Port)
        .collect()
}

fn times(m: &Mentions, now: Timestamp) -> Vec<Fragment> {
    let mut times: BTreeSet<i64> = BTreeSet::new();
    for &t in &m.times {
        for u in [t - 1, t, t + 1] {
            times.insert(u);
        }
    }
    let now_seconds = now.epoch_seconds();
    std::iter::once(now_seconds)
        .chain(times.into_iter().filter(|&t| t != now_seconds))
        .filter_map(Timestamp::from_epoch_seconds)
        // From 1970 to the last year RFC 3339 writes.
        .filter(|t| t.millis() >= 0 && t.date().0 <= 9999)
        .map(|t| Fragment::Time(t.to_string()))
        .collect()
}

fn addresses(m: &Mentions) -> Vec<Fragment> {
    let mut out = vec![Fragment::SourceIp(None)];
    let mut seen: BTreeSet<IpAddr> = BTreeSet::new();
    let mut push = |ip: IpAddr, out: &mut Vec<Fragment>| {
        if seen.insert(ip) {
            out.push(Fragment::SourceIp(Some(ip.to_string())));
        }
    };
    push(IpAddr::from([203, 0, 113, 10]), &mut out);
    push(IpAddr::from([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10]), &mut out);
    for c in &m.cidrs {
        match c.network() {
            IpAddr::V4(net) => {
                let first = u32::from(net);
                let size = 1u64 << (32 - u32::from(c.prefix()));
                let last = u64::from(first) + size - 1;
                for v in [
                    u64::from(first).checked_sub(1),
                    Some(u64::from(first)),
                    Some(last),
                    Some(last + 1),
                ]
                .into_iter()
                .flatten()
                {
                    if let Ok(v) = u32::try_from(v) {
                        push(IpAddr::from(v.to_be_bytes()), &mut out);
                    }
                }
            }
            IpAddr::V6(net) => {
                let first = u128::from(net);
                let host_bits = 128 - u32::from(c.prefix());
                let last = if host_bits >= 128 {
                    u128::MAX
                } else {
                    first | ((1u128 << host_bits) - 1)
                };
                for v in [
                    first.checked_sub(1),
                    Some(first),
                    Some(last),
                    last.checked_add(1),
                ]
                .into_iter()
                .flatten()
                {
                    push(IpAddr::from(v.to_be_bytes()), &mut out);
                }
            }
        }
    }
    out
}
