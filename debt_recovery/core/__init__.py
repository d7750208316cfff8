"""Decision logic of debt_recovery as plain Python: no ``odoo`` import here.

The ORM layer fetches data in bulk, calls these functions and writes results.
"""
