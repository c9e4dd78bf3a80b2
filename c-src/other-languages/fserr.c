/*
 * fserr.c: a Python extension that says why a file cannot be opened.
 *   fserr.why("/etc/passwd") -> "ok";  fserr.why("/no/such/file") ->
 *   "No such file or directory"
 * It builds and works on Debian. On Alpine there is no wheel for it, so
 * `pip install` builds it from source, with musl, and the build stops.
 *
 * TASK: change this program so that it builds on musl and gives the same
 * answers. The build line stays as it is.
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
	/* With _GNU_SOURCE, glibc's strerror_r returns the message. */
	char *msg = strerror_r(errno, buf, sizeof buf);
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
