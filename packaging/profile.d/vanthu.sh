# vanthu: the station's configuration for interactive shells (`vanthu status`, `vanthu doctor`).
# The systemd units set the same variable themselves.
if [ -z "${VANTHU_CONFIG:-}" ] && [ -r /etc/vanthu/vanthu.ini ]; then
    VANTHU_CONFIG=/etc/vanthu/vanthu.ini
    export VANTHU_CONFIG
fi
