from odoo import fields, models


def utc_iso(value):
    """An Odoo datetime string as ISO 8601 in UTC, or None."""
    return value and fields.Datetime.from_string(value).isoformat() + "Z" or None


class RealestateComplaint(models.Model):
    """A case registered by an integration of the intake API (R1): the integration
    and the client's own id of the request, unique per integration, so that a
    request sent twice registers one case.

    Set at registration by the integration's technical user only and never changed
    afterwards: the integration's status endpoint shows exactly its own cases
    (R39), so nobody may move a case into an integration's view.
    """

    _inherit = "realestate.complaint"

    # Not index=True: intake_external_uniq (intake_integration_id, ...) serves it
    # (issue 17: fewer indexes to rewrite on each update of a case).
    intake_integration_id = fields.Many2one(
        "realestate.complaint.integration", string="Integration", readonly=True,
        copy=False, ondelete="restrict", groups="base.group_system")
    intake_external_id = fields.Char(
        string="External Reference", readonly=True, copy=False,
        help="The reference of the call-centre software or the mini-program.")
    intake_fingerprint = fields.Char(
        readonly=True, copy=False, groups="base.group_system",
        help="Digest of the request that registered the case: the same external "
        "reference with other content is a conflict, not a repeat.")

    _sql_constraints = [
        ("intake_external_uniq", "unique (intake_integration_id, intake_external_id)",
         "An integration registers one case per external reference."),
    ]

    def _intake_status(self):
        """What the customer may know of the case, for its integration: number,
        stage in words, dates. No notes, people, levels or internal ids (R39)."""
        self.ensure_one()
        case = self.sudo().with_context(lang=self.env.lang)
        return {
            "number": case.name,
            "external_id": case.intake_external_id,
            "kind": case.kind,
            "channel": case.channel,
            "stage": {"code": case.stage_id.code, "name": case.stage_id.name},
            "closed": case.is_closed,
            "received_at": utc_iso(case.date_received),
            "expected_by": utc_iso(case.date_expected),
            "closed_at": utc_iso(case.date_closed),
        }

    def _intake_answer(self, created):
        """The answer to a registration: the status and the acknowledgement, with
        the process and the expected handling time, for the software to read out
        or show (R3)."""
        self.ensure_one()
        answer = dict(self._intake_status(), created=created)
        answer["acknowledgement"] = self._acknowledgement_text()
        return answer
