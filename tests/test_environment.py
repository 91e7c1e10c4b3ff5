"""The database the addon runs in: crons run, views load for every role."""

from odoo.tests.common import TransactionCase, at_install, post_install

from .common import ADDON


@at_install(False)
@post_install(True)
class TestEnvironment(TransactionCase):

    def test_no_module_is_left_to_install(self):
        """ir.cron skips a database while any module waits to be installed."""
        stuck = self.env["ir.module.module"].search([("state", "=", "to install")])
        self.assertFalse(stuck.mapped("name"))

    def test_backend_styles_compile(self):
        """The web client's LESS compiles (lessc found and working), else no style."""
        QWeb = self.env["ir.qweb"]
        files, remains = QWeb._get_asset_content("web.assets_backend", {})
        bundle = QWeb.get_asset_bundle(
            "web.assets_backend", files, remains, env=self.env
        )
        bundle.preprocess_css()
        self.assertEqual(bundle.css_errors, [])

    def test_chinese_and_english_are_offered(self):
        """Users switch between 中文 and English in their preferences."""
        codes = [code for code, _name in self.env["res.lang"].get_installed()]
        self.assertIn("zh_CN", codes)
        self.assertIn("en_US", codes)

    def test_views_load_for_every_role(self):
        for group in (
            "group_complaint_operator",
            "group_complaint_agent",
            "group_complaint_supervisor",
            "group_complaint_executive",
        ):
            user = (
                self.env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": group,
                        "login": "env_" + group,
                        "groups_id": [
                            (6, 0, [self.env.ref("%s.%s" % (ADDON, group)).id])
                        ],
                    }
                )
            )
            Complaint = self.env["realestate.complaint"].with_user(user)
            for view_type in ("kanban", "tree", "form", "search", "pivot", "graph"):
                arch = Complaint.fields_view_get(view_type=view_type)["arch"]
                self.assertTrue(arch, (group, view_type))
            kanban = Complaint.fields_view_get(view_type="kanban")["arch"]
            self.assertIn('default_group_by="stage_id"', kanban)

    def test_field_labels_translate_to_chinese(self):
        """Field xml ids are stable (no database-specific suffix), so zh_CN applies."""
        fields = (
            self.env["realestate.complaint"]
            .with_context(lang="zh_CN")
            .fields_get(["category_id", "stage_id", "unit_id", "receiver_id"])
        )
        self.assertEqual(fields["category_id"]["string"], "分类")
        self.assertEqual(fields["stage_id"]["string"], "阶段")
        self.assertEqual(fields["unit_id"]["string"], "房号")
        self.assertEqual(fields["receiver_id"]["string"], "首问责任人")
        for name in ("category_id", "stage_id"):
            self.assertTrue(
                self.env.ref("%s.field_realestate_complaint_%s" % (ADDON, name), False),
                name,
            )

    def test_indexes_of_the_board_and_the_cluster_detection_exist(self):
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'realestate_complaint'")
        names = {row[0] for row in self.env.cr.fetchall()}
        self.assertIn("realestate_complaint_stage_received_idx", names)
        self.assertIn("realestate_complaint_cluster_idx", names)

    def test_board_action_opens_on_kanban(self):
        action = self.env.ref(ADDON + ".realestate_complaint_action")
        self.assertEqual(action.view_mode.split(",")[0], "kanban")
