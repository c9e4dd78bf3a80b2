/* netdb.c: a lookup that fails, and the clean-up code after it.
 *
 * getaddrinfo sets *res only when it succeeds. A common pattern frees the
 * result on every path anyway: freeaddrinfo(res) with res still NULL. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(void) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_flags = AI_NUMERICHOST;   /* no DNS: "not-an-address" fails at once */
    int rc = getaddrinfo("not-an-address", "80", &hints, &res);
    printf("getaddrinfo: %s, res %s\n", rc == 0 ? "ok" : gai_strerror(rc), res ? "set" : "NULL");
    fflush(stdout);
#ifndef CHECK_RES
    freeaddrinfo(res);                 /* the bug: res is NULL here */
#else
    if (res) freeaddrinfo(res);        /* the fix: free only what you got */
#endif
    puts("cleaned up");
    return rc == 0 ? 0 : 2;
}
