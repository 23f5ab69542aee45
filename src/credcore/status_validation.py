"""Bitstring Status List Validate algorithm: is this credential revoked or suspended?

https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm. The list credential comes from an
injected ``fetcher(url) -> dict`` (never the network from the core); it must itself verify — a Data Integrity
proof by a key its issuer controls, its validity window, the entry's ``statusPurpose`` — first.
Every failure is a problem, never an exception: the caller fails closed.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from credcore._internal.credential_checks import issuer_id, proof_problems, validity_problems
from credcore.dids import DidResolver
from credcore.errors import InvalidDocumentError
from credcore.problems import (
    MALFORMED_VALUE_ERROR,
    RANGE_ERROR,
    STATUS_LIST_LENGTH_ERROR,
    STATUS_RETRIEVAL_ERROR,
    STATUS_VERIFICATION_ERROR,
    Problem,
)
from credcore.status import BitstringStatusList, BitstringStatusListEntry, StatusListFetcher, expand_bitstring

__all__ = ["StatusListCache", "StatusResult", "check_status_entry"]

# Purposes whose set bit means the credential must not be accepted (§2.1 statusPurpose).
_BLOCKING: Final = {"revocation": "credential_revoked", "suspension": "credential_suspended"}


def _problem(type_: str, code: str, title: str, detail: str, detail_fr: str) -> Problem:
    return Problem(type=type_, code=code, title=title, detail=detail, detail_fr=detail_fr)


class StatusListCache:
    """Reuse status list work across a batch of verifications (one run, one resolver).

    Verifying thousands of credentials that point at the same list should verify that list's proof once:
    proof outcomes are kept by the list credential's exact content (and the resolver used), decoded
    bitstrings by their ``encodedList``. Validity windows are still checked every time (they depend on
    "now"), and lists whose proofs carry ``expires`` are never cached. Bounded; oldest entries go first.
    """

    def __init__(self, max_entries: int = 64) -> None:
        self._max = max_entries
        self._proofs: OrderedDict[tuple[DidResolver, bytes], tuple[Problem, ...]] = OrderedDict()
        self._lists: OrderedDict[str, BitstringStatusList] = OrderedDict()

    def proof_problems(
        self, document: Mapping[str, Any], resolver: DidResolver, now: datetime
    ) -> tuple[Problem, ...]:
        key = _fingerprint(document, resolver)
        if key is None:
            return proof_problems(document, resolver, now)
        if key not in self._proofs:
            self._remember(self._proofs, key, proof_problems(document, resolver, now))
        return self._proofs[key]

    def status_list(self, encoded_list: Any) -> BitstringStatusList:
        if not isinstance(encoded_list, str):
            return BitstringStatusList(expand_bitstring(encoded_list))
        if encoded_list not in self._lists:
            self._remember(self._lists, encoded_list, BitstringStatusList(expand_bitstring(encoded_list)))
        return self._lists[encoded_list]

    def _remember(self, store: OrderedDict[Any, Any], key: Any, value: Any) -> None:
        store[key] = value
        while len(store) > self._max:
            store.popitem(last=False)


def _fingerprint(document: Mapping[str, Any], resolver: DidResolver) -> tuple[DidResolver, bytes] | None:
    proofs = document.get("proof")
    if any(
        isinstance(p, Mapping) and "expires" in p for p in (proofs if isinstance(proofs, list) else [proofs])
    ):
        return None
    try:
        text = json.dumps(
            document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError):
        return None
    # the resolver itself, not id(resolver): a collected resolver's id can be reused by another one, whose
    # documents may differ; holding it (bounded by max_entries) makes such a false hit impossible
    return resolver, hashlib.sha256(text.encode("utf-8")).digest()


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The outcome of the Validate Algorithm (§3.2) for one entry.

    ``value`` is the status bit (None when it could not be determined); ``problems`` is empty only when the
    entry was checked and does not block acceptance.
    """

    purpose: str | None
    value: int | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_status_entry(
    entry: Mapping[str, Any],
    *,
    fetcher: StatusListFetcher,
    resolver: DidResolver,
    now: datetime,
    credential_issuer: str | None = None,
    cache: StatusListCache | None = None,
) -> StatusResult:
    """Validate Algorithm (https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm).

    The list credential must verify (proof by a key its issuer controls, validity window), be issued by
    ``credential_issuer`` when given (a list signed by anyone else cannot vouch for this credential), carry
    the entry's ``statusPurpose``, hold at least 131,072 entries and contain the index. ``cache`` lets a
    batch verify each list credential once.
    """
    try:
        parsed = BitstringStatusListEntry.from_json(entry)
    except InvalidDocumentError as error:
        return _fail(
            None,
            MALFORMED_VALUE_ERROR,
            "status_entry_malformed",
            "Malformed status entry",
            error.detail,
            "Entrée de statut mal formée : " + error.detail,
        )
    purpose = parsed.status_purpose
    list_credential, problem = _retrieve(fetcher, parsed.status_list_credential)
    if problem is not None:
        return StatusResult(purpose, None, (problem,))
    problems = _list_credential_problems(list_credential, parsed, resolver, now, credential_issuer, cache)
    if problems:
        return StatusResult(purpose, None, problems)
    encoded = list_credential["credentialSubject"].get("encodedList")
    try:
        status_list = cache.status_list(encoded) if cache else BitstringStatusList(expand_bitstring(encoded))
    except InvalidDocumentError as error:
        code = "status_list_too_short" if "at least" in error.detail else "status_list_malformed"
        kind = STATUS_LIST_LENGTH_ERROR if code == "status_list_too_short" else STATUS_VERIFICATION_ERROR
        return _fail(
            purpose,
            kind,
            code,
            "Unusable status list",
            error.detail,
            "Liste de statuts inutilisable : " + error.detail,
        )
    if parsed.status_list_index >= len(status_list):
        return _fail(
            purpose,
            RANGE_ERROR,
            "status_index_out_of_range",
            "Status index out of range",
            f"index {parsed.status_list_index} is beyond the list's {len(status_list)} entries",
            f"l'index {parsed.status_list_index} dépasse les {len(status_list)} entrées de la liste",
        )
    value = status_list.get(parsed.status_list_index)
    if value and purpose in _BLOCKING:
        word_en, word_fr = ("revoked", "révoqué") if purpose == "revocation" else ("suspended", "suspendu")
        return _fail(
            purpose,
            STATUS_VERIFICATION_ERROR,
            _BLOCKING[purpose],
            f"Credential {word_en}",
            f"the issuer has {word_en} this credential (status list entry {parsed.status_list_index})",
            f"l'émetteur a {word_fr} ce titre (entrée {parsed.status_list_index} de la liste)",
            value=value,
        )
    return StatusResult(purpose, value, ())


def _fail(
    purpose: str | None,
    type_: str,
    code: str,
    title: str,
    detail: str,
    detail_fr: str,
    *,
    value: int | None = None,
) -> StatusResult:
    return StatusResult(purpose, value, (_problem(type_, code, title, detail, detail_fr),))


def _retrieve(fetcher: StatusListFetcher, url: str) -> tuple[Mapping[str, Any], Problem | None]:
    """Dereference ``statusListCredential`` (§3.2 step 4): any failure is a STATUS_RETRIEVAL_ERROR."""
    try:
        document = fetcher(url)
    except Exception as error:  # a fetcher failure of any kind means the status is unknown: fail closed
        return {}, _problem(
            STATUS_RETRIEVAL_ERROR,
            "status_retrieval_failed",
            "Status list unavailable",
            f"could not retrieve {url}: {type(error).__name__}: {error}",
            f"impossible d'obtenir {url} : {type(error).__name__}",
        )
    if not isinstance(document, Mapping):
        return {}, _problem(
            STATUS_RETRIEVAL_ERROR,
            "status_retrieval_failed",
            "Status list unavailable",
            f"{url} did not return a JSON object",
            f"{url} n'a pas renvoyé d'objet JSON",
        )
    return document, None


def _list_credential_problems(
    document: Mapping[str, Any],
    entry: BitstringStatusListEntry,
    resolver: DidResolver,
    now: datetime,
    credential_issuer: str | None,
    cache: StatusListCache | None,
) -> tuple[Problem, ...]:
    """§3.2 steps 4–5: the list credential is what it claims, verifies, and covers this purpose."""

    def invalid(detail: str, detail_fr: str, code: str = "status_list_invalid") -> tuple[Problem, ...]:
        return (_problem(STATUS_VERIFICATION_ERROR, code, "Status list does not verify", detail, detail_fr),)

    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    subject = document.get("credentialSubject")
    if "BitstringStatusListCredential" not in types or not isinstance(subject, Mapping):
        return invalid(
            "not a BitstringStatusListCredential", "ce n'est pas une BitstringStatusListCredential"
        )
    if subject.get("type") != "BitstringStatusList":
        return invalid(
            "credentialSubject.type must be BitstringStatusList",
            "credentialSubject.type doit être BitstringStatusList",
        )
    list_issuer = issuer_id(document)
    if credential_issuer is not None and list_issuer != credential_issuer:
        return invalid(
            f"the list is issued by {list_issuer!r}, not by the credential's issuer",
            f"la liste est émise par {list_issuer!r}, pas par l'émetteur du titre",
            "status_list_issuer_mismatch",
        )
    proof = (
        cache.proof_problems(document, resolver, now) if cache else proof_problems(document, resolver, now)
    )
    problems = proof + validity_problems(document, now)
    if problems:
        return tuple(
            _problem(
                STATUS_VERIFICATION_ERROR,
                "status_list_invalid",
                "Status list does not verify",
                f"{p.code}: {p.detail}",
                f"{p.code} : {p.detail_fr}",
            )
            for p in problems
        )
    purposes = subject.get("statusPurpose")
    purposes = purposes if isinstance(purposes, list) else [purposes]
    if entry.status_purpose not in purposes:
        return invalid(
            f"the list is for {purposes}, the entry for {entry.status_purpose!r}",
            f"la liste sert à {purposes}, l'entrée à {entry.status_purpose!r}",
            "status_purpose_mismatch",
        )
    return ()
