# Every target installs what it needs first (scripts/setup.sh is idempotent and cached).
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export DO_NOT_TRACK := 1

.PHONY: setup browser run test test-all check lint bench
setup:
	@bash scripts/setup.sh

# Debian chromium + chromedriver for the UI browser tests (no browser downloads: apt only)
browser:
	@bash scripts/install_browser.sh

run: setup
	$(PY) -m copilot ingest sample_docs/
	$(PY) -m copilot serve

test: setup browser
	$(PY) -m pytest -q

test-all: setup browser
	$(PY) -m pytest -q -m ""

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

check: lint test

bench: setup
	$(PY) -m evals.bench all
