"""Faults at the network edge: a TCP proxy the tests put in front of a real service.

Point the code under test at ``127.0.0.1:proxy.port`` instead of the service
(PostgreSQL, Redis, an SMTP server, the fake siteverify), then switch what the
wire does while the test runs::

    with FaultyProxy(("127.0.0.1", 6379)) as proxy:
        proxy.mode = "hang"      # accept, then forward nothing either way (the peer never answers)
        proxy.mode = "trickle"   # the service's replies reach the client one byte every `trickle_seconds`
        proxy.mode = "close"     # cut open connections; new ones are accepted and closed at once
        proxy.mode = "pass"      # a plain pass-through again
        proxy.cut_when(b"INSERT INTO")  # once: the client sends these bytes -> that connection is cut
                                        # before they reach the service, and `mode` becomes `then`

Nothing is mocked: the client's own sockets, timeouts and error handling run.
Every thread is a daemon and every loop wakes at least every ``TICK`` seconds
to look at ``mode`` and ``stop()``, so a proxy never outlives its test.
"""

import select
import socket
import threading
import time

TICK = 0.05
MODES = ("pass", "hang", "trickle", "close")


class FaultyProxy:
    def __init__(self, upstream, mode="pass", trickle_seconds=1.0):
        self.upstream = upstream
        self.mode = mode
        self.trickle_seconds = trickle_seconds
        self.connections = 0  # accepted so far
        self.cuts = 0  # connections cut by cut_when()
        self._cut = None
        self._stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._threads = []
        self._spawn(self._accept)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def __setattr__(self, name, value):
        if name == "mode" and value not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {value!r}")
        super().__setattr__(name, value)

    def cut_when(self, pattern, then="close"):
        """The next time a client sends `pattern`, cut its connection without forwarding it; then switch to `then`."""
        self._cut = (pattern, then)

    def stop(self):
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self._listener.close()

    def _spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self):
        while not self._stopping.is_set():
            if select.select([self._listener], [], [], TICK)[0]:
                client, _ = self._listener.accept()
                self.connections += 1
                self._spawn(self._serve, client)

    def _serve(self, client):
        with client:
            if self.mode == "close":
                return
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                return
            with upstream:
                client.settimeout(2)
                try:
                    self._pump(client, upstream)
                except OSError:
                    pass

    def _pump(self, client, upstream):
        to_client, upstream_open, next_byte_at = b"", True, 0.0
        while not self._stopping.is_set():
            mode = self.mode
            if mode == "close" or (not upstream_open and not to_client):
                return
            if mode == "hang":
                self._stopping.wait(TICK)
                continue
            readable = select.select([client, upstream] if upstream_open else [client], [], [], TICK)[0]
            if client in readable:
                data = client.recv(65536)
                if not data or self._should_cut(data):
                    return
                upstream.sendall(data)
            if upstream in readable:
                data = upstream.recv(65536)
                upstream_open = bool(data)
                to_client += data
            if mode == "pass" and to_client:
                client.sendall(to_client)
                to_client = b""
            elif mode == "trickle" and to_client and time.monotonic() >= next_byte_at:
                client.sendall(to_client[:1])
                to_client = to_client[1:]
                next_byte_at = time.monotonic() + self.trickle_seconds

    def _should_cut(self, data):
        cut = self._cut
        if cut is None or cut[0] not in data:
            return False
        self._cut = None
        self.cuts += 1
        self.mode = cut[1]
        return True
