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
CFLAGS_test	:= -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
		   -fno-sanitize-recover=undefined
CFLAGS		:= $(WARN) $(CFLAGS_$(MODE)) -DMEDIA_VERSION='"$(VERSION)"' \
		   -Ishared -I/usr/include/postgresql
LDFLAGS		:= $(filter -fsanitize=%,$(CFLAGS_$(MODE)))
LDLIBS		:= -lfcgi -lpq -lcjson -lm
# Extra libraries of one binary: LDLIBS_<function>.
LDLIBS_listener	:= -lnats -lcurl -lexif -ljpeg

SHARED_SRC	:= $(wildcard shared/*.c)
SHARED_OBJ	:= $(SHARED_SRC:%.c=$(BUILD)/obj/%.o)
SHARED_LIB	:= $(BUILD)/lib/libmedia.a
BINS		:= $(FUNCTIONS:%=$(BUILD)/bin/media-%)
UNIT_SRC	:= $(wildcard tests/unit/test_*.c)
UNIT_BINS	:= $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)
# Helpers of the integration tests (a NATS client, a JPEG writer); no
# sanitizers: they are tools, not the service.
TOOL_SRC	:= $(wildcard tests/tools/*.c)
TOOL_BINS	:= $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

# Debian packages the build, the stack and the tests need.
PACKAGES	:= gcc make libc6-dev pkg-config libfcgi-dev spawn-fcgi multiwatch nginx \
		   postgresql-15 postgresql-client-15 pgbouncer libpq-dev libcjson-dev \
		   libexif-dev libnats-dev nats-server libcurl4-openssl-dev \
		   libjpeg62-turbo-dev jq wrk curl gettext-base perl iproute2 procps \
		   python3

.PHONY: all build deps run start stop status test unit bench clean
.DEFAULT_GOAL := all
.SECONDARY:

all: deps build

build: $(BINS) $(UNIT_BINS) $(TOOL_BINS)

deps:
	@missing=""; for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' \
		    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/obj/%.o: %.c $(wildcard shared/*.h) $(wildcard functions/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(SHARED_LIB): $(SHARED_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Each binary: its own directory's sources + the shared library.
objs_of		= $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard functions/$(1)/*.c))
.SECONDEXPANSION:
$(BUILD)/bin/media-%: $$(call objs_of,$$*) $(SHARED_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(SHARED_LIB) $(LDLIBS) $(LDLIBS_$*)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/tap.h $(SHARED_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(SHARED_LIB) $(LDLIBS)

$(BUILD)/tools/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -g -o $@ $< -lnats -lexif -ljpeg -lm

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
	$(MAKE) MODE=test build
	tools/test.sh

bench: all
	tools/bench.sh

clean:
	rm -rf build
