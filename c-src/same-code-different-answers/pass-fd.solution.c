/* pass-fd.solution.c: hand an open file to another process over a Unix socket.
 *
 * A descriptor travels as ancillary ("control") data of sendmsg, in an
 * SCM_RIGHTS message; the receiver gets a new descriptor for the same open
 * file. Both ends live in this one process to keep it short.
 *
 * The fix: a designated initializer for struct msghdr. */
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
    /* Name the fields: POSIX fixes their names, not their order, and musl's
     * msghdr has padding members between them. The rest is zero. */
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = u.buf, .msg_controllen = sizeof u.buf,
    };
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
