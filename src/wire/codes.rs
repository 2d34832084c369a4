//! The codes of what [`super::inspect`] finds in a request's signature:
//! what VPC Lattice checks when it authenticates a request, before any
//! policy is read. An error-severity code means Lattice rejects the request
//! at authentication (decision `authentication-before-policy`); a warning
//! is likely to; an info code only says what was found.

use crate::diagnostic::declare_codes;

declare_codes! {
    /// Every code in this module, in declaration order.
    ALL: Request;
    /// The signature is not one Lattice can read.
    ///
    /// A SigV4 `Authorization` header is `AWS4-HMAC-SHA256
    /// Credential=KEY/DATE/REGION/SERVICE/aws4_request,
    /// SignedHeaders=a;b;c, Signature=HEX`; a presigned URL carries
    /// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
    /// `X-Amz-SignedHeaders` and `X-Amz-Signature`. A part missing or
    /// misspelt, a request time (`X-Amz-Date`) that is not
    /// `YYYYMMDD'T'HHMMSS'Z'`, or an `X-Amz-Expires` outside 1 to 604800
    /// seconds makes Lattice reject the request
    /// (`IncompleteSignatureException`). Sign with an AWS SDK, the AWS CRT
    /// or `policy sign` rather than by hand.
    SIGV4_MALFORMED = ("sigv4-malformed", Error, Error, "the SigV4 signature is missing a part or has one that cannot be read");
    /// An `Authorization` header that is not a SigV4 or SigV4A signature.
    ///
    /// Lattice authenticates requests signed with SigV4
    /// (`AWS4-HMAC-SHA256`) or SigV4A (`AWS4-ECDSA-P256-SHA256`). Another
    /// scheme (`Basic`, `Bearer`, a SigV2 `AWS KEY:SIG`) is not one it
    /// reads; this tool takes such a request as anonymous, which is what
    /// the policy is then asked about. If the caller meant to sign, sign
    /// with SigV4 and the signing name `vpc-lattice-svcs`.
    SIGV4_NOT_SIGV4 = ("sigv4-not-sigv4", Warning, Warning, "the Authorization header is not a SigV4 or SigV4A signature");
    /// The signature is for another service than `vpc-lattice-svcs`.
    ///
    /// The credential scope's service (`KEY/DATE/REGION/SERVICE/aws4_request`)
    /// must be `vpc-lattice-svcs`, the signing name of every example in the
    /// VPC Lattice User Guide; `vpc-lattice` (the control plane's), `execute-api`
    /// or `lambda` are common mistakes. With curl: `--aws-sigv4
    /// "aws:amz:REGION:vpc-lattice-svcs"`.
    SIGV4_SIGNING_NAME = ("sigv4-signing-name", Error, Error, "the signature's signing name is not vpc-lattice-svcs");
    /// The payload was signed, or its hash is not `UNSIGNED-PAYLOAD`.
    ///
    /// "VPC Lattice does not support payload signing. You must send an
    /// `x-amz-content-sha256` header with the value set to
    /// `UNSIGNED-PAYLOAD`." A request that signs its body fails with
    /// `InvalidSignatureException: Signed payloads are not supported`.
    /// Tell the signer not to sign the payload (Java
    /// `PAYLOAD_SIGNING_ENABLED false`, Go `DisableImplicitPayloadHashing`,
    /// CRT `signed_body_value UNSIGNED-PAYLOAD`; curl: `-H
    /// "x-amz-content-sha256: UNSIGNED-PAYLOAD"`).
    SIGV4_SIGNED_PAYLOAD = ("sigv4-signed-payload", Error, Error, "the payload hash is not UNSIGNED-PAYLOAD: Lattice does not support signed payloads");
    /// A signed request without the `x-amz-content-sha256` header.
    ///
    /// Lattice requires `x-amz-content-sha256: UNSIGNED-PAYLOAD` on every
    /// signed request, presigned URLs included (the AWS CRT adds it to a
    /// Lattice presigned URL's signed headers, so the header must be sent
    /// with it). Add the header before signing, and sign it.
    SIGV4_PAYLOAD_HASH_MISSING = ("sigv4-payload-hash-missing", Error, Error, "the signed request has no x-amz-content-sha256: UNSIGNED-PAYLOAD header");
    /// A header named in `SignedHeaders` is not in the request.
    ///
    /// Each signed header is part of the signature, so a header signed and
    /// then dropped (by a proxy, or by copying the request by hand) fails
    /// authentication. Send every header the signer signed, or sign only
    /// those that will be sent.
    SIGV4_SIGNED_HEADER_MISSING = ("sigv4-signed-header-missing", Error, Error, "a header named in SignedHeaders is not in the request");
    /// `host` is not among the signed headers.
    ///
    /// SigV4 always signs `host` (and gRPC clients must send the authority
    /// without a port, so that it matches what was signed). A signature
    /// without it is rejected.
    SIGV4_HOST_NOT_SIGNED = ("sigv4-host-not-signed", Error, Error, "the host header is not signed");
    /// The credential scope cannot be read.
    ///
    /// A SigV4 scope is `KEY/YYYYMMDD/REGION/SERVICE/aws4_request`, a SigV4A
    /// scope `KEY/YYYYMMDD/SERVICE/aws4_request` (no region: the region set
    /// is in `X-Amz-Region-Set`). A part missing, an extra part, a date that
    /// is not a date, or a last part other than `aws4_request` is rejected.
    SIGV4_CREDENTIAL_SCOPE = ("sigv4-credential-scope", Error, Error, "the credential scope is not KEY/DATE/REGION/SERVICE/aws4_request");
    /// The scope's date is not the date of `X-Amz-Date`.
    ///
    /// The signing key is derived from the scope's date, and AWS requires
    /// it to be the day of the request time. A request signed just before
    /// midnight UTC and replayed with a new `X-Amz-Date`, or a signer given
    /// a local date, fails this way.
    SIGV4_SCOPE_DATE_MISMATCH = ("sigv4-scope-date-mismatch", Error, Error, "the credential scope's date is not the date of X-Amz-Date");
    /// The scope's region is not an AWS region.
    ///
    /// The region in the credential scope must be a region's code
    /// (`us-west-2`), the region the service is in. `us-west-2a` (a zone),
    /// `global` or an empty region are rejected.
    SIGV4_UNKNOWN_REGION = ("sigv4-unknown-region", Error, Error, "the credential scope's region is not an AWS region");
    /// The scope's region is not the service's.
    ///
    /// A SigV4 signature is valid in the region of its scope only. The
    /// service's region is read from its Lattice domain name
    /// (`….vpc-lattice-svcs.REGION.on.aws`), else from the service ARN the
    /// evaluation uses.
    SIGV4_REGION_MISMATCH = ("sigv4-region-mismatch", Error, Error, "the credential scope's region is not the service's region");
    /// The presigned URL has expired.
    ///
    /// A presigned URL is valid from `X-Amz-Date` for `X-Amz-Expires`
    /// seconds. Compared with `--now` (default: the clock).
    SIGV4_EXPIRED = ("sigv4-expired", Error, Error, "the presigned URL has expired");
    /// The request time is more than 5 minutes from now.
    ///
    /// AWS rejects a request whose `X-Amz-Date` is more than 5 minutes
    /// before or after its own clock (`Signature expired` or `Signature not
    /// yet current`). Compared with `--now` (default: the clock): give the
    /// time the request was sent to inspect a captured request later.
    SIGV4_CLOCK_SKEW = ("sigv4-clock-skew", Error, Error, "the request time is more than 5 minutes from now");
    /// A session token is signed but not sent.
    ///
    /// `'x-amz-security-token' is named as a SignedHeader, but it does not
    /// exist in the HTTP request`: temporary credentials (`ASIA…` keys)
    /// need their session token sent with the request, and it was signed
    /// but dropped. Send `x-amz-security-token` (curl: `-H
    /// "x-amz-security-token: $AWS_SESSION_TOKEN"`).
    SIGV4_SESSION_TOKEN_MISSING = ("sigv4-session-token-missing", Error, Error, "x-amz-security-token is signed but not in the request");
    /// A session token is sent but not signed, or missing for a temporary key.
    ///
    /// A session token sent in a header that `SignedHeaders` does not name
    /// can be swapped without breaking the signature, and AWS rejects it for
    /// most services; a temporary key (`ASIA…`) with no token at all is
    /// rejected as an invalid key. Sign `x-amz-security-token` with the
    /// rest.
    SIGV4_SESSION_TOKEN_UNSIGNED = ("sigv4-session-token-unsigned", Warning, Warning, "a session token is sent but not signed, or a temporary key has none");
    /// A SigV4A signature, and the regions it is valid in.
    ///
    /// SigV4A (`AWS4-ECDSA-P256-SHA256`) signs with a key pair derived from
    /// the secret, for the regions in `X-Amz-Region-Set` (`*` for all, as
    /// the User Guide's examples use). Lattice accepts it; the finding says
    /// which regions the signature covers.
    SIGV4A_REGION_SET = ("sigv4a-region-set", Info, Suggestion, "the request is signed with SigV4A for a region set");
    /// The SigV4A region set does not cover the service's region, or is missing.
    ///
    /// Each entry of `X-Amz-Region-Set` is a region or a pattern with `*`
    /// (`us-*`); the service's region (from its Lattice domain name, else
    /// the service ARN) must match one. A SigV4A request without a region
    /// set cannot be verified.
    SIGV4A_REGION_NOT_COVERED = ("sigv4a-region-not-covered", Error, Error, "the SigV4A region set does not cover the service's region");
    /// The request is signed twice, or in two places.
    ///
    /// An `Authorization` header and a presigned query (`X-Amz-Signature`),
    /// or two `Authorization` headers, make the request ambiguous, and AWS
    /// rejects it. Keep one.
    SIGV4_DUPLICATE_AUTH = ("sigv4-duplicate-auth", Error, Error, "the request carries more than one signature");
}
