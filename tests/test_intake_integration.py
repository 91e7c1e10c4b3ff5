"""Integrations of the intake API and their keys (R1, R39): who manages them, how a
key is shown once and stored as a hash only, revocation, and the marks an
integration leaves on its cases."""

from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.realestate_complaint_integration import hash_key
from .common import ADDON, ComplaintCase


class IntegrationCase(ComplaintCase):

    @classmethod
    def setUpClass(cls):
        super(IntegrationCase, cls).setUpClass()
        cls.sysadmin = cls.env["res.users"].create({
            "name": "T Sysadmin", "login": "t_sysadmin",
            "email": "t_sysadmin@example.com",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("base.group_system").id])]})
        cls.Integration = cls.env["realestate.complaint.integration"]
        cls.hotline = cls.Integration.create({"name": "T Hotline",
                                              "channel": "hotline"})

    def new_key(self, integration):
        return integration.action_generate_key()["context"]["default_key"]


class TestIntegration(IntegrationCase):

    def test_technical_user_is_created_as_an_operator_without_password(self):
        user = self.hotline.user_id
        self.assertTrue(user.has_group(ADDON + ".group_complaint_operator"))
        self.assertFalse(user.has_group(ADDON + ".group_complaint_agent"))
        self.assertEqual(user.company_id, self.hotline.company_id)
        self.assertEqual(user.email, self.hotline.company_id.email)
        # Only the empty default password, which Odoo refuses at login.
        self.env.cr.execute("SELECT * FROM res_users WHERE id = %s", (user.id,))
        row = self.env.cr.dictfetchone()
        self.assertFalse(row["password"])
        if row.get("password_crypt"):  # auth_crypt hashes the empty default
            self.assertTrue(user._crypt_context().verify("", row["password_crypt"]))
        self.assertFalse(self.env["res.users"]._login(
            self.env.cr.dbname, user.login, ""))

    def test_technical_user_must_be_an_operator_with_email(self):
        with self.assertRaisesRegex(ValidationError, "hotline operator"):
            with self.env.cr.savepoint():
                self.Integration.create({"name": "X", "user_id": self.employee.id})
        no_email = self._create_user("t_operator_no_mail", "group_complaint_operator")
        no_email.email = False
        with self.assertRaisesRegex(ValidationError, "email"):
            with self.env.cr.savepoint():
                self.Integration.create({"name": "X", "user_id": no_email.id})
        chosen = self.Integration.create({"name": "X", "user_id": self.operator.id})
        self.assertEqual(chosen.user_id, self.operator)

    def test_key_is_shown_once_and_only_its_hash_is_kept(self):
        """R39: the key travels to the dialog in the action; the database keeps
        its prefix and SHA-256 hash, and no wizard record."""
        action = self.hotline.action_generate_key()
        key = action["context"]["default_key"]
        self.assertEqual(action["res_model"], "realestate.complaint.integration.key")
        self.assertNotIn("res_id", action)
        self.assertRegex(key, r"^rc_[0-9a-f]{8}\.[A-Za-z0-9_-]{43}$")
        self.assertEqual(self.hotline.key_prefix, key[3:11])
        self.assertEqual(self.hotline._key_hashes()[self.hotline.id], hash_key(key))
        self.assertTrue(self.hotline.has_key)
        self.assertEqual(self.hotline.key_uid, self.env.user)
        self.env.cr.execute(
            "SELECT count(*) FROM realestate_complaint_integration "
            "WHERE key_hash = %s OR key_prefix = %s OR name = %s", (key, key, key))
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertFalse(
            self.env["realestate.complaint.integration.key"].search_count([]))
        self.assertEqual(self.Integration._from_key(key), self.hotline)

    def test_a_new_key_replaces_the_old_one(self):
        old = self.new_key(self.hotline)
        new = self.new_key(self.hotline)
        self.assertNotEqual(old, new)
        self.assertFalse(self.Integration._from_key(old))
        self.assertEqual(self.Integration._from_key(new), self.hotline)

    def test_wrong_keys_find_no_integration(self):
        key = self.new_key(self.hotline)
        for wrong in (None, "", key[:-1] + ("A" if key[-1] != "A" else "B"),
                      key[:12], "rc_%s" % key[3:11], key + "x", "Bearer " + key,
                      key.upper()):
            self.assertFalse(self.Integration._from_key(wrong), wrong)

    def test_revoking_archives_and_forgets_the_key(self):
        """R39: a revoked key never works again, not even if the integration is
        restored; who revoked it and when are kept."""
        key = self.new_key(self.hotline)
        prefix = self.hotline.key_prefix
        self.hotline.with_user(self.sysadmin).action_revoke()
        self.assertFalse(self.hotline.active)
        self.assertEqual(self.hotline.revoked_uid, self.sysadmin)
        self.assertTrue(self.hotline.revoked_date)
        self.assertEqual(self.hotline.key_prefix, prefix)
        self.assertFalse(self.hotline._key_hashes()[self.hotline.id])
        self.assertFalse(self.Integration._from_key(key))
        with self.assertRaises(UserError):
            self.hotline.action_generate_key()
        self.hotline.active = True
        self.assertFalse(self.Integration._from_key(key))
        self.assertFalse(self.hotline.has_key)
        fresh = self.new_key(self.hotline)
        self.assertEqual(self.Integration._from_key(fresh), self.hotline)
        self.assertFalse(self.hotline.revoked_uid)


class TestIntegrationAccess(IntegrationCase):
    """R39: only system administrators manage integrations; nobody reads a key's
    hash through the ORM."""

    def test_complaint_roles_have_no_access(self):
        for user in (self.operator, self.agent, self.supervisor, self.executive,
                     self.employee, self.portal_user):
            for model in ("realestate.complaint.integration",
                          "realestate.complaint.intake.attempt"):
                for operation in ("read", "write", "create", "unlink"):
                    self.assertFalse(
                        self.env[model].with_user(user).check_access_rights(
                            operation, raise_exception=False),
                        (user.login, model, operation))
            with self.assertRaises(AccessError):
                self.hotline.with_user(user).read(["name"])

    def test_system_administrators_manage_integrations(self):
        Integration = self.Integration.with_user(self.sysadmin)
        integration = Integration.create({"name": "T WeChat", "channel": "wechat"})
        self.assertEqual(integration.user_id.name, "T WeChat")
        integration.write({"name": "T WeChat mini-program"})
        key = integration.action_generate_key()["context"]["default_key"]
        self.assertEqual(self.Integration._from_key(key), integration)
        integration.action_revoke()
        self.assertFalse(integration.active)
        integration.unlink()
        self.assertFalse(integration.exists())

    def test_nobody_reads_or_writes_the_hash(self):
        """Not even a system administrator (with technical features) nor the
        superuser: the hash is no field, only the key check reads it, by SQL."""
        self.sysadmin.groups_id |= self.env.ref("base.group_no_one")
        key = self.new_key(self.hotline)
        record = self.hotline.with_user(self.sysadmin)
        try:
            asked = record.read(["key_hash"])[0]
        except AccessError:
            asked = {}
        self.assertNotIn("key_hash", asked)
        self.assertNotIn("key_hash", record.read()[0])
        self.assertNotIn("key_hash", record.fields_get())
        for as_user in (record, self.hotline.sudo()):
            values = as_user.read()[0]
            self.assertNotIn("key_hash", values)
            self.assertNotIn(hash_key(key), [str(v) for v in values.values()])
            self.assertNotIn("key_hash", as_user.fields_get())
        # An unknown field: Odoo ignores it (and logs it); the hash stays.
        record.write({"key_hash": hash_key("chosen")})
        self.hotline.sudo().write({"key_hash": hash_key("chosen")})
        self.assertEqual(self.hotline._key_hashes()[self.hotline.id], hash_key(key))

    def test_attempts_are_read_by_system_administrators_only(self):
        Attempt = self.env["realestate.complaint.intake.attempt"]
        Attempt._record("192.0.2.7", "rc_0123abcd.secret")
        attempt = Attempt.with_user(self.sysadmin).search([("ip", "=", "192.0.2.7")])
        self.assertEqual(attempt.key_prefix, "0123abcd")
        Attempt._record("192.0.2.7", "my-password")
        self.assertEqual(Attempt.search([("ip", "=", "192.0.2.7")]).mapped(
            "key_prefix"), [False, "0123abcd"])
        with self.assertRaises(AccessError):
            attempt.write({"ip": "192.0.2.8"})
        with self.assertRaises(AccessError):
            attempt.with_user(self.supervisor).read(["ip"])

    def test_only_administrators_see_the_menu(self):
        menu = self.env.ref(ADDON + ".realestate_complaint_integration_menu")
        Menu = self.env["ir.ui.menu"]
        for user in (self.operator, self.supervisor, self.executive):
            self.assertNotIn(menu.id, Menu.with_user(user)._visible_menu_ids(),
                             user.login)
        self.sysadmin.groups_id |= self.env.ref(ADDON + ".group_complaint_supervisor")
        self.assertIn(menu.id, Menu.with_user(self.sysadmin)._visible_menu_ids())


class TestIntegrationMarks(IntegrationCase):
    """The integration and external id of a case are set by the integration's
    technical user at registration, and never changed (R39: the integration sees
    exactly its own cases)."""

    def test_people_cannot_put_a_case_under_an_integration(self):
        vals = self.complaint_vals(intake_integration_id=self.hotline.id,
                                   intake_external_id="X-1")
        for user in (self.operator, self.supervisor, self.sysadmin):
            with self.assertRaises(AccessError):
                with self.env.cr.savepoint():
                    self.Complaint.with_user(user).create(vals)
        case = self.create_complaint(user=self.operator)
        for user in (self.operator, self.supervisor):
            for vals in ({"intake_integration_id": self.hotline.id},
                         {"intake_external_id": "X-2"}):
                with self.assertRaises(AccessError):
                    with self.env.cr.savepoint():
                        case.with_user(user).write(vals)
        self.assertFalse(case.sudo().intake_integration_id)
        self.assertFalse(case.sudo().intake_external_id)

    def test_integration_is_hidden_on_the_case_form_except_for_administrators(self):
        for user, shown in ((self.operator, False), (self.supervisor, False),
                            (self.sysadmin, True)):
            if shown:
                user.groups_id |= self.env.ref(ADDON + ".group_complaint_operator")
            view = self.Complaint.with_user(user).fields_view_get(view_type="form")
            self.assertEqual("intake_integration_id" in view["fields"], shown,
                             user.login)
            self.assertIn("intake_external_id", view["fields"])

    def test_copy_leaves_the_marks(self):
        user = self.hotline.user_id
        case = self.Complaint.with_user(user).create(self.complaint_vals(
            receiver_id=user.id, intake_integration_id=self.hotline.id,
            intake_external_id="X-3"))
        self.assertEqual(case.sudo().intake_integration_id, self.hotline)
        duplicate = case.sudo().copy()
        self.assertFalse(duplicate.intake_external_id)
        self.assertFalse(duplicate.intake_integration_id)
