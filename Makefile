# debt_recovery: the two commands are `make demo` and `make test`.
# Each does its own setup: Odoo source (ODOO_SRC), .venv, system packages,
# and a project-local PostgreSQL under .run/ (unless PGHOST/PGPORT are set).

SHELL := /bin/bash
export ODOO_SRC ?= $(HOME)/.cache/odoo/19.0

.PHONY: setup demo demo-reset test test-core bench lint readme wheel screenshots stop clean

setup:
	@tools/odoo-src.sh
	@tools/venv.sh
	@tools/system-deps.sh
	@tools/pg.sh start

demo: setup
	@tools/demo.sh

demo-reset: setup
	@tools/demo.sh --reset

test: setup
	@tools/test.sh

# The pure-Python tests of debt_recovery/core only: no database, a second.
test-core:
	@tools/venv.sh
	.venv/bin/pytest -q -p no:odoo -p no:cacheprovider tests/test_core_*.py

# Benchmarks (bench/*.py) on their own database; each prints one JSON line.
bench: setup
	@tools/bench.sh

# The README's screenshots (doc/screenshots/), from the demo database.
screenshots: setup
	@tools/screenshots.sh

# ruff (check, format) over the repo, pylint-odoo (.pylintrc) over every addon
# (*/__manifest__.py), and each README.rst up to date with its readme/*.md.
# The same tools run as pre-commit hooks (.pre-commit-config.yaml).
lint:
	@tools/venv.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	tools/pylint.sh
	.venv/bin/python tools/gen-addon-readme.py --check

# README.rst and static/description/index.html of each addon, from readme/*.md.
readme:
	@tools/venv.sh
	.venv/bin/python tools/gen-addon-readme.py

# A wheel per addon (odoo-addon-<name>, built by whool from git) into dist/.
wheel:
	@tools/venv.sh
	for manifest in */__manifest__.py; do \
		.venv/bin/pip wheel --quiet --no-deps "./$$(dirname $$manifest)" -w dist || exit 1; \
	done
	@ls dist/*.whl

stop:
	@tools/pg.sh stop

clean: stop
	rm -rf .run
