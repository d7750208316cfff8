{
    "name": "Debt Recovery - Delivery credit holds",
    "summary": "Credit management: deliveries of debtors the credit rules block wait for "
    "a manager's release",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "debt_recovery developers",
    "license": "LGPL-3",
    "depends": ["sale_stock", "debt_recovery_sale"],
    "data": [
        # Wizards
        "wizards/debt_credit_release_wizard_views.xml",
        # Views
        "views/stock_picking_views.xml",
        "views/debt_credit_release_views.xml",
        # Menus
        "views/debt_recovery_stock_menus.xml",
    ],
    "demo": [
        "demo/debt_recovery_stock_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
}
