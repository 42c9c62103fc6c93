"""RFC 9162 §2.1 correctness: the stored-node tree and the verifiers against the RFC's own
recursive definitions, written naively here (MTH, PATH, PROOF, SUBPROOF)."""
import hashlib

import pytest

from pactplatform.ledger import merkle

MAX_SIZE = 40


def H(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def k_of(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def MTH(D: list[bytes]) -> bytes:
    n = len(D)
    if n == 0:
        return H(b"")
    if n == 1:
        return H(b"\x00" + D[0])
    k = k_of(n)
    return H(b"\x01" + MTH(D[:k]) + MTH(D[k:]))


def PATH(m: int, D: list[bytes]) -> list[bytes]:
    n = len(D)
    if n == 1:
        return []
    k = k_of(n)
    if m < k:
        return PATH(m, D[:k]) + [MTH(D[k:])]
    return PATH(m - k, D[k:]) + [MTH(D[:k])]


def SUBPROOF(m: int, D: list[bytes], b: bool) -> list[bytes]:
    n = len(D)
    if m == n:
        return [] if b else [MTH(D)]
    k = k_of(n)
    if m <= k:
        return SUBPROOF(m, D[:k], b) + [MTH(D[k:])]
    return SUBPROOF(m - k, D[k:], False) + [MTH(D[:k])]


def PROOF(m: int, D: list[bytes]) -> list[bytes]:
    return SUBPROOF(m, D, True)


ENTRIES = [f'{{"index":{i},"event":"test"}}'.encode() for i in range(MAX_SIZE)]


@pytest.fixture(scope="module")
def tree():
    t = merkle.MemoryTree()
    for entry in ENTRIES:
        t.append(entry)
    return t


def test_known_vectors():
    # Hand-checked against the definition: one leaf, two leaves, and the empty tree.
    assert merkle.EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert merkle.leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    t = merkle.MemoryTree()
    t.append(b"a")
    t.append(b"b")
    assert merkle.root(2, t.fetch) == H(b"\x01" + H(b"\x00a") + H(b"\x00b"))


def test_stored_nodes_are_complete_subtrees_only(tree):
    # ~2 nodes per leaf, each equal to the MTH of the range it covers.
    assert len(tree.nodes) <= 2 * MAX_SIZE
    for (level, idx), digest in tree.nodes.items():
        start = idx << level
        assert digest == MTH(ENTRIES[start:start + (1 << level)])


@pytest.mark.parametrize("n", range(1, MAX_SIZE + 1))
def test_roots(tree, n):
    expected = MTH(ENTRIES[:n])
    assert merkle.root(n, tree.fetch) == expected
    # The frontier after n appends knows the same root without any stored node.
    f = merkle.Frontier()
    for entry in ENTRIES[:n]:
        f.append(merkle.leaf_hash(entry))
    assert f.root() == expected
    assert merkle.Frontier.from_bytes(n, f.to_bytes()).root() == expected


@pytest.mark.parametrize("n", range(1, MAX_SIZE + 1))
def test_inclusion_proofs(tree, n):
    root = MTH(ENTRIES[:n])
    for m in range(n):
        expected = PATH(m, ENTRIES[:n])
        proof = merkle.inclusion_proof(m, n, tree.fetch)
        assert proof == expected, (m, n)
        leaf = merkle.leaf_hash(ENTRIES[m])
        assert merkle.verify_inclusion(leaf, m, n, proof, root)
        # Wrong leaf, wrong index, wrong size, wrong root, tampered or truncated path all fail.
        assert not merkle.verify_inclusion(merkle.leaf_hash(b"x"), m, n, proof, root)
        if n > 1:
            assert not merkle.verify_inclusion(leaf, (m + 1) % n, n, proof, root)
            assert not merkle.verify_inclusion(leaf, m, n, proof[:-1], root)
            assert not merkle.verify_inclusion(leaf, m, n, proof + [root], root)
            bad = list(proof)
            bad[0] = H(bad[0])
            assert not merkle.verify_inclusion(leaf, m, n, bad, root)
        assert not merkle.verify_inclusion(leaf, m, n, proof, H(root))
        assert not merkle.verify_inclusion(leaf, n, n, proof, root)


@pytest.mark.parametrize("n", range(1, MAX_SIZE + 1))
def test_consistency_proofs(tree, n):
    second_root = MTH(ENTRIES[:n])
    for m in range(1, n + 1):
        expected = PROOF(m, ENTRIES[:n])
        proof = merkle.consistency_proof(m, n, tree.fetch)
        assert proof == expected, (m, n)
        first_root = MTH(ENTRIES[:m])
        assert merkle.verify_consistency(m, n, first_root, second_root, proof)
        assert not merkle.verify_consistency(m, n, H(first_root), second_root, proof)
        assert not merkle.verify_consistency(m, n, first_root, H(second_root), proof)
        if proof:
            bad = list(proof)
            bad[-1] = H(bad[-1])
            assert not merkle.verify_consistency(m, n, first_root, second_root, bad)
            assert not merkle.verify_consistency(m, n, first_root, second_root, proof[:-1])
        if m < n:
            # A history that differs in the first tree is not consistent with the second.
            forked = list(ENTRIES[:m])
            forked[0] = b"forged"
            assert not merkle.verify_consistency(m, n, MTH(forked), second_root, proof)


def test_proof_cost_is_logarithmic():
    # At a billion leaves a proof needs a few dozen stored subtrees, never a scan.
    n = 1_000_000_007
    for index in (0, 1, n // 2, n - 2, n - 1):
        plan = merkle.inclusion_plan(index, n)
        assert sum(len(e) for e in plan) <= 2 * n.bit_length()
    for first in (1, 2, 3, n // 3, n - 1):
        plan = merkle.consistency_plan(first, n)
        assert sum(len(e) for e in plan) <= 2 * n.bit_length()


def test_bad_arguments():
    with pytest.raises(ValueError):
        merkle.inclusion_plan(5, 5)
    with pytest.raises(ValueError):
        merkle.consistency_plan(0, 5)
    with pytest.raises(ValueError):
        merkle.consistency_plan(6, 5)
    assert not merkle.verify_consistency(0, 5, b"", b"", [])
    assert not merkle.verify_consistency(3, 5, b"a", b"b", [])
