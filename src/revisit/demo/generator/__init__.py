"""Generator of a deterministic demo sales office; see office.generate_office."""

from revisit.demo.generator.office import (
    DEFAULT_SEED,
    DEMO_OFFICE_CODE,
    DEMO_PASSWORD,
    DemoOfficeError,
    Login,
    OfficeSummary,
    generate_office,
)

__all__ = [
    "DEFAULT_SEED",
    "DEMO_OFFICE_CODE",
    "DEMO_PASSWORD",
    "DemoOfficeError",
    "Login",
    "OfficeSummary",
    "generate_office",
]
