# Quick start: `make site` then `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# What to generate from: folders of trajectory files, and optional paper metadata (CSV/JSON).
SOURCE   ?= samples sample_runs/runs
METADATA ?=
OUT      := site_src
CORPUS   ?= ../shared/corpus/ablationbench/trajectories
export NO_MKDOCS_2_WARNING := 1

.PHONY: install generate site serve test bench bench-serve bench-repair corpus clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# (then the package's bytecode, as pip compiles a non-editable install: an editable one is
# otherwise compiled at every run where PYTHONDONTWRITEBYTECODE is set; up to date, ~10 ms)
install: $(VENV)/.installed
	@$(BIN)/python -m compileall -q generator

generate: install
	$(BIN)/python -m generator build $(SOURCE) $(foreach m,$(METADATA),--metadata $(m)) --out $(OUT)

# Generate, then `mkdocs build --strict`, in one process (search indexing starts during generation).
site: install
	$(BIN)/python -m generator site $(SOURCE) $(foreach m,$(METADATA),--metadata $(m)) --out $(OUT)

# Preview: SOURCE is watched and regenerated on change; only changed pages are rebuilt.
serve: install
	$(BIN)/python -m generator serve $(SOURCE) $(foreach m,$(METADATA),--metadata $(m)) --out $(OUT)

test: install
	$(BIN)/python -m pytest

# The real corpus, with its task metadata (needs ../shared).
corpus:
	$(MAKE) site SOURCE=$(CORPUS) METADATA=$(dir $(CORPUS))tasks.csv

# Benchmarks print numbers (they need ../shared or a CORPUS=path).
bench: install
	$(BIN)/python bench/bench_build.py $(CORPUS)

bench-serve: install
	$(BIN)/python bench/bench_serve.py $(CORPUS)

bench-repair: install
	$(BIN)/python bench/bench_repair.py $(dir $(CORPUS))

clean:
	rm -rf site
	$(BIN)/python -m generator clean --out $(OUT)
