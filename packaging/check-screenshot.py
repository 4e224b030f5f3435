#!/usr/bin/env python3
"""Does a screenshot of the kiosk show the kiosk's first screen?

    check-screenshot.py [--drawn] CAPTURE REFERENCE

CAPTURE is what grim took of the running kiosk (PNG or binary PPM), REFERENCE the same screen as the
app renders it itself (docs/screenshots/01-tao-quan-tri.png, from `vanthu-station --screenshots`).
Sizes and font rasterisation differ, but the flat colours of the QML (page background, card,
title) are the same. Passes when the capture is not blank (many colours, no single colour covering
almost everything) and the two most common colours of the reference are among the five most
common colours of the capture. With --drawn, only that the app has drawn: not blank, and the
reference's most common colour (the page background) is the capture's too, whatever the screen.
Prints one summary line; exit 0 = pass, 1 = fail, 2 = unreadable.
Standard library only (zlib), so it runs on any Debian host.
"""
import struct
import sys
import zlib
from collections import Counter


def read_ppm(data):
    # P6 <w> <h> <max>\n<rgb bytes>
    fields, pos = [], 2
    while len(fields) < 3:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(int(data[start:pos]))
    w, h, maxval = fields
    if maxval != 255:
        raise ValueError("only 8-bit PPM")
    pixels = data[pos + 1:pos + 1 + w * h * 3]
    return w, h, 3, pixels


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    out = bytearray(h * stride)
    prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                upleft = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + paeth(left, prev[i], upleft)) & 255
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return w, h, bpp, bytes(out)


def histogram(path):
    with open(path, "rb") as f:
        data = f.read()
    w, h, bpp, pixels = read_ppm(data) if data[:2] == b"P6" else read_png(data)
    counts = Counter(pixels[i:i + 3] for i in range(0, len(pixels), bpp))
    return w, h, counts


def hexcolour(rgb):
    return "#" + rgb.hex()


def main():
    args = sys.argv[1:]
    drawn = bool(args) and args[0] == "--drawn"
    if drawn:
        args = args[1:]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        cw, ch, cap = histogram(args[0])
        _, _, ref = histogram(args[1])
    except (OSError, ValueError, zlib.error, struct.error, TypeError) as e:
        print(f"unreadable: {e}")
        return 2
    total = cw * ch
    top_cap = cap.most_common(5)
    top_ref = [c for c, _ in ref.most_common(2)]
    share = top_cap[0][1] / total if total else 1
    summary = (f"{cw}x{ch}, {len(cap)} colours; most common "
               + ", ".join(f"{hexcolour(c)} {100 * n / total:.0f}%" for c, n in top_cap[:3])
               + f"; reference's {hexcolour(top_ref[0])}, {hexcolour(top_ref[1])}")
    if len(cap) < 20 or share > 0.98:
        print("blank: " + summary)
        return 1
    if drawn:
        if top_cap[0][0] != top_ref[0]:
            print("not the app's background: " + summary)
            return 1
        print("drawn: " + summary)
        return 0
    if not all(c in [k for k, _ in top_cap] for c in top_ref):
        print("not the first screen: " + summary)
        return 1
    print("first screen: " + summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
