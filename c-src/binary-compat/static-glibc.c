/* static-glibc.c: what a static glibc binary can and cannot do on musl.
 *
 * Since glibc 2.34 the "files" and "dns" name-service modules are inside
 * libc, so a static binary looks up users and host names without loading
 * anything. Locales and most iconv character sets are different: glibc
 * reads them at run time from files of its own installation (the locale
 * archive, gconv modules), and a musl system has none of those files. */
#include <arpa/inet.h>
#include <iconv.h>
#include <locale.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/socket.h>

static void try_locale(const char *name) {
    printf("setlocale(\"%s\"): %s\n", name, setlocale(LC_ALL, name) ? "ok" : "NULL");
}

static void try_iconv(const char *to) {
    iconv_t cd = iconv_open(to, "UTF-8");
    printf("iconv_open(\"%s\", \"UTF-8\"): %s\n", to, cd == (iconv_t)-1 ? "failed" : "ok");
    if (cd != (iconv_t)-1)
        iconv_close(cd);
}

int main(void) {
    struct passwd *pw = getpwnam("root");
    printf("getpwnam(\"root\"): %s\n", pw ? "found, uid 0" : "not found");

    struct addrinfo hints = {.ai_family = AF_INET}, *res;
    char ip[INET_ADDRSTRLEN] = "-";
    if (getaddrinfo("www.lab.test", NULL, &hints, &res) == 0) {   /* asks the lab's DNS server */
        inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, ip, sizeof ip);
        freeaddrinfo(res);
    }
    printf("getaddrinfo(\"www.lab.test\"): %s\n", ip);

    try_locale("de_DE.UTF-8");   /* from the locale archive */
    try_locale("C.UTF-8");       /* a file too, in glibc */
    try_iconv("ASCII");          /* one of the few conversions that need no file */
    try_iconv("UTF-16");         /* needs glibc's gconv configuration */
    try_iconv("ISO-8859-1");     /* a gconv module, loaded from a file */
    return 0;
}
