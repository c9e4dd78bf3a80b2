/*
 * fserr.c, WRONG: it calls strerror_r the POSIX way, ignores what it returns
 * and reads the message from buf (cleared first, so nothing is left over).
 * On musl that works: musl's only strerror_r is the POSIX one. On glibc,
 * Python.h defines _GNU_SOURCE, which gives the GNU strerror_r: it returns
 * the message (usually a string of glibc's own) and leaves buf alone, so
 * Debian's Python gets an empty reason. The task asks for one source that
 * works with both.
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
	char buf[128] = "";
	(void)self;
	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		close(fd);
		return PyUnicode_FromString("ok");
	}
	strerror_r(errno, buf, sizeof buf); /* POSIX: the message goes into buf */
	return PyUnicode_FromString(buf);
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
