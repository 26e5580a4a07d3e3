# SVD Portal. `make run` serves the portal with its worker; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
# Links in emails (invitations, password resets) lead to the port `make run` serves, unless
# SITE_URL is set already. Procfile cannot say it: honcho gives each process its own PORT.
SITE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Django 6 needs Python 3.12+: take the newest one on PATH or in pyenv.
PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	if $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$c; break; fi; done)

.PHONY: help install assets check-system migrate run test lint format clean bench-pdf bench lock check-lock messages

help:
	@echo "make run    install, migrate, load demo data, serve http://127.0.0.1:$(PORT) with worker and beat"
	@echo "make test   install and run the whole test suite"
	@echo "make lint   ruff, djLint, the layers (import-linter) and the migrations check"
	@echo "make bench-pdf  time the strategy PDF at three sizes (a throwaway SQLite database)"
	@echo "make bench  time the key pages under gunicorn on PostgreSQL (DATABASE_URL; BENCH_ARGS=--demo)"
	@echo "make lock   pin pyproject.toml's ranges, with hashes, into requirements/*.txt (uv)"
	@echo "make check-lock  fail if requirements/*.txt no longer match pyproject.toml"
	@echo "make messages  bring the Welsh catalogue (locale/cy) up to date with the marked strings"

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "SVD Portal needs Python 3.12 or newer (Django 6). Install it, e.g. 'sudo apt install python3.12-venv' or 'brew install python@3.13', then run make again." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Exactly the versions and files in the lock (pip refuses any whose hash is not listed), then the
# project itself as an editable install, resolving nothing.
$(BIN)/.installed: requirements/dev.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

# The lock: requirements/base.txt (the runtime dependencies, what the Docker image installs) and
# requirements/dev.txt (the same pins plus the dev extra), each release with every file's hash.
# uv resolves once for every platform (--universal), so the same files serve Linux and macOS.
# Pins already in the files stay while pyproject.toml allows them; LOCK_ARGS=--upgrade (or
# --upgrade-package NAME) takes newer releases. uv is pinned so its output does not drift.
UV_VERSION := 0.13.9
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 \
	--generate-hashes --custom-compile-command 'make lock' --quiet $(LOCK_ARGS)
# $(1): the folder to write base.txt and dev.txt into.
define compile_lock
	$(UV_COMPILE) --output-file $(1)/base.txt
	$(UV_COMPILE) --extra dev -c $(1)/base.txt --output-file $(1)/dev.txt
endef

$(BIN)/.uv-$(UV_VERSION): | $(PY)
	$(PY) -m pip install --quiet 'uv==$(UV_VERSION)'
	@touch $@

lock: $(BIN)/.uv-$(UV_VERSION)
	@mkdir -p requirements
	$(call compile_lock,requirements)

# Compiles afresh from pyproject.toml, keeping the committed pins where they still fit, and
# compares the pins and markers. Hashes are left out: a wheel uploaded later to a pinned release
# changes them without making the lock wrong (pip's --require-hashes guards the files).
LOCK_CHECK := $(VENV)/lock-check
check-lock: $(BIN)/.uv-$(UV_VERSION)
	@rm -rf $(LOCK_CHECK) && mkdir -p $(LOCK_CHECK) && cp requirements/base.txt requirements/dev.txt $(LOCK_CHECK)/
	$(call compile_lock,$(LOCK_CHECK))
	@for f in base dev; do \
		diff -u --label requirements/$$f.txt --label "fresh from pyproject.toml" \
			<(grep -E '^[^[:space:]#]' requirements/$$f.txt | sed 's/ *\\$$//') \
			<(grep -E '^[^[:space:]#]' $(LOCK_CHECK)/$$f.txt | sed 's/ *\\$$//') \
		|| { echo "requirements/$$f.txt does not match pyproject.toml: run 'make lock' and commit requirements/." >&2; exit 1; }; \
	done
	@rm -rf $(LOCK_CHECK)
	@echo "requirements/base.txt and requirements/dev.txt match pyproject.toml."

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer (Debian/Ubuntu: 'sudo apt install nodejs npm'; macOS: 'brew install node')." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/dist/.built: node_modules/.installed $(wildcard static/src/scss/*.scss)
	npm run --silent build
	@touch $@

assets: static/dist/.built

check-system: $(BIN)/.installed
	@$(PY) -c 'import weasyprint' 2>/dev/null || { echo "WeasyPrint cannot find Pango. Install it: Debian/Ubuntu 'sudo apt install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core'; Fedora 'sudo dnf install pango'; macOS 'brew install pango'." >&2; exit 1; }
	@fc-list 2>/dev/null | grep -q 'DejaVu Sans' || { echo "The PDF documents use the DejaVu Sans font, which fontconfig cannot find. Install it: Debian/Ubuntu 'sudo apt install fonts-dejavu-core fontconfig'; Fedora 'sudo dnf install dejavu-sans-fonts'; macOS 'brew install --cask font-dejavu'." >&2; exit 1; }

install: $(BIN)/.installed assets check-system

migrate: install
	$(PY) manage.py migrate --no-input

run: migrate
	SITE_URL="$(SITE_URL)" $(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:$(PORT) with a Celery worker and beat. Ctrl-C stops all three."
	SITE_URL="$(SITE_URL)" PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start --procfile Procfile --port $(PORT)

# One test process per core; each test module stays on one process, so fixtures built once per
# module (the isolation walk, the seeded demo) are built once.
test: install
	$(PY) -m pytest --numprocesses auto --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint templates accounts partnerships notifications assessments strategies oversight documents funding api
	$(BIN)/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# A benchmark to read, not a test: it prints a table and asserts nothing.
bench-pdf: check-system
	$(PY) bench/pdf.py

# The key pages' response times against a trivial page, and their query counts, under gunicorn
# on the PostgreSQL database in DATABASE_URL (seed it first: `manage.py seed_scale` takes
# minutes, so this does not run it). BENCH_ARGS passes options: --demo, --rounds N, --only a,b.
bench: install
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
		*) echo "make bench needs PostgreSQL: set DATABASE_URL=postgres://… and run manage.py seed_scale first" >&2; exit 1;; esac
	$(PY) -m bench.pages $(BENCH_ARGS)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The Welsh catalogue brought up to date with the strings marked in the code (GNU gettext's
# xgettext and msgmerge do the reading): new messages arrive untranslated, or fuzzy where
# msgmerge guessed from a similar one; translate them, then `manage.py load_translation` or
# edit locale/cy/LC_MESSAGES/django.po and compile it (docs/welsh.md).
messages: install
	@command -v xgettext >/dev/null || { echo "make messages needs GNU gettext: apt-get install gettext (brew install gettext on macOS)" >&2; exit 1; }
	$(PY) manage.py makemessages -l cy --add-location file --no-obsolete \
		--ignore ".venv/*" --ignore "node_modules/*" --ignore "tests/*" --ignore "static/*" \
		--ignore "var/*" --ignore "bench/*"
	$(PY) -c "import polib; po = polib.pofile('locale/cy/LC_MESSAGES/django.po'); po.save_as_mofile('locale/cy/LC_MESSAGES/django.mo'); print(f'{po.percent_translated()}% translated')"

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
