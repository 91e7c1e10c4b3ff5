"""Warranty decides who pays a repair (issue 14; 004:118, 004:107, 004:44-46,
002:883-889): the statutory minimum periods of the Regulation on the Quality
Management of Construction Projects, Art. 40, counted from the unit's delivery; the
developer's free repairs for three years; the owner's damage excluded."""
from datetime import date

from odoo.exceptions import AccessError, ValidationError

from .common import ADDON, ComplaintCase


class TestWarranty(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestWarranty, cls).setUpClass()
        cls.unit.delivery_date = "2023-06-30"
        cls.env.user.company_id.repair_free_years = 3
        cls.ref = lambda self, name: self.env.ref(ADDON + "." + name)

    def coverage(self, component, on, **kw):
        part = self.ref(component) if component else self.env[
            "realestate.warranty.component"]
        return self.unit._coverage(part, date(*on), **kw)

    def test_the_statutory_minimums_are_shipped(self):
        """Art. 40: structure the design life, waterproofing 5 years, heating 2
        seasons, electrics, plumbing, equipment and decoration 2 years."""
        periods = {self.ref(name): (period, duration) for name, period, duration in [
            ("warranty_structure", "design_life", 50),
            ("warranty_waterproofing", "years", 5),
            ("warranty_heating", "heating_seasons", 2),
            ("warranty_electrics", "years", 2),
            ("warranty_plumbing", "years", 2),
            ("warranty_equipment", "years", 2),
            ("warranty_decoration", "years", 2)]}
        for component, expected in periods.items():
            self.assertEqual((component.period, component.duration), expected,
                             component.name)

    def test_a_leak_in_the_fifth_year_is_in_warranty(self):
        """Waterproofing: 5 years from delivery on 30 June 2023, until 29 June 2028;
        the contractor answers, the owner pays nothing."""
        result = self.coverage("warranty_waterproofing", (2028, 6, 29))
        self.assertEqual(result.coverage, "warranty")
        self.assertEqual(result.warranty_end, date(2028, 6, 29))
        self.assertIn("2028-06-29", result.reason)
        self.assertIn("Art. 40", result.reason)
        self.assertEqual(
            self.coverage("warranty_waterproofing", (2028, 6, 30)).coverage,
            "chargeable")

    def test_after_two_years_the_developers_free_repairs_apply(self):
        """Electrics: 2 years, until 29 June 2025; then the developer's three years
        of free repairs (004:107) until 29 June 2026; then chargeable."""
        self.assertEqual(self.coverage("warranty_electrics", (2025, 6, 29)).coverage,
                         "warranty")
        free = self.coverage("warranty_electrics", (2025, 7, 1))
        self.assertEqual((free.coverage, free.warranty_end),
                         ("free_maintenance", date(2026, 6, 29)))
        self.assertIn("004:107", free.reason)
        paid = self.coverage("warranty_electrics", (2026, 7, 1))
        self.assertEqual(paid.coverage, "chargeable")
        self.assertIn("002:883-889", paid.reason)
        self.env.user.company_id.repair_free_years = 0
        self.assertEqual(self.coverage("warranty_electrics", (2025, 7, 1)).coverage,
                         "chargeable")

    def test_heating_counts_whole_seasons_after_delivery(self):
        """Delivered 30 June 2023: the seasons of winter 2023-24 and 2024-25 (to 15
        March 2025). Delivered 1 December 2023, during a season: that one does not
        count, the warranty runs to 15 March 2026."""
        heating = self.ref("warranty_heating")
        self.assertEqual(heating._warranty_end(date(2023, 6, 30)), date(2025, 3, 15))
        self.assertEqual(heating._warranty_end(date(2023, 12, 1)), date(2026, 3, 15))
        self.assertEqual(heating._warranty_end(date(2023, 11, 15)), date(2025, 3, 15))
        self.assertEqual(self.coverage("warranty_heating", (2025, 3, 15)).coverage,
                         "warranty")

    def test_owners_damage_is_excluded_and_no_date_is_unknown(self):
        excluded = self.coverage("warranty_waterproofing", (2024, 1, 1),
                                 owner_damage=True)
        self.assertEqual(excluded.coverage, "excluded")
        self.unit.delivery_date = False
        self.assertEqual(self.coverage("warranty_waterproofing", (2024, 1, 1)).coverage,
                         "unknown")

    def test_no_component_is_only_the_free_repairs(self):
        self.assertEqual(self.coverage(None, (2025, 1, 1)).coverage, "free_maintenance")
        self.assertEqual(self.coverage(None, (2027, 1, 1)).coverage, "chargeable")

    def test_periods_are_checked_and_kept_by_supervisors(self):
        heating = self.ref("warranty_heating")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            heating.season_end = "15/03"
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            heating.duration = 0
        for user in (self.operator, self.agent):
            self.assertTrue(heating.with_user(user).read(["duration"]))
            with self.assertRaises(AccessError):
                heating.with_user(user).write({"duration": 1})
        heating.with_user(self.supervisor).write({"duration": 3})
        self.assertEqual(heating._warranty_end(date(2023, 6, 30)), date(2026, 3, 15))
