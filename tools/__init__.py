"""Pure Python helpers of the addon: no model is defined here, so any file may
import them without changing the order in which Odoo builds the models."""
