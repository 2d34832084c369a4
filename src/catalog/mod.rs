//! Offline tables: the condition keys, services and actions the linter knows.
//! The tool never calls AWS; everything it needs ships in the binary.

mod keys;

pub use keys::{condition_key, KeyInfo, KeyType, GLOBAL_KEYS, LATTICE_KEYS};

/// The VPC Lattice data-plane service prefix.
pub const LATTICE_SERVICE: &str = "vpc-lattice-svcs";

/// The data-plane actions (SEMANTICS.md §2.4): every auth-policy request is one of them.
pub const LATTICE_ACTIONS: [&str; 2] = ["Invoke", "Connect"];
