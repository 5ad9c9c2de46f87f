from django.urls import path

from accord.accounts import views, views_passkeys, views_security, views_sso

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/verify/", views.verify, name="verify"),
    path("sign-in/enrol/", views.enrol, name="enrol"),
    path("sign-in/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("step-up/", views_sso.step_up_page, name="step-up"),
    path("oidc/callback/", views_sso.sso_callback, name="oidc-callback"),
    path("oidc/start/<slug:provider>/", views_sso.sso_start, name="oidc-start"),
    path("oidc/backchannel-logout/<slug:provider>/", views_sso.sso_backchannel_logout,
         name="oidc-backchannel-logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(),
         name="password-reset-done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password-reset-confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(),
         name="password-reset-complete"),
    path("security/", views_security.security, name="security"),
    path("security/recovery-codes/", views_security.recovery_codes_regenerate,
         name="security-recovery-codes"),
    path("security/authenticator-reset/", views_security.authenticator_reset,
         name="security-authenticator-reset"),
    path("security/sessions-end/", views_security.sessions_end, name="security-sessions-end"),
    path("security/sessions/", views_security.sessions, name="security-sessions"),
    path("security/sessions/<int:session_id>/end/", views_security.session_end,
         name="security-session-end"),
    path("security/passkeys/", views_passkeys.passkeys, name="security-passkeys"),
    path("security/passkeys/<int:passkey_id>/rename/", views_passkeys.passkey_rename,
         name="security-passkey-rename"),
    path("security/passkeys/<int:passkey_id>/remove/", views_passkeys.passkey_remove,
         name="security-passkey-remove"),
    path("security/language/", views_security.language, name="security-language"),
    path("security/password/", views_security.password_change, name="security-password"),
]
