/* lazy-plugin.c: a program loads a plugin that calls a function nobody
 * defines (built from this file with -DBUILD_PLUGIN: the lesson's command
 * makes libplugin.so next to the program).
 *
 * Argument "lazy": dlopen(RTLD_LAZY), then call the plugin.
 * Argument "now":  dlopen(RTLD_NOW): every symbol is resolved at load time. */
#include <stdio.h>

#ifdef BUILD_PLUGIN
void missing_fn(void);            /* defined nowhere: the link of a .so allows it */

void plugin_run(void) {
    puts("plugin: calling missing_fn");
    fflush(stdout);
    missing_fn();
    puts("plugin: missing_fn returned");
}
#else
#include <dlfcn.h>
#include <string.h>

int main(int argc, char **argv) {
    int lazy = argc > 1 && strcmp(argv[1], "lazy") == 0;
    void *h = dlopen("./libplugin.so", lazy ? RTLD_LAZY : RTLD_NOW);
    if (!h) {
        printf("dlopen failed: %s\n", dlerror());
        return 1;
    }
    puts("dlopen: ok");
    void (*run)(void) = (void (*)(void))dlsym(h, "plugin_run");
    if (!run) {
        printf("dlsym failed: %s\n", dlerror());
        return 1;
    }
    fflush(stdout);
    run();
    puts("main: back from the plugin");
    return 0;
}
#endif
