#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpus of fuzz_api_sequences (corpus/fuzz_api_sequences):
small programs in the target's encoding, each a meaningful use of the API.
Run it again after changing the encoding in fuzz_api_sequences.c."""
import os
import struct
import sys

# Step codes (the first byte of a step, modulo 20).
USE, ENABLE, DISABLE, IN, OUT, INS, OUTS, READ, WRITE, BATCH = 0, 2, 4, 5, 6, 7, 8, 9, 10, 11
ATTACH, LPT, LOG, RESET, ENV, STRERROR = 13, 14, 15, 16, 17, 18
NAMES = ["mock", "mock", "mock", "mock", "auto", "direct", "devport", "driver", None, "bogus", "MOCK", "", "ppdev"]
ENVS = [None, "", "mock", "auto", "bogus", "driver"]
WIDTH_INDEX = {8: 0, 16: 1, 32: 2, 0: 9, 7: 10, 64: 11, 24: 12, 1: 13, 255: 14}
FAST_WIDTH = {8: 0, 16: 1, 32: 2}
R, W, WAIT, DELAY, MODIFY = 0, 1, 2, 3, 4


def u32(value):
    return list(struct.pack("<I", value & 0xFFFFFFFF))


def port(p):
    """A port: one byte in a window, else 0xC0 and the 16-bit port."""
    for index, base in enumerate((0x0370, 0xFFC0, 0x0000)):
        if base <= p < base + 0x40:
            return [(index << 6) | (p - base)]
    return [0xC0] + list(struct.pack("<H", p))


def rng(first, count):
    """A range as take_range reads it: a window port or any 32-bit first;
    a count below 16, a byte or any 32-bit count."""
    first_mode, first_bytes = (0, port(first)) if first <= 0xFFFF else (3, u32(first))
    if count < 16:
        shape, count_bytes = count << 4, []
    elif count < 256:
        shape, count_bytes = 2 << 2, [count]
    else:
        shape, count_bytes = 3 << 2, u32(count)
    return [shape | first_mode] + first_bytes + count_bytes


def width(w):
    return [WIDTH_INDEX[w]] if w in WIDTH_INDEX else [15] + u32(w)


def value(v, w=32):
    if v < 0x40:
        return [v]
    if w < 32 and v == (1 << w) - 1 or w >= 32 and v == 0xFFFFFFFF:
        return [0x40]
    return [0x80] + u32(v)


def time(t):
    if t < 0xC0:
        return [t]
    if t == 1000000:
        return [0xFE]
    if t == 1000001:
        return [0xFF]
    if t % 1000 == 0 and 1 <= t // 1000 <= 0x30:
        return [0xBF + t // 1000]
    return [0xF0] + u32(t)


def use(name):
    return [USE, NAMES.index(name)]


def enable(first, count):
    return [ENABLE] + rng(first, count)


def disable(first, count):
    return [DISABLE] + rng(first, count)


def fast_in(p, w, macro=False):
    return [IN, FAST_WIDTH[w] | (4 if macro else 0)] + port(p)


def fast_out(p, w, v):
    return [OUT, FAST_WIDTH[w]] + port(p) + value(v, w)


def string(p, w, count, seed=0, into=True, null=False, odd=False):
    choice = FAST_WIDTH[w] | (0x38 if null else 0) | (0x40 if odd else 0)
    return [INS if into else OUTS, choice] + port(p) + [count, seed]


def read(p, w, null=False, macro=False):
    return [READ, (7 if null else 0) | (8 if macro else 0)] + port(p) + width(w)


def write(p, w, v, macro=False):
    return [WRITE, 1 if macro else 0] + port(p) + width(w) + value(v, w)


def op(kind, p=0, w=8, v=0, mask=0, t=0, malform=None):
    """malform: (field index 0..4, value) set after the kind's zeroing."""
    choice = kind if kind in (R, W, WAIT, DELAY, MODIFY) else 7
    out = [choice | (0x80 if malform else 0)]
    if choice == 7:
        out.append(kind)
    out += port(p) + width(w) + value(v, w) + value(mask, w) + time(t)
    if malform:
        out += u32(malform[1] | 1) + [malform[0]]
    return out


def batch(*ops, null=False):
    """The count is the byte modulo 17; NULL ops: its top 3 bits set."""
    count = len(ops)
    choice = next(b for b in range(0xE0, 0x100) if b % 17 == count) if null else count
    return [BATCH, choice] + [b for o in ops for b in o]


def attach(first, count, mode=0, seed=0):
    return [ATTACH] + rng(first, count) + [mode, seed]


def add_lpt(base, no_handle=False):
    return [LPT, 0x10 if no_handle else 0, 0] + port(base)


def lpt(action, argument, index=0):
    """action 1 set_status, 2 set_input, 3 take_printed."""
    return [LPT, (index << 5) | action, argument]


def log(max_mode=2, clear=False):
    return [LOG, max_mode | (0x40 if clear else 0)]


SEEDS = {
    "lpt_print": use("mock") + enable(0x378, 3) + add_lpt(0x378)
    + write(0x378, 8, 0x41) + write(0x37A, 8, 0x0D) + write(0x37A, 8, 0x0C)
    + batch(op(WAIT, 0x379, 8, 0x80, 0x80, 50), op(R, 0x379, 8))
    + lpt(3, 16) + log(),
    "register_file": use("mock") + attach(0x370, 16, 0, 7) + enable(0x370, 16)
    + write(0x370, 8, 0x5A) + write(0x372, 16, 0xBEEF) + write(0x374, 32, 0x12345678)
    + read(0x370, 32) + read(0x373, 16, macro=True) + fast_in(0x371, 8) + fast_out(0x37C, 32, 0xCAFEF00D)
    + fast_in(0x37E, 16, macro=True) + log(),
    "invalid_ranges": use("mock") + enable(0x378, 0) + enable(0x10000, 1) + enable(0xFFFF, 2)
    + enable(0, 0x10001) + disable(0x378, 0) + disable(0xFFFFFFFF, 1) + enable(0xFF00, 0x100)
    + read(0x378, 0) + read(0x378, 7) + read(0x378, 64) + read(0x378, 8, null=True)
    + write(0x378, 8, 0x100) + write(0x378, 16, 0x10000) + read(0xFFFF, 16) + disable(0xFF00, 0x100),
    "not_enabled_edges": use("mock") + enable(0x378, 3) + read(0x37A, 16) + read(0x378, 32)
    + read(0x37A, 8) + fast_in(0x37A, 16) + fast_out(0x37B, 8, 1) + string(0x37B, 8, 4)
    + write(0x379, 16, 0x1234) + disable(0x379, 1) + read(0x378, 16) + log(),
    "batch_every_kind": use("mock") + attach(0x370, 8, 0, 0x10) + enable(0x370, 8)
    + batch(op(W, 0x370, 8, 0x81), op(R, 0x371, 16), op(WAIT, 0x370, 8, 0x01, 0x01, 100),
            op(DELAY, t=250), op(MODIFY, 0x372, 16, 0x0F00, 0xFF00), op(R, 0x370, 32)) + log(),
    "batch_refused": use("mock") + enable(0x378, 3)
    + batch(op(R, 0x378, 8), op(9, 0x378, 8), op(R, 0x300, 8))
    + batch(op(W, 0x378, 8, 1, malform=(3, 0x10)))
    + batch(op(DELAY, t=1000001)) + batch(op(DELAY, t=0)) + batch(op(WAIT, 0x378, 8, 0, 0, 10))
    + batch(op(WAIT, 0x378, 8, 1, 1, 1000001)) + batch(op(W, 0x378, 16, 0x1FFFF))
    + batch(op(R, 0x378, 8), null=True) + batch() + log(),
    "batch_timeout": use("mock") + attach(0x370, 4, 0, 0) + enable(0x370, 4)
    + batch(op(W, 0x370, 8, 0x22), op(WAIT, 0x371, 8, 0x80, 0x80, 200), op(R, 0x370, 8),
            op(W, 0x370, 8, 0x33)) + log() + read(0x370, 8),
    "wait_counting": use("mock") + attach(0x380, 4, 8, 0) + enable(0x380, 4)
    + batch(op(WAIT, 0x380, 8, 0x40, 0xFF, 49000), op(WAIT, 0x381, 16, 0x1000, 0xF000, 5000))
    + log(),
    "backends": use("direct") + enable(0x378, 1) + use("devport") + enable(0x378, 1)
    + use("auto") + enable(0x378, 1) + use("driver") + use(None) + use("bogus") + use("MOCK")
    + use("") + use("mock") + enable(0x378, 1) + use("auto") + disable(0x378, 1) + use("auto")
    + [RESET, 0] + [ENV, ENVS.index("bogus")] + enable(0x378, 1) + [ENV, ENVS.index("driver")]
    + enable(0x378, 1) + [ENV, ENVS.index("mock")] + enable(0x378, 1)
    + [STRERROR] + u32(0xFFFFFFF8) + [STRERROR] + u32(12345),
    "strings": use("mock") + attach(0x370, 8, 0, 1) + add_lpt(0x378) + enable(0x370, 16)
    + string(0x370, 8, 64, 3, into=False) + string(0x370, 16, 17, 4, into=True, odd=True)
    + string(0x374, 32, 5, 9, into=False, odd=True) + string(0x37A, 8, 6, 1, into=False)
    + string(0x379, 8, 8) + string(0x378, 16, 0) + string(0x378, 8, 3, null=True) + log(),
    "top_of_space": use("mock") + enable(0xFFFC, 4) + attach(0xFFF0, 16, 4, 2)
    + read(0xFFFC, 32) + read(0xFFFF, 16) + fast_in(0xFFFF, 32) + write(0xFFFE, 16, 0xABCD)
    + batch(op(R, 0xFFFE, 32)) + batch(op(MODIFY, 0xFFFD, 16, 0x1, 0x8000))
    + add_lpt(0xFFFE) + enable(0, 0x10000) + disable(0xFFF0, 0x10) + log(),
    "mock_reset_midway": use("mock") + attach(0x370, 4) + enable(0x370, 4) + write(0x370, 8, 5)
    + log(1 | 2 << 2, clear=True) + read(0x370, 8) + [RESET, 1] + read(0x370, 8) + fast_in(0x370, 8)
    + enable(0x370, 2) + read(0x370, 16) + add_lpt(0x370) + read(0x372, 8) + log(0),
    "long_waits": use("mock") + attach(0x3A0, 4) + enable(0x3A0, 4)
    + batch(op(WAIT, 0x3A0, 8, 0x1, 0x1, 1000000)) + batch(op(WAIT, 0x3A0, 8, 0x1, 0x1, 700000))
    + read(0x3A0, 8) + log(3),
    "devices_full": use("mock")
    + [b for i in range(31) for b in attach(4 * i, 4)]
    + add_lpt(0x378) + add_lpt(0x3BC) + attach(0x3F0, 2) + enable(0, 0x80) + write(0x7C, 32, 0x1),
}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_api_sequences")
    os.makedirs(folder, exist_ok=True)
    for name, program in SEEDS.items():
        with open(os.path.join(folder, name), "wb") as seed:
            seed.write(bytes(program))


if __name__ == "__main__":
    main()
