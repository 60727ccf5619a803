#!/bin/sh
# run.sh - patina's benchmarks: each prints its figures as tables, then a
# summary of every figure against its target.
#
#   sh bench/run.sh PYTHON3 ABS_SRCDIR ABS_BUILDDIR     (what `make bench` runs)
#
# BENCHMARKS="startup idle" runs only those. Each benchmark bounds its own
# run time and cleans up after itself (sandbox, patina, temporary
# directories); `timeout` here is the backstop. A missed target is a figure,
# not a failure: the exit status is non-zero only when a benchmark broke.

PYTHON3=${1:-python3}
SRCDIR=${2:-$(cd "$(dirname "$0")/.." && pwd)}
BUILDDIR=${3:-$SRCDIR}

ALL="startup idle terminal_output request_economy memory key_latency"
# and any other bench/bench_NAME.py, after these
for f in "$SRCDIR"/bench/bench_*.py; do
	[ -f "$f" ] || continue
	b=${f##*/bench_}
	b=${b%.py}
	case " $ALL " in
	*" $b "*) ;;
	*) ALL="$ALL $b" ;;
	esac
done
BENCHMARKS=${BENCHMARKS:-$ALL}

# seconds each may take before it is stopped (its own limit is lower)
limit() {
	case $1 in
	key_latency) echo 130 ;;
	mirror) echo 1500 ;;           # 720,000 records synced, then measured
	mirror_tokenizer) echo 300 ;;
	memory) echo 100 ;;
	request_economy) echo 80 ;;
	terminal_output) echo 75 ;;
	startup | idle) echo 70 ;;
	*) echo 120 ;;
	esac
}

if [ ! -x "$BUILDDIR/src/patina" ]; then
	echo "bench: $BUILDDIR/src/patina is not built" >&2
	exit 1
fi
if ! "$PYTHON3" -c 'import pyte' 2>/dev/null; then
	echo "bench: python3-pyte is missing for $PYTHON3 (apt-get install python3-pyte)" >&2
	exit 1
fi

SUMMARY=$(mktemp "${TMPDIR:-/tmp}/patina-bench.XXXXXX") || exit 1
trap 'rm -f "$SUMMARY"' EXIT
trap 'exit 130' INT TERM HUP

BENCH_SRCDIR=$SRCDIR
BENCH_BUILDDIR=$BUILDDIR
BENCH_SUMMARY=$SUMMARY
PATINA=$BUILDDIR/src/patina
SANDBOX=$SRCDIR/tests/sandbox/copper_sandbox.py
TOP_SRCDIR=$SRCDIR
PYTHONDONTWRITEBYTECODE=1   # nothing written into the source tree
export BENCH_SRCDIR BENCH_BUILDDIR BENCH_SUMMARY PATINA SANDBOX TOP_SRCDIR PYTHON3 \
	PYTHONDONTWRITEBYTECODE

echo "patina benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc 2>/dev/null || echo '?') CPUs," \
	"load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
broken=""
start=$(date +%s)
for b in $BENCHMARKS; do
	script=$SRCDIR/bench/bench_$b.py
	if [ ! -f "$script" ]; then
		echo "bench: no benchmark named $b" >&2
		broken="$broken $b"
		continue
	fi
	echo
	t0=$(date +%s)
	timeout -k 10 "$(limit "$b")" "$PYTHON3" "$script"
	rc=$?
	if [ $rc -ne 0 ]; then
		[ $rc -eq 124 ] && echo "bench: $b was stopped after $(limit "$b") s" >&2
		broken="$broken $b"
	fi
	echo "($b: $(( $(date +%s) - t0 )) s)"
done

echo
"$PYTHON3" "$SRCDIR/bench/benchlib.py" summary "$SUMMARY"
echo
echo "all benchmarks: $(( $(date +%s) - start )) s"
if [ -n "$broken" ]; then
	echo "bench: broken:$broken" >&2
	exit 1
fi
exit 0
