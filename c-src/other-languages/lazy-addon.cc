// lazy-addon.cc: an addon that calls a function no library defines, to see
// WHEN Node's loader notices. A shared library may leave symbols undefined;
// the loader must find them in the process. With RTLD_LAZY it looks a
// function up at its first call, with RTLD_NOW when the file is loaded.
#include <node_api.h>

extern "C" int not_in_any_library(void); // declared, defined nowhere

// addon.call(): calls the missing function
static napi_value call(napi_env env, napi_callback_info info)
{
	(void)info;
	napi_value out;
	napi_create_int32(env, not_in_any_library(), &out);
	return out;
}

static napi_value init(napi_env env, napi_value exports)
{
	napi_value fn;
	napi_create_function(env, "call", NAPI_AUTO_LENGTH, call, nullptr, &fn);
	napi_set_named_property(env, exports, "call", fn);
	return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
