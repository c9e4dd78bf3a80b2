/* pass-fd.wrong-casts.c: a WRONG answer to the task, kept as a test
 * fixture.
 *
 * It silences musl's errors with casts, so each value still goes to the
 * position it had: on musl, the buffer's address lands in the padding
 * member __pad1, the length becomes msg_control and msg_controllen is 0;
 * CMSG_FIRSTHDR then finds no room and returns NULL, and writing through
 * it crashes. On glibc the int cast breaks the build instead (an int
 * where msg_control wants a pointer). */
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static int send_fd(int sock, int fd) {
    char byte = 'x';                     /* sendmsg needs one byte of data */
    struct iovec iov = { &byte, 1 };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
    memset(&u, 0, sizeof u);
    /* name, namelen, iov, iovlen, control, controllen, flags */
    struct msghdr msg = { NULL, 0, &iov, 1, (int)(intptr_t)u.buf,
                          (void *)sizeof u.buf, 0 };   /* wrong: casts */
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int receive_fd(int sock) {
    char byte;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = u.buf;
    msg.msg_controllen = sizeof u.buf;
    if (recvmsg(sock, &msg, 0) != 1) return -1;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS) return -1;   /* no descriptor came */
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof(int));
    return fd;
}

int main(void) {
    int sv[2];
    int file = open("note.txt", O_CREAT | O_TRUNC | O_RDWR, 0600);
    if (file < 0 || write(file, "hello from the sender", 21) != 21) return 1;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 1;

    if (send_fd(sv[0], file) != 0) {
        printf("sendmsg failed\n");
        return 1;
    }
    int got = receive_fd(sv[1]);
    if (got < 0) {
        printf("no descriptor received\n");
        return 1;
    }
    char text[64] = "";
    ssize_t n = pread(got, text, sizeof text - 1, 0);
    printf("received a descriptor; the file says: %.*s\n",
           (int)(n > 0 ? n : 0), text);
    return 0;
}
