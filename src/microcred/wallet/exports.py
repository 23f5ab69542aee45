"""What leaves the wallet: baked badge images, signed Verifiable Presentations, the CLR 2.0 record, the
everything-export ZIP, QR codes and LinkedIn add-to-profile links.

The holder key signs presentations and the CLR record (docs/adr/0068): the learner, not the platform, asserts
"these are my credentials"; each credential inside keeps its issuer's own proof.
"""

from __future__ import annotations

import io
import json
import re
import struct
import urllib.parse
import zipfile
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

from microcred.wallet.documents import summary
from microcred.wallet.holder import holder_key
from microcred.wallet.models import WalletCredential

__all__ = [
    "badge_png",
    "badge_svg",
    "can_bake",
    "clr_record",
    "export_zip",
    "linkedin_url",
    "presentation",
    "qr_svg",
]

CRYPTOSUITE = "eddsa-rdfc-2022"


# -- baked images (OB 3.0 baking: PNG iTXt "openbadgecredential", SVG <openbadges:credential>) ----


def can_bake(credential: WalletCredential) -> bool:
    return credential.format in ("ob3-json", "vc-jwt")


def _baked_payload(credential: WalletCredential) -> Any:
    return credential.raw if credential.format == "vc-jwt" else credential.document


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def plain_png(size: int = 256, rgb: tuple[int, int, int] = (0x1F, 0x4E, 0x79)) -> bytes:
    """A square PNG in one colour with a lighter ring: the base image a badge is baked into."""
    rows = []
    centre, outer, inner = (size - 1) / 2, size * 0.48, size * 0.40
    for y in range(size):
        row = bytearray(b"\x00")
        for x in range(size):
            distance = ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5
            row += (
                bytes((255, 255, 255))
                if distance > outer
                else bytes(rgb)
                if distance < inner
                else b"\xc8\xd8\xe8"
            )
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def plain_svg(name: str) -> str:
    label = escape(name[:80])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" '
        f'aria-label="{label}"><title>{label}</title>'
        '<circle cx="128" cy="128" r="122" fill="#c8d8e8"/><circle cx="128" cy="128" r="102" fill="#1f4e79"/>'
        f'<text x="128" y="136" font-size="14" text-anchor="middle" fill="#ffffff">{escape(name[:28])}</text>'
        "</svg>"
    )


def badge_png(credential: WalletCredential) -> bytes:
    from credcore.formats import bake_png

    return bake_png(plain_png(), _baked_payload(credential))


def badge_svg(credential: WalletCredential) -> str:
    from credcore.formats import bake_svg

    return bake_svg(plain_svg(credential.name), _baked_payload(credential))


# -- presentations and the CLR record -----------------------------------------------------------------------


def _presentable(credential: WalletCredential) -> dict[str, Any] | None:
    """How a credential goes into a VC 2.0 presentation: Data Integrity JSON as is. VC-JWTs (an
    EnvelopedVerifiableCredential is not verified by our presentation verifier yet) and OB 2.0 assertions (not
    VCs) are left out; they are shared and verified one by one on the share page (docs/adr/0068)."""
    if credential.format == "ob3-json":
        return dict(credential.document)
    return None


def presentation(
    profile: Any,
    credentials: Sequence[WalletCredential],
    *,
    challenge: str | None = None,
    domain: str | None = None,
) -> dict[str, Any]:
    """A Verifiable Presentation of ``credentials`` signed by the holder's did:key (authentication)."""
    from credcore.presentations import build_presentation, sign_presentation

    documents = [doc for doc in (_presentable(c) for c in credentials) if doc is not None]
    unsigned = build_presentation(holder=profile.holder_did, credentials=documents)
    return sign_presentation(unsigned, holder_key(profile), challenge=challenge, domain=domain)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def clr_record(profile: Any, credentials: Sequence[WalletCredential]) -> dict[str, Any] | None:
    """A CLR 2.0 ClrCredential bundling the wallet's verified Open Badges 3.0 credentials (verification
    includes the OB schema, which the CLR builder also requires), signed by the holder; ``None`` if none."""
    from credcore.clr import build_clr_credential
    from credcore.dataintegrity import add_proof

    documents = [dict(c.document) for c in credentials if c.format == "ob3-json" and c.verified]
    if not documents:
        return None
    user = profile.user
    issuer = {
        "id": profile.holder_did,
        "type": ["Profile"],
        "name": user.display_name or "Learner / Apprenant(e)",
    }
    unsigned = build_clr_credential(
        issuer=issuer,
        learner_id=profile.holder_did,
        credentials=documents,
        name="Comprehensive Learner Record",
        valid_from=_now(),
    )
    return add_proof(unsigned, holder_key(profile), cryptosuite=CRYPTOSUITE)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50] or "credential"


def export_zip(profile: Any, credentials: Sequence[WalletCredential]) -> bytes:
    """Every credential as JSON (and its original text when it arrived as a VC-JWT), the CLR 2.0 record and a
    manifest."""
    buffer = io.BytesIO()
    manifest = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, credential in enumerate(credentials, start=1):
            base = f"credentials/{n:03d}-{_slug(credential.name)}"
            archive.writestr(f"{base}.json", json.dumps(credential.document, ensure_ascii=False, indent=2))
            if credential.format == "vc-jwt":
                archive.writestr(f"{base}.jwt", credential.raw)
            manifest.append(
                {
                    "file": f"{base}.json",
                    "name": credential.name,
                    "issuer": credential.issuer_name,
                    "format": credential.format,
                    "origin": credential.origin,
                    "verified": credential.verified,
                }
            )
        clr = clr_record(profile, credentials)
        if clr is not None:
            archive.writestr("clr.json", json.dumps(clr, ensure_ascii=False, indent=2))
        archive.writestr(
            "manifest.json",
            json.dumps(
                {"exported": _now(), "holder": profile.holder_did, "credentials": manifest},
                ensure_ascii=False,
                indent=2,
            ),
        )
    return buffer.getvalue()


# -- links ------------------------------------------------------------------------------------------


def qr_svg(url: str, *, title: str) -> str:
    """An inline SVG QR code for ``url`` with a <title> (its accessible name); no external requests."""
    import segno

    return str(segno.make(url, error="m").svg_inline(scale=4, title=title, omitsize=False))


def linkedin_url(credential: WalletCredential, cert_url: str) -> str:
    """LinkedIn's documented add-to-profile URL (a plain link: the platform sends LinkedIn nothing)."""
    about = summary(credential.document)
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.name,
        "organizationName": credential.issuer_name,
        "certUrl": cert_url,
    }
    if re.match(r"\d{4}-\d{2}", about.issued_on):
        params["issueYear"], params["issueMonth"] = about.issued_on[:4], str(int(about.issued_on[5:7]))
    if about.credential_id:
        params["certId"] = about.credential_id
    return "https://www.linkedin.com/profile/add?" + urllib.parse.urlencode(params)
