# Adds Odoo 13's BaseModel.with_user (tools/with_user.py) before any model uses it.
from .tools import with_user  # noqa: F401
from . import controllers
from . import models
from . import wizards
from . import reports
