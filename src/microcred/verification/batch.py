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
import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
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

__all__ = ["BATCH_MAX_ITEMS", "IN_PROCESS_BELOW", "verify_batch"]

BATCH_MAX_ITEMS: Final = 10_000
IN_PROCESS_BELOW: Final = 64  # below this many credentials the pool's round trip costs more than it saves
_CHUNK: Final = 125
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
    chunk: Sequence[object], dids: Mapping[str, Any], status_lists: Mapping[str, Any], now: datetime
) -> list[dict[str, Any]]:
    """Worker side: credcore only. Returns each result's JSON and its checks (for the trust check)."""
    resolver = DidResolver(documents=dids)
    fetcher = static_status_fetcher(status_lists)
    cache = StatusListCache()
    out = []
    for item in chunk:
        result = verify_credential(
            item, resolver=resolver, status_fetcher=fetcher, now=now, status_cache=cache
        )
        out.append({"crypto": signature_established(result.checks), "json": result.to_json()})
    return out


def _trust_json(signature_ok: bool, trust: IssuerTrust) -> tuple[dict[str, Any], bool]:
    check = trust_check_for(signature_ok, trust)
    return check.to_json(), check.status == "warning"


def verify_batch(
    items: Sequence[object], *, now: datetime | None = None, documents: PlatformDocuments | None = None
) -> list[dict[str, Any]]:
    """One result per item, in order: ``verified``, ``checks``, ``problemDetails``, ``warnings``."""
    when = now or datetime.now(UTC)
    documents = documents or PlatformDocuments()
    dids, status_lists = _preload(items, documents)
    chunks = [list(items[start : start + _CHUNK]) for start in range(0, len(items), _CHUNK)]
    if len(items) < IN_PROCESS_BELOW or _workers() < 2:
        raw = [row for chunk in chunks for row in _verify_chunk(chunk, dids, status_lists, when)]
    else:
        pool = _get_pool()
        futures = [pool.submit(_verify_chunk, chunk, dids, status_lists, when) for chunk in chunks]
        raw = [row for future in futures for row in future.result()]
    trusts: dict[str | None, IssuerTrust] = {}
    results = []
    for index, (item, row) in enumerate(zip(items, raw, strict=True)):
        issuer = issuer_id_of(item) if isinstance(item, Mapping) else None
        if issuer not in trusts:
            trusts[issuer] = issuer_trust(issuer, documents)
        check_json, warns = _trust_json(row["crypto"], trusts[issuer])
        body = row["json"]
        body["checks"].append(check_json)
        body["warnings"] = [*body.get("warnings", []), *(check_json["problems"] if warns else [])]
        credential_id = item.get("id") if isinstance(item, Mapping) else None
        results.append(
            {
                "index": index,
                "credentialId": credential_id if isinstance(credential_id, str) else None,
                **body,
            }
        )
    return results
