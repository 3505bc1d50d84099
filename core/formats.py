"""How the portal writes amounts for people: one function, used by every domain."""


def euros(cents: int) -> str:
    """1234567 -> "12 345,67 €" (French grouping with a narrow no-break space)."""
    sign = "−" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100:,}".replace(",", "\u202f") + f",{cents % 100:02d}\u00a0€"
