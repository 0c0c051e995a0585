# The two commands of the README:  `make demo`  and  `make test`.
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: setup demo test lint samples bench clean

setup:
	bash scripts/setup.sh

demo: setup
	$(BIN)/vndocx extract samples/ -o $(OUT)/tasks.jsonl
	$(BIN)/vndocx report $(OUT)/tasks.jsonl -o $(OUT)/report.html
	@echo "Records: $(OUT)/tasks.jsonl  (errors, if any: $(OUT)/tasks.errors.jsonl); register: $(OUT)/report.html"

test: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest

samples: setup
	$(BIN)/python scripts/make_samples.py

bench: setup
	$(BIN)/python benchmarks/repair.py
	$(BIN)/python benchmarks/segment.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/archive.py

clean:
	rm -rf $(OUT) .pytest_cache
