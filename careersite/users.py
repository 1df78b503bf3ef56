"""Users as editors read them: the one name shown for a user in comments, status labels and previews."""


def user_display_name(user, *, default: str = "") -> str:
    """The user's full name, else their username; `default` when there is no user."""
    if user is None:
        return default
    return user.get_full_name() or user.get_username()
