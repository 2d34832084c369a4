//! A build without the `call` feature (`cargo test --no-default-features`):
//! `policy call` is still a command, and says why it does nothing.

use super::*;

#[test]
fn call_says_the_build_has_no_network_support() {
    let run = policy(&[
        &"call",
        &"https://svc-0123.7d67968.vpc-lattice-svcs.us-west-2.on.aws/rates",
        &"-X",
        &"POST",
        &"--dry-run",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(
        run.stderr.contains("built without the `call` feature"),
        "{run:?}"
    );
}

#[test]
fn sign_still_works_offline() {
    let run = policy(&[
        &"sign",
        &"https://svc-0123.7d67968.vpc-lattice-svcs.us-west-2.on.aws/rates",
        &"--access-key-id",
        &"AKIAIOSFODNN7EXAMPLE",
        &"--secret-access-key",
        &"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("AWS4-HMAC-SHA256"), "{run:?}");
}
