# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address `make run` serves: the site record and the admin's emails are given it, so every link works.
SERVED_AT = http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help run install install-dev migrate content serve test lint superuser bench lighthouse screenshots clean

help:
	@echo "make run        install, migrate, load the clinic's content and serve http://$(HOST):$(PORT)"
	@echo "make test       run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint       ruff: lint and format check (pyproject.toml)"
	@echo "make superuser  create a staff login for the admin"
	@echo "make bench      measure page speed and query counts"
	@echo "make lighthouse  Lighthouse (mobile) on home, blog, post and enquiry; fails below 100"
	@echo "make screenshots  remake docs/screenshots/ (home, blog, post, enquiry at 375 and 1280 px)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall only when the pins change.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

content: migrate
	$(BIN)/python manage.py load_clinic_content --served-at $(SERVED_AT)

serve: install
	@echo ""
	@echo "  Site:   $(SERVED_AT)/"
	@echo "  Admin:  $(SERVED_AT)/admin/"
	@echo "  First time? Create a staff login in another terminal with: make superuser"
	@echo ""
	WAGTAILADMIN_BASE_URL=$(SERVED_AT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

run: content serve

superuser: migrate
	$(BIN)/python manage.py createsuperuser

test: install-dev
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Needs Debian's varnish, nginx and wrk (installed here when missing; apt needs root)
# and the machine's PostgreSQL and Redis (docs/benchmarks.md).
bench: install-dev
	@missing=""; \
	for pair in varnishd:varnish nginx:nginx wrk:wrk; do \
		PATH="$$PATH:/usr/sbin" command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "== installing Debian's$$missing for the benchmark"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# Lighthouse pinned in benchmarks/lighthouse/package-lock.json, on Debian's Chromium (never a downloaded browser).
LIGHTHOUSE_DIR := benchmarks/lighthouse
$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package-lock.json
	cd $(LIGHTHOUSE_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: install $(LIGHTHOUSE_DIR)/node_modules/.installed
	$(BIN)/python benchmarks/lighthouse.py $(LIGHTHOUSE_ARGS)

# The accessibility test's own screenshots (Chromium, both widths), saved into the docs.
# Which pages: SCREENSHOT_PAGES in tests/browser/test_accessibility.py.
screenshots: install-dev
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -n 0 -q \
		tests/browser/test_accessibility.py::test_every_public_page_meets_wcag_22_aa

clean:
	rm -rf $(VENV) .pytest_cache
