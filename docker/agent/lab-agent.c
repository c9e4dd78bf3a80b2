/*
 * musl-lab agent: PID 1 of every lab environment container.
 *
 * The lab writes requests to this process's stdin (a Docker attach); the
 * agent builds and runs the learner's program as the learner's uid, under
 * limits, and answers on stdout in frames. Why a program of its own:
 *   - times are measured here, on the monotonic clock, around the build and
 *     around the program alone (not around a Docker round trip);
 *   - the wall-clock limit starts when the program starts;
 *   - the program's output goes to pipes this agent reads, so nothing the lab
 *     says (frames, a shell's "Killed") can ever mix with it, and the program
 *     cannot write into the lab's channel;
 *   - the agent runs as root with only CAP_SETUID/CAP_SETGID and drops to the
 *     learner's uid for every child, so learner code can neither signal,
 *     trace nor write to it (a different uid, /proc/1 is closed to it);
 *   - every request gets a uid of its own (never used before in this
 *     container) and a private folder (0700, its HOME): no request can read
 *     the work of one still running, or plant files for a later one;
 *   - after each request it kills every process of that uid, counts what is
 *     left (0 is the proof nothing survives into the next run) and removes
 *     what the uid made outside its kept folder (/tmp, /var/tmp, /dev/shm, /lab).
 * It exits when its stdin closes (the lab went away, even by kill -9) or after
 * an idle time, so the container (auto-removed) never outlives its owner.
 *
 * Request:  "R <id> <length>\n" then <length> bytes of fields, each
 *           "<key> <length>\n<bytes>\n". Keys: uid (the base of the request's
 *           uid) cwd (/lab/<name>, made fresh) f:<name> stdin e:<NAME>
 *           b (build argv word, repeated) a (run argv word, repeated)
 *           build_ms run_ms cpu_s nproc fsize_kib stack_kib keep hard shell
 *           drop (remove the work folder afterwards: nothing of it is kept);
 *           or just "ping" (answered with end 0), or "purge <prefix>" (remove
 *           the folders /lab/<prefix>-*, each as its owner).
 * Answer:   "@<id> uid <n>\n" (the request's uid, first)
 *           "@<id> phase compiling|running\n"
 *           "@<id> built <status> <ms> <timedout>\n"
 *           "@<id> ran <status> <ms> <timedout> <flooded> <cpu_ms>\n"
 *           "@<id> data <diag|out|err> <kept> <total>\n<kept bytes>"
 *           "@<id> end <leftover processes>\n"  or  "@<id> error <kind> <text>\n" then end;
 *           kinds: request (malformed or too large), full (no room in /lab or
 *           /tmp), too-big (exec: arguments and environment too large), setup.
 *           A header that cannot be read at all: "@- error request <text>".
 *           At start: "@ready <version>\n".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define AGENT_VERSION "2"
#define MAX_REQUEST (64u << 20)
#define MAX_FIELDS 4096

struct field { char *key; unsigned char *val; size_t len; };

struct request {
	char id[64];
	struct field f[MAX_FIELDS];
	int n;
	const char *problem; /* why the request cannot be served (it is answered with an error) */
};

struct capture { unsigned char *buf; size_t keep, len, total; };

static int sigfd = -1;

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static void write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR) continue;
			_exit(3); /* the lab is gone */
		}
		c += w;
		n -= (size_t)w;
	}
}

static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof line - 1) n = sizeof line - 1;
	write_all(1, line, (size_t)n);
}

/* ---- reading requests ------------------------------------------------- */

static unsigned char inbuf[65536];
static size_t inlen, inpos;

/* Fill the input buffer; waits at most idle_ms (<= 0: forever). 0 on EOF/idle. */
static int fill(int idle_ms)
{
	if (inpos < inlen) return 1;
	inpos = inlen = 0;
	for (;;) {
		struct pollfd p = { .fd = 0, .events = POLLIN };
		int r = poll(&p, 1, idle_ms > 0 ? idle_ms : -1);
		if (r < 0 && errno == EINTR) continue;
		if (r == 0) return 0; /* idle too long */
		ssize_t n = read(0, inbuf, sizeof inbuf);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) return 0;
		inlen = (size_t)n;
		return 1;
	}
}

static int read_byte(int idle_ms)
{
	if (!fill(idle_ms)) return -1;
	return inbuf[inpos++];
}

static int read_exact(unsigned char *dst, size_t n)
{
	while (n) {
		if (!fill(0)) return 0;
		size_t k = inlen - inpos < n ? inlen - inpos : n;
		memcpy(dst, inbuf + inpos, k);
		inpos += k;
		dst += k;
		n -= k;
	}
	return 1;
}

/* Read and drop n bytes (the body of a request that is refused). 0 on EOF. */
static int skip_exact(size_t n)
{
	while (n) {
		if (!fill(0)) return 0;
		size_t k = inlen - inpos < n ? inlen - inpos : n;
		inpos += k;
		n -= k;
	}
	return 1;
}

/*
 * Parse "R <id> <len>\n" and the fields. 0 on EOF or idle timeout, -1 for a header
 * that cannot be read (answered "@- error"). A request that is too large or
 * malformed is read whole and kept with `problem` set: its answer is an error
 * under its own id, and the stream stays in step.
 */
static int read_request(struct request *rq, unsigned char **payload, int idle_ms)
{
	char head[160];
	size_t h = 0;
	rq->problem = NULL;
	rq->n = 0;
	for (;;) {
		int c = read_byte(h ? 0 : idle_ms);
		if (c < 0) return 0;
		if (c == '\n') break;
		if (h < sizeof head - 1) head[h++] = (char)c;
	}
	head[h] = 0;
	unsigned long len = 0;
	if (sscanf(head, "R %63s %lu", rq->id, &len) != 2) {
		say("@- error request bad request header\n");
		return -1;
	}
	if (len > MAX_REQUEST) {
		rq->problem = "request the request is larger than 64 MiB";
		return skip_exact(len) ? 1 : 0;
	}
	unsigned char *p = malloc(len + 1);
	if (!p) {
		rq->problem = "request no memory for the request";
		return skip_exact(len) ? 1 : 0;
	}
	if (!read_exact(p, len)) {
		free(p);
		return 0;
	}
	p[len] = 0;
	*payload = p;
	size_t i = 0;
	while (i < len) {
		if (rq->n == MAX_FIELDS) {
			rq->problem = "request more than 4096 fields (files, arguments, variables)";
			break;
		}
		unsigned char *nl = memchr(p + i, '\n', len - i);
		char *sp = nl ? (*nl = 0, strrchr((char *)p + i, ' ')) : NULL;
		if (!sp) {
			rq->problem = "request a malformed field";
			break;
		}
		*sp = 0;
		size_t vlen = strtoul(sp + 1, NULL, 10);
		size_t v = (size_t)(nl - p) + 1;
		if (v + vlen + 1 > len + 1) {
			rq->problem = "request a field longer than the request";
			break;
		}
		rq->f[rq->n++] = (struct field){ (char *)p + i, p + v, vlen };
		p[v + vlen] = 0; /* the separator newline becomes the value's terminator */
		i = v + vlen + 1;
	}
	return 1;
}

static struct field *get(struct request *rq, const char *key)
{
	for (int i = 0; i < rq->n; i++)
		if (!strcmp(rq->f[i].key, key)) return &rq->f[i];
	return NULL;
}

static long num(struct request *rq, const char *key, long dflt)
{
	struct field *f = get(rq, key);
	return f ? strtol((char *)f->val, NULL, 10) : dflt;
}

/* ---- running a child as the learner ------------------------------------ */

struct child_spec {
	struct request *rq;
	uid_t uid;
	const char *cwd;
	char **argv;
	char **envp;
	int write_files;  /* make the (fresh, private) folder and write the request's files into it first */
	int stack_kib;    /* <0: leave; 0: unlimited */
	long cpu_s;
	int out_fd, err_fd;
	int status_fd;    /* close-on-exec: what stopped the child before its program started */
	int shell_on_fail; /* a program that cannot be started is handed to the environment's shell, which says why */
};

/*
 * execvpe without the C library's own fallbacks (glibc runs a file it cannot
 * load with /bin/sh; musl does not): PATH is searched for a name without a
 * slash, and the most telling error is kept, as a shell does.
 */
static void exec_path(char **argv, char **envp)
{
	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, envp);
		return;
	}
	const char *path = getenv("PATH");
	int err = ENOENT;
	for (const char *p = path ? path : "/usr/bin:/bin"; ; ) {
		const char *colon = strchr(p, ':');
		size_t l = colon ? (size_t)(colon - p) : strlen(p);
		char full[PATH_MAX];
		snprintf(full, sizeof full, "%.*s%s%s", (int)l, p, l ? "/" : "", argv[0]);
		execve(full, argv, envp);
		if (errno == E2BIG || errno == ENOEXEC) return;
		if (errno == EACCES) err = EACCES;
		if (!colon) break;
		p = colon + 1;
	}
	errno = err;
}

/*
 * The child could not start its program: the reason goes to the agent on the
 * status pipe (never into the program's output), as "<kind> <what>: <error>".
 */
static void child_fail(int fd, const char *what)
{
	int e = errno;
	const char *kind = e == ENOSPC || e == EDQUOT ? "full" : e == E2BIG ? "too-big" : "setup";
	char m[512];
	int n = snprintf(m, sizeof m, "%s %s: %s", kind, what, strerror(e));
	if (write(fd, m, (size_t)n) < 0) { /* nothing left to tell */ }
	_exit(125);
}

static void become_learner(uid_t uid, int err_fd)
{
	if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) child_fail(err_fd, "cannot drop to the learner's uid");
	if (getuid() == 0 || geteuid() == 0) _exit(125);
}

static void set_limit(int res, rlim_t v)
{
	struct rlimit r = { v, v };
	setrlimit(res, &r);
}

static pid_t start_child(struct child_spec *c)
{
	pid_t pid = fork();
	if (pid != 0) return pid;
	int sf = c->status_fd;
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
	dup2(c->out_fd, 1);
	dup2(c->err_fd, 2);
	become_learner(c->uid, sf);
	/* below the agent: a busy program (a fork bomb) cannot starve the agent that times and stops it */
	if (setpriority(PRIO_PROCESS, 0, 10)) { /* best effort */ }
	set_limit(RLIMIT_NPROC, (rlim_t)num(c->rq, "nproc", 256));
	set_limit(RLIMIT_CPU, (rlim_t)c->cpu_s);
	set_limit(RLIMIT_FSIZE, (rlim_t)num(c->rq, "fsize_kib", 65536) * 1024);
	set_limit(RLIMIT_CORE, 0);
	umask(022);
	if (c->write_files) {
		/* the request's own folder: new (a folder already there was planted), and only this uid's */
		if (mkdir(c->cwd, 0700)) child_fail(sf, "cannot make the work folder");
	}
	if (chdir(c->cwd)) child_fail(sf, "cannot enter the work folder");
	if (c->write_files) {
		for (int i = 0; i < c->rq->n; i++) {
			struct field *f = &c->rq->f[i];
			const char *name = !strncmp(f->key, "f:", 2) ? f->key + 2 : !strcmp(f->key, "stdin") ? ".stdin" : NULL;
			if (!name) continue;
			if (strchr(name, '/') || !*name) {
				errno = EINVAL;
				child_fail(sf, "a file name with a slash");
			}
			int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
			if (fd < 0) child_fail(sf, "cannot write a file");
			const unsigned char *b = f->val;
			for (size_t n = f->len; n;) {
				ssize_t w = write(fd, b, n);
				if (w < 0 && errno == EINTR) continue;
				if (w <= 0) child_fail(sf, "cannot write a file");
				b += w;
				n -= (size_t)w;
			}
			if (close(fd)) child_fail(sf, "cannot write a file");
		}
	}
	int in = open(get(c->rq, "stdin") ? ".stdin" : "/dev/null", O_RDONLY);
	if (in < 0) child_fail(sf, "cannot open stdin");
	dup2(in, 0);
	if (in > 2) close(in);
	if (c->stack_kib == 0) set_limit(RLIMIT_STACK, RLIM_INFINITY);
	else if (c->stack_kib > 0) set_limit(RLIMIT_STACK, (rlim_t)c->stack_kib * 1024);
	for (int fd = 3; fd < 1024; fd++)
		if (fd != sf) close(fd);
	/* exec_path searches the PATH of this process: make it the child's own */
	for (char **e = c->envp; *e; e++)
		if (!strncmp(*e, "PATH=", 5)) setenv("PATH", *e + 5, 1);
	/* The program itself, not a shell running it: a shell would add variables of its own (busybox
	   SHLVL=1, dash SHLVL=0, both PWD), a false difference between the environments. */
	exec_path(c->argv, c->envp);
	/* too large for exec is the lab's failure; anything else (no such compiler) is the build's outcome */
	if (errno == E2BIG) child_fail(sf, c->argv[0]);
	if (c->shell_on_fail) {
		/* The program could not be started: the environment's shell tries and says why, as a learner
		   would see it ("sh: ./prog: not found", exit 127), or runs a script that has no #! line. */
		int n = 0;
		while (c->argv[n]) n++;
		char **v = calloc((size_t)n + 5, sizeof *v);
		v[0] = "/bin/sh", v[1] = "-c", v[2] = "exec \"$@\"", v[3] = "sh";
		for (int i = 0; i < n; i++) v[4 + i] = c->argv[i];
		execve("/bin/sh", v, c->envp);
		if (errno == E2BIG) child_fail(sf, "/bin/sh");
	}
	char m[512];
	int n = snprintf(m, sizeof m, "musl-lab agent: %s: %s\n", c->argv[0], strerror(errno));
	if (write(2, m, (size_t)n) < 0) { /* nothing left to tell */ }
	_exit(125);
	return -1;
}

/* Count the processes of a uid, zombies aside: the proof that nothing survives. */
static int count_uid(uid_t uid)
{
	DIR *d = opendir("/proc");
	if (!d) return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
		char path[300], line[256];
		snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f) continue;
		int zombie = 0, mine = 0;
		while (fgets(line, sizeof line, f)) {
			unsigned r, ef;
			if (!strncmp(line, "State:", 6) && strchr(line, 'Z')) zombie = 1;
			if (sscanf(line, "Uid: %u %u", &r, &ef) == 2) mine = (r == uid || ef == uid);
		}
		fclose(f);
		if (mine && !zombie) n++;
	}
	closedir(d);
	return n;
}

static pid_t reap(pid_t want, int *status, struct rusage *ru)
{
	/* Reap every dead child (PID 1 adopts orphans); report `want` when it is among them. */
	pid_t got = 0;
	for (;;) {
		int st;
		struct rusage r;
		pid_t p = wait4(-1, &st, WNOHANG, &r);
		if (p <= 0) break;
		if (p == want) {
			got = p;
			if (status) *status = st;
			if (ru) *ru = r;
		}
	}
	return got;
}

/*
 * Kill every process of the learner's uid: a child of ours drops to that uid
 * and sends SIGKILL to every process it may signal (kill -1), again until none
 * is left (a fork bomb can outrun one round). We reap meanwhile.
 */
static void kill_all(uid_t uid, pid_t main_pid, int *main_status, int *main_done, struct rusage *ru)
{
	pid_t k = fork();
	if (k == 0) {
		become_learner(uid, 2);
		for (int i = 0; i < 500; i++) {
			kill(-1, SIGKILL);
			if (kill(-1, 0) && errno == ESRCH) _exit(0);
			usleep(2000);
		}
		_exit(1);
	}
	for (;;) {
		int st;
		struct rusage r;
		pid_t p = wait4(-1, &st, 0, &r);
		if (p < 0 && errno == EINTR) continue;
		if (p < 0) break;
		if (p == main_pid && !*main_done) {
			*main_done = 1;
			*main_status = st;
			if (ru) *ru = r;
		}
		if (p == k) break;
	}
	reap(-1, NULL, NULL);
}

static void take(struct capture *c, const unsigned char *p, size_t n)
{
	if (c->len < c->keep) {
		size_t k = c->keep - c->len < n ? c->keep - c->len : n;
		memcpy(c->buf + c->len, p, k);
		c->len += k;
	}
	c->total += n;
}

struct phase_result { int status; double ms; int timedout, flooded; long cpu_ms; char failed[512]; };

/*
 * Run one child to its end: read its stdout/stderr (into `out`/`err`, which may
 * be the same capture), stop it at the wall-clock limit or when it floods, then
 * kill whatever it left behind. Times are the child's own: fork to exit.
 */
static struct phase_result run_phase(struct child_spec *c, long wall_ms, long hard, struct capture *out, struct capture *err)
{
	struct phase_result res = { -1, 0, 0, 0, 0, "" };
	int po[2], pe[2], ps[2];
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC) || pipe2(ps, O_CLOEXEC)) {
		snprintf(res.failed, sizeof res.failed, "setup cannot make pipes: %s", strerror(errno));
		return res;
	}
	c->out_fd = po[1];
	c->err_fd = pe[1];
	c->status_fd = ps[1];
	pid_t pid = start_child(c);
	close(po[1]);
	close(pe[1]);
	close(ps[1]);
	/* the status pipe closes when the program starts (close-on-exec), or says why it did not */
	size_t got = 0;
	for (;;) {
		ssize_t k = pid < 0 ? 0 : read(ps[0], res.failed + got, sizeof res.failed - 1 - got);
		if (k < 0 && errno == EINTR) continue;
		if (k <= 0) break;
		got += (size_t)k;
		if (got == sizeof res.failed - 1) break;
	}
	close(ps[0]);
	res.failed[got] = 0;
	if (pid < 0 || got) {
		if (pid < 0) snprintf(res.failed, sizeof res.failed, "setup cannot fork: %s", strerror(errno));
		else kill_all(c->uid, pid, &res.status, &(int){ 0 }, NULL);
		close(po[0]);
		close(pe[0]);
		return res;
	}
	double t0 = now_ms();
	int status = 0, done = 0, killed = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	double t_end = 0;
	int open_out = 1, open_err = 1;
	unsigned char buf[65536];
	while (open_out || open_err || !done) {
		struct pollfd p[3];
		int n = 0, io = -1, ie = -1;
		p[n++] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
		if (open_out) { io = n; p[n++] = (struct pollfd){ .fd = po[0], .events = POLLIN }; }
		if (open_err) { ie = n; p[n++] = (struct pollfd){ .fd = pe[0], .events = POLLIN }; }
		int wait = -1;
		if (!done && !killed) {
			double left = t0 + (double)wall_ms - now_ms();
			wait = left <= 0 ? 0 : (int)left + 1;
		}
		int r = poll(p, (nfds_t)n, wait);
		if (r < 0 && errno != EINTR) break;
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			while (read(sigfd, &si, sizeof si) > 0) {}
		}
		if (!done && reap(pid, &status, &ru) == pid) {
			done = 1;
			t_end = now_ms();
			/* the program ended: whatever it left running (holding the pipes) goes now */
			kill_all(c->uid, pid, &status, &done, NULL);
			killed = 1;
		}
		for (int s = 0; s < 2; s++) {
			int idx = s ? ie : io;
			if (idx < 0 || !(p[idx].revents & (POLLIN | POLLHUP | POLLERR))) continue;
			ssize_t k = read(s ? pe[0] : po[0], buf, sizeof buf);
			if (k > 0) {
				take(s ? err : out, buf, (size_t)k);
				if (!killed && hard > 0 && out->total + (err != out ? err->total : 0) > (size_t)hard) {
					res.flooded = 1;
					t_end = now_ms();
					kill_all(c->uid, pid, &status, &done, &ru);
					killed = 1;
				}
			} else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				if (s) open_err = 0; else open_out = 0;
			}
		}
		if (!done && !killed && now_ms() >= t0 + (double)wall_ms) {
			res.timedout = 1;
			t_end = now_ms();
			kill_all(c->uid, pid, &status, &done, &ru);
			killed = 1;
		}
	}
	close(po[0]);
	close(pe[0]);
	if (!done) {
		waitpid(pid, &status, 0);
		t_end = t_end ? t_end : now_ms();
	}
	res.ms = t_end - t0;
	res.status = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
	res.cpu_ms = ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 + ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000;
	return res;
}

/* ---- one request ------------------------------------------------------- */

static char **words(struct request *rq, const char *key, const char **prefix, int nprefix)
{
	int n = 0;
	for (int i = 0; i < rq->n; i++) n += !strcmp(rq->f[i].key, key);
	char **v = calloc((size_t)(n + nprefix + 1), sizeof *v);
	int j = 0;
	for (int i = 0; i < nprefix; i++) v[j++] = (char *)prefix[i];
	for (int i = 0; i < rq->n; i++)
		if (!strcmp(rq->f[i].key, key)) v[j++] = (char *)rq->f[i].val;
	return v;
}

static char **environment(struct request *rq, int with_request_env, const char *home)
{
	char **v = calloc((size_t)rq->n + 4, sizeof *v);
	int j = 0;
	int has_path = 0, has_home = 0;
	if (with_request_env) {
		for (int i = 0; i < rq->n; i++) {
			if (strncmp(rq->f[i].key, "e:", 2)) continue;
			const char *name = rq->f[i].key + 2;
			has_path |= !strcmp(name, "PATH");
			has_home |= !strcmp(name, "HOME");
			size_t l = strlen(name) + rq->f[i].len + 2;
			v[j] = malloc(l);
			snprintf(v[j++], l, "%s=%s", name, (char *)rq->f[i].val);
		}
	}
	if (!has_path) v[j++] = strdup("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	if (!has_home) {
		/* the request's own private folder: nothing another request left can be read from "~" */
		size_t l = strlen(home) + 6;
		v[j] = malloc(l);
		snprintf(v[j++], l, "HOME=%s", home);
	}
	return v;
}

/* Free what words() and environment() made: the agent lives for many requests (a warm container). */
static void free_child(struct child_spec *c, int argv_allocated)
{
	for (char **e = c->envp; e && *e; e++) free(*e);
	free(c->envp);
	if (argv_allocated) free(c->argv); /* its words point into the request */
	c->envp = NULL;
	c->argv = NULL;
}

/* The names in a folder (NULL-terminated, for a before/after comparison). */
static char **list_dir(const char *dir)
{
	size_t n = 0, cap = 16;
	char **v = calloc(cap, sizeof *v);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
		if (n + 2 > cap) v = realloc(v, (cap *= 2) * sizeof *v);
		v[n++] = strdup(e->d_name);
		v[n] = NULL;
	}
	if (d) closedir(d);
	return v;
}

/* The names in a folder of a learner's uid (0700: the agent, root without capabilities, may not read it), listed as that uid. */
static char **list_dir_as(uid_t uid, const char *dir)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC)) return list_dir(dir);
	pid_t pid = fork();
	if (pid == 0) {
		become_learner(uid, 2);
		char **v = list_dir(dir);
		for (char **a = v; *a; a++) write_all(p[1], *a, strlen(*a) + 1);
		_exit(0);
	}
	close(p[1]);
	size_t n = 0, cap = 16, len = 0, bufcap = 4096;
	char **v = calloc(cap, sizeof *v), *buf = malloc(bufcap);
	for (;;) {
		if (len == bufcap) buf = realloc(buf, bufcap *= 2);
		ssize_t k = read(p[0], buf + len, bufcap - len);
		if (k < 0 && errno == EINTR) continue;
		if (k <= 0) break;
		len += (size_t)k;
	}
	close(p[0]);
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1) {
		if (n + 2 > cap) v = realloc(v, (cap *= 2) * sizeof *v);
		v[n++] = strndup(buf + i, len - i);
		v[n] = NULL;
	}
	free(buf);
	return v;
}

static int listed(char **v, const char *name)
{
	for (; v && *v; v++)
		if (!strcmp(*v, name)) return 1;
	return 0;
}

/* Run `script` under /bin/sh as `uid` (root stays root) with these words, output discarded; wait for it. */
static void sh_as(uid_t uid, const char *script, char **words, int n)
{
	char **argv = calloc((size_t)n + 5, sizeof *argv);
	int j = 0;
	argv[j++] = "/bin/sh";
	argv[j++] = "-c";
	argv[j++] = (char *)script;
	argv[j++] = "sh";
	for (int i = 0; i < n; i++) argv[j++] = words[i];
	pid_t p = fork();
	if (p == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0), dup2(null, 1), dup2(null, 2);
		if (uid) become_learner(uid, 2);
		char *envp[] = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", NULL };
		execve(argv[0], argv, envp);
		_exit(127);
	}
	if (p > 0)
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR) {}
	free(argv);
}

/* Remove the words' paths (a folder may have been made unwritable by its owner first), then empty the shared scratch places of this uid's files. */
static const char TIDY[] =
	"chmod -R u+rwX -- \"$@\" 2>/dev/null; rm -rf -- \"$@\" 2>/dev/null; "
	"for d in /tmp /var/tmp /dev/shm /dev/mqueue; do [ -d \"$d\" ] || continue; set -- \"$d\"/* \"$d\"/.[!.]* \"$d\"/..?*; "
	"chmod -R u+rwX -- \"$@\" 2>/dev/null; rm -rf -- \"$@\" 2>/dev/null; done; "
	"[ -z \"$KEEP\" ] || chmod 755 \"$KEEP\" 2>/dev/null; true";

/*
 * After a request, as its uid (which only this request ever had): what it put in
 * /tmp, /var/tmp, /dev/shm, /dev/mqueue and at the top of /lab goes, and what its
 * program added to its folder (the folders are small tmpfs: a run that filled them
 * must not stop the next). `before` lists the folder before a build-and-run's
 * program ran; a plain run's folder (its program may be gcc, whose output stays)
 * is emptied only when /lab is nearly full. With `drop` (the lab keeps nothing of
 * this request, e.g. `musl-lab compare`) the folder goes whole. A kept folder
 * becomes readable by later requests (a built program is run by another uid),
 * never writable: its uid is not used again.
 */
static void tidy_up(uid_t uid, const char *cwd, char **before, int plain_run, int drop)
{
	struct statvfs fs;
	int nearly_full = !statvfs("/lab", &fs) && (unsigned long long)fs.f_bavail * fs.f_frsize < (4ull << 20);
	char *none[] = { NULL };
	if (plain_run && nearly_full) before = none;
	char **after = before && !drop ? list_dir_as(uid, cwd) : NULL;
	char **top = list_dir("/lab");
	int n = 0;
	for (char **a = after; a && *a; a++) n++;
	for (char **a = top; a && *a; a++) n++;
	char **words = calloc((size_t)n + 2, sizeof *words);
	int j = 0;
	if (drop) words[j++] = strdup(cwd);
	for (char **a = after; a && *a; a++) {
		if (listed(before, *a)) continue;
		size_t l = strlen(cwd) + strlen(*a) + 2;
		words[j] = malloc(l);
		snprintf(words[j++], l, "%s/%s", cwd, *a);
	}
	/* anything else this uid made at the top of /lab (it can create there, as every request's uid must) */
	for (char **a = top; a && *a; a++) {
		char path[PATH_MAX];
		struct stat st;
		snprintf(path, sizeof path, "/lab/%s", *a);
		if (strcmp(path, cwd) && !lstat(path, &st) && st.st_uid == uid) words[j++] = strdup(path);
	}
	char keep[PATH_MAX + 8];
	snprintf(keep, sizeof keep, "KEEP=%s", drop ? "" : cwd);
	/* KEEP travels as the script's first word and is exported there (sh_as gives a fixed environment) */
	char script[sizeof TIDY + PATH_MAX + 64];
	snprintf(script, sizeof script, "%s=\"$1\"; shift; %s", "KEEP", TIDY);
	char **w2 = calloc((size_t)j + 2, sizeof *w2);
	w2[0] = keep + 5;
	for (int i = 0; i < j; i++) w2[i + 1] = words[i];
	sh_as(uid, script, w2, j + 1);
	free(w2);
	for (int i = 0; i < j; i++) free(words[i]);
	free(words);
	for (char **a = after; a && *a; a++) free(*a);
	free(after);
	for (char **a = top; a && *a; a++) free(*a);
	free(top);
}

/* `purge <prefix>`: the folders /lab/<prefix>-* (a session's kept work), each removed as its owner. */
static void purge(const char *prefix)
{
	char **top = list_dir("/lab");
	size_t pl = strlen(prefix);
	for (char **a = top; a && *a; a++) {
		if (strncmp(*a, prefix, pl) || (*a)[pl] != '-') continue;
		char path[PATH_MAX];
		struct stat st;
		snprintf(path, sizeof path, "/lab/%s", *a);
		if (lstat(path, &st) || (st.st_uid != 0 && st.st_uid < 1000)) continue;
		char *w[] = { path };
		sh_as(st.st_uid, "chmod -R u+rwX -- \"$@\" 2>/dev/null; rm -rf -- \"$@\"", w, 1);
	}
	for (char **a = top; a && *a; a++) free(*a);
	free(top);
}

static void send_data(const char *id, const char *name, struct capture *c)
{
	say("@%s data %s %zu %zu\n", id, name, c->len, c->total);
	write_all(1, c->buf, c->len);
}

/* A work folder is /lab/<name>: one plain name, made fresh by the request. */
static int good_cwd(const char *cwd)
{
	if (strncmp(cwd, "/lab/", 5) || !cwd[5] || cwd[5] == '.' || strlen(cwd) > 200) return 0;
	for (const char *p = cwd + 5; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9') && *p != '-' && *p != '_' && *p != '.') return 0;
	return 1;
}

/* A build that failed for want of room (gcc, ld or as could not write) is the lab's failure, not the program's. */
static int says_full(struct capture *c)
{
	return memmem(c->buf, c->len, "No space left on device", 23) != NULL;
}

static void handle(struct request *rq)
{
	static unsigned long seq; /* requests served: every request gets a uid never used before here */
	const char *id = rq->id;
	if (rq->problem) {
		say("@%s error %s\n@%s end -1\n", id, rq->problem, id);
		return;
	}
	if (get(rq, "ping")) { /* a lab attaching to this (warm) container asks whether it is alive */
		say("@%s end 0\n", id);
		return;
	}
	struct field *pf = get(rq, "purge");
	if (pf) {
		purge((char *)pf->val);
		say("@%s end 0\n", id);
		return;
	}
	struct field *uidf = get(rq, "uid"), *cwdf = get(rq, "cwd");
	long base = uidf ? strtol((char *)uidf->val, NULL, 10) : 0;
	if (base < 1000 || base > 1000000 || !cwdf || !good_cwd((char *)cwdf->val)) {
		say("@%s error request the request lacks a learner uid or a work folder /lab/<name>\n@%s end -1\n", id, id);
		return;
	}
	uid_t uid = (uid_t)(base + (long)(++seq % 1000000));
	say("@%s uid %u\n", id, (unsigned)uid); /* the lab's cancel kills this uid's processes */
	size_t keep = (size_t)num(rq, "keep", 65536);
	long hard = num(rq, "hard", 8 << 20);
	struct capture diag = { malloc(keep), keep, 0, 0 };
	struct capture out = { malloc(keep), keep, 0, 0 };
	struct capture err = { malloc(keep), keep, 0, 0 };
	long stack = -1;
	struct field *sf = get(rq, "stack_kib");
	if (sf) stack = !strcmp((char *)sf->val, "unlimited") ? 0 : strtol((char *)sf->val, NULL, 10);
	const char *cwd = (char *)cwdf->val;
	struct child_spec c = { .rq = rq, .uid = uid, .cwd = cwd, .write_files = 1, .stack_kib = -1 };
	int built_ok = 1;
	char failed[600] = "";
	char **before = NULL; /* the folder as the build left it: what a build-and-run's program adds goes after */
	if (get(rq, "b")) {
		say("@%s phase compiling\n", id);
		c.argv = words(rq, "b", NULL, 0);
		c.envp = environment(rq, 0, cwd); /* the learner's variables never reach gcc */
		c.cpu_s = num(rq, "build_ms", 60000) / 1000 + 1;
		struct phase_result b = run_phase(&c, num(rq, "build_ms", 60000), hard, &diag, &diag);
		free_child(&c, 1);
		if (b.failed[0]) snprintf(failed, sizeof failed, "%s", b.failed);
		else if (b.status != 0 && !b.timedout && says_full(&diag)) snprintf(failed, sizeof failed, "full the build ran out of room in /lab or /tmp");
		else say("@%s built %d %.3f %d\n", id, b.status, b.ms, b.timedout);
		built_ok = !failed[0] && b.status == 0 && !b.timedout;
		c.write_files = 0;
	}
	if (!failed[0] && built_ok && get(rq, "a")) {
		if (get(rq, "b")) before = list_dir_as(uid, cwd);
		say("@%s phase running\n", id);
		c.shell_on_fail = num(rq, "shell", 1) != 0;
		c.envp = environment(rq, 1, cwd);
		c.argv = words(rq, "a", NULL, 0);
		c.stack_kib = (int)stack;
		c.cpu_s = num(rq, "cpu_s", num(rq, "run_ms", 10000) / 1000 + 1);
		struct phase_result r = run_phase(&c, num(rq, "run_ms", 10000), hard, &out, &err);
		free_child(&c, 1);
		if (r.failed[0]) snprintf(failed, sizeof failed, "%s", r.failed);
		else say("@%s ran %d %.3f %d %d %ld\n", id, r.status, r.ms, r.timedout, r.flooded, r.cpu_ms);
	} else if (!failed[0] && !get(rq, "b")) {
		/* nothing to run: just the files (e.g. a folder prepared for later) */
		c.argv = (char *[]){ "/bin/true", NULL };
		c.envp = environment(rq, 0, cwd);
		c.cpu_s = 5;
		struct phase_result r = run_phase(&c, 5000, hard, &out, &err);
		free_child(&c, 0);
		if (r.failed[0]) snprintf(failed, sizeof failed, "%s", r.failed);
	}
	tidy_up(uid, cwd, before, !get(rq, "b") && get(rq, "a"), get(rq, "drop") != NULL || failed[0]);
	for (char **b = before; b && *b; b++) free(*b);
	free(before);
	if (failed[0]) {
		for (char *p = failed; *p; p++)
			if (*p == '\n') *p = ' ';
		say("@%s error %s\n", id, failed);
	}
	send_data(id, "diag", &diag);
	send_data(id, "out", &out);
	send_data(id, "err", &err);
	say("@%s end %d\n", id, count_uid(uid));
	free(diag.buf);
	free(out.buf);
	free(err.buf);
}

int main(int argc, char **argv)
{
	long idle_s = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	/* SIGCHLD arrives on a descriptor, so the wait for a program's end is exact, not polled. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	signal(SIGPIPE, SIG_IGN);
	say("@ready %s\n", AGENT_VERSION);
	for (;;) {
		static struct request rq;
		unsigned char *payload = NULL;
		int r = read_request(&rq, &payload, idle_s > 0 ? (int)(idle_s * 1000) : -1);
		if (r == 0) break; /* stdin closed (the lab is gone) or idle: the container ends */
		if (r > 0) handle(&rq);
		free(payload);
		reap(-1, NULL, NULL);
	}
	return 0;
}
