#!/bin/sh
# run.sh - builds patina's libFuzzer targets with clang and runs each one.
#
#     sh tests/fuzz/run.sh SRCDIR BUILDDIR SECONDS        (what `make fuzz` runs)
#
# Each target is tests/fuzz/fuzz_NAME.c with its seeds in tests/fuzz/corpus/NAME/.
# The src/*.c files are compiled here with clang and the fuzzer's
# instrumentation (never src/libpatina.a, which gcc builds), once, into
# BUILDDIR/tests/fuzz/obj/; each target links what it needs from them.
# Every target runs for SECONDS seconds, from a scratch copy of its seeds
# (nothing is ever written under SRCDIR), FUZZ_JOBS at a time (default: the
# number of CPUs).  The table at the end gives each target's executions,
# speed, time, coverage and result; the exit status is 1 when a target
# crashed, leaked, timed out or ran out of memory, and each such input is
# kept (BUILDDIR/tests/fuzz/artifacts/NAME/), with the command that
# reproduces it.
#
# Environment: FUZZ_CC (clang), FUZZ_JOBS, FUZZ_TARGETS ("markdown filter":
# only those), FUZZ_CFLAGS (added to the compile flags), FUZZ_WORKAROUNDS=1
# (the harnesses look past bugs already reported; see fuzz_common.h).

set -u

usage() {
	echo "usage: sh tests/fuzz/run.sh SRCDIR BUILDDIR SECONDS" >&2
	exit 2
}
[ $# -eq 3 ] || usage
SRCDIR=$1
BUILDDIR=$2
SECS=$3
case $SECS in '' | *[!0-9]*) usage ;; esac
[ "$SECS" -ge 1 ] || usage
[ -f "$SRCDIR/src/util/sanitize.c" ] && [ -d "$SRCDIR/tests/fuzz" ] || {
	echo "run.sh: $SRCDIR is not patina's source tree" >&2
	exit 2
}
SRCDIR=$(cd "$SRCDIR" && pwd)
mkdir -p "$BUILDDIR" || exit 2
BUILDDIR=$(cd "$BUILDDIR" && pwd)
FUZZDIR=$SRCDIR/tests/fuzz
OUT=$BUILDDIR/tests/fuzz
mkdir -p "$OUT/gen" "$OUT/obj" "$OUT/work" "$OUT/artifacts" || exit 2

CC=${FUZZ_CC:-clang}
MAKE_PROG=${MAKE_PROG:-make}
now() { date +%s; }

# ---- the tools ---------------------------------------------------------------
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "run.sh: $CC not found. The fuzzers need clang with libFuzzer; on Debian:" >&2
	echo "    apt-get install clang libclang-rt-dev" >&2
	exit 1
fi
CLANG_MAJOR=$("$CC" -dumpversion 2>/dev/null | sed 's/\..*//')
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	> "$OUT/gen/probe.c"
if ! "$CC" -fsanitize=fuzzer,address,undefined "$OUT/gen/probe.c" -o "$OUT/gen/probe" \
	> "$OUT/gen/probe.log" 2>&1; then
	echo "run.sh: $CC cannot link with -fsanitize=fuzzer,address,undefined:" >&2
	sed 's/^/    /' "$OUT/gen/probe.log" | head -5 >&2
	if "$CC" --version 2>/dev/null | grep -q clang; then
		echo "libFuzzer is missing. On Debian, install the compiler-rt runtime of this clang ($CLANG_MAJOR):" >&2
		echo "    apt-get install libclang-rt-${CLANG_MAJOR:-14}-dev" >&2
	else
		echo "$CC is not clang: the fuzzers need clang (FUZZ_CC=clang; Debian: apt-get install clang libclang-rt-dev)" >&2
	fi
	exit 1
fi
if ! command -v pkg-config >/dev/null 2>&1; then
	echo "run.sh: pkg-config not found; on Debian: apt-get install pkg-config" >&2
	exit 1
fi
PKGS="libcjson libcmark ncursesw libcurl"
for p in $PKGS; do
	if ! pkg-config --exists "$p"; then
		case $p in
		libcjson) deb=libcjson-dev ;;
		libcmark) deb=libcmark-dev ;;
		ncursesw) deb=libncurses-dev ;;
		libcurl) deb=libcurl4-openssl-dev ;;
		esac
		echo "run.sh: pkg-config cannot find $p; on Debian: apt-get install $deb" >&2
		exit 1
	fi
done
PKG_CFLAGS=$(pkg-config --cflags $PKGS)
PKG_LIBS=$(pkg-config --libs $PKGS)

# ---- config.h and the embedded defaults ---------------------------------------
if [ -f "$BUILDDIR/config.h" ]; then
	CONFIG_DIR=$BUILDDIR
elif [ -f "$SRCDIR/config.h" ]; then
	CONFIG_DIR=$SRCDIR
else
	# not configured: the little the sources need from config.h
	cat > "$OUT/gen/config.h.tmp" <<-'EOF'
	/* written by tests/fuzz/run.sh for a tree that was not configured */
	#ifndef _GNU_SOURCE
	# define _GNU_SOURCE 1
	#endif
	#define PACKAGE "patina"
	#define PACKAGE_NAME "patina"
	#define PACKAGE_VERSION "0.0-fuzz"
	#define VERSION "0.0-fuzz"
	EOF
	cmp -s "$OUT/gen/config.h.tmp" "$OUT/gen/config.h" 2>/dev/null ||
		mv "$OUT/gen/config.h.tmp" "$OUT/gen/config.h"
	rm -f "$OUT/gen/config.h.tmp"
	CONFIG_DIR=$OUT/gen
fi
sh "$SRCDIR/tools/embed.sh" \
	default_keymap_text "$SRCDIR/keymaps/default.keys" \
	default_theme_text "$SRCDIR/themes/default.theme" \
	mono_theme_text "$SRCDIR/themes/mono.theme" > "$OUT/gen/defaults.c.tmp" || exit 1
cmp -s "$OUT/gen/defaults.c.tmp" "$OUT/gen/defaults.c" 2>/dev/null ||
	mv "$OUT/gen/defaults.c.tmp" "$OUT/gen/defaults.c"
rm -f "$OUT/gen/defaults.c.tmp"

# ---- what to build ---------------------------------------------------------------
# Every module below the interface (util, config, copper, fetch, model: the
# pure modules the harnesses reach, and those they link against, as
# lookups.c refers to the fetcher and the cache), found in the tree so that
# a file added or split is never left out. The archive gives each target
# only the objects it needs.
SOURCES=$(cd "$SRCDIR/src" && for d in util config copper fetch model; do
	for f in "$d"/*.c; do
		case $f in
		*'*'*) ;;                # an empty folder
		config/defaults.c) ;;    # generated by an in-tree build: made below
		*) echo "${f%.c}" ;;
		esac
	done
done)
[ -n "$SOURCES" ] || { echo "run.sh: no sources under $SRCDIR/src" >&2; exit 2; }
TARGETS=""
for f in "$FUZZDIR"/fuzz_*.c; do
	[ -f "$f" ] || continue
	name=${f##*/fuzz_}
	name=${name%.c}
	if [ -n "${FUZZ_TARGETS:-}" ]; then
		case " $FUZZ_TARGETS " in *" $name "*) ;; *) continue ;; esac
	fi
	TARGETS="$TARGETS $name"
done
TARGETS=$(echo $TARGETS)
if [ -z "$TARGETS" ]; then
	echo "run.sh: no fuzz target selected" >&2
	exit 2
fi

NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
JOBS=${FUZZ_JOBS:-$NCPU}
case $JOBS in '' | *[!0-9]* | 0) JOBS=1 ;; esac

CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
-fno-omit-frame-pointer -std=c11 -I$CONFIG_DIR -I$SRCDIR/src -I$FUZZDIR $PKG_CFLAGS \
${FUZZ_CFLAGS:-}"
# objects of the library: only coverage and sanitizers, no main()
OBJ_CFLAGS=$(echo "$CFLAGS" | sed 's/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,/')
LIBS="$PKG_LIBS -lpthread -lm"

{
	echo "# generated by tests/fuzz/run.sh; do not edit"
	echo "CC = $CC"
	echo "CFLAGS = $CFLAGS"
	echo "OBJ_CFLAGS = $OBJ_CFLAGS"
	echo "LIBS = $LIBS"
	objs=""
	for s in $SOURCES; do
		o=$(echo "$s" | tr / _)
		objs="$objs $OUT/obj/$o.o"
		echo "$OUT/obj/$o.o: $SRCDIR/src/$s.c"
		printf '\t$(CC) $(OBJ_CFLAGS) -MMD -MP -c %s -o $@\n' "$SRCDIR/src/$s.c"
	done
	objs="$objs $OUT/obj/defaults.o"
	echo "$OUT/obj/defaults.o: $OUT/gen/defaults.c"
	printf '\t$(CC) $(OBJ_CFLAGS) -MMD -MP -c %s -o $@\n' "$OUT/gen/defaults.c"
	echo "$OUT/obj/libpatina-fuzz.a:$objs"
	printf '\trm -f $@ && ar rcs $@ %s\n' "$objs"
	bins=""
	for t in $TARGETS; do
		bins="$bins $OUT/fuzz_$t"
		extra=""
		# settings.c can run token-command through popen(): the config
		# target links popen() to a stub that aborts, so it never runs.
		[ "$t" = config ] && extra="-Wl,--wrap=popen"
		echo "$OUT/fuzz_$t: $FUZZDIR/fuzz_$t.c $OUT/obj/libpatina-fuzz.a"
		printf '\t$(CC) $(CFLAGS) -MMD -MP -MF %s %s %s -o $@ %s $(LIBS)\n' \
			"$OUT/obj/fuzz_$t.d" "$FUZZDIR/fuzz_$t.c" "$OUT/obj/libpatina-fuzz.a" "$extra"
	done
	echo "all:$bins"
	echo "-include $OUT/obj/*.d"
} > "$OUT/gen/Makefile.fuzz"

echo "fuzz: building fuzz_$(echo "$TARGETS" | sed 's/ / fuzz_/g') with $CC $CLANG_MAJOR ($JOBS jobs)"
build_start=$(now)
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE_PROG" -s -f "$OUT/gen/Makefile.fuzz" \
	-j "$JOBS" all > "$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	echo "run.sh: the build failed (log: $OUT/build.log)" >&2
	exit 1
fi
build_secs=$(( $(now) - build_start ))
warnings=$(grep -a -c 'warning:' "$OUT/build.log")
[ "$warnings" -eq 0 ] || echo "fuzz: $warnings compiler warnings (in $OUT/build.log)"
echo "fuzz: built in ${build_secs} s; running each target for $SECS s"

# ---- the runs --------------------------------------------------------------------
dict_for() {
	case $1 in
	search_results | record_detail | field_layouts | custom_field_definitions | edit)
		echo "$FUZZDIR/dict/json.dict" ;;
	markdown) echo "$FUZZDIR/dict/markdown.dict" ;;
	filter) echo "$FUZZDIR/dict/filter.dict" ;;
	config | keymap | theme) echo "$FUZZDIR/dict/conf.dict" ;;
	sanitize) echo "$FUZZDIR/dict/sanitize.dict" ;;
	esac
}

run_one() {
	t=$1
	w=$OUT/work/$t
	rm -rf "$w"
	mkdir -p "$w/corpus" "$w/tmp" "$OUT/artifacts/$t"
	if [ -d "$FUZZDIR/corpus/$t" ]; then
		cp "$FUZZDIR/corpus/$t"/* "$w/corpus/" 2>/dev/null
		chmod -R u+w "$w/corpus"    # seeds from a read-only srcdir
	fi
	d=$(dict_for "$t")
	set -- -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$OUT/artifacts/$t/"
	[ -n "$d" ] && [ -f "$d" ] && set -- "$@" -dict="$d"
	start=$(now)
	(
		cd "$w" &&
		TMPDIR=$w/tmp \
		ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$OUT/fuzz_$t" "$@" "$w/corpus" > "$w/log" 2>&1
	)
	echo $? > "$w/rc"
	echo $(( $(now) - start )) > "$w/seconds"
	rm -rf "$w/tmp"
}

# JOBS lanes, each running its share of the targets one after another
lane=0
pids=""
while [ "$lane" -lt "$JOBS" ]; do
	mine=""
	i=0
	for t in $TARGETS; do
		[ $((i % JOBS)) -eq "$lane" ] && mine="$mine $t"
		i=$((i + 1))
	done
	( for t in $mine; do run_one "$t"; done ) &
	pids="$pids $!"
	lane=$((lane + 1))
done
for p in $pids; do wait "$p"; done

# ---- the table -------------------------------------------------------------------
status=0
failures=""
printf '\n%-26s %12s %9s %8s %7s %8s  %s\n' target executions exec/s seconds cov ft result
for t in $TARGETS; do
	w=$OUT/work/$t
	log=$w/log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
	ft=$(grep -a -o 'ft: [0-9]*' "$log" | tail -1 | sed 's/ft: //')
	rc=$(cat "$w/rc" 2>/dev/null || echo 1)
	artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
	if [ "$rc" -eq 0 ] && [ -z "$artifact" ]; then
		result=ok
	else
		status=1
		case ${artifact##*/} in
		crash-*) result=CRASH ;;
		leak-*) result=LEAK ;;
		timeout-*) result=TIMEOUT ;;
		oom-*) result=OOM ;;
		slow-unit-*) result=SLOW ;;
		*) result="FAILED (exit $rc)" ;;
		esac
		failures="$failures $t"
		echo "$artifact" > "$w/artifact"
		echo "$result" > "$w/result"
	fi
	printf '%-26s %12s %9s %8s %7s %8s  %s\n' "$t" "${execs:--}" "${speed:--}" \
		"$(cat "$w/seconds" 2>/dev/null || echo -)" "${cov:--}" "${ft:--}" "$result"
done
echo "build: ${build_secs} s (clang $CLANG_MAJOR, $JOBS jobs); ${SECS} s per target"

for t in $failures; do
	w=$OUT/work/$t
	artifact=$(cat "$w/artifact")
	echo
	echo "== fuzz_$t: $(cat "$w/result")"
	# the sanitizer's or the harness's own words (an invariant's message is
	# on the next line), without control characters
	awk '/ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:|FUZZ[: ]/ {
		print; if (/FUZZ INVARIANT/) for (k = 0; k < 3 && (getline line) > 0; k++) print line
		if (++n == 4) exit }' "$w/log" |
		tr -d '\000-\010\013-\037\177' | cut -c1-300 | sed 's/^/   /'
	echo "   log:        $w/log"
	if [ -n "$artifact" ]; then
		echo "   input:      $artifact"
		echo "   reproduce:  $OUT/fuzz_$t $artifact"
	fi
done
exit $status
