# aigovkg — two commands do everything on a fresh machine with Python 3.11 and make:
#   make run    create .venv, install, build the graph, reason, validate, answer the
#               competency queries, write dist/ and print a summary
#   make test   install what the tests need and run the whole suite
# Other targets: make build, make validate, make serve, make bench, make loadtest, make clean.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml VERSION | cksum | cut -d' ' -f1)

.PHONY: run test build validate clean java services install serve loadtest bench

run: install java
	$(BIN)/aigovkg build

test: install java services
	$(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml VERSION
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# HermiT (the OWL reasoner owlready2 runs) needs a Java runtime.
java:
	@sh scripts/ensure-java.sh

# The server and browser tests run against Debian's Virtuoso and headless Chromium.
services:
	@sh scripts/ensure-test-services.sh

serve: install java
	$(BIN)/aigovkg serve

# Benchmarks: project engine against the rdflib / pySHACL / HermiT baseline, written to
# benchmarks/results/<triples>.json and benchmarks/results/README.md.
#   make bench                 all sizes (10k, 100k, 1M, 5M)
#   make bench SIZE=1000000    one size
SIZE ?=
bench: install java
	$(BIN)/python benchmarks/run.py $(if $(SIZE),--size $(SIZE),)

# A bounded load test of aigovkg serve: 8 clients for 20 s (benchmarks/results/loadtest.json).
loadtest: install java
	$(BIN)/python benchmarks/loadtest.py --clients 8 --duration 20

build: install java
	$(BIN)/aigovkg build

validate: install
	$(BIN)/aigovkg validate

clean:
	rm -rf dist .pytest_cache build src/*.egg-info
