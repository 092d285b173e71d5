from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/enrol/", views.otp_enrol, name="otp_enrol"),
    path("security/", views.account_security, name="account_security"),
    path("security/recovery-codes/", views.recovery_codes_regenerate, name="recovery_codes"),
    path("security/logout-all/", views.logout_everywhere, name="logout_all"),
    path("security/otp-reset/", views.otp_reset, name="otp_reset"),
]
