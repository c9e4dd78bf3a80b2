/*
 * node-lite.c: a stand-in for Node.js on musl, just big enough to load a
 * Node-API addon the way node does and call its port() function.
 *
 * This offline lab has no musl build of Node. What this step is about is
 * musl's dlopen: node's require() of a .node file calls
 * dlopen(file, RTLD_LAZY) (Node's src/node_binding.h, DLib::kDefaultFlags),
 * and node-lite makes that same call, on musl. Under RTLD_LAZY musl's loader
 * leaves a function symbol it cannot find unresolved instead of refusing the
 * addon (ldso/dynlink.c, prepare_lazy and do_relocs): the addon loads, and
 * the first call through that symbol jumps to an address that was never
 * filled in. With --now node-lite asks for RTLD_NOW instead, as
 * process.dlopen(module, file, os.constants.dlopen.RTLD_NOW) does, and as
 * CPython always does: then a missing symbol stops the load.
 *
 * node exports the Node-API functions (napi_*) from its own executable, and
 * so does node-lite (it is linked with -rdynamic), for the five that the addon
 * calls. Values here are small records, not JavaScript values.
 *
 *   node-lite ./addon.node 8080 http         prints   port("8080") = 8080 ...
 *   node-lite --now ./addon.node 8080        the same, loaded with RTLD_NOW
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Node-API's types (js_native_api_types.h): opaque pointers and a status. */
typedef struct value *napi_value;
typedef struct env *napi_env;
typedef struct call *napi_callback_info;
typedef int napi_status; /* 0 is napi_ok */
typedef napi_value (*napi_callback)(napi_env, napi_callback_info);

struct value {
	char text[64];       /* a string */
	int32_t number;      /* a number */
	napi_callback fn;    /* a function */
	char name[32];       /* an object's one property: its name */
	napi_value property; /* ... and its value */
};
struct call {
	napi_value arg; /* the one argument of the call */
};

static napi_value new_value(void)
{
	napi_value v = calloc(1, sizeof *v);
	if (!v)
		abort();
	return v;
}

/* The five Node-API functions the addon asks for, found by musl's loader in this executable. */
napi_status napi_get_cb_info(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv, napi_value *this_arg, void **data)
{
	(void)env;
	if (argc && *argc > 0 && argv)
		argv[0] = info->arg;
	if (argc)
		*argc = 1;
	if (this_arg)
		*this_arg = NULL;
	if (data)
		*data = NULL;
	return 0;
}

napi_status napi_get_value_string_utf8(napi_env env, napi_value v, char *buf, size_t size, size_t *len)
{
	(void)env;
	size_t n = strlen(v->text);
	if (buf && size > 0) {
		if (n >= size)
			n = size - 1;
		memcpy(buf, v->text, n);
		buf[n] = '\0';
	}
	if (len)
		*len = n;
	return 0;
}

napi_status napi_create_int32(napi_env env, int32_t number, napi_value *out)
{
	(void)env;
	*out = new_value();
	(*out)->number = number;
	return 0;
}

napi_status napi_create_function(napi_env env, const char *name, size_t len, napi_callback fn, void *data, napi_value *out)
{
	(void)env, (void)name, (void)len, (void)data;
	*out = new_value();
	(*out)->fn = fn;
	return 0;
}

napi_status napi_set_named_property(napi_env env, napi_value object, const char *name, napi_value value)
{
	(void)env;
	snprintf(object->name, sizeof object->name, "%s", name);
	object->property = value;
	return 0;
}

int main(int argc, char **argv)
{
	int flags = RTLD_LAZY; /* what node's require() uses */
	if (argc > 1 && strcmp(argv[1], "--now") == 0) {
		flags = RTLD_NOW; /* every symbol resolved at load, or no load */
		argv++, argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: node-lite [--now] ADDON.node [TEXT...]\n");
		return 2;
	}
	void *addon = dlopen(argv[1], flags);
	if (!addon) {
		fprintf(stderr, "Error: %s\n", dlerror()); /* node says the same, with code ERR_DLOPEN_FAILED */
		return 1;
	}
	/* NAPI_MODULE in the addon defines this entry point; node calls it with an empty exports object. */
	napi_value (*init)(napi_env, napi_value) = (napi_value(*)(napi_env, napi_value))dlsym(addon, "napi_register_module_v1");
	if (!init) {
		fprintf(stderr, "Error: %s is not a Node-API addon (no napi_register_module_v1)\n", argv[1]);
		return 1;
	}
	napi_value exports = init(NULL, new_value());
	napi_value port = exports && strcmp(exports->name, "port") == 0 ? exports->property : NULL;
	if (!port || !port->fn) {
		fprintf(stderr, "Error: the addon exports no port function\n");
		return 1;
	}
	/* stderr is unbuffered: this line is out even if the first call crashes */
	fprintf(stderr, "node-lite: %s loaded (%s)\n", argv[1], flags == RTLD_NOW ? "RTLD_NOW" : "RTLD_LAZY");
	for (int i = 2; i < argc; i++) {
		struct call call = { new_value() };
		snprintf(call.arg->text, sizeof call.arg->text, "%s", argv[i]);
		napi_value r = port->fn(NULL, &call);
		printf("port(\"%s\") = %d\n", argv[i], r ? (int)r->number : 0);
		fflush(stdout); /* each answer out before the next call, which might crash */
	}
	return 0;
}
