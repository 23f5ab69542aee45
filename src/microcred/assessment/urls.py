from django.urls import path

from microcred.assessment import review_views, views

app_name = "assessment"
urlpatterns = [
    path("offerings/", views.offering_list, name="offerings"),
    path("offerings/new/", views.offering_create, name="offering_create"),
    path("offerings/<int:pk>/", views.offering_detail, name="offering"),
    path("offerings/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrollments/<int:pk>/", views.enrollment_detail, name="enrollment"),
    path("enrollments/<int:pk>/record/", views.record_create, name="record"),
    path("enrollments/<int:pk>/award/", views.award_grant, name="award"),
    path("enrollments/<int:pk>/reinvite/", views.reinvite, name="reinvite"),
    path("evidence/<uuid:public_id>/", views.evidence_download, name="evidence"),
    path("claim/<str:token>/", views.claim, name="claim"),
    path("reviews/", review_views.index, name="reviews"),
    path("reviews/<slug:slug>/v<int:number>/", review_views.review, name="review"),
    path("reviews/<slug:slug>/v<int:number>/open/", review_views.open_review, name="review_open"),
    path("reviews/<int:pk>/comment/", review_views.comment, name="review_comment"),
    path("reviews/<int:pk>/sign-off/", review_views.sign_off, name="review_sign_off"),
]
