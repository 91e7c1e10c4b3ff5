"""Model names that changed (the printed forms' report models have a description
now, "Printed form: …", instead of their technical name): `-u` loads translations
without overwriting, so the rows of the old names would stay and the new names
would show untranslated (found by make upgrade-check against a fresh install).
The stale rows go; the translation files of the addon load after this step."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        DELETE FROM ir_translation t
         USING ir_model m, ir_model_data d
         WHERE t.type = 'model' AND t.name = 'ir.model,name' AND t.res_id = m.id
           AND d.model = 'ir.model' AND d.res_id = m.id
           AND d.module = 'realestate_complaint'
           AND t.src IS DISTINCT FROM m.name""")
