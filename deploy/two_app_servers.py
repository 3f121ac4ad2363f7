"""Two app servers behind one Varnish, on loopback: a publish through one reaches readers served by the other.

    .venv/bin/python deploy/two_app_servers.py

Builds a scratch PostgreSQL database (bodyzest_demo) with the clinic's
content, starts two gunicorn servers (production settings, shared PostgreSQL
and Redis) and Varnish with deploy/varnish/round-robin.vcl, then:

1. a reader fetches a post through Varnish until it is cached;
2. a member of staff signs in on server A and, with the same session cookie,
   opens the admin on server B (sessions are shared: Redis + PostgreSQL);
3. staff publish a new title through server A's admin;
4. the reader's next requests through Varnish (taken in turn by A and B)
   show the new title: A's ban reached Varnish, and B's remembered lookups were forgotten.

Needs Debian's varnish; prints each step and exits non-zero if one fails.
"""

import http.client
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.run import POST_PATH, PYTHON, Gunicorn, free_port, production_env, psql, run  # noqa: E402
from deploy.varnishd import Varnish  # noqa: E402

DATABASE = "bodyzest_demo"
PASSWORD = "demo-only-staff-pass-phrase"
NEW_TITLE = "Runner's knee, updated through server A"


def request(port, method, path, cookies=None, body=None):
    """One request; returns (status, headers, text) and adds any cookies set to ``cookies``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = "https://127.0.0.1/admin/"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode(errors="replace")
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and cookies is not None:
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    connection.close()
    return response.status, dict(response.getheaders()), text


def csrf_token(text):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def step(message):
    print(f"== {message}")


def main():
    workdir = tempfile.mkdtemp(prefix="bodyzest-demo-")
    port_a, port_b = free_port(), free_port()
    varnish = Varnish([port_a, port_b])
    processes = []
    env = production_env(workdir, varnish.url)
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
    env["CSRF_TRUSTED_ORIGINS"] = "https://127.0.0.1"
    try:
        step("scratch database, clinic content, a member of staff")
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        psql(f"CREATE DATABASE {DATABASE}")
        run([PYTHON, "manage.py", "migrate", "--no-input"], env)
        run([PYTHON, "manage.py", "load_clinic_content"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input"], env)
        subprocess.run(["redis-cli", "-n", "14", "FLUSHDB"], check=True, capture_output=True)
        run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                f"from django.contrib.auth.models import User; User.objects.create_superuser('editor', 'e@example.com', {PASSWORD!r})",
            ],
            env,
        )
        processes += [Gunicorn("A", env, workdir, 2, port=port_a), Gunicorn("B", env, workdir, 2, port=port_b)]
        print(f"   server A :{port_a}, server B :{port_b}, Varnish (round-robin) {varnish.url}")

        step("a reader fetches the post through Varnish")
        for _ in range(3):
            _status, headers, text = request(varnish.port, "GET", POST_PATH)
        assert headers.get("X-Varnish-Cache") == "hit", headers
        assert NEW_TITLE not in text
        print("   cached by Varnish:", headers.get("X-Varnish-Cache"))

        step("staff sign in on server A; the same session opens the admin on server B")
        cookies = {}
        _status, _headers, text = request(port_a, "GET", "/admin/login/", cookies)
        form = urlencode({"csrfmiddlewaretoken": csrf_token(text), "username": "editor", "password": PASSWORD})
        status, _headers, _text = request(port_a, "POST", "/admin/login/", cookies, form)
        assert status == 302 and "sessionid" in cookies, status
        status, _headers, _text = request(port_b, "GET", "/admin/", cookies)
        assert status == 200, status
        print("   server B accepted server A's session: /admin/ answered", status)

        step("staff publish a new title through server A's admin")
        slug = POST_PATH.strip("/").split("/")[-1]
        post_id = run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                f"from blog.models import BlogPage; p = BlogPage.objects.get(slug={slug!r}); "
                f"p.title = {NEW_TITLE!r}; p.save_revision(); print(p.pk)",
            ],
            env,
        ).stdout.split()[-1]
        bulk = f"/admin/bulk/wagtailcore/page/publish/?id={post_id}&next=/admin/"
        _status, _headers, text = request(port_a, "GET", bulk, cookies)
        status, _headers, _text = request(
            port_a, "POST", bulk, cookies, urlencode({"csrfmiddlewaretoken": csrf_token(text)})
        )
        assert status == 302, status
        print("   published through server A:", status)

        step("the reader's next requests through Varnish (served by A and B in turn)")
        for number in range(4):
            _status, headers, text = request(varnish.port, "GET", POST_PATH)
            print(
                f"   request {number + 1}: Varnish {headers.get('X-Varnish-Cache')}, new title shown: {NEW_TITLE in text}"
            )
            assert NEW_TITLE in text
        _status, headers, text = request(port_b, "GET", POST_PATH)
        print(f"   server B directly: new title shown: {NEW_TITLE in text}")
        assert NEW_TITLE in text
        step("done: the ban from server A reached every reader")
    finally:
        for server in processes:
            server.process.terminate()
            server.process.wait(timeout=30)
        varnish.stop()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
