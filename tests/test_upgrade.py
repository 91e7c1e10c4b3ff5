"""Upgrade safety (issue 17 item 4): `-u` twice in a row changes nothing.

Odoo 11 cannot upgrade a module inside a test. What `-u` does to the addon's shipped
records is loading its data files again in update mode, which a test can do: it may
update records, never create or re-create one. The upgrade from the previous version
(migrations, translations, a second `-u` of a whole database) is checked by
`make upgrade-check` (scripts/upgrade_check.sh, readme/UPGRADE.md).
"""
import ast
import os

from odoo.modules.module import get_module_path
from odoo.tests.common import TransactionCase
from odoo.tools import convert_file

from .common import ADDON


class TestUpgrade(TransactionCase):

    def _rows_and_highest_ids(self):
        """{table: (rows, highest id)} of every table with an id: a record re-created
        keeps the count and moves the highest id."""
        self.cr.execute("""
            SELECT table_name FROM information_schema.columns
             WHERE table_schema = 'public' AND column_name = 'id'
               AND table_name IN (SELECT table_name FROM information_schema.tables
                                   WHERE table_type = 'BASE TABLE')""")
        tables = [name for (name,) in self.cr.fetchall()]
        self.cr.execute(" UNION ALL ".join(
            "SELECT '{0}', count(*), max(id) FROM \"{0}\"".format(name)
            for name in tables))
        return {name: (count, highest) for name, count, highest in self.cr.fetchall()}

    def test_reloading_the_data_files_creates_nothing(self):
        """The data files of the manifest, loaded again as `-u` loads them, leave every
        table with the same rows: views of an action written as `view_ids` commands
        `(5, 0, 0), (0, 0, {...})` were deleted and made again at every `-u`."""
        path = get_module_path(ADDON)
        with open(os.path.join(path, "__manifest__.py")) as manifest:
            files = ast.literal_eval(manifest.read())["data"]
        before = self._rows_and_highest_ids()
        for name in files:
            convert_file(self.cr, ADDON, name, {}, "update", False, "data",
                         pathname=os.path.join(path, name))
        after = self._rows_and_highest_ids()
        changed = {table: (before.get(table), after[table]) for table in after
                   if before.get(table) != after[table]}
        self.assertEqual(changed, {}, "rows, highest id before and after reloading")

    def test_shipped_action_views_have_xml_ids(self):
        """A view row of a shipped action without an xml id is not the data file's
        record: `-u` cannot update it, only make another."""
        actions = self.env["ir.model.data"].search([
            ("module", "=", ADDON), ("model", "=", "ir.actions.act_window")])
        rows = self.env["ir.actions.act_window.view"].search([
            ("act_window_id", "in", actions.mapped("res_id"))])
        self.assertTrue(rows)
        named = self.env["ir.model.data"].search([
            ("model", "=", "ir.actions.act_window.view"), ("res_id", "in", rows.ids)])
        self.assertEqual(rows - rows.browse(named.mapped("res_id")),
                         rows.browse(), "action views without an xml id")
