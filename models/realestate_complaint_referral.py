from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from .realestate_complaint_escalation_tier import alertable
from .roles import AGENT


class RealestateComplaintReferral(models.Model):
    """A case referred up by hand (R22; 000:402-444, nodes E4 → D5 → C6 → B7 → A8;
    004:291): whoever finds it beyond their competence passes it to the next tier
    of the management chain, with a reason. Recorded like a deadline's escalation
    (the tier reached, a note, a to-do and a notification for the tier's people)
    and shown on the case as the highest tier it reached.

    Time does not move it: the deadlines still climb from their own tier when
    they are late (R21); the case's tier is the highest of both."""

    _name = "realestate.complaint.referral"
    _description = "Case Referred Up"
    _inherit = "realestate.complaint.record.mixin"
    _order = "date desc, id desc"

    from_tier_id = fields.Many2one(
        "realestate.complaint.escalation.tier", string="From", readonly=True,
        ondelete="restrict")
    tier_id = fields.Many2one(
        "realestate.complaint.escalation.tier", string="Referred To", required=True,
        readonly=True, ondelete="restrict")
    user_id = fields.Many2one(
        "res.users", string="Referred By", required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    referral_ids = fields.One2many(
        "realestate.complaint.referral", "complaint_id", string="Referrals",
        groups="realestate_complaint.group_complaint_agent")

    def _referral_target(self):
        """(current tier, next tier) of a manual referral: the tier the case has
        reached (the first of the chain when none), and the one above it. The
        administration tier follows up lateness (R21); nobody refers a case to it."""
        self.ensure_one()
        ladder = self.env["realestate.complaint.escalation.tier"].sudo()._ladder(
            self.company_id).filtered(lambda t: not t.is_administration)
        current = self.sudo().escalation_tier_id or ladder[:1]
        return current, current._next_in(ladder)

    def _refer_up(self, reason):
        """R22: pass the case to the next tier with ``reason``."""
        self.ensure_one()
        if not self.env.user.has_group(AGENT):
            raise AccessError(_("Customer service (agents and above) refers cases "
                                "up the chain."))
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._check_not_recused()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why %s goes up to the next tier.") % self.name)
        if self.is_closed:
            raise UserError(_("%s is closed.") % self.name)
        current, tier = self._referral_target()
        if not tier:
            raise UserError(_("%(case)s is at the top of the chain (%(tier)s): "
                              "nobody above can take it.") % {
                                  "case": self.name, "tier": current.name})
        referral = self.env["realestate.complaint.referral"].sudo().create({
            "complaint_id": self.id, "from_tier_id": current.id, "tier_id": tier.id,
            "user_id": self.env.uid, "reason": reason,
            "date": fields.Datetime.now()})
        self._update_sla_summary()
        people = alertable(tier._people(self.sudo()), self.company_id)
        self._schedule_activities(
            self.env.ref("realestate_complaint.mail_activity_type_escalation"),
            fields.Date.context_today(self), [{
                "res_id": self.id, "res_name": self.name, "user_id": user.id,
                "summary": _("Case %(case)s referred to %(tier)s") % {
                    "case": self.name, "tier": tier.name},
                "note": "<p>%s</p>" % html_escape(reason)} for user in people])
        self.sudo().message_post(
            body="<p>%s</p>" % html_escape(_(
                "Referred up to %(tier)s by %(user)s: %(reason)s. Informed: "
                "%(people)s (R22).") % {
                "tier": tier.name, "user": self.env.user.name, "reason": reason,
                "people": ", ".join(people.mapped("name")) or _("nobody set")}),
            partner_ids=people.mapped("partner_id").ids,
            subtype="mail.mt_note", author_id=self.env.user.partner_id.id)
        return referral
