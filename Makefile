# The README's quick start: `make run` and `make test`. Both set up .venv on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

.PHONY: setup system-deps run test lint bench package package-deps package-smoke
setup: $(VENV)/.installed

# The integration tests use real desktop parts: a Secret Service keyring on a private D-Bus
# session, and an X server (Xvfb) with a tray host (trayer) and a notification daemon (dunst),
# plus the X libraries Qt's xcb platform plugin loads.
SYSTEM_TOOLS := dbus-daemon dbus-send dbus-monitor gnome-keyring-daemon Xvfb trayer dunst \
	dunstctl xwininfo
SYSTEM_PACKAGES := dbus dbus-x11 gnome-keyring xvfb trayer dunst libnotify-bin x11-utils \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libegl1 \
	libgl1 libfontconfig1 libdbus-1-3
system-deps:
	@missing=""; for tool in $(SYSTEM_TOOLS); do \
	    command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if command -v dpkg-query >/dev/null; then for package in $(SYSTEM_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" \
	        || missing="$$missing $$package"; done; fi; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	            --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	    else \
	        echo "Integration tests need:$$missing (sudo apt-get install $(SYSTEM_PACKAGES))"; \
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

# Installers (packaging/README.md). The Debian tools the Linux build and its smoke test use.
PACKAGE_DEBS := binutils dpkg-dev xvfb xdotool imagemagick desktop-file-utils appstream \
	dbus gnome-keyring libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libegl1 \
	libgl1 libfontconfig1 libdbus-1-3
package-deps:
	@if [ "$$(id -u)" = 0 ]; then \
	    missing=$$(for p in $(PACKAGE_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	    if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	        apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi; \
	else \
	    echo "Packaging needs: sudo apt-get install $(PACKAGE_DEBS)"; \
	fi

# dist/rapport/ (the bundle) and dist/rapport_<version>_<arch>.deb; prints size and start times.
package: $(VENV)/.installed package-deps
	$(PY) packaging/build_linux.py $(PACKAGE_ARGS)

# Builds (or reuses) the bundle and the .deb and drives them under Xvfb; as root, set
# RAPPORT_PACKAGE_INSTALL=1 to also install and remove the .deb.
package-smoke: $(VENV)/.installed package-deps
	$(PY) -m pip install --quiet -e ".[package]"
	$(PY) -m pytest -m package -q -ra -s tests/packaging
