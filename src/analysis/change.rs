//! A class of requests whose decision changes, as data: which protocols,
//! and for each request field the class restricts, which values it holds
//! (callers as accounts and organizations, services as "any path", values no
//! policy names marked as such). How a class reads is
//! [`crate::wording`]'s business, not the analysis's.

use super::answers::Witness;
use super::space::{Dim, Fragment};
use crate::eval::Protocol;

/// A class of requests whose decision differs between two setups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The protocols of the class's requests.
    pub protocols: Vec<Protocol>,
    /// What the class holds of each request field it restricts (a field it
    /// does not restrict is left out), in the analysis's field order.
    pub constraints: Vec<Constraint>,
    /// One request of the class, replayed through both setups.
    pub witness: Witness,
}

/// What a class holds of one request field, or of fields that some policy
/// part reads together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The fields.
    pub fields: Vec<Dim>,
    /// Their values in the class.
    pub values: ValueSet,
}

/// The values of a field (or fields) in a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueSet {
    /// Callers.
    Callers(Vec<CallerClass>),
    /// Services and paths.
    Targets(Vec<TargetClass>),
    /// Every value but these, each one that a policy names.
    AllBut(Vec<Vec<Fragment>>),
    /// These values.
    Values(Vec<Value>),
}

/// One value of the space: a value for each field of the constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The value of each field.
    pub fragments: Vec<Fragment>,
    /// True when the policies write this value; false when it stands for
    /// every value no policy names (or, for a path, every path of its class).
    pub named: bool,
}

/// Callers of a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallerClass {
    /// Unsigned callers.
    Anonymous,
    /// Every signed caller, in these organizations when some are left out.
    AnySigned(Option<Orgs>),
    /// Every signed caller of an account, in these organizations when some
    /// are left out.
    Account {
        /// The account id.
        id: String,
        /// True when a policy names the account; false when it stands for
        /// every account no policy names.
        named: bool,
        /// The organizations.
        orgs: Option<Orgs>,
    },
    /// Every caller with this principal ARN, whatever its organization and tags.
    Identity(String),
    /// One caller class of the space exactly.
    Caller(Vec<Fragment>),
}

/// Organizations of a caller class; `None` stands for "in no organization".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Orgs {
    /// One of these.
    In(Vec<Option<String>>),
    /// Any but these (said so when that is shorter).
    NotIn(Vec<Option<String>>),
    /// These organizations, some only with some organization paths: what
    /// tells the class apart is where its callers sit in the organization
    /// (`aws:PrincipalOrgPaths`).
    WithPaths(Vec<OrgPaths>),
}

/// An organization of a caller class, and the organization paths its
/// callers have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgPaths {
    /// The organization id; `None` for callers in no organization.
    pub org: Option<String>,
    /// Each set of organization paths a caller of the class may have, each
    /// standing for every set the policies tell apart from the others alike
    /// (an empty set: a caller with no organization path); `None` when every
    /// path in the organization is in the class.
    pub paths: Option<Vec<Vec<String>>>,
}

/// Services and paths of a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetClass {
    /// Every path of this service.
    AnyPath(String),
    /// A service and path (its `named`: the policies write the path).
    Value(Value),
}
