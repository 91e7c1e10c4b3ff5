"""Merging a second registration of the same issue into its case (issue 16 item
13; 002:815: 对同一问题多次投诉…应作一次记录, one issue is recorded once)."""
import base64

from odoo.exceptions import AccessError, UserError

from .common import ADDON
from .process_common import ProcessCase


class TestMerge(ProcessCase):

    @classmethod
    def setUpClass(cls):
        super(TestMerge, cls).setUpClass()
        cls.Merge = cls.env["realestate.complaint.merge"]
        cls.Attachment = cls.env["ir.attachment"]
        cls.component = cls.env.ref(ADDON + ".warranty_waterproofing")

    def pair(self, **dup_vals):
        """The case (older) and its duplicate registration (newer), the agent's."""
        case = self.create_complaint(user_id=self.agent.id,
                                     date_received="2026-12-01 02:00:00")
        duplicate = self.create_complaint(**dict(
            {"user_id": self.agent.id, "channel": "email",
             "date_received": "2026-12-02 02:00:00"}, **dup_vals))
        return case, duplicate

    def attachment(self, complaint, name):
        return self.Attachment.create({
            "name": name, "datas_fname": name,
            "datas": base64.b64encode(b"\x89PNG\r\n\x1a\n" + name.encode()),
            "res_model": "realestate.complaint", "res_id": complaint.id})

    def merge(self, duplicate, case, user=None, reason="客户重复登记"):
        return duplicate.with_user(user or self.agent)._merge_into(
            case.with_user(user or self.agent), reason)

    def test_everything_of_the_duplicate_is_kept_on_the_case(self):
        """002:815: messages, attachments, evidence, followers, follow-ups,
        callbacks, repair items and corrective actions follow the case."""
        case, duplicate = self.pair()
        duplicate.message_post(body="业主第二次来电，补充照片", subtype="mail.mt_comment")
        photo = self.attachment(duplicate, "leak.png")
        evidence = self.attachment(duplicate, "contract.png")
        duplicate.write({"evidence_attachment_ids": [(4, evidence.id)],
                         "evidence_unknown": False})
        watcher = self.env["res.partner"].create({"name": "物业前台"})
        duplicate.message_subscribe(partner_ids=watcher.ids)
        followup = self.env["realestate.complaint.followup"].create({
            "complaint_id": duplicate.id, "description": "电话安抚业主"})
        item = self.env["realestate.repair.item"].create({
            "complaint_id": duplicate.id, "location": "主卧卫生间",
            "component_id": self.component.id, "description": "天花板渗水"})
        action = self.env["realestate.complaint.corrective.action"].create({
            "complaint_id": duplicate.id, "name": "排查同楼栋防水",
            "user_id": self.supervisor.id, "date_deadline": "2026-12-31"})
        moved_messages = duplicate.message_ids

        self.merge(duplicate, case)

        self.assertTrue(moved_messages)
        self.assertLessEqual(moved_messages, case.message_ids)
        self.assertIn("业主第二次来电", "".join(case.message_ids.mapped("body")))
        self.assertEqual((photo | evidence).mapped("res_id"), [case.id, case.id])
        self.assertIn(evidence, case.evidence_attachment_ids)
        self.assertFalse(duplicate.evidence_attachment_ids)
        self.assertIn(watcher, case.message_partner_ids)
        self.assertEqual(followup.complaint_id, case)
        self.assertEqual(item.complaint_id, case)
        self.assertEqual(action.complaint_id, case)

    def test_duplicate_is_closed_with_a_link_and_a_note_on_both(self):
        case, duplicate = self.pair()
        self.merge(duplicate, case)
        self.assertTrue(duplicate.is_closed)
        self.assertEqual(duplicate.stage_id, self.stage_closed)
        self.assertEqual(duplicate.merged_into_id, case)
        self.assertEqual(case.merged_ids, duplicate)
        self.assertEqual(case.merged_count, 1)
        self.assertFalse(case.is_closed)
        self.assertIn("Merged into %s" % case.name, duplicate.message_ids[0].body)
        self.assertIn("客户重复登记", duplicate.message_ids[0].body)
        self.assertTrue(any(
            duplicate.name in m.body and "merged into this case" in m.body
            for m in case.message_ids))
        # Not a repeat (R9): nothing is raised on the case.
        self.assertEqual(case.repeat_count, 0)
        self.assertFalse(duplicate.repeat_of_id)

    def test_open_deadlines_of_the_duplicate_are_closed_as_merged(self):
        """The duplicate's open deadlines are neither met nor breached; the case
        keeps its own, and the statistics count the issue once."""
        case, duplicate = self.pair()
        self.assertTrue(duplicate.deadline_ids)
        own = case.deadline_ids.mapped("status")
        before = self.env["realestate.complaint.statistics"]._figures(
            ("2026-11-30 00:00:00", "2027-03-01 00:00:00"),
            {"company": case.company_id.id, "projects": None, "teams": None})
        self.merge(duplicate, case)
        self.assertEqual(set(duplicate.deadline_ids.mapped("status")), {"merged"})
        self.assertTrue(all(d.date_done and not d.date_next_escalation
                            for d in duplicate.deadline_ids))
        self.assertEqual(case.deadline_ids.mapped("status"), own)
        self.assertFalse(duplicate.next_deadline)
        after = self.env["realestate.complaint.statistics"]._figures(
            ("2026-11-30 00:00:00", "2027-03-01 00:00:00"),
            {"company": case.company_id.id, "projects": None, "teams": None})
        self.assertEqual(after["received"], before["received"] - 1)
        counted = sum(row["met"] + row["late"] + row["breached"] + row["pending"]
                      for row in after["sla"].values())
        self.assertEqual(counted + len(duplicate.deadline_ids), sum(
            row["met"] + row["late"] + row["breached"] + row["pending"]
            for row in before["sla"].values()))

    def test_a_merged_repair_request_is_not_counted_twice(self):
        """004:121: the monthly repair report counts the repair requests received:
        a merged second registration is not one."""
        case, duplicate = self.pair(kind="repair")
        case.kind = "repair"
        Statistics = self.env["realestate.repair.statistics"]
        bounds = ("2026-11-30 00:00:00", "2026-12-05 00:00:00")
        scope = {"company": case.company_id.id, "projects": None}
        before = Statistics._figures(bounds, scope)["total"]["cases"]
        self.merge(duplicate, case)
        self.assertEqual(Statistics._figures(bounds, scope)["total"]["cases"],
                         before - 1)

    def test_callbacks_move_and_the_case_keeps_its_last_one_last(self):
        """R30: the surviving case's own last callback still decides its closing;
        the duplicate's planned callback is cancelled (nobody calls back twice)."""
        case = self.resolved(channel="government")
        duplicate = self.resolved(channel="government")
        own = case.callback_ids
        theirs = duplicate.callback_ids
        self.assertEqual((len(own), len(theirs)), (1, 1))
        self.assertEqual(theirs.state, "planned")
        self.merge(duplicate, case)
        self.assertEqual(case.callback_ids, own | theirs)
        self.assertEqual(theirs.state, "cancelled")
        self.assertEqual((theirs.sequence, own.sequence), (1, 2))
        self.assertEqual(case.callback_ids.sorted("sequence")[-1], own)
        self.assertEqual(own.state, "planned")

    def test_repeats_of_the_duplicate_repeat_the_case(self):
        """R9: a complaint linked as a repeat of the duplicate now repeats the case
        and raises its level."""
        case, duplicate = self.pair()
        repeat = self.create_complaint(user_id=self.agent.id)
        repeat._link_to_case(duplicate)
        self.merge(duplicate, case)
        self.assertEqual(repeat.repeat_of_id, case)
        self.assertEqual(case.repeat_count, 1)

    def test_wizard_from_two_cases_of_the_list(self):
        """The later registration is the duplicate of the earlier; swapping turns it
        round."""
        case, duplicate = self.pair()
        Merge = self.Merge.with_user(self.agent).with_context(
            active_model="realestate.complaint", active_ids=[case.id, duplicate.id])
        wizard = Merge.create({})
        self.assertEqual((wizard.complaint_id, wizard.target_id), (duplicate, case))
        wizard.action_swap()
        self.assertEqual((wizard.complaint_id, wizard.target_id), (case, duplicate))
        wizard.action_swap()
        result = wizard.with_context(merge_open_target=True).action_merge()
        self.assertEqual(result["res_id"], case.id)
        self.assertEqual(duplicate.merged_into_id, case)
        with self.assertRaises(UserError):
            Merge.with_context(active_ids=[case.id, duplicate.id, self.create_complaint(
            ).id]).create({})

    def test_refusals(self):
        case, duplicate = self.pair()
        with self.assertRaisesRegex(UserError, "into itself"):
            self.merge(duplicate, duplicate)
        other_company = self.env["res.company"].create({"name": "测试分公司"})
        elsewhere = self.create_complaint(company_id=other_company.id)
        with self.assertRaisesRegex(UserError, "different companies"):
            duplicate._merge_into(elsewhere)
        neighbour = self.create_complaint(
            user_id=self.agent.id, partner_id=self.owner2.id, unit_id=self.unit2.id,
            partner_phone="021-62345678", partner_email=False, email_unknown=True,
            contract_number="TST-2024-002")
        with self.assertRaisesRegex(UserError, "different complainants"):
            self.merge(neighbour, case)
        closed = self.create_complaint(user_id=self.agent.id)
        closed.with_user(self.supervisor).write({"stage_id": self.stage_closed.id})
        with self.assertRaisesRegex(UserError, "repeat"):
            self.merge(duplicate, closed)
        with self.assertRaisesRegex(UserError, "already"):
            self.merge(closed, case)
        pending = self.investigated()
        self.propose(pending)
        with self.assertRaisesRegex(UserError, "solution"):
            self.merge(pending, case)
        self.assertFalse(duplicate.merged_into_id)
        self.assertFalse(duplicate.is_closed)

    def test_roles(self):
        """Agents and supervisors merge; operators and departments do not, even the
        cases they may change."""
        for user in (self.operator, self.engineer):
            case, duplicate = self.pair(team_id=self.team.id,
                                        responsible_id=self.engineer.id,
                                        receiver_id=self.operator.id)
            with self.assertRaises(AccessError):
                self.merge(duplicate, case, user=user)
            self.assertFalse(duplicate.merged_into_id)
        case, duplicate = self.pair()
        self.merge(duplicate, case, user=self.supervisor)
        self.assertEqual(duplicate.merged_into_id, case)

    def test_confidential_case_out_of_reach(self):
        """R39: an agent who may not open a confidential case cannot merge into it
        or merge it."""
        case, duplicate = self.pair()
        secret = self.create_complaint(is_confidential=True, user_id=self.agent2.id,
                                       receiver_id=self.agent2.id)
        with self.assertRaises(AccessError):
            self.merge(duplicate, secret)
        with self.assertRaises(AccessError):
            duplicate.with_user(self.agent)._merge_into(
                case.with_user(self.agent).browse(secret.id))
        with self.assertRaises(AccessError):
            secret.with_user(self.agent)._merge_into(case.with_user(self.agent))
        self.assertFalse(secret.is_closed)
        # Its own agent may.
        secret.with_user(self.agent2)._merge_into(duplicate.with_user(self.agent2))
        self.assertEqual(secret.merged_into_id, duplicate)

    def test_link_is_set_by_the_merge_only(self):
        case, duplicate = self.pair()
        for user in (self.agent, self.supervisor):
            with self.assertRaises(AccessError):
                duplicate.with_user(user).write({"merged_into_id": case.id})
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.agent).create(
                self.complaint_vals(merged_into_id=case.id))
        self.assertFalse(duplicate.merged_into_id)

    def test_many_messages_move_in_constant_queries(self):
        """Set-based: the messages move in one UPDATE, whatever their number."""
        def queries(count):
            case, duplicate = self.pair()
            for n in range(count):
                duplicate.message_post(body="note %s" % n, subtype="mail.mt_note")
            before = self.env.cr.sql_log_count
            self.merge(duplicate, case)
            return self.env.cr.sql_log_count - before
        queries(1)   # caches warm
        self.assertEqual(queries(2), queries(30))
