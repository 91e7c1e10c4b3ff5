"""Activities and followers of the addon's records follow the records' access (R39).

Odoo 11 gives every employee read access to every ``mail.activity`` and everyone,
portal users included, to every ``mail.followers`` row, whatever the document: a
department could list the to-dos of cases it may not open, a customer the followers
of any case. Later Odoo versions check the document in Python (``_search`` and
``check_access_rule`` overrides); here a record rule does it, so that search, read,
read_group and write all apply it: ``[('realestate_readable_by', '=', user.id)]``
keeps the rows of other models and those of the addon's records the user may read.
"""
from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError


class RealestateDocumentAccess(models.AbstractModel):
    _name = "realestate.document.access"
    _description = "Access to the Addon's Records Through res_model and res_id"

    realestate_readable_by = fields.Integer(
        compute="_compute_realestate_readable_by",
        search="_search_realestate_readable_by",
        help="Technical: the record rules' test of the document's access.")

    def _compute_realestate_readable_by(self):
        for row in self:
            row.realestate_readable_by = False

    # The field of a document that holds these rows (one2many of the mixins).
    _realestate_document_field = None

    @api.model
    @tools.ormcache()
    def _realestate_models(self):
        """The addon's models that have these rows (activities or followers): read
        off the registry once per model (it is asked at every activity or follower
        query), not at each query."""
        return tuple(sorted(
            name for name, model in self.env.registry.items()
            if name.startswith("realestate.") and not model._abstract
            and not model._transient
            and self._realestate_document_field in model._fields))

    @api.model
    def _search_realestate_readable_by(self, operator, value):
        """Rows of other models, and those whose record ``value`` (a user id) may
        read: its access rights and record rules, as one correlated sub-select per
        model (an index lookup per row, whatever the number of cases)."""
        if operator != "=" or not isinstance(value, int):
            raise UserError(_("Unsupported search on the document's access."))
        guarded = self._realestate_models()
        domain = [("res_model", "not in", guarded)]
        for name in guarded:
            Model = self.env[name].with_user(value)
            if not Model.check_access_rights("read", raise_exception=False):
                continue
            query = Model._where_calc([], active_test=False)
            Model._apply_ir_rules(query, "read")
            from_clause, where_clause, params = query.get_sql()
            sql = 'SELECT "{doc}".id FROM {tables} WHERE "{doc}".id = "{row}".res_id' \
                .format(doc=Model._table, tables=from_clause, row=self._table)
            if where_clause:
                sql += " AND " + where_clause
            domain = ["|"] + domain + [
                "&", ("res_model", "=", name), ("res_id", "inselect", (sql, params))]
        return domain


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = ["mail.activity", "realestate.document.access"]
    _realestate_document_field = "activity_ids"


class MailFollowers(models.Model):
    _name = "mail.followers"
    _inherit = ["mail.followers", "realestate.document.access"]
    _realestate_document_field = "message_follower_ids"
