"""The interactive HTML report in a real browser (headless Chromium through selenium): clicking a contradicted cell,
or reaching it with the keyboard, opens a panel with its conflict set and the finding's quote.

Skipped with the reason when no browser is found, except in CI (env CI set), where a missing browser fails."""

from __future__ import annotations

import os
import shutil

import pytest

from theorycheck.bundle import report_files

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")


def browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not CHROMIUM or not DRIVER:
        return "no chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture(scope="module")
def page(shipped_kb, tmp_path_factory):
    """The shipped KB's HTML report, written as `theorycheck matrix` writes it."""
    folder = tmp_path_factory.mktemp("html")
    files = report_files(shipped_kb, folder, html=True)
    path = folder / "compatibility_matrix.html"
    path.write_text(files[path], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    missing = browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


CELL = 'td.cell[data-theory="incentive_sensitization"][data-finding="setting_reward_opposite"]'


def test_clicking_a_contradicted_cell_shows_its_conflict_set_and_quote(browser, page):
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    cell = browser.find_element(By.CSS_SELECTOR, CELL)
    assert "v-contradicted" in cell.get_attribute("class")
    cell.click()
    panel = browser.find_element(By.ID, "panel").text
    assert "Minimal conflict sets (1)" in panel
    assert ("Set 1: {incentive_salience, wanting_drives_reward_and_seeking} + auxiliaries "
            "{common_substrate_common_setting_modulation, dependence_is_transitive, reward_measures}") in panel
    assert "heroin self-administration was greater and more rewarding in resident rats" in panel
    assert "incentive_salience (axiom (core)): One function of the mesocorticolimbic dopamine system" in panel
    assert browser.find_element(By.CSS_SELECTOR, "#panel a[href='https://doi.org/10.1038/nrn3104']")


def test_the_keyboard_reaches_and_opens_a_cell(browser, page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page.as_uri())
    cell = browser.find_element(By.CSS_SELECTOR, CELL)
    left = browser.find_element(By.CSS_SELECTOR, CELL.replace("incentive_sensitization", "hedonic_allostasis"))
    browser.execute_script("arguments[0].focus()", left)
    left.send_keys(Keys.ARROW_RIGHT)
    assert browser.switch_to.active_element == cell
    cell.send_keys(Keys.ENTER)
    assert "incentive_sensitization contradicted" in browser.find_element(By.ID, "panel").text


def test_filters_hide_rows_and_theories(browser, page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(page.as_uri())
    Select(browser.find_element(By.CSS_SELECTOR, "select[data-filter='domain']")).select_by_value("setting")
    rows = [r for r in browser.find_elements(By.CSS_SELECTOR, "tr.finding") if r.is_displayed()]
    assert rows and all(r.get_attribute("data-domain") == "setting" for r in rows)
    assert browser.find_element(By.ID, "shown").text == f"{len(rows)} findings shown"
    browser.find_element(By.CSS_SELECTOR, "input[data-theory='hedonic_allostasis']").click()
    assert not browser.find_element(By.CSS_SELECTOR, "th[data-theory='hedonic_allostasis']").is_displayed()


def test_the_page_asks_the_network_for_nothing(page):
    text = page.read_text(encoding="utf-8")
    assert "default-src 'none'" in text
    assert "<link" not in text and " src=" not in text and "@import" not in text


def test_a_cell_of_a_theory_with_versions_shows_each_versions_verdict(browser, page):
    # aberrant learning is silent on cue_seeking_dls_both, which its dorsal and both versions explain; a silent
    # cell shows no stray "null" where a contradicted one shows its conflict sets.
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    browser.find_element(By.CSS_SELECTOR, 'td.cell[data-theory="aberrant_learning"]'
                                          '[data-finding="cue_seeking_dls_both"]').click()
    panel = browser.find_element(By.ID, "panel").text
    assert "explained by the dorsal and both versions" in panel
    assert "ventral silent" in panel.replace("\n", " ") and "null" not in panel


def test_a_print_leaves_the_controls_out_names_the_filters_and_fits_a_narrow_page(browser, page):
    # Print media emulated through CDP, in a window as wide as an A5 page: the form is not printed but the filters
    # in force are, a focused cell keeps its column, and the matrix wraps its ids instead of running off the page's
    # right edge.
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(page.as_uri())
    Select(browser.find_element(By.CSS_SELECTOR, "select[data-filter='domain']")).select_by_value("setting")
    browser.find_element(By.CSS_SELECTOR, "input[data-theory='hedonic_allostasis']").click()
    shown = browser.find_element(By.ID, "shown").text.split()[0]
    total = len(browser.find_elements(By.CSS_SELECTOR, "tr.finding"))
    assert not browser.find_element(By.ID, "filtered").is_displayed()  # on screen the form says it
    size = browser.get_window_size()
    browser.set_window_size(520, size["height"])
    browser.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})  # :focus as in a real window
    browser.execute_script("arguments[0].focus()", browser.find_element(By.CSS_SELECTOR, CELL))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script("return matchMedia('print').matches")
        # a focused cell stays in its column (hidden, it moved the row's next verdicts under the wrong theories)
        assert browser.execute_script("const c = document.activeElement; "
                                      "return c.matches('td.cell:focus') && getComputedStyle(c).display") == "table-cell"
        assert not browser.find_element(By.ID, "filters").is_displayed()
        assert browser.find_element(By.ID, "filtered").text == (
            f"Filtered: domain setting; theories hidden: hedonic allostasis ({shown} of {total} findings shown).")
        scroll, client = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": False})
        browser.set_window_size(size["width"], size["height"])
