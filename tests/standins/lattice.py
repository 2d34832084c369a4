#!/usr/bin/env python3
"""A stand-in for a VPC Lattice service with AWS_IAM auth, on 127.0.0.1, for
the `policy call` tests. It authenticates with botocore, a signer
independent of the project's: for a signed request it signs the same
request again with botocore's SigV4Auth (header) or SigV4QueryAuth
(presigned) at the request's own X-Amz-Date, with the secret it knows for
the access key, and compares the signatures.

What it does, in Lattice's order:
  * a signed request whose payload is not UNSIGNED-PAYLOAD: 403
    InvalidSignatureException "Signed payloads are not supported";
  * an unknown access key, a wrong session token, a signature that does not
    match or has expired: 403 with the matching exception;
  * then the workshop's model policy (StringNotEqualsIgnoreCase on
    aws:PrincipalType = anonymous and on vpc-lattice-svcs:RequestMethod =
    GET): a signed non-GET passes, anything else gets Lattice's 403,
    "User: ... is not authorized to perform: vpc-lattice-svcs:Invoke on
    resource: <service ARN><path> because no service-based policy allows
    the vpc-lattice-svcs:Invoke action";
  * a request that passes gets 200 and a JSON echo of what arrived.

    lattice.py CONFIG.json

CONFIG: {"region": ..., "service": <service ARN>, "credentials":
{ACCESS_KEY: {"secret": ..., "token": ... or null, "principal": ARN}}}.
It prints "listening on PORT" once ready, and serves until killed.
"""
import datetime
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from urllib.parse import parse_qsl, unquote

from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SERVICE_NAME = "vpc-lattice-svcs"
AUTH_PARAMS = {
    "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders",
    "X-Amz-Expires", "X-Amz-Security-Token", "X-Amz-Signature",
}
# botocore's patched clock is module-global: one signature at a time.
SIGN_LOCK = threading.Lock()


class Denied(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


def fixed_clock(at):
    class Fixed(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return at

        @classmethod
        def now(cls, tz=None):
            return at if tz is None else at.replace(tzinfo=tz)

    return Fixed


def parse_amz_date(text):
    try:
        return datetime.datetime.strptime(text, "%Y%m%dT%H%M%SZ")
    except (TypeError, ValueError):
        raise Denied("IncompleteSignatureException", f"X-Amz-Date {text!r} is not a date")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    config = {}

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            principal = self.authenticate()
        except Denied as denied:
            self.answer(403, {"Message": denied.message}, [("x-amzn-ErrorType", denied.kind)])
            return
        path = self.path.split("?", 1)[0]
        resource = self.config["service"] + path
        # The model policy: signed callers, every method but GET.
        if principal == "anonymous" or self.command.upper() == "GET":
            message = (
                f"User: {principal} is not authorized to perform: vpc-lattice-svcs:Invoke "
                f"on resource: {resource} because no service-based policy allows the "
                f"vpc-lattice-svcs:Invoke action"
            )
            self.answer(403, {"Message": message}, [("x-amzn-ErrorType", "AccessDeniedException")])
            return
        self.answer(200, {
            "method": self.command,
            "path": self.path,
            "principal": principal,
            "body": body.decode("utf-8", "replace"),
        })

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

    def authenticate(self):
        """The caller's ARN, or "anonymous"; Denied when Lattice would refuse."""
        query = self.path.split("?", 1)[1] if "?" in self.path else ""
        params = dict(parse_qsl(query, keep_blank_values=True))
        authorization = self.headers.get("Authorization")
        if authorization is None and "X-Amz-Signature" not in params:
            return "anonymous"
        if self.headers.get("x-amz-content-sha256") != "UNSIGNED-PAYLOAD":
            raise Denied("InvalidSignatureException", "Signed payloads are not supported")
        if authorization is not None:
            fields = dict(
                part.strip().split("=", 1)
                for part in authorization.split(" ", 1)[1].split(",")
            )
            credential = fields["Credential"]
            signed_headers = fields["SignedHeaders"].split(";")
            signature = fields["Signature"]
            amz_date = self.headers.get("X-Amz-Date")
            token = self.headers.get("X-Amz-Security-Token")
            expires = None
        else:
            credential = params["X-Amz-Credential"]
            signed_headers = params["X-Amz-SignedHeaders"].split(";")
            signature = params["X-Amz-Signature"]
            amz_date = params.get("X-Amz-Date")
            token = params.get("X-Amz-Security-Token")
            expires = int(params.get("X-Amz-Expires", "0"))
        key, _date, region, service, _ = credential.split("/")
        known = self.config["credentials"].get(key)
        if known is None:
            raise Denied("UnrecognizedClientException",
                         "The security token included in the request is invalid.")
        if service != SERVICE_NAME or region != self.config["region"]:
            raise Denied("InvalidSignatureException",
                         f"Credential should be scoped to a valid region and service {SERVICE_NAME}.")
        if known.get("token") != token:
            raise Denied("UnrecognizedClientException",
                         "The security token included in the request is invalid.")
        at = parse_amz_date(amz_date)
        now = datetime.datetime.utcnow()
        if expires is None and abs((now - at).total_seconds()) > 300:
            raise Denied("InvalidSignatureException", "Signature expired")
        if expires is not None and (now - at).total_seconds() > expires:
            raise Denied("InvalidSignatureException", "Signature expired")
        expected = self.botocore_signature(known, key, token, signed_headers, at, expires, region)
        if expected != signature:
            raise Denied(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you "
                "provided. Check your AWS Secret Access Key and signing method.",
            )
        return known["principal"]

    def botocore_signature(self, known, key, token, signed_headers, at, expires, region):
        headers = {}
        for name in signed_headers:
            if name in ("x-amz-date", "x-amz-security-token"):
                continue  # botocore adds them itself
            value = self.headers.get(name)
            if value is None:
                raise Denied("IncompleteSignatureException",
                             f"'{name}' is named as a SignedHeader, but it does not exist in the HTTP request")
            headers[name] = value
        target = self.path
        if expires is not None:
            path, _, query = target.partition("?")
            kept = [p for p in query.split("&") if p and unquote(p.split("=", 1)[0]) not in AUTH_PARAMS]
            target = path + ("?" + "&".join(kept) if kept else "")
        request = AWSRequest(method=self.command, url=f"http://{self.headers['host']}{target}",
                             headers=headers)
        credentials = Credentials(key, known["secret"], token)
        with SIGN_LOCK, mock.patch("botocore.auth.datetime.datetime", fixed_clock(at)):
            if expires is None:
                SigV4Auth(credentials, SERVICE_NAME, region).add_auth(request)
            else:
                SigV4QueryAuth(credentials, SERVICE_NAME, region, expires=expires).add_auth(request)
        if expires is None:
            return request.headers["Authorization"].rsplit("Signature=", 1)[1]
        return request.url.rsplit("X-Amz-Signature=", 1)[1]


def main():
    with open(sys.argv[1]) as f:
        Handler.config = json.load(f)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
