#!/bin/sh
# WRONG: -C prefer-dynamic=no is about Rust's OWN standard library (and it is
# already the default: std is linked in statically). The C library is still
# glibc, linked dynamically: the binary still fails on musl with exit 127.
set -e
rustc -O -C prefer-dynamic=no -o hello hello.rs
