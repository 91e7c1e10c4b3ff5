from collections import namedtuple
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PERIODS = [
    ("years", "Years"),
    ("heating_seasons", "Heating or Cooling Seasons"),
    ("design_life", "Design Working Life"),
]
# What a repair item costs the owner, and why (004:118, 004:107, 004:44-46).
COVERAGES = [
    ("warranty", "In Warranty"),                 # free: the contractor answers
    ("free_maintenance", "Free Maintenance"),    # free: the developer's own promise
    ("chargeable", "Out of Warranty"),           # the fee agreed with the owner first
    ("excluded", "Excluded: Owner's Damage"),    # the owner pays
    ("unknown", "Unknown"),                      # no delivery date: decide by hand
]

Coverage = namedtuple("Coverage", "coverage warranty_end reason")


class RealestateWarrantyComponent(models.Model):
    """A part of a home with its warranty period (保修部位). The shipped lines are
    the minimums of the PRC Regulation on the Quality Management of Construction
    Projects, Art. 40 (建设工程质量管理条例第四十条), editable: a developer's own
    quality guarantee (住宅质量保证书) may promise more, never less. Counted from the
    unit's delivery to its owner."""

    _name = "realestate.warranty.component"
    _description = "Warranty Component"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True,
        help="Empty: the same periods for every company.")
    period = fields.Selection(PERIODS, required=True, default="years")
    duration = fields.Integer(
        required=True, default=2,
        help="Years, or heating (cooling) seasons. For the design working life, the "
        "years the design documents give (50 for most homes).")
    season_end = fields.Char(
        default="03-15",
        help="For seasons: the day (MM-DD) the heating season ends; the warranty "
        "ends with the last season counted that began after the delivery.")
    legal_basis = fields.Char(
        translate=True,
        help="Where the period comes from: the regulation's article, the quality "
        "guarantee, the contract.")

    @api.constrains("duration", "season_end", "period")
    def _check_period(self):
        for component in self:
            if component.duration <= 0:
                raise ValidationError(_("The warranty of %s must last a while.")
                                      % component.name)
            if component.period == "heating_seasons":
                try:
                    month, day = (
                        int(x) for x in (component.season_end or "").split("-"))
                    date(2001, month, day)
                except ValueError:
                    raise ValidationError(_(
                        "Give the day the heating season ends as MM-DD (03-15), not "
                        "%s.") % (component.season_end or _("nothing")))

    def _warranty_end(self, delivery):
        """The last day of warranty of this component for a unit delivered on
        ``delivery`` (a date)."""
        self.ensure_one()
        if self.period in ("years", "design_life"):
            return delivery + relativedelta(years=self.duration, days=-1)
        month, day = (int(x) for x in self.season_end.split("-"))
        # A season ends on season_end and begins four months before: the first one
        # counted is the first to begin after the delivery (one under way at the
        # delivery is not a season of use).
        end = date(delivery.year, month, day)
        while end - relativedelta(months=4) < delivery:
            end += relativedelta(years=1)
        return end + relativedelta(years=self.duration - 1)

    def _period_text(self):
        self.ensure_one()
        if self.period == "heating_seasons":
            return _("%s heating or cooling seasons") % self.duration
        if self.period == "design_life":
            return _("the design working life (%s years)") % self.duration
        return _("%s years") % self.duration


class RealestateUnit(models.Model):
    _inherit = "realestate.unit"

    def _coverage(self, component, on_date, owner_damage=False):
        """Who pays to repair ``component`` of this unit reported on ``on_date``
        (a date), and why: a Coverage(coverage, warranty_end, reason)."""
        self.ensure_one()
        if owner_damage:
            return Coverage("excluded", None, _(
                "Damage caused by the owner or their use: not covered, the owner "
                "pays (004:44-46)."))
        if not self.delivery_date:
            return Coverage("unknown", None, _(
                "The delivery date of %s is not known: decide who pays by hand.")
                % self.name)
        delivered = fields.Date.from_string(self.delivery_date)
        if component:
            end = component._warranty_end(delivered)
            if on_date <= end:
                return Coverage("warranty", end, _(
                    "%(component)s: %(period)s from delivery on %(delivered)s, until "
                    "%(end)s (%(basis)s). Free; the responsible contractor answers.")
                    % {"component": component.name,
                       "period": component._period_text(),
                       "delivered": delivered, "end": end,
                       "basis": component.legal_basis or _("warranty")})
        years = self.company_id.repair_free_years
        if years:
            end = delivered + relativedelta(years=years, days=-1)
            if on_date <= end:
                return Coverage("free_maintenance", end, _(
                    "Within the %(years)s years of free repairs after delivery on "
                    "%(delivered)s, until %(end)s (004:107). Free; the developer "
                    "answers.") % {"years": years, "delivered": delivered, "end": end})
        if component:
            return Coverage("chargeable", None, _(
                "Out of warranty (%(component)s ended %(end)s): the repair is paid by "
                "the owner, its fee agreed with them before the work (002:883-889).")
                % {"component": component.name,
                   "end": component._warranty_end(delivered)})
        return Coverage("chargeable", None, _(
            "Out of warranty: the repair is paid by the owner, its fee agreed with "
            "them before the work (002:883-889)."))
