"""A file the filestore cannot take (disk full, not writable) is refused with a
clear error, and no attachment points to a missing or cut file (issue 17 item 2; the
load command's ``--fault filestore-full`` found Odoo 11 registering a portal complaint
whose photo was never written).

The failure is real, not mocked: a dangling symbolic link stands where the file
goes, so opening it for writing fails for every user, root included."""
import base64
import os
import uuid

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from ..models.realestate_complaint_portal import PortalFormError
from .test_portal import JPEG, PortalCase

LOGGER = "odoo.addons.realestate_complaint.models.ir_attachment"


class TestFilestoreFailure(PortalCase):

    def blocked(self, data):
        """The filestore path of ``data``, made unwritable; removed afterwards."""
        Attachment = self.env["ir.attachment"]
        _fname, path = Attachment._get_path(data, Attachment._compute_checksum(data))
        os.symlink(os.path.join(path + ".absent", "file"), path)
        self.addCleanup(lambda: os.path.lexists(path) and os.unlink(path))
        return path

    def attachments_of(self, data):
        return self.env["ir.attachment"].search(
            [("checksum", "=", self.env["ir.attachment"]._compute_checksum(data))])

    def test_a_write_that_fails_raises_and_stores_nothing(self):
        data = b"evidence " + uuid.uuid4().bytes
        path = self.blocked(data)
        with mute_logger(LOGGER), self.assertRaises(UserError) as caught:
            self.env["ir.attachment"].create({
                "name": "leak.txt", "datas": base64.b64encode(data)})
        self.assertIn("could not be stored", caught.exception.name)
        self.assertFalse(self.attachments_of(data))
        # What stood in the way (a partial file on a full disk) is gone.
        self.assertFalse(os.path.lexists(path))

    def test_portal_upload_refused_with_the_reason_and_nothing_registered(self):
        """The customer reads why on the form; no case, no attachment."""
        photo = JPEG + uuid.uuid4().bytes
        self.blocked(photo)
        before = self.counts()
        with mute_logger(LOGGER, "odoo.addons.realestate_complaint.models."
                         "realestate_complaint_portal"), \
                self.assertRaises(PortalFormError) as caught:
            self.register(uploads=[("漏水.jpg", photo)])
        self.assertIn("could not be stored", caught.exception.errors["form"])
        self.assertEqual(self.counts(), before)
        self.assertFalse(self.attachments_of(photo))

    def test_a_cut_file_is_written_again(self):
        """A file cut by an earlier failed write does not serve later uploads of
        the same content."""
        data = b"evidence " + uuid.uuid4().bytes * 8
        Attachment = self.env["ir.attachment"]
        _fname, path = Attachment._get_path(data, Attachment._compute_checksum(data))
        with open(path, "wb") as cut:
            cut.write(data[:10])
        self.addCleanup(lambda: os.path.exists(path) and os.unlink(path))
        attachment = Attachment.create({"name": "a.txt",
                                        "datas": base64.b64encode(data)})
        self.assertEqual(base64.b64decode(attachment.datas), data)
