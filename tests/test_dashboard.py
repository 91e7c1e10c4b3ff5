"""The supervisors' dashboard (issue 18 item 7; R21, R25, R37, R38): a card per
project and per department whose tiles count the cases to look at, open exactly
those, respect the reader's rights (R39), and cost the same few queries whatever
the number of cards."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError

from ..tools.process_context import by_process
from .process_common import ProcessCase


def moment(**delta):
    return fields.Datetime.to_string(datetime.utcnow() + timedelta(**delta))


class TestDashboard(ProcessCase):
    @classmethod
    def setUpClass(cls):
        super(TestDashboard, cls).setUpClass()
        cls.Project = cls.env["realestate.project"]
        cls.Team = cls.env["realestate.complaint.team"]
        cls.tier = cls.env.ref("realestate_complaint.tier_sales_manager")
        cls.other_project = cls.Project.create({"name": "对照花园", "code": "OTH"})
        other_building = cls.env["realestate.building"].create(
            {"name": "9栋", "project_id": cls.other_project.id})
        cls.other_unit = cls.env["realestate.unit"].create({
            "building_id": other_building.id, "floor": 1, "room": "101",
            "owner_ids": [(6, 0, [cls.owner2.id])]})
        cls.other_team = cls.Team.create(
            {"name": "测试物业部", "head_id": cls.head.id})

        def case(**vals):
            return cls.Complaint.create(cls.complaint_vals(**vals))

        team = {"team_id": cls.team.id}
        # The project's cases: what each tile must count.
        cls.on_track = case(**team)
        cls.at_risk = case(**team)
        cls.breached = case(**team)
        cls.escalated = case()
        cls.closed = case(**team)
        cls.confidential = case(is_confidential=True, **team)
        # Another project's and department's case: on no card of the first.
        cls.elsewhere = case(unit_id=cls.other_unit.id, partner_id=cls.owner2.id,
                             contract_number=False, contract_unknown=True,
                             team_id=cls.other_team.id)
        cls._store(cls.at_risk, next_deadline_status="at_risk")
        cls._store(cls.breached, next_deadline_status="breached",
                   escalation_tier_id=cls.tier.id)
        cls._store(cls.escalated, escalation_tier_id=cls.tier.id)
        cls._store(cls.confidential, next_deadline_status="breached")
        cls._store(cls.elsewhere, next_deadline_status="breached")
        # Closed while late: counted nowhere.
        cls._store(cls.closed, next_deadline_status="breached",
                   escalation_tier_id=cls.tier.id, stage_id=cls.stage_closed.id,
                   is_closed=True, date_closed=moment(days=-1))

        # Callbacks: due (overdue, today) or not yet, done with a rating.
        cls.overdue = cls._callback(cls.on_track, date_due=moment(days=-2))
        cls.due_now = cls._callback(cls.at_risk, date_due=moment(minutes=-1))
        cls.not_due = cls._callback(cls.breached, date_due=moment(days=5))
        cls.other_due = cls._callback(cls.elsewhere, date_due=moment(days=-1))
        cls.happy = cls._callback(
            cls.closed, state="done", satisfaction="5", date_done=moment(days=-3))
        cls.content = cls._callback(
            cls.escalated, state="done", satisfaction="4", date_done=moment(days=-1))
        cls.unhappy = cls._callback(
            cls.on_track, sequence=2, state="done", satisfaction="2",
            date_done=moment(days=-2))
        cls.long_ago = cls._callback(
            cls.breached, sequence=2, state="done", satisfaction="1",
            date_done=moment(days=-40))

    @classmethod
    def _store(cls, complaint, **vals):
        """The process's stored SLA, escalation and closing state, as the sweep
        and the closing leave it: the dashboard only reads it."""
        sets = ", ".join("%s = %%s" % name for name in vals)
        cls.env.cr.execute("UPDATE realestate_complaint SET " + sets + " WHERE id = %s",
                           list(vals.values()) + [complaint.id])
        complaint.invalidate_cache()

    @classmethod
    def _callback(cls, complaint, **vals):
        with by_process():
            return cls.Callback.create(dict({
                "complaint_id": complaint.id, "user_id": cls.agent.id,
                "sequence": 1}, **vals))

    def tile_records(self, card, tile, user=None):
        action = card.with_user(user or self.supervisor).with_context(
            dashboard_tile=tile).action_dashboard_tile()
        return self.env[action["res_model"]].with_user(
            user or self.supervisor).search(action["domain"])

    def test_project_tiles_count_the_cases(self):
        card = self.project.with_user(self.supervisor)
        self.assertEqual(card.dashboard_open_count, 5)
        self.assertEqual(card.dashboard_at_risk_count, 1)
        self.assertEqual(card.dashboard_breached_count, 2)
        self.assertEqual(card.dashboard_escalated_count, 2)
        self.assertEqual(card.dashboard_callbacks_due_count, 2)
        # R38: two of the three callbacks rated in the last 30 days were happy.
        self.assertEqual(card.dashboard_satisfaction_count, 3)
        self.assertEqual(card.dashboard_satisfied_count, 2)
        self.assertEqual(card.dashboard_satisfaction, 67.0)  # a whole percent
        other = self.other_project.with_user(self.supervisor)
        self.assertEqual(
            [other.dashboard_open_count, other.dashboard_breached_count,
             other.dashboard_callbacks_due_count, other.dashboard_satisfaction_count],
            [1, 1, 1, 0])
        self.assertEqual(other.dashboard_satisfaction, 0.0)

    def test_department_tiles_count_the_cases(self):
        card = self.team.with_user(self.supervisor)
        # The escalated case has no department.
        self.assertEqual(
            [card.dashboard_open_count, card.dashboard_at_risk_count,
             card.dashboard_breached_count, card.dashboard_escalated_count,
             card.dashboard_callbacks_due_count, card.dashboard_satisfaction_count,
             card.dashboard_satisfied_count],
            [4, 1, 2, 1, 2, 2, 1])
        other = self.other_team.with_user(self.supervisor)
        self.assertEqual(
            [other.dashboard_open_count, other.dashboard_breached_count,
             other.dashboard_callbacks_due_count],
            [1, 1, 1])

    def test_each_tile_opens_exactly_the_counted_records(self):
        expected = {
            "open": self.on_track | self.at_risk | self.breached | self.escalated
            | self.confidential,
            "at_risk": self.at_risk,
            "breached": self.breached | self.confidential,
            "escalated": self.breached | self.escalated,
            "callbacks_due": self.overdue | self.due_now,
            "satisfaction": self.happy | self.content | self.unhappy,
        }
        for tile, records in expected.items():
            found = self.tile_records(self.project, tile)
            self.assertEqual(found, records.with_user(self.supervisor), tile)
            self.assertEqual(
                len(found), self.project.with_user(self.supervisor)[
                    "dashboard_%s_count" % tile], tile)
        for tile in ("open", "breached", "escalated", "callbacks_due"):
            self.assertEqual(
                len(self.tile_records(self.team, tile)),
                self.team.with_user(self.supervisor)["dashboard_%s_count" % tile], tile)

    def test_tile_list_is_the_case_list(self):
        action = self.project.with_user(self.supervisor).with_context(
            dashboard_tile="breached").action_dashboard_tile()
        self.assertEqual(action["res_model"], "realestate.complaint")
        self.assertEqual(action["views"][0], (False, "tree"))
        # The case list's default filter would hide nothing here, but a tile
        # opens what it counted: no search defaults.
        self.assertEqual(action["context"], {})
        self.assertIn(self.project.name, action["name"])

    def test_counts_follow_the_readers_rights(self):
        """R39: an agent reads no confidential case of others, nor counts it."""
        card = self.project.with_user(self.agent)
        self.assertEqual(card.dashboard_open_count, 4)
        self.assertEqual(card.dashboard_breached_count, 1)
        self.assertEqual(len(self.tile_records(self.project, "open", self.agent)), 4)
        # A department sees the cases dispatched to it only.
        self.assertEqual(self.team.with_user(self.engineer).dashboard_open_count, 4)
        self.assertEqual(
            self.other_project.with_user(self.engineer).dashboard_open_count, 0)
        self.assertEqual(
            self.other_project.with_user(
                self.engineer).dashboard_callbacks_due_count, 0)
        self.assertEqual(
            self.project.with_user(self.engineer).dashboard_callbacks_due_count, 2)

    def test_menu_for_supervisors_and_executives_only(self):
        menus = [self.env.ref("realestate_complaint." + xmlid) for xmlid in (
            "realestate_project_dashboard_menu",
            "realestate_complaint_team_dashboard_menu",
            "realestate_complaint_trend_menu")]
        Menu = self.env["ir.ui.menu"]
        for user in (self.supervisor, self.executive):
            visible = Menu.with_user(user).search([("id", "in", [m.id for m in menus])])
            self.assertEqual(len(visible), 3, user.login)
        for user in (self.operator, self.agent, self.engineer):
            visible = Menu.with_user(user).search([("id", "in", [m.id for m in menus])])
            self.assertFalse(visible, user.login)
        # The dashboard comes first in the app for those who see it.
        root = self.env.ref("realestate_complaint.realestate_complaint_menu_root")
        first = Menu.with_user(self.supervisor).search(
            [("parent_id", "=", root.id)], limit=1)
        self.assertEqual(
            first,
            self.env.ref("realestate_complaint.realestate_complaint_dashboard_menu"))

    def test_trend_rows_received_and_closed(self):
        Trend = self.env["realestate.complaint.trend"].with_user(self.supervisor)
        rows = Trend.search([("complaint_id", "in", (self.closed | self.on_track).ids)])
        self.assertEqual(
            sorted((r.complaint_id.id, r.movement) for r in rows),
            sorted([(self.on_track.id, "received"), (self.closed.id, "received"),
                    (self.closed.id, "closed")]))
        closing = rows.filtered(lambda r: r.movement == "closed")
        self.assertEqual(closing.date, self.closed.date_closed)
        groups = Trend.read_group(
            [("project_id", "=", self.project.id)], ["movement"], ["movement"])
        self.assertEqual({g["movement"]: g["movement_count"] for g in groups},
                         {"received": 6, "closed": 1})

    def test_trend_rows_follow_the_case_rules(self):
        """R39: a trend row is open to whoever may open its case."""
        Trend = self.env["realestate.complaint.trend"]
        mine = self.project | self.other_project

        def cases(user):
            return Trend.with_user(user).search(
                [("project_id", "in", mine.ids)]).mapped("complaint_id").sudo()

        everything = self.Complaint.search([("project_id", "in", mine.ids)])
        self.assertEqual(cases(self.supervisor), everything)
        self.assertEqual(cases(self.operator), everything - self.confidential)
        self.assertEqual(cases(self.engineer), everything.filtered(
            lambda c: c.team_id == self.team))
        with self.assertRaises(AccessError):
            Trend.with_user(self.employee).search([])

    def test_reports_open_filtered_graphs(self):
        card = self.project.with_user(self.supervisor)
        for report, model, records in (
                ("trend", "realestate.complaint.trend", 7),
                ("category", "realestate.complaint", 6),
                ("sla", "realestate.complaint.deadline", None)):
            action = card.with_context(
                dashboard_report=report).action_dashboard_report()
            self.assertEqual(action["res_model"], model)
            self.assertEqual(action["views"][0][1], "graph")
            found = self.env[model].with_user(self.supervisor).search(action["domain"])
            if records is not None:
                self.assertEqual(len(found), records, report)
            self.assertNotIn(self.elsewhere, found.mapped("complaint_id")
                             if model != "realestate.complaint" else found)

    def test_queries_do_not_grow_with_the_cards(self):
        """One read_group or query per tile for all the cards read together."""
        def cost(cards):
            cards = cards.with_user(self.supervisor)
            cards.invalidate_cache()
            before = self.env.cr.sql_log_count
            cards.read(["dashboard_open_count", "dashboard_satisfaction"])
            return self.env.cr.sql_log_count - before

        for number in range(8):
            project = self.Project.create({"name": "项目 %d" % number})
            self.Complaint.create(self.complaint_vals(
                unit_id=self.env["realestate.unit"].create({
                    "building_id": self.env["realestate.building"].create(
                        {"name": "1栋", "project_id": project.id}).id,
                    "floor": 1, "room": "101",
                    "owner_ids": [(6, 0, self.owner.ids)]}).id,
                contract_number=False, contract_unknown=True))
        projects = self.Project.search([])
        cost(projects)  # the caches (rules, companies) warm
        few = cost(projects[:2])
        many = cost(projects)
        self.assertGreater(len(projects), 9)
        self.assertEqual(few, many)
        self.assertLessEqual(many, 12)
