"""`make bench`: what a reader's page costs on this machine, with production settings and the HTTP cache in front.

Builds a scratch PostgreSQL database (bodyzest_bench) with the clinic's content,
then starts, all on 127.0.0.1:

* gunicorn "on": production settings, 2 sync workers, the remembered lookups
  (bodyzest/content_cache.py) in Redis (database 15); it also serves the
  trivial view (robots.txt), the reference for what Django itself costs;
* gunicorn "off": the same with the remembered lookups in a DummyCache (a
  settings module of the benchmark's own: production's CACHES plus an alias "off");
* gunicorn "every 2000" and "no recycling": as "on" with gunicorn's max_requests
  at 2,000 (its old value) and off, for one round;
* Varnish with the shipped VCL in front of "on" (the site's only page cache);
* nginx serving a saved copy of the post's HTML, pre-compressed (the static reference).

wrk (-t2 -c16, "Accept-Encoding: gzip" as browsers send it) runs against each
target a few seconds, the targets interleaved, in rounds; the median round is
reported. For gunicorn targets the workers' CPU (utime+stime from /proc, dead
workers' through the master's cutime+cstime) is divided by the requests wrk
completed. Also: 100 readers for 60 s through Varnish with and without a
csrftoken cookie, the cost of a whole-site ban, SQL queries per render cold
(right after a change) and warm, all again at 1,000 posts.

Needs Debian's varnish, nginx and wrk (apt-get install varnish nginx wrk).
Usage: .venv/bin/python benchmarks/run.py [--seconds 4] [--rounds 3] [--readers-seconds 60] [--json out.json]
"""

import argparse
import concurrent.futures
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from deploy.varnishd import Varnish, free_port, wait_for_port  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
VARNISHSTAT = shutil.which("varnishstat") or "/usr/bin/varnishstat"
DATABASE = "bodyzest_bench"
POST_PATH = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
INDEX_PATH = "/blog/"
TRIVIAL_PATH = "/robots.txt"
SEEDED_POSTS = 1000
CRAWL_LIMIT = 2500
TICK = os.sysconf("SC_CLK_TCK")

# Production settings with the remembered lookups in a cache that remembers nothing.
CONTENT_CACHE_OFF_SETTINGS = """from bodyzest.settings.production import *  # noqa: F401,F403

CACHES = {**CACHES, "off": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
CONTENT_CACHE_ALIAS = "off"
"""

QUERY_COUNT_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from blog.models import BlogIndexPage, BlogPage
client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")

def count(path):
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    assert status == 200, (path, status)
    return len(queries)

def change():
    # What staff do: publish (here the blog index, unchanged): the remembered lookups start again.
    BlogIndexPage.objects.get().save_revision().publish()

counts = {}
for name, path in %(pages)r:
    client.get(path)  # the process warm (templates, content types), as a running server is
    change()
    cold = count(path)
    client.get(path)  # one warm-up, as a running server has
    counts[name] = {"cold": cold, "warm": count(path)}
counts["posts"] = BlogPage.objects.live().count()
print(json.dumps(counts))
"""

# Posts like the clinic's, sharing the runner's knee post's categories and tags (so all are
# candidates for its related posts, the query that grew with the blog).
SEED_SCRIPT = """
import datetime
from django.utils import timezone
from blog.models import BlogIndexPage, BlogPage, BlogPageTag
blog = BlogIndexPage.objects.get()
template = BlogPage.objects.get(url_path__endswith=%(post)r.strip("/").split("/")[-1] + "/")
categories, tags = list(template.categories.all()), list(template.tags.all())
existing = BlogPage.objects.count()
made = []
for number in range(existing, %(total)d):
    day = datetime.date(2020, 1, 1) + datetime.timedelta(days=number)
    made.append(blog.add_child(instance=BlogPage(
        title=f"Seeded post {number}", slug=f"seeded-post-{number}", date=day,
        introduction=template.introduction, body=template.body.raw_data, author=template.author,
        live=True, first_published_at=timezone.now(), last_published_at=timezone.now(),
    )))
BlogPage.categories.through.objects.bulk_create(
    [BlogPage.categories.through(blogpage_id=post.pk, blogcategory_id=c.pk) for post in made for c in categories])
BlogPageTag.objects.bulk_create([BlogPageTag(content_object_id=post.pk, tag_id=t.pk) for post in made for t in tags])
blog.save_revision().publish()  # one change: the remembered lookups and Varnish start again
print(BlogPage.objects.count())
"""


def run(command, env):
    result = subprocess.run(command, check=False, env=env, cwd=ROOT, text=True, capture_output=True)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return result


def production_env(workdir, purge_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bodyzest.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL="redis://127.0.0.1:6379/15",
        EMAIL_HOST="127.0.0.1",
        RECAPTCHA_PUBLIC_KEY="bench-public",
        RECAPTCHA_PRIVATE_KEY="bench-private",
        FRONTEND_CACHE_PURGE_URL=purge_url,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(Path(workdir) / "static"),
        MEDIA_ROOT=str(Path(workdir) / "media"),
        BODYZEST_LOG_LEVEL="WARNING",
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    return env


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True, capture_output=True
    )


def query_counts(env):
    pages = [("post", POST_PATH), ("index", INDEX_PATH), ("trivial", TRIVIAL_PATH)]
    output = run([PYTHON, "manage.py", "shell", "-c", QUERY_COUNT_SCRIPT % {"pages": pages}], env).stdout
    return json.loads(output.strip().splitlines()[-1])


class Gunicorn:
    """A gunicorn master; ``cpu()`` is its workers' CPU seconds so far, recycled workers included."""

    def __init__(self, name, env, workdir, workers, port=None):
        self.name, self.port, self.worker_count = name, port or free_port(), workers
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(workdir) / f"gunicorn-{name.replace(' ', '-')}.log"
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                "deploy/gunicorn.conf.py",
                "--no-control-socket",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(workers),
                "bodyzest.wsgi",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"),
        )
        wait_for_port(self.port)
        self.boot_cpu = self.settle(workers)

    def workers(self):
        pid = self.process.pid
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def settle(self, workers):
        """Wait for every worker to finish importing the app; its CPU per worker (seconds), before any request."""
        deadline, last = time.monotonic() + 60, None
        while time.monotonic() < deadline:
            time.sleep(0.5)
            pids = self.workers()
            now = [proc_cpu(pid) for pid in pids]
            if len(pids) == workers and now == last:
                return statistics.mean(now)
            last = now
        raise RuntimeError(f"gunicorn {self.name}: workers did not settle")

    def cpu(self):
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        reaped = (int(fields[13]) + int(fields[14])) / TICK  # cutime + cstime
        return reaped + sum(proc_cpu(pid) for pid in self.workers())

    def recycled(self):
        return self.log.read_text().count("Autorestarting worker")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def proc_cpu(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def start_nginx(workdir, html):
    root = Path(workdir) / "nginx"
    (root / POST_PATH.strip("/")).mkdir(parents=True)
    (root / POST_PATH.strip("/") / "index.html").write_bytes(html)
    # Served compressed, as Varnish serves its stored copy: every browser asks for gzip.
    (root / POST_PATH.strip("/") / "index.html.gz").write_bytes(gzip.compress(html))
    port = free_port()
    conf = Path(workdir) / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1; daemon off; pid {workdir}/nginx.pid; error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {workdir}; proxy_temp_path {workdir}; fastcgi_temp_path {workdir};
  uwsgi_temp_path {workdir}; scgi_temp_path {workdir}; default_type text/html;
  gzip_static on; gzip_vary on;
  server {{ listen 127.0.0.1:{port}; root {root}; }} }}
"""
    )
    process = subprocess.Popen(["nginx", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    return process, port


def wrk(url, seconds, connections=16, headers=()):
    """req/s, requests, errors, p50 and p99 latency (ms) from one wrk run."""
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "2s",
        "--latency",
        "-H",
        "Accept-Encoding: gzip",
    ]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": (sum(map(int, socket_errors.groups())) if socket_errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
        "p50": latency(output, "50%"),
        "p99": latency(output, "99%"),
    }


def latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s|m)\b", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def measure(url, seconds, server=None):
    """One wrk run; for a gunicorn ``server`` also its workers' CPU ms per request, over a fixed number of requests."""
    urllib.request.urlopen(url).read()  # warm
    if server is None:
        return wrk(url, seconds)
    # Two connections a worker keep both busy, and leave few renders queued when wrk stops.
    result = wrk(url, seconds, connections=2 * server.worker_count)
    time.sleep(0.3)  # those few finish before the CPU is read
    count = min(max(int(result["rps"] * 1.5), 40), 1500)
    result["cpu_ms"] = cpu_per_request(url, server, count)
    return result


def cpu_per_request(url, server, count):
    """``count`` requests, one client a worker, each waited for: the workers' CPU ms per request."""
    parts = urlsplit(url)

    def client(requests):
        for _ in range(requests):
            connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=30)
            connection.request("GET", parts.path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            connection.close()
            assert response.status == 200, (url, response.status)

    share = count // server.worker_count
    before = server.cpu()
    with concurrent.futures.ThreadPoolExecutor(server.worker_count) as pool:
        list(pool.map(client, [share] * server.worker_count))
    time.sleep(0.05)
    return (server.cpu() - before) * 1000 / (share * server.worker_count)


def rounds(targets, seconds, count):
    """``targets``: name -> (url, server or None), interleaved in ``count`` rounds; every run kept."""
    results = {name: [] for name in targets}
    for _ in range(count):
        for name, (url, server) in targets.items():
            results[name].append(measure(url, seconds, server))
    return results


def median_round(results, reference):
    """Each target's median-rate run (CPU: the median of its runs) and its rate as a ratio to each reference, round by round."""
    summary = {}
    for name, runs in results.items():
        rates = [run["rps"] for run in runs]
        middle = statistics.median_low(rates)
        row = dict(next(run for run in runs if run["rps"] == middle))
        row["all_rps"] = [round(rate) for rate in rates]
        if "cpu_ms" in row:
            row["cpu_ms"] = statistics.median(run["cpu_ms"] for run in runs)
            row["all_cpu_ms"] = [round(run["cpu_ms"], 2) for run in runs]
        for ref_name in reference:
            if ref_name != name and ref_name in results:
                ratios = [run["rps"] / ref["rps"] for run, ref in zip(runs, results[ref_name], strict=True)]
                row[f"/ {ref_name}"] = statistics.median(ratios)
        summary[name] = row
    return summary


def varnish_stats(varnish):
    output = subprocess.run(
        [VARNISHSTAT, "-n", varnish.workdir, "-1", "-j"], check=True, capture_output=True, text=True
    ).stdout
    data = json.loads(output)
    counters = data.get("counters", data)
    return {
        name: counters[f"MAIN.{name}"]["value"]
        for name in ("n_object", "backend_req", "cache_miss", "cache_hit", "bans")
    }


def crawl(base, limit=CRAWL_LIMIT, threads=4):
    """Every address reachable from the home page by links (this site's, public ones), fetched through ``base``."""
    seen, level, statuses, errors = {"/"}, ["/"], {}, []
    port = urlsplit(base).port

    def fetch(path):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body, kind = response.read(), response.headers.get("Content-Type", "")
        finally:
            connection.close()
        links = re.findall(r'href="([^"#]+)', body.decode(errors="replace")) if "html" in kind else []
        if response.headers.get("Location"):  # followed as a link, never to another port
            links.append(response.headers["Location"])
        if response.status >= 400 and len(errors) < 5:
            errors.append(f"{path}: {response.status} {body[:200]!r}")
        return path, response.status, links

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        while level:
            following = []
            for path, status, links in pool.map(fetch, level):
                statuses[status] = statuses.get(status, 0) + 1
                for link in links:
                    parts = urlsplit(urljoin(path, link.replace("&amp;", "&")))
                    if (
                        parts.scheme not in ("", "http")
                        or parts.hostname not in (None, "127.0.0.1")
                        or re.match(r"/(admin|static|media|documents|search)(/|$)", parts.path)
                    ):
                        continue
                    address = parts.path + (f"?{parts.query}" if parts.query else "")
                    if address not in seen and len(seen) < limit:
                        seen.add(address)
                        following.append(address)
            level = following
    return {"addresses": len(seen), "statuses": statuses, "errors": errors}


def ban_cost(varnish, server):
    """Fill Varnish with every address, ban the site as a publish does, and fill it again."""
    first = crawl(varnish.url)
    filled = varnish_stats(varnish)
    connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=10)
    started = time.perf_counter()
    connection.request("PURGE", "/", headers={"Host": "127.0.0.1"})
    answer = connection.getresponse()
    answer.read()
    purge_ms = (time.perf_counter() - started) * 1000
    assert answer.status == 200, answer.status
    started = time.perf_counter()
    with urllib.request.urlopen(varnish.url + POST_PATH) as response:
        response.read()
        assert response.headers["X-Varnish-Cache"] == "miss"
    first_render_ms = (time.perf_counter() - started) * 1000
    before, cpu_before, started = varnish_stats(varnish), server.cpu(), time.perf_counter()
    again = crawl(varnish.url)
    after = varnish_stats(varnish)
    return {
        "errors": first["errors"] + again["errors"],
        "addresses": first["addresses"],
        "statuses": first["statuses"],
        "objects": filled["n_object"],
        "purge_ms": purge_ms,
        "first_render_ms": first_render_ms,
        "refetched": after["backend_req"] - before["backend_req"],
        "refill_s": time.perf_counter() - started,
        "refill_cpu_s": server.cpu() - cpu_before,
        "addresses_again": again["addresses"],
    }


def readers(url, seconds, cookie=None):
    """100 readers at once for ``seconds`` (wrk, 100 connections)."""
    headers = [f"Cookie: csrftoken={cookie}"] if cookie else []
    urllib.request.urlopen(url).read()
    return wrk(url, seconds, connections=100, headers=headers)


def wire_bytes(base):
    """The post's HTML and the CSS/JS it links, as sent to a browser asking for gzip (no images)."""
    html, html_size = fetch_gzip(base + POST_PATH)
    assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html.decode())))
    sizes = {POST_PATH: html_size} | {asset: fetch_gzip(base + asset)[1] for asset in assets}
    return sizes, html


def fetch_gzip(url):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding")
    return (gzip.decompress(body) if encoding == "gzip" else body), len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--readers-seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--posts", type=int, default=SEEDED_POSTS, help="seed the blog to this many posts")
    parser.add_argument("--json", help="also write the results here")
    options = parser.parse_args()
    for tool in ("varnishd", "varnishstat", "nginx", "wrk", "psql", "redis-cli"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is missing: apt-get install varnish nginx wrk postgresql-client redis-tools")

    started, load_before = time.monotonic(), os.getloadavg()
    workdir = tempfile.mkdtemp(prefix="bodyzest-bench-")
    servers, processes, varnish = [], [], None
    report = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    try:
        on_port = free_port()
        varnish = Varnish([on_port], memory="256m")
        env = production_env(workdir, varnish.url)
        (Path(workdir) / "bench_content_cache_off.py").write_text(CONTENT_CACHE_OFF_SETTINGS)
        off_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "bench_content_cache_off",
            "PYTHONPATH": os.pathsep.join(filter(None, [workdir, os.environ.get("PYTHONPATH")])),
        }
        print("== scratch database, clinic content, static files", flush=True)
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        psql(f"CREATE DATABASE {DATABASE}")
        run([PYTHON, "manage.py", "migrate", "--no-input"], env)
        run([PYTHON, "manage.py", "load_clinic_content"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input"], env)
        subprocess.run(["redis-cli", "-n", "15", "FLUSHDB"], check=True, capture_output=True)

        print("== SQL queries per render, 2 posts", flush=True)
        report["queries"] = {"small": {"on": query_counts(env), "off": query_counts(off_env)}}

        print("== gunicorn (on, off, every 2000, no recycling), nginx", flush=True)
        for name, server_env, port in (
            ("on", env, on_port),
            ("off", off_env, None),
            ("every 2000", {**env, "GUNICORN_MAX_REQUESTS": "2000", "GUNICORN_MAX_REQUESTS_JITTER": "200"}, None),
            ("no recycling", {**env, "GUNICORN_MAX_REQUESTS": "0"}, None),
        ):
            servers.append(Gunicorn(name, server_env, workdir, options.workers, port=port))
        on, off, every_2000, no_recycling = servers  # Varnish is in front of "on"
        sizes, html = wire_bytes(on.url)
        nginx, nginx_port = start_nginx(workdir, html)
        processes.append(nginx)
        static = f"http://127.0.0.1:{nginx_port}"

        print(f"== wrk -d{options.seconds}s, {options.rounds} rounds, targets interleaved", flush=True)
        small_targets = {
            "trivial view": (on.url + TRIVIAL_PATH, on),
            "post on": (on.url + POST_PATH, on),
            "post off": (off.url + POST_PATH, off),
            "index on": (on.url + INDEX_PATH, on),
            "index off": (off.url + INDEX_PATH, off),
            "post Varnish": (varnish.url + POST_PATH, None),
            "index Varnish": (varnish.url + INDEX_PATH, None),
            "static (nginx)": (static + POST_PATH, None),
        }
        report["small"] = median_round(
            rounds(small_targets, options.seconds, options.rounds), ("trivial view", "static (nginx)")
        )

        print("== worker recycling: one round with and without max_requests", flush=True)
        recycling_servers = {"configured": on, "every 2,000": every_2000, "none": no_recycling}
        recycled_before = {name: server.recycled() for name, server in recycling_servers.items()}
        recycling_targets = {
            f"{page}, recycling {name}": (server.url + path, server)
            for page, path in (("trivial", TRIVIAL_PATH), ("post", POST_PATH))
            for name, server in recycling_servers.items()
        }
        report["recycling"] = {
            "runs": median_round(rounds(recycling_targets, options.seconds * 2, 1), ()),
            "recycled_in_round": {
                name: server.recycled() - recycled_before[name] for name, server in recycling_servers.items()
            },
            "boot_cpu_ms": statistics.mean(server.boot_cpu for server in servers) * 1000,
        }

        print(
            f"== 100 readers for {options.readers_seconds} s through Varnish, without and with a csrftoken cookie",
            flush=True,
        )
        report["readers"] = {
            "no cookie": readers(varnish.url + POST_PATH, options.readers_seconds),
            "csrftoken": readers(varnish.url + POST_PATH, options.readers_seconds, cookie=secrets.token_hex(16)),
        }

        print("== a whole-site ban, 2 posts", flush=True)
        report["ban"] = {"small": ban_cost(varnish, on)}

        print(f"== seeding to {options.posts} posts", flush=True)
        run([PYTHON, "manage.py", "shell", "-c", SEED_SCRIPT % {"total": options.posts, "post": POST_PATH}], env)
        report["queries"]["large"] = {"on": query_counts(env), "off": query_counts(off_env)}
        large_targets = {
            name: target for name, target in small_targets.items() if "Varnish" not in name and "nginx" not in name
        }
        report["large"] = median_round(rounds(large_targets, options.seconds, options.rounds), ("trivial view",))

        print(f"== a whole-site ban, {options.posts} posts", flush=True)
        report["ban"]["large"] = ban_cost(varnish, on)

        report["wire_bytes"], report["wire_total"] = sizes, sum(sizes.values())
        report["recycling"]["recycled_in_run"] = on.recycled()
        report["load"] = [load_before, os.getloadavg()]
        report["minutes"] = (time.monotonic() - started) / 60
        print_report(report)
        if options.json:
            Path(options.json).write_text(json.dumps(report, indent=2))
    finally:
        for server in servers:
            server.stop()
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        if varnish:
            varnish.stop()
        for server in servers:
            if "Traceback" in server.log.read_text():
                print(f"\n== gunicorn {server.name} logged errors; its log ends:\n{server.log.read_text()[-4000:]}")
        shutil.rmtree(workdir, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    return f"{os.cpu_count()} cores, {cpu}, Linux {os.uname().release}"


def print_report(report):
    print(
        f"\nMachine: {report['machine']}; {report['date']}; {report['minutes']:.1f} min;"
        f" load average before {report['load'][0][0]:.1f}, after {report['load'][1][0]:.1f}"
    )
    for size in ("small", "large"):
        label = f"{report['queries'][size]['on']['posts']} posts"
        print(f"\n{label}: wrk -t2 (-c16; gunicorn -c4), median round; ratios: median of the rounds' ratios")
        print(
            f"  {'target':<16}{'req/s':>9}{'CPU ms/req':>12}{'/trivial':>10}{'/static':>9}{'p50 ms':>9}{'p99 ms':>9}{'err':>5}   rounds"
        )
        for name, row in report[size].items():
            cpu = f"{row['cpu_ms']:.2f}" if "cpu_ms" in row else "-"
            trivial = f"{row['/ trivial view']:.3f}" if "/ trivial view" in row else "-"
            static = f"{row['/ static (nginx)']:.3f}" if "/ static (nginx)" in row else "-"
            print(
                f"  {name:<16}{row['rps']:>9.0f}{cpu:>12}{trivial:>10}{static:>9}{row['p50']:>9.2f}{row['p99']:>9.2f}"
                f"{row['errors']:>5}   {row['all_rps']} {row.get('all_cpu_ms', '')}"
            )
    print("\nSQL queries per render, cold (right after a change) / warm (targets: cold <= 16, warm <= 8)")
    for size in ("small", "large"):
        for mode in ("on", "off"):
            counts = report["queries"][size][mode]
            print(
                f"  {counts['posts']:>5} posts, lookups {mode:<3}: "
                + ", ".join(
                    f"{page} {counts[page]['cold']}/{counts[page]['warm']}" for page in ("post", "index", "trivial")
                )
            )
    recycling = report["recycling"]
    print(
        f"\nWorker recycling (max_requests), one round: recycles in it {recycling['recycled_in_round']},"
        f" {recycling['recycled_in_run']} on the configured server in the whole run; a worker's boot costs"
        f" {recycling['boot_cpu_ms']:.0f} ms CPU"
    )
    for name, row in recycling["runs"].items():
        print(f"  {name:<32}{row['rps']:>9.0f} req/s{row['cpu_ms']:>8.2f} ms CPU/req")
    print("\n100 readers through Varnish (post), wrk -c100 (targets: 0 errors, p99 <= 1000 ms)")
    for name, row in report["readers"].items():
        print(
            f"  {name:<10} {row['rps']:>9.0f} req/s  {row['requests']} requests  errors {row['errors']}  p50 {row['p50']:.2f} ms  p99 {row['p99']:.2f} ms"
        )
    print("\nWhole-site ban")
    for size, ban in report["ban"].items():
        print(
            f"  {size}: {ban['addresses']} addresses {ban['statuses']}, {ban['objects']} objects; PURGE {ban['purge_ms']:.1f} ms;"
            f" first re-render {ban['first_render_ms']:.0f} ms; re-crawl fetched {ban['refetched']} from the app"
            f" in {ban['refill_s']:.1f} s, {ban['refill_cpu_s']:.1f} s worker CPU"
        )
        for error in ban["errors"]:
            print(f"    {error}")
    print("\nBytes over the wire for the post (gzip, no images):")
    for name, size in report["wire_bytes"].items():
        print(f"  {size:>8}  {name}")
    print(f"  {report['wire_total']:>8}  total (target <= 35 KB = 35840)")


if __name__ == "__main__":
    main()
