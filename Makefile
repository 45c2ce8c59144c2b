# The two commands of the README:
#   make lab    set up (first run only) and open JupyterLab on the start notebook
#   make test   set up (first run only) and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kerasnb-installed

.PHONY: lab test test-fast browser-setup classroom-setup clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 10) <= v <= (3, 12) else "kerasnb needs Python 3.10-3.12; set PYTHON=python3.11 (found %d.%d)" % v)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,teacher]"
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/kerasnb lab

browser-setup: $(STAMP)
	@bash .ci/ensure-browser.sh $(BIN)/python

# The classroom test's proxy (configurable-http-proxy, from npm) beside the venv.
CHP := $(VENV)/chp/node_modules/.bin/configurable-http-proxy
classroom-setup: $(STAMP)
	@test -x $(CHP) || { command -v npm >/dev/null 2>&1 \
	  && npm install --prefix $(VENV)/chp --silent --no-fund --no-audit --no-update-notifier \
	     configurable-http-proxy >/dev/null \
	  || echo "npm not found: the classroom test (tests/test_classroom.py) will be skipped"; }

test: $(STAMP) browser-setup classroom-setup
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
