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
 *   - after each request it kills every process of the learner's uid and
 *     counts what is left (0 is the proof nothing survives into the next run).
 * It exits when its stdin closes (the lab went away, even by kill -9) or after
 * an idle time, so the container (auto-removed) never outlives its owner.
 *
 * Request:  "R <id> <length>\n" then <length> bytes of fields, each
 *           "<key> <length>\n<bytes>\n". Keys: uid cwd f:<name> stdin e:<NAME>
 *           b (build argv word, repeated) a (run argv word, repeated)
 *           build_ms run_ms cpu_s nproc fsize_kib stack_kib keep hard shell
 *           drop (remove the work folder afterwards: nothing of it is kept);
 *           or just "ping" (answered with end 0).
 * Answer:   "@<id> phase compiling|running\n"
 *           "@<id> built <status> <ms> <timedout>\n"
 *           "@<id> ran <status> <ms> <timedout> <flooded> <cpu_ms>\n"
 *           "@<id> data <diag|out|err> <kept> <total>\n<kept bytes>"
 *           "@<id> end <leftover processes>\n"  or  "@<id> error <text>\n" then end.
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

#define AGENT_VERSION "1"
#define MAX_REQUEST (64u << 20)
#define MAX_FIELDS 4096

struct field { char *key; unsigned char *val; size_t len; };

struct request {
	char id[64];
	struct field f[MAX_FIELDS];
	int n;
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

/* Parse "R <id> <len>\n" and the fields. 0 on EOF or idle timeout. */
static int read_request(struct request *rq, unsigned char **payload, int idle_ms)
{
	char head[160];
	size_t h = 0;
	for (;;) {
		int c = read_byte(h ? 0 : idle_ms);
		if (c < 0) return 0;
		if (c == '\n') break;
		if (h < sizeof head - 1) head[h++] = (char)c;
	}
	head[h] = 0;
	unsigned long len = 0;
	if (sscanf(head, "R %63s %lu", rq->id, &len) != 2 || len > MAX_REQUEST) {
		say("@- error bad request header\n");
		return -1;
	}
	unsigned char *p = malloc(len + 1);
	if (!p || !read_exact(p, len)) return 0;
	p[len] = 0;
	*payload = p;
	rq->n = 0;
	size_t i = 0;
	while (i < len && rq->n < MAX_FIELDS) {
		unsigned char *nl = memchr(p + i, '\n', len - i);
		if (!nl) break;
		*nl = 0;
		char *sp = strrchr((char *)p + i, ' ');
		if (!sp) break;
		*sp = 0;
		size_t vlen = strtoul(sp + 1, NULL, 10);
		size_t v = (size_t)(nl - p) + 1;
		if (v + vlen + 1 > len + 1) break;
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
	int write_files;  /* write the request's files into cwd first */
	int stack_kib;    /* <0: leave; 0: unlimited */
	long cpu_s;
	int out_fd, err_fd;
};

static void child_fail(int fd, const char *what)
{
	char m[256];
	int n = snprintf(m, sizeof m, "musl-lab agent: %s: %s\n", what, strerror(errno));
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
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
	dup2(c->out_fd, 1);
	dup2(c->err_fd, 2);
	become_learner(c->uid, 2);
	/* below the agent: a busy program (a fork bomb) cannot starve the agent that times and stops it */
	if (setpriority(PRIO_PROCESS, 0, 10)) { /* best effort */ }
	set_limit(RLIMIT_NPROC, (rlim_t)num(c->rq, "nproc", 256));
	set_limit(RLIMIT_CPU, (rlim_t)c->cpu_s);
	set_limit(RLIMIT_FSIZE, (rlim_t)num(c->rq, "fsize_kib", 65536) * 1024);
	set_limit(RLIMIT_CORE, 0);
	/* mkdir -p: the folder is /lab/<session>/<request> */
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", c->cwd);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/') continue;
		*p = 0;
		if (mkdir(dir, 0755) && errno != EEXIST) child_fail(2, "cannot make the work folder");
		*p = '/';
	}
	if (mkdir(c->cwd, 0755) && errno != EEXIST) child_fail(2, "cannot make the work folder");
	if (chdir(c->cwd)) child_fail(2, "cannot enter the work folder");
	if (c->write_files) {
		for (int i = 0; i < c->rq->n; i++) {
			struct field *f = &c->rq->f[i];
			const char *name = !strncmp(f->key, "f:", 2) ? f->key + 2 : !strcmp(f->key, "stdin") ? ".stdin" : NULL;
			if (!name) continue;
			if (strchr(name, '/') || !*name) _exit(125);
			int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
			if (fd < 0) child_fail(2, "cannot write a file");
			write_all(fd, f->val, f->len);
			close(fd);
		}
	}
	int in = open(get(c->rq, "stdin") ? ".stdin" : "/dev/null", O_RDONLY);
	if (in < 0) child_fail(2, "cannot open stdin");
	dup2(in, 0);
	if (in > 2) close(in);
	if (c->stack_kib == 0) set_limit(RLIMIT_STACK, RLIM_INFINITY);
	else if (c->stack_kib > 0) set_limit(RLIMIT_STACK, (rlim_t)c->stack_kib * 1024);
	for (int fd = 3; fd < 1024; fd++) close(fd);
	/* execvpe searches the PATH of this process: make it the child's own */
	for (char **e = c->envp; *e; e++)
		if (!strncmp(*e, "PATH=", 5)) setenv("PATH", *e + 5, 1);
	execvpe(c->argv[0], c->argv, c->envp);
	child_fail(2, c->argv[0]);
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

struct phase_result { int status; double ms; int timedout, flooded; long cpu_ms; };

/*
 * Run one child to its end: read its stdout/stderr (into `out`/`err`, which may
 * be the same capture), stop it at the wall-clock limit or when it floods, then
 * kill whatever it left behind. Times are the child's own: fork to exit.
 */
static struct phase_result run_phase(struct child_spec *c, long wall_ms, long hard, struct capture *out, struct capture *err)
{
	struct phase_result res = { -1, 0, 0, 0, 0 };
	int po[2], pe[2];
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC)) return res;
	c->out_fd = po[1];
	c->err_fd = pe[1];
	double t0 = now_ms();
	pid_t pid = start_child(c);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		close(po[0]);
		close(pe[0]);
		return res;
	}
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

static char **environment(struct request *rq, int with_request_env)
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
	if (!has_home) v[j++] = strdup("HOME=/lab");
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

static int listed(char **v, const char *name)
{
	for (; v && *v; v++)
		if (!strcmp(*v, name)) return 1;
	return 0;
}

/*
 * After a request, as the learner: /tmp goes back to empty, and what the program
 * added to its folder goes (the folders are small tmpfs: a run that filled them
 * must not stop the next). `before` lists the folder before a build-and-run's
 * program ran; a plain run's folder (its program may be gcc, whose output stays)
 * is emptied only when /lab is nearly full. With `drop` (the lab keeps nothing of
 * this request, e.g. `musl-lab compare`) the folder goes whole, and its parent
 * too once empty: a warm container then needs no clean-up request at the end.
 */
static void tidy_up(uid_t uid, const char *cwd, char **before, int plain_run, int drop)
{
	struct statvfs fs;
	int nearly_full = !statvfs("/lab", &fs) && (unsigned long long)fs.f_bavail * fs.f_frsize < (4ull << 20);
	char *none[] = { NULL };
	if (plain_run && nearly_full) before = none;
	char **after = before ? list_dir(cwd) : NULL;
	int n = 0;
	for (char **a = after; a && *a; a++) n++;
	char **argv = calloc((size_t)n + 8, sizeof *argv);
	int j = 0;
	argv[j++] = "/bin/sh";
	argv[j++] = "-c";
	argv[j++] = drop ? "rm -rf /tmp/* /tmp/.[!.]* /tmp/..?* \"$0\" 2>/dev/null; rmdir \"${0%/*}\" 2>/dev/null; true"
	                 : "rm -rf /tmp/* /tmp/.[!.]* /tmp/..?* 2>/dev/null; cd \"$0\" 2>/dev/null && [ $# -gt 0 ] && rm -rf -- \"$@\"; true";
	argv[j++] = (char *)cwd;
	for (char **a = after; !drop && a && *a; a++)
		if (!listed(before, *a)) argv[j++] = *a;
	pid_t p = fork();
	if (p == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0), dup2(null, 1), dup2(null, 2);
		become_learner(uid, 2);
		char *envp[] = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", NULL };
		execve(argv[0], argv, envp);
		_exit(127);
	}
	if (p > 0)
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR) {}
	for (char **a = after; a && *a; a++) free(*a);
	free(after);
	free(argv);
}

static void send_data(const char *id, const char *name, struct capture *c)
{
	say("@%s data %s %zu %zu\n", id, name, c->len, c->total);
	write_all(1, c->buf, c->len);
}

static void handle(struct request *rq)
{
	const char *id = rq->id;
	if (get(rq, "ping")) { /* a lab attaching to this (warm) container asks whether it is alive */
		say("@%s end 0\n", id);
		return;
	}
	struct field *uidf = get(rq, "uid"), *cwdf = get(rq, "cwd");
	long uid = uidf ? strtol((char *)uidf->val, NULL, 10) : 0;
	if (uid < 1000 || !cwdf || strncmp((char *)cwdf->val, "/lab/", 5) || strstr((char *)cwdf->val, "..")) {
		say("@%s error the request lacks a learner uid or a work folder under /lab\n@%s end -1\n", id, id);
		return;
	}
	size_t keep = (size_t)num(rq, "keep", 65536);
	long hard = num(rq, "hard", 8 << 20);
	struct capture diag = { malloc(keep), keep, 0, 0 };
	struct capture out = { malloc(keep), keep, 0, 0 };
	struct capture err = { malloc(keep), keep, 0, 0 };
	long stack = -1;
	struct field *sf = get(rq, "stack_kib");
	if (sf) stack = !strcmp((char *)sf->val, "unlimited") ? 0 : strtol((char *)sf->val, NULL, 10);
	struct child_spec c = { .rq = rq, .uid = (uid_t)uid, .cwd = (char *)cwdf->val, .write_files = 1, .stack_kib = -1 };
	int built_ok = 1;
	char **before = NULL; /* the folder as the build left it: what a build-and-run's program adds goes after */
	if (get(rq, "b")) {
		say("@%s phase compiling\n", id);
		c.argv = words(rq, "b", NULL, 0);
		c.envp = environment(rq, 0); /* the learner's variables never reach gcc */
		c.cpu_s = num(rq, "build_ms", 60000) / 1000 + 1;
		struct phase_result b = run_phase(&c, num(rq, "build_ms", 60000), hard, &diag, &diag);
		free_child(&c, 1);
		say("@%s built %d %.3f %d\n", id, b.status, b.ms, b.timedout);
		built_ok = b.status == 0 && !b.timedout;
		c.write_files = 0;
	}
	if (built_ok && get(rq, "a")) {
		if (get(rq, "b")) before = list_dir(c.cwd);
		say("@%s phase running\n", id);
		/* Through the environment's own shell, so a missing program reads as a learner would see it
		   ("sh: ./prog: not found"); `exec` leaves no shell behind to add words to the output. */
		static const char *via_sh[] = { "/bin/sh", "-c", "exec \"$@\"", "sh" };
		int shell = num(rq, "shell", 1) != 0;
		c.argv = words(rq, "a", shell ? via_sh : NULL, shell ? 4 : 0);
		c.envp = environment(rq, 1);
		c.stack_kib = (int)stack;
		c.cpu_s = num(rq, "cpu_s", num(rq, "run_ms", 10000) / 1000 + 1);
		struct phase_result r = run_phase(&c, num(rq, "run_ms", 10000), hard, &out, &err);
		free_child(&c, 1);
		say("@%s ran %d %.3f %d %d %ld\n", id, r.status, r.ms, r.timedout, r.flooded, r.cpu_ms);
	} else if (!get(rq, "b")) {
		/* nothing to run: just the files (e.g. a folder prepared for later) */
		c.argv = (char *[]){ "/bin/true", NULL };
		c.envp = environment(rq, 0);
		c.cpu_s = 5;
		run_phase(&c, 5000, hard, &out, &err);
		free_child(&c, 0);
	}
	tidy_up((uid_t)uid, c.cwd, before, !get(rq, "b") && get(rq, "a"), get(rq, "drop") != NULL);
	for (char **b = before; b && *b; b++) free(*b);
	free(before);
	send_data(id, "diag", &diag);
	send_data(id, "out", &out);
	send_data(id, "err", &err);
	say("@%s end %d\n", id, count_uid((uid_t)uid));
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
