// hello.go: the start of a small Go service, as it would run in a container.
// Importing "net" (as any HTTP or gRPC service does) is what makes a default
// build use cgo: Go's net package has a C part (the C library's resolver),
// so the binary is linked against the C library of the machine it was built on.
package main

import (
	"fmt"
	"net"
)

func main() {
	addr := net.ParseIP("192.0.2.10") // a documentation address: nothing is contacted
	fmt.Println("hello from Go: listening on", addr)
}
