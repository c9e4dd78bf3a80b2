/* glibc-accepts.c: five lines real programs contain that build with glibc.
 *
 * Each TRY_ block is compiled on its own by the step's command; the program
 * itself (no TRY_) prints how struct msghdr is laid out, the reason the
 * TRY_MSGHDR_BY_POSITION block fails on musl. */
#define _GNU_SOURCE
#include <malloc.h>
#include <netdb.h>
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

int main(void) {
#ifdef TRY_STDOUT_ASSIGN
    stdout = fopen("/dev/null", "w");       /* redirect "all output" */
#endif
#ifdef TRY_MALLINFO
    (void)mallinfo();                       /* ask malloc for statistics */
#endif
#ifdef TRY_GNU_REGEX_API
    struct re_pattern_buffer re;            /* GNU's other regex interface */
    memset(&re, 0, sizeof re);
    (void)re_compile_pattern("a+", 2, &re);
#endif
#ifdef TRY_AI_IDN
    struct addrinfo hints = { .ai_flags = AI_IDN };   /* non-ASCII names */
    (void)hints;
#endif
#ifdef TRY_MSGHDR_BY_POSITION
    char control[64];
    struct iovec iov = { control, 1 };
    /* name, namelen, iov, iovlen, control, controllen, flags: glibc's order */
    struct msghdr msg = { NULL, 0, &iov, 1, control, sizeof control, 0 };
    (void)msg;
#endif
    struct msghdr m;
    printf("struct msghdr, %zu bytes:\n", sizeof m);
    printf("  msg_iovlen      %zu bytes at offset %zu\n",
           sizeof m.msg_iovlen, offsetof(struct msghdr, msg_iovlen));
    printf("  msg_control     %zu bytes at offset %zu\n",
           sizeof m.msg_control, offsetof(struct msghdr, msg_control));
    printf("  msg_controllen  %zu bytes at offset %zu\n",
           sizeof m.msg_controllen, offsetof(struct msghdr, msg_controllen));
    return 0;
}
