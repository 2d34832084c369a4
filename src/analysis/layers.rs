//! The setups the analysis compares: a service's auth layers.

use crate::eval::AuthType;
use crate::model::Policy;

/// The layers of one Lattice service, as the analysis takes them. The
/// identity layer is assumed to allow (decision `identity-layer-assumed`).
#[derive(Clone, Copy, Debug)]
pub struct Layers<'p> {
    /// The service network's auth type and policy, when there is one to consider.
    pub network: Option<(AuthType, Option<&'p Policy>)>,
    /// The service's auth type and policy.
    pub service: (AuthType, Option<&'p Policy>),
}

impl<'p> Layers<'p> {
    /// One service policy under `AWS_IAM`, with no service network policy.
    pub fn service(policy: &'p Policy) -> Layers<'p> {
        Layers {
            network: None,
            service: (AuthType::AwsIam, Some(policy)),
        }
    }

    pub(super) fn layers(&self) -> [Option<(AuthType, Option<&'p Policy>)>; 2] {
        [self.network, Some(self.service)]
    }
}
