#!/bin/sh
# node-task-build.sh: what `npm install` does for the addon on a Debian
# builder, then the pieces to try it on musl. $1 is your addon, $2 the bundle.
set -e
cp "$1" addon.tmp && mv addon.tmp addon.cc # $1 may be addon.cc itself
node-gyp configure build --nodedir=/usr --loglevel=warn >/dev/null
cp build/Release/addon.node .
# node-lite stands in for Node on musl (see node-lite.c).
musl-gcc -Wall -Wextra -O2 -rdynamic -o node-lite node-lite.c
# Debian's node-gyp links every addon with -lnode, so the addon asks for
# libnode.so.115; node-lite has the functions itself, an empty file answers the name.
musl-gcc -shared -o libnode.so.115 -x c /dev/null
tar cf "$2" addon.node node-lite libnode.so.115 node-task-run.sh
