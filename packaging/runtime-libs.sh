#!/bin/sh
# Prints what a built binary needs at run time: its size, the shared libraries it names (ELF NEEDED)
# and, on Debian/Ubuntu, the package that provides each of them on this machine.
set -eu
bin=${1:?usage: runtime-libs.sh BINARY}
[ -f "$bin" ] || { echo "runtime-libs.sh: no such file: $bin" >&2; exit 66; }
echo "$bin: $(wc -c <"$bin" | tr -d ' ') bytes"
if command -v objdump >/dev/null 2>&1; then
    needed=$(objdump -p "$bin" | awk '$1 == "NEEDED" { print $2 }')
else
    needed=$(ldd "$bin" | awk '$2 == "=>" { print $1 }')
fi
echo "runtime libraries (NEEDED):"
for lib in $needed; do
    path=$(ldd "$bin" 2>/dev/null | awk -v l="$lib" '$1 == l && $2 == "=>" { print $3; exit }
        $1 ~ ("/" l "$") { print $1; exit }')
    pkg=""
    if [ -n "$path" ] && command -v dpkg >/dev/null 2>&1; then
        pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | cut -d: -f1) || pkg=""
        [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1) || pkg=""
    fi
    echo "  $lib${pkg:+  (Debian package $pkg)}"
done
if command -v objdump >/dev/null 2>&1; then
    versions=$(objdump -T "$bin" | grep -o '(\(GLIBC\|GLIBCXX\|OPENSSL\)_[0-9][0-9.]*' | tr -d '(' | sort -u |
        awk -F_ '{ if (!($1 in best) || system("dpkg --compare-versions " $2 " gt " best[$1] " 2>/dev/null") == 0) best[$1] = $2 }
            END { for (k in best) printf " %s_%s", k, best[k] }')
    echo "newest symbol versions required:$versions"
fi
