"""Take the README screenshots from a running demo server with headless Chromium.

    tools/screenshots.py BASE_URL DATABASE OUTPUT_DIR

Drives Chromium through its DevTools protocol (websocket-client): logs in as
the demo users, opens the worklist, a debtor, the dashboard, and saves PNGs;
the demand letter is Odoo's own PDF, turned into a PNG with pdftoppm.
Run by ``make screenshots``, which builds the demo database and serves it.
"""

import base64
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

WIDTH, HEIGHT = 1440, 900
TIMEOUT = 60


class Browser:
    """One headless Chromium tab, driven over the DevTools protocol."""

    def __init__(self, port=9333):
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        if not binary:
            sys.exit("Chromium is needed: tools/system-deps.sh installs it")
        self.profile = tempfile.mkdtemp(prefix="debt-recovery-shots-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        tabs = self._wait(lambda: requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json())
        page = next(tab for tab in tabs if tab["type"] == "page")
        self.socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=TIMEOUT, suppress_origin=True
        )
        self.ids = itertools.count(1)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    @staticmethod
    def _wait(probe, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            try:
                result = probe()
                if result:
                    return result
            except (requests.RequestException, ValueError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer")
            time.sleep(0.25)

    def call(self, method, **params):
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=TIMEOUT):
        """Until ``selector`` is on the page and Odoo has nothing loading."""
        check = (
            f"!!document.querySelector({json.dumps(selector)})"
            " && !document.querySelector('.o_loading_indicator, .o_loading')"
        )
        self._wait(lambda: self.js(check), timeout)
        time.sleep(1.5)  # let charts and fonts settle before the picture

    def goto(self, url, selector):
        self.call("Page.navigate", url=url)
        self.wait_for(selector)

    def click(self, selector, then):
        self.js(f"document.querySelector({json.dumps(selector)}).click()")
        self.wait_for(then)

    def shoot(self, path):
        png = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(png))
        print(f"saved {path}")

    def login(self, base, login, password):
        self.call("Network.clearBrowserCookies")
        self.goto(f"{base}/web/login", "form.oe_login_form")
        self.js(
            f"document.querySelector('#login').value = {json.dumps(login)};"
            f"document.querySelector('#password').value = {json.dumps(password)};"
            "document.querySelector('form.oe_login_form').submit()"
        )
        self.wait_for(".o_main_navbar")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def letter_png(base, db, out):
    """The formal demand of the demo's most urgent debtor, page 1 as a PNG.

    wkhtmltopdf fetches the report's styles from ``report.url``: pointed at
    this server for the rendering, then put back.
    """
    session = requests.Session()
    session.post(
        f"{base}/web/session/authenticate",
        json={"params": {"db": db, "login": "admin", "password": "admin"}},
        timeout=TIMEOUT,
    ).raise_for_status()

    def call(model, method, *args, **kwargs):
        response = session.post(
            f"{base}/web/dataset/call_kw/{model}/{method}",
            json={"params": {"model": model, "method": method, "args": args, "kwargs": kwargs}},
            timeout=TIMEOUT * 2,
        ).json()
        if "error" in response:
            raise RuntimeError(response["error"]["data"]["message"])
        return response["result"]

    [debtor] = call(
        "res.partner",
        "search_read",
        [("debt_priority", ">", 0), ("debt_stage_id.letter_kind", "=", "demand")],
        fields=["id"],
        order="debt_priority desc",
        limit=1,
    )
    report_url = call("ir.config_parameter", "get_param", "report.url")
    call("ir.config_parameter", "set_param", "report.url", base)
    try:
        pdf = session.get(
            f"{base}/report/pdf/debt_recovery.report_debt_letter_demand/{debtor['id']}",
            timeout=TIMEOUT * 2,
        )
        pdf.raise_for_status()
    finally:
        call("ir.config_parameter", "set_param", "report.url", report_url or "")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "letter.pdf")
        source.write_bytes(pdf.content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "90",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(out).with_suffix("")),
            ],
            check=True,
        )
    print(f"saved {out}")


def main(base, db, out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    try:
        browser.login(base, "collector", "collector")
        browser.goto(f"{base}/odoo/action-debt_recovery.action_debt_worklist", ".o_data_row")
        browser.shoot(out / "worklist.png")
        browser.click(".o_data_row .o_data_cell[name='display_name']", ".o_form_view .o_notebook")
        browser.js(
            "[...document.querySelectorAll('.o_notebook .nav-link')]"
            ".find(tab => tab.textContent.trim() === 'Collections').click()"
        )
        browser.wait_for("button[name='action_debt_log_call']")
        browser.shoot(out / "debtor.png")
        browser.login(base, "collections_manager", "collections_manager")
        browser.goto(f"{base}/odoo/action-debt_recovery.action_debt_dashboard", ".o-figure canvas")
        browser.shoot(out / "dashboard.png")
    finally:
        browser.close()
    letter_png(base, db, out / "demand_letter.png")


if __name__ == "__main__":
    main(*sys.argv[1:4])
