#!/bin/sh
# summary.sh BUILDDIR - counts test cases (not programs) from make check's
# logs: C tests print TAP ("ok N - name", "not ok N - name", "# SKIP");
# Python's unittest prints "Ran N tests" and "OK" or
# "FAILED (failures=F, errors=E, skipped=S)".
# Prints "cases: P passed, F failed".
set -eu
find "${1:-.}/tests" -name '*.log' ! -name 'test-suite.log' | sort | xargs cat 2>/dev/null | awk '
/^ok [0-9]+ .*# SKIP/ { skip++; next }
/^ok [0-9]+ / { pass++; next }
/^not ok [0-9]+ / { fail++; next }
/^Ran [0-9]+ tests? in/ { ran = $2; next }
/^OK/ || /^FAILED \(/ {
	f = 0; e = 0; s = 0
	if (match($0, /failures=[0-9]+/)) f = substr($0, RSTART + 9, RLENGTH - 9)
	if (match($0, /errors=[0-9]+/)) e = substr($0, RSTART + 7, RLENGTH - 7)
	if (match($0, /skipped=[0-9]+/)) s = substr($0, RSTART + 8, RLENGTH - 8)
	pass += ran - f - e - s; fail += f + e; skip += s; ran = 0
}
END { printf "cases: %d passed, %d failed%s\n", pass, fail, skip ? sprintf(", %d skipped", skip) : "" }'
