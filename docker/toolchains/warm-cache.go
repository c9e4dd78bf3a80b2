// Imports the standard packages the lesson's Go programs use, so that
// building it fills Go's build cache in the image (see the Dockerfile).
package main

import (
	"fmt"
	"net"
	"os"
	"os/user"
	"runtime"
	"strings"
	"time"
)

func main() {
	u, _ := user.Current()
	addrs, _ := net.LookupHost("localhost")
	fmt.Println(runtime.Version(), strings.Join(addrs, " "), u, os.Getpid(), time.Now().Unix())
}
