// resolvers.go: Go has two resolvers. Its own (pure Go: it reads
// /etc/resolv.conf and /etc/hosts and sends the queries itself) and the C
// library's getaddrinfo, called through cgo. This program looks the same
// name up twice: with a resolver told to prefer Go's, and with the default
// one, which decides per lookup (net/conf.go): Go's own unless something
// it cannot handle is configured, or GODEBUG=netdns=cgo forces the C
// library's. GODEBUG=netdns=2 (or cgo+1) makes Go say on stderr what it chose.
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
	lookup("default", net.DefaultResolver)      // whichever Go picks for this lookup
}
