#!/usr/bin/env bash
# Install → run → boot with the kiosk → upgrade → purge of the real .deb in a fresh Debian 12 chroot
# (debootstrap). The boot is `systemd-nspawn -b` of that chroot: the installed vanthu-kiosk.service
# starts cage + vanthu-station (a container has no screen: cage's X11 backend draws into a virtual X
# screen, Xvfb, as if it were the monitor), grim takes a screenshot, and the app is killed to see
# systemd start the kiosk again.
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
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
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
# A failure that does not stop the later steps (they still say what works); the exit status is 1.
failed_later=0
fail_later() { printf 'FAIL  %s\n' "$*" >&2; failed_later=1; }

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
nspawn_pid=""
mount_chroot() {
    mount -t proc proc "$root/proc"
    mount -t sysfs sys "$root/sys"
    mount --bind /dev "$root/dev"
    mount --bind /dev/pts "$root/dev/pts"
}
umount_chroot() {
    for m in "$root/proc" "$root/sys" "$root/dev/pts" "$root/dev"; do
        if mountpoint -q "$m"; then umount -l "$m" || true; fi
    done
}
leader=""
cleanup() {
    if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
        kill "$nspawn_pid" 2>/dev/null || true
        sleep 2
        kill -KILL "$nspawn_pid" 2>/dev/null || true
    fi
    # A systemd-nspawn killed hard leaves the container's systemd (and the kiosk under it) running,
    # reparented to the host's init: seen after an interrupted run. Killing PID 1 of the container
    # ends its whole PID namespace.
    if [ -n "$leader" ] && [ "$(cat "/proc/$leader/comm" 2>/dev/null)" = systemd ]; then
        kill -KILL "$leader" 2>/dev/null || true
    fi
    umount_chroot
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
mount_chroot
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
for p in systemd cage xwayland qt6-wayland qml6-module-qtquick-controls libpam-systemd; do
    in_root dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
        || die "$p did not come with the package's dependencies"
done
# Test tools only (not dependencies): dbus for logind, systemd-sysv for a boot, grim for screenshots,
# xvfb for a screen.
in_root apt-get install -y -q --no-install-recommends dbus systemd-sysv grim xvfb > "$work/apt-systemd.log" 2>&1 \
    || { tail -30 "$work/apt-systemd.log"; die "apt-get install dbus systemd-sysv grim xvfb"; }
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
grep -q '^OK    ocr-openmp' "$work/doctor.txt" || die "doctor: Tesseract's OpenMP regions do not run inline in the packaged binary"
grep -q '^OK    fonts' "$work/doctor.txt" || die "doctor: fonts not OK in the installed system"
grep -q '^OK    backup' "$work/doctor.txt" || die "doctor: the backup just made is not seen"
grep -q '^OK    register' "$work/doctor.txt" || die "doctor: register"
pass "status, register incoming, backup, doctor (exit $doctor_rc)"

# --- boot the installed system: the kiosk unit as shipped, plus a test drop-in for a screenless box
step "boot with systemd-nspawn -b; the kiosk unit starts cage + vanthu-station"
[ -x "$root/usr/bin/vanthu-station" ] || die "/usr/bin/vanthu-station is not in the package"
in_root vanthu-station --help >/dev/null 2>&1 || die "vanthu-station does not start (libraries?)"
# A container has no tty1, DRM or input devices. The only changes to the unit as installed: cage
# draws through its X11 backend into a virtual screen (Xvfb, a test-only unit) with the pixman
# renderer, no tty conditions/handling, stdin from /dev/null.
# Not cage's headless backend: with wlroots 0.15.1 (Debian 12) a headless output stops showing a
# client's new frames once the client stops animating (reproduced with nothing but Qt's `qml` tool
# and a BusyIndicator: grim keeps returning the last animated frame while the window, read through
# Xwayland, has long moved on). The kiosk's first start animates while the station is prepared, so
# a headless boot froze on "Đang chuẩn bị trạm" although the app was at the first screen.
printf '%s\n' '[Unit]' 'Description=virtual screen for the kiosk test' \
    '[Service]' 'ExecStart=/usr/bin/Xvfb :9 -screen 0 1440x900x24 -nolisten tcp' \
    > "$root/etc/systemd/system/vanthu-test-screen.service"
dropin="$root/etc/systemd/system/vanthu-kiosk.service.d"
mkdir -p "$dropin"
printf '%s\n' '[Unit]' 'ConditionPathExists=' 'ConditionPathExists=/usr/bin/vanthu-station' \
    'Requires=vanthu-test-screen.service' 'After=vanthu-test-screen.service' \
    '[Service]' 'Environment=WLR_BACKENDS=x11 DISPLAY=:9 WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman' \
    'ExecStartPre=/bin/sh -c "until [ -S /tmp/.X11-unix/X9 ]; do sleep 0.2; done"' \
    'TTYPath=/dev/console' 'StandardInput=null' 'TTYReset=no' 'TTYVHangup=no' 'TTYVTDisallocate=no' \
    > "$dropin/test-screen.conf"
echo vanthu-test > "$root/etc/hostname"
umount_chroot
systemd-nspawn -q -D "$root" --register=no --keep-unit -b --console=pipe < /dev/null > "$work/nspawn.log" 2>&1 &
nspawn_pid=$!
# The container's PID 1: the child of systemd-nspawn that is systemd (nspawn forks helpers first).
for _ in $(seq 1 60); do
    for c in $(pgrep -P "$nspawn_pid" || true); do
        [ "$(cat "/proc/$c/comm" 2>/dev/null)" = systemd ] && leader=$c
    done
    [ -n "$leader" ] && break
    sleep 1
done
[ -n "$leader" ] || { tail -20 "$work/nspawn.log"; die "systemd-nspawn did not start a container"; }
in_box() { nsenter -t "$leader" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
state=$(timeout 180 nsenter -t "$leader" -a systemctl is-system-running --wait 2>/dev/null || true)
pass "booted: systemd is '$state' ($(($(date +%s) - start)) s)"
in_box systemctl --failed --no-legend --plain > "$work/failed-units.txt" || true
if grep -q 'vanthu' "$work/failed-units.txt"; then cat "$work/failed-units.txt"; die "a vanthu unit failed at boot"; fi
for t in vanthu-backup.timer vanthu-reminders.timer; do
    [ "$(in_box systemctl is-active "$t")" = active ] || die "$t is not active after boot"
done

# The kiosk is enabled for graphical.target, so the boot itself started it.
kiosk_pid() {
    in_box sh -c 'for d in /proc/[0-9]*; do [ "$(cat "$d/comm" 2>/dev/null)" = vanthu-station ] && echo "${d#/proc/}"; done; true' | head -1
}
shot() { # $1 = pid of vanthu-station, $2 = PNG to write: grim as the kiosk user on the kiosk's own display
    local envs
    envs=$(in_box sh -c "tr '\\0' '\\n' < /proc/$1/environ | grep -E '^(XDG_RUNTIME_DIR|WAYLAND_DISPLAY)='") || return 1
    # shellcheck disable=SC2086
    in_box runuser -u vanthu -- env $envs grim -t png - > "$2"
}
check_shot() { python3 "$here/packaging/check-screenshot.py" "$@" "$here/docs/screenshots/01-tao-quan-tri.png"; }
wait_for_kiosk() { # $1 = label, $2 = seconds, $3 = --drawn or nothing; sets app_pid once the check passes
    app_pid=""
    local deadline=$(($(date +%s) + $2))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        app_pid=$(kiosk_pid)
        # shellcheck disable=SC2086
        if [ -n "$app_pid" ] && shot "$app_pid" "$work/kiosk-$1.png" 2>/dev/null \
            && check_shot ${3:-} "$work/kiosk-$1.png" > "$work/kiosk-$1.txt" 2>&1; then
            return 0
        fi
        sleep 2
    done
    return 1
}
kiosk_diagnostics() {
    in_box systemctl status --no-pager vanthu-kiosk.service || true
    in_box journalctl -b --no-pager -u vanthu-kiosk.service | tail -40
}
if ! wait_for_kiosk boot-drawn 120 --drawn; then
    kiosk_diagnostics
    cat "$work/kiosk-boot-drawn.txt" 2>/dev/null || true
    die "the kiosk did not draw its window (see above)"
fi
[ "$(in_box systemctl is-active vanthu-kiosk.service)" = active ] || die "vanthu-kiosk.service is not active"
[ "$(in_box stat -c %U "/proc/$app_pid")" = vanthu ] || die "vanthu-station does not run as vanthu"
cage_pid=$(in_box systemctl show -P MainPID vanthu-kiosk.service)
[ "$(in_box cat "/proc/$cage_pid/comm")" = cage ] || die "the kiosk's main process is not cage"
pass "kiosk up at boot: cage (pid $cage_pid) → vanthu-station (pid $app_pid) as vanthu, window drawn: $(tail -1 "$work/kiosk-boot-drawn.txt")"
# The first start of a fresh station prepares it (demo PKI, SANE, register) and must then show the
# first screen (create the administrator). Two minutes is generous.
if wait_for_kiosk boot 120; then
    pass "first boot reaches the first screen ($work/kiosk-boot.png): $(tail -1 "$work/kiosk-boot.txt")"
else
    fail_later "first boot of a fresh station: the kiosk did not show its first screen in 2 minutes ($work/kiosk-boot.png: $(tail -1 "$work/kiosk-boot.txt"))"
    app_pid=$(kiosk_pid)
fi
restarts=$(in_box systemctl show -P NRestarts vanthu-kiosk.service)

# Kill the application as a crash would: systemd must bring the whole kiosk back.
in_box sh -c "kill -KILL $app_pid"   # the shell builtin: no procps in the chroot
old_pid=$app_pid
for _ in $(seq 1 30); do
    [ "$(in_box systemctl show -P NRestarts vanthu-kiosk.service)" -gt "$restarts" ] && break
    sleep 1
done
[ "$(in_box systemctl show -P NRestarts vanthu-kiosk.service)" -gt "$restarts" ] \
    || die "systemd did not restart the kiosk after vanthu-station was killed"
wait_for_kiosk restart 120 || die "the restarted kiosk did not show its first screen"
[ "$app_pid" != "$old_pid" ] || die "the same vanthu-station process is still there"
in_box journalctl -b --no-pager -u vanthu-kiosk.service > "$work/kiosk-journal.txt" || true
pass "killed vanthu-station (SIGKILL): systemd restarted the kiosk (NRestarts $(in_box systemctl show -P NRestarts vanthu-kiosk.service)), new pid $app_pid, first screen again: $(tail -1 "$work/kiosk-restart.txt")"

# The uplink service runs with nobody logged in (spool transport by default: empties the outbox, exits 0).
[ "$(in_box systemctl show -P ExecMainStatus vanthu-uplink.service)" = 0 ] || die "vanthu-uplink.service did not succeed"
case "$(in_box systemctl is-active vanthu-uplink.service)" in
    active|activating) ;;
    *) die "vanthu-uplink.service is $(in_box systemctl is-active vanthu-uplink.service)" ;;
esac
pass "vanthu-uplink.service ran at boot (exit 0); backup and reminder timers active"

in_box systemctl poweroff || true
for _ in $(seq 1 60); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$nspawn_pid" 2>/dev/null; then kill "$nspawn_pid"; sleep 2; fi
wait "$nspawn_pid" 2>/dev/null || true
nspawn_pid=""
rm -rf "$dropin"
mount_chroot
pass "powered off ($(($(date +%s) - start)) s)"

# --- the register as the first released schema wrote it: the upgrade's postinst must migrate it
# The registers' books, the audit chain, and a checksum of every other data file.
books() { as_vanthu sqlite3 /var/lib/vanthu/vanthu.db 'SELECT * FROM incoming ORDER BY id; SELECT * FROM outgoing ORDER BY id;'; }
audit() { as_vanthu sqlite3 /var/lib/vanthu/vanthu.db 'SELECT seq, hash FROM audit ORDER BY seq;'; }
datafiles() { in_root sh -c 'cd /var/lib/vanthu && find . -type f ! -path "./backups/*" ! -name "vanthu.db*" -exec sha256sum {} + | sort -k2'; }
step "register back to schema 1 (the first release), same data"
# Migration 1 exactly as released: the first R"sql( ... )sql" block of register/src/Schema.cpp
# (released migrations are never edited). The chroot's register is rebuilt with it, table by table
# with the columns schema 1 has, so the upgraded package meets a schema-1 register holding the data.
awk '/R"sql\(/ { n++; if (n == 1) { on = 1; next } } on && /\)sql"/ { exit } on { print }' \
    "$here/register/src/Schema.cpp" > "$root/tmp/schema1.sql"
grep -q 'CREATE TABLE incoming' "$root/tmp/schema1.sql" || die "migration 1 not found in register/src/Schema.cpp"
! grep -q 'CREATE TABLE outbox' "$root/tmp/schema1.sql" || die "migration 1 should predate the outbox"
app_id=$(as_vanthu sqlite3 /var/lib/vanthu/vanthu.db 'PRAGMA application_id;')
as_vanthu sh -c "rm -f /var/lib/vanthu/v1.db && sqlite3 /var/lib/vanthu/v1.db < /tmp/schema1.sql" || die "schema 1 SQL"
as_vanthu sqlite3 /var/lib/vanthu/v1.db "PRAGMA application_id = $app_id; PRAGMA user_version = 1;
    INSERT INTO schema_migrations (version, applied_at, vanthu) VALUES (1, '2026-01-05T08:00:00+07:00', '0.1.0');" \
    || die "schema 1 bookkeeping"
copy="ATTACH '/var/lib/vanthu/vanthu.db' AS cur; PRAGMA foreign_keys = OFF;"
for t in $(as_vanthu sqlite3 /var/lib/vanthu/v1.db "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name;"); do
    cols=$(as_vanthu sqlite3 /var/lib/vanthu/v1.db "SELECT group_concat(name, ', ') FROM pragma_table_info('$t');")
    copy="$copy INSERT INTO main.$t ($cols) SELECT $cols FROM cur.$t;"
done
as_vanthu sqlite3 /var/lib/vanthu/v1.db "$copy" || die "copying the data into the schema 1 register"
books > "$work/books-schema1.txt"
as_vanthu sh -c 'rm -f /var/lib/vanthu/vanthu.db-wal /var/lib/vanthu/vanthu.db-shm && mv /var/lib/vanthu/v1.db /var/lib/vanthu/vanthu.db'
[ "$(as_vanthu sqlite3 /var/lib/vanthu/vanthu.db 'PRAGMA user_version;')" = 1 ] || die "the register is not at schema 1"
pass "register at schema 1 with $(wc -l < "$work/books-schema1.txt") rows"

# --- upgrade, with a locally edited conffile
step "upgrade to $v2"
sed -i 's/^name = .*/name = SỞ ĐÃ SỬA TẠI CHỖ/' "$root/etc/vanthu/vanthu.ini"
in_root apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold "/tmp/$(basename "$deb2")" \
    > "$work/apt-upgrade.log" 2>&1 || { tail -30 "$work/apt-upgrade.log"; die "apt-get install $deb2"; }
[ "$(in_root dpkg-query -W -f='${Version}' vanthu)" = "$v2" ] || die "vanthu $v2 is not installed"
grep -q '^name = SỞ ĐÃ SỬA TẠI CHỖ' "$root/etc/vanthu/vanthu.ini" || die "the upgrade overwrote the edited configuration"
as_vanthu vanthu register list --year 2026 | grep -q '12/QĐ-STC' || die "the register lost its entry in the upgrade"
as_vanthu vanthu audit verify >/dev/null || die "audit chain broken after the upgrade"
# The newest schema is the one the tree the packages were built from declares.
newest=$(sed -n 's/.*kSchemaVersion = \([0-9]*\);.*/\1/p' "$here/register/include/vanthu/register/Register.h")
[ -n "$newest" ] && [ "$newest" -gt 1 ] || die "kSchemaVersion not found in register/include/vanthu/register/Register.h"
[ "$(as_vanthu sqlite3 /var/lib/vanthu/vanthu.db 'PRAGMA user_version;')" = "$newest" ] \
    || die "postinst did not migrate the register to schema $newest"
books | diff -u "$work/books-schema1.txt" - || die "the migration changed the registers' rows"
pass "upgraded; postinst migrated the schema-1 register to $newest keeping every row; configuration edit kept; audit intact"

# What a restore must bring back: the books, the audit chain, and every other data file (the kiosk's
# boot above made some: demo PKI, SANE configuration, procedures), taken just before a backup as the
# timer takes it (the backup then records itself in the live audit log, after its copy).
books > "$work/books-before.txt"
audit > "$work/audit-before.txt"
datafiles > "$work/files-before.txt"
in_root runuser -u vanthu -- env VANTHU_CONFIG=/etc/vanthu/vanthu.ini VANTHU_DATA_DIR=/var/lib/vanthu \
    VANTHU_BACKUP_DIR=/var/lib/vanthu/backups VANTHU_BACKUP_KEEP=14 /usr/libexec/vanthu/vanthu-backup-rotate >/dev/null \
    || die "vanthu-backup-rotate after the upgrade"
last_backup=$(find "$root/var/lib/vanthu/backups" -maxdepth 1 -name 'vanthu-*.db' -printf '%f\n' | sort | tail -1)
last_backup=${last_backup%.db}

# --- purge
step "purge"
in_root apt-get purge -y -q vanthu > "$work/apt-purge.log" 2>&1 || { tail -30 "$work/apt-purge.log"; die "apt-get purge"; }
in_root dpkg-query -W -f='${Status}' vanthu 2>/dev/null | grep -q 'installed' && die "vanthu still installed"
[ ! -e "$root/usr/bin/vanthu" ] || die "/usr/bin/vanthu left behind"
[ ! -e "$root/etc/vanthu/vanthu.ini" ] || die "/etc/vanthu/vanthu.ini left after purge"
! ls "$root"/etc/systemd/system/*.wants/vanthu-* >/dev/null 2>&1 || die "unit links left after purge"
[ -f "$root/var/lib/vanthu/vanthu.db" ] || die "purge removed the register (it must be kept)"
pass "purged; package files and configuration gone; the register data kept in /var/lib/vanthu"

# --- a fresh install on a station whose data are gone, then the README's restore procedure
step "fresh install + restore of the last backup"
mv "$root/var/lib/vanthu" "$root/var/lib/vanthu.purged"
in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb2")" > "$work/apt-reinstall.log" 2>&1 \
    || { tail -30 "$work/apt-reinstall.log"; die "apt-get install $deb2 (fresh)"; }
! as_vanthu vanthu register list --year 2026 | grep -q '12/QĐ-STC' || die "the fresh install is not empty"
# As if from a USB disk: the two files of the backup, readable by the station user.
cp "$root/var/lib/vanthu.purged/backups/$last_backup.db" "$root/var/lib/vanthu.purged/backups/$last_backup.files.tar" "$root/tmp/"
chmod 0644 "$root/tmp/$last_backup.db" "$root/tmp/$last_backup.files.tar"
as_vanthu vanthu restore "/tmp/$last_backup.db" > "$work/restore.txt" 2>&1 || { cat "$work/restore.txt"; die "vanthu restore"; }
in_root runuser -u vanthu -- tar -xf "/tmp/$last_backup.files.tar" -C /var/lib/vanthu || die "tar -xf the files backup"
as_vanthu vanthu audit verify >/dev/null || die "audit chain broken after the restore"
books > "$work/books-after.txt"
audit > "$work/audit-after.txt"
datafiles > "$work/files-after.txt"
diff -u "$work/books-before.txt" "$work/books-after.txt" || die "the restored registers differ from the backed-up ones"
diff -u "$work/files-before.txt" "$work/files-after.txt" || die "the restored data files differ from the backed-up ones"
# The restore appends its own audit entry: the backed-up chain must be the start of the restored one.
head -n "$(wc -l < "$work/audit-before.txt")" "$work/audit-after.txt" | diff -u "$work/audit-before.txt" - \
    || die "the restored audit chain does not start with the backed-up one"
pass "fresh install restored from $last_backup: registers identical ($(wc -l < "$work/books-after.txt") rows), audit chain kept ($(wc -l < "$work/audit-before.txt") entries), $(wc -l < "$work/files-after.txt") data files identical"

if [ "$failed_later" -ne 0 ]; then
    printf '\ntest-install: FAIL (see the FAIL lines above) in %d s\n' "$(($(date +%s) - start))"
    exit 1
fi
printf '\ntest-install: PASS in %d s\n' "$(($(date +%s) - start))"
