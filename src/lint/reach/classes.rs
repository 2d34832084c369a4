//! The classes of callers the security rules reason about, and what each
//! fixes about the condition keys: a context holding the fixed values, and
//! for every key whether it is known, absent, present or open.

use crate::eval::request::keys;
use crate::eval::{Caller, Context, ContextValue, Principal, PrincipalType};
use crate::lint::lattice::{key_kind, KeyKind};
use crate::model::{Policy, Principals};

/// A class of callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// Unsigned HTTP and gRPC requests (`vpc-lattice-svcs:Invoke`).
    Anonymous,
    /// Connections through a TLS passthrough listener (`vpc-lattice-svcs:Connect`):
    /// anonymous, without any HTTP key (decision `tls-connect-only`).
    Tls,
    /// Signed HTTP and gRPC requests from a principal of an account, organization
    /// and VPC that the policy does not name.
    Foreign,
}

/// What a class fixes about a condition key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyState {
    /// The value is fixed; the context holds it.
    Known,
    /// The class's requests never carry the key.
    Absent,
    /// Always carried; the value depends on the request (only `Null` is decided).
    Present,
    /// Carried or not, with any value, depending on the request.
    Open,
}

/// One concrete member of a class: a caller and the context it fixes.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The class.
    pub class: Class,
    pub(super) caller: Caller,
    pub(super) context: Context,
    in_org: bool,
    user: bool,
}

impl Variant {
    /// What this variant fixes about `key`.
    pub fn key_state(&self, key: &str) -> KeyState {
        self.state(key_kind(key))
    }

    pub(super) fn state(&self, kind: KeyKind) -> KeyState {
        use KeyKind as K;
        use KeyState::{Absent, Known, Open, Present};
        let (tls, foreign) = (self.class == Class::Tls, self.class == Class::Foreign);
        match kind {
            K::Always => Present,
            K::Http | K::HttpOptional if tls => Absent,
            K::Http => Present,
            K::HttpOptional => Open,
            K::Network if foreign => Known,
            K::Network => Present,
            K::Caller => Known,
            K::UserId if tls => Absent,
            K::UserId => Known,
            K::Signed if foreign => Known,
            K::Org if foreign && self.in_org => Known,
            K::Tag if foreign => Open,
            K::Username if foreign && self.user => Open,
            K::Signed | K::Org | K::Tag | K::Username | K::Other => Absent,
        }
    }
}

/// A value the policy text does not contain, from `candidates`.
fn fresh(mentioned: &[&str], candidates: impl IntoIterator<Item = String>) -> String {
    let mut last = String::new();
    for c in candidates {
        if !mentioned.iter().any(|m| m.contains(c.as_str())) {
            return c;
        }
        last = c;
    }
    last
}

/// Placeholder for a key that is always carried but whose value is open.
const OPEN_VALUE: &str = "\u{1}";

/// Every principal, resource and condition value the policy holds.
pub(super) fn mentioned(policy: &Policy) -> Vec<&str> {
    let mut all = Vec::new();
    for statement in &policy.statements {
        if let Some(Principals::Map(entries)) = statement.principal.as_ref().map(|p| &p.value) {
            all.extend(
                entries
                    .iter()
                    .flat_map(|e| &e.values)
                    .map(|v| v.value.as_str()),
            );
        }
        all.extend(statement.resource.items.iter().map(|i| i.value.as_str()));
        for crate::model::ClauseRef { clause, .. } in statement.clauses() {
            all.extend(clause.values.iter().map(|v| v.text.as_str()));
        }
    }
    all
}

pub(super) fn variants(mentioned: &[&str]) -> Vec<Variant> {
    let single = |s: &str| ContextValue::Single(s.to_string());
    let mut present = Context::new();
    for key in [
        keys::PORT,
        keys::SERVICE_ARN,
        keys::SERVICE_NETWORK_ARN,
        keys::CURRENT_TIME,
        keys::EPOCH_TIME,
        keys::SOURCE_VPC,
        keys::SOURCE_VPC_OWNER_ACCOUNT,
    ] {
        present.insert(key, single(OPEN_VALUE));
    }
    let mut tls = present.clone();
    tls.insert(keys::PRINCIPAL_TYPE, single("Anonymous"));
    tls.insert(keys::PRINCIPAL_ACCOUNT, single("anonymous"));
    let mut http = present;
    for key in [
        keys::REQUEST_METHOD,
        keys::REQUEST_PATH,
        keys::SECURE_TRANSPORT,
    ] {
        http.insert(key, single(OPEN_VALUE));
    }
    let mut anonymous = http.clone();
    anonymous.insert(keys::PRINCIPAL_TYPE, single("Anonymous"));
    anonymous.insert(keys::PRINCIPAL_ACCOUNT, single("anonymous"));
    anonymous.insert(keys::USERID, single("anonymous"));

    let mut all = vec![
        Variant {
            class: Class::Anonymous,
            caller: Caller::Anonymous,
            context: anonymous,
            in_org: false,
            user: false,
        },
        Variant {
            class: Class::Tls,
            caller: Caller::Anonymous,
            context: tls,
            in_org: false,
            user: false,
        },
    ];

    let account = fresh(
        mentioned,
        (0..100u64).map(|i| format!("{}", 999_999_999_999 - i)),
    );
    let name = fresh(mentioned, (0..100).map(|i| format!("zz-caller-{i}")));
    let org = fresh(mentioned, (0..100).map(|i| format!("o-zz{i:08}")));
    let vpc = fresh(mentioned, (0..100).map(|i| format!("vpc-0zz{i:014}")));
    let id = fresh(mentioned, (0..100).map(|i| format!("ZZZZZZZZZZZZZ{i:04}")));
    let types = [
        PrincipalType::AssumedRole,
        PrincipalType::User,
        PrincipalType::Account,
        PrincipalType::FederatedUser,
    ];
    for in_org in [false, true] {
        for kind in &types {
            let (arn, session, user_id) = match kind {
                PrincipalType::AssumedRole => (
                    format!("arn:aws:iam::{account}:role/{name}"),
                    Some(format!("arn:aws:sts::{account}:assumed-role/{name}/{name}")),
                    format!("AROA{id}:{name}"),
                ),
                PrincipalType::User => (
                    format!("arn:aws:iam::{account}:user/{name}"),
                    None,
                    format!("AIDA{id}"),
                ),
                PrincipalType::FederatedUser => (
                    format!("arn:aws:sts::{account}:federated-user/{name}"),
                    None,
                    format!("{account}:{name}"),
                ),
                _ => (
                    format!("arn:aws:iam::{account}:root"),
                    None,
                    account.clone(),
                ),
            };
            let org_paths = if in_org {
                vec![format!("{org}/r-zz00/ou-zz00-{name}/")]
            } else {
                Vec::new()
            };
            let mut context = http.clone();
            context.insert(keys::PRINCIPAL_TYPE, single(kind.as_str()));
            context.insert(keys::PRINCIPAL_ACCOUNT, single(&account));
            context.insert(keys::PRINCIPAL_ARN, single(&arn));
            context.insert(keys::PRINCIPAL_IS_AWS_SERVICE, single("false"));
            context.insert(keys::USERID, single(&user_id));
            context.insert(keys::SOURCE_VPC, single(&vpc));
            context.insert(keys::SOURCE_VPC_OWNER_ACCOUNT, single(&account));
            if in_org {
                context.insert(keys::PRINCIPAL_ORG_ID, single(&org));
                context.insert(
                    keys::PRINCIPAL_ORG_PATHS,
                    ContextValue::Multi(org_paths.clone()),
                );
            }
            let user = *kind == PrincipalType::User;
            all.push(Variant {
                class: Class::Foreign,
                caller: Caller::Authenticated(Principal {
                    kind: kind.clone(),
                    account: account.clone(),
                    arn,
                    session_arn: session,
                    user_id,
                    username: user.then(|| name.clone()),
                    org_id: in_org.then(|| org.clone()),
                    org_paths,
                    tags: Vec::new(),
                }),
                context,
                in_org,
                user,
            });
        }
    }
    all
}
