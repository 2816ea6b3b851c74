# The README's quick start: `make run` and `make test`. Both set up .venv on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

.PHONY: setup system-deps run test lint bench
setup: $(VENV)/.installed

# The integration tests use a real Secret Service keyring on a private D-Bus session.
system-deps:
	@if ! command -v dbus-daemon >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	            --no-install-recommends dbus gnome-keyring >/dev/null; \
	    else \
	        echo "Integration tests need: sudo apt-get install dbus gnome-keyring"; \
	    fi; \
	fi

run: $(VENV)/.installed
	$(VENV)/bin/rapport

test: $(VENV)/.installed system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check app tests bench

bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) bench/search.py
	$(PY) bench/interchange.py
