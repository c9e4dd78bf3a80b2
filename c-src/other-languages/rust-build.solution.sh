#!/bin/sh
# rust-build.sh: the builder stage for the Rust service, on Debian (glibc).
# +crt-static links glibc (and libgcc) into the binary: no loader, no
# libc.so.6 needed at run time, so it starts on musl. (With the musl target,
# --target x86_64-unknown-linux-musl, where its standard library is installed.)
set -e
rustc -O -C target-feature=+crt-static -o hello hello.rs
