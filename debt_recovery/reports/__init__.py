from . import debt_demand_letter
