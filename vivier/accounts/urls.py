from django.urls import path

from vivier.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify_view, name="login_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.language_view, name="language"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/password/", views.password_change_view, name="password_change"),
    path("profile/two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("profile/two-factor/disable/", views.two_factor_disable_view, name="two_factor_disable"),
    path("profile/two-factor/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("profile/sessions/revoke/", views.sessions_revoke_view, name="sessions_revoke"),
    path("profile/tokens/", views.token_create_view, name="token_create"),
    path("profile/tokens/<uuid:public_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("users/", views.users_view, name="users"),
    path("users/<uuid:public_id>/", views.user_edit_view, name="user_edit"),
    path(
        "users/<uuid:public_id>/two-factor/reset/",
        views.user_two_factor_reset_view,
        name="user_two_factor_reset",
    ),
    path("reasons/", views.reasons_view, name="reasons"),
    path("reasons/<slug:code>/", views.reason_edit_view, name="reason_edit"),
    path("audit/", views.audit_view, name="audit"),
]
