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

/// One setup of an [`Analysis`](super::Analysis): the handle
/// [`Setups::add`] returns, to name the setup in questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Setup(pub(super) usize);

/// The setups an analysis compares over one shared request space, gathered
/// before it is made.
#[derive(Clone, Debug, Default)]
pub struct Setups<'p> {
    pub(super) layers: Vec<Layers<'p>>,
}

impl<'p> Setups<'p> {
    /// No setups yet.
    pub fn new() -> Setups<'p> {
        Setups::default()
    }

    /// Adds a setup; its handle names it in the analysis's questions.
    pub fn add(&mut self, layers: Layers<'p>) -> Setup {
        self.layers.push(layers);
        Setup(self.layers.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, LoadOptions};

    #[test]
    fn each_setup_gets_its_own_handle() {
        let policy = load_str(
            "t.json",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
            LoadOptions::default(),
        )
        .policy
        .unwrap();
        let mut setups = Setups::new();
        let a = setups.add(Layers::service(&policy));
        let b = setups.add(Layers::service(&policy));
        assert_ne!(a, b);
        assert_eq!(setups.layers.len(), 2);
        let layers = Layers::service(&policy).layers();
        assert!(layers[0].is_none());
        assert!(layers[1].is_some());
    }
}
