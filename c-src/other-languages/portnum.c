/*
 * portnum.c: a Python extension module in C, what a binary wheel carries
 * (a .so that Python loads with dlopen on `import portnum`). Built here on
 * glibc, as a manylinux wheel is.
 *   portnum.parse("8080") -> 8080; -1 when the text is not a port number.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h> /* first, as Python asks; it defines _GNU_SOURCE */
#include <stdlib.h>

static PyObject *parse(PyObject *self, PyObject *args)
{
	const char *text;
	char *end;
	(void)self;
	if (!PyArg_ParseTuple(args, "s", &text))
		return NULL;
	long n = strtol(text, &end, 10);
	return PyLong_FromLong(*text && !*end && n > 0 && n < 65536 ? n : -1);
}

static PyMethodDef methods[] = {
	{ "parse", parse, METH_VARARGS, "Read a port number." },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = { PyModuleDef_HEAD_INIT, "portnum", NULL, -1, methods, NULL, NULL, NULL, NULL };

PyMODINIT_FUNC PyInit_portnum(void)
{
	return PyModule_Create(&module);
}
