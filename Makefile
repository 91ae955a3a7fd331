# ddpkit — the build's front door. `make` builds, `make demo` runs the main demo,
# `make test` runs every test (starting the local SLURM cluster when needed),
# `make bench` runs the benchmarks, `make install PREFIX=...` installs bin/ and lib/.
SHELL := /bin/bash
.DEFAULT_GOAL := all
PREFIX ?= /usr/local
ROOT := $(CURDIR)
JAVA_HOME := $(shell scripts/bootstrap --java-home 2>/dev/null)
export JAVA_HOME
export MAVEN_OPTS ?= --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC
MVN := mvn -B -q -Dstyle.color=never
MODULES := jobgen srun-wrapper mpi-backend trainer examples
BINS := $(wildcard bin/*)

.PHONY: all build bootstrap lib demo test unit-test bench install clean

all: build

bootstrap:
	@scripts/bootstrap

# Build every module, then gather the jars and their runtime dependencies into lib/,
# the single classpath that bin/* uses (here and under PREFIX after `make install`).
build: bootstrap
	@$(MVN) -DskipTests install
	@$(MAKE) --no-print-directory lib

lib:
	@rm -rf lib.new && mkdir -p lib.new
	@for m in $(MODULES); do cp $$m/target/$$m-*.jar lib.new/ && cp -n $$m/target/lib/*.jar lib.new/ 2>/dev/null || true; done
	@rm -f lib.new/testkit-*.jar
	@echo "$(JAVA_HOME)" > lib.new/java-home
	@rm -rf lib.old && if [ -d lib ]; then mv lib lib.old; fi && mv lib.new lib && rm -rf lib.old
	@scripts/aot-train lib
	@echo "built: lib/ ($$(ls lib/*.jar | wc -l) jars, AOT caches: $$(ls lib/aot 2>/dev/null | tr '\n' ' ')), launchers in bin/"

demo: build
	@scripts/demo

# All tests: unit tests, real processes, and the real local SLURM cluster.
test: build
	@scripts/run-tests

bench: build
	@scripts/bench

install: build
	@install -d "$(PREFIX)/bin" "$(PREFIX)/lib" "$(PREFIX)/libexec/ddpkit" "$(PREFIX)/share/ddpkit/templates"
	@install -m 755 $(BINS) "$(PREFIX)/bin/"
	@install -m 755 libexec/ddpkit/* "$(PREFIX)/libexec/ddpkit/"
	@install -m 644 lib/*.jar lib/java-home "$(PREFIX)/lib/"
	@scripts/aot-train "$(PREFIX)/lib"
	@cp -r templates/. "$(PREFIX)/share/ddpkit/templates/"
	@echo "installed ddpkit into $(PREFIX) (bin/, lib/, libexec/ddpkit/, share/ddpkit/templates/)"

clean:
	@$(MVN) clean
	@rm -rf lib lib.new lib.old
