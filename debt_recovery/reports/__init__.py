from . import debt_demand_letter
from . import debt_kpi_report
from . import debt_letter_kinds
from . import debt_overdue_report
from . import debt_recovery_report
from . import debt_stage_report
from . import debt_statement
from . import debt_insolvency_claim
