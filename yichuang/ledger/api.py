"""Public ledger endpoints: anyone may check the register's log without signing in.

Every proof names its log and tree size, in the proof-file format the
standalone verifier reads (``python -m yichuang.ledger.verify``).
"""

from __future__ import annotations

import binascii
import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from yichuang.ledger import keys, selectors, services
from yichuang.ledger.checkpoint import encode_base64
from yichuang.ledger.models import Log

router = Router(tags=["ledger"], auth=None)

MAX_LEAVES_PER_PAGE = 10_000


class LogOut(Schema):
    origin: str
    tree_size: int


class ProofOut(Schema):
    log: str
    tree_size: int
    leaf_index: int | None = None
    old_size: int | None = None
    hashes: list[str]


class LeavesOut(Schema):
    log: str
    start: int
    leaves: list[str] = Field(description="each leaf's raw bytes in hexadecimal")


class InclusionQuery(Schema):
    origin: str
    index: int | None = Field(None, ge=0)
    leaf_hash: str | None = Field(None, description="64 hex digits", pattern=r"^[0-9a-fA-F]{64}$")
    tree_size: int | None = Field(None, ge=1, description="default: the latest checkpoint's")


class ConsistencyQuery(Schema):
    origin: str
    old_size: int = Field(..., ge=0)
    tree_size: int | None = Field(None, ge=0, description="default: the latest checkpoint's")


class LeavesQuery(Schema):
    origin: str
    start: int = Field(0, ge=0)
    end: int | None = Field(None, ge=0)


def _log(origin: str) -> Log:
    try:
        return selectors.log_get(origin=origin)
    except Log.DoesNotExist:
        raise Http404(origin) from None


def _latest_size(log: Log) -> int:
    checkpoint = services.checkpoint_latest(
        log=log,
        max_age=dt.timedelta(seconds=settings.LEDGER_CHECKPOINT_MAX_AGE),
        max_leaves=settings.LEDGER_CHECKPOINT_MAX_LEAVES,
    )
    if checkpoint is None:
        raise Http404("empty log")
    return checkpoint.tree_size


def _invalid(field: str, message: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ["query", field], "msg": message, "type": "value_error"}])


@router.get("/logs", response=list[LogOut], summary="Every log and its current size")
def log_list(request: HttpRequest) -> Any:
    return selectors.log_list()


@router.get("/checkpoint", summary="The latest signed checkpoint of a log (text/plain)")
def checkpoint(request: HttpRequest, origin: str) -> HttpResponse:
    log = _log(origin)
    size = _latest_size(log)
    note = selectors.checkpoint_at(log=log, tree_size=size).note
    return HttpResponse(note, content_type="text/plain; charset=utf-8")


@router.get("/key", summary="The verifier key of a log (text/plain)")
def verifier_key(request: HttpRequest, origin: str) -> HttpResponse:
    log = _log(origin)
    text = str(keys.log_verifier(owner=log.owner, origin=log.origin))
    return HttpResponse(text + "\n", content_type="text/plain; charset=utf-8")


@router.get(
    "/proof/inclusion", response=ProofOut, exclude_none=True, summary="Inclusion proof of one leaf"
)
def inclusion(request: HttpRequest, query: Query[InclusionQuery]) -> ProofOut:
    log = _log(query.origin)
    if (query.index is None) == (query.leaf_hash is None):
        raise _invalid("index", "give exactly one of index and leaf_hash")
    size = query.tree_size if query.tree_size is not None else _latest_size(log)
    if size > log.tree_size:
        raise _invalid("tree_size", f"the log has {log.tree_size} leaves")
    index = query.index
    if index is None:
        try:
            index = selectors.leaf_index_by_hash(
                log=log, leaf_hash=binascii.unhexlify(query.leaf_hash or "")
            )
        except selectors.UnknownLeafError:
            raise Http404("no such leaf") from None
    if index >= size:
        raise _invalid("index", f"leaf {index} is not in a tree of {size} leaves")
    hashes = selectors.inclusion_proof(log=log, index=index, tree_size=size)
    return ProofOut(
        log=log.origin, tree_size=size, leaf_index=index, hashes=[encode_base64(h) for h in hashes]
    )


@router.get(
    "/proof/consistency",
    response=ProofOut,
    exclude_none=True,
    summary="Consistency proof of two sizes",
)
def consistency(request: HttpRequest, query: Query[ConsistencyQuery]) -> ProofOut:
    log = _log(query.origin)
    size = query.tree_size if query.tree_size is not None else _latest_size(log)
    if size > log.tree_size:
        raise _invalid("tree_size", f"the log has {log.tree_size} leaves")
    if query.old_size > size:
        raise _invalid("old_size", f"old_size must not exceed tree_size {size}")
    hashes = selectors.consistency_proof(log=log, size1=query.old_size, size2=size)
    return ProofOut(
        log=log.origin,
        tree_size=size,
        old_size=query.old_size,
        hashes=[encode_base64(h) for h in hashes],
    )


@router.get("/leaves", response=LeavesOut, summary="Raw leaves, for checking a whole log")
def leaves(request: HttpRequest, query: Query[LeavesQuery]) -> LeavesOut:
    log = _log(query.origin)
    end = min(
        log.tree_size,
        query.end if query.end is not None else query.start + MAX_LEAVES_PER_PAGE,
        query.start + MAX_LEAVES_PER_PAGE,
    )
    if query.start > end:
        raise _invalid("start", f"start must not exceed {end}")
    data = selectors.leaves_range(log=log, start=query.start, end=end)
    return LeavesOut(log=log.origin, start=query.start, leaves=[d.hex() for d in data])
