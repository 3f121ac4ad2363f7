"""A total time limit for one network exchange.

Timeouts in urllib and smtplib bound each read, not the exchange: a peer that
trickles a byte every few seconds holds a worker until gunicorn kills it
(docs/deployment.md, "Deadlines"). A ``Deadline`` watches the exchange's
sockets and, when its time is up, shuts them down: the blocked read returns at
once and the caller's usual error handling runs, raised as ``DeadlineExceeded``.
"""

import http.client
import socket
import threading
import urllib.request


class DeadlineExceeded(TimeoutError):
    """The exchange was cut off when its total time was up."""


class Deadline:
    """``with Deadline(seconds) as deadline: ... deadline.watch(sock) ...``; one timer thread, no polling."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.expired = False
        self._watched = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, exc_type, exc, traceback):
        self._timer.cancel()
        with self._lock:
            for duplicate in self._watched:
                duplicate.close()
            self._watched.clear()
        if exc is not None and self.expired and not isinstance(exc, DeadlineExceeded):
            raise DeadlineExceeded(f"no answer within {self.seconds} s") from exc

    def watch(self, sock):
        """Shut `sock` down when time is up; returns it.

        A duplicate of its file descriptor is kept: wrapping a socket in TLS
        detaches the original object, the duplicate still reaches the connection.
        """
        with self._lock:
            duplicate = socket.fromfd(sock.fileno(), sock.family, sock.type)
            self._watched.append(duplicate)
            if self.expired:
                _shut_down(duplicate)
        return sock

    def _expire(self):
        with self._lock:
            self.expired = True
            for duplicate in self._watched:
                _shut_down(duplicate)


def _shut_down(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed by its owner
        pass


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, request):
        return self.do_open(self._connection, request, context=self._context)

    def _connection(self, *args, **kwargs):
        connection = http.client.HTTPSConnection(*args, **kwargs)
        # http.client's hook for opening the TCP socket, before any TLS or HTTP.
        connection._create_connection = lambda *address: self.deadline.watch(socket.create_connection(*address))
        return connection


def read_https(request, seconds, read_timeout):
    """urllib's ``urlopen(request).read()`` over HTTPS, finished within `seconds` or DeadlineExceeded.

    Raises what urllib raises (URLError, HTTPError, ...); `read_timeout` still
    bounds each read, so a dead peer is noticed sooner than the deadline.
    """
    with Deadline(seconds) as deadline:
        with urllib.request.build_opener(_WatchedHTTPSHandler(deadline)).open(
            request, timeout=read_timeout
        ) as response:
            return response.read()
