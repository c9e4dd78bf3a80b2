/*
 * lab-dns: the DNS lab's own small DNS server.
 *
 * It answers A queries for the names it is told about, logs every query it
 * receives (who asked, over UDP or TCP, for which name and type), and has
 * knobs a lesson turns per scenario: a delay before each answer, SERVFAIL or
 * NXDOMAIN for chosen names, and answers too large for one UDP packet (those
 * go out truncated, with the TC bit, and in full over TCP). Real DNS servers
 * are much more; this one is just enough to watch what a resolver does.
 *
 * The lab builds it at run time in the glibc environment and starts it as a
 * non-root process with no capabilities. It is driven through its standard
 * input, one command per line; each command is answered on standard output
 * with "ok" (or, for "log", one line per logged name then "end"):
 *
 *   reset               forget every name, the log and the knobs
 *   a NAME ADDRESS      NAME has this IPv4 address (repeat to add more)
 *   big NAME COUNT      NAME has COUNT addresses: 192.0.2.1, .2, ... (too many for UDP)
 *   servfail NAME       answer SERVFAIL ("server failure") for NAME
 *   nxdomain NAME       answer NXDOMAIN ("no such name"): also what unknown names get
 *   delay MS            wait MS milliseconds before every answer
 *   ttl SECONDS         the time-to-live put on answers (how long caches may keep them)
 *   log                 print "q CLIENT PROTO TYPE NAME COUNT" per logged kind of query, then "end"
 *
 * It exits when its standard input closes (the lab went away) and, at the
 * latest, after --lifetime seconds.
 *
 * Build: gcc -O2 -Wall -Wextra -o lab-dns lab-dns.c
 * Run:   ./lab-dns --port 53 --lifetime 7200
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_NAMES 64       /* names the server knows in one scenario */
#define MAX_ADDRS 200      /* addresses per name */
#define MAX_LOG 1024       /* distinct (client, protocol, type, name) rows */
#define MAX_PENDING 512    /* answers waiting for their delay */
#define MAX_TCP 16         /* open TCP connections */
#define UDP_LIMIT 512      /* the classic DNS limit for UDP answers (no EDNS here) */
#define MSG_MAX 4096       /* largest message we build */

enum kind { ADDRESSES, SERVFAIL, NXDOMAIN };

struct name {
    char name[256];
    enum kind kind;
    int count;
    unsigned char addr[MAX_ADDRS][4];
};

struct logrow {
    char client[INET_ADDRSTRLEN];
    const char *proto;
    char type[8];
    char name[256];
    long count;
};

/* An answer that is ready but waits for the scenario's delay. */
struct pending {
    long long due_ms;
    int tcp_fd;                 /* -1: send over UDP to `to` */
    struct sockaddr_in to;
    int len;
    unsigned char msg[MSG_MAX];
};

struct tcpconn {
    int fd;
    int used;
    long long last_ms;
    unsigned char buf[MSG_MAX + 2];
};

static struct name names[MAX_NAMES];
static int nnames;
static struct logrow logrows[MAX_LOG];
static int nlog;
static struct pending *pending[MAX_PENDING];
static int npending;
static struct tcpconn tcp[MAX_TCP];
static int delay_ms;
static unsigned ttl = 300;
static int udp_fd, listen_fd;

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void lower(char *s)
{
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

static struct name *find(const char *n)
{
    for (int i = 0; i < nnames; i++)
        if (strcmp(names[i].name, n) == 0) return &names[i];
    return NULL;
}

static struct name *find_or_add(const char *n)
{
    struct name *e = find(n);
    if (e || nnames == MAX_NAMES) return e;
    e = &names[nnames++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", n);
    lower(e->name);
    return e;
}

static const char *type_name(unsigned t, char buf[8])
{
    switch (t) {
    case 1: return "A";
    case 28: return "AAAA";
    case 5: return "CNAME";
    case 33: return "SRV";
    default: snprintf(buf, 8, "%u", t); return buf;
    }
}

static void log_query(const struct sockaddr_in *from, const char *proto, unsigned qtype, const char *qname)
{
    char client[INET_ADDRSTRLEN], tbuf[8];
    const char *type = type_name(qtype, tbuf);
    inet_ntop(AF_INET, &from->sin_addr, client, sizeof client);
    for (int i = 0; i < nlog; i++) {
        struct logrow *r = &logrows[i];
        if (!strcmp(r->client, client) && r->proto == proto && !strcmp(r->type, type) && !strcmp(r->name, qname)) {
            r->count++;
            return;
        }
    }
    if (nlog == MAX_LOG) return;
    struct logrow *r = &logrows[nlog++];
    snprintf(r->client, sizeof r->client, "%s", client);
    r->proto = proto;
    snprintf(r->type, sizeof r->type, "%s", type);
    snprintf(r->name, sizeof r->name, "%s", qname);
    r->count = 1;
}

/* Read the question's name (labels, no compression in questions) as "www.lab.test". */
static int read_qname(const unsigned char *q, int len, int off, char *out, int outlen)
{
    int o = 0;
    while (off < len && q[off]) {
        int l = q[off++];
        if (l > 63 || off + l > len || o + l + 2 > outlen) return -1;
        if (o) out[o++] = '.';
        memcpy(out + o, q + off, l);
        o += l;
        off += l;
    }
    if (off >= len) return -1;
    out[o] = 0;
    lower(out);
    return off + 1; /* just past the terminating zero */
}

/*
 * Build the answer to query q into out; returns its length, or -1 to stay
 * silent. udp: apply the 512-byte limit (set TC and drop the answers when
 * they do not fit, which tells the client to ask again over TCP).
 */
static int answer(const unsigned char *q, int len, unsigned char *out, int udp, const struct sockaddr_in *from)
{
    char qname[256];
    if (len < 12 || (q[2] & 0x80) || q[4] != 0 || q[5] != 1) return -1; /* not one question */
    int end = read_qname(q, len, 12, qname, sizeof qname);
    if (end < 0 || end + 4 > len) return -1;
    unsigned qtype = q[end] << 8 | q[end + 1];
    end += 4;
    log_query(from, udp ? "udp" : "tcp", qtype, qname);

    struct name *n = find(qname);
    int rcode = !n ? 3 : n->kind == SERVFAIL ? 2 : n->kind == NXDOMAIN ? 3 : 0;
    int count = (rcode == 0 && qtype == 1) ? n->count : 0; /* only A records; other types: no data */

    memcpy(out, q, end);               /* header and question, as asked */
    out[2] = 0x84 | (q[2] & 0x01);     /* a response, authoritative, RD copied */
    out[3] = 0x80 | rcode;             /* recursion available, and the result code */
    out[6] = out[7] = out[8] = out[9] = out[10] = out[11] = 0;
    int o = end;
    if (udp && end + 16 * count > UDP_LIMIT) {
        out[2] |= 0x02;                /* TC: truncated, ask again over TCP */
        return o;
    }
    for (int i = 0; i < count; i++) {
        unsigned char rr[16] = {0xc0, 12, 0, 1, 0, 1, ttl >> 24, ttl >> 16, ttl >> 8, ttl, 0, 4};
        memcpy(rr + 12, n->addr[i], 4);
        memcpy(out + o, rr, 16);
        o += 16;
    }
    out[6] = count >> 8;
    out[7] = count & 0xff;
    return o;
}

/* Queue an answer to go out after the delay (or send it now). */
static void reply(const unsigned char *msg, int len, int tcp_fd, const struct sockaddr_in *to)
{
    if (npending == MAX_PENDING) return; /* overloaded: drop, like a busy server */
    struct pending *p = malloc(sizeof *p);
    if (!p) return;
    p->due_ms = now_ms() + delay_ms;
    p->tcp_fd = tcp_fd;
    if (to) p->to = *to;
    p->len = len;
    memcpy(p->msg, msg, len);
    pending[npending++] = p;
}

static void send_due(void)
{
    long long t = now_ms();
    for (int i = 0; i < npending;) {
        struct pending *p = pending[i];
        if (p->due_ms > t) { i++; continue; }
        if (p->tcp_fd < 0) {
            sendto(udp_fd, p->msg, p->len, 0, (struct sockaddr *)&p->to, sizeof p->to);
        } else {
            unsigned char b[MSG_MAX + 2] = {p->len >> 8, p->len & 0xff};
            memcpy(b + 2, p->msg, p->len);
            if (write(p->tcp_fd, b, p->len + 2) < 0) { /* the client left: nothing to do */ }
        }
        free(p);
        pending[i] = pending[--npending];
    }
}

static void drop_pending_for(int fd)
{
    for (int i = 0; i < npending;) {
        if (pending[i]->tcp_fd == fd) { free(pending[i]); pending[i] = pending[--npending]; }
        else i++;
    }
}

static void on_udp(void)
{
    unsigned char q[MSG_MAX], out[MSG_MAX];
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    int len = recvfrom(udp_fd, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
    if (len <= 0) return;
    int n = answer(q, len, out, 1, &from);
    if (n > 0) reply(out, n, -1, &from);
}

/* TCP messages carry a two-byte length first; a connection may carry several. */
static void on_tcp(struct tcpconn *c)
{
    int r = read(c->fd, c->buf + c->used, sizeof c->buf - c->used);
    if (r <= 0) {
        drop_pending_for(c->fd);
        close(c->fd);
        c->fd = -1;
        return;
    }
    c->used += r;
    c->last_ms = now_ms();
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    getpeername(c->fd, (struct sockaddr *)&from, &fl);
    while (c->used >= 2) {
        int len = c->buf[0] << 8 | c->buf[1];
        if (c->used < 2 + len) break;
        unsigned char out[MSG_MAX];
        int n = answer(c->buf + 2, len, out, 0, &from);
        if (n > 0) reply(out, n, c->fd, NULL);
        memmove(c->buf, c->buf + 2 + len, c->used - 2 - len);
        c->used -= 2 + len;
    }
    if (c->used == (int)sizeof c->buf) c->used = 0; /* garbage: start over */
}

static void on_accept(void)
{
    int fd = accept(listen_fd, NULL, NULL);
    if (fd < 0) return;
    for (int i = 0; i < MAX_TCP; i++) {
        if (tcp[i].fd < 0) {
            tcp[i].fd = fd;
            tcp[i].used = 0;
            tcp[i].last_ms = now_ms();
            return;
        }
    }
    close(fd); /* too many connections */
}

/* One control command from the lab; the answer goes to stdout. */
static void command(char *line)
{
    char word[16], name[256], arg[64];
    int n = sscanf(line, "%15s %255s %63s", word, name, arg);
    if (n < 1) return;
    if (!strcmp(word, "reset")) {
        nnames = nlog = delay_ms = 0;
        ttl = 300;
    } else if (!strcmp(word, "log")) {
        for (int i = 0; i < nlog; i++)
            printf("q %s %s %s %s %ld\n", logrows[i].client, logrows[i].proto, logrows[i].type, logrows[i].name, logrows[i].count);
        printf("end\n");
        fflush(stdout);
        return;
    } else if (!strcmp(word, "delay") && n >= 2) {
        delay_ms = atoi(name);
    } else if (!strcmp(word, "ttl") && n >= 2) {
        ttl = (unsigned)strtoul(name, NULL, 10);
    } else if ((!strcmp(word, "servfail") || !strcmp(word, "nxdomain")) && n >= 2) {
        struct name *e = find_or_add(name);
        if (e) e->kind = word[0] == 's' ? SERVFAIL : NXDOMAIN;
    } else if (!strcmp(word, "a") && n == 3) {
        struct name *e = find_or_add(name);
        if (!e || e->count == MAX_ADDRS || inet_pton(AF_INET, arg, e->addr[e->count]) != 1) {
            printf("error: cannot add %s %s\n", name, arg);
            fflush(stdout);
            return;
        }
        e->kind = ADDRESSES;
        e->count++;
    } else if (!strcmp(word, "big") && n == 3) {
        struct name *e = find_or_add(name);
        int count = atoi(arg);
        if (!e || count < 1 || count > MAX_ADDRS) {
            printf("error: big needs a count from 1 to %d\n", MAX_ADDRS);
            fflush(stdout);
            return;
        }
        e->kind = ADDRESSES;
        e->count = count;
        for (int i = 0; i < count; i++) {
            unsigned char a[4] = {192, 0, 2, (unsigned char)(i + 1)}; /* TEST-NET-1: reaches nothing */
            memcpy(e->addr[i], a, 4);
        }
    } else {
        printf("error: unknown command: %s\n", line);
        fflush(stdout);
        return;
    }
    printf("ok\n");
    fflush(stdout);
}

static int listen_on(int type, int port)
{
    int fd = socket(AF_INET, type, 0), one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (fd < 0) return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) return -1;
    if (type == SOCK_STREAM && listen(fd, 16) < 0) return -1;
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

int main(int argc, char **argv)
{
    int port = 53, lifetime = 3600;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--lifetime")) lifetime = atoi(argv[i + 1]);
    }
    alarm(lifetime); /* bounded in time, whatever happens to the lab */
    udp_fd = listen_on(SOCK_DGRAM, port);
    listen_fd = listen_on(SOCK_STREAM, port);
    if (udp_fd < 0 || listen_fd < 0) {
        perror("lab-dns: cannot listen");
        return 1;
    }
    for (int i = 0; i < MAX_TCP; i++) tcp[i].fd = -1;
    printf("ready port %d\n", port);
    fflush(stdout);

    char line[512];
    int used = 0;
    for (;;) {
        struct pollfd p[3 + MAX_TCP];
        int np = 0;
        p[np++] = (struct pollfd){.fd = 0, .events = POLLIN};
        p[np++] = (struct pollfd){.fd = udp_fd, .events = POLLIN};
        p[np++] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
        for (int i = 0; i < MAX_TCP; i++) p[np++] = (struct pollfd){.fd = tcp[i].fd, .events = POLLIN};

        /* Sleep until something arrives or the next delayed answer is due. */
        int wait = 1000;
        long long t = now_ms();
        for (int i = 0; i < npending; i++) {
            long long d = pending[i]->due_ms - t;
            if (d < wait) wait = d < 0 ? 0 : (int)d;
        }
        if (poll(p, np, wait) < 0 && errno != EINTR) return 1;

        if (p[0].revents) {
            int r = read(0, line + used, sizeof line - 1 - used);
            if (r <= 0) return 0; /* the lab closed our input: it is gone, so are we */
            used += r;
            char *nl;
            while ((nl = memchr(line, '\n', used))) {
                *nl = 0;
                command(line);
                used -= nl + 1 - line;
                memmove(line, nl + 1, used);
            }
            if (used == (int)sizeof line - 1) used = 0;
        }
        if (p[1].revents & POLLIN) on_udp();
        if (p[2].revents & POLLIN) on_accept();
        for (int i = 0; i < MAX_TCP; i++) {
            if (tcp[i].fd >= 0 && (p[3 + i].revents & (POLLIN | POLLHUP | POLLERR))) on_tcp(&tcp[i]);
            /* a connection idle for 10 s is closed, so a silent client cannot hold a slot */
            if (tcp[i].fd >= 0 && now_ms() - tcp[i].last_ms > 10000) {
                drop_pending_for(tcp[i].fd);
                close(tcp[i].fd);
                tcp[i].fd = -1;
            }
        }
        send_due();
    }
}
