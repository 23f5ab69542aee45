"""Verifiable Presentations (https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations) with Data
Integrity proofs: build, sign (``proofPurpose`` ``authentication``) and verify.

Verification follows the VC-API's verifyPresentation (https://w3c.github.io/vcalm/#verify-presentation): the
presentation's own proof (with the verifier's ``challenge`` and ``domain``,
https://www.w3.org/TR/vc-data-integrity/#verify-proof), holder binding (the proof's verification method is
controlled by the presentation's ``holder``), and every embedded credential through
:func:`credcore.verifier.verify_credential`. Like the credential verifier it never raises on a bad input and
fails closed: one :class:`~credcore.results.Check` per step, ``verified`` only when none failed and every
credential verified.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from credcore.dataintegrity import ProofCheck, add_proof, verify_proof
from credcore.dids import DidResolver
from credcore.errors import InvalidDocumentError
from credcore.keys import Ed25519Multikey
from credcore.problems import MALFORMED_VALUE_ERROR, PARSING_ERROR, PROOF_VERIFICATION_ERROR, Problem
from credcore.results import Check, VerificationResult
from credcore.status import StatusListFetcher
from credcore.status_validation import StatusListCache
from credcore.verifier import verify_credential

__all__ = [
    "PRESENTATION_CHECKS",
    "PresentationResult",
    "build_presentation",
    "sign_presentation",
    "verify_presentation",
]

VC_V2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
PRESENTATION_TYPE: Final = "VerifiablePresentation"
AUTHENTICATION: Final = "authentication"
PRESENTATION_CHECKS: Final = ("structure", "proof", "holder", "credentials")
MAX_CREDENTIALS: Final = 1000  # a presentation is verified in one request; bigger ones go to the batch API


@dataclass(frozen=True, slots=True)
class PresentationResult:
    """The presentation's checks and one :class:`VerificationResult` per embedded credential, in order."""

    checks: tuple[Check, ...]
    credentials: tuple[VerificationResult, ...] = ()
    holder: str | None = None

    @property
    def verified(self) -> bool:
        return (
            bool(self.checks)
            and all(check.status != "failed" for check in self.checks)
            and all(result.verified for result in self.credentials)
        )

    @property
    def problem_details(self) -> tuple[Problem, ...]:
        """Presentation-level errors (each credential's are in its own result)."""
        return tuple(
            problem for check in self.checks if check.status == "failed" for problem in check.problems
        )

    def check(self, name: str) -> Check:
        return next(check for check in self.checks if check.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "holder": self.holder,
            "checks": [check.to_json() for check in self.checks],
            "problemDetails": [problem.to_json() for problem in self.problem_details],
            "credentials": [result.to_json() for result in self.credentials],
        }


def build_presentation(
    *, holder: str, credentials: Sequence[Mapping[str, Any]], presentation_id: str | None = None
) -> dict[str, Any]:
    """An unsigned VerifiablePresentation (VC DM 2.0 §4.13) of ``credentials`` by ``holder`` (a URL)."""
    if not isinstance(holder, str) or ":" not in holder:
        raise InvalidDocumentError("the holder must be a URL such as a DID")
    if presentation_id is not None and (not isinstance(presentation_id, str) or ":" not in presentation_id):
        raise InvalidDocumentError("the presentation id must be a URL")
    presentation: dict[str, Any] = {"@context": [VC_V2_CONTEXT], "type": [PRESENTATION_TYPE]}
    if presentation_id is not None:
        presentation["id"] = presentation_id
    presentation["holder"] = holder
    presentation["verifiableCredential"] = [dict(credential) for credential in credentials]
    return presentation


def sign_presentation(
    presentation: Mapping[str, Any],
    key: Ed25519Multikey,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    cryptosuite: str = "eddsa-rdfc-2022",
) -> dict[str, Any]:
    """The presentation with an ``authentication`` proof by ``key``, bound to ``challenge`` and ``domain``.

    The key's controller must be the presentation's ``holder`` (when it names one), or verifiers reject it.
    """
    holder = presentation.get("holder") if isinstance(presentation, Mapping) else None
    if holder is not None and holder != key.controller:
        raise InvalidDocumentError(f"the key's controller {key.controller} is not the holder {holder}")
    return add_proof(
        presentation,
        key,
        cryptosuite=cryptosuite,
        proof_purpose=AUTHENTICATION,
        challenge=challenge,
        domain=domain,
    )


def _problem(type_: str, code: str, title: str, detail: str, detail_fr: str) -> Problem:
    return Problem(type=type_, code=code, title=title, detail=detail, detail_fr=detail_fr)


def _holder_of(presentation: Mapping[str, Any]) -> str | None:
    holder = presentation.get("holder")
    if isinstance(holder, Mapping):
        holder = holder.get("id")
    return holder if isinstance(holder, str) else None


def _structure_problems(presentation: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    contexts = presentation.get("@context")
    if not isinstance(contexts, list) or not contexts or contexts[0] != VC_V2_CONTEXT:
        problems.append(
            _problem(
                PARSING_ERROR,
                "presentation_context",
                "Not a VC 2.0 presentation",
                f"the first @context must be {VC_V2_CONTEXT}",
                f"le premier @context doit être {VC_V2_CONTEXT}",
            )
        )
    types = presentation.get("type")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or PRESENTATION_TYPE not in types:
        problems.append(
            _problem(
                PARSING_ERROR,
                "presentation_type",
                "Not a presentation",
                "the type must include VerifiablePresentation",
                "le type doit inclure VerifiablePresentation",
            )
        )
    credentials = presentation.get("verifiableCredential", [])
    items = credentials if isinstance(credentials, list) else [credentials]
    if not all(isinstance(item, Mapping) for item in items):
        problems.append(
            _problem(
                PARSING_ERROR,
                "presentation_credential_malformed",
                "Malformed embedded credential",
                "every verifiableCredential must be a JSON object",
                "chaque verifiableCredential doit être un objet JSON",
            )
        )
    if len(items) > MAX_CREDENTIALS:
        problems.append(
            _problem(
                MALFORMED_VALUE_ERROR,
                "presentation_too_large",
                "Too many credentials",
                f"a presentation may embed at most {MAX_CREDENTIALS} credentials",
                f"une présentation peut contenir au plus {MAX_CREDENTIALS} titres",
            )
        )
    return problems


def _holder_check(holder: str | None, proof: ProofCheck) -> Check:
    """Holder binding: the key that signed the presentation belongs to its holder."""
    if holder is None:
        found = _problem(
            PROOF_VERIFICATION_ERROR,
            "holder_missing",
            "No holder",
            "the presentation names no holder, so its proof cannot be bound to anyone",
            "la présentation ne nomme aucun détenteur ; sa preuve ne peut être rattachée à personne",
        )
        return Check("holder", "failed", (found,))
    if not proof.verified or proof.controller is None:
        return Check("holder", "skipped", (), "no verified proof to bind to the holder")
    if proof.controller != holder:
        found = _problem(
            PROOF_VERIFICATION_ERROR,
            "holder_mismatch",
            "Signed by someone other than the holder",
            f"the proof's key is controlled by {proof.controller}, not by the holder {holder}",
            f"la clé de la preuve appartient à {proof.controller}, et non au détenteur {holder}",
        )
        return Check("holder", "failed", (found,))
    return Check("holder", "passed", (), holder)


def verify_presentation(
    presentation: object,
    *,
    resolver: DidResolver,
    challenge: str | None,
    domain: str | None,
    status_fetcher: StatusListFetcher | None = None,
    now: datetime | None = None,
    status_cache: StatusListCache | None = None,
) -> PresentationResult:
    """Verify a presentation's proof (``authentication``; ``challenge``/``domain`` when given must match),
    its holder binding and every embedded credential."""
    when = now or datetime.now(UTC)
    if not isinstance(presentation, Mapping):
        found = _problem(
            PARSING_ERROR,
            "not_an_object",
            "Not a presentation",
            "the input is not a JSON object",
            "l'entrée n'est pas un objet JSON",
        )
        rest = (
            Check(name, "skipped", (), "the input is not a JSON object") for name in PRESENTATION_CHECKS[1:]
        )
        return PresentationResult((Check("structure", "failed", (found,)), *rest))
    problems = _structure_problems(presentation)
    structure = Check("structure", "failed", tuple(problems)) if problems else Check("structure", "passed")
    holder = _holder_of(presentation)
    proof = verify_proof(
        presentation,
        resolver=resolver,
        expected_purpose=AUTHENTICATION,
        challenge=challenge,
        domain=domain,
        now=when,
    )
    if proof.verified:
        proof_check = Check("proof", "passed", (), f"{proof.cryptosuite} by {proof.verification_method}")
    else:
        proof_check = Check("proof", "failed", proof.problems or (_unverified(),))
    credentials = presentation.get("verifiableCredential", [])
    items = credentials if isinstance(credentials, list) else [credentials]
    if problems:
        results: tuple[VerificationResult, ...] = ()
        credentials_check = Check("credentials", "skipped", (), "the presentation is malformed")
    else:
        cache = status_cache if status_cache is not None else StatusListCache()
        results = tuple(
            verify_credential(
                item, resolver=resolver, status_fetcher=status_fetcher, now=when, status_cache=cache
            )
            for item in items
        )
        credentials_check = _credentials_check(results)
    checks = (structure, proof_check, _holder_check(holder, proof), credentials_check)
    return PresentationResult(checks, results, holder)


def _unverified() -> Problem:
    return _problem(
        PROOF_VERIFICATION_ERROR,
        "proof_unverified",
        "Proof not verified",
        "the presentation's proof did not verify",
        "la preuve de la présentation n'a pas été vérifiée",
    )


def _credentials_check(results: tuple[VerificationResult, ...]) -> Check:
    if not results:
        return Check("credentials", "skipped", (), "the presentation embeds no credentials")
    failed = [index for index, result in enumerate(results) if not result.verified]
    if not failed:
        return Check("credentials", "passed", (), f"{len(results)} credential(s) verified")
    found = _problem(
        MALFORMED_VALUE_ERROR,
        "presentation_credential_unverified",
        "A credential did not verify",
        f"{len(failed)} of {len(results)} credential(s) did not verify (positions {failed[:20]})",
        f"{len(failed)} titre(s) sur {len(results)} n'ont pas été vérifiés (positions {failed[:20]})",
    )
    return Check("credentials", "failed", (found,))
