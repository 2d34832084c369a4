#!/usr/bin/env python3
"""A flaky endpoint on 127.0.0.1 for the `policy call` retry tests. Each
path has a script of answers, one per request, the last repeated:

  /503-503-200      503, 503, then 200
  /429-then-200     429 with Retry-After: 1, then 200
  /throttled        400 ThrottlingException (x-amzn-ErrorType), then 200
  /400-once         400 ValidationException, then 200 (a client must not retry)
  /503-always       503
  /503-wait-3       503 with Retry-After: 3, then 200 (credentials that
                    near their expiry during the wait must be refreshed)

GET /_log answers the requests seen so far (path, X-Amz-Date, the access
key id the Authorization header names, arrival time). It prints "listening on PORT" once ready, and serves until killed.
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCRIPTS = {
    "/503-503-200": [(503, {}), (503, {}), (200, {})],
    "/429-then-200": [(429, {"Retry-After": "1"}), (200, {})],
    "/throttled": [(400, {"x-amzn-ErrorType": "ThrottlingException"}), (200, {})],
    "/400-once": [(400, {"x-amzn-ErrorType": "ValidationException"}), (200, {})],
    "/503-always": [(503, {})],
    "/503-wait-3": [(503, {"Retry-After": "3"}), (200, {})],
}
LOCK = threading.Lock()
SEEN = []


def access_key(authorization):
    if not authorization or "Credential=" not in authorization:
        return None
    return authorization.split("Credential=", 1)[1].split("/", 1)[0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        if path == "/_log":
            with LOCK:
                body = json.dumps(SEEN).encode()
            status, headers = 200, {}
        else:
            with LOCK:
                count = sum(1 for s in SEEN if s["path"] == path)
                SEEN.append({
                    "path": path,
                    "amzDate": self.headers.get("X-Amz-Date"),
                    "accessKey": access_key(self.headers.get("Authorization")),
                    "time": time.time(),
                })
            script = SCRIPTS.get(path, [(404, {})])
            status, headers = script[min(count, len(script) - 1)]
            body = json.dumps({"status": status, "attempt": count + 1}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
