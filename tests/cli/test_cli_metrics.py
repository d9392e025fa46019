"""The command line: the metrics report as an owner and as a viewer who must not see small counts."""

import json

from tests.fixtures.factory import MINI
from workforce.store import accounts


def test_metrics_for_a_viewer_hide_small_counts_that_the_owner_sees(cli, tmp_path):
    database = tmp_path / "mini.duckdb"
    assert cli("import", str(MINI), "--db", str(database)).returncode == 0
    accounts_file = tmp_path / "accounts.sqlite"
    accounts.add_account(
        "official",
        "a long enough password",
        "city",
        name="City official",
        path=accounts_file,
        check_scope=False,
    )
    env = {"WORKFORCE_ACCOUNTS": str(accounts_file)}
    owner = json.loads(
        cli("metrics", "--db", str(database), "--as-of", "2025-06-30", "--json", env=env).stdout
    )
    shown = cli(
        "metrics", "--db", str(database), "--as-of", "2025-06-30", "--json", "--viewer", "official", env=env
    )
    viewer = json.loads(shown.stdout)
    assert owner["by_year"][1]["participants"] == 4
    assert viewer["by_year"][1]["participants"] == "<5"
    assert viewer["by_year"][1]["intern_hire_rate"] == "<5"
    assert viewer["retention_12m"] == "<5"
    assert viewer["disclosure"] == "default"
    text = cli("metrics", "--db", str(database), "--as-of", "2025-06-30", "--viewer", "official", env=env)
    assert text.returncode == 0 and "<5" in text.stdout
    unknown = cli("metrics", "--db", str(database), "--as-of", "2025-06-30", "--viewer", "nobody", env=env)
    assert unknown.returncode == 2 and "no account" in unknown.stderr
