/* gnu-names.c: GNU and glibc-internal names that real projects had to
 * replace when they were built on musl.
 *
 * Built with -DTRY_<NAME>, it is a compile-only probe of one name (the
 * lesson's command builds each probe and prints the compiler's words).
 * Built as is, it runs the portable spelling of the same ideas. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(TRY_strndupa)
/* a copy of the first n bytes on the stack */
size_t probe(const char *s) { return strlen(strndupa(s, 3)); }
#elif defined(TRY_TEMP_FAILURE_RETRY)
/* repeat a call while it fails with EINTR */
ssize_t probe(int fd, char *b) { return TEMP_FAILURE_RETRY(read(fd, b, 1)); }
#elif defined(TRY_ALLPERMS)
/* every permission bit: 07777 */
mode_t probe(mode_t m) { return m & ALLPERMS; }
#elif defined(TRY_PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP)
/* a recursive mutex without pthread_mutexattr_settype */
pthread_mutex_t probe = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
#elif defined(TRY_rpmatch)
/* "is this answer a yes?" in the user's language */
int probe(const char *answer) { return rpmatch(answer); }
#elif defined(TRY_canonicalize_file_name)
/* realpath that allocates */
char *probe(const char *p) { return canonicalize_file_name(p); }
#elif defined(TRY___sigset_t)
/* glibc's internal name of sigset_t's type */
__sigset_t probe;
#elif defined(TRY_sigval_t)
/* glibc's old typedef of union sigval */
sigval_t probe;
#elif defined(TRY___GNUC_PREREQ)
/* glibc's compiler-version macro, from <features.h> */
#if __GNUC_PREREQ(4, 0)
int probe;
#endif
#elif defined(TRY___BEGIN_DECLS)
/* extern "C" brackets, from glibc's <sys/cdefs.h> (included by every glibc header) */
__BEGIN_DECLS
int probe(void);
__END_DECLS
#elif defined(TRY___SWORD_TYPE)
/* the type of statfs's f_type on glibc */
__SWORD_TYPE probe;
#elif defined(TRY_GLOB_BRACE)
#include <glob.h>
/* {a,b} in glob patterns */
int probe = GLOB_BRACE;
#elif defined(TRY_REG_STARTEND)
#include <regex.h>
/* match within pmatch[0], not up to a NUL */
int probe = REG_STARTEND;
#elif defined(TRY_re_search)
#include <regex.h>
/* GNU regex's own API: compile with re_compile_pattern, match with re_search */
int probe(struct re_pattern_buffer *re, const char *s, int n) { return re_search(re, s, n, 0, n, NULL); }
#elif defined(TRY_F_SHLCK)
#include <fcntl.h>
/* an old flock-style lock type */
int probe = F_SHLCK;
#elif defined(TRY_NETDB_INTERNAL)
#include <netdb.h>
/* the h_errno value "see errno" */
int probe = NETDB_INTERNAL;
#elif defined(TRY_AI_IDN)
#include <netdb.h>
/* ask getaddrinfo to convert an internationalised domain name */
int probe = AI_IDN;
#elif defined(TRY_res_ninit)
#include <resolv.h>
/* the thread-safe resolver API: a private resolver state */
int probe(struct __res_state *st) { return res_ninit(st); }
#elif defined(TRY_res_nquery)
#include <resolv.h>
/* a DNS query through that private state */
int probe(struct __res_state *st, unsigned char *ans, int len) { return res_nquery(st, "lab.test", 1, 1, ans, len); }
#else
/* The portable spellings: the same ideas on both libraries. */
int main(void) {
    char *copy = strndup("portable", 4);      /* heap, not stack: free it */
    ssize_t n;
    do n = write(STDOUT_FILENO, "", 0);       /* TEMP_FAILURE_RETRY, by hand */
    while (n == -1 && errno == EINTR);
    pthread_mutexattr_t a;                    /* a recursive mutex, by attribute */
    pthread_mutex_t m;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m, &a);
    pthread_mutex_lock(&m);
    pthread_mutex_lock(&m);                   /* the same thread again: fine */
    char *real = realpath("/", NULL);         /* canonicalize_file_name */
    sigset_t set;                             /* the public type names */
    union sigval v = { .sival_int = 1 };
    sigemptyset(&set);
    printf("%s %s %o %d\n", copy, real, (unsigned)(S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO), v.sival_int);
    pthread_mutex_unlock(&m);
    pthread_mutex_unlock(&m);
    free(copy);
    free(real);
    return 0;
}
#endif
