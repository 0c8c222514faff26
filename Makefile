# parindex: the commands a newcomer and CI need. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
export GORACE := atexit_sleep_ms=0

.PHONY: help run build test deps test-go test-web generate web check-generated ci

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: ## run parindex with its embedded default data on http://localhost:8080
	$(GO) run .

build: ## build the parindex binary (deploy/build.sh, the script the container image and the end-to-end test use)
	GO=$(GO) deploy/build.sh parindex

test: deps test-web test-go ## install what the tests need (chromium, npm packages), then run every test

deps: ## install Debian's chromium (for the browser test) and nginx (for the end-to-end test), the app's npm packages and the graphql-http audit's
	@missing=; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing (Debian)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	cd web && npm ci --no-audit --no-fund --loglevel=error
	cd graph/testdata/audit && npm ci --no-audit --no-fund --loglevel=error

test-web: ## the app's unit tests (vitest) and type check
	cd web && npx tsc --noEmit && npm test

test-go: ## go vet and every Go test, the browser test, the graphql-http audit and the end-to-end test with nginx included
	$(GO) vet ./...
	PARINDEX_REQUIRE_BROWSER=1 PARINDEX_REQUIRE_NODE=1 PARINDEX_REQUIRE_NGINX=1 $(GO) test -count=1 ./...

generate: ## regenerate gqlgen code from schema.graphqls
	$(GO) generate ./graph

web: ## rebuild web/dist (committed and embedded in the binary)
	cd web && npm run build

check-generated: generate web ## fail when generated code or web/dist differ from what is committed
	@if ! git diff --exit-code --stat -- graph web/dist || [ -n "$$(git status --porcelain -- graph web/dist)" ]; then \
		echo "generated files differ from the commit: run 'make generate web' and commit the result"; \
		git status --porcelain -- graph web/dist; exit 1; \
	fi

ci: test check-generated ## what .ci/run does
