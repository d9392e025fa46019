"""The dashboard's pages, listed once: the entry script, the benchmark and the CLI all read ``PAGES``."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Page:
    """One page: its name (the URL path, the catalog key ``common.nav.<name>``), icon and who sees it."""

    name: str
    icon: str
    admin_only: bool = False

    @property
    def script(self) -> str:
        """The page's script, relative to the project folder: ``app_pages/overview.py``."""
        return f"app_pages/{self.name}.py"


PAGES: tuple[Page, ...] = (
    Page("overview", ":material/dashboard:"),
    Page("trends", ":material/trending_up:"),
    Page("cohorts", ":material/school:"),
    Page("employers", ":material/factory:"),
    Page("pipeline", ":material/conversion_path:"),
    Page("figures", ":material/fact_check:"),
    Page("data", ":material/database:", admin_only=True),
)
NAMES: tuple[str, ...] = tuple(page.name for page in PAGES)
