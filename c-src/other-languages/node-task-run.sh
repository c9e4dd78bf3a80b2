#!/bin/sh
# node-task-run.sh: load the addon and ask port() about each argument, with
# Node where there is one (glibc), else with node-lite (musl).
if command -v node >/dev/null; then
	exec node -e 'const a = require("./addon.node"); for (const t of process.argv.slice(1)) console.log(`port("${t}") = ${a.port(t)}`)' "$@"
fi
# As Node loads it (RTLD_LAZY): a symbol musl lacks is noticed only when a
# call goes through it, and then the process dies (exit 139, SIGSEGV).
LD_LIBRARY_PATH=. ./node-lite ./addon.node "$@" || exit
# As an RTLD_NOW loader would (CPython; or Node, for an addon linked with
# -z now): every symbol the addon names must be in musl, also those on paths
# the calls above did not take.
LD_LIBRARY_PATH=. exec ./node-lite --now ./addon.node
