"""Redis, as production uses it: one round trip a page when well, and never a slow or broken page when not.

Faults come from the network edge: the fault proxy in front of the machine's
Redis (hung), a closed port (gone), and a real redis-server of the test's own
with a tiny memory limit and no eviction (full).
"""

import contextlib
import logging
import shutil
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches

from bodyzest import cache as fail_open
from tests.faults import FaultyProxy

# The real Redis is shared by every test process: its tests run in one (make test runs -n auto --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("redis")]

RUNNERS_KNEE = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
PAGES = ("/", "/blog/", RUNNERS_KNEE, "/book-a-discovery-visit/")


def use_redis(settings, port, db=15):
    """The site's cache on this Redis, with production's timeouts."""
    settings.CACHES = {
        "default": {
            "BACKEND": "bodyzest.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/{db}",
            "OPTIONS": django_settings.REDIS_OPTIONS,
        }
    }
    fail_open._resting_until.clear()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_page_asks_redis_once_when_its_answers_are_remembered(client, clinic_site, settings):
    use_redis(settings, 6379)
    caches["default"].clear()
    client.get(RUNNERS_KNEE)
    client.get(RUNNERS_KNEE)
    watcher, seen = redis.Redis(db=15), []

    def watch():
        with watcher.monitor() as monitor:
            for command in monitor.listen():
                seen.append(command["command"])
                if "page-done" in command["command"]:
                    return

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    time.sleep(0.3)
    assert client.get(RUNNERS_KNEE).status_code == 200
    redis.Redis(db=15).get("page-done")
    thread.join(5)
    commands = [
        command.split()[0]
        for command in seen
        if "page-done" not in command and command.split()[0] not in ("HELLO", "SELECT")
    ]
    assert commands == ["MGET"]


def test_every_page_answers_within_two_seconds_while_redis_hangs(client, clinic_site, settings, caplog):
    with FaultyProxy(("127.0.0.1", 6379)) as proxy:
        use_redis(settings, proxy.port)
        proxy.mode = "hang"
        started = time.monotonic()
        with caplog.at_level(logging.ERROR, logger="bodyzest.cache"):
            for path in PAGES:
                assert client.get(path).status_code == 200, path
        assert time.monotonic() - started < 2
    assert "Cache failed during get_many (TimeoutError)" in caplog.text


def test_every_page_answers_while_redis_is_gone(client, clinic_site, settings):
    use_redis(settings, free_port())
    for path in PAGES:
        assert client.get(path).status_code == 200, path


@contextlib.contextmanager
def redis_server(*options):
    """A redis-server of the test's own on a free port, with these options; a client to it, once it answers."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: install Debian's redis-server package")
    port = free_port()
    server = subprocess.Popen([binary, *options, "--port", str(port), "--bind", "127.0.0.1"], stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield client
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def full_redis():
    """A Redis that refuses writes: 2 MB, no eviction, already full."""
    options = ["--save", "", "--appendonly", "no", "--maxmemory", "2mb", "--maxmemory-policy", "noeviction"]
    with redis_server(*options) as filler:
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            for number in range(1000):
                filler.set(f"filler:{number}", "x" * 10_000)
        yield filler.connection_pool.connection_kwargs["port"]


def test_every_page_answers_while_redis_is_full(client, clinic_site, settings, full_redis, caplog):
    use_redis(settings, full_redis, db=0)
    with caplog.at_level(logging.ERROR, logger="bodyzest.cache"):
        for path in PAGES:
            assert client.get(path).status_code == 200, path
    assert "(OutOfMemoryError)" in caplog.text


def test_the_deployed_redis_is_bounded_and_evicts_rather_than_refuses(tmp_path):
    """deploy/redis/bodyzest.conf: a memory limit, and least-recently-used keys go when it is reached."""
    conf = django_settings.BASE_DIR / "deploy" / "redis" / "bodyzest.conf"
    with redis_server(str(conf), "--dir", str(tmp_path)) as client:
        assert int(client.config_get("maxmemory")["maxmemory"]) > 0
        assert client.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"
        client.config_set("maxmemory", "2mb")  # the same rule, reached sooner
        for number in range(1000):  # 10 MB of answers: writes still succeed
            client.set(f"answer:{number}", "x" * 10_000, ex=60)
        assert client.dbsize() < 1000
