from django.urls import path

from microcred.issuance import views

app_name = "issuance"

urlpatterns = [
    path("orgs/<slug:slug>/did.json", views.did_document, name="did-document"),
    path(
        "orgs/<slug:slug>/status/<str:purpose>/<int:sequence>",
        views.status_list_credential,
        name="status-list",
    ),
]
