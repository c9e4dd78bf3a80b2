#!/bin/sh
# rust-build.sh: the builder stage for the Rust service, on Debian (glibc).
# The binary is copied into an Alpine (musl) image. Change the build so that
# the binary runs on musl (hello.rs stays as it is).
set -e
rustc -O -o hello hello.rs
