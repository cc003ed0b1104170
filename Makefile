# Two commands a new machine needs, with only Python 3.11+ and make:
#   make demo   — set up, review the bundled example plan, write its report
#   make test   — set up and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/planreview review examples/example_iep.docx --out demo-report --today 2025-10-01
	@echo
	@echo "Open demo-report/example_iep.docx.html in your web browser to read the review."

test: $(STAMP)
	$(BIN)/python -m pytest

# 1,000+ damaged copies of real plans, each reviewed in a worker with a time limit (prints the figures).
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --cases 1000 --seed 1

lint: $(STAMP)
	$(BIN)/ruff check planreview tests

clean:
	rm -rf $(VENV) demo-report .pytest_cache

# Speed and memory per stage on the corpus and the varied fixtures (figures, not pass/fail).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
