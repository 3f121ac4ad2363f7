"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py bodyzest.wsgi --no-control-socket`.

Every value can be changed from the environment (GUNICORN_*). The app servers
are stateless (sessions, remembered lookups and rate limits in Redis; data in
PostgreSQL; media in shared storage), so more servers can be added behind
Varnish (deploy/varnish/round-robin.vcl).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual rule for synchronous workers: two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request that takes longer than this is killed (the reader gets a 502 from the proxy).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak never grows large; rarely, as a new worker costs
# ~1.2 s of CPU to boot (docs/benchmarks.md): every 2,000 requests that was ~0.6 ms a request.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# Behind our own proxy only: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket in ~/.gunicorn (the `--no-control-socket` flag does the same).
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without its query string: searches and tokens stay out of the log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
