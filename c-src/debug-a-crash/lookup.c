/* lookup.c: asks the resolver for the address of one name.
 *
 * The lab's environments have no network, so the answer is "failed"; what
 * this step looks at is which files the C library reads on the way. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    int err = getaddrinfo("example.org", "80", &hints, &res);
    printf("getaddrinfo: %s\n", err == 0 ? "found" : "failed");
    if (res != NULL)
        freeaddrinfo(res);
    return 0;
}
