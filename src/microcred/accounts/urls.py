from django.contrib.auth import views as auth_views
from django.urls import path

from microcred.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", next_page="accounts:after_login"),
        name="login",
    ),
    path("welcome/", views.after_login, name="after_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
]
