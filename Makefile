# The two commands of the quick start: `make demo` and `make test`.
# Each installs what is missing, configures, builds and runs.
JOBS ?= $(shell nproc)
CMAKE ?= cmake

.PHONY: all deps demo test build release bench clean

all: release

deps:
	@./scripts/install-deps.sh

# Release build used by the demo and the benchmarks.
release: deps
	@$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
	@$(CMAKE) --build build -j $(JOBS)

build: release

demo: release
	@./build/bin/thidua demo --out-dir out

# Tests: warnings as errors, AddressSanitizer + UBSan, then every ctest.
test: deps
	@$(CMAKE) -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_SANITIZE=ON >/dev/null
	@$(CMAKE) --build build-test -j $(JOBS)
	@cd build-test && ctest --output-on-failure -j $(JOBS)

bench: release
	@./build/bin/thidua_bench --benchmark_counters_tabular=true

clean:
	rm -rf build build-test out
