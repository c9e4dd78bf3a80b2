#!/bin/sh
# node-task-run.sh: load the addon and ask port() about each argument, with
# Node where there is one (glibc), else with node-lite (musl).
if command -v node >/dev/null; then
	exec node -e 'const a = require("./addon.node"); for (const t of process.argv.slice(1)) console.log(`port("${t}") = ${a.port(t)}`)' "$@"
fi
LD_LIBRARY_PATH=. exec ./node-lite ./addon.node "$@"
