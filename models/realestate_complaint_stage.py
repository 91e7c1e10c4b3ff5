from odoo import api, fields, models


class RealestateComplaintStage(models.Model):
    """A column of the complaint board; closed stages end the case."""

    _name = "realestate.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed on the board (closed and invalid cases).")
    is_closed = fields.Boolean(
        string="Closing Stage", help="Cases in this stage are finished.")
    active = fields.Boolean(default=True)
    code = fields.Char(
        readonly=True, help="The step of the process this stage stands for: what "
        "the case form offers to do next depends on it.")

    @api.model
    def _fill_codes(self):
        """The shipped stages' codes from their xml ids (stage_<code>): the stage
        data is noupdate, so a database installed before the codes existed gets
        them here, on upgrade."""
        data = self.env["ir.model.data"].search([
            ("module", "=", "realestate_complaint"), ("model", "=", self._name),
            ("name", "=like", "stage_%")])
        for record in data:
            stage = self.browse(record.res_id).exists()
            if stage and not stage.code:
                stage.code = record.name[len("stage_"):]
