"""The entry: page setup, the language switch, the demo database on first run, sign-in, navigation."""

import streamlit as st

from workforce import i18n, ui
from workforce.pages import PAGES
from workforce.store import db

lang = ui.current_language()
st.set_page_config(
    page_title=i18n.t("common.app_title", lang),
    page_icon=":material/work:",
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.print_styles()
lang = ui.language()
ui.ensure_database(lang)
# Resolve the page the URL asks for before the sign-in form can stop the run, so
# a deep link (/pipeline?lang=en) still opens that page once the viewer signs in.
viewer = ui.signed_in_account()
pages = [
    st.Page(
        page.script,
        title=i18n.t(f"common.nav.{page.name}", lang),
        icon=page.icon,
        url_path=page.name,
        default=page.name == "overview",
    )
    for page in PAGES
    if not page.admin_only or viewer is None or viewer.manages_data
]
page = st.navigation(pages, position="sidebar" if viewer is not None else "hidden")
account = ui.sign_in(lang)
with db.snapshot():
    page.run()
