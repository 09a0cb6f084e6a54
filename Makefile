# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install demo test lint security score accuracy bench bench-audit bench-inputs bench-scale fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,cluster]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/crosscheck check fixtures/demo/review.md --source fixtures/demo/app.py || test $$? -eq 1

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/python -m pycodestyle --max-line-length=140 crosscheck tests benchmarks
	$(BIN)/python -m mypy crosscheck
	SEMGREP_ENABLE_VERSION_CHECK=0 $(BIN)/semgrep --test --metrics=off --disable-version-check rules/

# crosscheck's own code must be clean under bandit and the project's own rules (medium and up)
security: $(STAMP)
	$(BIN)/bandit -q -r crosscheck -ll
	SEMGREP_ENABLE_VERSION_CHECK=0 $(BIN)/semgrep scan --metrics=off --disable-version-check --config rules/ \
		--severity ERROR --severity WARNING --error --quiet crosscheck

score: $(STAMP)
	$(PYTHON) $(SHARED)/spec/score.py $(SHARED)/spec/seed-expectations.json --cmd $(BIN)/crosscheck --min 100

# the labelled corpus (fixtures/corpus/) and the seeds: score, hallucination recall, sound claims
# wrongly flagged, per set; fails when a set falls below fixtures/corpus/floors.json
accuracy: $(STAMP)
	$(BIN)/python benchmarks/accuracy.py --floors

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

bench-audit: $(STAMP)
	$(BIN)/python benchmarks/bench_audit.py

# 100,000 reviews over 5,000 files, generated in a temporary folder and deleted after
# (about 75 min on 2 cores: 10k then 100k cold audits; fewer: make bench-scale SCALE_ARGS="--sizes 10000,20000")
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py $(SCALE_ARGS)

bench-inputs: $(STAMP)
	$(BIN)/python benchmarks/bench_inputs.py

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q tests/test_fuzz.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
