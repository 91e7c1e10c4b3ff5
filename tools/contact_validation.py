"""Checks of the phone numbers and email addresses captured at registration (R2).

Shared by every way a complaint comes in (form, and later email, portal and API), so
that all channels accept and reject the same things.
"""
import re

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
# Mainland mobile (11 digits starting 13-19), landline with area code (0 + 9-11 digits,
# e.g. 010-12345678 or 0755-1234567 ext), hotline numbers 400/800, or an international
# number written with a leading +.
_PHONE_PATTERNS = [
    re.compile(r"^(\+?86)?1[3-9]\d{9}$"),
    re.compile(r"^(\+?86)?0\d{9,11}$"),
    re.compile(r"^[48]00\d{7}$"),
    re.compile(r"^\+(?!86)\d{7,15}$"),
]
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def normalize_phone(value):
    """Return the phone number without separators, or None when it is not a phone."""
    if not value:
        return None
    compact = _PHONE_SEPARATORS.sub("", value.strip())
    if any(pattern.match(compact) for pattern in _PHONE_PATTERNS):
        return compact
    return None


def is_valid_email(value):
    """One address, no display name: what a callback or acknowledgement is sent to."""
    value = (value or "").strip()
    return len(value) <= 254 and bool(_EMAIL.match(value)) and ".." not in value
