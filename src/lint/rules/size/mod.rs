//! The size of a policy.

pub(super) mod policy_size_exceeds_resource_policy_quota;

pub use policy_size_exceeds_resource_policy_quota::{
    over_quota, policy_size, AUTH_POLICY_SIZE_QUOTA,
};
