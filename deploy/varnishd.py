"""Start Debian's varnishd on a free loopback port with the shipped VCL, in front of given app servers.

Used by deploy/two_app_servers.py, the benchmark and the tests.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

VCL_DIR = Path(__file__).resolve().parent / "varnish"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def backends_vcl(ports):
    """The shipped VCL with its backends on these ports: one server, or round-robin over several."""
    if len(ports) == 1:
        text = (VCL_DIR / "default.vcl").read_text()
        return text.replace('.port = "8000";', f'.port = "{ports[0]}";')
    text = (VCL_DIR / "round-robin.vcl").read_text()
    for number, port in enumerate(ports, start=1):
        text = text.replace(f'.port = "800{number}";', f'.port = "{port}";')
    return text


class Varnish:
    """A varnishd process; ``url`` is where readers reach it."""

    def __init__(self, app_ports, memory="64m"):
        self.workdir = tempfile.mkdtemp(prefix="bodyzest-varnish-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        vcl = Path(self.workdir) / "site.vcl"
        vcl.write_text(backends_vcl(app_ports))
        self.process = subprocess.Popen(
            [
                VARNISHD,
                "-F",
                "-j",
                "none",
                "-n",
                self.workdir,
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-p",
                f"vcl_path={VCL_DIR}",
                "-s",
                f"malloc,{memory}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.stop()
            raise

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)


def varnish_available():
    return os.access(VARNISHD, os.X_OK)
