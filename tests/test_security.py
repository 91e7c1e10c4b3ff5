"""Security (issue 19, R39): what each role can reach of a confidential case through
its records, HTML typed by users shown as text, and the records only the process
writes. Each test failed before its fix."""

import base64
from datetime import datetime

import lxml.html

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from ..models.roles import PROCESS_ONLY
from .process_common import ProcessCase
from .test_mail_gateway import REJECTION_LOGGER, MailGatewayCase, compose

XSS = '<img src=x onerror="alert(document.cookie)">'
SECRET_PHONE = "13955501234"
SECRET_TEXT = "机密漏水投诉XK7Q"


def no_script(html):
    """Whether ``html`` holds no element that runs script or loads something (what
    a user typed shows as text), nor any event handler."""
    root = lxml.html.fromstring("<div>%s</div>" % (html or ""))
    return not any(
        element.tag in ("script", "img", "iframe", "object", "embed", "svg") or
        any(name.lower().startswith("on") for name in element.attrib)
        for element in root.iter())


def no_handler(html):
    """Whether ``html`` holds no script and no event handler."""
    root = lxml.html.fromstring("<div>%s</div>" % (html or ""))
    return not any(
        element.tag == "script" or
        any(name.lower().startswith("on") for name in element.attrib)
        for element in root.iter())


class SecurityCase(ProcessCase):
    @classmethod
    def setUpClass(cls):
        super(SecurityCase, cls).setUpClass()
        cls.other_engineer = cls._create_user("t_other_engineer",
                                              "group_complaint_department")
        cls.other_team = cls.env["realestate.complaint.team"].create({
            "name": "测试物业部", "head_id": cls.other_engineer.id,
            "member_ids": [(6, 0, cls.other_engineer.ids)]})
        cls.secret_owner = cls.env["res.partner"].create({
            "name": "保密业主甲", "mobile": SECRET_PHONE,
            "email": "secret.owner@example.com"})
        # Confidential, received by the supervisor, worked by agent2, dispatched
        # to the other department: the operator, the agent and the engineer of the
        # first department may not open it.
        cls.secret = cls.Complaint.create(cls.complaint_vals(
            is_confidential=True, receiver_id=cls.supervisor.id,
            user_id=cls.agent2.id, partner_id=cls.secret_owner.id,
            partner_phone=SECRET_PHONE, partner_email="secret.owner@example.com",
            description="<p>%s</p>" % SECRET_TEXT, team_id=cls.other_team.id,
            responsible_id=cls.other_engineer.id))
        cls.env["realestate.complaint.followup"].create({
            "complaint_id": cls.secret.id, "description": "电话联系业主"})
        cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get_id("realestate.complaint"),
            "res_id": cls.secret.id, "user_id": cls.agent2.id,
            "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id,
            "summary": "保密回访"})
        cls.secret.message_subscribe(partner_ids=cls.secret_owner.ids)
        cls.roles = {
            "operator": cls.operator, "agent": cls.agent,
            "supervisor": cls.supervisor, "executive": cls.executive,
            "department": cls.engineer, "other department": cls.other_engineer,
            "employee": cls.employee, "portal": cls.portal_user,
        }

    def found(self, model, user, domain):
        """What ``user`` finds of ``model`` with ``domain``; nothing when refused."""
        try:
            with self.env.cr.savepoint():
                return self.env[model].with_user(user).search(domain)
        except AccessError:
            return self.env[model]

    def readable_cases(self, user, cases):
        try:
            return self.Complaint.with_user(user).search([("id", "in", cases.ids)])
        except AccessError:
            return self.Complaint


class TestChildRecordsOfConfidentialCases(SecurityCase):
    """Item 1: every record of a case is open only to whoever may open the case,
    also when searched through the case's fields (complaint_id.*)."""

    def child_relations(self):
        """(model, field) of every stored many2one to the case in the addon."""
        fields = self.env["ir.model.fields"].search([
            ("relation", "=", "realestate.complaint"), ("ttype", "=", "many2one"),
            ("store", "=", True), ("model", "like", "realestate.%")])
        return [(f.model, f.name) for f in fields
                if not self.env[f.model]._transient and not self.env[f.model]._abstract]

    def test_the_secret_case_has_records_to_leak(self):
        """The fixture holds what the attacks look for (else they prove nothing)."""
        self.assertTrue(self.secret.deadline_ids)
        self.assertTrue(self.secret.followup_ids)
        relations = self.child_relations()
        for model in ("realestate.complaint.deadline", "realestate.complaint.followup",
                      "realestate.complaint.solution", "realestate.complaint.callback",
                      "realestate.complaint.supervision.order"):
            self.assertIn(model, [m for m, _f in relations])
        # Who may open it: the people who work it and supervisors.
        for login, user in self.roles.items():
            self.assertEqual(
                bool(self.readable_cases(user, self.secret)),
                login in ("supervisor", "executive", "other department"), login)

    def test_related_field_domains_find_only_readable_cases(self):
        """The attacks of the issue (is_confidential, a phone guessed with =like, a
        text and a name confirmed), on every child model, for every role."""
        attacks = [
            ("is_confidential", "=", True),
            ("partner_phone", "=like", SECRET_PHONE[:4] + "%"),
            ("description", "ilike", SECRET_TEXT),
            ("partner_id.name", "=", self.secret_owner.name),
            ("team_id", "=", self.other_team.id),
        ]
        for model, field in self.child_relations():
            for login, user in self.roles.items():
                for path, operator, value in attacks:
                    records = self.found(
                        model, user, [(field + "." + path, operator, value)])
                    cases = records.sudo().mapped(field)
                    self.assertEqual(
                        cases, self.readable_cases(user, cases),
                        "%s finds %s of cases it may not open by %s.%s" % (
                            login, model, field, path))

    def test_deadlines_follow_the_case(self):
        Deadline = self.env["realestate.complaint.deadline"]
        secret_lines = self.secret.deadline_ids
        for user in (self.operator, self.agent, self.engineer):
            self.assertFalse(self.found(Deadline._name, user,
                                        [("id", "in", secret_lines.ids)]))
            with self.assertRaises(AccessError):
                secret_lines.with_user(user).read(["status"])
        for user in (self.supervisor, self.other_engineer, self.agent2):
            self.assertEqual(self.found(Deadline._name, user,
                                        [("id", "in", secret_lines.ids)]), secret_lines)

    def test_no_auto_join_skips_the_rules_of_its_model(self):
        """Every auto_join of the addon leads from a model with record rules."""
        Rule = self.env["ir.rule"]
        for name, model in self.env.registry.items():
            if not name.startswith("realestate.") or model._abstract:
                continue
            for field in model._fields.values():
                if field.type == "many2one" and field.auto_join:
                    self.assertTrue(Rule.search([("model_id.model", "=", name),
                                                 ("global", "=", False)]), name)


class TestActivitiesAndFollowers(SecurityCase):
    """Item 6: activities and followers of a case are open to whoever may open it;
    one's own activities stay visible."""

    def test_activities_of_cases_one_may_not_open_are_hidden(self):
        Activity = self.env["mail.activity"]
        secret = Activity.search([("res_model", "=", "realestate.complaint"),
                                  ("res_id", "=", self.secret.id)])
        self.assertTrue(secret)
        for login, user in self.roles.items():
            if login == "portal":
                continue
            activities = self.found("mail.activity", user, [
                ("res_model", "=", "realestate.complaint")])
            own = activities.sudo().filtered(lambda a: a.user_id == user)
            others = self.Complaint.browse((activities.sudo() - own).mapped("res_id"))
            self.assertEqual(others, self.readable_cases(user, others), login)
            if not self.readable_cases(user, self.secret):
                self.assertFalse((secret - own) & activities, login)
                with self.assertRaises(AccessError, msg=login):
                    (secret - own)[:1].with_user(user).read(["summary"])
        # agent2 works the case: their activity is theirs to see and do.
        self.assertEqual(
            self.found("mail.activity", self.agent2, [("id", "in", secret.ids)]),
            secret)
        secret.with_user(self.agent2).action_feedback(feedback="已回访")
        self.assertFalse(secret.exists())

    def test_no_activity_on_a_case_one_may_not_open(self):
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.agent).create({
                "res_model_id": self.env["ir.model"]._get_id("realestate.complaint"),
                "res_id": self.secret.id, "user_id": self.agent.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id})

    def test_other_models_keep_their_activities(self):
        partner = self.env["res.partner"].create({"name": "非投诉的联系人"})
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": partner.id, "user_id": self.supervisor.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id})
        self.assertEqual(self.found("mail.activity", self.engineer,
                                    [("id", "=", activity.id)]), activity)

    def test_followers_of_cases_one_may_not_open_are_hidden(self):
        Followers = self.env["mail.followers"]
        secret = Followers.search([("res_model", "=", "realestate.complaint"),
                                   ("res_id", "=", self.secret.id)])
        self.assertIn(self.secret_owner, secret.mapped("partner_id"))
        for login, user in self.roles.items():
            rows = self.found("mail.followers", user, [
                ("res_model", "=", "realestate.complaint")])
            cases = self.Complaint.browse(rows.sudo().mapped("res_id"))
            self.assertEqual(cases, self.readable_cases(user, cases), login)
            if login == "portal":
                self.assertFalse(rows)
        self.assertEqual(self.found("mail.followers", self.supervisor,
                                    [("id", "in", secret.ids)]), secret)
        # The case's own followers list still works for who may open it.
        self.assertIn(self.secret_owner,
                      self.secret.with_user(self.agent2).message_partner_ids)


class TestHtmlTypedByUsers(SecurityCase):
    """Items 2 and 3: what the addon writes by SQL into activities and the chatter
    is built from escaped values and sanitised."""

    def test_log_notes_sanitises_what_it_is_given(self):
        self.secret._log_notes({self.secret.id: "<p>%s</p>" % XSS})
        body = self.secret.message_ids[0].body
        self.assertIn("<img", body)
        self.assertTrue(no_handler(body), body)

    def test_schedule_activities_sanitises_the_note(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.Complaint._schedule_activities(todo, "2026-12-31", [{
            "res_id": self.secret.id, "res_name": self.secret.name,
            "user_id": self.agent2.id, "summary": XSS, "note": XSS}])
        activity = self.env["mail.activity"].search(
            [("res_id", "=", self.secret.id), ("summary", "=", XSS)])
        self.assertTrue(activity)
        self.assertTrue(no_handler(activity.note), activity.note)

    def test_solution_described_with_html_reaches_approvers_as_text(self):
        complaint = self.investigated()
        self.propose(complaint, description=XSS)
        notes = self.env["mail.activity"].search([
            ("res_model", "=", "realestate.complaint"), ("res_id", "=", complaint.id),
            ("activity_type_id", "=",
             self.ref("mail_activity_type_solution_approval").id)]).mapped("note")
        self.assertTrue(notes)
        for note in notes:
            self.assertIn("&lt;img", note)
            self.assertTrue(no_script(note), note)
        message = complaint.message_ids.filtered(
            lambda m: "Solution proposed" in (m.body or ""))
        self.assertIn("&lt;img", message.body)
        self.assertTrue(no_script(message.body), message.body)

    def test_a_renamed_user_in_the_major_complaint_warning(self):
        """The R24 warning note lists the executives by name."""
        self.executive.with_user(self.executive).write({"name": "周丽" + XSS})
        self.env.user.company_id.complaint_legal_team_id = self.team
        self.project.manager_id = self.agent
        complaint = self.create_complaint(channel="media", project_id=self.project.id)
        self.assertEqual(complaint.level, "1")
        note = complaint.message_ids.filtered(
            lambda m: "Major complaint" in (m.body or ""))
        self.assertTrue(note)
        self.assertIn("周丽&lt;img", note.body)
        self.assertTrue(no_script(note.body), note.body)

    def test_a_renamed_user_in_the_escalation_note(self):
        tier = self.ref("tier_sales_manager")
        tier.user_ids = self.sales_manager
        self.sales_manager.with_user(self.sales_manager).write({"name": "王强" + XSS})
        row = {"case_id": self.secret.id, "name": self.secret.name,
               "user_id": self.agent2.id, "receiver_id": self.supervisor.id,
               "company_id": self.secret.company_id.id, "partner_name": "x",
               "level": "3"}
        self.Complaint._notify_escalation(
            {(self.secret.id, tier): (row, ["acknowledge"])}, datetime(2026, 12, 4, 9))
        note = self.secret.message_ids[0]
        self.assertIn("王强&lt;img", note.body)
        self.assertTrue(no_script(note.body), note.body)

    def test_a_renamed_person_in_the_dispatch_note(self):
        self.engineer.with_user(self.engineer).write({"name": "李工" + XSS})
        complaint = self.create_complaint(user_id=self.agent.id, validity="valid",
                                          team_id=self.team.id,
                                          responsible_id=self.engineer.id)
        complaint.with_user(self.agent).action_dispatch()
        note = complaint.message_ids.filtered(
            lambda m: "Handling sheet sent" in (m.body or ""))
        self.assertIn("李工&lt;img", note.body)
        self.assertTrue(no_script(note.body), note.body)


def process_only_fields(model):
    """The table's fields of ``model`` and its stored computed fields without an
    inverse (read from the table, not from the guard under test)."""
    return set(PROCESS_ONLY.get(model._name, ())) | {
        name for name, field in model._fields.items()
        if field.compute and field.store and not field.inverse}


class TestProcessOnlyFields(SecurityCase):
    """Item 5 (and 4): every field only the process sets is refused to a create
    and a write, whatever the role, and stays as it was."""

    # The fields the issue found forgeable, each must be in the table.
    FOUND = [
        ("realestate.complaint", "invalid_approved_by_id"),
        ("realestate.complaint", "date_invalid_approved"),
        ("realestate.complaint", "validity"),
        ("realestate.complaint", "date_signed"),
        ("realestate.complaint", "date_dispatched"),
        ("realestate.complaint", "dispatched_by_id"),
        ("realestate.complaint", "date_closed"),
        ("realestate.complaint", "resolution_days"),
        ("realestate.complaint", "next_deadline_status"),
        ("realestate.complaint", "sla_policy_id"),
        ("realestate.complaint", "date_major_alerted"),
        ("realestate.complaint", "date_received"),
        ("realestate.complaint.callback", "user_id"),
        ("realestate.complaint.corrective.action", "activity_id"),
    ]

    def sample(self, model):
        """A record of ``model`` with values in its fields (demo data or ours)."""
        if model == "realestate.complaint.mail.rejection":
            self.env[model].create({"reason": "empty", "subject": "空邮件",
                                    "complaint_id": self.secret.id})
        if model == "realestate.repair.item":
            self.env[model].create({"complaint_id": self.secret.id, "location": "厨房",
                                    "description": "水管漏水"})
        if model == "realestate.complaint.department.return":
            self.env[model].create({"complaint_id": self.secret.id,
                                    "team_id": self.team.id, "reason": "not_ours",
                                    "opinion": "不属于本部门"})
        records = self.env[model].with_context(active_test=False).search(
            [], order="id desc", limit=20)
        return records.filtered(lambda r: r.complaint_id) if \
            "complaint_id" in records._fields and records.filtered(
                lambda r: r.complaint_id) else records

    def test_the_table_holds_every_field_found(self):
        for model, field in self.FOUND:
            self.assertIn(field, process_only_fields(self.env[model]), model)

    def test_every_process_field_is_refused_to_every_role(self):
        users = [u for login, u in self.roles.items()
                 if login not in ("employee", "portal")]
        checked = 0
        for model in PROCESS_ONLY:
            records = self.sample(model)
            self.assertTrue(records, "no %s to try" % model)
            record = records[0]
            for name in sorted(process_only_fields(self.env[model])):
                field = record._fields[name]
                value = field.convert_to_write(record[name], record)
                before = field.convert_to_write(record[name], record)
                for user in users:
                    with self.assertRaisesRegex(
                            AccessError, "set by the process",
                            msg="%s.%s written by %s" % (model, name, user.login)):
                        record.with_user(user).write({name: value})
                    with self.assertRaisesRegex(
                            AccessError, "set by the process",
                            msg="%s.%s created by %s" % (model, name, user.login)):
                        self.env[model].with_user(user).create({name: value})
                    checked += 1
                record.invalidate_cache()
                self.assertEqual(field.convert_to_write(record[name], record), before)
        self.assertGreater(checked, 300)

    def test_the_process_still_sets_them(self):
        """The buttons write what a plain write may not."""
        complaint = self.create_complaint(user_id=self.agent.id,
                                          team_id=self.team.id,
                                          responsible_id=self.engineer.id)
        complaint.with_user(self.agent).action_mark_valid()
        self.assertEqual(complaint.validity, "valid")
        complaint.with_user(self.agent).action_dispatch()
        self.assertTrue(complaint.date_dispatched)
        self.assertEqual(complaint.dispatched_by_id, self.agent)
        complaint.with_user(self.engineer).action_sign()
        self.assertTrue(complaint.date_signed)
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({"date_signed": False})

    def test_a_corrective_action_takes_over_no_activity(self):
        """Item 4: an agent pointed a corrective action at another agent's callback
        activity on a confidential case, then reassigned and deleted it."""
        complaint = self.resolved(channel="government")
        theirs = self.env["mail.activity"].search([
            ("res_model", "=", "realestate.complaint"),
            ("res_id", "=", self.secret.id)], limit=1)
        Action = self.env["realestate.complaint.corrective.action"]
        action = Action.with_user(self.agent).create({
            "complaint_id": complaint.id, "name": "整改", "user_id": self.agent.id,
            "date_deadline": "2026-12-31"})
        with self.assertRaises(AccessError):
            action.with_user(self.agent).write({"activity_id": theirs.id})
        with self.assertRaises(AccessError):
            Action.with_user(self.agent).create({
                "complaint_id": complaint.id, "name": "整改",
                "user_id": self.agent.id, "date_deadline": "2026-12-31",
                "activity_id": theirs.id})
        action.with_user(self.agent).write({"user_id": self.agent.id, "name": "改"})
        self.assertEqual(theirs.user_id, self.agent2)
        action.with_user(self.executive).action_approve(self.supervisor)
        action.with_user(self.agent).action_done()
        self.assertTrue(theirs.exists())
        self.assertNotIn(self.agent.partner_id, self.secret.message_partner_ids)


class TestSearchOnHiddenFields(SecurityCase):
    """Item 8: a field one may not read is not searched on either."""

    def test_rewards_and_penalties_are_not_searched_by_others(self):
        complaint = self.resolved(channel="government")
        self.env["realestate.complaint.sanction"].with_user(self.executive).create({
            "complaint_id": complaint.id, "kind": "reward",
            "user_id": self.engineer.id, "name": "表扬"})
        for user in (self.operator, self.agent, self.supervisor, self.engineer):
            for domain in ([("sanction_ids", "!=", False)],
                           [("sanction_ids.kind", "=", "reward")],
                           ["|", ("id", "=", 0), ("sanction_ids", "=", False)]):
                with self.assertRaises(AccessError, msg=user.login):
                    self.Complaint.with_user(user).search(domain)
                with self.assertRaises(AccessError, msg=user.login):
                    self.Complaint.with_user(user).read_group(
                        domain, ["kind"], ["kind"])
            with self.assertRaises(AccessError, msg=user.login):
                self.env["realestate.complaint.deadline"].with_user(user).search(
                    [("complaint_id.sanction_ids", "!=", False)])
        self.assertIn(complaint, self.Complaint.with_user(self.executive).search(
            [("sanction_ids", "!=", False)]))


class TestControlCharactersInEmail(MailGatewayCase):
    """Item 9: a NUL byte in an incoming email made message_process raise at the
    INSERT: nothing was kept."""

    def test_nul_bytes_keep_the_email_as_rejected(self):
        source = compose(body="车库积水\x00请处理", subject="车库\x00积水",
                         Message_Id="<nul-1@owners.example.org>")
        with mute_logger(REJECTION_LOGGER):
            result = self.env["mail.thread"].message_process(False, source)
        self.assertFalse(result)
        rejection = self.Rejection.search([("reason", "=", "control_chars")])
        self.assertEqual(len(rejection), 1)
        self.assertEqual(rejection.message_id, "<nul-1@owners.example.org>")
        self.assertNotIn("\x00", rejection.subject + rejection.body)
        self.assertIn("请处理", rejection.body)
        self.assertEqual(base64.b64decode(rejection.original_id.datas), source)
        self.assertFalse(self.Complaint.search([("partner_email", "=", "x")]))

    def test_nul_in_the_message_id_too(self):
        source = compose(Message_Id="<nul-\x00-2@owners.example.org>")
        with mute_logger(REJECTION_LOGGER):
            self.env["mail.thread"].message_process(False, source)
        self.assertEqual(
            self.Rejection.search([("reason", "=", "control_chars")]).message_id,
            "<nul--2@owners.example.org>")
