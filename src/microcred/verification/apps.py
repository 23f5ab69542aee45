from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "microcred.verification"
    label = "verification"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Clear verification's short-lived cache of our own documents whenever one of them may change."""
        from django.db.models.signals import post_delete, post_save

        from microcred.accounts.models import Organization
        from microcred.issuance.models import SigningKey, StatusList
        from microcred.verification.localcache import invalidate
        from microcred.verification.models import TrustedIssuer

        for model in (StatusList, SigningKey, Organization, TrustedIssuer):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"verification-cache-{model.__name__}")
            post_delete.connect(
                invalidate, sender=model, dispatch_uid=f"verification-cache-del-{model.__name__}"
            )
