"""Rules for every workbook the portal writes."""

# A cell starting with one of these is run as a formula by Excel and WPS (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value):
    """Prefix text a spreadsheet would run as a formula with an apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
