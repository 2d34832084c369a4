//! SigV4 verification speed: `sigv4::verify` on a header-signed and a
//! presigned Lattice request (signed once, before timing), with the
//! credentials that signed them, so each verification recomputes the
//! canonical request, the string to sign and the signature and finds a
//! match on the first attempt (double encoding). The signing key comes from
//! the per-thread cache after the first call, as it does for a verifier
//! that sees many requests of one signer on one day. A SigV4A line
//! measures ECDSA verification (the public key cached the same way).
//!
//! ```text
//! cargo bench --bench sigv4
//! ```
//!
//! Each round verifies enough times to last a few milliseconds; the figures
//! are the median round, in verifications per second of the thread's CPU
//! time (one core, whatever the load) and of wall time.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lattice_policy::eval::Timestamp;
use lattice_policy::sigv4::{
    sign, sign_sigv4a, verify, Canonicalization, Credentials, HttpRequest, Payload, SignForm,
    SignParams, LATTICE_SIGNING_NAME,
};

const ROUNDS: usize = 25;
const ROUND_TIME: Duration = Duration::from_millis(5);

fn signed(form: SignForm, credentials: &Credentials, sigv4a: bool) -> HttpRequest {
    let mut request = HttpRequest {
        method: "POST".to_owned(),
        ..HttpRequest::default()
    };
    request.set_target("/orders/v1/items%20new?b=2&a=1&a=0");
    request.headers = vec![
        (
            "host".to_owned(),
            "svc-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-west-2.on.aws".to_owned(),
        ),
        ("content-type".to_owned(), "application/json".to_owned()),
        ("user-agent".to_owned(), "curl/8.5.0".to_owned()),
    ];
    let params = SignParams {
        credentials,
        region: "us-west-2",
        service: LATTICE_SIGNING_NAME,
        time: Timestamp::from_millis(1_795_341_600_000),
        form,
        payload: Payload::Unsigned,
        canonicalization: Canonicalization::DOUBLE,
    };
    let result = if sigv4a {
        sign_sigv4a(&request, &params, "us-west-2")
    } else {
        sign(&request, &params)
    };
    match result {
        Ok(signed) => signed.request,
        Err(error) => {
            eprintln!("cannot sign: {error:?}");
            std::process::exit(2)
        }
    }
}

/// The time this thread has run on a CPU, in nanoseconds (Linux's
/// `/proc/thread-self/schedstat`), so that a figure per core does not
/// depend on how busy the machine is; `None` elsewhere.
fn cpu_nanos() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn bench(name: &str, request: &HttpRequest, credentials: &Credentials) {
    let mut per_second = Vec::with_capacity(ROUNDS);
    let mut per_cpu_second = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let cpu_start = cpu_nanos();
        let mut count = 0u64;
        while start.elapsed() < ROUND_TIME {
            for _ in 0..64 {
                let ok = verify(black_box(request), credentials).is_ok_and(|v| v.matches());
                black_box(ok);
            }
            count += 64;
        }
        per_second.push(count as f64 / start.elapsed().as_secs_f64());
        if let (Some(from), Some(to)) = (cpu_start, cpu_nanos()) {
            if to > from {
                per_cpu_second.push(count as f64 * 1e9 / (to - from) as f64);
            }
        }
    }
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(0.0)
    };
    let wall = median(&mut per_second);
    let cpu = median(&mut per_cpu_second);
    println!(
        "{name}: {cpu:.0} verifications per CPU second, {wall:.0} per second of wall time (medians of {ROUNDS} rounds)"
    );
}

fn main() {
    let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        .with_token("IQoJb3JpZ2luX2VjEXAMPLETOKEN");
    bench(
        "sigv4 verify, header",
        &signed(SignForm::Header, &credentials, false),
        &credentials,
    );
    bench(
        "sigv4 verify, presigned",
        &signed(SignForm::Query { expires: 3600 }, &credentials, false),
        &credentials,
    );
    bench(
        "sigv4a verify, header",
        &signed(SignForm::Header, &credentials, true),
        &credentials,
    );
}
