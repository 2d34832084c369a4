//! AWS Signature Version 4 as VPC Lattice uses it: canonical requests,
//! signing and verification, offline.
//!
//! Lattice authenticates every request signed with SigV4 before reading a
//! policy; a signature that fails is rejected there. Its rules: the signing
//! name is `vpc-lattice-svcs`, the payload is never signed
//! (`x-amz-content-sha256: UNSIGNED-PAYLOAD` is sent and signed, in the
//! header and the presigned form alike), `host` is always signed, and a
//! session token is sent as `x-amz-security-token`.
//!
//! * [`request`]: the request as written on the wire;
//! * [`encode`], [`canonical`]: the canonical request and string to sign,
//!   with both path encodings AWS's own Lattice examples use;
//! * [`crypto`]: SHA-256, HMAC-SHA256 and the signing key;
//! * [`mod@sign`]: the header and presigned forms, SigV4 ([`sign()`]) and
//!   SigV4A ([`sign_sigv4a`]);
//! * [`sigv4a`]: SigV4A's key derivation and ECDSA signatures;
//! * [`auth`]: reading the signature a request carries;
//! * [`mod@verify`]: recomputing it with known credentials;
//! * [`key_cache`]: derived keys kept per thread for repeated scopes;
//! * [`credentials`]: credentials whose secrets never print;
//! * [`chain`]: finding credentials the way the AWS CLI does, offline.

pub mod auth;
pub mod canonical;
pub mod chain;
pub mod credentials;
pub mod crypto;
pub mod encode;
pub mod key_cache;
pub mod request;
pub mod sign;
pub mod sigv4a;
pub mod verify;

pub use canonical::{Canonicalization, UriEncoding};
pub use credentials::{Credentials, Secret};
pub use request::HttpRequest;
pub use sign::{
    sign, sign_sigv4a, sign_with, Algorithm, Payload, SignForm, SignParams, Signed,
    LATTICE_SIGNING_NAME, UNSIGNED_PAYLOAD,
};
pub use verify::{verify, Verification, VerifyError};
