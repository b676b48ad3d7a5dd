# ionos-acme-hook: `make demo` and `make test` do all the set-up on a Debian/Ubuntu machine with Swift.
SWIFT ?= swift
PREFIX ?= /usr/local
BUILD_PACKAGES := libssl-dev libcurl4-openssl-dev
TEST_PACKAGES := $(BUILD_PACKAGES) openssl bind9-dnsutils knot certbot dehydrated lego uacme pebble \
	python3 iproute2 util-linux curl ca-certificates jq time python3-venv

.PHONY: demo test build release deps-build deps-test unit e2e fuzz lint clean

demo: deps-build
	$(SWIFT) run -c release ionos-acme-hook demo

test: deps-test
	./scripts/test-all.sh

deps-build:
	@./scripts/ensure-packages.sh $(BUILD_PACKAGES)

deps-test:
	@./scripts/ensure-packages.sh $(TEST_PACKAGES)

build: deps-build
	$(SWIFT) build

release: deps-build
	$(SWIFT) build -c release

unit: deps-test
	$(SWIFT) test

e2e: deps-test
	$(SWIFT) build && bash Tests/EndToEnd/run.sh

fuzz:
	./fuzz/run.sh 60

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

clean:
	rm -rf .build

# Benchmarks (bench/run.sh): full run (several minutes, needs root for unshare; fetches certbot-dns-ionos
# from PyPI into bench/.venv once) and the short CI smoke version. Results: bench/out/results.md, raw.json.
.PHONY: bench bench-smoke
bench: deps-test release
	./bench/run.sh

bench-smoke: deps-test release
	./bench/run.sh --smoke
