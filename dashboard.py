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
# Resolve the page the URL asks for before the sign-in form can stop the run, so
# a deep link (/pipeline?lang=en) still opens that page once the viewer signs in.
viewer = ui.signed_in_account()
pages = [
    st.Page(path, title=i18n.t(f"common.nav.{name}", lang), icon=icon, default=name == "overview")
    for path, name, icon in PAGES
    if (HERE / path).exists() and (name not in ADMIN_ONLY or viewer is None or viewer.manages_data)
]
page = st.navigation(pages, position="sidebar" if viewer is not None else "hidden")
account = ui.sign_in(lang)
with db.snapshot():
    page.run()
