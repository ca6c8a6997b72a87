# gradfig — two commands: `make site` builds the site, `make test` runs every test.
# Both create the virtualenv and install what they need on first use.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

export NO_MKDOCS_2_WARNING := 1   # Material 9.8 prints an end-of-life banner otherwise
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install site serve test test-fast lint figures slides handout bench lock clean chromium

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The venv is filled by uv (pinned, from PyPI), not pip: the same exact versions from the lock,
# installed in seconds instead of about two minutes (pip resolves again; uv links from its
# cache). uv does not read pip's configuration, so it never sees pip's local wheel folders or
# its torch cap; nothing here needs either. UV=pip installs with pip instead.
# --compile-bytecode: this machine's environment sets PYTHONDONTWRITEBYTECODE=1, so a module
# without a .pyc written at install is compiled again by every process that imports it (SymPy,
# matplotlib, NumPy: 9-25 s per `gradfig render` or MkDocs build under load, measured). Python
# still reads the .pyc files the install wrote.
UV_VERSION := 0.13.8
UV ?= uv
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
ifeq ($(UV),pip)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
else
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps --no-build-isolation -e .
endif
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) $(NODE_STAMP)  ## create .venv and node_modules from the lock files

# 'make site' with nothing changed since the last build (same sources, site/ untouched) does
# nothing: scripts/site_inputs.py compares content digests. FORCE=1 rebuilds anyway.
site: install  ## build the whole site into site/ (mkdocs build --strict); no-op when nothing changed
	@if [ -z "$(FORCE)" ] && $(PY) scripts/site_inputs.py unchanged; then \
	  echo "site/ is up to date: no source changed since the last build (make site FORCE=1 rebuilds)"; \
	else \
	  $(PY) scripts/site_inputs.py forget && \
	  $(VENV)/bin/mkdocs build --strict --quiet && \
	  $(PY) scripts/site_inputs.py record; \
	fi

serve: install  ## live preview on http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

chromium:  ## make sure Debian's Chromium (browser tests) and poppler (the handout's tests) are present
	@scripts/ensure_chromium.sh

figures: slides  ## render the chapter's figures into figures/ (16:9 and 4:3, PNG + PDF, both themes; animations)
	$(PY) scripts/figures.py --out figures --preset 4:3 --theme both --format png,pdf

# The gallery's slide files, the first part of 'make figures': 16:9 PNG + PDF of every figure and
# the descent animations (GIF, MP4). No page shows them, so 'make site' never draws them; a build
# after this copies them from the figure cache, links them in the gallery and zips them.
slides: $(STAMP)
	$(PY) scripts/figures.py --out figures --preset 16:9 --theme both --format png,pdf,gif,mp4

# make handout OUT=course.pdf LEAVE_OUT="api/ playground/" : another file name, pages left out.
handout: site chromium  ## print the whole chapter as one PDF (handout.pdf): contents page, the nav's pages in order
	$(PY) scripts/handout.py --out $(or $(OUT),handout.pdf) $(foreach p,$(LEAVE_OUT),--leave-out $(p))

lint: $(STAMP)  ## ruff
	$(VENV)/bin/ruff check src scripts tests docs/hooks

# Tests run on every core (pytest-xdist; JOBS=0 runs them in one process). Each test module
# runs on one worker (--dist loadfile), so a module-scoped fixture (a copy of the repository
# built or edited) is made once; the session's site is built once for all workers.
# (Not --dist loadgroup: xdist 3.8 marks a group by renaming the test's node id, which pytest 9
# no longer lets it do, so groups are silently split across workers.)
JOBS ?= auto
PYTEST := $(PY) -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder
# The fast tier: no site build, no browser, no full-size render; Node's tests of the mirrors
# run in it. A site build there is an error (scripts/site_tools.py), not a slow surprise.
FAST := -m "not site and not browser and not slow"

test: install chromium lint  ## run the whole test suite (every tier)
	$(PYTEST)

test-fast: install lint  ## the fast tier: no site build, no browser (about a minute)
	GRADFIG_NO_SITE_BUILDS=1 $(PYTEST) $(FAST)

# Lighthouse is benchmark-only and big (111 MB of npm packages): its own package dir, installed
# here and never by 'make site' or 'make test'.
BENCH_STAMP := bench/node_modules/.installed
$(BENCH_STAMP): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

# make bench ONLY=lighthouse RUNS=2 PAGES=autodiff/,fields/ : one section, fewer Lighthouse rounds
# (default 5), some pages (scripts/bench_lighthouse.py lists its options).
bench: install chromium $(BENCH_STAMP)  ## print the benchmark tables (also written to bench-results/)
	$(if $(RUNS),GRADFIG_BENCH_RUNS=$(RUNS)) $(if $(PAGES),GRADFIG_BENCH_PAGES=$(PAGES)) \
	  $(PY) scripts/bench.py $(foreach s,$(ONLY),--only $(s))

lock:  ## refresh requirements.lock from the current venv
	{ head -2 requirements.lock; $(PY) -m pip freeze --exclude-editable | grep -v '^gradfig\|^uv=='; \
	  echo "setuptools==$$($(PY) -c 'import setuptools; print(setuptools.__version__)')"; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:  ## remove built and generated files (keeps .venv and node_modules)
	rm -rf site docs/generated .cache bench-results figures handout.pdf
