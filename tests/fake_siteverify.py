"""A stand-in for Google's reCAPTCHA ``siteverify`` endpoint, over real HTTPS.

django-recaptcha posts to ``https://<RECAPTCHA_DOMAIN>/recaptcha/api/siteverify``
with urllib. Pointing ``RECAPTCHA_DOMAIN`` at ``localhost:<port>`` and trusting
this server's self-signed certificate through ``SSL_CERT_FILE`` keeps the whole
real path (DNS, TCP, TLS, HTTP, JSON) under test: only Google is replaced.
"""

import json
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

SUCCESS = {"success": True, "challenge_ts": "2026-01-01T00:00:00Z", "hostname": "testserver"}


def make_self_signed_certificate(directory):
    """Write cert.pem and key.pem for "localhost" into directory (with the openssl CLI)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        fake = self.server.fake
        length = int(self.headers.get("Content-Length", "0"))
        params = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
        fake.requests.append({"path": self.path, **params})
        status, body, delay = fake.reply
        if delay:
            time.sleep(delay)
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (the timeout test) or refused our certificate
        # (the TLS test) breaks the connection: expected, not worth a traceback.
        pass


class FakeSiteverify:
    """Answers every verify request with ``reply``; remembers what it was sent."""

    def __init__(self, cert, key):
        self.cert = cert
        self.requests = []
        self.reset()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True, do_handshake_on_connect=False)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def domain(self):
        return f"localhost:{self._server.server_address[1]}"

    def reset(self):
        self.requests.clear()
        self.reply_with(SUCCESS)

    def reply_with(self, body, status=200, delay=0):
        """Set the next replies: a dict is sent as JSON, bytes as they are."""
        self.reply = (status, body, delay)

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
