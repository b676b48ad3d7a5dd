# ionos-acme-hook: `make demo` and `make test` do all the set-up on a Debian/Ubuntu machine with Swift.
SWIFT ?= swift
PREFIX ?= /usr/local
BUILD_PACKAGES := libssl-dev libcurl4-openssl-dev
TEST_PACKAGES := $(BUILD_PACKAGES) openssl bind9-dnsutils knot certbot dehydrated lego uacme pebble \
	python3 iproute2 util-linux curl ca-certificates man-db jq time python3-venv

# Installation layout (`make install PREFIX=/usr/local DESTDIR=/tmp/stage`); nothing is written to /etc.
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/ionos-acme-hook
MANDIR = $(PREFIX)/share/man/man1
DOCDIR = $(PREFIX)/share/doc/ionos-acme-hook
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
HOOKS_DIR ?= hooks
# The release artefact: Swift's runtime linked in, stripped. Its own build directory keeps `swift test -c release` fast.
DIST ?= dist
STATIC_FLAGS = -c release --static-swift-stdlib --scratch-path .build/static
DIST_BIN ?= $(DIST)/ionos-acme-hook

.PHONY: demo test build release deps-build deps-test unit e2e fuzz lint clean \
	static install install-files install-sandbox uninstall man completions

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
	rm -rf .build $(DIST)

# MARK: - Release artefact and installation

# Static Swift runtime, stripped, in $(DIST)/; prints the shared libraries it still needs at run time.
static: deps-build
	$(SWIFT) build $(STATIC_FLAGS) --product ionos-acme-hook
	mkdir -p $(DIST)
	strip -o $(DIST)/ionos-acme-hook "$$($(SWIFT) build $(STATIC_FLAGS) --show-bin-path)/ionos-acme-hook"
	@./packaging/runtime-libs.sh $(DIST)/ionos-acme-hook | tee $(DIST)/ionos-acme-hook.runtime-libs

# Builds the static binary, then installs it with the hooks, man page, completions and examples.
install: static
	@$(MAKE) --no-print-directory install-files

# Installs already-built files (DIST_BIN=path overrides the binary); used by `install` and by the tests.
install-files:
	install -D -m 0755 $(DIST_BIN) $(DESTDIR)$(BINDIR)/ionos-acme-hook
	@if [ -d "$(HOOKS_DIR)" ]; then \
		(cd "$(HOOKS_DIR)" && find . -type f) | while IFS= read -r f; do \
			mode=0644; [ -x "$(HOOKS_DIR)/$$f" ] && mode=0755; \
			echo "install -D -m $$mode $(HOOKS_DIR)/$${f#./} $(DESTDIR)$(DATADIR)/hooks/$${f#./}"; \
			install -D -m $$mode "$(HOOKS_DIR)/$$f" "$(DESTDIR)$(DATADIR)/hooks/$${f#./}" || exit 1; \
		done; \
	else echo "no $(HOOKS_DIR)/ directory: no client wrappers installed"; fi
	install -D -m 0644 man/ionos-acme-hook.1 $(DESTDIR)$(MANDIR)/ionos-acme-hook.1
	install -D -m 0600 packaging/ionos-acme-hook.conf.example $(DESTDIR)$(DOCDIR)/ionos-acme-hook.conf.example
	install -D -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -D -m 0644 -t $(DESTDIR)$(DOCDIR)/examples packaging/systemd/certbot-renew-ionos.service \
		packaging/systemd/certbot-renew-ionos.timer packaging/cron/dehydrated-ionos
	install -D -m 0644 completions/ionos-acme-hook.bash $(DESTDIR)$(BASHCOMPDIR)/ionos-acme-hook
	install -D -m 0644 completions/_ionos-acme-hook $(DESTDIR)$(ZSHCOMPDIR)/_ionos-acme-hook
	@echo "installed under $(DESTDIR)$(PREFIX); config: copy $(DOCDIR)/ionos-acme-hook.conf.example to /etc/ionos-acme-hook.conf (mode 600)"

# The local IONOS stand-in is a development tool: installed only on request.
install-sandbox: deps-build
	$(SWIFT) build $(STATIC_FLAGS) --product ionos-sandbox
	install -D -m 0755 -s --strip-program=strip "$$($(SWIFT) build $(STATIC_FLAGS) --show-bin-path)/ionos-sandbox" \
		$(DESTDIR)$(BINDIR)/ionos-sandbox

# Removes what install and install-sandbox put in place; /etc/ionos-acme-hook.conf and state directories stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ionos-acme-hook $(DESTDIR)$(BINDIR)/ionos-sandbox
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(MANDIR)/ionos-acme-hook.1 $(DESTDIR)$(BASHCOMPDIR)/ionos-acme-hook \
		$(DESTDIR)$(ZSHCOMPDIR)/_ionos-acme-hook

# MARK: - Generated files (committed; tests check they equal the binary's output)

man: build
	"$$($(SWIFT) build --show-bin-path)/ionos-acme-hook" manpage > man/ionos-acme-hook.1.new
	mv man/ionos-acme-hook.1.new man/ionos-acme-hook.1

completions: build
	"$$($(SWIFT) build --show-bin-path)/ionos-acme-hook" completion bash > completions/ionos-acme-hook.bash.new
	"$$($(SWIFT) build --show-bin-path)/ionos-acme-hook" completion zsh > completions/_ionos-acme-hook.new
	mv completions/ionos-acme-hook.bash.new completions/ionos-acme-hook.bash
	mv completions/_ionos-acme-hook.new completions/_ionos-acme-hook

# Benchmarks (bench/run.sh): full run (several minutes, needs root for unshare; fetches certbot-dns-ionos
# from PyPI into bench/.venv once) and the short CI smoke version. Results: bench/out/results.md, raw.json.
.PHONY: bench bench-smoke
bench: deps-test release
	./bench/run.sh

bench-smoke: deps-test release
	./bench/run.sh --smoke
