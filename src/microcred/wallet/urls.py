from django.urls import path

from microcred.wallet import share_views, talent_views, views

app_name = "wallet"
urlpatterns = [
    path("", views.home, name="home"),
    path("claim/", views.claim, name="claim"),
    path("import/", views.import_credential, name="import"),
    path("credentials/<int:pk>/", views.credential, name="credential"),
    path("credentials/<int:pk>/remove/", views.credential_remove, name="credential_remove"),
    path(
        "credentials/<int:pk>/credential.json",
        views.credential_download,
        {"kind": "json"},
        name="download_json",
    ),
    path("credentials/<int:pk>/badge.png", views.credential_download, {"kind": "png"}, name="download_png"),
    path("credentials/<int:pk>/badge.svg", views.credential_download, {"kind": "svg"}, name="download_svg"),
    path("passport/", views.passport_page, name="passport"),
    path("export.zip", views.export, name="export"),
    path("presentation.json", views.presentation, name="presentation"),
    path("shares/", share_views.shares, name="shares"),
    path("shares/<int:pk>/revoke/", share_views.share_revoke, name="share_revoke"),
    path("s/<str:token>/", share_views.shared, name="shared"),
    path("s/<str:token>/presentation.json", share_views.shared_presentation, name="shared_presentation"),
    path("talent/", talent_views.settings_page, name="talent_settings"),
    path("talent/search/", talent_views.search_page, name="talent_search"),
    path("account/delete/", views.delete_account, name="delete_account"),
    path("verify-email/resend/", views.resend_verification, name="resend_verification"),
    path("verify-email/<str:token>/", views.verify_email, name="verify_email"),
]
