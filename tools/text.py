"""Checks of the plain text that the channels receive (intake API, portal, mail)."""
import re

# Control characters other than tab, line feed and carriage return: they break the
# printed forms and PostgreSQL refuses NUL.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
