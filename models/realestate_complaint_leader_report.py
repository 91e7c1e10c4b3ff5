from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape, plaintext2html

from ..tools.process_context import by_process
from .roles import is_system

INSTRUCTION = "realestate_complaint.mail_activity_type_leader_instruction"


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_leader_id = fields.Many2one(
        "res.users", string="Leader in Charge of Customer Service",
        help="The company leader in charge of customer service (分管领导): receives "
        "the complaint information report within half a working day and gives a "
        "written instruction within half a working day (R11; 000:466-470).")


class RealestateComplaint(models.Model):
    """The complaint information report (投诉信息汇报表) to the company's leader in
    charge of customer service within half a working day of receipt, and the
    leader's written instruction (批示) within half a working day of the report,
    passed on to the directly responsible person (R11; 000:464-470). Both are
    deadlines of the SLA policies (targets ``report`` and ``instruction``)."""

    _inherit = "realestate.complaint"

    date_reported_leader = fields.Datetime(
        string="Reported to the Leader On", readonly=True, copy=False)
    leader_id = fields.Many2one(
        "res.users", string="Leader Reported To", readonly=True, copy=False)
    leader_instruction = fields.Text(
        string="Leader's Instruction", readonly=True, copy=False,
        help="The written instruction (批示) of the leader in charge (000:470).")
    date_instructed = fields.Datetime(
        string="Instructed On", readonly=True, copy=False)

    @api.model
    def _skipped_targets(self, company):
        """Without a leader in charge set, nobody reports or instructs: no such
        deadlines (they would only breach)."""
        skipped = super(RealestateComplaint, self)._skipped_targets(company)
        if not company._complaint_settings().leader_id:
            skipped |= {"report", "instruction"}
        return skipped

    def action_report_to_leader(self):
        """R11: the report goes to the leader, who gets the to-do of the written
        instruction; the instruction's half working day starts now."""
        for complaint in self:
            complaint.check_access_rights("write")
            complaint.check_access_rule("write")
            leader = complaint.company_id.complaint_leader_id
            if not leader:
                raise UserError(_("Set the leader in charge of customer service of "
                                  "%s first (company settings).")
                                % complaint.company_id.name)
            if complaint.date_reported_leader:
                raise UserError(_("%s was reported to the leader already.")
                                % complaint.name)
        now = fields.Datetime.now()
        for complaint in self:
            leader = complaint.company_id.complaint_leader_id
            with by_process():
                complaint.write({"date_reported_leader": now,
                                 "leader_id": leader.id})
            # The instruction's deadline first: completing the report then stores
            # the case's SLA summary once, with both.
            complaint.sudo()._create_deadlines("reported", now)
            complaint._complete_targets(["report"], now)
            complaint._schedule_activities(
                self.env.ref(INSTRUCTION), fields.Date.context_today(self), [{
                    "res_id": complaint.id, "res_name": complaint.name,
                    "user_id": leader.id, "note": "",
                    "summary": _("Complaint information report %s: give your "
                                 "written instruction") % complaint.name}])
            complaint.message_post(
                body=html_escape(_(
                    "Complaint information report sent to %(leader)s, the leader in "
                    "charge, for a written instruction within half a working day "
                    "(R11).") % {"leader": leader.name}),
                partner_ids=leader.partner_id.ids, subtype="mail.mt_note")
        return True

    def _give_instruction(self, instruction):
        """000:470: the leader's written instruction, passed on to the directly
        responsible person (and the agent)."""
        self.ensure_one()
        instruction = (instruction or "").strip()
        if not is_system(self.env) and self.env.user != self.leader_id:
            raise AccessError(_("%(leader)s, the leader the report went to, gives "
                                "the instruction on %(case)s.") % {
                "leader": self.leader_id.name or _("The leader in charge"),
                "case": self.name})
        if not self.date_reported_leader:
            raise UserError(_("%s has not been reported to the leader yet.")
                            % self.name)
        if not instruction:
            raise UserError(_("Write the instruction."))
        if self.date_instructed:
            raise UserError(_("The leader has given the instruction on %s already.")
                            % self.name)
        now = fields.Datetime.now()
        with by_process():
            self.sudo().write({"leader_instruction": instruction,
                               "date_instructed": now})
        self._complete_targets(["instruction"], now)
        self.sudo()._activities_of_type(INSTRUCTION).action_feedback(
            feedback=instruction)
        told = (self.responsible_id | self.user_id).mapped("partner_id")
        self.sudo().message_post(
            body=plaintext2html(_("Instruction of %(leader)s (R11): %(text)s") % {
                "leader": self.env.user.name, "text": instruction}),
            partner_ids=told.ids, subtype="mail.mt_note",
            author_id=self.env.user.partner_id.id)
        return True
