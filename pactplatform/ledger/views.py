"""The public log API under /api/v1/log (no login). Thin: parse, call queries, shape JSON."""
from apiflask import APIBlueprint
from flask import Response, current_app, url_for
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..web.api import BadParameter, api_error, int_arg
from . import keys, merkle, operations, queries
from .errors import LedgerIntegrityError
from .operations import b64

bp = APIBlueprint("ledger_api", __name__, url_prefix="/api/v1/log", tag="Transparency log")


@bp.errorhandler(LedgerIntegrityError)
@bp.errorhandler(merkle.MissingNode)
def _inconsistent(error):
    # Someone changed the stored log: say so loudly rather than serve or sign a rewritten history.
    db.session.rollback()
    current_app.logger.critical("transparency log integrity: %s", error)
    return api_error(503, "log_inconsistent", "the stored log is inconsistent; it has been reported")


@bp.get("/key.pem")
@bp.doc(summary="The log's public key (ECDSA P-256, PEM)")
def key_pem():
    return Response(keys.public_pem(), mimetype="application/x-pem-file")


@bp.get("/sth")
@bp.doc(summary="The signed tree head",
        description="signature: base64 DER ECDSA-SHA256 over the canonical JSON (sorted keys, no "
                    "whitespace) of tree_size, timestamp (ms since the epoch) and root_hash (base64).")
def sth():
    try:
        head = operations.sign_tree_head()
        fields = _head_json(head)
        db.session.commit()
    except IntegrityError:
        # Another request signed this size at the same moment: serve the one that was stored.
        db.session.rollback()
        head = operations.sign_tree_head()
        fields = _head_json(head)
    return fields


def _head_json(head) -> dict:
    return {
        "tree_size": head.tree_size,
        "timestamp": head.timestamp,
        "root_hash": b64(bytes(head.root_hash)),
        "signature": b64(bytes(head.signature)),
    }


@bp.get("/entries")
@bp.doc(summary="Entries start..end-1, each the exact logged string",
        description=f"At most {queries.MAX_PAGE} entries per request.")
def entries():
    size = queries.tree_size()
    start = int_arg("start")
    end = int_arg("end", default=min(start + queries.MAX_PAGE, size))
    if start > end:
        raise BadParameter("start must not exceed end")
    if end > size:
        raise BadParameter(f"end is beyond the tree (size {size})")
    if end - start > queries.MAX_PAGE:
        raise BadParameter(f"at most {queries.MAX_PAGE} entries per request")
    return {"entries": [{"index": row.index, "entry": row.entry} for row in queries.entries(start, end)]}


@bp.get("/proof/inclusion")
@bp.doc(summary="Inclusion proof of one entry in a tree (RFC 9162 §2.1.3)")
def inclusion():
    size = queries.tree_size()
    index = int_arg("index")
    tree_size = int_arg("tree_size", default=size)
    if tree_size > size:
        raise BadParameter(f"tree_size is beyond the tree (size {size})")
    if index >= tree_size:
        raise BadParameter("index must be smaller than tree_size")
    path = queries.inclusion_proof(index, tree_size)
    return {"index": index, "tree_size": tree_size, "audit_path": [b64(h) for h in path]}


@bp.get("/proof/consistency")
@bp.doc(summary="Consistency proof between two tree sizes (RFC 9162 §2.1.4)")
def consistency():
    size = queries.tree_size()
    first = int_arg("first")
    second = int_arg("second", default=size)
    if first < 1:
        raise BadParameter("first must be at least 1")
    if first > second:
        raise BadParameter("first must not exceed second")
    if second > size:
        raise BadParameter(f"second is beyond the tree (size {size})")
    proof = queries.consistency_proof(first, second)
    return {"first": first, "second": second, "proof": [b64(h) for h in proof]}


@bp.app_template_global("ledger_entry")
def ledger_entry(record):
    """The latest log entry of a record, for "log index N" on public pages."""
    return queries.entry_for_record(record)


@bp.app_template_global("ledger_proof_url")
def ledger_proof_url(entry, _external: bool = False) -> str:
    return url_for("ledger_api.inclusion", index=entry.index, tree_size=queries.tree_size(), _external=_external)
