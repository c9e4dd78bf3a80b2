// WRONG: sscanf instead of strtol. glibc 2.38's headers bind the scanf family
// to C23 variants too (g++ defines _GNU_SOURCE), so the addon now asks musl
// for __isoc23_sscanf instead, which musl lacks just the same.
#include <node_api.h>
#include <cstdio>

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
	long n = -1;
	int used = 0;
	std::sscanf(text, "%ld%n", &n, &used);
	const char *end = text + used;
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
