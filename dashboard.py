"""The entry: page setup, the language switch, the demo database on first run, sign-in, navigation."""

from pathlib import Path

import streamlit as st

from workforce import db, i18n, ui

HERE = Path(__file__).resolve().parent
PAGES = (
    ("pages/overview.py", "overview", ":material/dashboard:"),
    ("pages/trends.py", "trends", ":material/trending_up:"),
    ("pages/cohorts.py", "cohorts", ":material/school:"),
    ("pages/employers.py", "employers", ":material/factory:"),
    ("pages/pipeline.py", "pipeline", ":material/conversion_path:"),
    ("pages/figures.py", "figures", ":material/fact_check:"),
    ("pages/data.py", "data", ":material/database:"),
)
ADMIN_ONLY = ("data",)

ui.leave_pages_folder_mode()
lang = ui.current_language()
st.set_page_config(
    page_title=i18n.t("common.app_title", lang),
    page_icon=":material/work:",
    layout="wide",
    initial_sidebar_state="expanded",
)
lang = ui.language()
ui.ensure_database(lang)
account = ui.sign_in(lang)
pages = [
    st.Page(path, title=i18n.t(f"common.nav.{name}", lang), icon=icon, default=name == "overview")
    for path, name, icon in PAGES
    if (HERE / path).exists() and (name not in ADMIN_ONLY or account.manages_data)
]
with db.snapshot():
    st.navigation(pages).run()
