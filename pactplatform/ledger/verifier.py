"""pactplatform-verify BASE_URL: audit a PactPlatform transparency log from outside.

Needs only requests, cryptography and tqdm (no Flask, no database). It fetches the signed tree
head, checks its signature, downloads every entry and recomputes the root, checks inclusion and
consistency proofs served by the platform, and remembers the last tree head it accepted (in a
state file) so that a log which rewrites or drops history is caught on the next run.

Exit status: 0 verified, 1 the log failed verification, 2 the log could not be fetched.
"""
import argparse
import base64
import hashlib
import json
import os
import random
import sys
import tempfile
from pathlib import Path

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from tqdm import tqdm

from . import canonical, merkle

DEFAULT_STATE = Path.home() / ".pactplatform-verify.json"
PAGE = 1000


class VerificationError(Exception):
    """The log is not what it claims to be."""


class Client:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base = base_url.rstrip("/") + "/api/v1/log"
        self.http = requests.Session()
        self.timeout = timeout

    def get(self, path: str, **params):
        response = self.http.get(self.base + path, params=params, timeout=self.timeout)
        response.raise_for_status()
        return response

    def json(self, path: str, **params) -> dict:
        return self.get(path, **params).json()


def b64d(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def check_signature(public_key, sth: dict) -> bytes:
    payload = canonical.encode({"tree_size": sth["tree_size"], "timestamp": sth["timestamp"],
                                "root_hash": sth["root_hash"]})
    try:
        public_key.verify(b64d(sth["signature"]), payload, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise VerificationError("the tree head's signature is not valid under the log key") from None
    return b64d(sth["root_hash"])


def download(client: Client, size: int, checkpoints: set[int], progress: bool):
    """Every leaf hash, the root at each checkpoint size, and the final root."""
    frontier = merkle.Frontier()
    leaves: list[bytes] = []
    roots: dict[int, bytes] = {}
    with tqdm(total=size, unit="entry", desc="entries", disable=not progress) as bar:
        while frontier.size < size:
            start = frontier.size
            page = client.json("/entries", start=start, end=min(start + PAGE, size))["entries"]
            if not page:
                raise VerificationError(f"the log returned no entries from {start} though its size is {size}")
            for item in page:
                index, text = item["index"], item["entry"]
                if index != frontier.size:
                    raise VerificationError(f"expected entry {frontier.size}, got {index}")
                _check_entry_text(index, text)
                leaf = merkle.leaf_hash(text.encode("utf-8"))
                leaves.append(leaf)
                frontier.append(leaf)
                if frontier.size in checkpoints:
                    roots[frontier.size] = frontier.root()
            bar.update(len(page))
    return leaves, roots, frontier.root()


def _check_entry_text(index: int, text: str) -> None:
    try:
        parsed = json.loads(text)
    except ValueError:
        raise VerificationError(f"entry {index} is not JSON") from None
    if not isinstance(parsed, dict) or canonical.dumps(parsed) != text or parsed.get("index") != index:
        raise VerificationError(f"entry {index} is not canonical JSON naming its own index")


def check_inclusion(client: Client, leaves: list[bytes], size: int, root_hash: bytes, samples: int) -> int:
    indexes = {0, size - 1} | {random.randrange(size) for _ in range(samples)}
    for index in sorted(indexes):
        answer = client.json("/proof/inclusion", index=index, tree_size=size)
        path = [b64d(h) for h in answer["audit_path"]]
        if not merkle.verify_inclusion(leaves[index], index, size, path, root_hash):
            raise VerificationError(f"the inclusion proof of entry {index} in tree {size} does not verify")
    return len(indexes)


def check_consistency(client: Client, first: int, second: int, first_root: bytes, second_root: bytes) -> None:
    answer = client.json("/proof/consistency", first=first, second=second)
    proof = [b64d(h) for h in answer["proof"]]
    if not merkle.verify_consistency(first, second, first_root, second_root, proof):
        raise VerificationError(f"the consistency proof from size {first} to {second} does not verify")


def load_state(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def save_state(path: Path, state: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        json.dump(state, handle, indent=2, sort_keys=True)
    os.replace(tmp, path)


def verify(base_url: str, state_path: Path, samples: int = 8, progress: bool = True, out=None) -> dict:
    out = out or sys.stdout
    client = Client(base_url)
    pem = client.get("/key.pem").content
    public_key = serialization.load_pem_public_key(pem)
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or public_key.curve.name != "secp256r1":
        raise VerificationError("the log key is not an ECDSA P-256 key")
    key_id = hashlib.sha256(public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).hexdigest()

    all_state = load_state(state_path)
    previous = all_state.get(client.base)
    if previous and previous["key_sha256"] != key_id:
        raise VerificationError(f"the log key changed since the last run (was {previous['key_sha256']}, "
                                f"now {key_id})")

    sth = client.json("/sth")
    size = sth["tree_size"]
    root_hash = check_signature(public_key, sth)
    print(f"tree head: size {size}, root {sth['root_hash']}, signature valid", file=out)

    if previous:
        if size < previous["tree_size"]:
            raise VerificationError(f"the log shrank: it had {previous['tree_size']} entries, now {size}")
        if previous["timestamp"] > sth["timestamp"]:
            raise VerificationError("the new tree head is older than the one seen before")
    checkpoints = set()
    if size > 1:
        checkpoints |= {random.randrange(1, size) for _ in range(min(samples, size - 1))}
    if previous and previous["tree_size"] > 0:
        checkpoints.add(previous["tree_size"])

    leaves, roots, computed = download(client, size, checkpoints, progress)
    if computed != root_hash:
        raise VerificationError("the root computed from the entries does not match the signed tree head")
    print(f"root recomputed from {size} entries: matches", file=out)

    if size:
        count = check_inclusion(client, leaves, size, root_hash, samples)
        print(f"inclusion proofs: {count} verified", file=out)
    if previous and previous["tree_size"] > 0:
        # The remembered head is checked twice: against the entries served now, and through
        # the platform's own consistency proof (what a verifier without the entries relies on).
        old_size, old_root = previous["tree_size"], b64d(previous["root_hash"])
        if roots[old_size] != old_root:
            raise VerificationError(
                f"the log is not consistent with the tree head seen before (size {old_size}, "
                f"root {previous['root_hash']}): history was rewritten")
        check_consistency(client, old_size, size, old_root, root_hash)
        print(f"consistent with the tree head seen before (size {old_size})", file=out)
    for first in sorted(checkpoints):
        check_consistency(client, first, size, roots[first], root_hash)
    print(f"consistency proofs: {len(checkpoints)} verified", file=out)

    all_state[client.base] = {"tree_size": size, "root_hash": sth["root_hash"], "timestamp": sth["timestamp"],
                              "signature": sth["signature"], "key_sha256": key_id}
    save_state(state_path, all_state)
    return sth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pactplatform-verify", description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the platform's address, e.g. https://pact.example.org")
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE,
                        help=f"where the last accepted tree head is remembered (default {DEFAULT_STATE})")
    parser.add_argument("--samples", type=int, default=8, help="random inclusion/consistency proofs to check")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        verify(args.base_url, args.state, samples=args.samples, progress=not args.no_progress)
    except VerificationError as error:
        print(f"\n*** VERIFICATION FAILED: {error} ***", file=sys.stderr)
        return 1
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        print(f"\n*** could not fetch or read the log: {error} ***", file=sys.stderr)
        return 2
    print("OK: the log verifies", file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
