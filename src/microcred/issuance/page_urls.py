from django.urls import path

from microcred.issuance import batch_views

app_name = "issuance-pages"

urlpatterns = [
    path("batches/", batch_views.batches, name="batches"),
    path("batches/<int:batch_id>/", batch_views.batch, name="batch"),
]
