// port-addon.cc: the addon of the earlier steps, as a package ships it.
// Built on Debian, it asks musl for __isoc23_strtol: Node on musl loads it,
// and the first call of port() crashes.
//
// TASK: change this program so that the addon built on glibc also works on
// musl (no symbol musl lacks), and port() still answers 8080 for "8080" and
// -1 for "http" and "80x".
// The build (node-task-build.sh) stays as it is.
#include <node_api.h>
#include <cstdio>
#include <cstdlib>

// addon.port("8080"): the text read as a port number; -1 when it is not one.
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
