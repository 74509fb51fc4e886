#!/usr/bin/env python3
"""Verify a ModelRegistry export without the registry's code.

This is the auditor's side of docs/VERIFYING.md, written from that page and from README.md ("The ledger and its
hash chain") alone.  It uses the Python 3 standard library only: SHA-256 comes from hashlib, and Ed25519 signature
verification is implemented below in pure Python after RFC 8032 (section 5.1, in the style of the reference code
in section 6), so that nothing outside this file has to be trusted or installed.

Usage:

    python3 tools/verify_log.py EXPORT.jsonl [--checkpoint CHECKPOINT.json] [--public-key BASE64] [--json]

The export's header line says what it is:

* ``modelreg-events/1`` (an events export, VERIFYING.md section 4): every event line is checked in position order
  (position, link to the previous hash, recomputed hash, time order), then the signed checkpoint on the last line
  (signature, inclusion proof of the last position, consistency with the previous checkpoint).  With
  ``--checkpoint`` an earlier published checkpoint must also agree with the export's first tree_size hashes.
* ``modelreg-predictions/1`` (a decision log, section 5): the checkpoint after the header, then every sealed batch
  as it is read (seal event hash, what the seal names, leaf indexes, Merkle root of the leaves, the seal's inclusion
  proof in the checkpoint), then the end line that counts them.

Checking stops at the first problem.  Output and exit status:

    ok: <N> events, positions F…T, head <hex of the hash of position T>                      exit 0
    ok: <B> batches, <P> predictions, head <hex of the checkpoint's root>                   exit 0
    BAD at position <p>: <problem> — <detail>                                                exit 1
    BAD in batch <batch_id> (seal position <p>): <problem> — <detail>                       exit 1
    error: <message>        (on stderr: unreadable file, no header, unknown format, bad --checkpoint file)  exit 2

``--json`` prints one JSON object instead (keys: ok, format, checked, first_position, last_position, head_hash,
bad_position, batch_id, problem, detail, batches, predictions).  ``--public-key`` pins the registry's Ed25519 key
(base64 of the raw 32 bytes): without it the key named inside each checkpoint is believed, which proves only that
the export is internally consistent, not who signed it.

The module also serves as a library: ``event_hash``, ``merkle_root``, ``verify_inclusion``, ``verify_consistency``,
``ed25519_verify`` (and ``ed25519_sign`` / ``ed25519_public_key``, used by the tests to make fixtures).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import re
import struct
import sys
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, BinaryIO, Iterable, Optional, Sequence

EVENTS_FORMAT = "modelreg-events/1"
PREDICTIONS_FORMAT = "modelreg-predictions/1"
CHECKPOINT_MAGIC = "modelreg-checkpoint/v1"
SEAL_EVENT_TYPE = "PredictionBatchSealed"
ZERO_HASH = bytes(32)

# --------------------------------------------------------------------------------------------------------------------
# The event hash (README.md, "The ledger and its hash chain"; VERIFYING.md section 1)
# --------------------------------------------------------------------------------------------------------------------


def int8(n: int) -> bytes:
    """n as 8 bytes, big-endian two's complement (struct raises for values outside a signed 64-bit integer)."""
    return struct.pack(">q", n)


def field(s: str) -> bytes:
    """The UTF-8 length as 4 bytes big-endian, then the UTF-8 bytes: the length prefix keeps fields from running
    into each other, so ("ab", "c") and ("a", "bc") hash differently."""
    b = s.encode("utf-8")
    return struct.pack(">I", len(b)) + b


def event_hash(prev: bytes, pos: int, eid: str, stream: str, ver: int, typ: str, rec_us: int, eff_us: int,
               actor: str, data: str, meta: str) -> bytes:
    """SHA-256 of one ledger row, exactly the README's formula (same argument order as its Python snippet).

    ``data`` and ``meta`` are the stored JSON texts, hashed byte for byte: never re-serialise them, since any
    difference in spacing or key order would change the hash."""
    return hashlib.sha256(prev + int8(pos) + field(eid) + field(stream) + int8(ver) + field(typ) + int8(rec_us)
                          + int8(eff_us) + field(actor) + field(data) + field(meta)).digest()


# --------------------------------------------------------------------------------------------------------------------
# Times: RFC 3339 UTC with exactly six fractional digits -> integer microseconds since the Unix epoch
# --------------------------------------------------------------------------------------------------------------------

# re.ASCII: without it \d would also accept non-ASCII digits such as "٣".
_TIME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z", re.ASCII)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_time_us(text: str) -> int:
    """``2026-11-27T09:00:00.000000Z`` -> microseconds since 1970-01-01T00:00:00Z.

    Only the exact form the registry writes is accepted (the checkpoint signature covers the text itself).  The
    arithmetic is on integers (timedelta days/seconds/microseconds), never floats, so no microsecond is lost."""
    m = _TIME_RE.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise ValueError(f"{text!r} is not RFC 3339 UTC with six fractional digits and Z")
    year, month, day, hour, minute, second, micro = (int(g) for g in m.groups())
    try:
        moment = datetime(year, month, day, hour, minute, second, micro, tzinfo=timezone.utc)
    except ValueError as e:  # e.g. month 13, February 30, second 60
        raise ValueError(f"{text!r} is not a valid time ({e})") from None
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


# --------------------------------------------------------------------------------------------------------------------
# RFC 6962 Merkle tree (VERIFYING.md section 2), proofs verified as in RFC 9162 sections 2.1.3.2 and 2.1.4.2
# --------------------------------------------------------------------------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 ‖ data).  The 0x00/0x01 prefixes keep a leaf from ever being mistaken for an inner node."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of RFC 6962 section 2.1 over the leaf *inputs* (each is hashed with leaf_hash here).

    Computed bottom-up rather than by the recursive definition: pairing neighbours level by level and carrying an
    odd last node up unchanged gives the same tree (the left subtree is always the largest power of two), in O(n)
    time and without recursion depth limits on large ledgers."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = [leaf_hash(x) for x in leaves]
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def root_from_inclusion(leaf: bytes, leaf_index: int, tree_size: int, path: Sequence[bytes]) -> Optional[bytes]:
    """The root an audit path leads to from the leaf *hash* ``leaf``, or None when the path cannot fit the tree
    (RFC 9162 section 2.1.3.2, steps 1-6)."""
    if not 0 <= leaf_index < tree_size:
        return None
    fn, sn, r = leaf_index, tree_size - 1, leaf
    for p in path:
        if len(p) != 32 or sn == 0:  # a path longer than the tree is tall
            return None
        if fn & 1 or fn == sn:  # p is a left sibling (or we are the last node of a level and move up past it)
            r = node_hash(p, r)
            if not fn & 1:  # climb past the levels where this node has no right sibling
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:  # the path was too short to reach the root
        return None
    return r


def verify_inclusion(leaf: bytes, leaf_index: int, tree_size: int, path: Sequence[bytes], root: bytes) -> bool:
    """True when ``path`` proves that the leaf hash ``leaf`` (= leaf_hash(data)) is leaf ``leaf_index`` (0-based) of
    the tree of ``tree_size`` leaves whose root is ``root`` (RFC 9162 section 2.1.3.2)."""
    got = root_from_inclusion(leaf, leaf_index, tree_size, path)
    return got is not None and got == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """True when ``proof`` shows the tree of ``first`` leaves (root ``first_root``) is a prefix of the tree of
    ``second`` leaves (root ``second_root``): RFC 9162 section 2.1.4.2, with its conventions for the trivial
    cases (equal sizes: empty proof and equal roots; first = 0: empty proof, nothing else to check)."""
    if not 0 <= first <= second:
        return False  # a head that shrank is never consistent
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof or any(len(c) != 32 for c in proof):
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # first is a power of two: its whole tree is a node of the second tree
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:  # skip the levels where the first tree's last node is a right child
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)  # a node only the second tree has
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# --------------------------------------------------------------------------------------------------------------------
# Ed25519 (RFC 8032 section 5.1), pure Python after the reference implementation of section 6.
# Not constant-time: fine for verifying public data; the signer exists only to build test fixtures.
# --------------------------------------------------------------------------------------------------------------------

_P = 2 ** 255 - 19  # the field prime
_L = 2 ** 252 + 27742317777372353535851937790883648493  # the order of the base point
_D = -121665 * pow(121666, _P - 2, _P) % _P  # curve constant d = -121665/121666
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)  # a square root of -1 mod p


def _sha512_int(data: bytes) -> int:
    return int.from_bytes(hashlib.sha512(data).digest(), "little")


# Points are kept in extended homogeneous coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, x*y = T/Z, so additions
# need no field inversion.  This addition formula is complete on the curve, so it also doubles.
def _point_add(p: tuple, q: tuple) -> tuple:
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _point_mul(s: int, p: tuple) -> tuple:
    q = (0, 1, 1, 0)  # the neutral element
    while s > 0:
        if s & 1:
            q = _point_add(q, p)
        p = _point_add(p, p)
        s >>= 1
    return q


def _point_equal(p: tuple, q: tuple) -> bool:
    # x1/z1 == x2/z2 and y1/z1 == y2/z2, cross-multiplied to avoid inversions
    return (p[0] * q[2] - q[0] * p[2]) % _P == 0 and (p[1] * q[2] - q[1] * p[2]) % _P == 0


def _recover_x(y: int, sign: int) -> Optional[int]:
    """RFC 8032 section 5.1.3, steps 1-4; None where decoding must fail."""
    if y >= _P:  # non-canonical encodings of y are rejected
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0  # x = 0 has no negative: sign bit 1 is invalid
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None  # not a square: no point with this y
    if (x & 1) != sign:
        x = _P - x
    return x


_G_Y = 4 * pow(5, _P - 2, _P) % _P
_G_X = _recover_x(_G_Y, 0)
_G = (_G_X, _G_Y, 1, _G_X * _G_Y % _P)  # the base point B


def _point_compress(p: tuple) -> bytes:
    zinv = pow(p[2], _P - 2, _P)
    x, y = p[0] * zinv % _P, p[1] * zinv % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _point_decompress(s: bytes) -> Optional[tuple]:
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % _P)


def _secret_expand(seed: bytes) -> tuple[int, bytes]:
    if len(seed) != 32:
        raise ValueError("an Ed25519 private key (seed) is 32 bytes")
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8  # clear the low three bits (cofactor) and bit 255
    a |= 1 << 254
    return a, h[32:]


def ed25519_public_key(seed: bytes) -> bytes:
    """The 32-byte public key of a 32-byte private key (RFC 8032 section 5.1.5)."""
    a, _ = _secret_expand(seed)
    return _point_compress(_point_mul(a, _G))


def ed25519_sign(seed: bytes, message: bytes) -> bytes:
    """A 64-byte signature (RFC 8032 section 5.1.6).  Used by the tests to make fixtures; verification never signs."""
    a, prefix = _secret_expand(seed)
    public = _point_compress(_point_mul(a, _G))
    r = _sha512_int(prefix + message) % _L
    r_enc = _point_compress(_point_mul(r, _G))
    k = _sha512_int(r_enc + public + message) % _L
    return r_enc + ((r + k * a) % _L).to_bytes(32, "little")


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``message`` under ``public`` (RFC 8032 5.1.7).

    Both points must decode canonically and S must be below L (which rules out the malleable twin signature
    S + L); the check is [S]B = R + [k]A, as in the RFC's reference code."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a_point = _point_decompress(public)
    r_point = _point_decompress(signature[:32])
    if a_point is None or r_point is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    k = _sha512_int(signature[:32] + public + message) % _L
    return _point_equal(_point_mul(s, _G), _point_add(r_point, _point_mul(k, a_point)))


# --------------------------------------------------------------------------------------------------------------------
# Checkpoints (VERIFYING.md section 3)
# --------------------------------------------------------------------------------------------------------------------

_HEX64_RE = re.compile(r"[0-9a-f]{64}", re.ASCII)
_HEX16_RE = re.compile(r"[0-9a-f]{16}", re.ASCII)


def parse_hash(value: Any, what: str) -> bytes:
    """A 32-byte hash written as 64 lowercase hex digits.  Lowercase only, as the checkpoint layout writes it: one
    spelling per value means a changed byte is always a changed value."""
    if not isinstance(value, str) or not _HEX64_RE.fullmatch(value):
        raise ValueError(f"{what} is not 64 lowercase hex digits")
    return bytes.fromhex(value)


def _parse_b64(value: Any, size: int, what: str) -> bytes:
    """Strict standard base64 of exactly ``size`` bytes; non-canonical spellings (stray bits in the last character,
    missing padding) are refused for the same reason as upper-case hex."""
    if not isinstance(value, str):
        raise ValueError(f"{what} is not a base64 string")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is not valid base64") from None
    if base64.b64encode(raw).decode("ascii") != value:
        raise ValueError(f"{what} is not canonical base64")
    if len(raw) != size:
        raise ValueError(f"{what} holds {len(raw)} bytes, not {size}")
    return raw


def _is_int(v: Any) -> bool:
    return type(v) is int  # bool is a subclass of int in Python; true/false are not numbers here


@dataclass(frozen=True)
class Checkpoint:
    tree_size: int
    root: bytes
    recorded_at: str
    key_id: str
    public_key: bytes
    signature: bytes

    def message(self) -> bytes:
        return checkpoint_message(self.tree_size, self.root, self.recorded_at)

    def describe(self) -> str:
        return f"tree_size {self.tree_size}, root {self.root.hex()}"


def checkpoint_message(tree_size: int, root: bytes, recorded_at: str) -> bytes:
    """The exact bytes a checkpoint signs: four lines, each ending in a newline."""
    return f"{CHECKPOINT_MAGIC}\n{tree_size}\n{root.hex()}\n{recorded_at}\n".encode("utf-8")


def key_id_of(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


def parse_checkpoint(obj: Any) -> Checkpoint:
    """A checkpoint object as in section 3; ValueError names the first field that is wrong."""
    if not isinstance(obj, dict):
        raise ValueError("the checkpoint is not a JSON object")
    for name in ("tree_size", "root_hash", "recorded_at", "key_id", "public_key", "signature"):
        if name not in obj:
            raise ValueError(f"the checkpoint has no {name}")
    size = obj["tree_size"]
    if not _is_int(size) or not 0 <= size < 2 ** 63:
        raise ValueError("tree_size is not a non-negative integer")
    root = parse_hash(obj["root_hash"], "root_hash")
    parse_time_us(obj["recorded_at"])  # the signed text must be a well-formed time
    key_id = obj["key_id"]
    if not isinstance(key_id, str) or not _HEX16_RE.fullmatch(key_id):
        raise ValueError("key_id is not 16 lowercase hex digits")
    public = _parse_b64(obj["public_key"], 32, "public_key")
    signature = _parse_b64(obj["signature"], 64, "signature")
    return Checkpoint(size, root, obj["recorded_at"], key_id, public, signature)


def checkpoint_signature_problem(cp: Checkpoint, pinned_key: Optional[bytes] = None) -> Optional[str]:
    """None when the checkpoint is signed as section 3 says (and by the pinned key, if one is given); otherwise
    why not."""
    if key_id_of(cp.public_key) != cp.key_id:
        return f"key_id {cp.key_id} is not the key's ({key_id_of(cp.public_key)})"
    if pinned_key is not None and cp.public_key != pinned_key:
        return f"signed by key {cp.key_id}, not by the pinned key {key_id_of(pinned_key)}"
    if not ed25519_verify(cp.public_key, cp.message(), cp.signature):
        return f"the signature of the checkpoint ({cp.describe()}) does not verify"
    return None


# --------------------------------------------------------------------------------------------------------------------
# Reading JSON Lines
# --------------------------------------------------------------------------------------------------------------------


class InputError(Exception):
    """Input that cannot be judged at all (no file, no header, unknown format, bad --checkpoint file): exit 2."""


class Problem(Exception):
    """A verification problem: exit 1.  ``position`` is the ledger position it is reported at (for decision logs
    the seal's position), ``batch_id`` the batch (decision logs), ``line`` the 1-based line number if known."""

    def __init__(self, problem: str, detail: str, position: Optional[int] = None,
                 batch_id: Optional[str] = None, line: Optional[int] = None):
        super().__init__(f"{problem}: {detail}")
        self.problem, self.detail, self.position, self.batch_id, self.line = problem, detail, position, batch_id, line


@dataclass
class Line:
    number: int
    obj: Optional[dict]  # None when the line could not be read as a JSON object with a "record"
    error: Optional[str] = None

    @property
    def record(self) -> Optional[str]:
        return self.obj["record"] if self.obj is not None else None


def _no_duplicate_keys(pairs: list) -> dict:
    # json.loads would silently keep the last of two equal keys; an export never repeats one.
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise ValueError(f"duplicate key {k!r}")
        obj[k] = v
    return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(text: str) -> Any:
    """Strict JSON: no NaN/Infinity, no repeated keys."""
    return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant)


def _parse_line(number: int, raw: bytes) -> Line:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Line(number, None, f"line {number} is not valid UTF-8")
    try:
        obj = parse_json(text)
    except ValueError as e:
        reason = f"{e.msg} at column {e.colno}" if isinstance(e, json.JSONDecodeError) else str(e)
        return Line(number, None, f"line {number} is not valid JSON ({reason})")
    if not isinstance(obj, dict):
        return Line(number, None, f"line {number} is not a JSON object")
    if not isinstance(obj.get("record"), str):
        return Line(number, None, f"line {number} has no \"record\" field")
    return Line(number, obj)


class LineReader:
    """Reads an export one line at a time with one line of lookahead (for missing_position vs reordered), so
    exports larger than memory can be checked.  Blank lines at the very end are tolerated (an editor's trailing
    newline); a blank line with content after it is a malformed line."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self._number = 0
        self._pending: deque = deque()  # raw lines read ahead while looking past a blank line
        self._peeked: Optional[Line] = None
        self._has_peeked = False

    def _raw(self) -> Optional[tuple[int, bytes]]:
        if self._pending:
            return self._pending.popleft()
        raw = self._stream.readline()
        if not raw:
            return None
        self._number += 1
        return self._number, raw

    def _read(self) -> Optional[Line]:
        item = self._raw()
        if item is None:
            return None
        number, raw = item
        if raw.strip():
            return _parse_line(number, raw)
        # A blank line: look ahead for content.
        while True:
            nxt = self._raw()
            if nxt is None:
                return None  # only blank lines remained
            if nxt[1].strip():
                self._pending.appendleft(nxt)
                return Line(number, None, f"line {number} is blank")

    def next(self) -> Optional[Line]:
        if self._has_peeked:
            self._has_peeked = False
            line, self._peeked = self._peeked, None
            return line
        return self._read()

    def peek(self) -> Optional[Line]:
        if not self._has_peeked:
            self._peeked = self._read()
            self._has_peeked = True
        return self._peeked


# --------------------------------------------------------------------------------------------------------------------
# Event lines
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    position: int
    event_id: str
    stream: str
    stream_version: int
    type: str
    recorded_at: str
    recorded_us: int
    effective_us: int
    actor: str
    data: str
    metadata: str
    prev_hash: bytes
    hash: bytes

    def computed_hash(self) -> bytes:
        return event_hash(self.prev_hash, self.position, self.event_id, self.stream, self.stream_version, self.type,
                          self.recorded_us, self.effective_us, self.actor, self.data, self.metadata)


_EVENT_TEXT_FIELDS = ("event_id", "stream", "type", "actor", "data", "metadata")


def parse_event(obj: dict) -> Event:
    """The fields of an event line (or of a batch's seal); ValueError names the first one that is missing or
    unusable.  Every field is required: a renamed key must not pass as an absent optional one."""
    for name in ("position", "event_id", "stream", "stream_version", "type", "recorded_at", "effective_at",
                 "actor", "data", "metadata", "prev_hash", "hash"):
        if name not in obj:
            raise ValueError(f"no {name} field")
    for name in ("position", "stream_version"):
        v = obj[name]
        if not _is_int(v) or not -2 ** 63 <= v < 2 ** 63:
            raise ValueError(f"{name} is not a 64-bit integer")
    if obj["position"] < 1:
        raise ValueError("position is below 1")
    for name in _EVENT_TEXT_FIELDS:
        v = obj[name]
        if not isinstance(v, str):
            raise ValueError(f"{name} is not a string")
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate escape such as "\ud800" has no UTF-8 form
            raise ValueError(f"{name} is not valid Unicode text") from None
    times = {}
    for name in ("recorded_at", "effective_at"):
        times[name] = parse_time_us(obj[name])
    return Event(obj["position"], obj["event_id"], obj["stream"], obj["stream_version"], obj["type"],
                 obj["recorded_at"], times["recorded_at"], times["effective_at"], obj["actor"], obj["data"],
                 obj["metadata"], parse_hash(obj["prev_hash"], "prev_hash"), parse_hash(obj["hash"], "hash"))


def _parse_proof(value: Any, what: str) -> list[bytes]:
    if not isinstance(value, list):
        raise ValueError(f"{what} is not a list")
    return [parse_hash(h, f"{what}[{i}]") for i, h in enumerate(value)]


# --------------------------------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class Report:
    ok: bool
    format: Optional[str]
    checked: int = 0
    first_position: Optional[int] = None
    last_position: Optional[int] = None
    head_hash: Optional[str] = None
    bad_position: Optional[int] = None
    batch_id: Optional[str] = None
    problem: Optional[str] = None
    detail: Optional[str] = None
    batches: Optional[int] = None
    predictions: Optional[int] = None
    line: Optional[int] = None  # where a decision-log problem outside any batch was found (text output only)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def as_json(self) -> dict:
        return {"ok": self.ok, "format": self.format, "checked": self.checked,
                "first_position": self.first_position, "last_position": self.last_position,
                "head_hash": self.head_hash, "bad_position": self.bad_position, "batch_id": self.batch_id,
                "problem": self.problem, "detail": self.detail, "batches": self.batches,
                "predictions": self.predictions}

    def text(self) -> str:
        head = self.head_hash if self.head_hash is not None else "none"
        if self.ok and self.format == EVENTS_FORMAT:
            return f"ok: {self.checked} events, positions {self.first_position}…{self.last_position}, head {head}"
        if self.ok:
            return f"ok: {self.batches} batches, {self.predictions} predictions, head {head}"
        if self.format == EVENTS_FORMAT:
            return f"BAD at position {self.bad_position}: {self.problem} — {self.detail}"
        if self.batch_id is not None:
            return f"BAD in batch {self.batch_id} (seal position {self.bad_position}): {self.problem} — {self.detail}"
        return f"BAD at line {self.line}: {self.problem} — {self.detail}"


# --------------------------------------------------------------------------------------------------------------------
# Events export (VERIFYING.md section 4)
# --------------------------------------------------------------------------------------------------------------------


def _header_position(header: dict, name: str) -> int:
    v = header.get(name)
    if not _is_int(v) or not -2 ** 63 <= v < 2 ** 63:
        raise InputError(f"the header's {name} is not an integer")
    return v


def _verify_events(header: dict, lines: LineReader, reference: Optional[Checkpoint],
                   pinned_key: Optional[bytes]) -> Report:
    first = _header_position(header, "from_position")
    last = _header_position(header, "to_position")
    if first < 1:
        raise InputError("the header's from_position is below 1")
    count = max(0, last - first + 1)
    report = Report(ok=False, format=EVENTS_FORMAT, first_position=first, last_position=last)

    # --checkpoint compares a root over positions 1 … m, so the export must hold all of them.
    if reference is not None and reference.tree_size > 0 and (first != 1 or last < reference.tree_size):
        raise InputError(f"the export (positions {first}…{last}) does not cover the checkpoint of tree_size "
                         f"{reference.tree_size}: it needs positions 1…{reference.tree_size}")
    kept: list[bytes] = []  # the first m hashes, only when --checkpoint needs them

    def bad(problem: str, detail: str, position: int) -> Report:
        report.problem, report.detail, report.bad_position = problem, detail, position
        return report

    # Before position 1 the chain starts from zeros; an export starting later cannot see its predecessor, whose hash
    # the inclusion proof of T vouches for anyway (each hash covers the one before it).
    prev_hash: Optional[bytes] = ZERO_HASH if first == 1 else None
    prev_recorded: Optional[tuple[int, str]] = None
    head: Optional[bytes] = None

    for expected in range(first, last + 1):
        line = lines.next()
        if line is not None and line.error is not None:
            return bad("malformed_line", line.error, expected)
        if line is not None and line.record == "event" and not _is_int(line.obj.get("position")):
            return bad("malformed_line", f"line {line.number}: position is missing or not an integer", expected)
        if line is None or line.record != "event" or line.obj["position"] != expected:
            # The expected position is not here.  One line of lookahead tells a swap from a gap (section 4's table).
            nxt = lines.peek() if line is not None else None
            if nxt is not None and nxt.obj is not None and nxt.record == "event" \
                    and _is_int(nxt.obj.get("position")) and nxt.obj["position"] == expected:
                found = line.obj.get("position")
                return bad("reordered", f"position {expected} comes one line late, after position {found} "
                                        f"(line {line.number})", expected)
            if line is None:
                found = "the export ends"
            elif line.record == "event":
                found = f"line {line.number} holds position {line.obj.get('position')!r}"
            else:
                found = f"line {line.number} is a {line.record!r} line"
            return bad("missing_position", f"expected position {expected} (the header runs to {last}); {found}, "
                                           f"and the line after it does not hold {expected} either", expected)
        try:
            ev = parse_event(line.obj)
        except ValueError as e:
            return bad("malformed_line", f"line {line.number}: {e}", expected)

        if prev_hash is not None and ev.prev_hash != prev_hash:
            return bad("broken_link", f"prev_hash {ev.prev_hash.hex()} is not "
                       + ("32 zero bytes" if expected == 1 else f"the hash of position {expected - 1} "
                                                                 f"({prev_hash.hex()})"), expected)
        computed = ev.computed_hash()
        if computed != ev.hash:
            return bad("altered_event", f"the recomputed hash {computed.hex()} is not the stored hash "
                                        f"{ev.hash.hex()}", expected)
        if prev_recorded is not None and ev.recorded_us < prev_recorded[0]:
            return bad("time_went_backwards", f"recorded_at {ev.recorded_at} is earlier than position "
                                              f"{expected - 1}'s {prev_recorded[1]}", expected)
        prev_hash, prev_recorded, head = ev.hash, (ev.recorded_us, ev.recorded_at), ev.hash
        if reference is not None and len(kept) < reference.tree_size:
            kept.append(ev.hash)
        report.checked += 1

    # The last line: the signed head (present exactly when the export holds events).
    line = lines.next()
    at = last  # checkpoint problems are reported at position T
    if line is not None and line.error is not None:
        return bad("malformed_line", line.error, at)
    if line is not None and line.record == "event":
        return bad("unexpected_line", f"line {line.number} holds an event (position {line.obj.get('position')!r}) "
                                      f"after position {last}, where the header says the export ends", at)
    if line is not None and line.record != "checkpoint":
        return bad("unexpected_line", f"line {line.number} is a {line.record!r} line where the checkpoint "
                                      f"should be", at)
    if line is None:
        if count:
            return bad("bad_checkpoint", f"the export has no checkpoint line after position {last}", at)
    else:
        problem = _check_checkpoint_line(line, head, last if count else None, pinned_key, with_previous=True)
        if problem is not None:
            return bad("bad_checkpoint", problem, at)
        extra = lines.next()
        if extra is not None:
            return bad("unexpected_line", f"line {extra.number} follows the checkpoint line", at)

    # An earlier published head must agree with the export: a ledger rewritten wholesale (every hash recomputed,
    # a new head signed) still cannot reproduce the old root over the old positions.
    if reference is not None:
        got = merkle_root(kept)
        if got != reference.root:
            return bad("checkpoint_mismatch", f"the root over positions 1…{reference.tree_size} is {got.hex()}, "
                                              f"the checkpoint says {reference.root.hex()}", reference.tree_size)

    report.ok = True
    report.head_hash = head.hex() if head is not None else None
    return report


def _check_checkpoint_line(line: Line, head: Optional[bytes], position: Optional[int], pinned_key: Optional[bytes],
                           with_previous: bool) -> Optional[str]:
    """Section 4's checkpoint line: signature, the inclusion proof of ``position`` (whose hash is ``head``) when
    there is one, and consistency with the previous checkpoint.  Returns the problem, or None."""
    obj = line.obj
    try:
        cp = parse_checkpoint(obj.get("checkpoint"))
    except ValueError as e:
        return f"line {line.number}: {e}"
    problem = checkpoint_signature_problem(cp, pinned_key)
    if problem is not None:
        return problem
    if position is not None:
        if cp.tree_size < position:
            return f"the checkpoint's tree of size {cp.tree_size} does not cover position {position}"
        try:
            path = _parse_proof(obj.get("inclusion_proof"), "inclusion_proof")
        except ValueError as e:
            return f"line {line.number}: {e}"
        got = root_from_inclusion(leaf_hash(head), position - 1, cp.tree_size, path)
        if got != cp.root:
            return (f"the inclusion proof of position {position} does not lead to the checkpoint's root "
                    f"{cp.root.hex()} (tree_size {cp.tree_size})")
    if not with_previous:
        return None
    # Both keys are part of the line's layout; requiring them means a renamed key cannot pass as "no previous".
    for name in ("previous_checkpoint", "consistency_proof"):
        if name not in obj:
            return f"line {line.number}: the checkpoint line has no {name}"
    try:
        proof = _parse_proof(obj["consistency_proof"], "consistency_proof")
    except ValueError as e:
        return f"line {line.number}: {e}"
    if obj["previous_checkpoint"] is None:
        if proof:
            return "a consistency proof is given but there is no previous checkpoint"
        return None
    try:
        prev = parse_checkpoint(obj["previous_checkpoint"])
    except ValueError as e:
        return f"line {line.number}: previous_checkpoint: {e}"
    problem = checkpoint_signature_problem(prev, pinned_key)
    if problem is not None:
        return f"previous checkpoint: {problem}"
    if not verify_consistency(prev.tree_size, cp.tree_size, prev.root, cp.root, proof):
        return (f"the consistency proof does not join the previous checkpoint ({prev.describe()}) to this one "
                f"({cp.describe()})")
    return None


# --------------------------------------------------------------------------------------------------------------------
# Decision log (VERIFYING.md section 5)
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class _Batch:
    batch_id: str
    size: int
    root: bytes
    seal: Event
    inclusion_proof: list
    line: int


def _json_scalars(v: Any) -> Iterable[Any]:
    if isinstance(v, dict):
        for x in v.values():
            yield from _json_scalars(x)
    elif isinstance(v, list):
        for x in v:
            yield from _json_scalars(x)
    else:
        yield v


def _data_names(data: Any, keys: tuple, wanted: Any, same) -> bool:
    """Whether the seal's data names ``wanted``.  Section 5 says the data "names the batch, size and root" without
    fixing the keys: if a key spelt as in the batch line (or a usual variant) is present its value must match;
    otherwise some value anywhere in the data must."""
    if isinstance(data, dict):
        for key in keys:
            if key in data:
                return same(data[key], wanted)
    return any(same(x, wanted) for x in _json_scalars(data))


def _seal_problem(b: _Batch) -> Optional[str]:
    computed = b.seal.computed_hash()
    if computed != b.seal.hash:
        return f"the seal event's recomputed hash {computed.hex()} is not its stored hash {b.seal.hash.hex()}"
    if b.seal.type != SEAL_EVENT_TYPE:
        return f"the seal event is a {b.seal.type!r}, not a {SEAL_EVENT_TYPE}"
    try:
        data = parse_json(b.seal.data)
    except ValueError:
        return "the seal event's data is not JSON"

    def same_text(x: Any, w: str) -> bool:
        return isinstance(x, str) and x == w

    def same_int(x: Any, w: int) -> bool:
        return _is_int(x) and x == w

    if not _data_names(data, ("batch_id", "batchId", "batch", "id"), b.batch_id, same_text):
        return f"the seal's data does not name batch {b.batch_id}"
    if not _data_names(data, ("size", "count", "leaf_count", "leafCount"), b.size, same_int):
        return f"the seal's data does not name size {b.size}"
    if not _data_names(data, ("merkle_root", "merkleRoot", "root", "root_hash", "rootHash"), b.root.hex(),
                       same_text):
        return f"the seal's data does not name root {b.root.hex()}"
    return None


def _parse_batch(obj: dict) -> _Batch:
    for name in ("batch_id", "size", "merkle_root", "seal", "inclusion_proof"):
        if name not in obj:
            raise ValueError(f"no {name} field")
    if not isinstance(obj["batch_id"], str):
        raise ValueError("batch_id is not a string")
    if not _is_int(obj["size"]) or obj["size"] < 0:
        raise ValueError("size is not a non-negative integer")
    if not isinstance(obj["seal"], dict):
        raise ValueError("seal is not an object")
    try:
        seal = parse_event(obj["seal"])
    except ValueError as e:
        raise ValueError(f"seal: {e}") from None
    return _Batch(obj["batch_id"], obj["size"], parse_hash(obj["merkle_root"], "merkle_root"), seal,
                  _parse_proof(obj["inclusion_proof"], "inclusion_proof"), 0)


def _verify_predictions(lines: LineReader, pinned_key: Optional[bytes]) -> Report:
    """Section 5: the checkpoint right after the header, each batch checked as it is read (seal, leaves, root,
    the seal's inclusion proof in the checkpoint), and the end line counting them, so memory stays at one batch."""
    report = Report(ok=False, format=PREDICTIONS_FORMAT, batches=0, predictions=0)
    previous: Optional[_Batch] = None  # the last batch that passed its checks

    def bad(problem: str, detail: str, batch: Optional[_Batch] = None, batch_id: Optional[str] = None,
            position: Optional[int] = None, line: Optional[int] = None) -> Report:
        report.problem, report.detail, report.line = problem, detail, line
        report.batch_id = batch.batch_id if batch is not None else batch_id
        report.bad_position = batch.seal.position if batch is not None else position
        return report

    # The head every seal is proved against (null when the log holds no batch).
    line = lines.next()
    if line is None:
        return bad("truncated", "the decision log ends after its header")
    if line.error is not None:
        return bad("malformed_line", line.error, line=line.number)
    if line.record != "checkpoint":
        return bad("unexpected_line", f"line {line.number} is a {line.record!r} line where the checkpoint should be",
                   line=line.number)
    cp: Optional[Checkpoint] = None
    if line.obj.get("checkpoint") is not None:
        try:
            cp = parse_checkpoint(line.obj.get("checkpoint"))
        except ValueError as e:
            return bad("bad_checkpoint", f"line {line.number}: {e}", line=line.number)
        problem = checkpoint_signature_problem(cp, pinned_key)
        if problem is not None:
            return bad("bad_checkpoint", problem, line=line.number)
        report.head_hash = cp.root.hex()

    line = lines.next()
    while line is not None and line.error is None and line.record == "batch":
        try:
            batch = _parse_batch(line.obj)
        except ValueError as e:
            bid = line.obj.get("batch_id") if isinstance(line.obj.get("batch_id"), str) else None
            return bad("malformed_line", f"line {line.number}: batch: {e}", batch_id=bid, line=line.number)
        batch.line = line.number

        # "in seal order": each seal comes later in the ledger than the one before.
        if previous is not None and batch.seal.position <= previous.seal.position:
            return bad("reordered", f"seal position {batch.seal.position} (line {line.number}) is not after the "
                                    f"previous batch's {previous.seal.position}: batches are not in seal order",
                       batch)

        # Its predictions follow it, up to the next batch or the end line.
        leaves: list[tuple[int, bytes, int]] = []  # (leaf_index, leaf bytes, line number) in line order
        while True:
            nxt = lines.peek()
            if nxt is None or (nxt.error is None and nxt.record != "prediction"):
                break
            nxt = lines.next()
            if nxt.error is not None:
                return bad("malformed_line", nxt.error, batch, line=nxt.number)
            p = nxt.obj
            for name in ("batch_id", "leaf_index", "leaf"):
                if name not in p:
                    return bad("malformed_line", f"line {nxt.number}: prediction has no {name} field", batch,
                               line=nxt.number)
            if not _is_int(p["leaf_index"]) or not isinstance(p["leaf"], str):
                return bad("malformed_line", f"line {nxt.number}: leaf_index is not an integer or leaf is not a "
                                             f"string", batch, line=nxt.number)
            if p["batch_id"] != batch.batch_id:
                return bad("unexpected_line", f"line {nxt.number} is a prediction of batch {p['batch_id']!r}, "
                                              f"inside batch {batch.batch_id}", batch, line=nxt.number)
            try:
                leaf = p["leaf"].encode("utf-8")
            except UnicodeEncodeError:
                return bad("malformed_line", f"line {nxt.number}: leaf is not valid Unicode text", batch,
                           line=nxt.number)
            leaves.append((p["leaf_index"], leaf, nxt.number))

        # The batch's own checks, in section 5's order.
        problem = _seal_problem(batch)
        if problem is not None:
            return bad("seal_mismatch", problem, batch)
        seen: dict[int, int] = {}
        for index, _, number in leaves:
            if index in seen:
                return bad("missing_prediction", f"leaf index {index} is repeated (lines {seen[index]} and "
                                                 f"{number})", batch)
            seen[index] = number
        for index in range(batch.size):
            if index not in seen:
                return bad("missing_prediction", f"leaf index {index} is absent ({len(leaves)} of {batch.size} "
                                                 f"predictions present)", batch)
        for index, _, number in leaves:
            if not 0 <= index < batch.size:
                return bad("missing_prediction", f"leaf index {index} (line {number}) is outside 0…"
                                                 f"{batch.size - 1}", batch)
        # In line order: the lines are meant to be in leaf order, and two swapped lines must not pass.
        got = merkle_root([leaf for _, leaf, _ in leaves])
        if got != batch.root:
            return bad("root_mismatch", f"the {batch.size} leaves give root {got.hex()}, the seal says "
                                        f"{batch.root.hex()}", batch)
        # The seal in the signed head.
        if cp is None:
            return bad("bad_checkpoint", "the decision log has batches but no checkpoint", batch)
        if cp.tree_size < batch.seal.position:
            return bad("bad_checkpoint", f"the checkpoint's tree of size {cp.tree_size} does not cover seal "
                                         f"position {batch.seal.position}", batch)
        got = root_from_inclusion(leaf_hash(batch.seal.hash), batch.seal.position - 1, cp.tree_size,
                                  batch.inclusion_proof)
        if got != cp.root:
            return bad("bad_checkpoint", f"the seal's inclusion proof does not lead to the checkpoint's root "
                                         f"{cp.root.hex()} (tree_size {cp.tree_size})", batch)
        if report.first_position is None:
            report.first_position = batch.seal.position
        report.last_position = batch.seal.position
        previous = batch
        report.batches += 1
        report.predictions += len(leaves)
        line = lines.next()

    # After the batches: the end line counting them, then nothing.
    if line is None:
        return bad("truncated", "the decision log ends before its end line", previous)
    if line.error is not None:
        return bad("malformed_line", line.error, previous, line=line.number)
    if line.record != "end":
        return bad("unexpected_line", f"line {line.number} is a {line.record!r} line where a batch or the end "
                                      f"line should be", previous, line=line.number)
    if line.obj.get("batches") != report.batches or line.obj.get("predictions") != report.predictions:
        return bad("missing_batch", f"the end line counts {line.obj.get('batches')} batches and "
                                    f"{line.obj.get('predictions')} predictions; the log holds {report.batches} and "
                                    f"{report.predictions}", previous, line=line.number)
    extra = lines.next()
    if extra is not None:
        return bad("unexpected_line", f"line {extra.number} follows the end line", previous, line=extra.number)

    report.ok = True
    report.checked = report.predictions
    return report


# --------------------------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------------------------


def load_checkpoint_file(path: str, pinned_key: Optional[bytes] = None) -> Checkpoint:
    """An earlier published checkpoint (one checkpoint object, as ``modelreg checkpoint --out`` writes; a whole
    export checkpoint line is accepted too).  Its signature must verify: a reference that cannot be trusted cannot
    judge an export, so any fault here is an InputError."""
    try:
        with open(path, "rb") as f:
            obj = parse_json(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise InputError(f"cannot read the checkpoint file {path}: {e}") from None
    if isinstance(obj, dict) and "tree_size" not in obj and isinstance(obj.get("checkpoint"), dict):
        obj = obj["checkpoint"]
    try:
        cp = parse_checkpoint(obj)
    except ValueError as e:
        raise InputError(f"the checkpoint file {path}: {e}") from None
    problem = checkpoint_signature_problem(cp, pinned_key)
    if problem is not None:
        raise InputError(f"the checkpoint file {path}: {problem}")
    return cp


def verify_stream(stream: BinaryIO, reference: Optional[Checkpoint] = None,
                  pinned_key: Optional[bytes] = None) -> Report:
    """Verify an export read from a binary stream.  Raises InputError when it cannot be judged."""
    lines = LineReader(stream)
    header = lines.next()
    if header is None:
        raise InputError("the export is empty")
    if header.error is not None:
        raise InputError(f"no header: {header.error}")
    if header.record != "header":
        raise InputError(f"the first line is a {header.record!r} line, not the header")
    fmt = header.obj.get("format")
    if fmt == EVENTS_FORMAT:
        return _verify_events(header.obj, lines, reference, pinned_key)
    if fmt == PREDICTIONS_FORMAT:
        if reference is not None:
            raise InputError("--checkpoint applies to events exports (it compares a root over event hashes)")
        return _verify_predictions(lines, pinned_key)
    raise InputError(f"unknown export format {fmt!r} (expected {EVENTS_FORMAT} or {PREDICTIONS_FORMAT})")


def verify_file(path: str, checkpoint_path: Optional[str] = None, public_key: Optional[str] = None) -> Report:
    """Verify the export at ``path`` ("-" for standard input); the library form of the command line."""
    pinned = None
    if public_key is not None:
        try:
            pinned = _parse_b64(public_key, 32, "--public-key")
        except ValueError as e:
            raise InputError(str(e)) from None
    reference = load_checkpoint_file(checkpoint_path, pinned) if checkpoint_path is not None else None
    if path == "-":
        return verify_stream(sys.stdin.buffer, reference, pinned)
    try:
        f = open(path, "rb")
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    with f:
        return verify_stream(f, reference, pinned)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Verify a ModelRegistry events export or decision log (docs/VERIFYING.md).")
    parser.add_argument("export", help="the export, JSON Lines ('-' reads standard input)")
    parser.add_argument("--checkpoint", metavar="FILE",
                        help="an earlier published checkpoint the export must agree with (events exports)")
    parser.add_argument("--public-key", metavar="BASE64",
                        help="the registry's Ed25519 public key (base64 of 32 bytes): every checkpoint must be "
                             "signed by it")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a line of text")
    args = parser.parse_args(argv)

    # The verdict lines use "…" and "—"; make sure a non-UTF-8 locale cannot turn a verdict into a crash.
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", None) or "").lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(encoding="utf-8")
            except (AttributeError, ValueError):
                pass

    try:
        report = verify_file(args.export, args.checkpoint, args.public_key)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        if args.json:
            print(json.dumps({"ok": False, "format": None, "checked": 0, "first_position": None,
                              "last_position": None, "head_hash": None, "bad_position": None, "batch_id": None,
                              "problem": "input_error", "detail": str(e), "batches": None, "predictions": None}))
        return 2
    print(json.dumps(report.as_json()) if args.json else report.text())
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
