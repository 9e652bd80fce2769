# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EVGRAPH := $(BIN)/evgraph
HOST   ?= 127.0.0.1
PORT   ?= 5000
WORKERS ?= 2

.PHONY: run test venv neo4j stop browser pdf-browser bench i18n clean help

help:
	@echo "make run   - start Neo4j, load the demo data, serve http://$(HOST):$(PORT)"
	@echo "make test  - run the whole test suite against a real Neo4j"
	@echo "make bench - run the benchmarks in bench/"
	@echo "make i18n  - bring the translation catalogue in step with the code"
	@echo "make stop  - stop the local Neo4j"

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ not found: install python3 (3.11 or newer)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

neo4j: venv
	$(EVGRAPH) neo4j start

run: venv pdf-browser
	$(EVGRAPH) neo4j start
	$(EVGRAPH) db init
	$(EVGRAPH) demo load --if-empty
	$(EVGRAPH) serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# Browser tests drive Debian's Chromium; install it when missing (needs root, as on CI machines).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || { echo "Could not install chromium: run 'apt-get install chromium' (browser tests need it)."; exit 1; }; \
	  else echo "chromium not found: run 'sudo apt-get install chromium' (browser tests need it)."; exit 1; fi; }

# Dossier PDFs print several times faster in Chromium than in WeasyPrint (bench/pdf_bench.py): `make run` installs
# it when it can (as root) and otherwise says how, and serves anyway (WeasyPrint prints then).
pdf-browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "Could not install chromium: dossier PDFs will be printed by WeasyPrint (slower)."; \
	  else echo "chromium not found: dossier PDFs will be printed by WeasyPrint (slower); 'sudo apt-get install chromium' for Chromium."; fi; }

test: venv browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: venv
	$(BIN)/python -m bench

# The message catalogue in step with the code (pybabel extraction; translations kept): then translate
# what `python -m graph.store.catalogue missing` lists in graph/translations/uk/LC_MESSAGES/messages.po.
i18n: venv
	$(BIN)/python -m graph.store.catalogue update

stop:
	$(EVGRAPH) neo4j stop

clean:
	-$(EVGRAPH) neo4j stop
	rm -rf $(VENV) .neo4j .neo4j-test* .pytest_cache
