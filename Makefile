# Makefile: the media service. `make run` and `make test` are the two
# commands of the README; both install missing Debian packages first.

# Every function is functions/<name>/ built into media-<name>; the listener
# daemon (functions/listener) is built the same way but runs outside spawn-fcgi.
FUNCTIONS	:= $(notdir $(patsubst %/,%,$(wildcard functions/*/)))
VERSION		:= $(shell git describe --always --dirty 2>/dev/null || echo dev)

# release: the stack of `make run`; test: the same code with ASan + UBSan.
MODE		?= release
BUILD		:= build/$(MODE)
CC		?= cc
WARN		:= -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
CFLAGS_release	:= -O2 -g
# float-cast-overflow is not part of gcc's "undefined" group: a double out
# of an int's range cast to int is UB all the same (issue 10, finding 11).
CFLAGS_test	:= -O1 -g -fno-omit-frame-pointer \
		   -fsanitize=address,undefined,float-cast-overflow \
		   -fno-sanitize-recover=undefined,float-cast-overflow
# fuzz: the libFuzzer harnesses of tests/fuzz (make fuzz), clang only.
CFLAGS_fuzz	:= -O1 -g -fno-omit-frame-pointer \
		   -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
ifeq ($(MODE),fuzz)
CC		:= clang
endif
CFLAGS		:= $(WARN) $(CFLAGS_$(MODE)) -Ishared -Ibus -I/usr/include/postgresql
LDFLAGS		:= $(filter -fsanitize=%,$(CFLAGS_$(MODE)))
LDLIBS		:= -lfcgi -lpq -lcjson -lm
# Extra libraries of one binary: LDLIBS_<function>. libvips through
# pkg-config, asked when used (`make deps` may have just installed it).
VIPS_CFLAGS	= $(shell pkg-config --cflags vips)
VIPS_LIBS	= $(shell pkg-config --libs vips)
LDLIBS_listener	= -lnats -lcurl -lexif $(VIPS_LIBS)
# media-import (cmd/import, issue 12): OpenSSL for SHA-256, GLib for a
# hash table.
GLIB_CFLAGS	= $(shell pkg-config --cflags glib-2.0)
GLIB_LIBS	= $(shell pkg-config --libs glib-2.0)
LDLIBS_import	= -lnats -lcurl -lcrypto $(GLIB_LIBS)

SHARED_SRC	:= $(wildcard shared/*.c)
SHARED_OBJ	:= $(SHARED_SRC:%.c=$(BUILD)/obj/%.o)
SHARED_LIB	:= $(BUILD)/lib/libmedia.a
# bus/: the NATS code of the two programs that speak NATS, the listener
# and media-import; no FastCGI program links it.
BUS_SRC		:= $(wildcard bus/*.c)
BUS_OBJ		:= $(BUS_SRC:%.c=$(BUILD)/obj/%.o)
BUS_LIB		:= $(BUILD)/lib/libbus.a
OWN_LIBS_listener := $(BUS_LIB)
OWN_LIBS_import	:= $(BUS_LIB)
# Commands run by people, not by the stack: cmd/<name> is media-<name>.
COMMANDS	:= $(notdir $(patsubst %/,%,$(wildcard cmd/*/)))
CMD_BINS	:= $(COMMANDS:%=$(BUILD)/bin/media-%)
BINS		:= $(FUNCTIONS:%=$(BUILD)/bin/media-%)
UNIT_SRC	:= $(wildcard tests/unit/test_*.c)
UNIT_BINS	:= $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)
# Helpers of the integration tests (a NATS client, a JPEG writer); no
# sanitizers: they are tools, not the service.
TOOL_SRC	:= $(wildcard tests/tools/*.c)
TOOL_BINS	:= $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

# Debian packages the build, the stack, the tests and the bench need (the
# python3-* five: the FastAPI baseline of tools/bench.d/15-baseline.sh).
PACKAGES	:= gcc make libc6-dev pkg-config libfcgi-dev spawn-fcgi multiwatch nginx \
		   postgresql-15 postgresql-client-15 pgbouncer libpq-dev libcjson-dev \
		   libexif-dev libnats-dev nats-server libcurl4-openssl-dev libssl-dev \
		   libjpeg62-turbo-dev libvips-dev libvips-tools jq wrk curl gettext-base perl iproute2 procps \
		   nodejs chromium fonts-dejavu-core systemd python3 clang libclang-rt-14-dev \
		   python3-fastapi python3-uvicorn python3-asyncpg python3-uvloop python3-httptools

# Install layout (FHS); DESTDIR is prepended to every path (packaging).
PREFIX		?= /usr/local
SYSCONFDIR	?= /etc
LIBEXECDIR	?= $(PREFIX)/lib/media-service
DATADIR		?= $(PREFIX)/share/media-service
DOCDIR		?= $(PREFIX)/share/doc/media-service
UNITDIR		?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR	?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR	?= $(PREFIX)/lib/tmpfiles.d
SUBST		:= sed -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		   -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g'
UNITS		:= $(wildcard systemd/*.socket systemd/*.target) $(wildcard systemd/*.service.in)
# The docs page: docs/ sources plus the Redoc bundle from npm (no CDN).
DOCS_OUT	:= build/docs
DOCS		:= $(DOCS_OUT)/index.html $(DOCS_OUT)/openapi.yaml $(DOCS_OUT)/redoc.standalone.js
# The frame player: frame/ as is (static files nginx serves at /frame/).
FRAME_OUT	:= build/frame
FRAME		:= $(patsubst frame/%,$(FRAME_OUT)/%,$(wildcard frame/*))
# The browser tests' puppeteer-core (drives Debian's chromium; no browser
# download), installed from tests/package-lock.json.
TEST_NPM	:= tests/node_modules/.package-lock.json

.PHONY: all build deps docs frame run start stop status test unit bench chaos clean install deploy import \
	fuzz fuzz-build fuzz-merge
.DEFAULT_GOAL := all
.SECONDARY:

all: deps build docs frame

build: $(BINS) $(CMD_BINS) $(UNIT_BINS) $(TOOL_BINS)

deps:
	@missing=""; for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' \
		    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi; \
	command -v npm >/dev/null || apt-get install -y -qq --no-install-recommends npm

$(BUILD)/obj/%.o: %.c $(wildcard shared/*.h) $(wildcard bus/*.h) $(wildcard functions/*/*.h) \
    $(wildcard cmd/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# Only the listener's image*.c include libvips (and glib) headers.
$(BUILD)/obj/functions/listener/image.o $(BUILD)/obj/functions/listener/image_%.o: \
    CFLAGS += $(VIPS_CFLAGS)

$(BUILD)/obj/cmd/import/%.o: CFLAGS += $(GLIB_CFLAGS)

# Only config.c knows the version, so a new commit rebuilds one file.
$(BUILD)/obj/shared/config.o: CFLAGS += -DMEDIA_VERSION='"$(VERSION)"'
$(BUILD)/obj/shared/config.o: $(wildcard .git/HEAD)

$(SHARED_LIB): $(SHARED_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUS_LIB): $(BUS_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Each binary: its own directory's sources (functions/<name> or
# cmd/<name>), its own libraries (OWN_LIBS_<name>) + the shared library.
objs_of		= $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard functions/$(1)/*.c cmd/$(1)/*.c))
.SECONDEXPANSION:
$(BUILD)/bin/media-%: $$(call objs_of,$$*) $$(OWN_LIBS_$$*) $(SHARED_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(OWN_LIBS_$*) $(SHARED_LIB) $(LDLIBS) $(LDLIBS_$*)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/tap.h $(SHARED_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(SHARED_LIB) $(LDLIBS)

# The fuzz harnesses (MODE=fuzz): tests/fuzz/fuzz_<name>.c is
# build/fuzz/bin/fuzz_<name>. The request harnesses link every FastCGI
# function's own objects and its main.c built with main and serve
# renamed, so the route tables they fuzz are the real ones (tests/fuzz/fuzz.c).
FUZZ_NAMES	:= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS	:= $(FUZZ_NAMES:%=$(BUILD)/bin/%)
FUZZ_GROUPS	:= $(filter-out listener,$(FUNCTIONS))
group_objs	= $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out %/main.c,$(wildcard functions/$(1)/*.c)))
ROUTE_TABLES	:= $(foreach g,$(FUZZ_GROUPS),$(call group_objs,$(g)) $(BUILD)/obj/tables/$(g).o)
FUZZ_API_OBJ	:= $(BUILD)/obj/tests/fuzz/fuzz.o $(ROUTE_TABLES)
FUZZ_OBJS_fuzz_request := $(FUZZ_API_OBJ)
FUZZ_OBJS_fuzz_body := $(FUZZ_API_OBJ)
FUZZ_OBJS_fuzz_image := $(patsubst %.c,$(BUILD)/obj/%.o,functions/listener/exif.c \
    $(wildcard functions/listener/image*.c))
FUZZ_LIBS_fuzz_image = -lexif $(VIPS_LIBS)
FUZZ_SECONDS	?= 60

$(BUILD)/obj/tests/fuzz/%.o: CFLAGS += -Itests/fuzz -Ifunctions \
    -DFUZZ_GROUPS='$(foreach g,$(FUZZ_GROUPS),X($(g)))'

# functions/<g>/main.c with main = tables_main_<g> and serve = tables_add:
# calling it hands its route table to whoever links it (the request
# harnesses; test_routes, which walks every table).
$(BUILD)/obj/tables/%.o: functions/%/main.c $(wildcard shared/*.h) $(wildcard functions/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Dmain=tables_main_$* -Dserve=tables_add -c -o $@ $<

$(BUILD)/unit/test_routes: tests/unit/test_routes.c tests/unit/tap.h $(ROUTE_TABLES) $(SHARED_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -DROUTE_GROUPS='$(foreach g,$(FUZZ_GROUPS),X($(g)))' \
	    $(LDFLAGS) -o $@ $< $(ROUTE_TABLES) $(SHARED_LIB) $(LDLIBS)

$(BUILD)/bin/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/obj/tests/fuzz/common.o \
    $$(FUZZ_OBJS_fuzz_$$*) $(SHARED_LIB)
	@mkdir -p $(dir $@)
	$(CC) -fsanitize=fuzzer,address,undefined -o $@ $(filter %.o,$^) $(SHARED_LIB) \
	    $(LDLIBS) $(FUZZ_LIBS_fuzz_$*)

fuzz-build: $(FUZZ_BINS)

# make fuzz [FUZZ_SECONDS=60]: each harness for FUZZ_SECONDS on a copy of
# its seed corpus (tests/fuzz/corpus/<name>); a crash fails the target and
# names its input. make fuzz-merge adds what the last run found that
# covers new code to the seed corpus (README, "Fuzzing").
fuzz: deps
	$(MAKE) MODE=fuzz fuzz-build
	tools/fuzz.sh -t $(FUZZ_SECONDS)

fuzz-merge:
	$(MAKE) MODE=fuzz fuzz-build
	tools/fuzz.sh -m

$(BUILD)/tools/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -g -o $@ $< -lnats -lexif -ljpeg -lfcgi -lm

docs: $(DOCS)

# npm ci at build time: the page works offline, from our own nginx.
docs/node_modules/.package-lock.json: docs/package.json docs/package-lock.json
	cd docs && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(DOCS_OUT)/redoc.standalone.js: docs/node_modules/.package-lock.json
	@mkdir -p $(dir $@)
	cp docs/node_modules/redoc/bundles/redoc.standalone.js $@

$(DOCS_OUT)/%: docs/%
	@mkdir -p $(dir $@)
	cp $< $@

frame: $(FRAME)

$(FRAME_OUT)/%: frame/%
	@mkdir -p $(dir $@)
	cp $< $@

$(TEST_NPM): tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: all
	tools/stack.sh run

start: all
	tools/stack.sh start

stop:
	tools/stack.sh stop

status:
	tools/stack.sh status

# The unit tests alone, under the sanitizers.
unit: deps
	$(MAKE) MODE=test build
	prove -f $(patsubst tests/unit/%.c,build/test/unit/%,$(UNIT_SRC))

# Unit + integration tests against a private stack on free ports.
test: deps
	$(MAKE) MODE=test build docs frame $(TEST_NPM)
	$(MAKE) MODE=fuzz fuzz-build
	tools/test.sh

bench: all
	tools/bench.sh

# Faults under load on a private stack (var/chaos); fails when an invariant
# does not hold. CHAOS_PARTS=NN runs one part of tools/chaos.d/.
chaos: all
	tools/chaos.sh

# make import DIR=~/Pictures USER=alice [FRAME=living-room] [WAIT=1]: the
# photos under DIR into the stack of `make start` (README, "Importing
# photos"). USER must come from the command line: make would otherwise
# take the login name from the environment. The values reach the program
# through the environment (make exports command-line variables), never
# through the shell's parsing of this recipe. MEDIA_ROOT is given: env.sh
# finds the repository through bash's BASH_SOURCE, which make's /bin/sh
# lacks (it then wrote the photos to /var/storage, outside the stack).
import: $(BUILD)/bin/media-import
	@if [ "$(origin USER)" != "command line" ] || [ -z "$(DIR)" ]; then \
		echo "usage: make import DIR=~/Pictures USER=alice [FRAME=living-room] [WAIT=1]" >&2; \
		exit 2; \
	fi
	@MEDIA_ROOT="$(CURDIR)" && . tools/env.sh && exec $(BUILD)/bin/media-import $(if $(WAIT),--wait) \
	    $(if $(FRAME),--frame "$$FRAME") -- "$$DIR" "$$USER"

# Binaries, units, config templates, SQL and docs in FHS places. The
# units are verified by tests/integration/ops-systemd.t.
install: build docs frame
	install -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	    $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(SYSCONFDIR)/media-service $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(DATADIR)/sql/migrations $(DESTDIR)$(DATADIR)/sql/functions $(DESTDIR)$(DATADIR)/tools $(DESTDIR)$(DATADIR)/docs \
	    $(DESTDIR)$(DATADIR)/nginx/routes $(DESTDIR)$(DATADIR)/nginx/multihost \
	    $(DESTDIR)$(DATADIR)/examples $(DESTDIR)$(DATADIR)/frame
	install -m 0755 $(BINS) $(DESTDIR)$(LIBEXECDIR)/
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(CMD_BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 0755 tools/nginx-config.sh $(DESTDIR)$(LIBEXECDIR)/media-nginx-config
	install -m 0755 tools/migrate.sh tools/env.sh $(DESTDIR)$(DATADIR)/tools/
	install -m 0644 sql/migrations/*.sql $(DESTDIR)$(DATADIR)/sql/migrations/
	install -m 0644 sql/functions/*.sql $(DESTDIR)$(DATADIR)/sql/functions/
	install -m 0644 nginx/nginx.conf.in nginx/fastcgi_media.conf $(DESTDIR)$(DATADIR)/nginx/
	install -m 0644 nginx/routes/*.conf $(DESTDIR)$(DATADIR)/nginx/routes/
	install -m 0644 nginx/multihost/* $(DESTDIR)$(DATADIR)/nginx/multihost/
	install -m 0644 $(DOCS) $(DESTDIR)$(DATADIR)/docs/
	install -m 0644 $(FRAME) $(DESTDIR)$(DATADIR)/frame/
	install -m 0644 systemd/pgbouncer.ini systemd/nats-server.conf systemd/nats-cluster.conf systemd/multihost-tcp.conf \
	    $(DESTDIR)$(DATADIR)/examples/
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/ 2>/dev/null || true
	for u in $(UNITS); do \
		$(SUBST) $$u >$(DESTDIR)$(UNITDIR)/$$(basename $$u .in) || exit 1; \
	done
	install -m 0644 systemd/media-service.sysusers $(DESTDIR)$(SYSUSERSDIR)/media-service.conf
	install -m 0644 systemd/media-service.tmpfiles $(DESTDIR)$(TMPFILESDIR)/media-service.conf
	@# An operator's media.env is never overwritten; a new one lands beside it.
	env=$(DESTDIR)$(SYSCONFDIR)/media-service/media.env; \
	[ -e $$env ] && env=$$env.new; \
	$(SUBST) systemd/media.env.in >$$env && chmod 0640 $$env
	@echo "installed; enable the functions with:"
	@for f in $(filter-out listener,$(FUNCTIONS)); do \
		echo "  systemctl enable --now media-fcgi@$$f.socket"; done
	@echo "  systemctl enable --now media-listener.service media-nginx.service media-service.target"

# One function, rebuilt and restarted alone; the others keep serving. On a
# systemd host (its unit installed) the binary is replaced atomically and
# the unit restarted: its socket stays open meanwhile, so requests wait in
# the backlog. Anywhere else, on the `make start` stack: stack.sh deploy.
deploy:
	@[ -n "$(FUNCTION)" ] && [ -d "functions/$(FUNCTION)" ] || \
	    { echo "usage: make deploy FUNCTION=<$(FUNCTIONS)>" >&2; exit 2; }
	$(MAKE) $(BUILD)/bin/media-$(FUNCTION)
	@unit=media-fcgi@$(FUNCTION).service; [ "$(FUNCTION)" = listener ] && unit=media-listener.service; \
	if [ -d /run/systemd/system ] && systemctl cat "$$unit" >/dev/null 2>&1; then \
		install -m 0755 $(BUILD)/bin/media-$(FUNCTION) $(DESTDIR)$(LIBEXECDIR)/.media-$(FUNCTION).new && \
		mv -f $(DESTDIR)$(LIBEXECDIR)/.media-$(FUNCTION).new $(DESTDIR)$(LIBEXECDIR)/media-$(FUNCTION) && \
		systemctl restart "$$unit" && echo "deployed $(FUNCTION): systemctl restart $$unit"; \
	else \
		MEDIA_BIN_DIR=$${MEDIA_BIN_DIR:-$(CURDIR)/$(BUILD)/bin} tools/stack.sh deploy $(FUNCTION); \
	fi

clean:
	rm -rf build
