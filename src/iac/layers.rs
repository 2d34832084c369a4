//! Which other auth layer the requests a policy sees cross, when the same
//! file set defines it: a request to a service passes its service network's
//! auth policy and the service's (decision `auth-type-none-allows` for a
//! layer whose auth type is `NONE`), so a service policy's open door may be
//! shut by the network's policy, and the reverse.
//!
//! A service and a network go together when the file associates them
//! (`AWS::VpcLattice::ServiceNetworkServiceAssociation`,
//! `aws_vpclattice_service_network_service_association`, a route's
//! `parentRefs`), or, in a file with no association at all, when it defines
//! exactly one service network and one service. Only what the file states is
//! used: a policy is given other layers only when every way a request
//! reaches its target is known, so that "the other layer refuses them" is
//! never said of a request that could come another way.
//!
//! The other files of the same set ([`super::file_set`]) are read too: a
//! network's policy in `network.tf`, a `Gateway`'s `IAMAuthPolicy` in
//! another manifest, another template's network reached through
//! `Fn::ImportValue`. A way that cannot be told (an import no template of
//! the run exports, a route defined twice with different `parentRefs`, two
//! files' policies on one target) is said, and nothing is weighed.

use super::file_set::Neighbours;
use super::{Extraction, SourceKind, Target, TargetKind, TargetRef};

/// The other layer on one way to a policy's target: the service network a
/// request to a service comes through, or a service a request through a
/// network goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherLayer {
    /// That layer's target, by its locator.
    pub target: String,
    /// A service network or a service.
    pub kind: TargetKind,
    /// The policies attached to it, as indices into
    /// [`Extraction::policies`] followed by [`Neighbours::policies`] (an
    /// index past the file's own policies is the neighbours'): the variants
    /// of what is deployed there (each must be considered). Empty when its
    /// auth type is `AWS_IAM` and it has no policy: it denies every request.
    pub policies: Vec<usize>,
}

/// What a policy's requests cross besides the policy itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Weighing {
    /// Only the policy decides: the file set does not say every way to its
    /// target, or a way crosses a layer that lets every request through.
    Alone,
    /// One other layer per way to its target, each enforcing its policy.
    Layers(Vec<OtherLayer>),
    /// The file set names the other layer in a way that cannot be told
    /// offline (an import no file exports, two candidate networks): why.
    Undecided(String),
}

/// For each policy of `extraction` (in order): the other layers its
/// requests cross, when the file alone says (see [`other_layers_in`]).
pub fn other_layers(extraction: &Extraction, kind: SourceKind) -> Vec<Weighing> {
    other_layers_in(extraction, kind, &Neighbours::default())
}

/// For each policy of `extraction` (in order): the other layers its
/// requests cross, one per way to its target, each enforcing its auth
/// policy (`AWS_IAM`), with the other files of its set (`neighbours`);
/// [`Weighing::Alone`] when the files do not say every way, or a way
/// crosses a layer that lets every request through (auth type `NONE`, not
/// set, or not known offline), so that only the policy itself decides.
pub fn other_layers_in(
    extraction: &Extraction,
    kind: SourceKind,
    neighbours: &Neighbours,
) -> Vec<Weighing> {
    let all = All {
        own: extraction,
        neighbours,
        kind,
    };
    let (pairs, undecided) = all.pairs();
    extraction
        .policies
        .iter()
        .map(|policy| {
            let Some(TargetRef::Local(own)) = &policy.attached_to else {
                return Weighing::Alone;
            };
            let Some(own_kind) = all.kind_of(own) else {
                return Weighing::Alone;
            };
            if neighbours.ambiguous.contains(own) {
                return Weighing::Undecided(format!(
                    "`{own}` is defined in more than one file of this run with different `parentRefs`, so which service networks it is in is not known"
                ));
            }
            let mut others = Vec::new();
            for (service, network) in &pairs {
                let other = match own_kind {
                    TargetKind::Service if service.as_ref() == Some(own) => network,
                    TargetKind::ServiceNetwork if network.as_ref() == Some(own) => service,
                    _ => continue,
                };
                let Some(other) = other.as_ref() else {
                    // Another stack's export this run does not settle.
                    if let Some(why) = undecided
                        .iter()
                        .find(|(s, n, _)| s == service && n == network)
                        .map(|(_, _, why)| why.clone())
                    {
                        return Weighing::Undecided(why);
                    }
                    // A side the files do not define may let anything through.
                    return Weighing::Alone;
                };
                if neighbours.ambiguous.contains(other) {
                    return Weighing::Undecided(format!(
                        "`{other}` is defined in more than one file of this run with different `parentRefs`, so whether this request crosses it is not known"
                    ));
                }
                let Some(layer) = all.enforcing(other) else {
                    return Weighing::Alone;
                };
                if let Some(why) = all.conflicting(&layer) {
                    return Weighing::Undecided(why);
                }
                if !others.contains(&layer) {
                    others.push(layer);
                }
            }
            if others.is_empty() {
                Weighing::Alone
            } else {
                Weighing::Layers(others)
            }
        })
        .collect()
}

/// A service and a network a file set pairs, each `None` when it names
/// something outside the set or unknown.
type Pair = (Option<String>, Option<String>);

/// A pair with a side the run cannot tell, and why.
type Undecided = (Option<String>, Option<String>, String);

/// A file and the other files of its set, read as one.
struct All<'a> {
    own: &'a Extraction,
    neighbours: &'a Neighbours,
    kind: SourceKind,
}

impl All<'_> {
    fn targets(&self) -> impl Iterator<Item = &Target> {
        self.own.targets.iter().chain(&self.neighbours.targets)
    }

    /// What each policy (own, then the neighbours') is attached to.
    fn attached(&self) -> impl Iterator<Item = Option<&TargetRef>> {
        self.own
            .policies
            .iter()
            .map(|p| p.attached_to.as_ref())
            .chain(
                self.neighbours
                    .policies
                    .iter()
                    .map(|p| p.attached_to.as_ref()),
            )
    }

    /// The (service, network) pairs the files state; and for those with a
    /// side imported from another stack this run does not settle, why.
    fn pairs(&self) -> (Vec<Pair>, Vec<Undecided>) {
        let mut undecided = Vec::new();
        let side = |r: &TargetRef| -> (Option<String>, Option<String>) {
            match r {
                TargetRef::Local(name) => (Some(name.clone()), None),
                TargetRef::Imported { export, written } => {
                    let found = self
                        .neighbours
                        .imports
                        .iter()
                        .find(|(e, _)| e == export)
                        .map(|(_, found)| found.as_slice())
                        .unwrap_or_default();
                    match found {
                        [one] => (Some(one.clone()), None),
                        [] => (None, Some(format!(
                            "`{written}` is another stack's export, which no template of this run exports, so its layer is not known offline"
                        ))),
                        several => (None, Some(format!(
                            "`{written}` is exported by {} templates of this run ({}), so which one it is is not known",
                            several.len(),
                            several.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                        ))),
                    }
                }
                TargetRef::Literal(_) | TargetRef::Unknown(_) => (None, None),
            }
        };
        let stated: Vec<_> = self
            .own
            .associations
            .iter()
            .chain(&self.neighbours.associations)
            .collect();
        if !stated.is_empty() {
            let mut pairs: Vec<Pair> = Vec::new();
            for a in stated {
                let ((service, s_why), (network, n_why)) = (side(&a.service), side(&a.network));
                if let Some(why) = s_why.or(n_why) {
                    undecided.push((service.clone(), network.clone(), why));
                }
                if !pairs.contains(&(service.clone(), network.clone())) {
                    pairs.push((service, network));
                }
            }
            return (pairs, undecided);
        }
        // No association anywhere: one network and one service of the
        // file itself go together (of the module, when its files share
        // their names: the neighbours are its other files).
        let shared = self.kind == SourceKind::Terraform;
        let of_kind = |k: TargetKind| -> Vec<String> {
            let targets: Vec<&Target> = if shared {
                self.targets().collect()
            } else {
                self.own.targets.iter().collect()
            };
            targets
                .into_iter()
                .filter(|t| t.kind == k)
                .map(|t| t.locator.clone())
                .collect()
        };
        let pairs = match (
            of_kind(TargetKind::Service).as_slice(),
            of_kind(TargetKind::ServiceNetwork).as_slice(),
        ) {
            ([service], [network]) => vec![(Some(service.clone()), Some(network.clone()))],
            _ => Vec::new(),
        };
        (pairs, undecided)
    }

    /// What `locator` is: a service or network the files define, or for
    /// Kubernetes one a `targetRef`/`parentRefs` names (Gateways and routes
    /// are named by kind).
    fn kind_of(&self, locator: &str) -> Option<TargetKind> {
        if let Some(target) = self.targets().find(|t| t.locator == locator) {
            return match target.kind {
                TargetKind::Service | TargetKind::ServiceNetwork => Some(target.kind.clone()),
                TargetKind::Other(_) => None,
            };
        }
        if self.kind != SourceKind::Kubernetes {
            return None;
        }
        match locator.split('/').next() {
            Some("Gateway") => Some(TargetKind::ServiceNetwork),
            Some("HTTPRoute" | "GRPCRoute" | "ServiceExport") => Some(TargetKind::Service),
            _ => None,
        }
    }

    /// The layer of `locator` when it enforces an auth policy; `None` when
    /// it may let every request through.
    fn enforcing(&self, locator: &str) -> Option<OtherLayer> {
        let target_kind = self.kind_of(locator)?;
        let wanted = TargetRef::Local(locator.to_owned());
        let policies: Vec<usize> = self
            .attached()
            .enumerate()
            .filter(|(_, r)| *r == Some(&wanted))
            .map(|(i, _)| i)
            .collect();
        let target = self.targets().find(|t| t.locator == locator);
        let enforces = if self.kind == SourceKind::Kubernetes {
            // The controller sets AWS_IAM on a Gateway or route with a
            // policy attached, NONE on one without; a policy outside the
            // files read is not seen.
            !policies.is_empty()
        } else {
            target
                .is_some_and(|t| !t.auth_type_unknown && t.auth_type.as_deref() == Some("AWS_IAM"))
        };
        enforces.then(|| OtherLayer {
            target: locator.to_owned(),
            kind: target_kind,
            policies,
        })
    }

    /// Why `layer` cannot be weighed: its policies come from more than one
    /// file, and only one of them is in force (the controller marks the
    /// other `Conflict`; which, depends on the order they are applied).
    fn conflicting(&self, layer: &OtherLayer) -> Option<String> {
        let own = self.own.policies.len();
        let mut files: Vec<Option<&str>> = layer
            .policies
            .iter()
            .map(|&i| {
                i.checked_sub(own)
                    .and_then(|j| self.neighbours.policies.get(j))
                    .map(|p| p.file.as_str())
            })
            .collect();
        files.sort_unstable();
        files.dedup();
        (files.len() > 1).then(|| {
            format!(
                "`{}` has auth policies in more than one file of this run, and only one of them is in force",
                layer.target
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::{cloudformation, ExtractOptions};

    fn layers(text: &str) -> Vec<Option<Vec<OtherLayer>>> {
        let extraction = cloudformation::extract(text, &ExtractOptions::default());
        other_layers(&extraction, SourceKind::CloudFormation)
            .into_iter()
            .map(|w| match w {
                Weighing::Layers(layers) => Some(layers),
                _ => None,
            })
            .collect()
    }

    const POLICY: &str = r#"{"Statement": []}"#;

    fn template(network_auth: &str, association: bool) -> String {
        let association = if association {
            r#""A": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {"ServiceIdentifier": {"Ref": "S"}, "ServiceNetworkIdentifier": {"Fn::GetAtt": ["N", "Arn"]}}},"#
        } else {
            ""
        };
        format!(
            r#"{{"Resources": {{{association}
              "S": {{"Type": "AWS::VpcLattice::Service", "Properties": {{"AuthType": "AWS_IAM"}}}},
              "N": {{"Type": "AWS::VpcLattice::ServiceNetwork", "Properties": {{"AuthType": {network_auth}}}}},
              "SP": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": {{"Ref": "S"}}, "Policy": {POLICY}}}}},
              "NP": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": {{"Ref": "N"}}, "Policy": {POLICY}}}}}}}}}"#
        )
    }

    #[test]
    fn an_associated_service_and_network_are_each_others_layer() {
        for association in [true, false] {
            let found = layers(&template(r#""AWS_IAM""#, association));
            let service = found[0].as_ref().expect("the service policy's network");
            assert_eq!(service[0].target, "N");
            assert_eq!(service[0].policies, [1]);
            let network = found[1].as_ref().expect("the network policy's service");
            assert_eq!(network[0].target, "S");
            assert_eq!(network[0].kind, TargetKind::Service);
            assert_eq!(network[0].policies, [0]);
        }
    }

    #[test]
    fn a_network_that_may_let_everything_through_is_no_layer() {
        for auth in [r#""NONE""#, r#"{"Ref": "Auth"}"#] {
            let found = layers(&template(auth, true));
            assert!(found[0].is_none(), "{auth}");
        }
    }

    #[test]
    fn an_association_with_a_service_elsewhere_leaves_the_network_alone() {
        let text = template(r#""AWS_IAM""#, true).replacen(
            r#""A":"#,
            r#""B": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {"ServiceIdentifier": "svc-0123456789abcdef0", "ServiceNetworkIdentifier": {"Ref": "N"}}}, "A":"#,
            1,
        );
        let found = layers(&text);
        assert!(found[0].is_some());
        assert!(found[1].is_none());
    }
}
