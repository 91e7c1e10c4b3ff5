"""The yearly satisfaction survey of the owners (R38; 004:28, 002:361-363): one
response per owner and unit, answers by phone or questionnaire on four aspects,
the results per project counted by hand, and a corrective action once per survey
and project below the company's target; who may do what (R39)."""
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import HttpCase, at_install, post_install

from .common import ComplaintCase
from .test_portal_http import CSRF, PortalHttpMixin


class TestSatisfactionSurvey(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestSatisfactionSurvey, cls).setUpClass()
        cls.Survey = cls.env["realestate.satisfaction.survey"]
        cls.company = cls.env.user.company_id
        cls.company.satisfaction_target = 85.0
        cls.head = cls._create_user("t_project_head", "group_complaint_department")
        cls.project.manager_id = cls.head
        Partner = cls.env["res.partner"]
        Unit = cls.env["realestate.unit"]
        # Project A (测试花园): unit 1201 (张伟) and 302 (李娜) from the fixture, and
        # 1202 with two owners, 1203 with one: five owners to survey.
        cls.owners_a = [Partner.create({"name": name, "email": "%s@example.com" % i})
                        for i, name in enumerate(["王芳", "刘洋", "陈静"])]
        cls.unit3 = Unit.create({"building_id": cls.building.id, "room": "1202",
                                 "owner_ids": [(6, 0, [o.id for o in
                                                       cls.owners_a[:2]])]})
        cls.unit4 = Unit.create({"building_id": cls.building.id, "room": "1203",
                                 "owner_ids": [(6, 0, [cls.owners_a[2].id])]})
        # Not surveyed: an archived unit's owner, an archived owner.
        cls.gone = Partner.create({"name": "已迁出", "active": False})
        Unit.create({"building_id": cls.building.id, "room": "1204",
                     "active": False, "owner_ids": [(6, 0, [cls.owners_a[0].id])]})
        cls.unit4.owner_ids = [(4, cls.gone.id)]
        # Project B: two owners.
        cls.project_b = cls.env["realestate.project"].create(
            {"name": "滨江苑", "code": "BJY"})
        building_b = cls.env["realestate.building"].create(
            {"name": "A座", "project_id": cls.project_b.id})
        cls.owners_b = [Partner.create({"name": name}) for name in ["赵磊", "孙丽"]]
        cls.units_b = [Unit.create({"building_id": building_b.id, "room": room,
                                    "owner_ids": [(6, 0, [owner.id])]})
                       for room, owner in zip(["101", "102"], cls.owners_b)]
        # A project of no survey: its owner is not surveyed.
        other = cls.env["realestate.project"].create({"name": "别处花园", "code": "OTH"})
        cls.other_owner = Partner.create({"name": "钱多"})
        building_o = cls.env["realestate.building"].create(
            {"name": "1栋", "project_id": other.id})
        Unit.create({"building_id": building_o.id, "room": "1",
                     "owner_ids": [(6, 0, [cls.other_owner.id])]})
        cls.survey = cls.Survey.with_user(cls.supervisor).create({
            "name": "2026 业主满意度调查", "year": "2026",
            "project_ids": [(6, 0, [cls.project.id, cls.project_b.id])]})

    def response(self, unit, owner):
        return self.survey.response_ids.filtered(
            lambda r: r.unit_id == unit and r.partner_id == owner)

    def answer(self, unit, owner, scores, user=None):
        """Phone answer by the agent: scores (overall, quality, attitude, items)."""
        response = self.response(unit, owner).with_user(user or self.agent)
        response.write(dict(zip(["score_overall", "score_quality", "score_attitude",
                                 "score_items"], scores)))
        response.action_record_phone()
        return response

    def answer_all(self):
        """Project A: overall 5, 4, 3, 2 → 2 of 4 satisfied (50%); quality 5, 5,
        4, 3 → 75%; attitude 5, 4, 4, 4 → 100%; items 2, 2, 3, 4 → 25%; 陈静
        unreachable, not counted. Project B: overall 5, 4 → 100%."""
        self.survey.with_user(self.supervisor).action_start()
        self.answer(self.unit, self.owner, ["5", "5", "5", "2"])
        self.answer(self.unit2, self.owner2, ["4", "5", "4", "2"])
        self.answer(self.unit3, self.owners_a[0], ["3", "4", "4", "3"])
        self.answer(self.unit3, self.owners_a[1], ["2", "3", "4", "4"])
        self.response(self.unit4, self.owners_a[2]).with_user(
            self.agent).action_unreachable()
        self.answer(self.units_b[0], self.owners_b[0], ["5", "5", "5", "5"])
        self.answer(self.units_b[1], self.owners_b[1], ["4", "4", "4", "4"])

    def result(self, project):
        return self.survey.result_ids.filtered(lambda r: r.project_id == project)

    def test_start_surveys_each_owner_of_each_unit_of_its_projects(self):
        """002:361: the owners to survey come from the units: one response per
        owner and unit (two owners of 1202, two responses), none for a project
        outside the survey."""
        self.survey.with_user(self.supervisor).action_start()
        self.assertEqual(self.survey.state, "open")
        responses = self.survey.response_ids
        self.assertEqual(len(responses), 7)
        self.assertEqual(len(responses.filtered(lambda r: r.unit_id == self.unit3)), 2)
        self.assertEqual(set(responses.mapped("project_id")),
                         {self.project, self.project_b})
        self.assertEqual(set(responses.mapped("state")), {"pending"})
        self.assertNotIn(self.gone, responses.mapped("partner_id"))
        self.assertEqual(len(set(responses.sudo().mapped("access_token"))), 7)
        with self.assertRaises(UserError):
            self.survey.with_user(self.supervisor).action_start()

    def test_a_survey_without_projects_takes_every_project_of_the_company(self):
        survey = self.Survey.with_user(self.supervisor).create(
            {"name": "全公司", "year": "2026"})
        survey.action_start()
        units = self.env["realestate.unit"].search(
            [("project_id.company_id", "=", self.company.id)])
        self.assertEqual(len(survey.response_ids),
                         sum(len(unit.owner_ids) for unit in units))
        self.assertIn(self.other_owner, survey.response_ids.mapped("partner_id"))

    def test_phone_answer_is_recorded_by_the_agent_and_then_fixed(self):
        """004:28 by phone: the agent types the four scores; the answer names the
        agent and the channel, and is not changed afterwards."""
        self.survey.with_user(self.supervisor).action_start()
        response = self.answer(self.unit, self.owner, ["4", "5", "3", "2"])
        self.assertEqual((response.state, response.channel, response.user_id),
                         ("done", "phone", self.agent))
        self.assertEqual(response.score_attitude, "3")
        self.assertTrue(response.date_done)
        with self.assertRaises(UserError):
            response.with_user(self.agent).write({"score_overall": "5"})
        with self.assertRaises(AccessError), self.cr.savepoint():
            response.with_user(self.agent).write({"state": "pending"})
        # Without the overall score there is no answer.
        other = self.response(self.unit2, self.owner2).with_user(self.agent)
        with self.assertRaises(UserError):
            other.action_record_phone()
        self.assertEqual(other.state, "pending")

    def test_questionnaire_by_personal_link(self):
        """004:28 by questionnaire: the owner with an email gets a personal link;
        the link answers once, then leads nowhere."""
        self.survey.with_user(self.supervisor).action_start()
        response = self.response(self.unit, self.owner)
        token = response.sudo().access_token
        self.assertEqual(len(token), 32)
        before = self.env["mail.mail"].search([])
        self.survey.with_user(self.supervisor).action_send_questionnaires()
        mails = self.env["mail.mail"].search([]) - before
        # 张伟 and the three owners of project A with an email; not 李娜 nor
        # project B's owners, who have none (phone).
        self.assertEqual(len(mails), 4)
        mine = mails.filtered(lambda m: token in m.body_html)
        self.assertEqual(mine.recipient_ids, self.owner)
        Response = self.env["realestate.satisfaction.response"]
        found = Response._by_token(token)
        self.assertEqual(found, response)
        found._answer({"score_overall": "5", "score_items": "4",
                       "comment": "维修及时", "state": "pending",
                       "user_id": self.supervisor.id}, "questionnaire")
        self.assertEqual((response.state, response.channel, response.user_id.id),
                         ("done", "questionnaire", False))
        self.assertEqual(response.comment, "维修及时")
        self.assertFalse(Response._by_token(token))
        self.assertFalse(Response._by_token("0" * 32))
        with self.assertRaises(UserError):
            Response._by_token(self.response(self.unit2, self.owner2)
                               .sudo().access_token)._answer(
                {"score_overall": "9"}, "questionnaire")

    def test_results_per_project_counted_by_hand(self):
        """004:28: overall, quality, attitude and items per project (figures in
        ``answer_all``)."""
        self.answer_all()
        self.survey.with_user(self.supervisor).action_close()
        self.assertEqual(self.survey.state, "closed")
        a, b = self.result(self.project), self.result(self.project_b)
        self.assertEqual((a.response_count, a.answered_count), (5, 4))
        self.assertEqual((a.rate_overall, a.rate_quality, a.rate_attitude,
                          a.rate_items), (50.0, 75.0, 100.0, 25.0))
        self.assertEqual((b.response_count, b.answered_count), (2, 2))
        self.assertEqual((b.rate_overall, b.rate_quality, b.rate_attitude,
                          b.rate_items), (100.0, 100.0, 100.0, 100.0))
        self.assertEqual(self.survey.target, 85.0)
        # The responses' pivot gives the same overall rate per project.
        groups = self.env["realestate.satisfaction.response"].read_group(
            [("survey_id", "=", self.survey.id), ("state", "=", "done")],
            ["project_id", "satisfied"], ["project_id"])
        self.assertEqual({g["project_id"][0]: g["satisfied"] for g in groups},
                         {self.project.id: 50.0, self.project_b.id: 100.0})

    def test_below_target_gets_one_corrective_action_for_the_project_head(self):
        """002:363: below the company's target (85%), a corrective action aimed at
        the aspect rated lowest (service items, 25%), owned by the project head
        (R25), due within a week (004:294); once per survey and project."""
        self.answer_all()
        self.survey.with_user(self.supervisor).action_close()
        a, b = self.result(self.project), self.result(self.project_b)
        self.assertTrue(a.below_target)
        self.assertFalse(b.below_target)
        self.assertFalse(b.corrective_action_id)
        action = a.corrective_action_id
        self.assertEqual(action.user_id, self.head)
        self.assertEqual(action.project_id, self.project)
        self.assertFalse(action.complaint_id)
        self.assertIn("Service Items", action.name)
        self.assertIn("50.0%", action.name)
        # A week from the company's day (Asia/Shanghai), whatever the time zone
        # of the supervisor closing the survey or of the server.
        today = self.survey.company_id._complaint_day(fields.Datetime.now())
        self.assertEqual(action.date_deadline,
                         fields.Date.to_string(today + timedelta(days=7)))
        self.assertEqual(action.activity_id.res_model,
                         "realestate.satisfaction.survey")
        self.assertEqual(action.activity_id.user_id, self.head)
        # Counting again neither duplicates the result nor the action.
        self.survey._count_results()
        self.assertEqual(len(self.survey.result_ids), 2)
        Action = self.env["realestate.complaint.corrective.action"]
        self.assertEqual(Action.search_count(
            [("satisfaction_result_id", "=", a.id)]), 1)
        # 002:729-731 (R36): the general manager approves it on the survey and
        # names the supervisor who checks; the head (a department user) carries
        # it out; the supervisor checks it.
        approval = self.env.ref(
            "realestate_complaint.mail_activity_type_measure_approval")
        to_approve = self.survey.activity_ids.filtered(
            lambda a: a.activity_type_id == approval)
        self.assertIn(self.executive, to_approve.mapped("user_id"))
        self.assertEqual(action.state, "to_approve")
        with self.assertRaises(UserError):
            action.with_user(self.head).action_done()
        action.with_user(self.executive).action_approve(self.supervisor)
        self.assertFalse(self.survey.activity_ids.filtered(
            lambda a: a.activity_type_id == approval))
        action.with_user(self.head).action_done()
        self.assertTrue(action.date_done)
        self.assertIn(self.supervisor, self.survey.activity_ids.mapped("user_id"))
        action.with_user(self.supervisor).action_verify("现场抽查 10 户，已整改")
        self.assertEqual(action.state, "verified")
        # The head does not read the survey's responses (R39).
        with self.assertRaises(AccessError):
            self.survey.response_ids.with_user(self.head).read(["partner_id"])
        # The reminder is on the survey: the head opens it and reads the results.
        form = self.survey.with_user(self.head).read(["name", "result_ids"])[0]
        self.assertEqual(set(form["result_ids"]), set(self.survey.result_ids.ids))
        self.assertNotIn("response_ids", self.Survey.with_user(self.head).fields_get())
        with self.assertRaises(AccessError):
            self.survey.with_user(self.head).action_close()

    def test_the_report_to_the_leadership(self):
        """004:28: the results are reported to the leadership: the printed
        survey holds each project's four shares and its corrective action."""
        self.answer_all()
        self.survey.with_user(self.supervisor).action_close()
        report = self.env.ref(
            "realestate_complaint.action_report_satisfaction_survey")
        html = report.with_user(self.supervisor).render_qweb_html(self.survey.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("2026 业主满意度调查", html)
        row = html[html.index("o_below_target"):]
        row = row[:row.index("</tr>")]
        for text in ("测试花园", ">50.0<", ">75.0<", ">100.0<", ">25.0<",
                     self.head.name):
            self.assertIn(text, row)
        self.assertEqual(html.count("o_below_target"), 1)

    def test_the_target_is_the_companys(self):
        """Target 40%: project A's 50% is above it, no corrective action."""
        self.company.satisfaction_target = 40.0
        self.answer_all()
        self.survey.with_user(self.supervisor).action_close()
        self.assertFalse(self.survey.result_ids.mapped("corrective_action_id"))
        self.assertEqual(self.survey.target, 40.0)

    def test_who_may_do_what(self):
        """R39: surveys hold customers' answers: operators and departments read
        nothing, agents record answers, supervisors run the survey."""
        self.survey.with_user(self.supervisor).action_start()
        response = self.response(self.unit, self.owner)
        for user in (self.operator, self.employee):
            with self.assertRaises(AccessError):
                response.with_user(user).read(["score_overall"])
            with self.assertRaises(AccessError):
                self.survey.with_user(user).read(["name"])
        self.assertEqual(response.with_user(self.agent).partner_id, self.owner)
        with self.assertRaises(AccessError):
            self.Survey.with_user(self.agent).create({"name": "x", "year": "2026"})
        with self.assertRaises(AccessError):
            self.survey.with_user(self.agent).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.survey.with_user(self.agent).action_close()
        with self.assertRaises(AccessError):
            self.env["realestate.satisfaction.response"].with_user(self.agent).create({
                "survey_id": self.survey.id, "unit_id": self.unit.id,
                "partner_id": self.owner2.id})
        # The link is the owner's key: agents do not read it.
        with self.assertRaises(AccessError):
            response.with_user(self.agent).read(["access_token"])
        # Another company's survey is hidden.
        other = self.env["res.company"].create({"name": "别的公司"})
        foreign = self.Survey.create({"name": "别家", "year": "2026",
                                      "company_id": other.id})
        self.assertNotIn(foreign, self.Survey.with_user(self.supervisor).search([]))

    def test_the_year_has_four_digits(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.Survey.create({"name": "x", "year": "26"})

    def test_the_target_lies_between_0_and_100(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.satisfaction_target = 120.0


@at_install(False)
@post_install(True)
class TestQuestionnaireHttp(PortalHttpMixin, HttpCase):
    """004:28: the questionnaire over HTTP, without a login: the personal link
    answers once; any other token is a 404."""

    def setUp(self):
        super(TestQuestionnaireHttp, self).setUp()
        self.env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {
            "lang": "en_US", "no_reset_password": True})
        env = self.env
        project = env["realestate.project"].create({"name": "问卷花园", "code": "WJH"})
        building = env["realestate.building"].create(
            {"name": "3栋", "project_id": project.id})
        owner = env["res.partner"].create(
            {"name": "周敏", "email": "zhou.min@example.com", "lang": "en_US"})
        neighbour = env["res.partner"].create(
            {"name": "郑强", "email": "zheng.qiang@example.com", "lang": "en_US"})
        env["realestate.unit"].create({"building_id": building.id, "room": "808",
                                       "owner_ids": [(6, 0, owner.ids)]})
        env["realestate.unit"].create({"building_id": building.id, "room": "809",
                                       "owner_ids": [(6, 0, neighbour.ids)]})
        for login, partner in (("t_survey_owner", owner),
                               ("t_survey_neighbour", neighbour)):
            env["res.users"].create({
                "login": login, "password": login + "_pw", "partner_id": partner.id,
                "groups_id": [(6, 0, env.ref("base.group_portal").ids)]})
        survey = env["realestate.satisfaction.survey"].create(
            {"name": "问卷测试", "year": "2026",
             "project_ids": [(6, 0, project.ids)]})
        survey.action_start()
        self.response = survey.response_ids.filtered(
            lambda r: r.partner_id == owner)
        self.neighbours = survey.response_ids - self.response
        self.path = "/satisfaction/%s" % self.response.access_token

    def test_the_portal_home_links_the_owners_own_questionnaire(self):
        self.authenticate("t_survey_owner", "t_survey_owner_pw")
        page = self.request("GET", "/my/home")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.path, page.text)
        self.assertIn("问卷花园 3栋-808", page.text)
        self.assertNotIn(self.neighbours.access_token, page.text)
        self.assertNotIn("问卷花园 3栋-809", page.text)

    def test_the_link_answers_once(self):
        self.assertEqual(self.request("GET", "/satisfaction/" + "0" * 32).status_code,
                         404)
        page = self.request("GET", self.path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("问卷花园 3栋-808", page.text)
        token = CSRF.search(page.text).group(1)
        # Without the overall score the form comes back with its message.
        page = self.request("POST", self.path, data={
            "csrf_token": token, "score_quality": "4"})
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self.response.state, "pending")
        self.assertIn('value="4" checked', page.text)
        page = self.request("POST", self.path, data={
            "csrf_token": token, "score_overall": "5", "score_quality": "4",
            "score_attitude": "5", "score_items": "3", "comment": "物业很好",
            "state": "done", "user_id": "1"})
        self.assertEqual(page.status_code, 200)
        self.assertEqual((self.response.state, self.response.channel,
                          self.response.score_items, self.response.comment,
                          self.response.user_id.id),
                         ("done", "questionnaire", "3", "物业很好", False))
        self.assertEqual(self.request("GET", self.path).status_code, 404)
