"""What the browser needs from the server: static files and the login page."""

from odoo.tests.common import HttpCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestHttp(HttpCase):

    def test_static_files_are_served(self):
        """Icons and fonts: the web client is unusable without them."""
        for url in (
            "/web/static/lib/fontawesome/fonts/fontawesome-webfont.woff2",
            "/web/static/lib/fontawesome/css/font-awesome.css",
            "/realestate_complaint/static/description/icon.png",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)

    def test_login_page_and_board_action(self):
        self.assertEqual(self.url_open("/web/login").status_code, 200)
        self.authenticate("admin", "admin")
        # The first /web of a database compiles the asset bundles (lessc): more
        # than url_open's 10 s default on a loaded machine.
        response = self.url_open(
            "/web#action=realestate_complaint.realestate_complaint_action", timeout=120
        )
        self.assertEqual(response.status_code, 200)
