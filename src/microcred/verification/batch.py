"""Batch verification for applicant-tracking systems: thousands of credentials per call, on every core.

The parent (the web process) reads what the batch needs once — the DID documents of every issuer and
signer, the status list credentials and their signers' documents, the issuer-trust verdicts — then hands
chunks of credentials to a pool of worker processes that run credcore alone (no Django, no database, no
network): each worker resolves only from the preloaded documents, so a document the parent could not obtain
stays unavailable and the check that needed it fails closed. Small batches run in-process.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from django.conf import settings

from credcore.dids import DidResolver
from credcore.status import static_status_fetcher
from credcore.status_validation import StatusListCache
from credcore.verifier import verify_credential
from microcred.verification.fetching import DocumentUnavailable, PlatformDocuments
from microcred.verification.trust import (
    IssuerTrust,
    issuer_id_of,
    issuer_trust,
    signature_established,
    trust_check_for,
)

__all__ = ["BATCH_MAX_ITEMS", "IN_PROCESS_BELOW", "BatchOutcome", "verify_batch"]

BATCH_MAX_ITEMS: Final = 10_000
IN_PROCESS_BELOW: Final = 64  # below this many credentials the pool's round trip costs more than it saves
_CHUNK_MAX: Final = 125  # credentials per task: big enough to amortise a round trip
_CHUNK_MIN: Final = 16
_ENDORSEMENT_DEPTH: Final = 2

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> int:
    configured = getattr(settings, "MICROCRED_VERIFY_WORKERS", 0)
    return int(configured) if configured else max(1, os.cpu_count() or 1)


def _get_pool() -> ProcessPoolExecutor:
    """One pool per web process, started on first use (spawned: workers import credcore only)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=_workers(), mp_context=context)
            atexit.register(_pool.shutdown, wait=False, cancel_futures=True)
        return _pool


def _controller(method: object) -> str | None:
    return method.partition("#")[0] if isinstance(method, str) and ":" in method else None


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _signed_things(document: Mapping[str, Any], depth: int = 0) -> Iterator[Mapping[str, Any]]:
    """The credential and its embedded endorsements (whose issuers and keys must be resolved too)."""
    yield document
    if depth >= _ENDORSEMENT_DEPTH:
        return
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    holders = [document, document.get("issuer"), achievement]
    if isinstance(achievement, Mapping):
        holders.append(achievement.get("creator"))
    for holder in holders:
        if isinstance(holder, Mapping):
            for endorsement in _as_list(holder.get("endorsement")):
                if isinstance(endorsement, Mapping):
                    yield from _signed_things(endorsement, depth + 1)


def _needs(document: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """Controller documents and status list URLs one credential's verification will ask for."""
    controllers: set[str] = set()
    lists: set[str] = set()
    for thing in _signed_things(document):
        if (issuer := issuer_id_of(thing)) is not None:
            controllers.add(issuer)
        for proof in _as_list(thing.get("proof")):
            if isinstance(proof, Mapping) and (controller := _controller(proof.get("verificationMethod"))):
                controllers.add(controller)
        for entry in _as_list(thing.get("credentialStatus")):
            if isinstance(entry, Mapping) and isinstance(entry.get("statusListCredential"), str):
                lists.add(entry["statusListCredential"])
    return controllers, lists


def _preload(items: Sequence[object], documents: PlatformDocuments) -> tuple[dict[str, Any], dict[str, Any]]:
    controllers: set[str] = set()
    lists: set[str] = set()
    for item in items:
        if isinstance(item, Mapping):
            found_controllers, found_lists = _needs(item)
            controllers |= found_controllers
            lists |= found_lists
    status_lists: dict[str, Any] = {}
    for url in sorted(lists):
        try:
            status_lists[url] = documents.status(url)
        except DocumentUnavailable:
            continue
        if isinstance(status_lists[url], Mapping):
            controllers |= _needs(status_lists[url])[0]
    dids: dict[str, Any] = {}
    for controller in sorted(controllers):
        if controller.startswith("did:key:"):
            continue  # resolved locally by credcore
        with contextlib.suppress(Exception):  # unresolvable: left out, so verification fails closed on it
            dids[controller] = documents.resolver.resolve(controller)
    return dids, status_lists


def _verify_chunk(
    chunk: Sequence[object],
    first_index: int,
    dids: Mapping[str, Any],
    status_lists: Mapping[str, Any],
    trusts: Mapping[str | None, IssuerTrust],
    now: datetime,
) -> tuple[int, str]:
    """Worker side (credcore only): how many verified, and the chunk's results as JSON array items."""
    resolver = DidResolver(documents=dids)
    fetcher = static_status_fetcher(status_lists)
    cache = StatusListCache()
    verified = 0
    parts = []
    for offset, item in enumerate(chunk):
        result = verify_credential(
            item, resolver=resolver, status_fetcher=fetcher, now=now, status_cache=cache
        )
        issuer = issuer_id_of(item) if isinstance(item, Mapping) else None
        result = result.with_check(trust_check_for(signature_established(result.checks), trusts[issuer]))
        verified += result.verified
        credential_id = item.get("id") if isinstance(item, Mapping) else None
        body = {
            "index": first_index + offset,
            "credentialId": credential_id if isinstance(credential_id, str) else None,
            "warnings": [],
            **result.to_json(),
        }
        parts.append(json.dumps(body, ensure_ascii=False, separators=(",", ":")))
    return verified, ",".join(parts)


def _collect(future: Future[tuple[int, str]], job: tuple[Any, ...]) -> tuple[int, str]:
    """A chunk's result from its worker; if the pool could not run it (a chunk too deeply nested to pickle, a
    worker killed), the chunk is verified here instead, where every check fails closed on its own."""
    try:
        return future.result()
    except BrokenProcessPool:
        _reset_pool()
    except Exception:  # noqa: S110 - pickling errors and the like: verify in-process below
        pass
    return _verify_chunk(*job)


def _reset_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


@dataclass(frozen=True)
class BatchOutcome:
    verified: int
    failed: int
    results_json: str  # a JSON array, one result per item in order

    def response_json(self) -> str:
        return f'{{"verified":{self.verified},"failed":{self.failed},"results":{self.results_json}}}'


def verify_batch(
    items: Sequence[object], *, now: datetime | None = None, documents: PlatformDocuments | None = None
) -> BatchOutcome:
    """One result per item, in order (``index``, ``credentialId``, ``verified``, ``checks``,
    ``problemDetails``, ``warnings``), already encoded: workers write the JSON, the web process joins it."""
    when = now or datetime.now(UTC)
    documents = documents or PlatformDocuments()
    dids, status_lists = _preload(items, documents)
    trusts: dict[str | None, IssuerTrust] = {}
    for item in items:
        issuer = issuer_id_of(item) if isinstance(item, Mapping) else None
        if issuer not in trusts:
            trusts[issuer] = issuer_trust(issuer, documents)
    size = max(_CHUNK_MIN, min(_CHUNK_MAX, -(-len(items) // (_workers() * 4))))  # ~4 tasks per worker
    starts = range(0, len(items), size)
    jobs = [(list(items[start : start + size]), start, dids, status_lists, trusts, when) for start in starts]
    if len(items) < IN_PROCESS_BELOW or _workers() < 2:
        done = [_verify_chunk(*job) for job in jobs]
    else:
        pool = _get_pool()
        futures = [pool.submit(_verify_chunk, *job) for job in jobs]
        done = [_collect(future, job) for future, job in zip(futures, jobs, strict=True)]
    verified = sum(count for count, _ in done)
    return BatchOutcome(
        verified, len(items) - verified, "[" + ",".join(text for _, text in done if text) + "]"
    )
