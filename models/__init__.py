# realestate_complaint comes before its stage and category models: Odoo 11 names the
# xml id of a field field_<table>_<field>, so realestate.complaint's category_id and the
# category model's id both want field_realestate_complaint_category_id; the first one
# reflected gets it, the other a database-specific suffix that translations cannot find.
from . import activity_mixin
from . import realestate_complaint
from . import complaint_record_mixin
from . import realestate_complaint_stage
from . import stage_guard
from . import realestate_complaint_classification
from . import realestate_complaint_dispatch
from . import realestate_complaint_sla
from . import realestate_complaint_category
from . import realestate_complaint_team
from . import realestate_complaint_sla_policy
from . import realestate_complaint_deadline
from . import realestate_complaint_escalation_tier
from . import realestate_complaint_escalation
from . import realestate_complaint_supervision_order
from . import realestate_complaint_major
from . import realestate_complaint_followup
from . import realestate_complaint_investigation
from . import realestate_complaint_acknowledgement
from . import realestate_complaint_registration_pending
from . import realestate_complaint_mail_rejection
from . import realestate_complaint_mail_gateway
from . import realestate_complaint_approval_rule
from . import realestate_complaint_solution
from . import realestate_complaint_callback_rate
from . import realestate_complaint_callback
from . import realestate_complaint_result
from . import realestate_complaint_closing
from . import realestate_complaint_corrective_action
from . import realestate_complaint_sanction
from . import realestate_complaint_statistics
from . import realestate_complaint_integration
from . import realestate_complaint_external
from . import realestate_complaint_intake_attempt
from . import realestate_complaint_intake
from . import realestate_complaint_portal
from . import realestate_project
from . import realestate_building
from . import realestate_unit
from . import resource_calendar
from . import res_company
from . import res_partner
from . import res_partner_review
from . import mail_thread
from . import mail_thread_charset
from . import base_automation
from . import ir_actions_report
from . import search_guard
from . import mail_document_access
# Last: its create/write are the outermost of each model (see its docstring).
from . import process_guard
