#!/bin/sh
# musl-lab: assemble the root filesystem of the offline musl image.
#
# Runs inside the Debian 13 build stage of Dockerfile.offline, after the
# packages are installed and upstream musl is built and staged in $MUSLROOT. Everything the final image contains is put under
# $OUT; the final stage (FROM scratch) copies $OUT to / and nothing else.
#
# The result is a small musl system:
#   /lib/ld-musl-x86_64.so.1          musl's dynamic loader (= musl libc.so)
#   /usr/local/musl/lib               musl libc (libc.so, libc.a, crt*.o,
#                                     musl-gcc.specs), built from upstream
#   /usr/local/musl/include           musl headers
#   /usr/local/musl/bin/musl-gcc      musl's own gcc wrapper
#   /bin/busybox + applet symlinks    the shell and the small commands
#                                     (a musl program, built in the Dockerfile)
#   /usr/bin/gcc, as, ld, make, cmake ... glibc programs from Debian, started
#                                     through a PRIVATE glibc in /opt/gnu
# There is deliberately no /lib64/ld-linux-x86-64.so.2: a glibc binary
# that a learner brings along must fail exactly like on Alpine.
set -eu

# The loader and directory names below are those of x86_64.
if [ "$(dpkg --print-architecture)" != amd64 ]; then
    echo "assemble-rootfs: only amd64 (x86_64) is supported" >&2; exit 1
fi

OUT=${OUT:-/out}
GNU=/opt/gnu                     # private home of the glibc programs
GCCVER=$(gcc -dumpversion | cut -d. -f1)    # 14 on Debian 13
TRIPLE=$(gcc -dumpmachine)                  # x86_64-linux-gnu
MUSLROOT=${MUSLROOT:-/musl-root}  # `make install DESTDIR=` of upstream musl
MUSLDIR=/usr/local/musl/lib
LIBEXEC=/usr/libexec/gcc/$TRIPLE/$GCCVER
GCCLIB=/usr/lib/gcc/$TRIPLE/$GCCVER
LOADER=/lib64/ld-linux-x86-64.so.2

say() { echo "assemble-rootfs: $*"; }

mkdir -p "$OUT"
cd "$OUT"
mkdir -p bin sbin lib etc root tmp lab dev proc sys \
         usr/bin usr/sbin usr/lib usr/include usr/libexec/gcc/$TRIPLE/$GCCVER \
         usr/local/bin usr/local/lib usr/share/misc \
         ".$GNU/bin" ".$GNU/lib"
# /tmp: gcc writes its temporary files there. /lab: learner code, run as an
# arbitrary uid. Both world-writable with the sticky bit, like /tmp anywhere.
chmod 1777 tmp lab
chmod 700 root

# --- 1. musl itself --------------------------------------------------------
say "musl (upstream, from $MUSLROOT)"
if dpkg-query -W -f '${Status}' musl 2>/dev/null | grep -q installed; then
    echo "assemble-rootfs: Debian's musl package is installed; this image uses upstream musl only" >&2; exit 1
fi
# Everything musl's `make install` wrote: /usr/local/musl and the loader
# symlink /lib/ld-musl-x86_64.so.1 -> /usr/local/musl/lib/libc.so (musl's
# loader IS its libc.so).
cp -a "$MUSLROOT/." .
test -e "lib/ld-musl-x86_64.so.1" || test -L "lib/ld-musl-x86_64.so.1"
# Where musl's loader looks for shared libraries (one directory a line):
# musl's built-in default (/lib, /usr/local/lib, /usr/lib), like Alpine.
printf '%s\n' /lib /usr/local/lib /usr/lib > etc/ld-musl-x86_64.path
# musl's ldd is the loader itself, called by the name "ldd".
ln -s /lib/ld-musl-x86_64.so.1 usr/bin/ldd

# --- 2. glibc programs behind a private loader ----------------------------
# wrap WRAPPER_PATH REAL_PROGRAM [SPECS_FILE]
#   copies REAL_PROGRAM to /opt/gnu/bin/<name>.bin and writes a small sh
#   script at WRAPPER_PATH that starts it through /opt/gnu/lib's loader.
#   --argv0 keeps argv[0] = the wrapper's path: gcc finds its own files
#   (cc1, specs, libgcc.a) relative to argv[0].
#   With SPECS_FILE (gcc, cpp) the wrapper appends "-specs SPECS_FILE".
wrap() {
    wpath=$1 real=$2 specs=${3:-}
    name=$(basename "$wpath")
    bin="$GNU/bin/$name.bin"
    [ -e ".$bin" ] || cp -L "$real" ".$bin"
    rm -f ".$wpath"
    if [ -n "$specs" ]; then
        addspecs="# musl's specs file (as musl-gcc uses) makes it build for musl. Add it unless it is
# already there: for -flto gcc runs itself again, options in an @file.
add=yes
for a in \"\$@\"; do
    case \$a in
    *$specs*) add=no ;;
    @*) if [ -r \"\${a#@}\" ] && grep -qF $specs \"\${a#@}\"; then add=no; fi ;;
    esac
done
if [ \$add = yes ]; then set -- \"\$@\" -specs $specs; fi"
    else
        addspecs=
    fi
    cat > ".$wpath" <<EOF
#!/bin/sh
# musl-lab: $name is a glibc program (from Debian). This image has no glibc at
# $LOADER, so it is started through a private glibc in $GNU/lib.
$addspecs
exec $GNU/lib/ld-linux-x86-64.so.2 --library-path $GNU/lib --argv0 "\$0" $bin "\$@"
EOF
    chmod 755 ".$wpath"
}

say "gcc $GCCVER"
# The driver gets the specs file musl's build wrote for its musl-gcc wrapper:
# musl headers, musl crt files, musl libc, and /lib/ld-musl-x86_64.so.1 as
# the program interpreter. So plain `gcc` builds musl programs, as on Alpine.
SPECS=$MUSLDIR/musl-gcc.specs
wrap /usr/bin/gcc /usr/bin/$TRIPLE-gcc-$GCCVER "$SPECS"
wrap /usr/bin/cpp /usr/bin/$TRIPLE-cpp-$GCCVER "$SPECS"
for alias in cc gcc-$GCCVER $TRIPLE-gcc x86_64-linux-musl-gcc; do
    ln -s gcc usr/bin/$alias
done
# musl's own wrapper (a sh script running "${REALGCC:-gcc}" -specs ...).
ln -s /usr/local/musl/bin/musl-gcc usr/bin/musl-gcc
# gcc's own helper programs, wrapped at the paths the driver runs them from.
for p in cc1 collect2 lto-wrapper lto1; do
    wrap "$LIBEXEC/$p" "$LIBEXEC/$p"
done
# The LTO plugin is loaded (dlopen) by ld, a glibc process: keep it as is.
cp -a "$LIBEXEC/liblto_plugin.so" ".$LIBEXEC/"
# gcc's private files: libgcc.a, crtbegin*.o, stddef.h & co. Drop the parts
# that are glibc shared libraries (sanitizers, libgomp, libgcc_s, ...):
# they cannot be used by musl programs.
mkdir -p ".$GCCLIB"
cp -a "$GCCLIB/." ".$GCCLIB/"
( cd ".$GCCLIB" && rm -rf plugin ./*.so ./*.spec libasan* libhwasan* liblsan* \
      libtsan* libubsan* libitm* libgomp* libcc1* libquadmath* )
ln -s "../../../../libexec/gcc/$TRIPLE/$GCCVER/liblto_plugin.so" ".$GCCLIB/liblto_plugin.so"

say "binutils"
for t in addr2line ar as c++filt elfedit nm objcopy objdump ranlib readelf \
         size strings strip; do
    wrap /usr/bin/$t /usr/bin/$TRIPLE-$t
    ln -s $t usr/bin/$TRIPLE-$t
done
wrap /usr/bin/ld /usr/bin/$TRIPLE-ld.bfd
ln -s ld usr/bin/ld.bfd
ln -s ld usr/bin/$TRIPLE-ld
ln -s ld usr/bin/$TRIPLE-ld.bfd

say "make, file"
wrap /usr/bin/make /usr/bin/make
wrap /usr/bin/file /usr/bin/file
# file's magic database (compiled-in path /usr/lib/file/magic.mgc).
mkdir -p usr/lib/file
cp -a /usr/lib/file/magic.mgc usr/lib/file/
ln -s ../../lib/file/magic.mgc usr/share/misc/magic.mgc

# Optional debugging tools: only if the build stage could install them.
if [ -x /usr/bin/strace ]; then
    say "strace"
    wrap /usr/bin/strace /usr/bin/strace
fi
# Python's standard library (for gdb's embedded Python and for meson), once.
PY=$(ls -d /usr/lib/python3.[0-9]* 2>/dev/null | head -n 1)
python_stdlib() {
    [ -d ".$PY" ] && return 0
    mkdir -p ".$PY"
    cp -a "$PY/." ".$PY/"
    ( cd ".$PY" && rm -rf test idlelib tkinter turtledemo ensurepip lib2to3 \
          pydoc_data config-* site-packages dist-packages
      find . -name __pycache__ -prune -exec rm -rf {} + )
}
if [ -x /usr/bin/gdb ]; then
    say "gdb"
    wrap /usr/bin/gdb /usr/bin/gdb
    cp -a /usr/share/gdb usr/share/
    # Debian's gdb embeds Python: it needs Python's standard library.
    python_stdlib
fi

# Build systems real projects use: glibc programs like make, so they run
# here only through the private glibc; what they build is musl (gcc).
say "cmake, ninja, pkg-config, meson"
for t in cmake ctest ninja; do
    wrap /usr/bin/$t /usr/bin/$t
done
# cmake finds its modules from argv[0] (the wrapper keeps it: /usr/bin/cmake).
cp -a /usr/share/cmake-[0-9]* usr/share/
wrap /usr/bin/pkgconf /usr/bin/pkgconf
ln -s pkgconf usr/bin/pkg-config
ln -s pkgconf usr/bin/$TRIPLE-pkg-config
mkdir -p usr/lib/pkgconfig usr/share/pkgconfig
# meson is Python. Its Python is private too, NOT a `python3` on PATH (the
# musl environment has no Python; python-musl adds a musl one):
#   /opt/gnu/py/bin/python3   a wrapper like the others; Python takes its
#                             prefix from argv[0]'s folder: /opt/gnu/py,
#   /opt/gnu/py/lib -> /usr/lib  where the standard library and meson are.
# sys.executable is then the wrapper, which meson runs for its own steps.
python_stdlib
mkdir -p ".$GNU/py/bin"
ln -s /usr/lib ".$GNU/py/lib"
wrap "$GNU/py/bin/python3" "$(readlink -f /usr/bin/python3)"
mkdir -p usr/lib/python3/dist-packages
cp -a /usr/lib/python3/dist-packages/mesonbuild usr/lib/python3/dist-packages/
find usr/lib/python3/dist-packages -name __pycache__ -prune -exec rm -rf {} +
sed "1s|.*|#!$GNU/py/bin/python3|" /usr/bin/meson > usr/bin/meson
chmod 755 usr/bin/meson

# --- 3. the private glibc: every shared library those programs need ------
say "private glibc in $GNU/lib"
cp -L "$LOADER" ".$GNU/lib/ld-linux-x86-64.so.2"
# glibc loads libgcc_s at run time (thread cancellation, backtraces).
cp -L /usr/lib/$TRIPLE/libgcc_s.so.1 ".$GNU/lib/"
{
    ls ".$GNU"/bin/*.bin
    echo "$LIBEXEC/liblto_plugin.so"
    [ -d ".${PY:-/nonexistent}/lib-dynload" ] && ls ".$PY"/lib-dynload/*.so
    true
} | while read -r f; do
    ldd "$f" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'
done | sort -u | while read -r lib; do
    [ -e ".$GNU/lib/$(basename "$lib")" ] || cp -L "$lib" ".$GNU/lib/"
done
# Fail the build now if any library is still missing.
for f in ".$GNU"/bin/*.bin; do
    if "./$GNU/lib/ld-linux-x86-64.so.2" --library-path "./$GNU/lib" --list "$f" \
            | grep -q 'not found'; then
        echo "assemble-rootfs: missing library for $f" >&2; exit 1
    fi
done
cat > ".$GNU/README" <<EOF
This folder is private to the GNU tools of this image (gcc, binutils, make,
file, gdb, strace, cmake, ninja, pkgconf, and meson's Python in py/). They are glibc programs taken from Debian; each one is
started by a wrapper script (for example /usr/bin/gcc) through the loader
$GNU/lib/ld-linux-x86-64.so.2 with --library-path $GNU/lib.
The image itself is a musl system: there is no $LOADER, so any other glibc
program fails with "not found", exactly like on Alpine Linux.
EOF

# --- 4. busybox: the shell and the small commands ------------------------
say "busybox"
# Built with musl in the Dockerfile (why: see there).
BUSYBOX=${BUSYBOX:-/busybox-root/bin/busybox}
cp "$BUSYBOX" bin/busybox
# One symlink per applet at its usual place (bin/sh, usr/bin/timeout, ...),
# except where a real program was installed above (strings).
"$BUSYBOX" --list-full | while read -r applet; do
    [ -e "$applet" ] || [ -L "$applet" ] || ln -s /bin/busybox "$applet"
done

# --- 5. minimal /etc -----------------------------------------------------
# Learner programs run as an arbitrary uid (e.g. 2101) without an entry here.
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' > etc/passwd
printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' > etc/group

say "done: $(du -sh . | cut -f1)"
