import math
import re
from datetime import timedelta

from odoo import api, fields, models

DEFAULT_MAX_FAILURES = 10
DEFAULT_WINDOW_SECONDS = 15 * 60
# The public start of a key of this API (see the integration model).
_KEY_PREFIX = re.compile(r"^rc_([0-9a-f]{8})\.")


class RealestateComplaintIntakeAttempt(models.Model):
    """A request to the intake API with a missing, wrong or revoked key (R39).

    Counted per client address in a sliding window, in the database so that every
    worker sees the same count: an address that reaches the limit waits until its
    oldest failure leaves the window. Requests with a valid key are not recorded.
    Per address, not per key prefix: failures under a known prefix would otherwise
    lock the real integration out. Rows older than the window are deleted whenever
    a failure is recorded, so the table stays small.

    Limits: system parameters ``realestate_complaint.intake_max_failures`` (10) and
    ``realestate_complaint.intake_failure_window`` (seconds, 900).
    """

    _name = "realestate.complaint.intake.attempt"
    _description = "Failed Intake API Attempt"
    _log_access = False
    _order = "date desc, id desc"

    ip = fields.Char(string="Client Address", required=True, index=True)
    key_prefix = fields.Char(help="The prefix of the key sent, if it has the shape of "
                             "one: a misconfigured client rather than a guesser.")
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _limits(self):
        """(maximum failures, window) of the system parameters."""
        Param = self.env["ir.config_parameter"].sudo()
        try:
            maximum = int(Param.get_param(
                "realestate_complaint.intake_max_failures", DEFAULT_MAX_FAILURES))
            seconds = int(Param.get_param(
                "realestate_complaint.intake_failure_window", DEFAULT_WINDOW_SECONDS))
        except ValueError:
            maximum, seconds = DEFAULT_MAX_FAILURES, DEFAULT_WINDOW_SECONDS
        return max(maximum, 1), timedelta(seconds=max(seconds, 1))

    @api.model
    def _retry_after(self, ip):
        """Seconds the address must wait, or 0 when it may try."""
        maximum, window = self._limits()
        now = fields.Datetime.from_string(fields.Datetime.now())
        since = fields.Datetime.to_string(now - window)
        self.env.cr.execute("""
            SELECT count(*), min(date) FROM realestate_complaint_intake_attempt
             WHERE ip = %s AND date > %s""", (ip, since))
        count, oldest = self.env.cr.fetchone()
        if count < maximum:
            return 0
        oldest = fields.Datetime.from_string(oldest)
        return max(1, int(math.ceil((oldest + window - now).total_seconds())))

    @api.model
    def _record(self, ip, key):
        """Count a refused key from ``ip``; forget what left the window."""
        _maximum, window = self._limits()
        now = fields.Datetime.from_string(fields.Datetime.now())
        self.env.cr.execute(
            "DELETE FROM realestate_complaint_intake_attempt WHERE date <= %s",
            (fields.Datetime.to_string(now - window),))
        # Never the key itself: only the part that names an integration, when the
        # key has the shape of ours (a stray password must not be kept).
        prefix = _KEY_PREFIX.match(key or "")
        self.sudo().create({
            "ip": ip or "unknown",
            "key_prefix": prefix and prefix.group(1),
            "date": fields.Datetime.to_string(now),
        })
