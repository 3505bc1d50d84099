"""Demo data for `make run` (see jura_portal.demo). Idempotent."""


def load_events() -> str:
    return ""
