/* static-dlopen.c: load a shared library at run time.
 *
 * To test with a real file (not a name the C library answers for itself,
 * like libm.so.6 on musl), the program first builds a tiny library,
 * libgreet.so, with gcc, then dlopen()s it and calls its function.
 * dlopen needs a dynamic loader to map the library into the process. A
 * static musl program has no loader, so musl's dlopen can only report an
 * error, even though the file is right there. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static const char plugin[] = "const char *greet(void) { return \"hello from libgreet.so\"; }\n";

int main(void) {
    FILE *f = fopen("greet.c", "w");
    if (!f || fputs(plugin, f) == EOF || fclose(f) != 0) {
        printf("could not write greet.c\n");
        return 2;
    }
    if (system("gcc -shared -fPIC -o libgreet.so greet.c") != 0) {
        printf("could not build libgreet.so\n");
        return 2;
    }

    void *lib = dlopen("./libgreet.so", RTLD_NOW);
    if (lib == NULL) {
        printf("dlopen failed: %s\n", dlerror());
        return 1;
    }
    const char *(*greet)(void) = (const char *(*)(void))dlsym(lib, "greet");
    printf("dlopen worked: %s\n", greet ? greet() : "(no greet symbol)");
    dlclose(lib);
    return 0;
}
