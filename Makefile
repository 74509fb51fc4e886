# The two commands of the README: `make run` and `make test`.
SWIFT ?= /opt/swift/usr/bin/swift
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: run test test-system deps build bench bench-mlflow bench-ui format clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Builds and serves the registry on its embedded PostgreSQL (under .modelreg/) with the mtcars demo data.
run: build
	.build/debug/modelreg serve --demo

## The whole test suite (format check, warning-free build, unit and integration tests against a real PostgreSQL).
test:
	@scripts/install-deps.sh --test
	scripts/test.sh

## The fault and load suite at full size, then Schemathesis against /v1/openapi.json (docs/RELIABILITY.md).
test-system: build
	python3 tests/system/run.py
	tests/system/schemathesis/run.sh

## Benchmarks against raw PostgreSQL on this machine (release build); see docs/BENCHMARKS.md.
bench: deps
	$(SWIFT) build -c release --scratch-path .build-release
	.build-release/release/modelreg bench append
	.build-release/release/modelreg bench asof
	.build-release/release/modelreg bench predict
	.build-release/release/modelreg bench export

## The same MLflow REST workload against a real `mlflow server` (PostgreSQL, gunicorn, 4 workers) and ours (docs/BENCHMARKS.md).
bench-mlflow: deps
	$(SWIFT) build -c release --scratch-path .build-release
	MODELREG_BIN=$(CURDIR)/.build-release/release/modelreg bench/mlflow/run.sh

## The web UI's pages with 10,000 models: server time per page (Server-Timing) next to raw PostgreSQL (docs/BENCHMARKS.md).
bench-ui: deps
	$(SWIFT) build -c release --scratch-path .build-release
	MODELREG_BIN=$(CURDIR)/.build-release/release/modelreg bench/ui/run.sh

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build
