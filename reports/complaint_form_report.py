from datetime import datetime

import pytz

from odoo import _, api, models
from odoo.exceptions import UserError

# How the forms print times and days (babel patterns): the way Chinese paper forms
# write them, and unambiguous in English too.
DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
DATE_FORMAT = "yyyy-MM-dd"


class ComplaintFormReport(models.AbstractModel):
    """The values of the printed forms (R40): the documents to print, as the user
    may read them, in the printing user's language and in the time zone of the
    case's company.

    Language: the forms are internal papers (the register, the handling sheet
    sent to a department, the follow-up table, the investigation report, the
    callback record checked by a supervisor, the supervision order): whoever
    prints them reads and files them, so they print in the printing user's
    language (the web client's context), not the customer's.

    Time zone: the company's complaint time zone, the one its working hours and
    deadlines are read in (R18), whoever prints: a form shows the same times to
    everyone who files it."""

    _name = "realestate.complaint.form.report"
    _description = "Printed Complaint Form"
    # The model of the records printed; what is printed may be records of theirs.
    _form_model = "realestate.complaint"

    @api.model
    def _documents(self, records):
        """The records printed, one form each, for the records chosen."""
        return records

    @api.model
    def get_report_values(self, docids, data=None):
        lang = self.env.context.get("lang") or self.env.user.lang or "en_US"
        records = self.env[self._form_model].with_context(lang=lang).browse(docids)
        # Printed as the user: what they may not read raises AccessError (R39).
        records.check_access_rights("read")
        records.check_access_rule("read")
        docs = self._documents(records)
        return {
            "doc_ids": docs.ids,
            "doc_model": docs._name,
            "docs": docs,
            "lang": lang,
            "local": self._local,
            "printed_on": self._printed_on,
            "dt_format": DATETIME_FORMAT,
            "date_format": DATE_FORMAT,
        }

    @api.model
    def _tz(self, record):
        company = record.company_id
        return company.complaint_tz or self.env.user.tz or "UTC"

    @api.model
    def _local(self, record):
        """The record as printed: its datetimes in its company's time zone."""
        return record.with_context(tz=self._tz(record))

    @api.model
    def _printed_on(self, record):
        tz = self._tz(record)
        now = pytz.utc.localize(datetime.utcnow()).astimezone(pytz.timezone(tz))
        return "%s (%s)" % (now.strftime("%Y-%m-%d %H:%M"), tz)


class ReportComplaintRegister(models.AbstractModel):
    """投诉登记表 (R2, R10)."""

    _name = "report.realestate_complaint.report_complaint_register"
    _description = "Printed form: Complaint Register"
    _inherit = "realestate.complaint.form.report"


class ReportComplaintHandlingSheet(models.AbstractModel):
    """投诉处理单 (R10-R17, R26)."""

    _name = "report.realestate_complaint.report_complaint_handling_sheet"
    _description = "Printed form: Handling Sheet"
    _inherit = "realestate.complaint.form.report"


class ReportComplaintFollowup(models.AbstractModel):
    """客户意见与投诉处理跟进表 (R12, R15)."""

    _name = "report.realestate_complaint.report_complaint_followup"
    _description = "Printed form: Follow-up Table"
    _inherit = "realestate.complaint.form.report"


class ReportComplaintInvestigation(models.AbstractModel):
    """投诉调查报告 (R13)."""

    _name = "report.realestate_complaint.report_complaint_investigation"
    _description = "Printed form: Investigation Report"
    _inherit = "realestate.complaint.form.report"


class ReportCallbackRecord(models.AbstractModel):
    """回访记录表 of the callbacks chosen (R26-R33)."""

    _name = "report.realestate_complaint.report_callback_record"
    _description = "Printed form: Callback Record"
    _inherit = "realestate.complaint.form.report"
    _form_model = "realestate.complaint.callback"


class ReportComplaintCallbacks(models.AbstractModel):
    """回访记录表 of every callback of the cases chosen (R26-R33)."""

    _name = "report.realestate_complaint.report_complaint_callbacks"
    _description = "Printed form: Callback Records"
    _inherit = "realestate.complaint.form.report"

    @api.model
    def _documents(self, records):
        self.env["realestate.complaint.callback"].check_access_rights("read")
        callbacks = records.mapped("callback_ids").sorted(
            lambda c: (records.ids.index(c.complaint_id.id), c.sequence))
        if not callbacks:
            raise UserError(_("%s has no callback to print.")
                            % ", ".join(records.mapped("name")))
        return callbacks


class ReportSupervisionOrder(models.AbstractModel):
    """督办令 of the orders chosen (R19)."""

    _name = "report.realestate_complaint.report_supervision_order"
    _description = "Printed form: Supervision Order"
    _inherit = "realestate.complaint.form.report"
    _form_model = "realestate.complaint.supervision.order"


class ReportComplaintSupervisionOrder(models.AbstractModel):
    """督办令 of the cases chosen (R19)."""

    _name = "report.realestate_complaint.report_complaint_supervision_order"
    _description = "Printed form: Supervision Order of a Case"
    _inherit = "realestate.complaint.form.report"

    @api.model
    def _documents(self, records):
        # Operators may not read supervision orders (R39): refused here, before
        # the case's list of orders is read.
        self.env["realestate.complaint.supervision.order"].check_access_rights("read")
        orders = records.mapped("supervision_order_ids")
        if not orders:
            raise UserError(_("%s has no supervision order to print.")
                            % ", ".join(records.mapped("name")))
        return orders


class ReportComplaintInformation(models.AbstractModel):
    """投诉信息汇报表 (R11; 000:464-470)."""

    _name = "report.realestate_complaint.report_complaint_information"
    _description = "Printed form: Complaint Information Report"
    _inherit = "realestate.complaint.form.report"
