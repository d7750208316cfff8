{
    "name": "Debt Recovery - Sales credit holds",
    "summary": "Credit management: hold sales orders of debtors who do not pay, "
    "release by a manager, prepayment, automatic release when paid",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "debt_recovery developers",
    "license": "LGPL-3",
    "depends": ["sale", "debt_recovery"],
    "data": [
        # Security
        "security/ir.model.access.csv",
        "security/debt_recovery_sale_security.xml",
        # Data
        "data/ir_cron_data.xml",
        # Wizards (their actions are used by the views below)
        "wizards/debt_credit_release_wizard_views.xml",
        # Views
        "views/debt_credit_rule_views.xml",
        "views/debt_credit_release_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        # Menus
        "views/debt_recovery_sale_menus.xml",
    ],
    "demo": [
        "demo/debt_recovery_sale_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "debt_recovery_sale/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": True,
}
