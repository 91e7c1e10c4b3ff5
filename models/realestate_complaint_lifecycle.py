"""The life of a case in one place: what a registration and a change set off, in
order.

Each part of the process keeps its steps next to its fields (the SLA's in
``realestate_complaint_sla.py``, the result's in ``..._result.py`` …); this file
alone overrides the case's ``create`` and ``write`` and calls those steps, so the
order is read here instead of following from the import order of the files. Who
may set which field is checked before, by the guards of ``roles.py`` (outermost).
"""
from odoo import _, api, fields, models


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    @api.model
    def create(self, vals):
        # The values: a department's own registration (000:712), the person the
        # assignment method proposed, the unit's sale and its sales department,
        # the contact data as stored, the number and the stage's dates.
        vals = self._department_intake_vals(vals)
        vals = self._assignment_vals(vals)
        vals = self._sale_vals(vals)
        vals = self._new_case_vals(self._prepare_vals(vals))
        # The chatter opens with "created"; listing every initial value as a change
        # as well costs a third of a registration (bench) and tells nothing new.
        # The "created" note itself is logged by one INSERT (_log_notes): posted by
        # mail.thread it notified nobody (the author is the only follower yet) for a
        # quarter of a registration's time (message_format for the bus, followers).
        context = self.env.context
        complaint = super(RealestateComplaint, self.with_context(
            mail_notrack=context.get("mail_notrack", True),
            mail_create_nolog=True)).create(vals).with_env(self.env)
        if not (context.get("mail_create_nolog") or context.get("tracking_disable")):
            complaint._log_notes({complaint.id: _("Complaint created")})

        # What the registration sets off, in this order.
        complaint._detect_group_risk()                # R7, R8: the level may rise
        complaint._apply_sla()                        # R17-R20: deadlines of its level
        if vals.get("stage_id"):
            # Registered in a later stage (an import, the demo): what that stage
            # implies is done, and a resolved case waits for its callback.
            complaint._complete_stage_targets()
        complaint._alert_at_registration()            # R19, R24
        complaint._clear_complete_registrations()     # R2
        if vals.get("stage_id"):
            complaint._after_stage_change()           # R16, R27
        complaint.filtered(
            lambda c: c.kind == "repair" and c.project_id)._notify_repair_duty()
        # After the sales route above: it may have chosen the department.
        complaint._auto_assign()
        if vals.get("receiving_team_id"):
            complaint._after_department_intake()
        return complaint

    @api.model
    def _new_case_vals(self, vals):
        """The case's number, and the stage it starts in (checked as a move)."""
        if not vals.get("name") or vals["name"] == _("New"):
            company_id = vals.get("company_id") or self.env.user.company_id.id
            vals["name"] = self.env["ir.sequence"].with_context(
                force_company=company_id).next_by_code("realestate.complaint") or "/"
        self.env["realestate.complaint.stage"].browse(
            vals.get("stage_id"))._check_entry_by_hand()
        if self._closing_stage(vals.get("stage_id")):
            vals.setdefault("date_closed", fields.Datetime.now())
        return vals

    # super().write is called by _write_with_stage_dates, for the cases that change
    # stage and for the others: pylint: disable-next=method-required-super
    def write(self, vals):
        # The checks of a change, and the values it completes.
        scope_changed = self._check_scope_change(vals)   # 000:712
        assigning = self._assigning(vals)
        if assigning:
            vals = self._assignment_vals(vals)
        if "complained_user_ids" in vals:
            self._check_not_recused()    # 002:301: nobody takes themselves off the list
        if vals.get("stage_id"):
            self._check_leaving_investigation(vals["stage_id"])   # R13
        vals = self._prepare_vals(vals)
        moved = self._write_with_stage_dates(vals)

        # What the change sets off, in this order.
        if "company_id" in vals:
            self._move_records_to_company(vals["company_id"])
        if {"category_id", "unit_id", "date_received", "stage_id"} & set(vals):
            self._detect_group_risk()                    # R7, R8
        if "stage_id" in vals:
            self._complete_stage_targets()               # R18-R20
        self._clear_complete_registrations()             # R2
        moved._after_stage_change()                      # R16, R27
        if assigning:
            self._auto_assign()
        if "stage_id" in vals:
            self._resume_at_end_stage()                  # the SLA pause ends
        scope_changed._after_scope_change()              # 000:712
        return True

    def _write_with_stage_dates(self, vals):
        """Write; the cases whose stage really changes get their stage dates
        (and may enter that stage by hand: stage_guard). Returns those cases."""
        moved = self.browse()
        if "stage_id" in vals:
            moved = self.filtered(lambda c: c.stage_id.id != vals["stage_id"])
        if moved:
            self.env["realestate.complaint.stage"].browse(
                vals["stage_id"])._check_entry_by_hand()
        staying = self - moved
        if staying:
            super(RealestateComplaint, staying).write(vals)
        if moved:
            now = fields.Datetime.now()
            super(RealestateComplaint, moved).write(dict(
                vals, date_last_stage_update=now,
                date_closed=now if self._closing_stage(vals["stage_id"]) else False))
        return moved
