# ports.sh: free loopback ports for the test and bench stacks (sourced).

_media_used_ports=" "

# A port nobody listens on, below the ephemeral range (32768-) so outgoing
# connections do not take it, and never one this shell already handed out.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 12000))
		case $_media_used_ports in *" $p "*) continue ;; esac
		(echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		_media_used_ports+="$p "
		echo "$p"
		return
	done
}

# Export a fresh set of stack ports; variables derived from them are reset
# so that tools/env.sh derives them again.
pick_ports() {
	MEDIA_HTTP_PORT=$(free_port)
	MEDIA_PG_PORT=$(free_port)
	MEDIA_PGBOUNCER_PORT=$(free_port)
	MEDIA_NATS_PORT=$(free_port)
	export MEDIA_HTTP_PORT MEDIA_PG_PORT MEDIA_PGBOUNCER_PORT MEDIA_NATS_PORT
	unset MEDIA_NATS_URL MEDIA_PUBLIC_URL MEDIA_STORAGE_URL_TEMPLATE
}
