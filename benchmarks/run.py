"""`make bench`: how fast the clinic's site is for readers, on this machine, with production settings.

Builds a scratch PostgreSQL database (bodyzest_bench) with the clinic's content,
then starts, all on loopback:

* gunicorn "uncached": production settings with the page cache off (PAGE_CACHE_SECONDS=0);
* gunicorn "cached": production settings, page cache in Redis (database 15);
* Varnish with the shipped VCL in front of the cached one;
* nginx serving a saved copy of the post's HTML, pre-compressed (the static reference).

wrk (-t2 -c16, with "Accept-Encoding: gzip" as browsers send it) runs against the runner's knee post and the blog index, a few
seconds per target, the targets interleaved, in several rounds; the median
round is reported with p50/p99 latency and the ratios the issue sets as
targets. Also measured: SQL queries per page with 2 and with 1,000 posts
(seeded), and the post's bytes over the wire without images.

Needs Debian's varnish, nginx and wrk (apt-get install varnish nginx wrk).
Usage: .venv/bin/python benchmarks/run.py [--seconds 4] [--rounds 3] [--json out.json]
"""

import argparse
import gzip
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.deploy.varnish import Varnish, free_port, wait_for_port  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATABASE = "bodyzest_bench"
POST_PATH = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
INDEX_PATH = "/blog/"
SEEDED_POSTS = 1000

QUERY_COUNT_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from blog.models import BlogPage
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, path in (("post", %(post)r), ("index", %(index)r)):
    client.get(path)  # warm Wagtail's site-root cache, as a running server has
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    assert status == 200, (path, status)
    counts[name] = len(queries)
counts["posts"] = BlogPage.objects.live().count()
print(json.dumps(counts))
"""

SEED_SCRIPT = """
import datetime
from django.utils import timezone
from blog.models import BlogIndexPage, BlogPage
blog = BlogIndexPage.objects.get()
template = BlogPage.objects.live().first()
existing = BlogPage.objects.count()
for number in range(existing, %(total)d):
    day = datetime.date(2020, 1, 1) + datetime.timedelta(days=number)
    blog.add_child(instance=BlogPage(
        title=f"Seeded post {number}", slug=f"seeded-post-{number}", date=day,
        introduction=template.introduction, body=template.body.raw_data, author=template.author,
        live=True, first_published_at=timezone.now(), last_published_at=timezone.now(),
    ))
print(BlogPage.objects.count())
"""


def run(command, env):
    result = subprocess.run(command, env=env, cwd=ROOT, text=True, capture_output=True)
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
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True, capture_output=True)


def query_counts(env):
    script = QUERY_COUNT_SCRIPT % {"post": POST_PATH, "index": INDEX_PATH}
    output = run([PYTHON, "manage.py", "shell", "-c", script], {**env, "PAGE_CACHE_SECONDS": "0"}).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(
        [GUNICORN, "-c", "deploy/gunicorn.conf.py", "--no-control-socket", "-b", f"127.0.0.1:{port}", "-w", str(workers), "bodyzest.wsgi"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    return process


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


def wrk(url, seconds):
    """req/s, p50 and p99 latency (ms) from one wrk run."""
    output = subprocess.run(
        # Accept-Encoding as every browser sends it: Varnish then serves its gzipped copy as stored.
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip", url],
        check=True, capture_output=True, text=True,
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw errors from {url}:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"rps": rate, "p50": latency(output, "50%"), "p99": latency(output, "99%")}


def latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


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
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", help="also write the results here")
    options = parser.parse_args()
    for tool in ("varnishd", "nginx", "wrk", "psql"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is missing: apt-get install varnish nginx wrk postgresql-client")

    workdir = tempfile.mkdtemp(prefix="bodyzest-bench-")
    processes, varnish = [], None
    try:
        cached_port, uncached_port = free_port(), free_port()
        varnish = Varnish([cached_port], memory="128m")
        env = production_env(workdir, varnish.url)
        print("== scratch database, clinic content, static files")
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        psql(f"CREATE DATABASE {DATABASE}")
        run([PYTHON, "manage.py", "migrate", "--no-input"], env)
        run([PYTHON, "manage.py", "load_clinic_content"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input"], env)
        subprocess.run(["redis-cli", "-n", "15", "FLUSHDB"], check=True, capture_output=True)

        queries = {"small": query_counts(env)}

        processes.append(start_gunicorn(env, cached_port, options.workers))
        processes.append(start_gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}, uncached_port, options.workers))
        sizes, html = wire_bytes(f"http://127.0.0.1:{cached_port}")
        nginx, nginx_port = start_nginx(workdir, html)
        processes.append(nginx)

        targets = {
            "origin uncached": f"http://127.0.0.1:{uncached_port}",
            "origin cached": f"http://127.0.0.1:{cached_port}",
            "through Varnish": varnish.url,
            "static (nginx)": f"http://127.0.0.1:{nginx_port}",
        }
        pages = {"post": POST_PATH, "index": INDEX_PATH}
        results = {page: {name: [] for name in targets} for page in pages}
        print(f"== wrk -t2 -c16 -d{options.seconds}s, {options.rounds} rounds, targets interleaved")
        for _round in range(options.rounds):
            for page, path in pages.items():
                for name, base in targets.items():
                    if name.startswith("static") and page != "post":
                        continue
                    urllib.request.urlopen(base + path).read()  # warm caches
                    results[page][name].append(wrk(base + path, options.seconds))

        print(f"== seeding to {SEEDED_POSTS} posts")
        run([PYTHON, "manage.py", "shell", "-c", SEED_SCRIPT % {"total": SEEDED_POSTS}], env)
        queries["large"] = query_counts(env)

        summary = summarise(results)
        report = {"machine": machine(), "date": time.strftime("%Y-%m-%d"), "wrk": summary, "queries": queries,
                  "wire_bytes": sizes, "wire_total": sum(sizes.values())}
        print_report(report)
        if options.json:
            Path(options.json).write_text(json.dumps(report, indent=2))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        if varnish:
            varnish.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


def summarise(results):
    """For each page and target, the round with the median rate."""
    summary = {}
    for page, targets in results.items():
        summary[page] = {}
        for name, runs in targets.items():
            if runs:
                median_rate = statistics.median_low([run["rps"] for run in runs])
                summary[page][name] = next(run for run in runs if run["rps"] == median_rate) | {
                    "all_rps": [round(run["rps"]) for run in runs]
                }
    return summary


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "?")
    return f"{os.cpu_count()} cores, {cpu}, Linux {os.uname().release}"


def print_report(report):
    print(f"\nMachine: {report['machine']}; date {report['date']}")
    for page, targets in report["wrk"].items():
        print(f"\n{page} ({POST_PATH if page == 'post' else INDEX_PATH})")
        print(f"  {'target':<18}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}   rounds")
        for name, row in targets.items():
            print(f"  {name:<18}{row['rps']:>10.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}   {row['all_rps']}")
        rate = {name: row["rps"] for name, row in targets.items()}
        print(f"  cached / uncached: {rate['origin cached'] / rate['origin uncached']:.1f}x (target >= 10x)")
        if "static (nginx)" in rate:
            print(f"  Varnish / static:  {rate['through Varnish'] / rate['static (nginx)']:.2f} (target >= 0.5)")
    small, large = report["queries"]["small"], report["queries"]["large"]
    print(f"\nSQL queries per page: post {small['post']} -> {large['post']}, index {small['index']} -> {large['index']}"
          f" (with {small['posts']} -> {large['posts']} posts; budget post <= 8, index <= 12)")
    print("\nBytes over the wire for the post (gzip, no images):")
    for name, size in report["wire_bytes"].items():
        print(f"  {size:>8}  {name}")
    print(f"  {report['wire_total']:>8}  total (target <= 35 KB = 35840)")


if __name__ == "__main__":
    main()
