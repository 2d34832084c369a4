//! Replaying access log records against a proposed set of policies: for
//! each record, would the policies decide as the log says Lattice did?
//!
//! * [`Replayer`] decides one logged request: allow, deny at a layer, or
//!   *undetermined* when the answer depends on something no record carries
//!   (other headers, the query string, the port, the role's path, resource
//!   tags, or a field this record left out). It decides exactly where every
//!   value of the missing fields gives the same answer: the fields' values
//!   are split into the classes the policies tell apart (the analysis's
//!   [`Space`]), and every combination is evaluated (decision
//!   `replay-unlogged-values`).
//! * [`Verdict`]: unchanged, newly denied, newly allowed, undetermined, or
//!   disagreeing (the log blames a layer that was not given, or another
//!   layer than the evaluator; with [`Setup::current`], any difference).
//! * [`report`]: the tally of a whole replay, grouped by caller, method
//!   and path pattern.
//!
//! docs/replay.md documents the mapping, the verdicts and the report.

pub mod pathclass;
pub mod report;
pub mod worker;

use crate::accesslog::{LoggedRequest, Recorded};
use crate::analysis::space::{dim_of_key, Dim, Fragment, Space};
use crate::eval::request::{PrincipalDetails, PrincipalSpec, Request, RequestSpec};
use crate::eval::{
    normalize_key, AuthLayer, AuthType, Authorizer, CompiledPolicy, Decision, LayerName, Protocol,
    Timestamp,
};
use crate::model::Policy;
use crate::model::Principals;

pub use report::{Group, Report, Summary};
pub use worker::Worker;

/// The policies a log is replayed against.
#[derive(Clone, Debug)]
pub struct Setup<'p> {
    /// The service's auth policy.
    pub service: Option<&'p Policy>,
    /// The service's auth type.
    pub service_auth_type: AuthType,
    /// The service network's auth type and policy; `None` when the network
    /// layer is not given (its recorded denials are then reported as
    /// disagreeing, and it is taken to allow the rest).
    pub network: Option<(AuthType, Option<&'p Policy>)>,
    /// The caller's identity policies; empty when not given (assumed to
    /// allow, decision `identity-layer-assumed`).
    pub identity: Vec<&'p Policy>,
    /// True when the policies are the ones in force when the log was
    /// written: every difference from the log is a disagreement.
    pub current: bool,
    /// The time of a record without `startTime`.
    pub now: Timestamp,
}

/// What the replayed policies say about one logged request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proposed {
    /// Allowed.
    Allow,
    /// Denied, by this layer.
    Deny(LayerName),
    /// Allowed for some values of fields the record does not carry and
    /// denied for others: the condition keys (or `the role's path`) that decide.
    Undetermined(Vec<String>),
    /// The record does not make a valid request: why.
    Invalid(String),
}

/// How one record fares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// The policies decide as the log says.
    Unchanged,
    /// Allowed in the log, denied by the policies.
    NewlyDenied,
    /// Denied in the log, allowed by the policies.
    NewlyAllowed,
    /// The decision depends on values the record does not carry.
    Undetermined,
    /// The log's outcome cannot be the policies' (replaying the current
    /// policies, or a denial by a layer not given or by another layer).
    Disagreeing,
}

impl Verdict {
    /// `unchanged`, `newly-denied`, `newly-allowed`, `undetermined`, `disagreeing`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Unchanged => "unchanged",
            Verdict::NewlyDenied => "newly-denied",
            Verdict::NewlyAllowed => "newly-allowed",
            Verdict::Undetermined => "undetermined",
            Verdict::Disagreeing => "disagreeing",
        }
    }
}

/// Which of a record's fields can change what the policies answer, worked
/// out once from the policies: the answer cache is keyed by these alone
/// (with the protocol, which every answer depends on, and the path's
/// class), so that records differing only in fields no policy reads share
/// one answer. A field left out of the key still has to be valid, which
/// the worker checks per distinct value ([`Replayer::valid`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    /// The caller: `callerPrincipal`/`resolvedUser`, its organization and tags.
    pub caller: bool,
    /// `requestMethod`.
    pub method: bool,
    /// `serviceArn` (beyond the resource patterns, which the path's class covers).
    pub service: bool,
    /// `serviceNetworkArn`.
    pub network: bool,
    /// The source VPC and its owner.
    pub vpc: bool,
    /// The `host` header (`hostHeader`).
    pub host: bool,
    /// The `user-agent` header (`userAgent`).
    pub user_agent: bool,
    /// `startTime`.
    pub time: bool,
}

impl Reads {
    /// Every field: for policies whose reads cannot be told (policy variables).
    const ALL: Reads = Reads {
        caller: true,
        method: true,
        service: true,
        network: true,
        vpc: true,
        host: true,
        user_agent: true,
        time: true,
    };

    /// What `policies` read. The caller counts as read whenever a statement
    /// names principals (or none, as identity policies do), when identity
    /// policies are given (they are the caller's), or a policy names roles
    /// (whose paths the replay tries).
    fn of(policies: &[&Policy], identity_given: bool, names_roles: bool) -> Reads {
        let mut reads = Reads {
            caller: identity_given || names_roles,
            ..Reads::default()
        };
        for policy in policies {
            for s in &policy.statements {
                let variables = |text: &str| text.contains("${");
                if s.resource.items.iter().any(|i| variables(&i.value))
                    || s.clauses()
                        .any(|c| c.clause.values.iter().any(|v| variables(&v.text)))
                {
                    return Reads::ALL;
                }
                match &s.principal {
                    Some(p) if !p.negated && p.value == Principals::Everyone => {}
                    _ => reads.caller = true,
                }
                if s.resource.negated || s.resource.items.iter().any(|i| i.value != "*") {
                    reads.service = true;
                }
                for c in s.clauses() {
                    match dim_of_key(&normalize_key(&c.clause.key.value)) {
                        Some(Dim::Principal | Dim::PrincipalTag(_)) => reads.caller = true,
                        Some(Dim::Method) => reads.method = true,
                        Some(Dim::Target) => reads.service = true,
                        Some(Dim::Network) => reads.network = true,
                        Some(Dim::Vpc | Dim::VpcOwner) => reads.vpc = true,
                        Some(Dim::Time) => reads.time = true,
                        Some(Dim::Header(h)) if h == "host" => reads.host = true,
                        Some(Dim::Header(h)) if h == "user-agent" => reads.user_agent = true,
                        // Headers, query keys, the port and service tags no
                        // record carries are split by the replay itself.
                        _ => {}
                    }
                }
            }
        }
        reads
    }
}

/// One field the records do not carry, as the policies read it.
#[derive(Clone, Debug)]
struct Unloggable {
    dim: Dim,
    /// The condition key as the policy writes it, for messages.
    key: String,
}

/// An unloggable field the policies read, and its values (one per class).
type FieldValues = (Unloggable, Vec<Fragment>);

/// The most combinations of unlogged values evaluated for one record.
const MAX_COMBINATIONS: usize = 4096;

/// Decides logged requests against a [`Setup`].
#[derive(Debug)]
pub struct Replayer {
    authorizer: Authorizer,
    network_given: bool,
    identity_given: bool,
    current: bool,
    now: Timestamp,
    /// The values of each unloggable field, per protocol.
    spaces: Vec<(Protocol, Vec<FieldValues>)>,
    /// Role ARNs (and patterns) the policies write.
    role_mentions: Vec<String>,
    reads_time: bool,
    reads: Reads,
    paths: Option<pathclass::PathClasses>,
}

/// The condition keys of `policies` whose values a record may not carry,
/// with the field each reads.
fn unloggable(policies: &[&Policy]) -> Vec<Unloggable> {
    let mut out: Vec<Unloggable> = Vec::new();
    for policy in policies {
        for c in policy.clauses() {
            let written = &c.clause.key.value;
            let Some(dim) = dim_of_key(&normalize_key(written)) else {
                continue;
            };
            let maybe_unlogged = matches!(
                dim,
                Dim::Header(_)
                    | Dim::Query(_)
                    | Dim::Port
                    | Dim::ServiceTag(_)
                    | Dim::VpcOwner
                    | Dim::Vpc
                    | Dim::Network
                    | Dim::Time
            );
            if maybe_unlogged && !out.iter().any(|u| u.dim == dim) {
                out.push(Unloggable {
                    dim,
                    key: written.clone(),
                });
            }
        }
    }
    out
}

fn role_mentions(policies: &[&Policy]) -> Vec<String> {
    let mut out = Vec::new();
    for policy in policies {
        for s in &policy.statements {
            if let Some(p) = &s.principal {
                if let Principals::Map(entries) = &p.value {
                    for e in entries {
                        out.extend(e.values.iter().map(|v| v.value.clone()));
                    }
                }
            }
        }
        for c in policy.clauses() {
            out.extend(c.clause.values.iter().map(|v| v.text.clone()));
        }
    }
    out.retain(|v| v.starts_with("arn:") && v.contains(":role/"));
    out.sort();
    out.dedup();
    out
}

impl Replayer {
    /// Compiles the policies and splits the values of the fields no record
    /// carries.
    pub fn new(setup: &Setup<'_>) -> Replayer {
        let compile = |p: &Policy| CompiledPolicy::compile(p);
        let authorizer = Authorizer {
            network: setup.network.map(|(auth_type, policy)| AuthLayer {
                auth_type,
                policy: policy.map(compile),
            }),
            service: AuthLayer {
                auth_type: setup.service_auth_type,
                policy: setup.service.map(compile),
            },
            identity: (!setup.identity.is_empty())
                .then(|| setup.identity.iter().map(|p| compile(p)).collect()),
        };
        let mut policies: Vec<&Policy> = Vec::new();
        policies.extend(setup.service);
        policies.extend(setup.network.and_then(|(_, p)| p));
        policies.extend(setup.identity.iter().copied());
        let unlogged = unloggable(&policies);
        let dims = unlogged.iter().map(|u| u.dim.clone()).collect();
        let protocols = [
            Protocol::Http,
            Protocol::Https,
            Protocol::Grpc,
            Protocol::Tls,
        ];
        // No field is split by its clauses alone: the replay tries each
        // field's values in combination with the others', so it needs them
        // as plain values.
        let alone = std::collections::BTreeSet::new();
        let spaces = Space::build_all(&policies, &dims, &alone, &protocols, setup.now)
            .into_iter()
            .map(|space| {
                let fields = unlogged
                    .iter()
                    .filter_map(|u| {
                        let values = space.dims.get(&u.dim)?;
                        (values.len() > 1).then(|| (u.clone(), values.clone()))
                    })
                    .collect();
                (space.protocol, fields)
            })
            .collect();
        let reads_time = policies.iter().any(|p| {
            p.clauses()
                .any(|c| dim_of_key(&normalize_key(&c.clause.key.value)) == Some(Dim::Time))
        });
        let role_mentions = role_mentions(&policies);
        let paths = pathclass::PathClasses::new(&policies);
        let reads = if paths.is_none() {
            Reads::ALL
        } else {
            Reads::of(
                &policies,
                !setup.identity.is_empty(),
                !role_mentions.is_empty(),
            )
        };
        Replayer {
            authorizer,
            network_given: setup.network.is_some(),
            identity_given: !setup.identity.is_empty(),
            current: setup.current,
            now: setup.now,
            spaces,
            role_mentions,
            reads_time,
            reads,
            paths,
        }
    }

    /// The fields whose values the answers depend on.
    pub fn reads(&self) -> Reads {
        self.reads
    }

    /// True when `record` (one field of a record, with what decides its
    /// protocol) makes a request `policy eval` accepts: what the answer
    /// cache checks of a field it is not keyed by.
    pub fn valid(&self, record: &crate::accesslog::Record<'_>) -> bool {
        record
            .to_request()
            .is_ok_and(|logged| self.resolve(logged.spec).is_ok())
    }

    /// True when a policy reads the time: records then differ by their time.
    pub fn reads_time(&self) -> bool {
        self.reads_time
    }

    /// Appends to `key` what the policies can tell of `path` on `service`:
    /// its class when they read it only through patterns, else the path.
    /// `scratch` is a buffer kept by the caller, so that no record allocates.
    pub fn path_key(&self, service: &str, path: &str, key: &mut Vec<u8>, scratch: &mut String) {
        match &self.paths {
            Some(classes) if !path.contains('?') => {
                key.push(3);
                classes.signature(service, path, key, scratch);
                // Paths of one class may differ in being valid.
                key.push(u8::from(crate::eval::request::path_is_valid(path)));
            }
            _ => {
                key.push(1);
                key.extend_from_slice(path.as_bytes());
            }
        }
    }

    /// The request of a spec, as `policy eval` would resolve it.
    pub fn resolve(&self, spec: RequestSpec) -> Result<Request, String> {
        Request::resolve(spec, self.now).map_err(|e| e.to_string())
    }

    /// The role ARN a session's role has, when the policies name that role
    /// by its full ARN (role names are unique in an account, so a role the
    /// policies name with a path has that path); and role ARNs with the
    /// paths the policies' wildcard patterns could give it.
    fn role_candidates(&self, spec: &RequestSpec) -> (Option<String>, Vec<String>) {
        let arn = match &spec.principal {
            Some(PrincipalSpec::Name(a)) => a.as_str(),
            Some(PrincipalSpec::Details(d)) => d.arn.as_deref().unwrap_or_default(),
            None => return (None, Vec::new()),
        };
        // arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let (Some(partition), Some(account), Some(resource)) =
            (parts.get(1), parts.get(4), parts.get(5))
        else {
            return (None, Vec::new());
        };
        let Some(role) = resource
            .strip_prefix("assumed-role/")
            .and_then(|r| r.split('/').next())
        else {
            return (None, Vec::new());
        };
        let prefix = format!("arn:{partition}:iam::{account}:role/");
        let mut candidates = Vec::new();
        for mention in &self.role_mentions {
            let wild = mention.contains(['*', '?']);
            if !wild {
                if mention.starts_with(&prefix) && mention.ends_with(&format!("/{role}")) {
                    return (Some(mention.clone()), Vec::new());
                }
                continue;
            }
            let Some((_, after)) = mention.split_once(":role/") else {
                continue;
            };
            if let Some((path, _)) = after.rsplit_once('/') {
                let path = path.replace(['*', '?'], "x");
                let candidate = format!("{prefix}{path}/{role}");
                if !candidates.contains(&candidate) {
                    candidates.push(candidate);
                }
            }
        }
        (None, candidates)
    }

    fn decide(&self, spec: RequestSpec) -> Result<Proposed, String> {
        let request = self.resolve(spec)?;
        let verdict = self.authorizer.decide(&request);
        Ok(match (verdict.decision, verdict.layer) {
            (Decision::Allow, _) => Proposed::Allow,
            (Decision::Deny, layer) => Proposed::Deny(layer.unwrap_or(LayerName::Service)),
        })
    }

    /// What the policies say about `logged`, exactly over every value of
    /// the fields the record does not carry.
    pub fn propose(&self, logged: &LoggedRequest) -> Proposed {
        let mut base = logged.spec.clone();
        let protocol = match base.protocol.as_deref() {
            Some("GRPC") => Protocol::Grpc,
            Some("TLS") => Protocol::Tls,
            Some("HTTPS") => Protocol::Https,
            _ => Protocol::Http,
        };
        let u = logged.unlogged;
        let unlogged_dim = |dim: &Dim| match dim {
            Dim::Header(name) => !base.headers.contains_key(name.as_str()),
            Dim::Query(_) => u.query,
            Dim::Port | Dim::ServiceTag(_) => true,
            Dim::VpcOwner => u.vpc_owner,
            Dim::Vpc => u.vpc,
            Dim::Network => u.network,
            Dim::Time => u.time,
            _ => false,
        };
        let mut axes: Vec<(String, Vec<Option<&Fragment>>)> = Vec::new();
        if let Some((_, fields)) = self.spaces.iter().find(|(p, _)| *p == protocol) {
            for (field, values) in fields {
                if unlogged_dim(&field.dim) {
                    axes.push((field.key.clone(), values.iter().map(Some).collect()));
                }
            }
        }
        let (role, roles) = self.role_candidates(&base);
        if let Some(role) = role {
            set_role(&mut base, Some(role));
        }
        let role_axis = !roles.is_empty() && protocol != Protocol::Tls;
        if role_axis {
            // The pathless role first, then one per path a pattern could match.
            axes.push((
                "the role's path (aws:PrincipalArn)".to_string(),
                std::iter::repeat_n(None, roles.len() + 1).collect(),
            ));
        }
        let sizes: Vec<usize> = axes.iter().map(|(_, v)| v.len()).collect();
        let total = sizes
            .iter()
            .try_fold(1usize, |acc, &n| acc.checked_mul(n))
            .unwrap_or(usize::MAX);
        if total == 1 {
            return self.decide(base).unwrap_or_else(Proposed::Invalid);
        }
        if total > MAX_COMBINATIONS {
            return Proposed::Undetermined(axes.into_iter().map(|(k, _)| k).collect());
        }
        let mut results: Vec<Option<Proposed>> = Vec::with_capacity(total);
        let mut digits = vec![0usize; axes.len()];
        for _ in 0..total {
            let mut spec = base.clone();
            for (axis, (&digit, (name, values))) in digits.iter().zip(axes.iter()).enumerate() {
                let _ = name;
                if role_axis && axis + 1 == axes.len() {
                    let role = digit.checked_sub(1).and_then(|i| roles.get(i)).cloned();
                    if role.is_some() {
                        set_role(&mut spec, role);
                    }
                } else if let Some(Some(fragment)) = values.get(digit) {
                    fragment.apply(&mut spec);
                }
            }
            // A combination no request can make (a value outside its key's
            // domain for this protocol) is no request at all.
            results.push(self.decide(spec).ok());
            for (d, &size) in digits.iter_mut().zip(&sizes) {
                *d += 1;
                if *d < size {
                    break;
                }
                *d = 0;
            }
        }
        let mut seen = results.iter().flatten();
        let Some(first) = seen.next() else {
            return self.decide(base).unwrap_or_else(Proposed::Invalid);
        };
        if seen.all(|r| r == first) {
            return first.clone();
        }
        // Name the fields that change the answer on their own.
        let mut deciding = Vec::new();
        let mut stride = 1;
        for ((name, _), &size) in axes.iter().zip(&sizes) {
            let matters = (0..total).any(|i| {
                let digit = (i / stride) % size;
                let zero = i - digit * stride;
                matches!((results.get(i), results.get(zero)), (Some(Some(a)), Some(Some(b))) if a != b)
            });
            if matters {
                deciding.push(name.clone());
            }
            stride *= size;
        }
        if deciding.is_empty() {
            deciding = axes.into_iter().map(|(k, _)| k).collect();
        }
        Proposed::Undetermined(deciding)
    }

    /// How a record fares: what the log says against what the policies say.
    /// Returns the verdict and, for a denial, the layer the policies blame.
    pub fn verdict(&self, recorded: Recorded, proposed: &Proposed) -> Verdict {
        if let Recorded::Denied(Some(layer)) = recorded {
            let given = match layer {
                LayerName::ServiceNetwork => self.network_given,
                LayerName::Service => true,
                LayerName::Identity => self.identity_given,
            };
            if !given {
                return Verdict::Disagreeing;
            }
        }
        let changed = if self.current {
            Verdict::Disagreeing
        } else {
            Verdict::Unchanged
        };
        match (recorded, proposed) {
            (_, Proposed::Undetermined(_) | Proposed::Invalid(_)) => Verdict::Undetermined,
            (Recorded::Allowed, Proposed::Allow) => Verdict::Unchanged,
            (Recorded::Allowed, Proposed::Deny(_)) if self.current => changed,
            (Recorded::Allowed, Proposed::Deny(_)) => Verdict::NewlyDenied,
            (Recorded::Denied(_), Proposed::Allow) if self.current => changed,
            (Recorded::Denied(_), Proposed::Allow) => Verdict::NewlyAllowed,
            (Recorded::Denied(None), Proposed::Deny(_)) => Verdict::Unchanged,
            (Recorded::Denied(Some(logged)), Proposed::Deny(layer)) => {
                if logged == *layer {
                    Verdict::Unchanged
                } else {
                    Verdict::Disagreeing
                }
            }
        }
    }
}

fn set_role(spec: &mut RequestSpec, role: Option<String>) {
    let details = match spec.principal.take() {
        Some(p) => p.into_details(),
        None => PrincipalDetails::default(),
    };
    spec.principal = Some(PrincipalSpec::Details(PrincipalDetails {
        role_arn: role,
        ..details
    }));
}
