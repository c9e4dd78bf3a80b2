/*
 * WRONG: a cast silences the compiler, but musl's strerror_r still returns
 * an int (0 on success), not the message. (char *)0 is a null pointer, and
 * Python crashes reading a string from it: SIGSEGV on the first error.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h> /* first, as Python asks; it defines _GNU_SOURCE */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static PyObject *why(PyObject *self, PyObject *args)
{
	const char *path;
	char buf[128];
	(void)self;
	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		close(fd);
		return PyUnicode_FromString("ok");
	}
	char *msg = (char *)strerror_r(errno, buf, sizeof buf);
	return PyUnicode_FromString(msg);
}

static PyMethodDef methods[] = {
	{ "why", why, METH_VARARGS, "Why can this file not be opened?" },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = { PyModuleDef_HEAD_INIT, "fserr", NULL, -1, methods, NULL, NULL, NULL, NULL };

PyMODINIT_FUNC PyInit_fserr(void)
{
	return PyModule_Create(&module);
}
