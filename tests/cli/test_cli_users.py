"""``python -m workforce users``: accounts added, listed and removed, and bad ones refused, in-process."""

import pytest

from workforce.store import accounts

PASSWORD = "correct horse battery"
pytestmark = pytest.mark.usefixtures("cheap_hashes")


def test_users_command_adds_lists_and_removes_accounts(cli, tmp_path, bound_store):
    env = {"WORKFORCE_ACCOUNTS": str(tmp_path / "cli.sqlite"), "WORKFORCE_DB": str(bound_store)}
    added = cli("users",
        "add", "Petrova", "--role", "institution", "--institution", "MIET-C", "--name", "Petrova",
        "--password-stdin", stdin=PASSWORD + "\n", env=env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Added petrova (institution, MIET-C)" in added.stdout

    listed = cli("users", "list", env=env)
    assert listed.returncode == 0 and "petrova" in listed.stdout and "MIET-C" in listed.stdout
    assert "$argon2" not in listed.stdout and PASSWORD not in listed.stdout

    again = cli(
        "users", "add", "PETROVA", "--role", "city", "--password-stdin", stdin=PASSWORD + "\n", env=env
    )
    assert again.returncode == 1 and "already an account" in again.stderr

    assert accounts.authenticate("petrova", PASSWORD, path=tmp_path / "cli.sqlite") is not None

    removed = cli("users", "remove", "petrova", env=env)
    assert removed.returncode == 0 and "Removed petrova" in removed.stdout
    assert "No accounts" in cli("users", "list", env=env).stdout
    assert cli("users", "remove", "petrova", env=env).returncode == 1


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "x-user", "--role", "city", "--password-stdin"], "short\n", "at least 10"),
        (
            ["add", "x-user", "--role", "institution", "--institution", "NOPE", "--password-stdin"],
            PASSWORD,
            "no institution",
        ),
        (["add", "x-user", "--role", "employer", "--password-stdin"], PASSWORD, "needs --employer"),
    ],
)
def test_users_command_refuses_bad_accounts_and_changes_nothing(
    cli, tmp_path, bound_store, args, stdin, message
):
    env = {"WORKFORCE_ACCOUNTS": str(tmp_path / "cli.sqlite"), "WORKFORCE_DB": str(bound_store)}
    result = cli("users", *args, stdin=stdin, env=env)
    assert result.returncode == 1 and message in result.stderr
    assert accounts.list_accounts(tmp_path / "cli.sqlite") == []
