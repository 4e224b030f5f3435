#!/usr/bin/env bash
# Builds the vanthu Debian package (unsigned, binary only) from this checkout.
#
#   packaging/build-deb.sh [OUT_DIR] [--version VERSION]
#
# dpkg-buildpackage wants debian/ at the top of the source tree; the checkout keeps it in
# packaging/debian. So the tracked source (git ls-files, plus uncommitted edits) is copied to a
# scratch tree under $VANTHU_DEB_WORK (default /var/tmp/vanthu-deb), packaging/debian is copied
# there as debian/, and dpkg-buildpackage -us -uc -b runs there. The checkout is not touched.
# --version sets the package version in the copy's changelog (the upgrade test builds a second,
# newer package this way). The .deb, .buildinfo and .changes end up in OUT_DIR (default $VANTHU_DEB_WORK/out);
# lintian runs on the result and the script fails on any lintian error.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
out=""
version=""
while [ $# -gt 0 ]; do
    case "$1" in
        --version) version="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) out="$1"; shift ;;
    esac
done
work=${VANTHU_DEB_WORK:-/var/tmp/vanthu-deb}
[ -n "$out" ] || out="$work/out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

work=${VANTHU_DEB_WORK:-/var/tmp/vanthu-deb}
src="$work/vanthu"
rm -rf "$src"
mkdir -p "$src"

# The tracked files as they are in the work tree (committed or not), nothing from build dirs.
(cd "$here" && git ls-files -z --cached --others --exclude-standard) | \
    (cd "$here" && while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done) | \
    (cd "$here" && tar --null -T - -cf -) | (cd "$src" && tar -xf -)
rm -rf "$src/build" "$src/deb-out"
cp -a "$here/packaging/debian" "$src/debian"
# The demo seal and signature images live in the shared folder beside the checkout (not in git).
shared=${VANTHU_SHARED_DIR:-$here/../shared}
mkdir -p "$src/debian/assets"
for f in seal_sample.png signature_sample.png; do
    cp "$shared/assets/$f" "$src/debian/assets/$f" || { echo "build-deb: $shared/assets/$f missing" >&2; exit 1; }
done

if [ -n "$version" ]; then
    (cd "$src" && DEBFULLNAME="vanthu maintainers" DEBEMAIL="vanthu@example.gov.vn" \
        dch --newversion "$version" --distribution bookworm --force-distribution \
        "Rebuild as $version." 2>/dev/null) || {
        # dch (devscripts) is optional: prepend the entry by hand.
        {
            printf 'vanthu (%s) bookworm; urgency=medium\n\n  * Rebuild as %s.\n\n -- vanthu maintainers <vanthu@example.gov.vn>  %s\n\n' \
                "$version" "$version" "$(date -R)"
            cat "$src/debian/changelog"
        } > "$src/debian/changelog.new"
        mv "$src/debian/changelog.new" "$src/debian/changelog"
    }
fi

# ccache across package builds (the scratch path is the same every time).
export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
export CCACHE_BASEDIR="$src"
# This build's own cache hits and misses (the cache itself is shared with other builds).
export CCACHE_STATSLOG="$work/ccache-stats.log"
rm -f "$CCACHE_STATSLOG"
jobs=${VANTHU_DEB_JOBS:-2}

start=$(date +%s)
(cd "$src" && DEB_BUILD_OPTIONS="parallel=$jobs nocheck" dpkg-buildpackage -us -uc -b)
end=$(date +%s)
if [ -s "$CCACHE_STATSLOG" ]; then
    echo "build-deb: ccache for this build:"
    ccache --show-log-stats | grep -E 'Hits|Misses|Cacheable' | sed 's/^/    /' || true
fi

ver=$(cd "$src" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
for f in "$work"/vanthu_"$ver"_"$arch".deb "$work"/vanthu-dbgsym_"$ver"_"$arch".deb \
         "$work"/vanthu_"$ver"_"$arch".buildinfo "$work"/vanthu_"$ver"_"$arch".changes; do
    [ -e "$f" ] && mv -f "$f" "$out/"
done
deb="$out/vanthu_${ver}_${arch}.deb"
[ -e "$deb" ] || { echo "build-deb: no package produced" >&2; exit 1; }
echo "build-deb: $deb ($((end - start)) s)"

if command -v lintian >/dev/null; then
    # Errors fail the build; warnings are printed for the record.
    lintian --fail-on error --suppress-tags no-manual-page "$deb"
    echo "build-deb: lintian: no errors"
else
    echo "build-deb: lintian is not installed (apt-get install lintian)" >&2
    exit 1
fi
