#!/bin/sh
# go-build.sh: how the Dockerfile's builder stage builds the service on a
# Debian (glibc) image. The binary is then copied into an Alpine (musl) image.
# CGO_ENABLED=0: no cgo, so Go's own resolver and a static binary that needs
# no C library at all. (CC=musl-gcc with cgo on would also work: a musl binary.)
set -e
CGO_ENABLED=0 go build -o hello hello.go
