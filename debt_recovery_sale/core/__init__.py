"""Pure Python decisions of debt_recovery_sale (no ``odoo`` import)."""
