{
    "name": "Debt Recovery",
    "summary": "Receivables recovery: collection stages, promises to pay, disputes, "
    "reminders, demand letters and agency hand-off",
    "version": "19.0.1.3.0",
    "category": "Accounting/Accounting",
    "author": "debt_recovery developers",
    "license": "LGPL-3",
    "depends": ["account", "account_payment", "sms", "spreadsheet_dashboard"],
    "external_dependencies": {"python": ["xmltodict", "python-dateutil", "requests"]},
    "data": [
        # Security
        "security/debt_recovery_groups.xml",
        "security/ir.model.access.csv",
        "security/debt_recovery_security.xml",
        # Data
        "data/ir_sequence_data.xml",
        "data/debt_stage_data.xml",
        "data/ir_cron_data.xml",
        "data/ir_cron_placement_data.xml",
        "reports/debt_statement_templates.xml",  # attached by the reminder email template
        "data/mail_template_data.xml",
        "data/sms_template_data.xml",
        "data/ir_cron_reminder_data.xml",
        "data/debt_interest_rate_data.xml",
        "data/product_data.xml",
        # Wizards (their actions are used by the views below)
        "wizards/debt_promise_wizard_views.xml",
        "wizards/debt_call_wizard_views.xml",
        "wizards/debt_placement_import_views.xml",
        "wizards/debt_placement_wizard_views.xml",
        "wizards/debt_reminder_wizard_views.xml",
        "wizards/debt_write_off_wizard_views.xml",
        "wizards/debt_interest_waiver_wizard_views.xml",
        # Views
        "views/debt_stage_views.xml",
        "views/debt_agency_views.xml",
        "views/debt_placement_views.xml",
        "views/debt_promise_views.xml",
        "views/debt_dispute_views.xml",
        "views/debt_contact_views.xml",
        "views/debt_stage_history_views.xml",
        "views/debt_interest_rate_views.xml",
        "views/debt_run_slice_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/account_portal_templates.xml",
        "views/debt_pay_all_templates.xml",
        # Reports
        "reports/debt_demand_letter_templates.xml",
        "reports/debt_insolvency_claim_templates.xml",
        "reports/debt_overdue_report_views.xml",
        "reports/debt_kpi_report_views.xml",
        "reports/debt_stage_report_views.xml",
        "reports/debt_recovery_report_views.xml",
        # Menus
        "views/debt_recovery_menus.xml",
        # Dashboard (its charts open the report menus)
        "data/spreadsheet_dashboard_data.xml",
    ],
    "demo": [
        "demo/debt_recovery_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "debt_recovery/static/tests/tours/*.js",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "application": True,
}
