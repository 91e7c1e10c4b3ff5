"""Every case tied to the sale of its unit (issue 15; R2, R5, R10, R25, R39): units
sold by sale orders, the sale picked at registration, sales matters dispatched by
default to the sales team's department, the team leader alerted on escalation,
and who sees what of the sale."""
from odoo.exceptions import AccessError, ValidationError

from .common import ADDON
from .process_common import ProcessCase
from .test_escalation import EscalationMixin
from .test_sla import utc

SALESMAN = "sales_team.group_sale_salesman"


class SaleCase(ProcessCase):
    @classmethod
    def setUpClass(cls):
        super(SaleCase, cls).setUpClass()
        Users = cls.env["res.users"]
        cls.seller = Users.create({
            "name": "测试销售甲", "login": "t_seller", "email": "seller@example.com",
            "groups_id": [(6, 0, [cls.env.ref(SALESMAN).id])]})
        cls.other_seller = Users.create({
            "name": "吴静", "login": "t_seller2", "email": "seller2@example.com",
            "groups_id": [(6, 0, [cls.env.ref(SALESMAN).id])]})
        cls.leader = cls._create_user("t_sales_leader", "group_complaint_agent")
        cls.sales_department = cls.env["realestate.complaint.team"].create(
            {"name": "测试销售部", "head_id": cls.head.id})
        cls.crm_team = cls.env["crm.team"].create({
            "name": "住宅销售测试组", "user_id": cls.leader.id,
            "complaint_team_id": cls.sales_department.id})
        cls.product = cls.env["product.product"].create(
            {"name": "商品房", "type": "service", "invoice_policy": "order"})
        cls.promise = cls.env.ref(ADDON + ".category_sales_promise")

    def sell(self, unit, buyer, seller=None, price=3000000, confirm=True):
        order = self.env["sale.order"].create({
            "partner_id": buyer.id, "user_id": (seller or self.seller).id,
            "team_id": self.crm_team.id, "order_line": [(0, 0, {
                "product_id": self.product.id, "name": unit.name,
                "product_uom_qty": 1, "price_unit": price, "unit_id": unit.id})]})
        if confirm:
            order.action_confirm()
        return order


class TestUnitSale(SaleCase):
    def test_a_confirmed_order_sells_the_unit_and_its_buyer_owns_it(self):
        buyer = self.env["res.partner"].create({"name": "周杰"})
        order = self.sell(self.unit, buyer)
        self.assertEqual(self.unit.sale_order_id, order)
        self.assertEqual((self.unit.salesperson_id, self.unit.sales_team_id),
                         (self.seller, self.crm_team))
        self.assertTrue(self.unit.date_sold)
        self.assertIn(buyer, self.unit.owner_ids)
        self.assertIn(self.owner, self.unit.owner_ids, "earlier owners stay")
        self.assertEqual(order.unit_ids, self.unit)

    def test_a_resold_unit_keeps_its_history(self):
        first = self.sell(self.unit, self.owner)
        draft = self.sell(self.unit, self.owner2, confirm=False)
        self.assertEqual(self.unit.sale_order_id, first, "a quotation sells nothing")
        second = self.sell(self.unit, self.owner2, seller=self.other_seller)
        self.assertEqual(self.unit.sale_order_id, second)
        self.assertEqual(self.unit.salesperson_id, self.other_seller)
        second.action_cancel()
        self.assertEqual(self.unit.sale_order_id, first)
        self.assertEqual(self.unit.sale_line_ids.mapped("order_id"),
                         first | draft | second)

    def test_a_unit_is_sold_one_at_a_time(self):
        with self.assertRaises(ValidationError):
            self.env["sale.order"].create({
                "partner_id": self.owner.id, "order_line": [(0, 0, {
                    "product_id": self.product.id, "name": "x",
                    "product_uom_qty": 2, "unit_id": self.unit.id})]})


class TestRegistrationPicksTheSale(EscalationMixin, SaleCase):
    def test_the_units_sale_its_salesperson_and_team(self):
        """Issue 15 item 2: the case gets the unit's sale at registration."""
        order = self.sell(self.unit, self.owner)
        complaint = self.create_complaint(user=self.operator)
        self.assertEqual(complaint.sale_order_id, order)
        self.assertEqual(complaint.salesperson_id, self.seller)
        self.assertEqual(complaint.sales_team_id, self.crm_team)
        order.user_id = self.other_seller
        self.assertEqual(complaint.salesperson_id, self.other_seller)

    def test_without_a_unit_the_complainants_only_order(self):
        order = self.sell(self.unit2, self.owner2)
        complaint = self.create_complaint(
            unit_id=False, unit_unknown=True, partner_id=self.owner2.id,
            partner_phone="13912345678")
        self.assertEqual(complaint.sale_order_id, order)
        self.assertFalse(self.create_complaint().sale_order_id, "unit not sold")
        self.sell(self.unit, self.owner2)
        again = self.create_complaint(
            unit_id=False, unit_unknown=True, partner_id=self.owner2.id,
            partner_phone="13912345678")
        self.assertFalse(again.sale_order_id, "two orders: a salesperson picks")

    def test_a_sales_matter_goes_to_the_sales_teams_department(self):
        """Issue 15 item 2, R10: dispatched by default to the department of the
        team that sold the unit; a leak is not a sales matter."""
        self.sell(self.unit, self.owner)
        sales = self.create_complaint(category_id=self.promise.id)
        self.assertEqual(sales.team_id, self.sales_department)
        contract = self.create_complaint(
            category_id=self.env.ref(ADDON + ".category_contract_payment").id)
        self.assertEqual(contract.team_id, self.sales_department, "a subcategory")
        leak = self.create_complaint()
        self.assertFalse(leak.team_id)
        chosen = self.create_complaint(category_id=self.promise.id,
                                       team_id=self.team.id)
        self.assertEqual(chosen.team_id, self.team, "the registrar's choice stays")

    def test_the_sales_team_leader_is_alerted_at_the_sales_manager_tier(self):
        """R21, R22, R25: the leader of the team that sold the unit."""
        self.sell(self.unit, self.owner)
        late = self.create_complaint(date_received=utc(2026, 11, 2, 9, 0),
                                     user_id=self.agent.id)
        activity = self.env.ref(ADDON + ".mail_activity_type_escalation")

        def alerted():
            return self.env["mail.activity"].search([
                ("res_model", "=", late._name), ("res_id", "=", late.id),
                ("activity_type_id", "=", activity.id)]).mapped("user_id")
        for day in (24, 26, 28):
            self.sweep(utc(2026, 11, day, 9, 0))
        self.assertEqual(late.escalation_tier_id,
                         self.env.ref(ADDON + ".tier_sales_manager"))
        self.assertIn(self.leader, alerted())
        self.assertIn(self.sales_manager, alerted())


class TestSaleAccess(SaleCase):
    """R39: the order's reference for every complaint role, its prices for the
    sales side; a salesperson reads the cases of their own sales only."""

    def test_an_operator_reads_the_reference_not_the_prices(self):
        order = self.sell(self.unit, self.owner)
        complaint = self.create_complaint(user=self.operator)
        values = complaint.with_user(self.operator).read(["sale_order_id"])[0]
        self.assertEqual(values["sale_order_id"], (order.id, order.name))
        with self.assertRaises(AccessError):
            order.with_user(self.operator).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.unit.with_user(self.operator).read(["sale_line_ids"])
        self.assertEqual(self.unit.with_user(self.operator).sale_order_id.id, order.id)
        other = self.sell(self.unit2, self.owner2)
        for call in (lambda: complaint.with_user(self.operator).write(
                         {"sale_order_id": other.id}),
                     lambda: self.create_complaint(user=self.operator,
                                                   sale_order_id=other.id)):
            with self.assertRaises(AccessError):
                call()
        self.assertEqual(complaint.sale_order_id, order)
        self.agent.groups_id |= self.env.ref(SALESMAN)
        complaint.with_user(self.agent).write({"sale_order_id": other.id})
        self.assertEqual(complaint.salesperson_id, self.seller)

    def test_a_salesperson_reads_the_cases_of_their_own_sales(self):
        mine = self.sell(self.unit, self.owner)
        theirs = self.sell(self.unit2, self.owner2, seller=self.other_seller)
        my_case = self.create_complaint()
        their_case = self.create_complaint(
            unit_id=self.unit2.id, partner_id=self.owner2.id,
            partner_phone="13912345678")
        secret = self.create_complaint(is_confidential=True, user_id=self.agent.id)
        Complaint = self.Complaint.with_user(self.seller)
        self.assertEqual(Complaint.search([]), my_case)
        self.assertEqual(my_case.with_user(self.seller).read(["name"])[0]["name"],
                         my_case.name)
        for forbidden in (their_case, secret):
            with self.assertRaises(AccessError):
                forbidden.with_user(self.seller).read(["name"])
        with self.assertRaises(AccessError):
            my_case.with_user(self.seller).write({"description": "<p>改</p>"})
        # Not the chatter: internal judgements, maybe about him.
        note = my_case.message_post(body="内部备注：销售顾问承诺不实", subtype="mail.mt_note")
        Message = self.env["mail.message"].with_user(self.seller)
        self.assertFalse(Message.search([("model", "=", my_case._name),
                                         ("res_id", "=", my_case.id)]))
        with self.assertRaises(AccessError):
            note.with_user(self.seller).read(["body"])
        self.assertTrue(note.with_user(self.agent).read(["body"]))
        with self.assertRaises(AccessError):
            Complaint.create(self.complaint_vals())
        self.assertEqual(mine.with_user(self.seller).complaint_count, 1)
        self.assertEqual(theirs.with_user(self.other_seller).complaint_count, 1)
        action = mine.with_user(self.seller).action_view_complaints()
        self.assertEqual(action["xml_id"],
                         "realestate_complaint.realestate_complaint_action_sales")
        self.agent.groups_id |= self.env.ref("sales_team.group_sale_salesman_all_leads")
        action = mine.with_user(self.agent).action_view_complaints()
        self.assertEqual(action["xml_id"],
                         "realestate_complaint.realestate_complaint_action")


class TestCustomerView(SaleCase):
    def test_the_partner_shows_callbacks_and_satisfaction(self):
        """Issue 15 item 3: the 360° view of the owner."""
        complaint = self.resolved(channel="government")
        callback = complaint.callback_ids.filtered(lambda c: c.state == "planned")
        self.env["realestate.complaint.callback.log"].with_user(self.manager).create({
            "callback_id": callback.id, "method": "phone", "satisfaction": "4",
            "problem_solved": True, "customer_words": "满意"}).action_log()
        partner = self.owner.with_user(self.agent)
        self.assertEqual(partner.callback_count, 1)
        self.assertEqual(partner.callback_satisfaction, 4.0)
        self.assertEqual(self.owner.with_user(self.operator2).callback_count, 1)


class TestCompensationCreditNote(SaleCase):
    """R14, issue 15 item 4: an approved and confirmed money compensation is a
    draft credit note, on the order's invoice; nothing before, nothing posted."""

    def invoiced_sale(self):
        order = self.sell(self.unit, self.owner, price=3000000)
        invoice = self.env["account.invoice"].browse(order.action_invoice_create())
        invoice.action_invoice_open()
        return order, invoice

    def compensate(self, kind="money", amount=5000):
        complaint = self.investigated(category_id=self.promise.id)
        solution = self.propose(complaint, compensation_kind=kind,
                                compensation_amount=amount)
        self.assertFalse(solution.refund_invoice_id, "not at the proposal")
        solution.with_user(solution._approvers()[:1] or self.supervisor)._decide(True)
        self.assertFalse(solution.refund_invoice_id, "not before the customer says yes")
        solution.with_user(self.agent).action_customer_confirm()
        return complaint, solution

    def test_a_confirmed_money_compensation_drafts_a_credit_note(self):
        order, invoice = self.invoiced_sale()
        complaint, solution = self.compensate(amount=5000)
        credit = solution.sudo().refund_invoice_id
        self.assertEqual((credit.type, credit.state), ("out_refund", "draft"))
        self.assertEqual(credit.partner_id, self.owner)
        self.assertEqual(credit.amount_untaxed, 5000)
        self.assertEqual(credit.refund_invoice_id, invoice)
        self.assertIn(complaint.name, credit.origin)
        self.assertIn(order.name, credit.origin)
        self.assertIn("credit note", complaint.sudo().message_ids[0].body)
        self.assertEqual(invoice.state, "open", "the invoice is not touched")

    def test_a_declined_plan_or_a_repair_drafts_nothing(self):
        self.sell(self.unit, self.owner)
        complaint = self.investigated(category_id=self.promise.id)
        declined = self.propose(complaint, compensation_kind="refund",
                                compensation_amount=8000)
        declined.with_user(declined._approvers()[:1] or self.supervisor)._decide(True)
        declined.with_user(self.agent)._customer_answers(False, "金额太少")
        self.assertFalse(declined.refund_invoice_id)
        _complaint, repair = self.compensate(kind="repair", amount=0)
        self.assertFalse(repair.refund_invoice_id)
        with self.assertRaises(AccessError):
            repair.with_user(self.supervisor).write({"refund_invoice_id": 1})


class TestSalesStatistics(SaleCase):
    def test_cases_per_salesperson_and_team_and_the_sales_share(self):
        """Issue 15 item 5, R37: the month's cases per salesperson and sales team,
        and the share of sales matters."""
        from datetime import date
        Statistics = self.env["realestate.complaint.statistics"]

        def report():
            return Statistics._report("month", date(2026, 11, 1), date(2026, 11, 30),
                                      self.env.user.company_id)
        before = report()["current"]
        self.building.phase = "测试一期"
        self.sell(self.unit, self.owner)
        received = utc(2026, 11, 10, 10, 0)
        self.create_complaint(date_received=received, category_id=self.promise.id)
        self.create_complaint(date_received=received)
        self.create_complaint(date_received=received, unit_id=self.unit2.id,
                              partner_id=self.owner2.id, partner_phone="13912345678")
        after = report()
        now = after["current"]
        self.assertEqual(now["received"] - before["received"], 3)
        self.assertEqual(now["sales_matters"] - before["sales_matters"], 1)
        self.assertEqual(now["sales_share"],
                         round(100.0 * now["sales_matters"] / now["received"], 1))
        rows = {b["key"]: {r["label"]: r["current"] for r in b["rows"]}
                for b in after["breakdowns"]}
        self.assertEqual(rows["salesperson"]["测试销售甲"], 2)
        self.assertEqual(rows["sales_team"]["住宅销售测试组"], 2)
        self.assertEqual(rows["phase"]["测试一期"], 2, "the unit's building's phase")
        labels = [row[0][0] for row in Statistics._tables(after)[0]["rows"]]
        self.assertIn("Sales matters (promises, contracts, sales staff)", labels)
