"""Shared fixture of the end-of-case tests (issue 4): a department, a sales
manager in the management chain, and shortcuts that move a case along."""

from .common import ADDON, ComplaintCase


class ProcessCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(ProcessCase, cls).setUpClass()
        cls.Solution = cls.env["realestate.complaint.solution"]
        cls.Callback = cls.env["realestate.complaint.callback"]
        cls.engineer = cls._create_user("t_engineer", "group_complaint_department")
        cls.head = cls._create_user("t_head", "group_complaint_department")
        cls.sales_manager = cls._create_user("t_sales_manager", "group_complaint_agent")
        cls.manager = cls._create_user("t_manager", "group_complaint_executive")
        cls.team = cls.env["realestate.complaint.team"].create({
            "name": "测试工程部", "head_id": cls.head.id,
            "member_ids": [(6, 0, cls.engineer.ids)]})
        # The chain of the tests, whatever the demo data put in it.
        cls.env.ref(ADDON + ".tier_sales_manager").user_ids = cls.sales_manager
        cls.env.ref(ADDON + ".tier_marketing_vp").user_ids = False
        cls.env.user.company_id.complaint_manager_id = cls.manager
        for xmlid in ("stage_acknowledged", "stage_solution_approval",
                      "stage_in_progress", "stage_callback", "stage_invalid"):
            setattr(cls, xmlid, cls.env.ref(ADDON + "." + xmlid))

    def to_customer(self, complaint):
        """The messages of the case sent to its customer (logged in the chatter)."""
        return complaint.message_ids.filtered(
            lambda m: complaint.partner_id in m.partner_ids)

    def ref(self, xmlid):
        return self.env.ref(ADDON + "." + xmlid)

    def investigated(self, **overrides):
        """A valid case of the agent, dispatched to the engineer, with its
        investigation report written, in *Investigating*."""
        vals = dict({
            "user_id": self.agent.id, "validity": "valid",
            "stage_id": self.stage_investigating.id, "team_id": self.team.id,
            "responsible_id": self.engineer.id,
            "investigation_cause": "防水层施工不合格",
            "investigation_course": "业主11月20日发现天花板渗水，工程部上门确认。",
            "investigation_party": "总包单位",
            "investigation_conclusion": "属于施工质量问题，开发商负责维修。",
            "countermeasures": "重做卫生间防水层",
            "preventive_measures": "同批次住户排查防水",
        }, **overrides)
        return self.create_complaint(**vals)

    def propose(self, complaint, user=None, **vals):
        values = dict({"complaint_id": complaint.id,
                       "description": "重做防水并修复天花板"}, **vals)
        return self.Solution.with_user(user or self.agent).create(values)

    def confirmed(self, **overrides):
        """A case whose solution was approved and confirmed by the customer."""
        complaint = self.investigated(**overrides)
        solution = self.propose(complaint)
        solution.with_user(self.supervisor)._decide(True)
        solution.with_user(self.agent).action_customer_confirm()
        return complaint

    def resolved(self, **overrides):
        """A case whose result was reported (in *Callback*), skipping approval:
        a supervisor's correction, the only way past the buttons."""
        vals = dict({"user_id": self.agent.id, "validity": "valid",
                     "stage_id": self.stage_in_progress.id,
                     "team_id": self.team.id, "responsible_id": self.engineer.id,
                     "result_summary": "已重做防水，天花板已修复。"}, **overrides)
        complaint = self.create_complaint(**vals)
        complaint.with_user(self.supervisor).write({"stage_id": self.stage_callback.id})
        return complaint
