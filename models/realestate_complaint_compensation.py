"""Compensation executed, not just recorded (R14; issue 15 item 4): a money
compensation, refund or fee waiver that the approver approved and the customer
confirmed becomes a draft customer credit note, on the invoice of the order that
sold the unit when there is one, for the finance department to check and post.
Nothing is posted here, and nothing is drafted before both answers.
"""
from odoo import _, fields, models
from odoo.tools import html_escape

from ..tools.process_context import by_process

MONEY_KINDS = ("money", "refund", "fee_waiver")


class RealestateComplaintSolution(models.Model):
    _inherit = "realestate.complaint.solution"

    refund_invoice_id = fields.Many2one(
        "account.invoice", string="Credit Note", readonly=True, copy=False,
        ondelete="set null",
        help="The draft credit note of the compensation, for the finance department "
        "to post.")

    def _customer_answers(self, agrees, note=None):
        result = super(RealestateComplaintSolution, self)._customer_answers(
            agrees, note)
        if agrees:
            self.filtered(lambda s: s.compensation_kind in MONEY_KINDS and
                          s.compensation_amount > 0 and
                          not s.refund_invoice_id)._draft_credit_note()
        return result

    def _draft_credit_note(self):
        """One draft credit note per solution; a company without a sales journal
        (no chart of accounts) gets a note on the case instead, and the approval
        stands."""
        Invoice = self.env["account.invoice"].sudo()
        kinds = dict(self._fields["compensation_kind"]._description_selection(
            self.env))
        for solution in self.sudo():
            complaint = solution.complaint_id
            company = complaint.company_id
            order = complaint.sale_order_id
            partner = (order.partner_invoice_id or complaint.partner_id)\
                .commercial_partner_id
            journal = self.env["account.journal"].sudo().search(
                [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
            account = journal.default_credit_account_id
            if not (partner and journal and account):
                complaint.message_post(body=html_escape(_(
                    "The %(kind)s of %(case)s is approved and confirmed, but no "
                    "credit note could be drafted (no customer or no sales journal "
                    "with an income account): the finance department issues it by "
                    "hand.") % {"kind": kinds[solution.compensation_kind],
                                "case": complaint.name}))
                continue
            invoiced = order.invoice_ids.filtered(
                lambda i: i.type == "out_invoice" and i.state in ("open", "paid"))
            label = _("%(kind)s for complaint %(case)s: %(terms)s") % {
                "kind": kinds[solution.compensation_kind], "case": complaint.name,
                "terms": solution.description}
            credit_note = Invoice.create({
                "type": "out_refund", "partner_id": partner.id,
                "account_id": partner.property_account_receivable_id.id,
                "journal_id": journal.id, "company_id": company.id,
                "currency_id": company.currency_id.id,
                "origin": ", ".join(filter(None, (complaint.name, order.name))),
                "name": label[:200], "refund_invoice_id": invoiced[:1].id,
                "invoice_line_ids": [(0, 0, {
                    "name": label, "account_id": account.id, "quantity": 1,
                    "price_unit": solution.compensation_amount})],
            })
            with by_process():
                solution.write({"refund_invoice_id": credit_note.id})
            complaint.message_post(body=html_escape(_(
                "Draft credit note of %(amount)s %(currency)s for the %(kind)s "
                "(R14): the finance department checks and posts it.") % {
                "amount": "%.2f" % solution.compensation_amount,
                "currency": company.currency_id.name,
                "kind": kinds[solution.compensation_kind]}))
        return True

    def action_view_credit_note(self):
        self.ensure_one()
        action = self.env.ref("account.action_invoice_out_refund").read()[0]
        action.update(res_id=self.refund_invoice_id.id, view_mode="form",
                      views=[(self.env.ref("account.invoice_form").id, "form")])
        return action
