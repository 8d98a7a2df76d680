# Affiche — build, run and test. `make run` builds everything and starts the studio on
# http://localhost:8080; `make test` runs every test (unit, golden, HTTP, browser).

GO      ?= go
BIN     := bin/affiche
WASM    := web/affiche.wasm

.PHONY: all build wasm run test test-short wasm-check fuzz bench clean

all: build

# The editor: Go compiled to WebAssembly, the matching wasm_exec.js, and precompressed copies of
# every file the server sends (internal/webbuild; the wasm's brotli pass takes ~30 s).
wasm:
	$(GO) run ./internal/webbuild

# The single binary, with the web app (and the wasm built just before) embedded.
build: wasm
	$(GO) build -trimpath -o $(BIN) ./cmd/affiche

run: build
	./$(BIN) serve

# Every test. Browser tests need Chromium (.ci/run installs it); they are skipped with a
# message when it is missing, never silently passed.
test: wasm
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(MAKE) wasm-check
	$(MAKE) fuzz

test-short:
	$(GO) test -short ./...

# The renderer and the editor core must keep building for the browser.
wasm-check:
	GOOS=js GOARCH=wasm $(GO) build ./scene/... ./renderer/... ./wasm/...

# A short run of each fuzz target, counted in executions (see internal/fuzzlist for why not
# seconds); a longer run of everything: FUZZTIME=5m make fuzz.
FUZZTIME ?=
fuzz:
	@set -e; for spec in $$($(GO) run ./internal/fuzzlist); do \
		pkg=$${spec%%:*}; rest=$${spec#*:}; fn=$${rest%%:*}; budget=$${rest##*:}; \
		echo "fuzz $$pkg $$fn $(or $(FUZZTIME),$$budget)"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime "$(or $(FUZZTIME),$$budget)" -fuzzminimizetime 2000x $$pkg; \
	done

bench:
	./bench/run.sh

clean:
	rm -rf bin $(WASM) web/wasm_exec.js
	find web -name '*.br' -delete -o -name '*.gz' -delete
