"""Tests of tools/verify_log.py (standard library only).

    python3 -m unittest discover -s tools -p 'test_*.py'

* RFC 6962 Merkle vectors (tools/testdata/rfc6962.json, from transparency-dev/merkle): roots, inclusion and
  consistency proofs, and that corrupted proofs fail.
* RFC 8032 section 7.1 Ed25519 vectors 1-3: key derivation, signing, verification, tampering.
* Synthetic exports built here from README.md's hash layout and VERIFYING.md's export layout, with an independent
  hash-chain builder, a recursive RFC 6962 tree and its PATH / PROOF generators (RFC 6962 sections 2.1.1 and
  2.1.2), signed with the pure-Python signer: every problem of VERIFYING.md sections 4 and 5 is provoked.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import verify_log as vl  # noqa: E402

VERIFY = HERE / "verify_log.py"
VECTORS = json.loads((HERE / "testdata" / "rfc6962.json").read_text())

# --------------------------------------------------------------------------------------------------------------------
# An independent RFC 6962 tree and proof generator: the recursive definitions, written straight from the RFC, so the
# verifier's iterative code is checked against something that does not share it.
# --------------------------------------------------------------------------------------------------------------------


def _k(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves: list[bytes]) -> bytes:
    """MTH(D[n]), RFC 6962 section 2.1, over leaf inputs."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = _k(len(leaves))
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def audit_path(m: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]), RFC 6962 section 2.1.1: the audit path of leaf m (0-based)."""
    n = len(leaves)
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return audit_path(m, leaves[:k]) + [mth(leaves[k:])]
    return audit_path(m - k, leaves[k:]) + [mth(leaves[:k])]


def consistency_proof(m: int, leaves: list[bytes]) -> list[bytes]:
    """PROOF(m, D[n]), RFC 6962 section 2.1.2, for 0 < m < n (and [] for m = n)."""

    def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
        n = len(d)
        if m == n:
            return [] if b else [mth(d)]
        k = _k(n)
        if m <= k:
            return subproof(m, d[:k], b) + [mth(d[k:])]
        return subproof(m - k, d[k:], False) + [mth(d[:k])]

    return subproof(m, leaves, True) if 0 < m else []


def h(x: str) -> bytes:
    return bytes.fromhex(x)


# --------------------------------------------------------------------------------------------------------------------
# RFC 6962 vectors
# --------------------------------------------------------------------------------------------------------------------

LEAVES = [h(x) for x in VECTORS["leaves"]]
ROOTS = {int(k): h(v) for k, v in VECTORS["roots"].items()}
SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")
EMPTY_ROOT = h(VECTORS["empty_root"])


def flip(b: bytes, i: int = 0, bit: int = 8) -> bytes:
    return b[:i] + bytes([b[i] ^ bit]) + b[i + 1:]


class MerkleVectorTests(unittest.TestCase):
    def test_source_is_cited(self):
        self.assertIn("transparency-dev/merkle", VECTORS["source"]["repository"])
        self.assertEqual(len(LEAVES), 8)

    def test_roots(self):
        self.assertEqual(vl.merkle_root([]), EMPTY_ROOT)
        for n in range(1, 9):
            self.assertEqual(vl.merkle_root(LEAVES[:n]), ROOTS[n], n)
            self.assertEqual(mth(LEAVES[:n]), ROOTS[n], n)  # the test's own reference agrees too

    def test_iterative_root_matches_recursive_definition(self):
        leaves = [hashlib.sha256(str(i).encode()).digest()[: i % 40] for i in range(130)]
        for n in range(0, 130):
            self.assertEqual(vl.merkle_root(leaves[:n]), mth(leaves[:n]), n)

    def test_inclusion_vectors(self):
        for v in VECTORS["inclusion_proofs"]:
            index, size, path = v["leaf_index"], v["tree_size"], [h(x) for x in v["path"]]
            leaf, root = vl.leaf_hash(LEAVES[index]), ROOTS[size]
            with self.subTest(index=index, size=size):
                self.assertTrue(vl.verify_inclusion(leaf, index, size, path, root))
                self.assertEqual(audit_path(index, LEAVES[:size]), path)  # the generator reproduces the vector
                # The corruptions of transparency-dev/merkle's verifierCheck: each must fail.
                probes = [
                    (index - 1, size, leaf, path, root), (index + 1, size, leaf, path, root),
                    (index ^ 2, size, leaf, path, root), (index, size * 2, leaf, path, root),
                    (index, size // 2, leaf, path, root), (index, size, b"WrongLeaf", path, root),
                    (index, size, leaf, path, EMPTY_ROOT), (index, size, leaf, path, SOME_HASH),
                    (index, size, leaf, path + [b""], root), (index, size, leaf, path + [root], root),
                    (index, size, leaf, [b""] + path, root), (index, size, leaf, [root] + path, root),
                ]
                for i in range(len(path)):
                    probes.append((index, size, leaf, path[:i] + [flip(path[i])] + path[i + 1:], root))
                if path:
                    probes.append((index, size, leaf, path[:-1], root))
                if len(path) > 1:
                    probes.append((index, size, leaf, [path[0], SOME_HASH] + path[1:], root))
                for p in probes:
                    if p[0] == index and p[1] == size and p[2] == leaf and p[3] == path and p[4] == root:
                        continue  # e.g. index ^ 2 == index - 1 ... never the original, but be safe
                    self.assertFalse(vl.verify_inclusion(p[2], p[0], p[1], p[3], p[4]), p[:2])

    def test_inclusion_edge_cases(self):
        leaf = vl.leaf_hash(b"data")
        self.assertTrue(vl.verify_inclusion(leaf, 0, 1, [], leaf))  # a one-leaf tree's root is its leaf hash
        self.assertFalse(vl.verify_inclusion(leaf, 0, 1, [], b""))
        for index, size in ((0, 0), (1, 0), (2, 1), (1, 1)):
            self.assertFalse(vl.verify_inclusion(SOME_HASH, index, size, [], EMPTY_ROOT))

    def test_consistency_vectors(self):
        for v in VECTORS["consistency_proofs"]:
            first, second, proof = v["first"], v["second"], [h(x) for x in v["proof"]]
            r1, r2 = ROOTS[first], ROOTS[second]
            with self.subTest(first=first, second=second):
                self.assertTrue(vl.verify_consistency(first, second, r1, r2, proof))
                self.assertEqual(consistency_proof(first, LEAVES[:second]), proof)
                if not proof:
                    continue
                probes = [
                    (first - 1, second, r1, r2, proof), (first + 1, second, r1, r2, proof),
                    (first ^ 2, second, r1, r2, proof), (first, second * 2, r1, r2, proof),
                    (first, second // 2, r1, r2, proof), (first, second, b"WrongRoot", r2, proof),
                    (first, second, r1, b"WrongRoot", proof), (first, second, r2, r1, proof),
                    (first, second, r1, r2, []), (first, second, r1, r2, proof + [b""]),
                    (first, second, r1, r2, proof + [r1]), (first, second, r1, r2, proof + [r2]),
                    (first, second, r1, r2, [b""] + proof), (first, second, r1, r2, [r1] + proof),
                    (first, second, r1, r2, [r2] + proof), (first, second, r1, r2, [proof[0]] + proof),
                    (first, second, r1, r2, proof[:-1]),
                ]
                for i in range(len(proof)):
                    probes.append((first, second, r1, r2, proof[:i] + [flip(proof[i], 0, 16)] + proof[i + 1:]))
                for p in probes:
                    self.assertFalse(vl.verify_consistency(*p), p[:2])

    def test_consistency_trivial_cases(self):
        r1, r2 = b"don't care 1", b"don't care 2"
        self.assertFalse(vl.verify_consistency(0, 0, r1, r2, []))
        self.assertFalse(vl.verify_consistency(1, 1, r1, r2, []))
        self.assertTrue(vl.verify_consistency(0, 0, r1, r1, []))
        self.assertTrue(vl.verify_consistency(0, 1, r1, r2, []))
        self.assertTrue(vl.verify_consistency(1, 1, r2, r2, []))
        self.assertFalse(vl.verify_consistency(1, 0, r1, r2, []))  # time travel to the past
        self.assertFalse(vl.verify_consistency(2, 1, r1, r2, []))
        self.assertFalse(vl.verify_consistency(1, 2, r1, r2, []))  # an empty proof cannot join different sizes
        self.assertFalse(vl.verify_consistency(0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]))
        self.assertFalse(vl.verify_consistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]))

    def test_generated_proofs_verify_for_every_size(self):
        leaves = [hashlib.sha256(bytes([i])).digest() for i in range(33)]
        for n in range(1, len(leaves) + 1):
            root = mth(leaves[:n])
            for m in range(n):
                path = audit_path(m, leaves[:n])
                self.assertTrue(vl.verify_inclusion(vl.leaf_hash(leaves[m]), m, n, path, root), (m, n))
                if path:
                    self.assertFalse(vl.verify_inclusion(vl.leaf_hash(leaves[m]), m, n, [flip(path[-1])] + path[:-1]
                                                         if len(path) > 1 else [flip(path[0])], root))
            for m in range(1, n + 1):
                proof = consistency_proof(m, leaves[:n])
                self.assertTrue(vl.verify_consistency(m, n, mth(leaves[:m]), root, proof), (m, n))
                if proof:
                    self.assertFalse(vl.verify_consistency(m, n, mth(leaves[:m]), root, [flip(proof[0])] + proof[1:]))
                    self.assertFalse(vl.verify_consistency(m, n, mth(leaves[:m]), root, proof[:-1]))


# --------------------------------------------------------------------------------------------------------------------
# Ed25519, RFC 8032 section 7.1
# --------------------------------------------------------------------------------------------------------------------

RFC8032 = [  # (secret key, public key, message, signature), tests 1, 2 and 3
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe"
     "24655141438e7a100b"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302a"
     "eeb00d291612bb0c00"),
    ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed2"
     "8dc027beceea1ec40a"),
]
ED_L = 2 ** 252 + 27742317777372353535851937790883648493


class Ed25519Tests(unittest.TestCase):
    def test_rfc8032_vectors(self):
        for sk, pk, msg, sig in RFC8032:
            sk, pk, msg, sig = h(sk), h(pk), h(msg), h(sig)
            with self.subTest(pk=pk.hex()[:8]):
                self.assertEqual(vl.ed25519_public_key(sk), pk)
                self.assertEqual(vl.ed25519_sign(sk, msg), sig)
                self.assertTrue(vl.ed25519_verify(pk, msg, sig))

    def test_tampering_fails(self):
        for n, (sk, pk, msg, sig) in enumerate(RFC8032):
            pk, msg, sig = h(pk), h(msg), h(sig)
            with self.subTest(test=n + 1):
                self.assertFalse(vl.ed25519_verify(pk, msg + b"\x00", sig))
                if msg:
                    self.assertFalse(vl.ed25519_verify(pk, flip(msg, 0, 1), sig))
                for i in (0, 31, 32, 63):
                    self.assertFalse(vl.ed25519_verify(pk, msg, flip(sig, i, 1)), i)
                self.assertFalse(vl.ed25519_verify(h(RFC8032[(n + 1) % 3][1]), msg, sig))  # another key
                self.assertFalse(vl.ed25519_verify(pk, msg, sig[:63]))
                self.assertFalse(vl.ed25519_verify(pk[:31], msg, sig))
                # S + L is the same point arithmetic but a non-canonical scalar: must be refused (malleability).
                s = int.from_bytes(sig[32:], "little") + ED_L
                self.assertFalse(vl.ed25519_verify(pk, msg, sig[:32] + s.to_bytes(32, "little")))

    def test_round_trip(self):
        seed = hashlib.sha256(b"round trip").digest()
        pk = vl.ed25519_public_key(seed)
        for msg in (b"", b"x", b"modelreg-checkpoint/v1\n1\n" + b"0" * 64 + b"\n", os.urandom(300)):
            self.assertTrue(vl.ed25519_verify(pk, msg, vl.ed25519_sign(seed, msg)))


# --------------------------------------------------------------------------------------------------------------------
# Times and the event hash
# --------------------------------------------------------------------------------------------------------------------

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def fmt_time(us: int) -> str:
    return (EPOCH + timedelta(microseconds=us)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class TimeTests(unittest.TestCase):
    def test_exact_microseconds(self):
        self.assertEqual(vl.parse_time_us("1970-01-01T00:00:00.000000Z"), 0)
        self.assertEqual(vl.parse_time_us("1970-01-01T00:00:00.000001Z"), 1)
        self.assertEqual(vl.parse_time_us("1969-12-31T23:59:59.999999Z"), -1)
        self.assertEqual(vl.parse_time_us("2026-11-27T09:00:00.123456Z"), 1_795_770_000_123_456)
        # Beyond float precision (2**53 µs is about the year 2255): integer arithmetic keeps every microsecond.
        self.assertEqual(vl.parse_time_us("9999-12-31T23:59:59.999999Z"), 253_402_300_799_999_999)
        for us in (0, 1, 1_795_770_000_123_457, 253_402_300_799_999_999, -86_400_000_001):
            self.assertEqual(vl.parse_time_us(fmt_time(us)), us)

    def test_rejects_other_forms(self):
        for text in ("2026-11-27T09:00:00Z", "2026-11-27T09:00:00.123Z", "2026-11-27T09:00:00.1234567Z",
                     "2026-11-27T09:00:00.000000+00:00", "2026-11-27t09:00:00.000000Z", "2026-11-27T09:00:00.000000z",
                     "2026-11-27 09:00:00.000000Z", "2026-02-30T09:00:00.000000Z", "2026-11-27T24:00:00.000000Z",
                     "2026-11-27T09:00:60.000000Z", "２026-11-27T09:00:00.000000Z", " 2026-11-27T09:00:00.000000Z"):
            with self.assertRaises(ValueError, msg=text):
                vl.parse_time_us(text)


def readme_event_hash(prev, pos, eid, stream, ver, typ, rec_us, eff_us, actor, data, meta) -> bytes:
    """README.md's snippet, copied so the verifier's event_hash is checked against the documented code."""
    def field(s): b = s.encode("utf-8"); return struct.pack(">I", len(b)) + b  # noqa: E702
    return hashlib.sha256(prev + struct.pack(">q", pos) + field(eid) + field(stream) + struct.pack(">q", ver)
                          + field(typ) + struct.pack(">q", rec_us) + struct.pack(">q", eff_us) + field(actor)
                          + field(data) + field(meta)).digest()


class EventHashTests(unittest.TestCase):
    def test_layout(self):
        args = (bytes(32), 1, "0f8fad5b-d9cb-469f-a165-70867728950e", "model-x", 1, "ModelRegistered",
                1_795_770_000_000_000, -5, "alice", '{"name": "café"}', "{}")
        expected = hashlib.sha256(
            bytes(32) + (1).to_bytes(8, "big") + (36).to_bytes(4, "big") + args[2].encode()
            + (7).to_bytes(4, "big") + b"model-x" + (1).to_bytes(8, "big") + (15).to_bytes(4, "big")
            + b"ModelRegistered" + (1_795_770_000_000_000).to_bytes(8, "big") + (-5).to_bytes(8, "big", signed=True)
            + (5).to_bytes(4, "big") + b"alice" + (17).to_bytes(4, "big") + '{"name": "café"}'.encode()
            + (2).to_bytes(4, "big") + b"{}").digest()
        self.assertEqual(vl.event_hash(*args), expected)
        self.assertEqual(readme_event_hash(*args), expected)


# --------------------------------------------------------------------------------------------------------------------
# Synthetic ledgers and exports
# --------------------------------------------------------------------------------------------------------------------

REGISTRY_SEED = hashlib.sha256(b"modelreg test registry key").digest()
ATTACKER_SEED = hashlib.sha256(b"someone else's key").digest()
START_US = vl.parse_time_us("2026-11-27T09:00:00.000000Z")


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def sign_checkpoint(tree_size: int, root: bytes, recorded_at: str, seed: bytes = REGISTRY_SEED) -> dict:
    """A checkpoint object exactly as VERIFYING.md section 3 lays it out."""
    public = vl.ed25519_public_key(seed)
    message = f"modelreg-checkpoint/v1\n{tree_size}\n{root.hex()}\n{recorded_at}\n".encode()
    return {"tree_size": tree_size, "root_hash": root.hex(), "recorded_at": recorded_at,
            "key_id": hashlib.sha256(public).hexdigest()[:16], "public_key": b64(public),
            "signature": b64(vl.ed25519_sign(seed, message))}


class Ledger:
    """A hash-chained ledger built per README.md with the README's own hash code (not the verifier's)."""

    def __init__(self):
        self.events: list[dict] = []
        self.versions: dict[str, int] = {}

    def append(self, typ: str, data: str, *, stream: str = "model-7d3f0b8e-5c1a-4e7b-9f00-2a6b1c9d4e11",
               actor: str = "alice", metadata: str = '{"request_id": "req-1", "via": "api"}',
               recorded_us: int | None = None, effective_us: int | None = None) -> dict:
        pos = len(self.events) + 1
        rec = recorded_us if recorded_us is not None else START_US + pos * 1_000_123
        eff = effective_us if effective_us is not None else rec
        self.versions[stream] = self.versions.get(stream, 0) + 1
        ev = {"position": pos, "event_id": str(uuid.UUID(int=pos * 7919 + 12345, version=4)), "stream": stream,
              "stream_version": self.versions[stream], "type": typ, "recorded_at": fmt_time(rec),
              "effective_at": fmt_time(eff), "actor": actor, "data": data, "metadata": metadata}
        self.events.append(ev)
        self.rechain(pos)
        return ev

    def rechain(self, start: int = 1) -> None:
        """Recompute prev_hash and hash from ``start`` on (what a forger who rewrites the ledger would do)."""
        for ev in self.events[start - 1:]:
            p = ev["position"]
            prev = bytes(32) if p == 1 else bytes.fromhex(self.events[p - 2]["hash"])
            ev["prev_hash"] = prev.hex()
            ev["hash"] = readme_event_hash(prev, p, ev["event_id"], ev["stream"], ev["stream_version"], ev["type"],
                                           vl.parse_time_us(ev["recorded_at"]), vl.parse_time_us(ev["effective_at"]),
                                           ev["actor"], ev["data"], ev["metadata"]).hex()

    def hashes(self, n: int | None = None) -> list[bytes]:
        return [bytes.fromhex(e["hash"]) for e in self.events[:n]]

    def checkpoint(self, size: int, seed: bytes = REGISTRY_SEED) -> dict:
        at = fmt_time(START_US + size * 1_000_123 + 500)
        return sign_checkpoint(size, mth(self.hashes(size)), at, seed)


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


def demo_ledger(n: int) -> Ledger:
    led = Ledger()
    for i in range(n):
        if i % 3 == 0:
            led.append("ModelRegistered", f'{{"name": "iris-{i}", "description": "Ünïcode ☕ façade"}}')
        elif i % 3 == 1:
            led.append("VersionAdded", f'{{"version":{i},"coefficients":[0.5,-1.25e-3]}}', actor="bob")
        else:
            led.append("AliasSet", f'{{"alias": "prod", "version": {i}}}', stream=f"principal-p{i % 2}",
                       metadata="{}")
    return led


def events_export(led: Ledger, first: int = 1, last: int | None = None, tree_size: int | None = None,
                  previous: int | None = None, seed: bytes = REGISTRY_SEED) -> list[str]:
    """The lines of an events export (VERIFYING.md section 4) of positions first … last."""
    last = len(led.events) if last is None else last
    tree_size = len(led.events) if tree_size is None else tree_size
    lines = [dumps({"record": "header", "format": "modelreg-events/1", "from_position": first,
                    "to_position": last, "exported_at": "2026-11-28T10:00:00.000000Z"})]
    for ev in led.events[first - 1:last]:
        lines.append(dumps({"record": "event", **ev}))
    if last >= first:
        hashes = led.hashes(tree_size)
        lines.append(dumps({
            "record": "checkpoint", "checkpoint": led.checkpoint(tree_size, seed),
            "inclusion_proof": [x.hex() for x in audit_path(last - 1, hashes)],
            "previous_checkpoint": led.checkpoint(previous, seed) if previous else None,
            "consistency_proof": [x.hex() for x in consistency_proof(previous, hashes)] if previous else []}))
    return lines


def verify_lines(lines: list[str], reference: dict | None = None, pinned: bytes | None = None) -> vl.Report:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    ref = vl.parse_checkpoint(reference) if reference is not None else None
    return vl.verify_stream(io.BytesIO(data), ref, pinned)


def edit_line(line: str, **changes) -> str:
    obj = json.loads(line)
    obj.update(changes)
    return dumps(obj)


def one_byte_changed(a: str, b: str) -> bool:
    x, y = a.encode(), b.encode()
    return len(x) == len(y) and sum(1 for i, j in zip(x, y) if i != j) == 1


class EventsExportTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.led = demo_ledger(14)
        cls.lines = events_export(cls.led, 1, 12, tree_size=14, previous=7)  # line k holds position k

    def assertBad(self, report: vl.Report, problem: str, position: int):
        self.assertFalse(report.ok, report.text())
        self.assertEqual((report.problem, report.bad_position), (problem, position), report.text())
        self.assertEqual(report.exit_code, 1)

    def test_valid_export(self):
        r = verify_lines(self.lines)
        self.assertTrue(r.ok, r.text())
        head = self.led.events[11]["hash"]
        self.assertEqual(r.text(), f"ok: 12 events, positions 1…12, head {head}")
        self.assertEqual(r.as_json(), {
            "ok": True, "format": "modelreg-events/1", "checked": 12, "first_position": 1, "last_position": 12,
            "head_hash": head, "bad_position": None, "batch_id": None, "problem": None, "detail": None,
            "batches": None, "predictions": None})

    def test_partial_and_full_exports(self):
        for first, last, size, prev in ((5, 12, 14, 7), (1, 14, 14, None), (14, 14, 14, 1), (1, 1, 1, None),
                                        (3, 8, 8, 8), (1, 8, 13, 2)):
            with self.subTest(first=first, last=last, size=size, prev=prev):
                r = verify_lines(events_export(self.led, first, last, size, prev))
                self.assertTrue(r.ok, r.text())
                self.assertEqual(r.checked, last - first + 1)

    def test_empty_export(self):
        r = verify_lines(events_export(self.led, 15, 14))
        self.assertTrue(r.ok, r.text())
        self.assertEqual(r.text(), "ok: 0 events, positions 15…14, head none")

    def test_one_byte_in_data_is_altered_event(self):
        lines = list(self.lines)
        ev = json.loads(lines[4])
        changed = edit_line(lines[4], data=ev["data"].replace("iris", "irir", 1))
        self.assertTrue(one_byte_changed(lines[4], changed))
        lines[4] = changed
        self.assertBad(verify_lines(lines), "altered_event", 4)

    def test_one_byte_in_non_ascii_data(self):
        lines = list(self.lines)
        raw = bytearray(lines[7].encode())
        i = raw.index("☕".encode())
        raw[i + 2] ^= 0x01  # still valid UTF-8, a different character
        lines[7] = raw.decode()
        self.assertBad(verify_lines(lines), "altered_event", 7)

    def test_deleted_line_is_missing_position(self):
        for p in (1, 6, 12):
            with self.subTest(position=p):
                lines = self.lines[:p] + self.lines[p + 1:]
                self.assertBad(verify_lines(lines), "missing_position", p)

    def test_swapped_lines_are_reordered(self):
        for p in (1, 6, 11):
            with self.subTest(position=p):
                lines = list(self.lines)
                lines[p], lines[p + 1] = lines[p + 1], lines[p]
                self.assertBad(verify_lines(lines), "reordered", p)

    def test_broken_link(self):
        lines = list(self.lines)
        lines[6] = edit_line(lines[6], prev_hash=self.led.events[3]["hash"])  # position 4's, not 5's
        self.assertBad(verify_lines(lines), "broken_link", 6)
        # Even with the event's own hash made to fit its (wrong) prev_hash the link is broken.
        led = demo_ledger(14)
        led.events[5]["prev_hash"] = "11" * 32
        ev = led.events[5]
        ev["hash"] = readme_event_hash(bytes.fromhex(ev["prev_hash"]), 6, ev["event_id"], ev["stream"],
                                       ev["stream_version"], ev["type"], vl.parse_time_us(ev["recorded_at"]),
                                       vl.parse_time_us(ev["effective_at"]), ev["actor"], ev["data"],
                                       ev["metadata"]).hex()
        self.assertBad(verify_lines(events_export(led, 1, 12, 14, 7)), "broken_link", 6)
        # Position 1 must start from 32 zero bytes.
        lines = list(self.lines)
        lines[1] = edit_line(lines[1], prev_hash="00" * 31 + "01")
        self.assertBad(verify_lines(lines), "broken_link", 1)

    def test_altered_hash(self):
        lines = list(self.lines)
        lines[12] = edit_line(lines[12], hash="ab" * 32)
        self.assertBad(verify_lines(lines), "altered_event", 12)

    def test_time_went_backwards(self):
        led = demo_ledger(6)
        led.append("AliasSet", '{"alias": "prod"}', recorded_us=START_US + 3 * 1_000_123 - 1)  # before position 5
        led.append("AliasSet", '{"alias": "prod"}')
        self.assertBad(verify_lines(events_export(led)), "time_went_backwards", 7)
        # Equal times are not "earlier".
        led = demo_ledger(6)
        led.append("AliasSet", '{"alias": "prod"}', recorded_us=START_US + 6 * 1_000_123)
        self.assertTrue(verify_lines(events_export(led)).ok)

    def test_bad_signature(self):
        lines = list(self.lines)
        obj = json.loads(lines[13])
        sig = bytearray(base64.b64decode(obj["checkpoint"]["signature"]))
        sig[10] ^= 1
        obj["checkpoint"]["signature"] = b64(bytes(sig))
        lines[13] = dumps(obj)
        r = verify_lines(lines)
        self.assertBad(r, "bad_checkpoint", 12)
        self.assertIn("does not verify", r.detail)

    def test_checkpoint_fields_are_signed(self):
        for change in ({"tree_size": 13}, {"recorded_at": "2026-11-27T09:00:00.000001Z"},
                       {"root_hash": mth(self.led.hashes(13)).hex()}):
            with self.subTest(change=change):
                obj = json.loads(self.lines[13])
                obj["checkpoint"].update(change)
                self.assertBad(verify_lines(self.lines[:13] + [dumps(obj)]), "bad_checkpoint", 12)

    def test_key_id_must_match_key(self):
        obj = json.loads(self.lines[13])
        obj["checkpoint"]["key_id"] = "0123456789abcdef"
        r = verify_lines(self.lines[:13] + [dumps(obj)])
        self.assertBad(r, "bad_checkpoint", 12)
        self.assertIn("key_id", r.detail)

    def test_bad_inclusion_proof(self):
        obj = json.loads(self.lines[13])
        obj["inclusion_proof"][1] = "00" * 32
        r = verify_lines(self.lines[:13] + [dumps(obj)])
        self.assertBad(r, "bad_checkpoint", 12)
        self.assertIn("inclusion proof", r.detail)
        # A head that does not cover T.
        r = verify_lines(events_export(self.led, 1, 12, tree_size=14)[:13]
                         + [dumps({**json.loads(events_export(self.led, 1, 11, 11)[12]), "inclusion_proof": []})])
        self.assertBad(r, "bad_checkpoint", 12)

    def test_bad_consistency_proof(self):
        obj = json.loads(self.lines[13])
        obj["consistency_proof"] = obj["consistency_proof"][:-1]
        r = verify_lines(self.lines[:13] + [dumps(obj)])
        self.assertBad(r, "bad_checkpoint", 12)
        self.assertIn("consistency proof", r.detail)
        obj = json.loads(self.lines[13])
        obj["previous_checkpoint"] = None  # a proof without a previous head
        self.assertBad(verify_lines(self.lines[:13] + [dumps(obj)]), "bad_checkpoint", 12)
        obj = json.loads(self.lines[13])
        del obj["previous_checkpoint"]
        self.assertBad(verify_lines(self.lines[:13] + [dumps(obj)]), "bad_checkpoint", 12)

    def test_missing_or_extra_lines_at_the_end(self):
        self.assertBad(verify_lines(self.lines[:13]), "bad_checkpoint", 12)  # no checkpoint line
        self.assertBad(verify_lines(self.lines[:12] + self.lines[13:]), "missing_position", 12)  # last event gone
        extra = dumps({"record": "event", **self.led.events[12]})
        self.assertBad(verify_lines(self.lines[:13] + [extra] + self.lines[13:]), "unexpected_line", 12)
        self.assertBad(verify_lines(self.lines + [self.lines[13]]), "unexpected_line", 12)

    def test_malformed_line(self):
        lines = list(self.lines)
        lines[3] = lines[3][:-1]  # the closing brace gone
        r = verify_lines(lines)
        self.assertBad(r, "malformed_line", 3)
        lines = list(self.lines)
        lines[3] = lines[3].replace('"actor"', '"actoR"')
        self.assertBad(verify_lines(lines), "malformed_line", 3)
        lines = list(self.lines)
        lines[5] = ""  # a blank line inside the export
        self.assertBad(verify_lines(lines), "malformed_line", 5)
        lines = list(self.lines)
        lines[2] = edit_line(lines[2], recorded_at="2026-11-27T09:00:02Z")
        self.assertBad(verify_lines(lines), "malformed_line", 2)

    def test_trailing_blank_lines_are_tolerated(self):
        self.assertTrue(verify_lines(self.lines + ["", "  "]).ok)

    def test_whole_chain_recompute_needs_an_earlier_checkpoint(self):
        published = self.led.checkpoint(7)  # a head published outside the database earlier
        self.assertTrue(verify_lines(events_export(self.led, 1, 14, 14, 7), reference=published).ok)

        forged = demo_ledger(14)
        forged.events[2]["data"] = forged.events[2]["data"].replace('"prod"', '"staging"')
        forged.rechain(3)  # every later hash recomputed, and a fresh head signed with the registry's own key
        alone = verify_lines(events_export(forged, 1, 14, 14))
        self.assertTrue(alone.ok, alone.text())
        r = verify_lines(events_export(forged, 1, 14, 14), reference=published)
        self.assertBad(r, "checkpoint_mismatch", 7)
        # A forger without the key signs with another one: pinning the registry's key catches that too.
        forged_other_key = events_export(forged, 1, 14, 14, seed=ATTACKER_SEED)
        self.assertTrue(verify_lines(forged_other_key).ok)
        self.assertBad(verify_lines(forged_other_key, pinned=vl.ed25519_public_key(REGISTRY_SEED)),
                       "bad_checkpoint", 14)
        self.assertTrue(verify_lines(events_export(self.led, 1, 14, 14, 7),
                                     pinned=vl.ed25519_public_key(REGISTRY_SEED)).ok)

    def test_checkpoint_not_covered_is_an_input_error(self):
        with self.assertRaises(vl.InputError):
            verify_lines(events_export(self.led, 2, 14, 14), reference=self.led.checkpoint(7))
        with self.assertRaises(vl.InputError):
            verify_lines(events_export(self.led, 1, 6, 14), reference=self.led.checkpoint(7))

    def test_every_one_byte_change_is_rejected(self):
        """Flip one bit of any byte of the event and checkpoint lines: the export never verifies, unless the change
        leaves the parsed line identical (there are none such for a bit flip in this layout, but it is checked)."""
        led = demo_ledger(6)
        lines = events_export(led, 1, 4, tree_size=6, previous=3)
        blob = ("\n".join(lines) + "\n").encode()
        start = len(lines[0].encode()) + 1  # the header is not covered by any hash (exported_at is informational)
        cached = functools.lru_cache(maxsize=None)(vl.ed25519_verify)
        originals = [json.loads(x) for x in lines]
        survivors, tried = [], 0
        with mock.patch.object(vl, "ed25519_verify", cached):
            for i in range(start, len(blob)):
                mutated = bytearray(blob)
                mutated[i] ^= 0x01
                try:
                    # Split on "\n" only, as JSON Lines does (str.splitlines would also split on \x0b and
                    # make a joined pair of lines look unchanged).
                    parsed = [json.loads(x) for x in bytes(mutated).decode().split("\n") if x]
                    if parsed == originals:
                        continue  # semantically the same export
                except (ValueError, UnicodeDecodeError):
                    pass
                tried += 1
                r = vl.verify_stream(io.BytesIO(bytes(mutated)))
                if r.ok:
                    survivors.append(i)
        self.assertEqual(survivors, [], [chr(blob[i]) for i in survivors])
        self.assertGreater(tried, 3000)  # every byte of five event lines and the checkpoint line


# --------------------------------------------------------------------------------------------------------------------
# Decision logs
# --------------------------------------------------------------------------------------------------------------------


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def decision_log(batch_sizes=(3, 5, 1), seal_keys=("batch_id", "size", "merkle_root")):
    """A ledger with sealed batches among ordinary events, and the lines of its decision log (section 5).
    Returns (ledger, lines, batches) where batches holds (batch_id, seal position, [leaf texts])."""
    led = demo_ledger(3)
    batches = []
    for b, n in enumerate(batch_sizes):
        bid = str(uuid.UUID(int=1000 + b, version=4))
        leaves = [canonical({"prediction_id": f"p-{b}-{i}", "model": "iris", "version": 2,
                             "inputs": {"x": i, "note": "é"}, "output": 0.25 * i}) for i in range(n)]
        root = mth([x.encode() for x in leaves])
        k_id, k_size, k_root = seal_keys
        seal = led.append("PredictionBatchSealed", canonical({k_id: bid, k_size: n, k_root: root.hex()}),
                          stream="predictions", actor="registry")
        batches.append((bid, seal["position"], leaves, root))
        led.append("AliasSet", '{"alias": "canary"}')
    hashes = led.hashes()
    lines = [dumps({"record": "header", "format": "modelreg-predictions/1", "from": "2026-11-27T00:00:00.000000Z",
                    "to": "2026-11-28T00:00:00.000000Z"}),
             dumps({"record": "checkpoint", "checkpoint": led.checkpoint(len(hashes))})]
    for bid, pos, leaves, root in batches:
        lines.append(dumps({"record": "batch", "batch_id": bid, "size": len(leaves), "merkle_root": root.hex(),
                            "seal": led.events[pos - 1],
                            "inclusion_proof": [x.hex() for x in audit_path(pos - 1, hashes)]}))
        for i, leaf in enumerate(leaves):
            lines.append(dumps({"record": "prediction", "batch_id": bid, "leaf_index": i,
                                "prediction_id": f"p-{i}", "recorded_at": fmt_time(START_US + i), "leaf": leaf}))
    lines.append(dumps({"record": "end", "batches": len(batches), "predictions": sum(len(b[2]) for b in batches)}))
    return led, lines, batches


class DecisionLogTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.led, cls.lines, cls.batches = decision_log()
        # lines: 0 header; 1 checkpoint; 2 batch A, 3-5 its leaves; 6 batch B, 7-11; 12 batch C, 13; 14 end

    def assertBad(self, report, problem, batch: int):
        bid, pos = self.batches[batch][0], self.batches[batch][1]
        self.assertFalse(report.ok, report.text())
        self.assertEqual((report.problem, report.batch_id, report.bad_position), (problem, bid, pos), report.text())

    def test_valid_log(self):
        r = verify_lines(self.lines)
        self.assertTrue(r.ok, r.text())
        root = mth(self.led.hashes()).hex()
        self.assertEqual(r.text(), f"ok: 3 batches, 9 predictions, head {root}")
        j = r.as_json()
        self.assertEqual((j["format"], j["checked"], j["batches"], j["predictions"], j["head_hash"]),
                         ("modelreg-predictions/1", 9, 3, 9, root))
        self.assertEqual((j["first_position"], j["last_position"]), (self.batches[0][1], self.batches[2][1]))

    def test_other_seal_key_names(self):
        _, lines, _ = decision_log(seal_keys=("batchId", "count", "merkleRoot"))
        self.assertTrue(verify_lines(lines).ok)

    def test_empty_log(self):
        lines = [self.lines[0], dumps({"record": "checkpoint", "checkpoint": None}),
                 dumps({"record": "end", "batches": 0, "predictions": 0})]
        r = verify_lines(lines)
        self.assertTrue(r.ok, r.text())
        self.assertEqual(r.text(), "ok: 0 batches, 0 predictions, head none")

    def test_truncated_log(self):
        for cut in (1, 2, 7, 14):
            with self.subTest(cut=cut):
                r = verify_lines(self.lines[:cut])
                self.assertFalse(r.ok, r.text())
                self.assertIn(r.problem, ("truncated", "missing_prediction"))
        # A whole batch removed: the end line's counts disagree.
        r = verify_lines(self.lines[:12] + self.lines[14:])
        self.assertEqual(r.problem, "missing_batch", r.text())
        r = verify_lines(self.lines + [dumps({"record": "end", "batches": 3, "predictions": 9})])
        self.assertEqual(r.problem, "unexpected_line", r.text())

    def test_altered_leaf_is_root_mismatch(self):
        lines = list(self.lines)
        obj = json.loads(lines[9])
        changed = edit_line(lines[9], leaf=obj["leaf"].replace('"output":0.5', '"output":0.6'))
        self.assertTrue(one_byte_changed(lines[9], changed))
        lines[9] = changed
        self.assertBad(verify_lines(lines), "root_mismatch", 1)

    def test_swapped_predictions_are_root_mismatch(self):
        lines = list(self.lines)
        lines[7], lines[8] = lines[8], lines[7]
        self.assertBad(verify_lines(lines), "root_mismatch", 1)
        # Swapping only the leaf texts (indexes kept in order) is caught the same way.
        lines = list(self.lines)
        a, b = json.loads(lines[7]), json.loads(lines[8])
        lines[7], lines[8] = edit_line(lines[7], leaf=b["leaf"]), edit_line(lines[8], leaf=a["leaf"])
        self.assertBad(verify_lines(lines), "root_mismatch", 1)

    def test_deleted_prediction_is_missing_prediction(self):
        for line, batch, index in ((4, 0, 1), (11, 1, 4), (13, 2, 0)):
            with self.subTest(line=line):
                r = verify_lines(self.lines[:line] + self.lines[line + 1:])
                self.assertBad(r, "missing_prediction", batch)
                self.assertIn(f"leaf index {index} is absent", r.detail)

    def test_repeated_leaf_index(self):
        lines = list(self.lines)
        lines[5] = edit_line(lines[5], leaf_index=1)
        r = verify_lines(lines)
        self.assertBad(r, "missing_prediction", 0)
        self.assertIn("leaf index 1 is repeated", r.detail)

    def test_tampered_seal_is_seal_mismatch(self):
        # The seal event itself altered: its hash no longer recomputes.
        lines = list(self.lines)
        obj = json.loads(lines[6])
        obj["seal"]["data"] = obj["seal"]["data"].replace('"size":5', '"size":4')
        lines[6] = dumps(obj)
        self.assertBad(verify_lines(lines), "seal_mismatch", 1)
        # The batch line claims another root or size than the (intact) seal names.
        for change in ({"merkle_root": "ab" * 32}, {"size": 4}):
            with self.subTest(change=change):
                lines = list(self.lines)
                lines[6] = edit_line(lines[6], **change)
                self.assertBad(verify_lines(lines), "seal_mismatch", 1)
        # A seal borrowed from a later batch (whole, so its hash is intact) does not name this batch.
        lines = list(self.lines)
        other = json.loads(self.lines[12])["seal"]
        lines[6] = edit_line(lines[6], seal=other)
        r = verify_lines(lines)
        self.assertEqual((r.problem, r.batch_id), ("seal_mismatch", self.batches[1][0]), r.text())
        self.assertIn("does not name batch", r.detail)
        # The same seal twice reads as batches out of seal order.
        lines = list(self.lines)
        lines[6] = edit_line(lines[6], seal=json.loads(self.lines[2])["seal"])
        self.assertEqual(verify_lines(lines).problem, "reordered")

    def test_seal_must_be_a_seal_event(self):
        led, lines, batches = decision_log()
        obj = json.loads(lines[2])
        obj["seal"] = led.events[0]  # a ModelRegistered event with an intact hash
        r = verify_lines(lines[:2] + [dumps(obj)] + lines[3:])
        self.assertEqual(r.problem, "seal_mismatch")

    def test_bad_checkpoint(self):
        lines = list(self.lines)
        obj = json.loads(lines[6])
        obj["inclusion_proof"][0] = "00" * 32
        lines[6] = dumps(obj)
        self.assertBad(verify_lines(lines), "bad_checkpoint", 1)
        lines = list(self.lines)
        obj = json.loads(lines[1])
        obj["checkpoint"]["tree_size"] -= 1
        lines[1] = dumps(obj)
        self.assertEqual(verify_lines(lines).problem, "bad_checkpoint")  # an unsigned root vouches for no batch
        self.assertEqual(verify_lines(self.lines[:1] + self.lines[2:]).problem, "unexpected_line")  # no checkpoint line

    def test_batches_out_of_seal_order(self):
        lines = self.lines[:2] + self.lines[6:12] + self.lines[2:6] + self.lines[12:]
        self.assertBad(verify_lines(lines), "reordered", 0)

    def test_text_of_a_bad_batch(self):
        lines = self.lines[:4] + self.lines[5:]
        r = verify_lines(lines)
        bid, pos = self.batches[0][:2]
        self.assertEqual(r.text(), f"BAD in batch {bid} (seal position {pos}): missing_prediction — leaf index 1 is "
                                   f"absent (2 of 3 predictions present)")


# --------------------------------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------------------------------


class CommandLineTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def write(self, name: str, text: str) -> str:
        path = os.path.join(self.dir.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def run_cli(self, *args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, LC_ALL="C", PYTHONIOENCODING="")  # a verdict must print even in the C locale
        return subprocess.run([sys.executable, str(VERIFY), *args], capture_output=True, env=env, timeout=120)

    def test_events(self):
        led = demo_ledger(10)
        good = self.write("good.jsonl", "\n".join(events_export(led, 1, 10, 10, 4)) + "\n")
        p = self.run_cli(good)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode("utf-8"), f"ok: 10 events, positions 1…10, head {led.events[9]['hash']}\n")

        lines = events_export(led, 1, 10, 10, 4)
        del lines[5]
        bad = self.write("bad.jsonl", "\n".join(lines) + "\n")
        p = self.run_cli(bad)
        self.assertEqual(p.returncode, 1)
        self.assertTrue(p.stdout.decode().startswith("BAD at position 5: missing_position — "), p.stdout)

        p = self.run_cli(bad, "--json")
        self.assertEqual(p.returncode, 1)
        j = json.loads(p.stdout)
        self.assertEqual((j["ok"], j["problem"], j["bad_position"], j["format"], j["checked"]),
                         (False, "missing_position", 5, "modelreg-events/1", 4))

        p = self.run_cli(good, "--json")
        self.assertEqual(json.loads(p.stdout)["head_hash"], led.events[9]["hash"])

    def test_checkpoint_option(self):
        led = demo_ledger(10)
        published = self.write("cp.json", json.dumps(led.checkpoint(6)))
        good = self.write("good.jsonl", "\n".join(events_export(led)) + "\n")
        self.assertEqual(self.run_cli(good, "--checkpoint", published).returncode, 0)
        forged = demo_ledger(10)
        forged.events[1]["actor"] = "mallory"
        forged.rechain(2)
        forged_path = self.write("forged.jsonl", "\n".join(events_export(forged)) + "\n")
        self.assertEqual(self.run_cli(forged_path).returncode, 0)
        p = self.run_cli(forged_path, "--checkpoint", published)
        self.assertEqual(p.returncode, 1)
        self.assertTrue(p.stdout.decode().startswith("BAD at position 6: checkpoint_mismatch — "), p.stdout)
        key = b64(vl.ed25519_public_key(REGISTRY_SEED))
        self.assertEqual(self.run_cli(good, "--checkpoint", published, "--public-key", key).returncode, 0)
        # A reference checkpoint whose signature fails cannot judge anything: exit 2.
        cp = led.checkpoint(6)
        cp["root_hash"] = "00" * 32
        p = self.run_cli(good, "--checkpoint", self.write("badcp.json", json.dumps(cp)))
        self.assertEqual(p.returncode, 2)
        self.assertIn("does not verify", p.stderr.decode())
        # Not covered by the export: exit 2.
        part = self.write("part.jsonl", "\n".join(events_export(led, 1, 5)) + "\n")
        self.assertEqual(self.run_cli(part, "--checkpoint", published).returncode, 2)

    def test_decision_log(self):
        led, lines, batches = decision_log()
        good = self.write("log.jsonl", "\n".join(lines) + "\n")
        p = self.run_cli(good)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode(), f"ok: 3 batches, 9 predictions, head {mth(led.hashes()).hex()}\n")
        bad = self.write("bad.jsonl", "\n".join(lines[:8] + lines[9:]) + "\n")
        p = self.run_cli(bad)
        self.assertEqual(p.returncode, 1)
        self.assertTrue(p.stdout.decode().startswith(
            f"BAD in batch {batches[1][0]} (seal position {batches[1][1]}): missing_prediction — leaf index 1"))
        j = json.loads(self.run_cli(bad, "--json").stdout)
        self.assertEqual((j["batch_id"], j["bad_position"], j["problem"]),
                         (batches[1][0], batches[1][1], "missing_prediction"))

    def test_input_errors_exit_2(self):
        cases = {
            "empty.jsonl": "",
            "nojson.jsonl": "this is not JSON\n",
            "unknown.jsonl": json.dumps({"record": "header", "format": "modelreg-other/9"}) + "\n",
            "noheader.jsonl": json.dumps({"record": "event", "position": 1}) + "\n",
            "nopos.jsonl": json.dumps({"record": "header", "format": "modelreg-events/1"}) + "\n",
        }
        for name, text in cases.items():
            with self.subTest(name=name):
                p = self.run_cli(self.write(name, text))
                self.assertEqual(p.returncode, 2, p.stdout)
                self.assertTrue(p.stderr.decode().startswith("error: "), p.stderr)
                self.assertEqual(p.stdout, b"")
        p = self.run_cli(os.path.join(self.dir.name, "absent.jsonl"), "--json")
        self.assertEqual(p.returncode, 2)
        self.assertEqual(json.loads(p.stdout)["problem"], "input_error")

    def test_not_json_body_line_exits_1(self):
        led = demo_ledger(4)
        lines = events_export(led)
        lines[2] = lines[2].replace('"record": "event"', '"record" "event"')
        p = self.run_cli(self.write("x.jsonl", "\n".join(lines) + "\n"))
        self.assertEqual(p.returncode, 1)
        self.assertTrue(p.stdout.decode().startswith("BAD at position 2: malformed_line — line 3 is not valid JSON"))


if __name__ == "__main__":
    unittest.main()
