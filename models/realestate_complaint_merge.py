"""Merging two registrations of the same case (issue 16 item 13).

One issue is recorded once (对同一问题多次投诉…应作一次记录, 002:815): when the
same customer registers the same issue twice (the hotline and an email, two
departments each logging it), the duplicate registration is merged into the case it
duplicates. What it holds is kept on the surviving case: its messages and
attachments, its evidence, its followers, its follow-ups, callbacks, repair items
and corrective actions; its open deadlines are closed as *Merged* (the surviving
case's own deadlines measure the handling of the issue, so the duplicate's are not
counted as met or breached, and the merged case is left out of the statistics); the
duplicate is closed with a link to the surviving case and a note on both.

A repeat (R9, ``repeat_of_id``, ``_link_to_case``) is another thing: a customer who
complains again about an issue already in hand. The repeat stays a case of its own
on record and raises the level of the case it repeats (002:307: repeated complaints
are major ones). A merge corrects a double registration: nothing is raised.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from ..tools.process_context import by_process
from .realestate_complaint_deadline import OPEN_STATUSES
from .realestate_complaint_solution import OPEN_STATES as OPEN_SOLUTION_STATES
from .roles import AGENT, is_system_or

# The records of a case that follow it into the surviving case. Solutions stay with
# the duplicate (its own proposals and decisions, R14: an open one blocks the
# merge), and so do its supervision order (one per case, R19) and the rewards and
# penalties of its handling (R36).
MOVED_RECORDS = ("realestate.complaint.followup", "realestate.complaint.callback",
                 "realestate.repair.item", "realestate.complaint.corrective.action")


class RealestateComplaintDeadline(models.Model):
    _inherit = "realestate.complaint.deadline"

    status = fields.Selection(selection_add=[("merged", "Merged")])


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    merged_into_id = fields.Many2one(
        "realestate.complaint", readonly=True, index=True,
        copy=False, ondelete="restrict", track_visibility="onchange",
        help="This registration duplicated that case and was merged into it: its "
        "messages, evidence and records are there (002:815).")
    merged_ids = fields.One2many(
        "realestate.complaint", "merged_into_id", string="Merged Registrations")
    merged_count = fields.Integer(string="Merged", compute="_compute_merged_count")

    @api.depends("merged_ids")
    def _compute_merged_count(self):
        groups = self.read_group([("merged_into_id", "in", self.ids)],
                                 ["merged_into_id"], ["merged_into_id"])
        counts = {g["merged_into_id"][0]: g["merged_into_id_count"] for g in groups}
        for complaint in self:
            complaint.merged_count = counts.get(complaint.id, 0)

    def action_view_merged(self):
        """The registrations merged into this case."""
        self.ensure_one()
        action = self.env.ref(
            "realestate_complaint.realestate_complaint_action").read()[0]
        action.update(domain=[("merged_into_id", "=", self.id)], context={},
                      name=_("Merged Registrations"))
        return action

    def _merge_blocker(self, target):
        """Why this case cannot be merged into ``target`` by the current user."""
        self.ensure_one()
        if target == self:
            return _("A case cannot be merged into itself.")
        if target.company_id != self.company_id:
            return _("%(case)s and %(target)s belong to different companies.") % {
                "case": self.name, "target": target.name}
        if self.partner_id and target.partner_id and \
                self.partner_id != target.partner_id:
            # 002:815: the same complainant complaining twice. Another customer's
            # messages would show on this one's portal and reach them (R39).
            return _("%(case)s and %(target)s have different complainants: a "
                     "complaint of another customer is a case of its own (or a "
                     "repeat, R9).") % {"case": self.name, "target": target.name}
        if self.is_closed:
            return _("%s is closed already: there is nothing left to merge.") \
                % self.name
        if target.is_closed:
            return _("%s is closed: a new registration of its issue is a repeat "
                     "(R9) or reopens it, it is not merged into it.") % target.name
        if self.solution_ids.filtered(lambda s: s.state in OPEN_SOLUTION_STATES):
            return _("%s has a solution waiting for a decision (R14): decide it, or "
                     "merge the other case into this one.") % self.name
        return None

    def _check_merge(self, target):
        """Agents and supervisors merge (not operators or departments), cases they
        may change; a confidential case they may not open is out of reach (R39)."""
        if not is_system_or(self.env, AGENT):
            raise AccessError(_("Only complaint agents and supervisors merge cases."))
        cases = self | target
        for mode in ("read", "write"):
            cases.check_access_rights(mode)
            cases.check_access_rule(mode)
        for complaint in self:
            blocker = complaint._merge_blocker(target)
            if blocker:
                raise UserError(blocker)

    def _merge_into(self, target, reason=None):
        """Merge these duplicate registrations into ``target`` (see the module's
        docstring), after the checks; set-based, whatever their number of
        messages."""
        target.ensure_one()
        self._check_merge(target)
        now = fields.Datetime.now()
        cr = self.env.cr
        sources = tuple(self.ids)
        # Followers first: the messages that move keep reaching the same people.
        followers = self.sudo().mapped("message_follower_ids")
        target.sudo().message_subscribe(
            partner_ids=followers.mapped("partner_id").ids,
            channel_ids=followers.mapped("channel_id").ids)
        # Messages (with their tracking values) and attachments, in one UPDATE each.
        cr.execute("""
            UPDATE mail_message SET res_id = %s, record_name = %s
             WHERE model = %s AND res_id IN %s""",
                   (target.id, target.name, self._name, sources))
        cr.execute("""
            UPDATE ir_attachment SET res_id = %s
             WHERE res_model = %s AND res_id IN %s""",
                   (target.id, self._name, sources))
        cr.execute("""
            INSERT INTO realestate_complaint_evidence_rel (complaint_id, attachment_id)
            SELECT DISTINCT %s, attachment_id FROM realestate_complaint_evidence_rel
             WHERE complaint_id IN %s
            ON CONFLICT DO NOTHING""", (target.id, sources))
        cr.execute("DELETE FROM realestate_complaint_evidence_rel "
                   "WHERE complaint_id IN %s", (sources,))
        # The duplicates' to-dos belonged to their own deadlines, closed below.
        self.env["mail.activity"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids)]).unlink()
        self._merge_records(target)
        # R9: the complaints that repeated a duplicate repeat the surviving case.
        self.sudo().mapped("repeat_ids").write({"repeat_of_id": target.id})
        # Closed, not met or breached: the surviving case's own deadlines measure
        # the handling of the issue (the repair items' deadlines moved with them).
        cr.execute("""
            UPDATE realestate_complaint_deadline
               SET status = 'merged', date_done = %s, date_next_escalation = NULL,
                   write_uid = %s, write_date = now() at time zone 'UTC'
             WHERE complaint_id IN %s AND status IN %s""",
                   (now, self.env.uid, sources, OPEN_STATUSES))
        self.env["realestate.complaint.deadline"].invalidate_cache()
        self.env["mail.message"].invalidate_cache(["res_id", "record_name"])
        self.env["ir.attachment"].invalidate_cache(["res_id"])
        self.invalidate_cache()
        target.invalidate_cache()
        self._update_sla_summary()
        with by_process():
            self.write({
                "merged_into_id": target.id,
                "stage_id": self.env.ref("realestate_complaint.stage_closed").id,
            })
        self._merge_notes(target, reason)
        return True

    def _merge_records(self, target):
        """The duplicates' follow-ups, callbacks, repair items (and their
        deadlines) and corrective actions go to ``target``: one UPDATE per table.
        Callbacks keep their order: the duplicates' come first and the surviving
        case's own are renumbered after them, so that its last callback is still
        the one that decides whether it may close (R30). A planned callback of a
        duplicate is cancelled first (nobody calls back about it, as when a case
        is closed by hand)."""
        cr = self.env.cr
        sources = tuple(self.ids)
        Callback = self.env["realestate.complaint.callback"].sudo()
        Callback.search([("complaint_id", "in", self.ids),
                         ("state", "=", "planned")]).write({"state": "cancelled"})
        # Numbers: the duplicates' in the order of their cases and numbers, then
        # the target's own. Negative first: (case, number) is unique at each row.
        cr.execute("""
            WITH numbered AS (
                SELECT id, row_number() OVER (
                           ORDER BY complaint_id = %(target)s, complaint_id,
                                    sequence) AS n
                  FROM realestate_complaint_callback
                 WHERE complaint_id IN %(cases)s)
            UPDATE realestate_complaint_callback c SET sequence = -numbered.n
              FROM numbered WHERE c.id = numbered.id""",
                   {"target": target.id, "cases": sources + (target.id,)})
        for model in MOVED_RECORDS:
            cr.execute(
                'UPDATE "{table}" SET complaint_id = %s WHERE complaint_id IN %s'
                .format(table=self.env[model]._table), (target.id, sources))
        cr.execute("UPDATE realestate_complaint_callback SET sequence = -sequence "
                   "WHERE complaint_id = %s AND sequence < 0", (target.id,))
        cr.execute("""
            UPDATE realestate_complaint_deadline SET complaint_id = %s
             WHERE complaint_id IN %s AND repair_item_id IS NOT NULL""",
                   (target.id, sources))
        for model in MOVED_RECORDS + ("realestate.complaint.deadline",):
            self.env[model].invalidate_cache()

    def _merge_notes(self, target, reason):
        why = html_escape(reason) if reason and reason.strip() else ""
        for complaint in self:
            complaint.message_post(body=_(
                "Merged into %(case)s: a second registration of the same issue "
                "(002:815). Its messages, evidence and records are there. "
                "%(reason)s") % {"case": html_escape(target.name), "reason": why},
                subtype="mail.mt_note")
        names = html_escape(", ".join(self.mapped("name")))
        target.message_post(body=_(
            "%(cases)s merged into this case: a second registration of the same "
            "issue (002:815); their messages, evidence, follow-ups, callbacks and "
            "repair items are here, their open deadlines are closed as merged. "
            "%(reason)s") % {"cases": names, "reason": why}, subtype="mail.mt_note")


class RealestateComplaintStatistics(models.AbstractModel):
    _inherit = "realestate.complaint.statistics"

    @api.model
    def _scope_sql(self, scope):
        """A merged registration is not a case of its own (002:815): neither it
        nor its deadlines count twice."""
        return super(RealestateComplaintStatistics, self)._scope_sql(scope) + \
            " AND c.merged_into_id IS NULL"
