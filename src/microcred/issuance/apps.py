from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuanceConfig(AppConfig):
    name = "microcred.issuance"
    label = "issuance"
    verbose_name = _("Issuance")

    def ready(self) -> None:
        from microcred.issuance import checks  # noqa: F401  (registers the system checks)
