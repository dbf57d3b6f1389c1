"""Screenshots for the README, from the tool's own output (run from the repository root, with chromium and
chromedriver installed): docs/html-report.png (the HTML report with a cell's panel open) and docs/terminal-view.png
(`theorycheck run --theory incentive_sensitization` as a 100-column terminal shows it, captured with tmux).

Usage: python tools/screenshots.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def browser(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--window-size={width},{height}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def html_report() -> None:
    from selenium.webdriver.common.by import By

    driver = browser(1500, 1000)
    try:
        driver.get((ROOT / "reports" / "compatibility_matrix.html").as_uri())
        driver.find_element(By.CSS_SELECTOR, "select[data-filter='domain'] option[value='setting']").click()
        driver.find_element(By.CSS_SELECTOR, 'td.cell[data-theory="incentive_sensitization"]'
                                             '[data-finding="setting_reward_opposite"]').click()
        driver.save_screenshot(str(DOCS / "html-report.png"))
    finally:
        driver.quit()


def terminal_view() -> None:
    """tmux runs the command in a 100x80 terminal; its coloured capture is drawn by rich and photographed."""
    from rich.console import Console
    from rich.terminal_theme import MONOKAI
    from rich.text import Text

    session = "theorycheck-shot"
    command = f"cd {ROOT} && theorycheck run --theory incentive_sensitization; sleep 60"
    subprocess.run(["tmux", "-L", session, "new", "-d", "-s", session, "-x", "100", "-y", "80", command], check=True)
    try:
        for _ in range(120):
            time.sleep(1)
            shown = subprocess.run(["tmux", "-L", session, "capture-pane", "-p", "-e", "-t", session],
                                   capture_output=True, text=True).stdout
            if "options:" in shown:
                break
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], check=False)
    console = Console(record=True, width=100, force_terminal=True, file=open("/dev/null", "w"))
    console.print(Text.from_ansi("$ theorycheck run --theory incentive_sensitization\n" + shown.rstrip() + "\n"))
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "terminal.html"
        page.write_text(console.export_html(inline_styles=True, theme=MONOKAI, code_format=(
            "<html><body style='margin:0;background:#272822'><pre style='margin:8px;font:13px/1.3 "
            "DejaVu Sans Mono,monospace;color:#f8f8f2;background:#272822'>{code}</pre></body></html>")),
            encoding="utf-8")
        driver = browser(860, 1480)
        try:
            driver.get(page.as_uri())
            driver.save_screenshot(str(DOCS / "terminal-view.png"))
        finally:
            driver.quit()


if __name__ == "__main__":
    DOCS.mkdir(exist_ok=True)
    html_report()
    terminal_view()
    sys.exit(0)
