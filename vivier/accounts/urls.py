from django.urls import path

from vivier.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.language_view, name="language"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/password/", views.password_change_view, name="password_change"),
    path("profile/tokens/", views.token_create_view, name="token_create"),
    path("profile/tokens/<uuid:public_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("users/", views.users_view, name="users"),
    path("users/<uuid:public_id>/", views.user_edit_view, name="user_edit"),
    path("reasons/", views.reasons_view, name="reasons"),
    path("reasons/<slug:code>/", views.reason_edit_view, name="reason_edit"),
]
