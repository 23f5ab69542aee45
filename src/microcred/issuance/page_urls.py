from django.urls import path

from microcred.issuance import batch_views, lifecycle_views

app_name = "issuance-pages"

urlpatterns = [
    path("batches/", batch_views.batches, name="batches"),
    path("batches/<int:batch_id>/", batch_views.batch, name="batch"),
    path("credentials/", lifecycle_views.credentials_home, name="credentials-home"),
    path("orgs/<slug:slug>/credentials/", lifecycle_views.credential_list, name="credentials"),
    path("orgs/<slug:slug>/credentials/<int:pk>/", lifecycle_views.credential_detail, name="credential"),
    path(
        "orgs/<slug:slug>/credentials/<int:pk>/<slug:action>/",
        lifecycle_views.credential_action,
        name="credential-action",
    ),
]
