"""`make lighthouse`: Lighthouse (mobile) on the home page, the blog, the post and the enquiry page, as visitors get them.

A fresh SQLite database in a temporary folder, migrated, with the clinic's content, served by
gunicorn with production settings (DEBUG off, static files by whitenoise from collectstatic);
only the database (SQLite, not PostgreSQL) and the cache (in memory, not Redis) differ, and
nothing is purged (no Varnish in front). Lighthouse 12 (benchmarks/lighthouse/package.json)
drives Debian's Chromium. Prints a table page × category and each failing audit; reports go
to benchmarks/results/lighthouse/. Exits non-zero if a score is below 100. The enquiry page
fetches Google's reCAPTCHA script only once a visitor starts the form, so none of it is
audited (this machine cannot reach Google anyway).

Lighthouse's mobile CPU throttling (4x) expects a machine whose benchmark index (shown per
page) is at least 1,000; on a slower or busy one the performance score measures the machine.
--runs 3 keeps each page's median run by performance (Lighthouse's advice on variability).

Usage: .venv/bin/python benchmarks/lighthouse.py [--runs 1] [--cpu-slowdown 4]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.run import GUNICORN, INDEX_PATH, POST_PATH, PYTHON, free_port, production_env, run  # noqa: E402
from deploy.varnishd import wait_for_port  # noqa: E402

LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "benchmarks" / "results" / "lighthouse"
PAGES = {"home": "/", "index": INDEX_PATH, "post": POST_PATH, "enquiry": "/book-a-discovery-visit/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    " --disable-sync --no-first-run"
)

# Production settings on a SQLite file, with the cache in memory (nothing of the machine's Redis is touched).
SETTINGS = """from bodyzest.settings.production import *  # noqa: F401,F403

DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILFRONTENDCACHE = {}
"""


def failing_audits(report, category):
    """(audit id, its title and value) for each audit losing points."""
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            title = f"{audit['title']}: {audit['displayValue']}" if audit.get("displayValue") else audit["title"]
            yield ref["id"], title


def audit(url, name, options):
    """Lighthouse on one page ``options.runs`` times; the report of the median run by performance."""
    reports = []
    for run_number in range(options.runs):
        output = REPORTS / (name if options.runs == 1 else f"{name}-{run_number + 1}")
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output=html", f"--output-path={output}"]
        command += [f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
        command += [f"--throttling.cpuSlowdownMultiplier={options.cpu_slowdown}"]
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
        reports.append(json.loads(output.with_name(output.name + ".report.json").read_text()))
    reports.sort(key=lambda report: report["categories"]["performance"]["score"])
    return reports[(len(reports) - 1) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs a page; the median by performance is kept")
    parser.add_argument("--cpu-slowdown", type=float, default=4, help="Lighthouse's CPU throttling (mobile: 4)")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bodyzest-lighthouse-"))
    port = free_port()
    served_at = f"http://127.0.0.1:{port}"
    (workdir / "lighthouse_settings.py").write_text(SETTINGS)
    env = production_env(workdir, purge_url="http://127.0.0.1:9")
    env.update(
        DJANGO_SETTINGS_MODULE="lighthouse_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(workdir), os.environ.get("PYTHONPATH")])),
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        WAGTAILADMIN_BASE_URL=served_at,
    )
    print(f"== fresh database, clinic content, static files ({workdir})", flush=True)
    run([PYTHON, "manage.py", "migrate", "--no-input"], env)
    run([PYTHON, "manage.py", "load_clinic_content", "--served-at", served_at], env)
    run([PYTHON, "manage.py", "collectstatic", "--no-input"], env)
    server = subprocess.Popen(
        [GUNICORN, "-c", "deploy/gunicorn.conf.py", "--no-control-socket", "-b", f"127.0.0.1:{port}", "-w", "2"]
        + ["bodyzest.wsgi"],
        env=env,
        cwd=ROOT,
        stderr=(workdir / "gunicorn.log").open("w"),
    )
    REPORTS.mkdir(parents=True, exist_ok=True)
    scores, failures = {}, []
    try:
        wait_for_port(port)
        for name, path in PAGES.items():
            print(f"== Lighthouse: {name} ({path})", flush=True)
            for _ in range(2):  # rendered before, as on a server that has been running
                urllib.request.urlopen(served_at + path).close()
            report = audit(served_at + path, name, options)
            scores[name] = {category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES}
            scores[name]["benchmark index"] = round(report["environment"]["benchmarkIndex"])
            for category in CATEGORIES:
                for audit_id, title in failing_audits(report, category):
                    print(f"   {category}: {audit_id} ({title})")
                if scores[name][category] < 100:
                    failures.append(f"{name} {category}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log = (workdir / "gunicorn.log").read_text()
        if "Traceback" in log or "ERROR" in log:
            print(f"== gunicorn logged errors; its log ends:\n{log[-4000:]}")
        shutil.rmtree(workdir)

    columns = [*CATEGORIES, "benchmark index"]
    print(f"\n| page | {' | '.join(columns)} |\n|---|{'---:|' * len(columns)}")
    for name, row in scores.items():
        print(f"| {name} | {' | '.join(str(row[column]) for column in columns)} |")
    print(
        f"(CPU slowdown {options.cpu_slowdown:g}x, {options.runs} run(s) a page, load average {os.getloadavg()[0]:.1f})"
    )
    print(f"\nReports: {REPORTS.relative_to(ROOT)}/<page>[-<run>].report.html and .json")
    if failures:
        sys.exit(f"Below 100: {', '.join(failures)}")


if __name__ == "__main__":
    main()
