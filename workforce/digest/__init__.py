"""Briefings for people who do not open the dashboard: one account's own view as a short PDF.

- ``content``: what a digest says, from the same page data the dashboard draws (``build``);
- ``pdf``: the PDF, with the charts drawn by plotly's image export (``render``);
- ``mail``: sending it over SMTP (``send``).

``python -m workforce digest`` fronts them; docs/digest.md says how to schedule it.
"""

from workforce.digest.content import Digest, DigestRefused, Period, build, parse_period

__all__ = ["Digest", "DigestRefused", "Period", "build", "parse_period"]
