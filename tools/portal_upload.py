"""Files a customer uploads on the portal (R2 evidence): photos and scanned documents.

The type is read from the file's first bytes, never from its name or the browser's
content type (both are the sender's to choose); the stored name gets the extension of
the type found, so a ``photo.jpg.exe`` or an HTML page named ``.png`` never comes back
as something a browser would run.
"""
import base64
import os
import re
import unicodedata

from odoo import _

UPLOAD_LIMIT_PARAM = "realestate_complaint.portal_upload_max_mb"
UPLOAD_LIMIT_MB = 10
MAX_FILES = 10
# (mimetype, extension, test on the first bytes)
_TYPES = [
    ("image/jpeg", "jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", "png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/gif", "gif", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ("image/webp", "webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ("application/pdf", "pdf", lambda head: head.startswith(b"%PDF-")),
]
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class UploadError(Exception):
    """A file the portal refuses, with the message for the customer."""


def upload_limit_bytes(env):
    """Size limit of one file, set by the ``realestate_complaint.portal_upload_max_mb``
    system parameter (MB, default 10)."""
    value = env["ir.config_parameter"].sudo().get_param(UPLOAD_LIMIT_PARAM)
    try:
        megabytes = float(value) if value else UPLOAD_LIMIT_MB
    except ValueError:
        megabytes = UPLOAD_LIMIT_MB
    return int(max(megabytes, 0.01) * 1024 * 1024)


def detect_type(data):
    """(mimetype, extension) of an accepted file, or None."""
    head = data[:16]
    for mimetype, extension, test in _TYPES:
        if test(head):
            return mimetype, extension
    return None


def safe_name(filename, extension):
    """The name to store: no path, no control or reserved characters, at most 100
    characters, and the extension of the type the content really is."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    stem = _UNSAFE_NAME.sub("_", os.path.splitext(name)[0]).strip(" ._") or "file"
    return "%s.%s" % (stem[:100], extension)


def check_uploads(env, uploads):
    """The attachments' values of ``uploads`` ([(filename, bytes)], each read up to
    the limit plus one byte), or UploadError naming the first file refused."""
    uploads = [(name, data) for name, data in uploads if name or data]
    if len(uploads) > MAX_FILES:
        raise UploadError(_("Attach at most %d files at a time.") % MAX_FILES)
    limit = upload_limit_bytes(env)
    files = []
    for filename, data in uploads:
        shown = os.path.basename((filename or "").replace("\\", "/"))[:100] or "?"
        if not data:
            raise UploadError(_("The file %s is empty.") % shown)
        if len(data) > limit:
            raise UploadError(_("The file %(name)s is larger than %(limit)s MB.") % {
                "name": shown, "limit": "%g" % round(limit / 1024.0 / 1024.0, 2)})
        found = detect_type(data)
        if not found:
            raise UploadError(_(
                "The file %s is not a photo (JPEG, PNG, GIF, WebP) or a PDF document.")
                % shown)
        mimetype, extension = found
        name = safe_name(filename, extension)
        files.append({"name": name, "datas_fname": name, "mimetype": mimetype,
                      "datas": base64.b64encode(data)})
    return files
