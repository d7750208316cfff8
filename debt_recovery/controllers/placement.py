from odoo import http
from odoo.http import request


class PlacementPackage(http.Controller):
    @http.route("/debt_recovery/placements/package", type="http", auth="user")
    def batch_package(self, ids, **kwargs):
        """The export packages of several placements in one ZIP (a folder each)."""
        placements = (
            request.env["debt.placement"]
            .browse([int(part) for part in ids.split(",") if part.isdigit()])
            .exists()
        )
        placements._check_can_download()
        content = placements._batch_package()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", http.content_disposition("placements.zip")),
            ],
        )
