from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2(PBKDF2PasswordHasher):
    """The development provider holds only fictional test users: no need for full cost."""

    algorithm = "pbkdf2_quick"
    iterations = 1000
