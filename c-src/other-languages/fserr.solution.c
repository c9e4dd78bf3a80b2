/*
 * fserr.c, solved: strerror, standard C, which has one form on every libc.
 * strerror_r has two: POSIX's returns 0 and writes the message into buf
 * (musl's only form), GNU's returns the message (glibc's under _GNU_SOURCE,
 * which Python.h defines). Code that must build on both uses strerror, or
 * the POSIX form on a libc that gives it.
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
	(void)self;
	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		close(fd);
		return PyUnicode_FromString("ok");
	}
	return PyUnicode_FromString(strerror(errno));
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
