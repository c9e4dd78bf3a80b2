// addon.cc: a Node.js native addon, the kind `npm install` compiles with
// node-gyp when a package has C++ code (a database driver, an image library,
// a parser). It is a shared library (.node) that Node loads with dlopen, so it
// is linked against the C library of the machine it was built on. It uses
// Node-API (node_api.h), Node's stable C interface.
#include <node_api.h>
#include <cstdio>
#include <cstdlib>

// addon.port("8080"): the text read as a port number with strtol, as many
// addons parse configuration; -1 when it is not one.
static napi_value port(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], out;
	char text[32] = "";
	size_t len = 0;

	napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
	if (argc > 0)
		napi_get_value_string_utf8(env, argv[0], text, sizeof text, &len);
	char *end = nullptr;
	long n = std::strtol(text, &end, 10);
	bool ok = len > 0 && *end == '\0' && n > 0 && n < 65536;
	napi_create_int32(env, ok ? static_cast<int>(n) : -1, &out);
	return out;
}

static napi_value init(napi_env env, napi_value exports)
{
	napi_value fn;
	napi_create_function(env, "port", NAPI_AUTO_LENGTH, port, nullptr, &fn);
	napi_set_named_property(env, exports, "port", fn);
	return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
