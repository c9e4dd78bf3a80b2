"""wheel-tags.py: which wheels pip would pick, by the tags of each C library.

pip chooses a binary wheel by its platform tag: manylinux_2_XX wheels are
built for glibc >= 2.XX, musllinux_1_Y wheels for musl >= 1.Y. pip gets the
list of tags this interpreter accepts from the packaging library, which
finds the C library by reading the program interpreter (PT_INTERP) of the
Python executable and asking that loader for its version.
"""
import subprocess
import sys

from packaging import _musllinux, tags

accepted = [str(t) for t in tags.sys_tags()]
platforms = sorted({t.split("-")[2] for t in accepted if "linux" in t}, reverse=True)
print("this Python:", sys.executable, "(glibc)")
print("  best tag:", accepted[0])
print("  manylinux platforms accepted:", len([p for p in platforms if p.startswith("manylinux")]))
print("  musllinux platforms accepted:", len([p for p in platforms if p.startswith("musllinux")]))
# Two more kinds every Linux Python accepts, glibc or musl: the bare
# linux_x86_64 tag (a wheel built on this machine; PyPI refuses it) and
# pure-Python wheels (py3-none-any).
print("  also accepted:", " ".join(t for t in ("linux_x86_64", "py3-none-any")
                                  if t in platforms or any(a.endswith(t) for a in accepted)))

# No musl Python here (Alpine's is online only), so ask packaging the same
# question about a program linked against musl: it reads that program's
# interpreter (/lib/ld-musl-x86_64.so.1) and runs it to read musl's version.
subprocess.run(["musl-gcc", "-x", "c", "-o", "musl-linked", "-"],
               input=b"int main(void) { return 0; }\n", check=True)
sys.executable = "./musl-linked"
print("an interpreter linked against musl", _musllinux._get_musl_version(sys.executable))
print("  platforms accepted:", " ".join(_musllinux.platform_tags(["x86_64"])))
