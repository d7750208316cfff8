"""Receivables KPIs: days sales outstanding and the collection effectiveness index.

Both come from four figures of a period, all in company currency:

* ``begin``: receivables at the start of the period,
* ``sales``: credit sales invoiced in the period (credit notes deducted),
* ``end``: receivables at the end of the period,
* ``current``: the part of ``end`` that was not yet due at the end.

DSO uses the standard (not the countback) method: average receivables over
the period divided by its credit sales, times its days. CEI is the share of
what could be collected in the period (all but what was not yet due at its
end) that was collected.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Period:
    days: int
    begin: Decimal
    sales: Decimal
    end: Decimal
    current: Decimal


def dso(receivables: Decimal, sales: Decimal, days: int) -> Decimal | None:
    """Days sales outstanding; None when nothing was sold (no meaningful figure)."""
    if sales <= 0:
        return None
    return receivables / sales * days


# Its SQL twin, over named operands: the KPI report's rows and group totals.
DSO_SQL = "(CASE WHEN %(sales)s > 0 THEN %(receivables)s / %(sales)s * %(days)s END)"


def cei(period: Period) -> Decimal | None:
    """Collection effectiveness index in %; None when nothing was collectible."""
    collectible = period.begin + period.sales - period.current
    if collectible <= 0:
        return None
    return (period.begin + period.sales - period.end) / collectible * 100


CEI_SQL = (
    "(CASE WHEN %(begin)s + %(sales)s - %(current)s > 0"
    " THEN 100 * (%(begin)s + %(sales)s - %(end)s) / (%(begin)s + %(sales)s - %(current)s) END)"
)


def kept_rate(kept: int, partial: int, broken: int) -> Decimal | None:
    """Share of settled promises that were kept in full, in %; partial ones count
    as not kept. None when no promise has come to its date yet."""
    settled = kept + partial + broken
    if not settled:
        return None
    return Decimal(kept) / settled * 100


def funnel(reached: dict[int, int], ladder: list[int]) -> list[tuple[int, int, Decimal | None]]:
    """``(stage, invoices that reached it, % of the previous stage's)`` along
    ``ladder`` (stage ids in order) from ``reached`` (stage id -> invoices)."""
    rows, previous = [], None
    for stage in ladder:
        count = reached.get(stage, 0)
        share = Decimal(count) / previous * 100 if previous else None
        rows.append((stage, count, share))
        previous = count
    return rows
