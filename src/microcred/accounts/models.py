"""People, organisations and the roles that tie them together (DESIGN.md §2, §3)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=[("en", "English"), ("fr", "Français")], default="en"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.email


class Organization(models.Model):
    """An issuing body, partner or operator: college, university, employer, professional body, NGO, …"""

    class Kind(models.TextChoices):
        COLLEGE = "college", _("College")
        UNIVERSITY = "university", _("University")
        INDIGENOUS_INSTITUTE = "indigenous_institute", _("Indigenous institute")
        EMPLOYER = "employer", _("Employer")
        INDUSTRY_BODY = "industry_body", _("Industry or professional body")
        NGO = "ngo", _("Non-governmental organisation")
        CONSORTIUM = "consortium", _("Consortium")
        GOVERNMENT = "government", _("Government")

    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    website = models.URLField(blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    did_web = models.CharField(_("did:web identifier"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

    def name(self, language: str) -> str:
        return self.name_fr if language.startswith("fr") and self.name_fr else self.name_en


class Membership(models.Model):
    """A person's role in an organisation. One row per (user, organisation, role)."""

    class Role(models.TextChoices):
        ORG_ADMIN = "org_admin", _("Organisation administrator")
        DESIGNER = "designer", _("Program designer")
        ASSESSOR = "assessor", _("Assessor")
        REGISTRAR = "registrar", _("Registrar")
        ENDORSER = "endorser", _("Endorser")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_membership_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.role}"
