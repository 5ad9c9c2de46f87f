// After django-otp-webauthn registers a passkey, show it in the list (where it can be named).
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
