"""The public log API under /api/v1/log (no login). Thin: parse, call queries, shape JSON."""
from apiflask.schemas import FileSchema
from flask import Response, current_app, url_for
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..web.api import ApiError, api_blueprint, api_error
from . import keys, merkle, operations, queries
from .api_schemas import (
    ConsistencyProof, ConsistencyQuery, Entries, EntriesQuery, InclusionProof, InclusionQuery, TreeHead,
)
from .errors import LedgerIntegrityError
from .operations import b64

bp = api_blueprint("ledger_api", __name__, url_prefix="/api/v1/log", tag="Transparency log")

INCONSISTENT = {503: "The stored log is inconsistent (log_inconsistent); it has been reported"}


def _no_such(message: str):
    return ApiError(404, "not_found", message)


@bp.errorhandler(LedgerIntegrityError)
@bp.errorhandler(merkle.MissingNode)
def _inconsistent(error):
    # Someone changed the stored log: say so loudly rather than serve or sign a rewritten history.
    db.session.rollback()
    current_app.logger.critical("transparency log integrity: %s", error)
    return api_error(503, "log_inconsistent", "the stored log is inconsistent; it has been reported")


@bp.get("/key.pem")
@bp.output(FileSchema(), content_type="application/x-pem-file", description="The public key, PEM")
@bp.doc(summary="The log's public key (ECDSA P-256, PEM)")
def key_pem():
    return Response(keys.public_pem(), mimetype="application/x-pem-file")


@bp.get("/sth")
@bp.output(TreeHead)
@bp.doc(summary="The signed tree head", responses=INCONSISTENT,
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
@bp.input(EntriesQuery, location="query", arg_name="query")
@bp.output(Entries)
@bp.doc(summary="Entries start..end-1, each the exact logged string", responses=INCONSISTENT,
        description=f"The entries of the range that exist, at most {queries.MAX_PAGE} per request (as RFC 6962 "
                    "§4.6 allows): fewer than asked means ask again from the next index. A range that is empty "
                    "or starts at or after the tree's end gives no entries.")
def entries(query):
    start = query["start"]
    end = min(query.get("end", start + queries.MAX_PAGE), start + queries.MAX_PAGE, queries.tree_size())
    if start >= end:
        return {"entries": []}
    return {"entries": [{"index": row.index, "entry": row.entry} for row in queries.entries(start, end)]}


@bp.get("/proof/inclusion")
@bp.input(InclusionQuery, location="query", arg_name="query")
@bp.output(InclusionProof)
@bp.doc(summary="Inclusion proof of one entry in a tree (RFC 9162 §2.1.3)",
        responses={404: "No such entry in that tree, or no tree of that size yet (not_found)", **INCONSISTENT})
def inclusion(query):
    size = queries.tree_size()
    index, tree_size = query["index"], query.get("tree_size", size)
    if tree_size > size:
        raise _no_such(f"The log has no tree of size {tree_size}: its size is {size}.")
    if index >= tree_size:
        raise _no_such(f"A tree of size {tree_size} has no entry {index}.")
    path = queries.inclusion_proof(index, tree_size)
    return {"index": index, "tree_size": tree_size, "audit_path": [b64(h) for h in path]}


@bp.get("/proof/consistency")
@bp.input(ConsistencyQuery, location="query", arg_name="query")
@bp.output(ConsistencyProof)
@bp.doc(summary="Consistency proof between two tree sizes (RFC 9162 §2.1.4)",
        responses={404: "No tree of that size yet, or first is larger than second (not_found)", **INCONSISTENT})
def consistency(query):
    size = queries.tree_size()
    first, second = query["first"], query.get("second", size)
    if second > size:
        raise _no_such(f"The log has no tree of size {second}: its size is {size}.")
    if first > second:
        raise _no_such(f"There is no proof from a tree of size {first} to a smaller one of size {second}.")
    proof = queries.consistency_proof(first, second)
    return {"first": first, "second": second, "proof": [b64(h) for h in proof]}


@bp.app_template_global("ledger_entry")
def ledger_entry(record):
    """The latest log entry of a record, for "log index N" on public pages."""
    return queries.entry_for_record(record)


@bp.app_template_global("ledger_proof_url")
def ledger_proof_url(entry, _external: bool = False) -> str:
    return url_for("ledger_api.inclusion", index=entry.index, tree_size=queries.tree_size(), _external=_external)
