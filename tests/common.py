"""Shared fixture: one user per role and a small property tree, built once per class."""

from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

ADDON = "realestate_complaint"


class ComplaintCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(ComplaintCase, cls).setUpClass()
        # English messages in assertions, whatever the admin's language is.
        cls.env = cls.env(
            context=dict(cls.env.context, no_reset_password=True, lang="en_US")
        )
        cls.Complaint = cls.env["realestate.complaint"]
        # The demo company names a leader in charge (R11), which adds the report
        # deadline to every complaint: the tests that need one set it.
        cls.env.user.company_id.complaint_leader_id = False
        cls.operator = cls._create_user("t_operator", "group_complaint_operator")
        cls.operator2 = cls._create_user("t_operator2", "group_complaint_operator")
        cls.agent = cls._create_user("t_agent", "group_complaint_agent")
        cls.agent2 = cls._create_user("t_agent2", "group_complaint_agent")
        cls.supervisor = cls._create_user("t_supervisor", "group_complaint_supervisor")
        cls.executive = cls._create_user("t_executive", "group_complaint_executive")
        cls.employee = cls.env["res.users"].create(
            {
                "name": "Sales person",
                "login": "t_employee",
                "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])],
            }
        )
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": "Portal customer",
                "login": "t_portal",
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )

        cls.project = cls.env["realestate.project"].create(
            {"name": "测试花园", "code": "TST"}
        )
        cls.building = cls.env["realestate.building"].create(
            {"name": "1栋", "project_id": cls.project.id}
        )
        cls.building2 = cls.env["realestate.building"].create(
            {"name": "2栋", "project_id": cls.project.id}
        )
        cls.owner = cls.env["res.partner"].create(
            {"name": "张伟", "mobile": "13812345678", "email": "zhang.wei@example.com"}
        )
        cls.owner2 = cls.env["res.partner"].create(
            {"name": "李娜", "phone": "021-62345678"}
        )
        cls.unit = cls.env["realestate.unit"].create(
            {
                "building_id": cls.building.id,
                "floor": 12,
                "room": "1201",
                "area": 98.5,
                "owner_ids": [(6, 0, [cls.owner.id])],
                "contract_number": "TST-2024-001",
            }
        )
        cls.unit2 = cls.env["realestate.unit"].create(
            {
                "building_id": cls.building2.id,
                "floor": 3,
                "room": "302",
                "area": 120.0,
                "owner_ids": [(6, 0, [cls.owner2.id])],
                "contract_number": "TST-2024-002",
            }
        )
        cls.category_leak = cls.env.ref(ADDON + ".category_quality_leak")
        cls.stage_registered = cls.env.ref(ADDON + ".stage_registered")
        cls.stage_investigating = cls.env.ref(ADDON + ".stage_investigating")
        cls.stage_closed = cls.env.ref(ADDON + ".stage_closed")

    def setUp(self):
        super(ComplaintCase, self).setUp()
        # The SLA policies are cached per process (ormcache); a test that edits them
        # rolls its transaction back but not the cache.
        self.addCleanup(self.registry.clear_caches)

    @classmethod
    def _create_user(cls, login, group):
        return cls.env["res.users"].create(
            {
                "name": login.replace("_", " ").title(),
                "login": login,
                "email": "%s@example.com" % login,
                "groups_id": [(6, 0, [cls.env.ref("%s.%s" % (ADDON, group)).id])],
            }
        )

    @classmethod
    def complaint_vals(cls, **overrides):
        """A complete registration (R2) for the first owner's unit."""
        vals = {
            "kind": "complaint",
            "channel": "hotline",
            "category_id": cls.category_leak.id,
            "partner_id": cls.owner.id,
            "partner_phone": "13812345678",
            "partner_email": "zhang.wei@example.com",
            "unit_id": cls.unit.id,
            "contract_number": "TST-2024-001",
            "evidence_unknown": True,
            "description": "<p>卫生间天花板漏水。</p>",
            "demand": "repair",
        }
        vals.update(overrides)
        return vals

    def create_complaint(self, user=None, **overrides):
        model = self.Complaint.with_user(user) if user else self.Complaint
        return model.create(self.complaint_vals(**overrides))

    def can(self, user, record, operation, vals=None):
        """Whether `user` may do `operation` on `record` (ACL and record rules).
        Reads a field the model has: its name, else its case, else its company."""
        as_user = record.with_user(user)
        field = next(name for name in ("name", "complaint_id", "company_id")
                     if name in as_user._fields)
        try:
            with self.env.cr.savepoint():
                if operation == "read":
                    as_user.read([field])
                elif operation == "write":
                    as_user.write(vals or {"color": 3})
                elif operation == "unlink":
                    as_user.unlink()
            return True
        except AccessError:
            return False
