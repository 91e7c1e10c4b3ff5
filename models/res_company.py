from collections import namedtuple

import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from .roles import OPERATOR

# What every registration and every sweep reads of its company: kept per process
# (``_complaint_settings``), since reading res.company costs a registration a tenth
# of its time once account and sale have widened the table.
ComplaintSettings = namedtuple("ComplaintSettings", [
    "repeat_window_days", "cluster_households", "at_risk_ratio", "calendar_id", "tz",
    "repeat_major", "leader_id"])
SETTINGS_FIELDS = {
    "complaint_repeat_window_days", "complaint_cluster_households",
    "complaint_at_risk_ratio", "complaint_calendar_id", "complaint_tz",
    "complaint_repeat_major", "complaint_leader_id"}


class ResCompany(models.Model):
    """Per-company settings of the complaint process."""

    _inherit = "res.company"

    complaint_repeat_window_days = fields.Integer(
        string="Repeat Window (days)", default=30,
        help="Complaints of the same unit or complainant and category within this many "
        "days are repeats; households of a building within it form a cluster (R9).")
    complaint_cluster_households = fields.Integer(
        string="Households for a Group Risk", default=3,
        help="This many households of one building complaining about one category "
        "within the window flag their cases as a group complaint risk (R7, R9).")
    complaint_repeat_major = fields.Boolean(
        string="A Repeated Complaint Is Major",
        help="A complaint repeated by its complainant makes the case level 1 (major) "
        "at once (002:307: 重大客户投诉包括重复投诉); otherwise each repetition "
        "raises it one level (R9).")
    complaint_at_risk_ratio = fields.Float(
        string="At Risk From", default=0.8,
        help="Share of a time limit after which its deadline shows as at risk.")
    complaint_calendar_id = fields.Many2one(
        "resource.calendar", string="Complaint Working Hours",
        default=lambda self: self._default_complaint_calendar(),
        help="Working hours, public holidays and makeup days that SLA deadlines in "
        "working time count on (R17, R18, R20).")
    complaint_legal_team_id = fields.Many2one(
        "realestate.complaint.team", string="Legal Department",
        help="Warned with management of every major (level 1) complaint (R24).")
    complaint_manager_id = fields.Many2one(
        "res.users", string="Calls Back Major Cases",
        help="The company manager who calls back level 1 cases (R27).")
    complaint_portal_user_id = fields.Many2one(
        "res.users", string="Receives Portal Complaints",
        help="The hotline operator or agent who receives, and stays accountable for, "
        "the complaints customers submit on the portal (首问责任人, R2, R25). Without "
        "one the portal asks customers to call the hotline.")
    complaint_tz = fields.Selection(
        "_tz_selection", string="Complaint Time Zone", default="Asia/Shanghai",
        help="The time zone the working hours are read in, whoever computes them.")
    repair_order_copies = fields.Char(
        default="Owner, Repair Duty Head, Property Engineering",
        help="The copies of the printed repair order, comma-separated: one page "
        "each (一式三联, 004:124).")
    repair_free_years = fields.Integer(
        string="Free Repairs (Years After Delivery)", default=3,
        help="The developer repairs for free this many years after delivery, beyond "
        "the components' warranties (004:107); 0: no such promise.")

    @api.constrains("complaint_at_risk_ratio")
    def _check_complaint_at_risk_ratio(self):
        for company in self:
            if not 0 < company.complaint_at_risk_ratio < 1:
                raise ValidationError(
                    _("The at-risk share must lie between 0 and 1 (e.g. 0.8)."))

    @api.constrains("complaint_portal_user_id")
    def _check_complaint_portal_user(self):
        """The receiver registers the portal's cases with their own rights, and
        Odoo 11 posts nothing (not even the case's first message) for a user
        without an email address."""
        for company in self.filtered("complaint_portal_user_id"):
            user = company.complaint_portal_user_id
            if not user.has_group(OPERATOR) \
                    or company not in user.company_ids or not user.email:
                raise ValidationError(_(
                    "%(user)s cannot receive the portal's complaints of %(company)s: "
                    "choose a hotline operator or agent of that company who has an "
                    "email address.") % {"user": user.name, "company": company.name})

    @api.model
    def _default_complaint_calendar(self):
        return self.env.ref("realestate_complaint.resource_calendar_cn", False)

    @api.model
    def _tz_selection(self):
        return [(tz, tz) for tz in pytz.common_timezones]

    def _complaint_company_ids(self):
        """This company and the companies under it: what the addon's multi-company
        rules let its users see. A list, evaluated once per user in the record
        rules' cache (which a company's change and a user's change of company
        empty), instead of ``child_of``, which queries res_company at every search
        of every rule (a dozen times per registration)."""
        self.ensure_one()
        return self.sudo().search([("id", "child_of", self.id)]).ids

    def _complaint_day(self, naive_utc):
        """The company's day (a date) of a moment stored in UTC (string)."""
        self.ensure_one()
        tz = pytz.timezone(self.complaint_tz or "Asia/Shanghai")
        return pytz.utc.localize(fields.Datetime.from_string(naive_utc)).astimezone(
            tz).date()

    @api.model
    @tools.ormcache("company_id")
    def _complaint_settings_of(self, company_id):
        company = self.sudo().browse(company_id)
        calendar = company.complaint_calendar_id or \
            company._default_complaint_calendar()
        return ComplaintSettings(
            company.complaint_repeat_window_days, company.complaint_cluster_households,
            company.complaint_at_risk_ratio, calendar.id,
            company.complaint_tz or "Asia/Shanghai", company.complaint_repeat_major,
            company.complaint_leader_id.id)

    def _complaint_settings(self):
        """The company's complaint settings, read once per process (emptied when
        one of them changes, ``write``)."""
        self.ensure_one()
        return self._complaint_settings_of(self.id)

    def write(self, vals):
        if SETTINGS_FIELDS & set(vals):
            self.clear_caches()
        return super(ResCompany, self).write(vals)

    def _complaint_working_time(self):
        """The company's complaint working time (R18, R20), in its own time zone."""
        settings = self._complaint_settings()
        return self.env["resource.calendar"].browse(settings.calendar_id)._working_time(
            settings.tz)

    def _complaint_moment_before(self, working_days):
        """The moment (naive UTC string) ``working_days`` of complaint working time
        before now: demo cases are placed by working time, so that the tiers they
        have reached do not depend on the weekday the demo is installed."""
        self.ensure_one()
        work = self._complaint_working_time()
        return fields.Datetime.to_string(work.subtract_hours(
            fields.Datetime.from_string(fields.Datetime.now()),
            working_days * work.hours_per_day))

    @api.model
    def _demo_set_currency(self, company_id, currency_id):
        """Demo data only: the Chinese demo company works in yuan. Odoo's account
        demo (installed with ``sale_management``) has already posted journal
        items in the company's first currency, and ``account`` then refuses the
        change through the ORM; the demo's amounts and its sale pricelist follow
        the company instead."""
        self.env.cr.execute("UPDATE res_company SET currency_id = %s WHERE id = %s",
                            (currency_id, company_id))
        self.invalidate_cache(["currency_id"], [company_id])
        pricelist = self.env.ref("product.list0", raise_if_not_found=False)
        if pricelist:
            pricelist.currency_id = currency_id
