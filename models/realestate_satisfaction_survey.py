"""Yearly satisfaction surveys of the owners (R38; 004:28, 002:361-363).

004:28 asks for periodic satisfaction surveys by phone or questionnaire on the
overall satisfaction, the service quality, the attitude and the service items,
reported to the leadership; 002:361 for one full survey a year at least, and
002:363 for corrective and preventive measures, aimed at the aspects rated low,
when satisfaction falls below the company's requirement.

Not Odoo 11's ``survey`` module: it depends on ``website`` (a whole CMS: its
layout, language URLs and asset bundles would take over the customer portal
this addon serves, and it is not in the installed wheels), and its answers are
free question lines of a token, where this needs four fixed scores per owner and
unit, counted per project. A campaign here is a year (and optionally projects),
one response per owner and unit, four scores on the callbacks' five-step scale.

A project's satisfaction is the share of its answered responses rated satisfied
or very satisfied (4 or 5, as the repair report's ``satisfied_share``), per
aspect; the overall aspect is compared with the company's target.
"""
import uuid
from datetime import timedelta

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.process_context import by_process, in_process
from .realestate_complaint_callback import SATISFACTION
from .roles import AGENT, SUPERVISOR

SATISFIED = ("4", "5")
CHANNELS = [("phone", "Phone"), ("questionnaire", "Questionnaire")]
SURVEY_STATES = [("draft", "Draft"), ("open", "In Progress"), ("closed", "Closed")]
RESPONSE_STATES = [("pending", "To Survey"), ("done", "Answered"),
                   ("refused", "Refused or Unreachable")]
# The four aspects of 004:28, as (score field, result rate field).
ASPECTS = [
    ("score_overall", "rate_overall"),
    ("score_quality", "rate_quality"),
    ("score_attitude", "rate_attitude"),
    ("score_items", "rate_items"),
]
# What the agent or the owner answers (through ``_answer`` only).
ANSWER_FIELDS = {name for name, _rate in ASPECTS} | {"comment"}


class ResCompany(models.Model):
    _inherit = "res.company"

    satisfaction_target = fields.Float(
        string="Satisfaction Target (%)", default=85.0,
        help="The share of owners satisfied or very satisfied the company requires "
        "of each project in its yearly survey; below it, a corrective action is "
        "created for the project (002:363).")

    @api.constrains("satisfaction_target")
    def _check_satisfaction_target(self):
        if any(not 0 <= company.satisfaction_target <= 100 for company in self):
            raise ValidationError(_("A satisfaction target lies between 0 and 100%."))


class RealestateSatisfactionSurvey(models.Model):
    """A survey campaign: the year, the projects (all of the company's when none
    is given) and one response per owner and unit (002:361)."""

    _name = "realestate.satisfaction.survey"
    _description = "Satisfaction Survey"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, id desc"

    name = fields.Char(required=True, track_visibility="onchange")
    # A Char: an Integer prints with a thousands separator (2,026).
    year = fields.Char(
        required=True, size=4, default=lambda self: fields.Date.context_today(
            self)[:4])
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    project_ids = fields.Many2many(
        "realestate.project", "realestate_satisfaction_survey_project_rel",
        "survey_id", "project_id", string="Projects",
        help="Empty: every project of the company.")
    user_id = fields.Many2one(
        "res.users", string="Organised By", default=lambda self: self.env.user,
        help="Gets the corrective actions of projects without a project head.")
    state = fields.Selection(SURVEY_STATES, string="Status", required=True,
                             default="draft", readonly=True,
                             track_visibility="onchange")
    target = fields.Float(
        string="Target (%)", readonly=True,
        help="The company's target when the results were counted.")
    # Customers' answers (R39): agents and supervisors; a project head who owns a
    # corrective action opens the survey (its reminder is there) and its results.
    response_ids = fields.One2many(
        "realestate.satisfaction.response", "survey_id", string="Responses",
        groups=AGENT)
    result_ids = fields.One2many(
        "realestate.satisfaction.result", "survey_id", string="Results per Project",
        readonly=True)
    response_count = fields.Integer(compute="_compute_counts")
    answered_count = fields.Integer(compute="_compute_counts")

    def _check_organiser(self):
        """The buttons act as the system: first, may the user change the survey
        (supervisors)?"""
        self.check_access_rights("write")
        self.check_access_rule("write")

    def _compute_counts(self):
        groups = self.env["realestate.satisfaction.response"].sudo().read_group(
            [("survey_id", "in", self.ids)], ["survey_id", "state"],
            ["survey_id", "state"], lazy=False)
        counts = {}
        for group in groups:
            key = group["survey_id"][0]
            total, answered = counts.get(key, (0, 0))
            counts[key] = (total + group["__count"], answered + (
                group["__count"] if group["state"] == "done" else 0))
        for survey in self:
            survey.response_count, survey.answered_count = counts.get(
                survey.id, (0, 0))

    @api.constrains("year")
    def _check_year(self):
        if any(not (survey.year or "").isdigit() or len(survey.year) != 4
               for survey in self):
            raise ValidationError(_("The year of a survey has four digits."))

    def _projects(self):
        self.ensure_one()
        return self.project_ids or self.env["realestate.project"].search(
            [("company_id", "=", self.company_id.id)])

    def action_start(self):
        """One response per owner and unit of the surveyed projects (the owners
        to survey come from the units: 002:361 surveys the customers): one
        query for the pairs and one insert, whatever the number of owners (a
        company's yearly survey reaches every owner); tokens from ``uuid4``."""
        self._check_organiser()
        cr = self.env.cr
        for survey in self:
            if survey.state != "draft":
                raise UserError(_("Only a draft survey is started."))
            cr.execute("""
                SELECT u.id, u.project_id, o.partner_id
                  FROM realestate_unit u
                  JOIN realestate_unit_owner_rel o ON o.unit_id = u.id
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE u.active AND p.active AND u.project_id IN %s
              ORDER BY u.project_id, u.id, o.partner_id""",
                       (tuple(survey._projects().ids) or (0,),))
            rows = [(survey.id, unit, project, partner, survey.company_id.id,
                     uuid.uuid4().hex, self.env.uid, self.env.uid)
                    for unit, project, partner in cr.fetchall()]
            if rows:
                execute_values(cr, """
                    INSERT INTO realestate_satisfaction_response (
                        survey_id, unit_id, project_id, partner_id, company_id,
                        access_token, create_uid, write_uid, state, satisfied,
                        create_date, write_date)
                    SELECT v.*, 'pending', 0, now() AT TIME ZONE 'UTC',
                           now() AT TIME ZONE 'UTC'
                      FROM (VALUES %s) AS v""", rows)
            with by_process():
                survey.write({"state": "open"})
        self.env["realestate.satisfaction.response"].invalidate_cache()
        self.invalidate_cache(["response_ids"])
        return True

    def action_send_questionnaires(self):
        """The questionnaire by email (004:28): a personal link to each owner still
        to survey who has an email address."""
        template = self.env.ref(
            "realestate_complaint.mail_template_satisfaction_questionnaire")
        self._check_organiser()
        for survey in self.sudo():
            if survey.state != "open":
                raise UserError(_("Questionnaires are sent while the survey is in "
                                  "progress."))
            for response in survey.response_ids.filtered(
                    lambda r: r.state == "pending" and r.partner_id.email):
                template.sudo().send_mail(response.id)
        return True

    def action_close(self):
        """Count the results per project and act on those below the target."""
        self._check_organiser()
        for survey in self:
            if survey.state != "open":
                raise UserError(_("Only a survey in progress is closed."))
            survey._count_results()
            with by_process():
                survey.write({"state": "closed"})
        return True

    def _count_results(self):
        """One result per project: answered responses and the share satisfied per
        aspect, one query; a corrective action for each project below the
        company's target, once per survey and project (002:363)."""
        self.ensure_one()
        target = self.company_id.satisfaction_target
        self.env.cr.execute("""
            SELECT project_id, count(*),
                   count(*) FILTER (WHERE state = 'done'),
                   count(score_overall) FILTER (WHERE state = 'done'),
                   count(*) FILTER (WHERE state = 'done' AND score_overall IN %(s)s),
                   count(score_quality) FILTER (WHERE state = 'done'),
                   count(*) FILTER (WHERE state = 'done' AND score_quality IN %(s)s),
                   count(score_attitude) FILTER (WHERE state = 'done'),
                   count(*) FILTER (WHERE state = 'done' AND score_attitude IN %(s)s),
                   count(score_items) FILTER (WHERE state = 'done'),
                   count(*) FILTER (WHERE state = 'done' AND score_items IN %(s)s)
              FROM realestate_satisfaction_response
             WHERE survey_id = %(survey)s
          GROUP BY project_id""", {"s": SATISFIED, "survey": self.id})
        rows = self.env.cr.fetchall()
        Result = self.env["realestate.satisfaction.result"].sudo()
        existing = {result.project_id.id: result
                    for result in self.sudo().result_ids}
        with by_process():
            self.write({"target": target})
            for row in rows:
                vals = {"response_count": row[1], "answered_count": row[2]}
                for index, (_score, rate) in enumerate(ASPECTS):
                    answered, satisfied = row[3 + 2 * index], row[4 + 2 * index]
                    vals[rate] = round(100.0 * satisfied / answered, 1) \
                        if answered else 0.0
                    vals[rate.replace("rate_", "has_")] = bool(answered)
                vals["below_target"] = vals["has_overall"] and \
                    vals["rate_overall"] < target
                if row[0] in existing:
                    existing[row[0]].write(vals)
                else:
                    existing[row[0]] = Result.create(
                        dict(vals, survey_id=self.id, project_id=row[0]))
        results = Result.browse([r.id for r in existing.values()])
        results.filtered(lambda r: r.below_target and not r.corrective_action_id) \
            ._correct()
        return results


class RealestateSatisfactionResponse(models.Model):
    """One owner of one unit in a survey: reached by phone (the agent records the
    answer) or by questionnaire (the owner answers through a personal link)."""

    _name = "realestate.satisfaction.response"
    _description = "Satisfaction Survey Response"
    _order = "survey_id, project_id, unit_id, id"
    _rec_name = "partner_id"

    survey_id = fields.Many2one(
        "realestate.satisfaction.survey", required=True,
        ondelete="cascade", index=True)
    company_id = fields.Many2one(
        related="survey_id.company_id", store=True, readonly=True, index=True)
    unit_id = fields.Many2one(
        "realestate.unit", required=True, ondelete="cascade")
    project_id = fields.Many2one(
        "realestate.project", index=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Owner", required=True, ondelete="cascade")
    partner_phone = fields.Char(
        string="Phone", compute="_compute_partner_phone")
    state = fields.Selection(RESPONSE_STATES, string="Status", required=True,
                             default="pending", index=True, readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded By", readonly=True,
        help="The agent who called the owner (phone survey).")
    date_done = fields.Datetime(string="Answered On", readonly=True)
    score_overall = fields.Selection(SATISFACTION, string="Overall Satisfaction")
    score_quality = fields.Selection(SATISFACTION, string="Service Quality")
    score_attitude = fields.Selection(SATISFACTION, string="Service Attitude")
    score_items = fields.Selection(SATISFACTION, string="Service Items")
    comment = fields.Text(string="Owner's Comments")
    satisfied = fields.Float(
        string="Satisfied (%)", compute="_compute_satisfied", store=True,
        group_operator="avg",
        help="100 when the overall score is satisfied or very satisfied, else 0: "
        "its average over answered responses is the satisfaction rate.")
    access_token = fields.Char(copy=False, readonly=True, index=True,
                               groups=SUPERVISOR)
    questionnaire_url = fields.Char(
        compute="_compute_questionnaire_url",
        groups=SUPERVISOR)

    _sql_constraints = [
        ("survey_unit_partner_uniq", "unique (survey_id, unit_id, partner_id)",
         "An owner of a unit is surveyed once per survey."),
        ("access_token_uniq", "unique (access_token)",
         "A questionnaire link is personal."),
    ]

    @api.depends("partner_id.phone", "partner_id.mobile")
    def _compute_partner_phone(self):
        for response in self.sudo():
            response.partner_phone = response.partner_id.mobile or \
                response.partner_id.phone

    @api.depends("state", "score_overall")
    def _compute_satisfied(self):
        for response in self:
            response.satisfied = 100.0 if response.state == "done" and \
                response.score_overall in SATISFIED else 0.0

    def _compute_questionnaire_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        for response in self:
            response.questionnaire_url = "%s/satisfaction/%s" % (
                base, response.access_token)

    @api.model
    def create(self, vals):
        unit = self.env["realestate.unit"].browse(vals.get("unit_id"))
        vals = dict(vals, project_id=unit.project_id.id,
                    access_token=vals.get("access_token") or uuid.uuid4().hex)
        return super(RealestateSatisfactionResponse, self).create(vals)

    def write(self, vals):
        if ANSWER_FIELDS & set(vals) and not in_process() and any(
                response.state != "pending" for response in self):
            raise UserError(_("An answered survey response is not changed."))
        return super(RealestateSatisfactionResponse, self).write(vals)

    def _answer(self, vals, channel):
        """Record the owner's answer: by the calling agent (phone) or by the
        owner on the questionnaire; the overall score is required."""
        self.ensure_one()
        if self.state != "pending" or self.survey_id.state != "open":
            raise UserError(_("This survey response is no longer open."))
        vals = {key: value for key, value in vals.items() if key in ANSWER_FIELDS}
        if not vals.get("score_overall"):
            raise UserError(_("Give at least the overall satisfaction."))
        valid = dict(SATISFACTION)
        if any(vals.get(name) and vals[name] not in valid for name, _r in ASPECTS):
            raise UserError(_("A score is one of the five steps of the scale."))
        vals.update(state="done", channel=channel, date_done=fields.Datetime.now(),
                    user_id=self.env.uid if channel == "phone" else False)
        with by_process():
            self.sudo().write(vals)
        return True

    def action_record_phone(self):
        """The agent's phone answer, with the scores typed in the form."""
        for response in self:
            response._check_recorder()
            response._answer({name: response[name] for name in ANSWER_FIELDS},
                             "phone")
        return True

    def action_unreachable(self):
        for response in self:
            response._check_recorder()
            if response.state != "pending":
                raise UserError(_("This survey response is no longer open."))
        with by_process():
            self.sudo().write({"state": "refused", "user_id": self.env.uid,
                               "date_done": fields.Datetime.now()})
        return True

    def _check_recorder(self):
        self.check_access_rights("write")
        self.check_access_rule("write")

    @api.model
    def _portal_pending(self, partner):
        """The open questionnaires of a portal user's partner."""
        return self.sudo().search([("partner_id", "=", partner.id),
                                   ("state", "=", "pending"),
                                   ("survey_id.state", "=", "open")])

    @api.model
    def _by_token(self, token):
        """The open response of a questionnaire link, or nothing."""
        if not token or len(token) != 32:
            return self.browse()
        return self.sudo().search([("access_token", "=", token),
                                   ("state", "=", "pending"),
                                   ("survey_id.state", "=", "open")], limit=1)


class RealestateSatisfactionResult(models.Model):
    """A project's results in a survey: the share of owners satisfied per aspect
    (004:28) and, below the company's target, its corrective action (002:363)."""

    _name = "realestate.satisfaction.result"
    _description = "Satisfaction Survey Result"
    _order = "survey_id, rate_overall, id"
    _rec_name = "project_id"

    survey_id = fields.Many2one(
        "realestate.satisfaction.survey", required=True,
        ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(
        related="survey_id.company_id", store=True, readonly=True, index=True)
    year = fields.Char(related="survey_id.year", store=True, readonly=True)
    project_id = fields.Many2one("realestate.project",
                                 readonly=True)
    response_count = fields.Integer(string="Owners", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True)
    rate_overall = fields.Float(string="Overall (%)", readonly=True,
                                group_operator="avg")
    rate_quality = fields.Float(string="Service Quality (%)", readonly=True,
                                group_operator="avg")
    rate_attitude = fields.Float(string="Service Attitude (%)", readonly=True,
                                 group_operator="avg")
    rate_items = fields.Float(string="Service Items (%)", readonly=True,
                              group_operator="avg")
    has_overall = fields.Boolean(readonly=True)
    has_quality = fields.Boolean(readonly=True)
    has_attitude = fields.Boolean(readonly=True)
    has_items = fields.Boolean(readonly=True)
    below_target = fields.Boolean(readonly=True)
    corrective_action_id = fields.Many2one(
        "realestate.complaint.corrective.action",
        readonly=True, ondelete="set null")
    action_user_id = fields.Many2one(
        related="corrective_action_id.user_id", string="Action Owner",
        readonly=True)
    action_deadline = fields.Date(
        related="corrective_action_id.date_deadline", string="Action Deadline",
        readonly=True)

    _sql_constraints = [
        ("survey_project_uniq", "unique (survey_id, project_id)",
         "A project has one result per survey."),
    ]

    def _lowest_aspects(self):
        """The aspects rated lowest (the measures aim at them: 002:363)."""
        self.ensure_one()
        Response = self.env["realestate.satisfaction.response"]
        labels = {rate: Response._fields[score].get_description(self.env)["string"]
                  for score, rate in ASPECTS}
        rates = [(self[rate], rate) for _score, rate in ASPECTS
                 if self[rate.replace("rate_", "has_")]]
        lowest = min(rate for rate, _name in rates)
        return [labels[name] for rate, name in rates if rate == lowest]

    def _correct(self):
        """A corrective action per result below the target, due within a week
        (004:294), owned by the project head (R25), else the survey's organiser;
        the owner gets an activity on the survey. The week counts from the
        company's day (its time zone), not the day of whoever closes the survey."""
        Action = self.env["realestate.complaint.corrective.action"].sudo()
        now = fields.Datetime.now()
        for result in self:
            survey = result.survey_id
            today = survey.company_id._complaint_day(now)
            owner = result.project_id.manager_id or survey.user_id or \
                survey.company_id.complaint_manager_id
            if not owner:
                raise UserError(_("Name a project head of %s or the survey's "
                                  "organiser: a corrective action needs an "
                                  "owner.") % result.project_id.name)
            with by_process():
                action = Action.create({
                    "kind": "corrective", "company_id": survey.company_id.id,
                    "satisfaction_result_id": result.id,
                    "project_id": result.project_id.id, "user_id": owner.id,
                    "date_deadline": fields.Date.to_string(today + timedelta(days=7)),
                    "name": _(
                        "Satisfaction survey %(survey)s: %(project)s has "
                        "%(rate)s%% of owners satisfied, below the target of "
                        "%(target)s%%. Find the causes and correct them, first "
                        "where satisfaction is lowest: %(lowest)s (002:363).") % {
                        "survey": survey.name, "project": result.project_id.name,
                        "rate": result.rate_overall, "target": survey.target,
                        "lowest": ", ".join(result._lowest_aspects())},
                })
                result.write({"corrective_action_id": action.id})
            survey.message_post(body=_(
                "%(project)s is below the satisfaction target: corrective action "
                "for %(owner)s.") % {"project": result.project_id.name,
                                     "owner": owner.name},
                subtype="mail.mt_note")


class RealestateComplaintCorrectiveAction(models.Model):
    """A corrective action may come from a survey (002:363) rather than a case: it
    then names the project, and its reminder is on the survey."""

    _inherit = "realestate.complaint.corrective.action"

    complaint_id = fields.Many2one(required=False)
    satisfaction_result_id = fields.Many2one(
        "realestate.satisfaction.result", string="Survey Result", readonly=True,
        ondelete="set null", index=True)
    project_id = fields.Many2one("realestate.project",
                                 readonly=True)

    @api.constrains("complaint_id", "satisfaction_result_id")
    def _check_origin(self):
        if any(not a.complaint_id and not a.satisfaction_result_id for a in self):
            raise ValidationError(_("A corrective action belongs to a case or to a "
                                    "satisfaction survey."))

    def _survey_activity(self, xmlid, rows):
        """To-dos on the survey of this (survey's) measure: [(user, summary)]."""
        self.ensure_one()
        survey = self.satisfaction_result_id.survey_id.sudo()
        activity_type = self.env.ref(xmlid)
        for user, summary in rows:
            self.env["mail.activity"].sudo().create({
                "res_model_id": self.env["ir.model"]._get_id(survey._name),
                "res_id": survey.id, "activity_type_id": activity_type.id,
                "user_id": user.id, "summary": summary,
                "date_deadline": fields.Date.context_today(self)})

    def _ask_approval(self, managers):
        """002:729: the general manager approves a survey's measure too."""
        if self.complaint_id:
            return super(RealestateComplaintCorrectiveAction, self)._ask_approval(
                managers)
        self._survey_activity(
            "realestate_complaint.mail_activity_type_measure_approval",
            [(user, _("Approve the measure of %s") % self.project_id.name)
             for user in managers])

    def _ask_verification(self):
        if self.complaint_id:
            return super(RealestateComplaintCorrectiveAction, self)._ask_verification()
        self._survey_activity(
            "realestate_complaint.mail_activity_type_corrective_action",
            [(self.verifier_id, _("Check the measure of %s was carried out")
              % self.project_id.name)])

    def action_approve(self, verifier):
        result = super(RealestateComplaintCorrectiveAction, self).action_approve(
            verifier)
        approval = self.env.ref(
            "realestate_complaint.mail_activity_type_measure_approval")
        for result_line in self.mapped("satisfaction_result_id").sudo():
            survey = result_line.survey_id
            waiting = survey.result_ids.mapped("corrective_action_id").filtered(
                lambda a: a.state == "to_approve")
            if not waiting:
                survey.activity_ids.filtered(
                    lambda a: a.activity_type_id == approval).action_feedback(
                    feedback=_("Approved by %s") % self.env.user.name)
        return result

    def _remind(self):
        from_case = self.filtered("complaint_id")
        super(RealestateComplaintCorrectiveAction, from_case)._remind()
        activity_type = self.env.ref(
            "realestate_complaint.mail_activity_type_corrective_action")
        model_id = self.env["ir.model"]._get_id("realestate.satisfaction.survey")
        for action in (self - from_case).sudo():
            action.activity_id = self.env["mail.activity"].sudo().create({
                "res_model_id": model_id,
                "res_id": action.satisfaction_result_id.survey_id.id,
                "activity_type_id": activity_type.id, "user_id": action.user_id.id,
                "summary": action.name[:80], "date_deadline": action.date_deadline,
            })


class RealestateSatisfactionSurveyDemo(models.Model):
    _inherit = "realestate.satisfaction.survey"

    @api.model
    def _demo_answer(self, survey_id, share=1.0, close=False):
        """Demo only: answer ``share`` of a started survey's responses by phone,
        the same way every time: the first project (by name) below the target,
        the others above it; every ninth owner unreachable."""
        survey = self.browse(survey_id)
        good = ["5", "4", "5", "4", "4", "5", "4", "3"]
        poor = ["4", "3", "5", "2", "4", "3", "4", "5", "2", "4"]
        projects = survey.response_ids.mapped("project_id").sorted("name")
        for project in projects:
            responses = survey.response_ids.filtered(
                lambda r: r.project_id == project).sorted("id")
            cycle = poor if project == projects[0] else good
            for index, response in enumerate(responses[:int(len(responses) * share)]):
                if index % 9 == 8:
                    response.action_unreachable()
                    continue
                overall = cycle[index % len(cycle)]
                response.write({
                    "score_overall": overall, "score_quality": overall,
                    "score_attitude": "5" if overall >= "4" else "4",
                    "score_items": "3" if overall <= "3" else overall})
                response.action_record_phone()
        if close:
            survey.action_close()
