#!/bin/sh
# WRONG here: the musl target is the right idea, but Debian ships the Rust
# standard library for x86_64-unknown-linux-gnu only, so this build fails with
# "can't find crate for `std`" (rustup target add, or Alpine's rustc, has it).
set -e
rustc -O --target x86_64-unknown-linux-musl -o hello hello.rs
