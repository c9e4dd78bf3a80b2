#!/bin/sh
# go-build.sh: how the Dockerfile's builder stage builds the service on a
# Debian (glibc) image. The binary is then copied into an Alpine (musl) image.
# Change the build so that the binary runs on musl (hello.go stays as it is).
set -e
go build -o hello hello.go
