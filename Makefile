# Every target installs what it needs first (scripts/setup.sh is idempotent and cached).
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export DO_NOT_TRACK := 1

.PHONY: setup browser run test test-all check lint bench lock bundle doctor
setup:
	@bash scripts/setup.sh

# Re-resolve requirements.lock from pyproject.toml (pip-tools, hashes for every file). Keeps the
# current pins where they still fit; upgrade one package with: make lock UPGRADE="-P gradio"
lock: setup
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--extra dev --extra models --no-emit-index-url --no-emit-find-links \
		$(UPGRADE) -o requirements.lock pyproject.toml

# Every wheel (portable llama.cpp and the model parts included) + the project in one folder, for
# plants with no network: then `scripts/setup.sh --offline DIR` there.
BUNDLE ?= dist/floor-copilot-bundle
bundle: setup
	@bash scripts/bundle.sh $(BUNDLE)

doctor: setup
	$(PY) -m copilot doctor

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

# Every check in one command, and the one CI runs (.ci/run): ruff, mypy --strict, the tests.
check: lint test

bench: setup
	$(PY) -m evals.bench all
