"""The platform's HTTP API (django-ninja).

Each domain app contributes a router; errors map here, at the edge.
"""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="microcred API", version="1", urls_namespace="api", openapi_url="/openapi.json")


def _mount_routers() -> None:
    import importlib

    for module_name, prefix in (
        ("microcred.catalog.api", "/catalog"),
        ("microcred.frameworks.api", "/frameworks"),
        ("microcred.issuance.api", "/issuance"),
        ("microcred.issuance.batch_api", "/issuance"),  # /api/issuance/batches
        ("microcred.issuance.vcapi", "/credentials"),  # VC-API: /api/credentials/issue, …/status
        ("microcred.verification.api", "/credentials"),  # VC-API: /api/credentials/verify (+ batch)
        ("microcred.verification.presentations_api", "/presentations"),  # VC-API: /api/presentations/verify
        ("microcred.wallet.api", "/wallet"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        api.add_router(prefix, module.router)
        install_error_handlers = getattr(module, "install_error_handlers", None)
        if install_error_handlers is not None:  # an app maps its error family to HTTP here, at the edge
            install_error_handlers(api)


_mount_routers()
