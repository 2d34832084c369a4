//! The size of a policy.

pub(super) mod policy_size_exceeds_resource_policy_quota;

pub use policy_size_exceeds_resource_policy_quota::{
    over_quota, policy_size, size_finding, AUTH_POLICY_SIZE_QUOTA, RULE,
};
