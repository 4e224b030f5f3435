#!/usr/bin/env bash
# Install → run → upgrade → purge of the real .deb in a fresh Debian 12 chroot (debootstrap).
# Slow (package build + chroot + apt downloads), so not part of ctest. Run as root:
#
#   packaging/test-install.sh [--deb OLD.deb --deb2 NEW.deb] [--keep]
#
# Without --deb/--deb2 it builds both packages with packaging/build-deb.sh: the current version and
# the same tree as version <current>+upgradetest1. The minimal bookworm chroot is made once with
# debootstrap into $VANTHU_CHROOT_CACHE (default /var/tmp/vanthu-test/base) and copied for each run;
# apt inside it uses this machine's apt sources (Debian's mirror). Prints PASS/FAIL per step and the
# total time; exit status non-zero on the first failure. --keep leaves the chroot for inspection.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
deb1="" deb2="" keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --deb) deb1=$(realpath "$2"); shift 2 ;;
        --deb2) deb2=$(realpath "$2"); shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "test-install: run as root (chroot, mount)" >&2; exit 2; }
start=$(date +%s)
work=${VANTHU_TEST_WORK:-/var/tmp/vanthu-test}
cache=${VANTHU_CHROOT_CACHE:-$work/base}
root="$work/root"
mkdir -p "$work"

step() { printf '\n=== %s\n' "$*"; }
pass() { printf 'PASS  %s\n' "$*"; }
die() { printf 'FAIL  %s\n' "$*" >&2; exit 1; }

# --- packages
if [ -z "$deb1" ] || [ -z "$deb2" ]; then
    step "building the packages"
    base_version=$(dpkg-parsechangelog -l "$here/packaging/debian/changelog" -S Version)
    "$here/packaging/build-deb.sh" "$work/debs"
    "$here/packaging/build-deb.sh" "$work/debs" --version "${base_version}+upgradetest1"
    arch=$(dpkg --print-architecture)
    deb1="$work/debs/vanthu_${base_version}_${arch}.deb"
    deb2="$work/debs/vanthu_${base_version}+upgradetest1_${arch}.deb"
fi
v1=$(dpkg-deb -f "$deb1" Version)
v2=$(dpkg-deb -f "$deb2" Version)
dpkg --compare-versions "$v2" gt "$v1" || die "$deb2 ($v2) is not newer than $deb1 ($v1)"

# --- chroot
cleanup() {
    for m in "$root/proc" "$root/sys" "$root/dev/pts" "$root/dev"; do
        mountpoint -q "$m" && umount -l "$m" || true
    done
    if [ "$keep" -eq 0 ]; then rm -rf "$root"; fi
}
trap cleanup EXIT
if [ ! -x "$cache/usr/bin/apt-get" ]; then
    step "debootstrap bookworm (once, cached in $cache)"
    rm -rf "$cache"
    debootstrap --variant=minbase bookworm "$cache" http://deb.debian.org/debian
fi
step "fresh chroot"
rm -rf "$root"
cp -a "$cache" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The host's apt sources (bookworm, -updates, -security): the build's shared libraries may be newer
# than bookworm's first release.
rm -f "$root/etc/apt/sources.list"
cp -a /etc/apt/sources.list.d/. "$root/etc/apt/sources.list.d/"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/sources.list"
# No daemons start inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
cp "$deb1" "$deb2" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
as_vanthu() { in_root runuser -u vanthu -- env VANTHU_CONFIG=/etc/vanthu/vanthu.ini "$@"; }
in_root apt-get update -q >/dev/null
pass "chroot ready ($(($(date +%s) - start)) s)"

# --- install
step "install $v1"
in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb1")" > "$work/apt-install.log" 2>&1 \
    || { tail -30 "$work/apt-install.log"; die "apt-get install $deb1"; }
[ "$(in_root dpkg-query -W -f='${Version}' vanthu)" = "$v1" ] || die "vanthu $v1 is not installed"
in_root id -nG vanthu | tr ' ' '\n' | grep -qx scanner || die "vanthu is not in the scanner group"
in_root id -nG vanthu | tr ' ' '\n' | grep -qx lp || die "vanthu is not in the lp group"
[ "$(in_root stat -c %U:%a /var/lib/vanthu)" = "vanthu:750" ] || die "/var/lib/vanthu owner/mode: $(in_root stat -c %U:%a /var/lib/vanthu)"
[ "$(in_root stat -c %U /var/lib/vanthu/vanthu.db)" = "vanthu" ] || die "the register was not created by postinst as vanthu"
in_root dpkg-query -W -f='${Conffiles}\n' vanthu | grep -q '/etc/vanthu/vanthu.ini' || die "/etc/vanthu/vanthu.ini is not a conffile"
for u in vanthu-uplink.service vanthu-backup.timer vanthu-reminders.timer; do
    ls "$root"/etc/systemd/system/*.wants/"$u" >/dev/null 2>&1 || die "$u is not enabled"
done
ls "$root"/etc/systemd/system/*.wants/vanthu-kiosk.service >/dev/null 2>&1 || die "the kiosk is not enabled"
[ -f "$root/usr/share/vanthu/holidays-vn.ini" ] || die "data files missing in /usr/share/vanthu"
pass "installed: user vanthu (scanner, lp), /var/lib/vanthu, conffile, register, units enabled"

# --- the units as installed, with their programs present (systemd and cage added to the chroot)
step "systemd-analyze verify of the installed units"
in_root apt-get install -y -q --no-install-recommends systemd cage > "$work/apt-systemd.log" 2>&1 \
    || { tail -30 "$work/apt-systemd.log"; die "apt-get install systemd cage"; }
verify_out=$(in_root sh -c 'systemd-analyze verify /lib/systemd/system/vanthu-*.service /lib/systemd/system/vanthu-*.timer 2>&1') \
    || { echo "$verify_out"; die "systemd-analyze verify"; }
[ -z "$verify_out" ] || { echo "$verify_out"; die "systemd-analyze verify printed complaints"; }
pass "systemd-analyze verify: all vanthu units clean"

# --- run
step "run"
as_vanthu vanthu status | tee "$work/status.txt"
grep -q '/var/lib/vanthu/vanthu.db' "$work/status.txt" || die "vanthu status does not use /var/lib/vanthu"
as_vanthu vanthu register incoming --received 2026-11-20T09:00:00+07:00 --set number_symbol=12/QĐ-STC \
    --set "issuer=SỞ TÀI CHÍNH" --set issued_date=2026-11-19 --set "subject=V/v thử cài đặt" >/dev/null \
    || die "vanthu register incoming"
in_root runuser -u vanthu -- env VANTHU_CONFIG=/etc/vanthu/vanthu.ini VANTHU_DATA_DIR=/var/lib/vanthu \
    VANTHU_BACKUP_DIR=/var/lib/vanthu/backups VANTHU_BACKUP_KEEP=14 /usr/libexec/vanthu/vanthu-backup-rotate \
    || die "vanthu-backup-rotate"
set +e
as_vanthu vanthu doctor --no-scanner | tee "$work/doctor.txt"
doctor_rc=${PIPESTATUS[0]}
set -e
grep -q '^OK    ocr-vie' "$work/doctor.txt" || die "doctor: Tesseract vie not OK in the installed system"
grep -q '^OK    fonts' "$work/doctor.txt" || die "doctor: fonts not OK in the installed system"
grep -q '^OK    backup' "$work/doctor.txt" || die "doctor: the backup just made is not seen"
grep -q '^OK    register' "$work/doctor.txt" || die "doctor: register"
pass "status, register incoming, backup, doctor (exit $doctor_rc)"

# --- upgrade, with a locally edited conffile
step "upgrade to $v2"
sed -i 's/^name = .*/name = SỞ ĐÃ SỬA TẠI CHỖ/' "$root/etc/vanthu/vanthu.ini"
in_root apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold "/tmp/$(basename "$deb2")" \
    > "$work/apt-upgrade.log" 2>&1 || { tail -30 "$work/apt-upgrade.log"; die "apt-get install $deb2"; }
[ "$(in_root dpkg-query -W -f='${Version}' vanthu)" = "$v2" ] || die "vanthu $v2 is not installed"
grep -q '^name = SỞ ĐÃ SỬA TẠI CHỖ' "$root/etc/vanthu/vanthu.ini" || die "the upgrade overwrote the edited configuration"
as_vanthu vanthu register list --year 2026 | grep -q '12/QĐ-STC' || die "the register lost its entry in the upgrade"
as_vanthu vanthu audit verify >/dev/null || die "audit chain broken after the upgrade"
pass "upgraded; configuration edit kept; register and audit intact"

# --- purge
step "purge"
in_root apt-get purge -y -q vanthu > "$work/apt-purge.log" 2>&1 || { tail -30 "$work/apt-purge.log"; die "apt-get purge"; }
in_root dpkg-query -W -f='${Status}' vanthu 2>/dev/null | grep -q 'installed' && die "vanthu still installed"
[ ! -e "$root/usr/bin/vanthu" ] || die "/usr/bin/vanthu left behind"
[ ! -e "$root/etc/vanthu/vanthu.ini" ] || die "/etc/vanthu/vanthu.ini left after purge"
! ls "$root"/etc/systemd/system/*.wants/vanthu-* >/dev/null 2>&1 || die "unit links left after purge"
[ -f "$root/var/lib/vanthu/vanthu.db" ] || die "purge removed the register (it must be kept)"
pass "purged; package files and configuration gone; the register data kept in /var/lib/vanthu"

printf '\ntest-install: PASS in %d s\n' "$(($(date +%s) - start))"
