# listener.sh: helpers of the listener tests (source after tap.sh).
#
#   natsctl ARGS...              tests/tools/natsctl against the test stack's NATS
#   mkjpeg ARGS...               tests/tools/mkjpeg (JPEGs with known EXIF)
#   publish SUBJECT JSON         JetStream publish of a consumed event
#   wait_sql WANT QUERY [ARGS]   poll the query (1/5 s, up to $WAIT_S s) until it
#                                prints WANT; prints the last value
#   free_port                    a free TCP port on 127.0.0.1
#   double_start PORT DIR        the storage + AI double; sets DOUBLE_PID
#   double_stop                  stops it by its PID
#   own_listener_start NAME [VAR=value...]   a listener of this test, as the
#                                stack runs it; its PID in LISTENER_PID[NAME]
#   own_listener_stop NAME [SIGNAL]
#   stack_listener_stop / stack_listener_start   the stack's own listener
#   own_listeners_init           the start of a test that runs its own
#                                listeners: U (a new user), S (its storage
#                                folder, not made), D (the double's files),
#                                PORT and DBL (the double's, not started); at
#                                exit the double and every own listener stop
#                                and the stack's listener runs again
#   cid                          a new server-made cache id
. "$MEDIA_ROOT/tools/env.sh"
. "$MEDIA_ROOT/tools/ports.sh"
. "$MEDIA_ROOT/tools/fault.sh"
TOOLS=$MEDIA_BIN_DIR/../tools
# libvips' leak report (VIPS_LEAK, tools/test.sh) is for the listeners; the
# vips commands of a test would print part of it on stdout.
LISTENER_VIPS_LEAK=${VIPS_LEAK:-}
unset VIPS_LEAK
: "${WAIT_S:=30}"
declare -A LISTENER_PID

# A server-made cache id (contract §2): the cache file helpers accept no other.
cid() { echo "cache_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
natsctl() { "$TOOLS/natsctl" "$@"; }
mkjpeg() { "$TOOLS/mkjpeg" "$@"; }
publish() { natsctl pub "$1" "$2" >/dev/null; }

wait_sql() {
	local want=$1 q=$2 got i
	shift 2
	for i in $(seq $((WAIT_S * 5))); do
		got=$(sql "$q" "$@")
		[ "$got" = "$want" ] && break
		sleep 0.2
	done
	echo "$got"
}

wait_port() { fault_wait_port "$1"; }

double_start() {
	python3 "$MEDIA_ROOT/tests/doubles/http_double.py" "$1" "$2" >>"$TAP_TMP/double.log" 2>&1 &
	DOUBLE_PID=$!
	wait_port "$1"
}

double_stop() {
	[ -n "${DOUBLE_PID:-}" ] && kill "$DOUBLE_PID" 2>/dev/null && wait "$DOUBLE_PID" 2>/dev/null
	DOUBLE_PID=
}

# Run as the stack does (setpriv execs: the PID is the listener's own).
own_listener_start() {
	local name=$1 run=()
	shift
	[ "$(id -u)" = 0 ] &&
	    run=(setpriv --reuid="$MEDIA_RUN_USER" --regid="$MEDIA_RUN_USER" --init-groups --)
	env ${LISTENER_VIPS_LEAK:+VIPS_LEAK=$LISTENER_VIPS_LEAK} "$@" "${run[@]}" \
	    "$MEDIA_BIN_DIR/media-listener" </dev/null \
	    >>"$MEDIA_LOG_DIR/listener-$name.log" 2>&1 &
	LISTENER_PID[$name]=$!
	# Up once it said so (the bus is connected).
	local i
	for i in $(seq 100); do
		grep -q "\"listener: ${LISTENER_PID[$name]} starting\"" "$MEDIA_LOG_DIR/listener-$name.log" 2>/dev/null && break
		sleep 0.1
	done
	sleep 0.5
}

own_listener_stop() {
	local pid=${LISTENER_PID[$1]:-} i
	[ -n "$pid" ] || return 0
	kill -"${2:-TERM}" "$pid" 2>/dev/null
	for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	wait "$pid" 2>/dev/null
	LISTENER_PID[$1]=
}

own_listeners_init() {
	U=$(new_user)
	S=$MEDIA_STORAGE_DIR/$U
	D=$TAP_TMP/files
	mkdir -p "$D"
	PORT=$(free_port)
	DBL=http://127.0.0.1:$PORT
	trap own_listeners_end EXIT
}

own_listeners_end() {
	local name
	double_stop
	for name in "${!LISTENER_PID[@]}"; do own_listener_stop "$name"; done
	stack_listener_start
	rm -rf "$TAP_TMP"
}

stack_listener_stop() {
	[ -f "$MEDIA_RUN_DIR/listener.pid" ] || return 0
	fault_kill listener
	rm -f "$MEDIA_RUN_DIR/listener.pid"
}

stack_listener_start() {
	env ${LISTENER_VIPS_LEAK:+VIPS_LEAK=$LISTENER_VIPS_LEAK} \
	    "$MEDIA_ROOT/tools/stack.sh" start >/dev/null 2>&1
}

# A JPEG's width x height, from its SOF marker.
jpeg_size() {
	python3 - "$1" <<-'PY'
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	i = 2
	while i < len(d):
	    m, n = d[i + 1], struct.unpack(">H", d[i + 2:i + 4])[0]
	    if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
	        h, w = struct.unpack(">HH", d[i + 5:i + 9])
	        print(f"{w}x{h}")
	        break
	    i += 2 + n
	PY
}
