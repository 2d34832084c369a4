#!/usr/bin/env python3
"""An HTTPS endpoint on 127.0.0.1 for the `policy call` transport tests:
TLS with the certificate and key given (made by the test with its own
throw-away certificate authority), HTTP/2 or HTTP/1.1 as ALPN settles,
with the `h2` package for HTTP/2.

    tls.py CERT.pem KEY.pem ALPN      (ALPN: "h2,http/1.1" or "http/1.1")

Every request is answered 200 with a JSON echo: the protocol ALPN chose,
the method, the path, and the access key id in the Authorization header.
GET /_log answers the requests seen so far. It prints "listening on PORT"
once ready, and serves until killed. A client that refuses the
certificate ends its handshake; the server goes on serving.
"""
import json
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import h2.config
import h2.connection
import h2.events

LOCK = threading.Lock()
SEEN = []


def access_key(authorization):
    if not authorization or "Credential=" not in authorization:
        return None
    return authorization.split("Credential=", 1)[1].split("/", 1)[0]


def answer_for(protocol, method, path, authorization):
    if path == "/_log":
        with LOCK:
            return json.dumps(SEEN).encode()
    seen = {
        "protocol": protocol,
        "method": method,
        "path": path,
        "accessKey": access_key(authorization),
    }
    with LOCK:
        SEEN.append(seen)
    return json.dumps(seen).encode()


def serve_h2(sock):
    conn = h2.connection.H2Connection(
        config=h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
    )
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    requests = {}
    while True:
        data = sock.recv(65535)
        if not data:
            return
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.RequestReceived):
                requests[event.stream_id] = dict(event.headers)
            elif isinstance(event, h2.events.DataReceived):
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                headers = requests.pop(event.stream_id, {})
                body = answer_for(
                    "h2", headers.get(":method"), headers.get(":path"),
                    headers.get("authorization"),
                )
                conn.send_headers(event.stream_id, [
                    (":status", "200"),
                    ("content-type", "application/json"),
                    ("content-length", str(len(body))),
                ])
                conn.send_data(event.stream_id, body, end_stream=True)
            elif isinstance(event, h2.events.ConnectionTerminated):
                sock.sendall(conn.data_to_send())
                return
        out = conn.data_to_send()
        if out:
            sock.sendall(out)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle(self):
        if self.connection.selected_alpn_protocol() == "h2":
            serve_h2(self.connection)
        else:
            super().handle()

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = answer_for("http/1.1", self.command, self.path, self.headers.get("Authorization"))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    cert, key, alpn = sys.argv[1], sys.argv[2], sys.argv[3]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(alpn.split(","))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
