# The two commands of the README: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app pactplatform
HOST ?= 127.0.0.1
PORT ?= 5000
# The address printed in PDFs (QR codes, links): where this server is reached. Production sets it
# to the public address (https://…) in the environment; the request's Host header never decides it.
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
PG_TEST_URL ?= postgresql+psycopg://pactplatform:pactplatform@127.0.0.1:5432/pactplatform_test
# One test process per core (pytest-xdist); each process has its own SQLite file or PostgreSQL database.
PYTEST_ARGS ?= -n auto

.PHONY: run test install install-test translations system-deps postgres redis test-sqlite test-postgres bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# system-deps first (order-only): PyICU, under followthemoney, builds against Debian's ICU.
$(VENV)/.installed: $(BIN)/activate pyproject.toml | system-deps
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d pactplatform/translations -D messages >/dev/null

# The workers count log-in attempts together in Redis (RATELIMIT_STORAGE_URI overrides it).
run: install redis
	$(FLASK) db upgrade
	PUBLIC_BASE_URL='$(PUBLIC_BASE_URL)' $(FLASK) demo --if-empty
	@echo "PactPlatform on http://$(HOST):$(PORT)/ (PDFs point to $(PUBLIC_BASE_URL)) - stop it with Ctrl+C."
	@# The notifications worker runs beside the web server and ends with it (no SMTP_HOST: e-mails go to instance/outbox/).
	PUBLIC_BASE_URL='$(PUBLIC_BASE_URL)' RATELIMIT_STORAGE_URI=$${RATELIMIT_STORAGE_URI:-redis://127.0.0.1:6379} \
	  $(FLASK) notifications work & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  PUBLIC_BASE_URL='$(PUBLIC_BASE_URL)' RATELIMIT_STORAGE_URI=$${RATELIMIT_STORAGE_URI:-redis://127.0.0.1:6379} \
	  $(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) --access-logfile - \
	  --logger-class pactplatform.web.access_log.AnonymousRoutesLogger 'pactplatform:create_app()'

system-deps:
	bash scripts/system-deps.sh

postgres:
	bash scripts/ensure-postgres.sh

redis:
	bash scripts/ensure-redis.sh

test: install-test system-deps postgres redis
	@start=$$(date +%s); \
	echo "== test suite on SQLite =="; \
	env -u TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS) || exit $$?; \
	if [ -f .pg-test-url ]; then \
	  echo "== test suite on PostgreSQL =="; \
	  TEST_DATABASE_URL=$$(cat .pg-test-url) $(BIN)/pytest $(PYTEST_ARGS) || exit $$?; \
	fi; \
	echo "make test took $$(( $$(date +%s) - start )) s"

bench: install-test
	$(BIN)/python bench/bench_ledger.py
	$(BIN)/python bench/bench_procurement.py
	$(BIN)/python bench/bench_risk.py
	$(BIN)/python bench/bench_pdf_check.py
	$(BIN)/python bench/bench_registry.py --scale 0.01

clean:
	rm -rf $(VENV) node_modules .pytest_cache .pg-test-url
