"""Files that cannot be written are an error, not a log line (issue 17, faults).

Odoo 11's ``ir.attachment._file_write`` logs a failed write at INFO and keeps the
record: on a full or read-only filestore the attachment then points to a missing or
cut file (the load command's ``--fault filestore-full`` showed a portal complaint
registered with a photo that was not there). Here the partial file is removed and
the write raises, so the transaction (the case with its evidence) rolls back and the
user is told why: the portal form and the mail gateway already turn a UserError
into a clear answer, or into a message fetched again later.
"""
import base64
import logging
import os

from odoo import _, api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _file_write(self, value, checksum):
        bin_value = base64.b64decode(value)
        full_path = None
        try:
            fname, full_path = self._get_path(bin_value, checksum)
            # A file cut by an earlier failure (before this check existed) is
            # written again: the name is the content's hash.
            if not os.path.exists(full_path) or \
                    os.path.getsize(full_path) != len(bin_value):
                with open(full_path, "wb") as stream:
                    stream.write(bin_value)
                # For the filestore's garbage collection if the transaction aborts.
                self._mark_for_gc(fname)
        except OSError as error:
            _logger.warning("Attachment %s not stored in the filestore: %s",
                            checksum, error)
            if full_path and os.path.lexists(full_path):
                try:
                    os.unlink(full_path)
                except OSError:
                    _logger.warning("Partial file %s not removed", full_path)
            raise UserError(_(
                "The file could not be stored: the server's file storage is full or "
                "cannot be written (%s). Nothing was saved; please try again later "
                "or tell the administrator.") % (error.strerror or error))
        return fname
