"""RFC 9162 §2.1 Merkle tree hashing, proofs and their verification, over stored subtrees.

Pure (no Flask, no database): the platform and the standalone verifier both use it.

Storage model: every *complete aligned* subtree is stored once, when it completes, as a node
keyed (level, idx): it covers leaves [idx·2^level, (idx+1)·2^level). Level 0 holds leaf hashes.
Every range the RFC's recursion touches starts on a boundary aligned to a power of two at least
as large as the range, so it splits into at most log2(n) stored subtrees ("chunks"). A proof is
therefore planned as a list of chunk lists, all fetched in one batch, and costs O(log n) hashes.
"""
import hashlib
from typing import Callable, Iterable, Sequence

HASH_SIZE = 32
Key = tuple[int, int]  # (level, idx)


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


EMPTY_ROOT = hashlib.sha256(b"").digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than n (n > 1): RFC 9162's k."""
    return 1 << ((n - 1).bit_length() - 1)


def chunks(start: int, end: int) -> list[Key]:
    """The stored subtrees making up [start, end), largest (leftmost) first."""
    keys = []
    while start < end:
        level = (end - start).bit_length() - 1
        keys.append((level, start >> level))
        start += 1 << level
    return keys


def fold(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from its chunks' hashes: RFC's right-leaning split means a right fold."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


# --- planning: which stored subtrees a root or proof needs ---------------------------------------

def root_plan(size: int) -> list[list[Key]]:
    return [chunks(0, size)]


def inclusion_plan(index: int, size: int) -> list[list[Key]]:
    """PATH(index, D[0:size]) as chunk lists, in RFC order (leaf's sibling first)."""
    if not 0 <= index < size:
        raise ValueError("index must be in [0, size)")
    path, start, end = [], 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(chunks(start + k, end))
            end = start + k
        else:
            path.append(chunks(start, start + k))
            start += k
    path.reverse()
    return path


def consistency_plan(first: int, second: int) -> list[list[Key]]:
    """PROOF(first, D[0:second]) = SUBPROOF(first, D[0:second], true) as chunk lists."""
    if not 0 < first <= second:
        raise ValueError("need 0 < first <= second")
    proof, start, end, m, complete = [], 0, second, first, True
    while True:
        if m == end - start:
            if not complete:
                proof.append(chunks(start, end))
            break
        k = split_point(end - start)
        if m <= k:
            proof.append(chunks(start + k, end))
            end = start + k
        else:
            proof.append(chunks(start, start + k))
            m -= k
            start += k
            complete = False
    proof.reverse()
    return proof


Fetch = Callable[[Iterable[Key]], dict[Key, bytes]]


class MissingNode(LookupError):
    pass


def resolve(plan: list[list[Key]], fetch: Fetch) -> list[bytes]:
    """Fetch every chunk of a plan in one call and fold each element."""
    wanted = {key for element in plan for key in element}
    found = fetch(wanted)
    missing = wanted - found.keys()
    if missing:
        raise MissingNode(f"stored subtrees missing: {sorted(missing)[:5]}")
    return [fold([found[key] for key in element]) for element in plan]


def root(size: int, fetch: Fetch) -> bytes:
    if size == 0:
        return EMPTY_ROOT
    return resolve(root_plan(size), fetch)[0]


def inclusion_proof(index: int, size: int, fetch: Fetch) -> list[bytes]:
    return resolve(inclusion_plan(index, size), fetch)


def consistency_proof(first: int, second: int, fetch: Fetch) -> list[bytes]:
    return resolve(consistency_plan(first, second), fetch)


# --- appending: the frontier (right edge) of the tree ------------------------------------------

class Frontier:
    """The hashes of the stored subtrees that make up [0, size), largest first.

    Appending a leaf completes one subtree per trailing 1-bit of the old size, so it creates
    on average two nodes and never reads older ones.
    """

    __slots__ = ("size", "hashes")

    def __init__(self, size: int = 0, hashes: list[bytes] | None = None):
        self.size = size
        self.hashes = hashes if hashes is not None else []
        if len(self.hashes) != bin(size).count("1"):
            raise ValueError("frontier does not match the tree size")

    @classmethod
    def from_bytes(cls, size: int, packed: bytes) -> "Frontier":
        return cls(size, [packed[i:i + HASH_SIZE] for i in range(0, len(packed), HASH_SIZE)])

    def to_bytes(self) -> bytes:
        return b"".join(self.hashes)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the completed nodes as (level, idx, hash)."""
        idx, level, current = self.size, 0, leaf
        created = [(0, idx, leaf)]
        while idx & 1:
            current = node_hash(self.hashes.pop(), current)
            level += 1
            idx >>= 1
            created.append((level, idx, current))
        self.hashes.append(current)
        self.size += 1
        return created

    def root(self) -> bytes:
        return fold(self.hashes) if self.hashes else EMPTY_ROOT


# --- verification: RFC 9162 §2.1.3.2 and §2.1.4.2, written from the RFC's algorithms ----------

def verify_inclusion(leaf: bytes, index: int, size: int, path: Sequence[bytes], root_hash: bytes) -> bool:
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    if not 0 < first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
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
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


class MemoryTree:
    """An in-memory stored-node tree: for tests, the benchmark and offline tools."""

    def __init__(self):
        self.frontier = Frontier()
        self.nodes: dict[Key, bytes] = {}

    @property
    def size(self) -> int:
        return self.frontier.size

    def append(self, entry: bytes) -> None:
        for level, idx, digest in self.frontier.append(leaf_hash(entry)):
            self.nodes[(level, idx)] = digest

    def fetch(self, keys: Iterable[Key]) -> dict[Key, bytes]:
        return {key: self.nodes[key] for key in keys if key in self.nodes}
