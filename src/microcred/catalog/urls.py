from django.urls import path

from microcred.catalog import design_views, views

app_name = "catalog"
urlpatterns = [
    path("", views.search, name="home"),
    path("microcredentials/<slug:slug>/", views.detail, name="detail"),
    path("design/", design_views.index, name="design_index"),
    path("design/new/", design_views.create, name="design_create"),
    path("design/<slug:slug>/v<int:number>/", design_views.edit, name="design_edit"),
    path("design/<slug:slug>/v<int:number>/<slug:action>/", design_views.act, name="design_act"),
]
