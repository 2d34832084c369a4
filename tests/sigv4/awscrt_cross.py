#!/usr/bin/env python3
"""Cross-check of the project's SigV4A against awscrt, AWS's own signer.

Generates the same kinds of requests as botocore_cross.py (methods; paths
with reserved, encoded and non-ASCII characters and dot segments; query
strings with repeated keys; session tokens; ports; header and presigned
forms), signs each with SigV4A (AWS4-ECDSA-P256-SHA256) through awscrt's
aws_sign_request under the signing name vpc-lattice-svcs for a region set,
at a fixed time with fixed credentials, and writes what it signed and the
signed request as JSON.

    awscrt_cross.py OUT.json

ECDSA signatures are randomised, so unlike botocore's the output differs
from run to run: `.ci/run` makes a fresh file with a pinned awscrt and runs
the Rust test (tests/sigv4a_awscrt.rs) on it through LATTICE_SIGV4A_CROSS;
`cargo test` runs the same test on the committed
tests/data/sigv4/awscrt-v4a-cross.json.
"""
import datetime
import json
import os
import random
import sys

import awscrt
import awscrt.auth
import awscrt.http

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from botocore_cross import make_case  # noqa: E402  (the same generator)

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SERVICE = "vpc-lattice-svcs"
NOW = datetime.datetime(2026, 12, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
COUNT = 200
REGION_SETS = ["us-west-2", "*", "us-west-2,eu-west-1", "us-*"]
# Headers botocore never signs (botocore.auth.SIGNED_HEADERS_BLACKLIST),
# which the project's signer leaves out too.
UNSIGNED = {"expect", "transfer-encoding", "user-agent", "x-amzn-trace-id"}


def sign(case, region_set):
    rest = case["url"].split("://", 1)[1]
    split = min([i for i in (rest.find("/"), rest.find("?")) if i >= 0] or [len(rest)])
    authority, target = rest[:split], rest[split:] or "/"
    host = authority[:-4] if authority.endswith(":443") else authority
    # awscrt adds x-amz-content-sha256 itself (and refuses a request that
    # has it): it sends and signs UNSIGNED-PAYLOAD, in both forms.
    headers = [("host", host)] + [
        tuple(pair) for pair in case["headers"] if pair[0].lower() != "x-amz-content-sha256"
    ]
    request = awscrt.http.HttpRequest(
        method=case["method"], path=target, headers=awscrt.http.HttpHeaders(headers)
    )
    provider = awscrt.auth.AwsCredentialsProvider.new_static(
        ACCESS_KEY, SECRET_KEY, case["sessionToken"]
    )
    query = case["form"] == "query"
    config = awscrt.auth.AwsSigningConfig(
        algorithm=awscrt.auth.AwsSigningAlgorithm.V4_ASYMMETRIC,
        signature_type=(
            awscrt.auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS
            if query
            else awscrt.auth.AwsSignatureType.HTTP_REQUEST_HEADERS
        ),
        credentials_provider=provider,
        region=region_set,
        service=SERVICE,
        date=NOW,
        should_sign_header=lambda name: name.lower() not in UNSIGNED,
        use_double_uri_encode=True,
        should_normalize_uri_path=True,
        signed_body_value=awscrt.auth.AwsSignedBodyValue.UNSIGNED_PAYLOAD,
        signed_body_header_type=awscrt.auth.AwsSignedBodyHeaderType.X_AMZ_CONTENT_SHA_256,
        expiration_in_seconds=case["expires"] if query else None,
    )
    awscrt.auth.aws_sign_request(request, config).result()
    return {
        "regionSet": region_set,
        "signedTarget": request.path,
        "signedHeaders": [[k, v] for k, v in request.headers],
    }


def main():
    rng = random.Random(16)
    cases = []
    for index in range(COUNT):
        case = make_case(rng, index)
        case.update(sign(case, rng.choice(REGION_SETS)))
        cases.append(case)
    out = {
        "generator": "tests/sigv4/awscrt_cross.py",
        "awscrt": awscrt.__version__,
        "accessKeyId": ACCESS_KEY,
        "secretAccessKey": SECRET_KEY,
        "service": SERVICE,
        "time": NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cases": cases,
    }
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
