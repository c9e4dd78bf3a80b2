/* gensalt.c: a program that needs a library the glibc system has, but
 * only as a glibc build: libxcrypt's libcrypt (the package libcrypt-dev).
 *
 * crypt_gensalt() makes a fresh salt for a password hash; "$y$" asks for
 * yescrypt, the hash Debian uses for /etc/shadow. musl has crypt() but
 * no crypt_gensalt(), so this program needs libxcrypt.
 *
 * Built with -DOWN_PROTOTYPES it skips <crypt.h> and declares the two
 * functions itself: the shortcut people try when the header is missing. */
#include <stdio.h>

#ifdef OWN_PROTOTYPES
char *crypt_gensalt(const char *prefix, unsigned long count, const char *rbytes, int nrbytes);
#else
#include <crypt.h>
#endif

int main(void) {
    /* count 0 = the library's default cost; NULL, 0 = take random bytes from the system */
    const char *salt = crypt_gensalt("$y$", 0, NULL, 0);
    if (!salt) {
        printf("crypt_gensalt failed\n");
        return 1;
    }
    /* The salt is random: print only its fixed prefix, so the output is the same every run. */
    printf("salt starts with %.3s\n", salt);
    return 0;
}
