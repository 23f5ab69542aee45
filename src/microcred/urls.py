from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from microcred.api.router import api

urlpatterns = [
    path("", RedirectView.as_view(url="/en/", permanent=False)),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Public did:web documents and status lists: stable URLs, no language prefix.
    path("", include("microcred.issuance.urls")),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("microcred.accounts.urls")),
    path("assessment/", include("microcred.assessment.urls")),
    path("issuance/", include("microcred.issuance.page_urls")),
    path("wallet/", include("microcred.wallet.urls")),
    path("verify/", include("microcred.verification.urls")),
    path("", include("microcred.catalog.urls")),
    prefix_default_language=True,
)
