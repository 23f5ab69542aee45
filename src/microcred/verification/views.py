"""The public verify page (``/<lang>/verify/``): paste, upload, share link, QR code. Anyone may verify;
nothing is written. Thin: ``pages`` does the work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from microcred.verification import errors, pages
from microcred.verification.http import limit, setting

MAX_TEXT_CHARS = 1_000_000


def _language() -> str:
    return "fr" if (translation.get_language() or "en").startswith("fr") else "en"


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    language = _language()
    outcome: pages.PageOutcome | None = None
    link = request.GET.get("link", "")
    pasted = ""
    if request.method == "POST" or link:
        try:
            limit(request, "page", setting("MICROCRED_VERIFY_RATE_PER_MINUTE"))
        except errors.RateLimited as error:
            message = error.message_fr if language == "fr" else error.message_en
            response = render(
                request, "verification/verify.html", {"outcome": pages.PageOutcome(error=message)}
            )
            response.status_code = 429
            return response
    host = request.get_host()
    if request.method == "POST":
        source = request.POST.get("source", "")
        if source == "json":
            pasted = request.POST.get("document", "")[:MAX_TEXT_CHARS]
            outcome = pages.verify_upload(pasted.encode("utf-8"), language=language, source="json")
        elif source == "file" and "file" in request.FILES:
            upload = request.FILES["file"]
            data = upload.read(pages.MAX_UPLOAD_BYTES + 1)
            outcome = pages.verify_upload(
                data, language=language, filename=upload.name, media_type=upload.content_type, source="file"
            )
        elif source == "link":
            link = request.POST.get("link", "")
            outcome = pages.verify_link(link, language=language, host=host)
        else:
            outcome = pages.PageOutcome(
                error=translation.gettext("Choose something to verify."), source=source or "none"
            )
    elif link:
        outcome = pages.verify_link(link, language=language, host=host)
    status = 400 if outcome is not None and outcome.error else 200
    return render(
        request,
        "verification/verify.html",
        {"outcome": outcome, "link": link, "pasted": pasted},
        status=status,
    )
