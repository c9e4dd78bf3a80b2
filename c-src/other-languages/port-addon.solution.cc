// port-addon.cc, solved: std::from_chars (C++17, <charconv>) reads the number.
// libstdc++ implements it for integers in the header itself, so the addon
// asks the C library for nothing; glibc's headers have no strtol call here
// to bind to __isoc23_strtol. Rebuilding on Alpine is the usual fix; this is
// the fix for a package that ships one prebuilt addon for both libcs.
#include <node_api.h>
#include <charconv>

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
	// from_chars stops at the first character that is not a digit and says where
	long n = 0;
	const char *end = std::from_chars(text, text + len, n).ptr;
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
