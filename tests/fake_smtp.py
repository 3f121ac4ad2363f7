"""A tiny SMTP server for tests: enough of RFC 5321 for Django's SMTP backend, no TLS or AUTH.

Put a tests.faults.FaultyProxy in front of it to make it hang or tarpit.
``on_message`` (if set) is called with each message as it is accepted, e.g. to
cut the database at that moment.
"""

import email
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10  # a silent client is dropped: no handler outlives its test for long

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        server = self.server.fake
        self.reply("220 fake-smtp ready")
        while line := self.rfile.readline(1000):
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 fake-smtp")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline(10_000)) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                message = email.message_from_bytes(b"".join(lines))
                server.messages.append(message)
                if server.on_message:
                    server.on_message(message)
                self.reply("250 OK queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a client cut off by a fault is expected


class FakeSMTP:
    def __init__(self):
        self.messages = []
        self.on_message = None
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def recipients(self):
        return sorted(message["To"] for message in self.messages)

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
