#!/usr/bin/env python3
"""Cross-check of the project's SigV4 against botocore, an independent signer.

Generates a few hundred requests (methods; paths with reserved, encoded and
non-ASCII characters and dot segments; query strings with repeated keys;
session tokens; ports; header and presigned forms), signs each with
botocore's SigV4Auth / SigV4QueryAuth under the signing name
vpc-lattice-svcs at a fixed time with fixed credentials, and writes what it
signed and what botocore produced as JSON.

    botocore_cross.py OUT.json

`.ci/run` runs it with a pinned botocore and compares the result with the
committed tests/data/sigv4/botocore-cross.json, which `cargo test` (tests
/sigv4_botocore.rs) verifies request by request and re-signs.
"""
import datetime
import json
import random
import sys
from unittest import mock
from urllib.parse import quote

import botocore
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN/with+slash=="
REGION = "us-west-2"
SERVICE = "vpc-lattice-svcs"
NOW = datetime.datetime(2026, 12, 1, 12, 0, 0)
COUNT = 300

SEGMENTS = [
    "rates", "v1", "a b", "ሴ", "café", "x:y", "user@host", "!$&'()*+,;=",
    "%2F", "50%", "~tilde", "dot.dot", ".", "..", "", "UPPER", "a-b_c",
]
KEYS = ["a", "b", "Param", "param", "x y", "ሴ", "k=v", "empty", "list"]
VALUES = ["1", "2", "", "value with space", "/slash/", "é", "a+b", "*", "%"]
HOSTS = [
    "svc-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-west-2.on.aws",
    "orders.example.internal",
]


class FixedDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return NOW


def enc(text):
    return quote(text, safe="-_.~")


def make_case(rng, index):
    method = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"])
    segments = [rng.choice(SEGMENTS) for _ in range(rng.randint(0, 4))]
    # A segment is written encoded (as a client sends it) or, for the
    # characters a path may carry, as is.
    path = "/" + "/".join(
        s if rng.random() < 0.3 and all(c.isalnum() or c in ":@!$&'()*+,;=-._~" for c in s) and s.isascii()
        else enc(s)
        for s in segments
    )
    if rng.random() < 0.2:
        path += "/"
    pairs = [(rng.choice(KEYS), rng.choice(VALUES)) for _ in range(rng.randint(0, 4))]
    query = "&".join(f"{enc(k)}={enc(v)}" for k, v in pairs)
    host = rng.choice(HOSTS)
    port = rng.choice(["", "", ":443", ":8443"])
    url = f"https://{host}{port}{path}" + (f"?{query}" if query else "")
    headers = {"x-amz-content-sha256": "UNSIGNED-PAYLOAD"}
    if rng.random() < 0.5:
        headers["Content-Type"] = "application/json"
    if rng.random() < 0.3:
        headers["X-Custom"] = "  spaced    value  "
    if rng.random() < 0.2:
        headers["User-Agent"] = "curl/8.5.0"
    token = TOKEN if rng.random() < 0.5 else None
    form = "query" if rng.random() < 0.4 else "header"
    expires = rng.choice([60, 300, 3600])
    return {
        "id": index,
        "form": form,
        "method": method,
        "url": url,
        "headers": [[k, v] for k, v in headers.items()],
        "sessionToken": token,
        "expires": expires if form == "query" else None,
    }


def sign(case):
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, case["sessionToken"])
    request = AWSRequest(
        method=case["method"], url=case["url"], headers=dict(case["headers"])
    )
    if case["form"] == "query":
        signer = SigV4QueryAuth(credentials, SERVICE, REGION, expires=case["expires"])
    else:
        signer = SigV4Auth(credentials, SERVICE, REGION)
    with mock.patch("botocore.auth.datetime.datetime", FixedDatetime):
        signer.add_auth(request)
    if case["form"] == "query":
        signature = request.url.rsplit("X-Amz-Signature=", 1)[1]
    else:
        signature = request.headers["Authorization"].rsplit("Signature=", 1)[1]
    return {
        "signedUrl": request.url,
        "signedHeaders": [[k, v] for k, v in request.headers.items()],
        "signature": signature,
    }


def main():
    rng = random.Random(15)
    cases = []
    for index in range(COUNT):
        case = make_case(rng, index)
        case.update(sign(case))
        cases.append(case)
    out = {
        "generator": "tests/sigv4/botocore_cross.py",
        "botocore": botocore.__version__,
        "accessKeyId": ACCESS_KEY,
        "secretAccessKey": SECRET_KEY,
        "region": REGION,
        "service": SERVICE,
        "time": NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cases": cases,
    }
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
