# Copyright 2026 Realestate Complaint authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Real Estate Complaints",
    "summary": "Customer complaints of real-estate developers: registration, "
               "kanban board, property units, roles",
    "version": "11.0.1.0.0",
    "category": "Customer Service",
    "website": "https://github.com/realestate-complaint/realestate_complaint",
    "author": "Realestate Complaint authors",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "mail",
    ],
    "data": [
        "security/realestate_complaint_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_message_subtype_data.xml",
        "data/realestate_complaint_stage_data.xml",
        "data/realestate_complaint_category_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "views/realestate_complaint_views.xml",
        "views/realestate_complaint_stage_views.xml",
        "views/realestate_complaint_category_views.xml",
        "views/realestate_complaint_team_views.xml",
        "views/realestate_building_views.xml",
        "views/realestate_unit_views.xml",
        "views/realestate_project_views.xml",
        "views/res_partner_views.xml",
        "views/res_company_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/realestate_property_demo.xml",
        "demo/realestate_complaint_demo.xml",
        "demo/realestate_complaint_team_demo.xml",
    ],
}
