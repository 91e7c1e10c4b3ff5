"""Board progress bars counted in SQL give the stock counts (and stay fast)."""
from datetime import timedelta

from odoo import fields

from odoo.addons.realestate_complaint.models.activity_mixin import (
    RealestateActivityMixin,
)

from .common import ComplaintCase

PROGRESS_BAR = {
    "field": "activity_state",
    "colors": {"planned": "success", "today": "warning", "overdue": "danger"},
}


class TestKanbanProgress(ComplaintCase):
    def _activity(self, complaint, days):
        # "today" of the agent who reads the board and is assigned the activity
        today = fields.Date.from_string(
            fields.Date.context_today(self.Complaint.with_user(self.agent)))
        self.env["mail.activity"].create({
            "res_model_id": self.env.ref(
                "realestate_complaint.model_realestate_complaint").id,
            "res_id": complaint.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": self.agent.id,
            "date_deadline": fields.Date.to_string(today + timedelta(days=days)),
        })

    def test_counts_match_the_stock_computation(self):
        late, due, later, both = [self.create_complaint() for _i in range(4)]
        idle = self.create_complaint()
        self._activity(late, -2)
        self._activity(due, 0)
        self._activity(later, 3)
        self._activity(both, 5)
        self._activity(both, -1)  # the earliest deadline decides: overdue
        (later | both).write({"stage_id": self.stage_investigating.id})
        domain = [("id", "in", (late | due | later | both | idle).ids)]
        model = self.Complaint.with_user(self.agent)
        ours = model.read_progress_bar(domain, "stage_id", PROGRESS_BAR)
        stock = super(RealestateActivityMixin, model).read_progress_bar(
            domain, "stage_id", PROGRESS_BAR)
        self.assertEqual(ours, stock)
        registered = self.stage_registered.name
        investigating = self.stage_investigating.name
        self.assertEqual(ours[registered], {"overdue": 1, "today": 1, "planned": 0})
        self.assertEqual(ours[investigating], {"overdue": 1, "today": 0, "planned": 1})

    def test_record_rules_apply(self):
        """A confidential case's activity is not counted for an agent who can't
        see it."""
        secret = self.create_complaint(is_confidential=True, receiver_id=self.agent2.id)
        self._activity(secret, -1)
        ours = self.Complaint.with_user(self.agent).read_progress_bar(
            [("id", "=", secret.id)], "stage_id", PROGRESS_BAR)
        self.assertEqual(ours, {})
        mine = self.Complaint.with_user(self.agent2).read_progress_bar(
            [("id", "=", secret.id)], "stage_id", PROGRESS_BAR)
        self.assertEqual(mine[self.stage_registered.name]["overdue"], 1)

    def test_card_activity_state_matches_stock(self):
        """The batched activity_state gives what mail.activity.mixin gives."""
        late, due, later, idle = [self.create_complaint() for _i in range(4)]
        self._activity(late, -1)
        self._activity(late, 4)
        self._activity(due, 0)
        self._activity(later, 2)
        records = (late | due | later | idle).with_user(self.agent)
        records.invalidate_cache()
        ours = records.mapped("activity_state")
        self.assertEqual(ours, ["overdue", "today", "planned", False])
        stock = [
            ("overdue" if "overdue" in states else "today" if "today" in states
             else "planned" if states else False)
            for states in (r.activity_ids.mapped("state") for r in records)]
        self.assertEqual(ours, stock)

    def test_other_group_bys_use_the_stock_code(self):
        complaint = self.create_complaint()
        self._activity(complaint, 0)
        result = self.Complaint.with_user(self.agent).read_progress_bar(
            [("id", "=", complaint.id)], "kind", PROGRESS_BAR)
        self.assertEqual(
            result, {"complaint": {"overdue": 0, "today": 1, "planned": 0}})

    def test_board_cards_read_only_their_fields(self):
        """Issue 17: the board's search_read reads its cards' fields and the names
        they show, and not every column of the records those names come from
        (the unit's area, the agent's partner's email); the names are right."""
        case = self.create_complaint(user_id=self.agent.id)
        model = self.Complaint.with_user(self.agent)
        model.invalidate_cache()
        card, = model.search_read([("id", "=", case.id)],
                                  ["name", "unit_id", "category_id", "user_id"])
        # The names are read as superuser (Many2one.convert_to_read).
        unit = self.unit.sudo()
        partner = self.agent.partner_id.sudo()
        cached = [unit.env.cache.contains(unit, unit._fields["area"]),
                  partner.env.cache.contains(partner, partner._fields["email"])]
        self.assertEqual(cached, [False, False])
        self.assertEqual(card["unit_id"], (self.unit.id, self.unit.name))
        self.assertEqual(card["category_id"][0], self.category_leak.id)
        self.assertEqual(card["user_id"], (self.agent.id, self.agent.name))
