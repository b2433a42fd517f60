# The two commands of the README, and the build steps behind them.
#   make demo   install what is missing, build, run the main job on sample data
#   make test   install what is missing, build with ASan+UBSan, run the whole suite
JOBS ?= $(shell nproc)
RELEASE_DIR ?= build/release
TEST_DIR ?= build/test
BENCH_DIR ?= build/bench
FUZZ_DIR ?= build/fuzz
FUZZ_SECONDS ?= 1800

# ccache (installed by setup.sh) keeps compiled objects outside the clone, keyed
# on paths relative to it, so rebuilding the same sources in another clone (CI's
# fresh one included) compiles nothing again.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
LAUNCHER = -DCMAKE_CXX_COMPILER_LAUNCHER=$$(command -v ccache)

.PHONY: all setup build demo test bench fuzz clean crash-test

all: build

setup:
	@scripts/setup.sh

build: setup
	@cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release -DTAPELAB_BUILD_TESTS=OFF $(LAUNCHER) >/dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS)

demo: build
	@scripts/demo.sh $(RELEASE_DIR)/tapelab

test: setup
	@cmake -S . -B $(TEST_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAPELAB_SANITIZE=ON $(LAUNCHER) >/dev/null
	@cmake --build $(TEST_DIR) -j $(JOBS)
	@cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS)

# Kills `tapelab ingest` at many more random instants than the test suite does.
CRASH_KILLS ?= 100
crash-test: setup
	@cmake -S . -B $(TEST_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAPELAB_SANITIZE=ON $(LAUNCHER) >/dev/null
	@cmake --build $(TEST_DIR) -j $(JOBS) --target test_ingest
	@TAPELAB_CRASH_KILLS=$(CRASH_KILLS) $(TEST_DIR)/tests/ingest/test_ingest --gtest_filter='Crash.*'

bench: setup
	@cmake -S . -B $(BENCH_DIR) -DCMAKE_BUILD_TYPE=Release -DTAPELAB_BUILD_TESTS=OFF -DTAPELAB_BUILD_BENCH=ON $(LAUNCHER) >/dev/null
	@cmake --build $(BENCH_DIR) -j $(JOBS)
	@scripts/bench.sh $(BENCH_DIR)

# Every fuzz target for FUZZ_SECONDS each, JOBS at a time (make test runs
# each for 30 s).
fuzz: setup
	@fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf build
