/* resolv-options.c: look up one name, IPv4 only (one DNS query).
 *
 * What differs is not in the program but in /etc/resolv.conf, which the
 * lab writes before each run: its "options" line asks for things only one
 * resolver reads. The lab's DNS server logs each query with its protocol. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "www.lab.test";
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0) {
        printf("%s: error: %s\n", name, gai_strerror(rc));
        return 1;
    }
    char text[INET_ADDRSTRLEN];
    struct sockaddr_in *sin = (struct sockaddr_in *)res->ai_addr;
    inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
    printf("%s: %s\n", name, text);
    freeaddrinfo(res);
    return 0;
}
