# normtool: `make` runs the pipeline on seeds/, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SEEDS  ?= seeds
OUT    ?= out

.PHONY: all run test bench bench-scale clean
all: run

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dask]'
	touch $(STAMP)

# The default job: clean the seed articles, then deduplicate them.
run: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/normtool clean $(SEEDS)/ -o $(OUT)/clean.jsonl
	$(BIN)/normtool dedup $(OUT)/clean.jsonl -o $(OUT)/corpus.jsonl --report $(OUT)/report.jsonl
	$(BIN)/normtool review $(OUT)/corpus.jsonl --report $(OUT)/report.jsonl --clean $(OUT)/clean.jsonl -o $(OUT)/review.html -q
	@echo "wrote $(OUT)/corpus.jsonl ($$(wc -l < $(OUT)/corpus.jsonl) records)"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

# Dedup at any size (docs/benchmarks.md): not part of `make test`.  SCALE_SIZES
# and SCALE_STEPS choose a part, e.g. `make bench-scale SCALE_SIZES=20000`.
SCALE_SIZES ?= 20000,80000,320000
SCALE_STEPS ?= clean,dedup,dask
bench-scale: $(STAMP)
	$(BIN)/python -m bench.scale run --sizes $(SCALE_SIZES) --steps $(SCALE_STEPS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find out -type f ! -name .gitkeep -delete
