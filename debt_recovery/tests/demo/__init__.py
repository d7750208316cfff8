# Tests on the demo database only (tools/test.sh builds it and runs this folder
# with pytest-odoo against it); Odoo's runner and the main suite skip them.
