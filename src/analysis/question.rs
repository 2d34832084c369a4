//! What a question about allowed requests is about: which callers, over
//! which protocols, from which networks, through which statement, lacking
//! which key. Plain data: [`Analysis::ask`](super::Analysis::ask) answers it.

use crate::eval::Protocol;

/// The callers a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callers<'a> {
    /// Every caller, signed or not.
    Anyone,
    /// Unsigned callers (every TLS passthrough connection is one).
    Anonymous,
    /// Signed callers of an account no policy names, in no organization a
    /// policy names: "any AWS account".
    Foreign,
    /// Signed callers neither of one of `accounts` nor in one of `orgs`.
    Outside {
        /// Account ids.
        accounts: &'a [String],
        /// Organization ids.
        orgs: &'a [String],
    },
}

/// The protocols a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocols {
    /// Every protocol.
    Any,
    /// HTTP, HTTPS and gRPC requests: the action `vpc-lattice-svcs:Invoke`.
    Invoke,
    /// TLS passthrough connections: the action `vpc-lattice-svcs:Connect`.
    Connect,
}

impl Protocols {
    /// True when `protocol` is one of these.
    pub fn contains(self, protocol: Protocol) -> bool {
        match self {
            Protocols::Any => true,
            Protocols::Invoke => protocol != Protocol::Tls,
            Protocols::Connect => protocol == Protocol::Tls,
        }
    }
}

/// The networks (source VPC, its owner account, service network) a
/// question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Networks {
    /// Every network.
    Any,
    /// Only networks no value the policies write for them matches: requests
    /// from somewhere the policies never mention.
    Unnamed,
}

/// "Is some request allowed …?", narrowed down. Built with
/// [`Question::new`] and the narrowing methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question<'a> {
    /// The callers.
    pub callers: Callers<'a>,
    /// The protocols.
    pub protocols: Protocols,
    /// The networks.
    pub networks: Networks,
    /// Only requests that this statement of the setup's service policy (its
    /// position in the policy) applies to.
    pub through: Option<usize>,
    /// Only requests that do not carry this condition key.
    pub lacking: Option<&'a str>,
}

impl<'a> Question<'a> {
    /// Requests from `callers`, over any protocol and network.
    pub fn new(callers: Callers<'a>) -> Question<'a> {
        Question {
            callers,
            protocols: Protocols::Any,
            networks: Networks::Any,
            through: None,
            lacking: None,
        }
    }

    /// Only requests over `protocols`.
    pub fn over(self, protocols: Protocols) -> Question<'a> {
        Question { protocols, ..self }
    }

    /// Only requests from `networks`.
    pub fn from(self, networks: Networks) -> Question<'a> {
        Question { networks, ..self }
    }

    /// Only requests that statement `statement` of the service policy applies to.
    pub fn through(self, statement: usize) -> Question<'a> {
        Question {
            through: Some(statement),
            ..self
        }
    }

    /// Only requests without the condition key `key`.
    pub fn lacking(self, key: &'a str) -> Question<'a> {
        Question {
            lacking: Some(key),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_split_invoke_from_connect() {
        for p in Protocol::ALL {
            assert!(Protocols::Any.contains(p));
            assert_ne!(
                Protocols::Invoke.contains(p),
                Protocols::Connect.contains(p)
            );
        }
        assert!(Protocols::Connect.contains(Protocol::Tls));
        assert!(Protocols::Invoke.contains(Protocol::Grpc));
    }

    #[test]
    fn narrowing_keeps_the_rest() {
        let q = Question::new(Callers::Foreign)
            .over(Protocols::Invoke)
            .through(2)
            .from(Networks::Unnamed)
            .lacking("aws:PrincipalOrgID");
        assert_eq!(q.callers, Callers::Foreign);
        assert_eq!(q.protocols, Protocols::Invoke);
        assert_eq!(q.networks, Networks::Unnamed);
        assert_eq!(q.through, Some(2));
        assert_eq!(q.lacking, Some("aws:PrincipalOrgID"));
        assert_eq!(Question::new(Callers::Anyone).through, None);
    }
}
