#!/bin/sh
# WRONG: -ldflags "-s -w" strips the symbol table and debug information. The
# binary is smaller, but it is still built with cgo against glibc: it still
# asks for /lib64/ld-linux-x86-64.so.2 and still fails on musl with exit 127.
set -e
go build -ldflags "-s -w" -o hello hello.go
