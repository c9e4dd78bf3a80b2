// resolvers.go: Go has two resolvers. Its own (pure Go: it reads
// /etc/resolv.conf and /etc/hosts and sends the queries itself) and the C
// library's getaddrinfo, called through cgo. This program looks the same
// name up with each, one after the other, and prints how long each took.
// GODEBUG=netdns=cgo makes the default resolver the C library's; with +1
// Go also prints which resolver it chose, on stderr.
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"time"
)

func lookup(what string, r *net.Resolver) {
	start := time.Now()
	addrs, err := r.LookupIP(context.Background(), "ip4", "www.lab.test")
	ms := float64(time.Since(start).Microseconds()) / 1000
	if err != nil {
		fmt.Println(what, "resolver: failed")
		os.Exit(1)
	}
	fmt.Println(what, "resolver:", addrs[0])
	fmt.Printf("%s_ms=%.1f\n", what, ms)
}

func main() {
	lookup("go", &net.Resolver{PreferGo: true}) // Go's own resolver
	lookup("c", net.DefaultResolver)            // the C library's, with GODEBUG=netdns=cgo
}
