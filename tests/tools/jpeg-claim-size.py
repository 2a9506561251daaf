#!/usr/bin/env python3
"""jpeg-claim-size.py: a copy of a JPEG whose frame header (SOF0) claims
another size, for the bad-file tests and bench (issue 9): a few hundred
bytes that say "20000x20000" must be refused before any pixel is decoded.

    jpeg-claim-size.py IN OUT WIDTH HEIGHT [KEEP_BYTES]

KEEP_BYTES cuts OUT that many bytes past the header (default: all).
"""
import struct
import sys

src, dst, width, height = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
data = bytearray(open(src, "rb").read())
i = 2
while i + 4 <= len(data):
    marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
    if marker == 0xC0:
        data[i + 5:i + 9] = struct.pack(">HH", height, width)
        if len(sys.argv) > 5:
            data = data[:i + int(sys.argv[5])]
        break
    i += 2 + length
else:
    sys.exit("no SOF0 marker in " + src)
open(dst, "wb").write(data)
