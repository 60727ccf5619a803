#!/bin/sh
# demo.sh PYTHON SANDBOX PATINA - `make demo`: start the Copper API sandbox
# with its realistic data, point patina at it through the ordinary
# configuration (environment variables), and stop the sandbox when patina
# exits. Edits persist under $XDG_STATE_HOME/patina/demo.
set -eu

python=$1
sandbox=$2
patina=$3

state_home=${XDG_STATE_HOME:-$HOME/.local/state}
case "$state_home" in /*) ;; *) state_home=$HOME/.local/state ;; esac
state_dir=$state_home/patina/demo
mkdir -p "$state_dir"
chmod 700 "$state_dir"

portfile=$(mktemp "${TMPDIR:-/tmp}/patina-demo.XXXXXX")
"$python" "$sandbox" --port 0 --state "$state_dir/sandbox-state.jsonl" \
	--rate-limit 180 --shift-to-today >"$portfile" 2>"$state_dir/sandbox.log" &
sandbox_pid=$!
cleanup() {
	kill "$sandbox_pid" 2>/dev/null || true
	wait "$sandbox_pid" 2>/dev/null || true
	rm -f "$portfile"
}
trap cleanup EXIT INT TERM HUP

# wait for the sandbox to print its port (start-up takes a moment)
port=
tries=0
while [ -z "$port" ]; do
	if ! kill -0 "$sandbox_pid" 2>/dev/null; then
		echo "make demo: the sandbox did not start; see $state_dir/sandbox.log" >&2
		exit 1
	fi
	port=$(head -n 1 "$portfile" 2>/dev/null || true)
	tries=$((tries + 1))
	[ "$tries" -gt 600 ] && { echo "make demo: the sandbox did not start in 60 s" >&2; exit 1; }
	[ -n "$port" ] || sleep 0.1
done

COPPER_API_URL="http://127.0.0.1:$port/developer_api/v1"
COPPER_USER_EMAIL="demo@patina.example"
COPPER_API_TOKEN="sandbox-token"
export COPPER_API_URL COPPER_USER_EMAIL COPPER_API_TOKEN
unset COPPER_ACCESS_TOKEN

"$patina"
