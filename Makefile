# normtool: `make` runs the pipeline on seeds/, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: all run test bench clean
all: run

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# The default job: clean the seed articles, then deduplicate them.
run: $(STAMP)
	@mkdir -p out
	$(BIN)/normtool clean seeds/ -o out/clean.jsonl
	$(BIN)/normtool dedup out/clean.jsonl -o out/corpus.jsonl --report out/report.jsonl
	@echo "wrote out/corpus.jsonl ($$(wc -l < out/corpus.jsonl) records)"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find out -type f ! -name .gitkeep -delete
