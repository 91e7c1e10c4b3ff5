"""The board: stages as columns, moves recorded in the chatter."""

from .common import ComplaintCase


class TestStageTracking(ComplaintCase):

    def _tracked(self, complaint, field_name, since):
        """Tracking values of `field_name` posted after the messages in `since`."""
        return (
            (complaint.message_ids - since)
            .mapped("tracking_value_ids")
            .filtered(lambda t: t.field == field_name)
        )

    def test_stage_change_is_tracked_with_its_subtype(self):
        complaint = self.create_complaint()
        before = complaint.message_ids
        complaint.with_user(self.agent).write({"stage_id": self.stage_investigating.id})
        tracking = self._tracked(complaint, "stage_id", before)
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_char, self.stage_registered.name)
        self.assertEqual(tracking.new_value_char, self.stage_investigating.name)
        message = tracking.mail_message_id
        self.assertEqual(
            message.subtype_id, self.env.ref("realestate_complaint.mt_complaint_stage")
        )
        self.assertEqual(message.author_id, self.agent.partner_id)

    def test_agent_category_and_unit_changes_are_tracked(self):
        complaint = self.create_complaint()
        before = complaint.message_ids
        complaint.write(
            {
                "user_id": self.agent.id,
                "category_id": self.env.ref(
                    "realestate_complaint.category_quality_crack"
                ).id,
                "unit_id": self.unit2.id,
                "partner_id": self.owner2.id,
            }
        )
        for field_name in ("user_id", "category_id", "unit_id", "partner_id"):
            self.assertEqual(
                len(self._tracked(complaint, field_name, before)), 1, field_name
            )

    def test_creation_posts_one_message_without_tracking_values(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        self.assertEqual(len(complaint.message_ids), 1)
        self.assertFalse(complaint.message_ids.tracking_value_ids)
        # the returned record tracks later changes as usual
        complaint.write({"stage_id": self.stage_investigating.id})
        self.assertEqual(len(complaint.message_ids), 2)

    def test_untracked_field_change_posts_nothing(self):
        complaint = self.create_complaint()
        before = len(complaint.message_ids)
        complaint.write({"demand_note": "希望一周内修好"})
        self.assertEqual(len(complaint.message_ids), before)

    def test_closing_stamps_the_date_and_reopening_clears_it(self):
        complaint = self.create_complaint()
        self.assertFalse(complaint.date_closed)
        self.assertFalse(complaint.is_closed)
        complaint.write({"stage_id": self.stage_closed.id})
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_closed)
        complaint.write({"stage_id": self.stage_investigating.id})
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.date_closed)

    def test_stage_move_updates_last_stage_date(self):
        complaint = self.create_complaint()
        self.env.cr.execute(
            "UPDATE realestate_complaint SET date_last_stage_update = '2020-01-01' "
            "WHERE id = %s",
            (complaint.id,),
        )
        complaint.invalidate_cache()
        complaint.write({"stage_id": self.stage_investigating.id})
        self.assertGreater(complaint.date_last_stage_update, "2020-01-01 00:00:00")

    def test_writing_the_same_stage_changes_no_date(self):
        complaint = self.create_complaint(
            stage_id=self.stage_closed.id, date_closed="2026-01-05 09:00:00"
        )
        self.assertEqual(complaint.date_closed, "2026-01-05 09:00:00")
        other = self.create_complaint()
        (complaint | other).write({"stage_id": self.stage_closed.id})
        self.assertEqual(complaint.date_closed, "2026-01-05 09:00:00")
        self.assertTrue(other.date_closed)
        self.assertNotEqual(other.date_closed, "2026-01-05 09:00:00")

    def test_board_shows_every_stage_even_empty(self):
        """The kanban read_group expands to every stage, in process order."""
        self.create_complaint()
        groups = self.Complaint.with_user(self.operator).read_group(
            [("id", "=", -1)], ["stage_id"], ["stage_id"]
        )
        stages = self.env["realestate.complaint.stage"].search([])
        self.assertEqual([g["stage_id"][0] for g in groups], stages.ids)
        self.assertTrue(all(g["stage_id_count"] == 0 for g in groups))

    def test_closed_stages_are_folded_last(self):
        stages = self.env["realestate.complaint.stage"].search([])
        self.assertEqual(len(stages), 8)
        folded = stages.filtered("fold")
        self.assertEqual(set(folded.mapped("is_closed")), {True})
        self.assertEqual(stages[len(stages) - len(folded):], folded)

    def test_kanban_card_icons_follow_kind_and_channel(self):
        complaint = self.create_complaint(kind="repair", channel="wechat")
        self.assertEqual(complaint.kind_icon, "fa-wrench")
        self.assertEqual(complaint.channel_icon, "fa-weixin")

    def test_stages_installed_without_codes_get_them_on_upgrade(self):
        """The form's buttons follow the stage's code; stage data is noupdate, so a
        database installed before the codes gets them from their xml ids."""
        Stage = self.env["realestate.complaint.stage"]
        self.stage_closed.code = False
        custom = Stage.create({"name": "自定义阶段"})
        Stage._fill_codes()
        self.assertEqual(self.stage_closed.code, "closed")
        self.assertFalse(custom.code)
