// port-addon.cc, WRONG: std::from_chars reads decimal ports, but the code
// keeps std::strtol for hexadecimal ones ("0x1f90"). The three test inputs
// never take that path, so Node on musl loads the addon (RTLD_LAZY) and
// answers them; the strtol call still names __isoc23_strtol, and the first
// "0x..." would crash the process. Loaded with RTLD_NOW, musl refuses it.
#include <node_api.h>
#include <charconv>
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
	long n = 0;
	const char *end;
	if (len > 2 && text[0] == '0' && text[1] == 'x') {
		char *hex_end = nullptr;
		n = std::strtol(text, &hex_end, 16); // still the C library's strtol
		end = hex_end;
	} else {
		end = std::from_chars(text, text + len, n).ptr;
	}
	bool ok = len > 0 && end == text + len && n > 0 && n < 65536;
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
