#!/usr/bin/env python3
"""Opens thidua's HTML report in a real browser and checks it (docs/html-report.md).

1. Produces the expected list of schools with `thidua rank --format csv` and the report,
   either with the CLI (`--format html --audit all`) or with a driver program given by
   --producer (tests/browser/make_report.cpp, which calls write_html directly).
2. Starts Debian's headless Chromium with --remote-debugging-pipe and speaks the DevTools
   protocol over fds 3 (commands) and 4 (replies and events): JSON messages ending in NUL.
3. Loads file:///.../bao-cao.html and fails on any console error, uncaught exception or
   error log entry; checks that the page text names every school (id and name) of the CSV,
   that there is one section per emulation block, that charts are drawn (SVG with a size),
   and that the audit sections are there.
4. Saves a full-page screenshot (PNG) and prints the page to PDF with the report's print
   style sheet: A4 pages, more than one. Both stay in --out-dir as test artefacts.

Python standard library only. Every wait is bounded and the browser is always killed.

  check_report.py --browser /usr/bin/chromium-headless-shell --cli build/bin/thidua \
      --data examples/data --out-dir build/browser [--producer build/bin/thidua_html_sample] \
      [--docs-screenshot docs/images/bao-cao.png]
"""
import argparse
import base64
import csv
import fcntl
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

DEADLINE_SECONDS = 150  # the ctest TIMEOUT is 180: leave time to kill and report


class Failure(Exception):
    pass


class DevTools:
    """A DevTools protocol connection over the pipe pair of --remote-debugging-pipe."""

    def __init__(self, browser, user_data_dir, deadline):
        self.deadline = deadline
        cmd_r, self.cmd_w = os.pipe()
        self.resp_r, resp_w = os.pipe()

        def child_fds():
            # The browser reads commands on fd 3 and writes replies on fd 4. Move the pipe
            # ends out of the way first, so that dup2 never overwrites one with the other.
            a = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(resp_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--user-data-dir=" + user_data_dir, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--hide-scrollbars", "--mute-audio", "--window-size=1200,900", "about:blank"]
        # close_fds=False: os.pipe() fds are not inheritable, only the dup2'ed 3 and 4 are.
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, close_fds=False, preexec_fn=child_fds,
                                     start_new_session=True)
        os.close(cmd_r)
        os.close(resp_w)
        self.next_id = 0
        self.replies = {}
        self.events = queue.Queue()
        self.lock = threading.Condition()
        self.stderr_lines = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self):
        for line in self.proc.stderr:
            if len(self.stderr_lines) < 200:
                self.stderr_lines.append(line.decode("utf-8", "replace").rstrip())

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self.resp_r, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self.lock:
                    self.replies[None] = "closed"
                    self.lock.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                message = json.loads(raw.decode("utf-8"))
                if "id" in message:
                    with self.lock:
                        self.replies[message["id"]] = message
                        self.lock.notify_all()
                else:
                    self.events.put(message)

    def remaining(self, limit):
        return max(0.0, min(limit, self.deadline - time.monotonic()))

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        mid = self.next_id
        message = {"id": mid, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.cmd_w, json.dumps(message).encode("utf-8") + b"\0")
        end = time.monotonic() + self.remaining(timeout)
        with self.lock:
            while mid not in self.replies:
                if None in self.replies:
                    raise Failure(f"{method}: the browser closed the connection")
                left = end - time.monotonic()
                if left <= 0:
                    raise Failure(f"{method}: no reply within {timeout} s")
                self.lock.wait(left)
            reply = self.replies.pop(mid)
        if "error" in reply:
            raise Failure(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method, session, timeout, seen):
        """Waits for an event; every event met on the way is passed to `seen`."""
        end = time.monotonic() + self.remaining(timeout)
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise Failure(f"no {method} within {timeout} s")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            seen(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event

    def drain(self, seen):
        while True:
            try:
                seen(self.events.get_nowait())
            except queue.Empty:
                return

    def close(self):
        try:
            if self.proc.poll() is None:
                try:
                    os.write(self.cmd_w, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
                    self.proc.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
        finally:
            if self.proc.poll() is None:
                # The browser leads its own session (start_new_session): end its helpers too.
                try:
                    os.killpg(self.proc.pid, 9)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=10)
            for fd in (self.cmd_w, self.resp_r):
                try:
                    os.close(fd)
                except OSError:
                    pass


def run(command, timeout):
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise Failure(f"{' '.join(command)}: {e}")
    if done.returncode != 0:
        raise Failure(f"{' '.join(command)} exited with {done.returncode}:\n"
                      f"{done.stderr.decode('utf-8', 'replace')}")
    return done


def expected_schools(csv_path):
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]

    def column(*names):
        for n in names:
            if n in header:
                return header.index(n)
        raise Failure(f"{csv_path}: no column {names} in {header}")

    id_col = column("id", "Mã")
    name_col = column("name", "Tên")
    group_col = column("group", "Khối thi đua", "Khối")
    schools = []
    for row in rows[1:]:
        if not row:
            continue
        # Cells beginning with = + - @ are written with a leading ' for Excel: undo it.
        unquote = lambda v: v[1:] if v.startswith("'") and v[1:2] in ("=", "+", "-", "@") else v
        schools.append((unquote(row[id_col]), unquote(row[name_col]), unquote(row[group_col])))
    return schools


def pdf_pages(pdf):
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return pages, [(float(w), float(h)) for w, h in boxes]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--browser", default="/usr/bin/chromium-headless-shell")
    ap.add_argument("--cli", required=True, help="the thidua command (for the CSV, and the report unless --producer)")
    ap.add_argument("--data", required=True, help="examples/data")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--producer", help="a program called as PRODUCER DATA_DIR OUT.html instead of the CLI")
    ap.add_argument("--docs-screenshot", help="also save the top of the report, 1200 px wide, here")
    args = ap.parse_args()
    deadline = time.monotonic() + DEADLINE_SECONDS

    os.makedirs(args.out_dir, exist_ok=True)
    report = os.path.abspath(os.path.join(args.out_dir, "bao-cao.html"))
    listing = os.path.join(args.out_dir, "xep-hang.csv")
    d = args.data
    common = ["--scheme", f"{d}/truong-hoc-2024-2025.toml", "--scores", f"{d}/diem-hoi-dong.csv"]
    for path in (report, listing):
        if os.path.exists(path):
            os.remove(path)
    run([args.cli, "rank", *common, "--format", "csv", "--out", listing], 60)
    if args.producer:
        run([args.producer, d, report], 90)
    else:
        run([args.cli, "rank", *common, "--self-scores", f"{d}/diem-tu-cham.csv", "--members", f"{d}/can-bo.csv",
             "--member-scores", f"{d}/diem-ca-nhan.csv", "--history", f"{d}/lich-su.csv", "--format", "html",
             "--audit", "all", "--samples", "2000", "--out", report], 120)
    schools = expected_schools(listing)
    blocks = sorted({g for _, _, g in schools})
    if not schools:
        raise Failure("the CSV lists no school")

    problems = []
    profile = tempfile.mkdtemp(prefix="thidua-chromium-")
    tools = None
    try:
        tools = DevTools(args.browser, profile, deadline)
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

        errors = []

        def seen(event):
            if event.get("sessionId") != session:
                return
            method, p = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append("console." + p["type"] + ": " +
                              " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                errors.append("exception: " + json.dumps(p.get("exceptionDetails", {}))[:500])
            elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                e = p["entry"]
                errors.append(f"log ({e.get('source')}): {e.get('text')} {e.get('url', '')}")

        for method in ("Page.enable", "Runtime.enable", "Log.enable"):
            tools.send(method, session=session)
        tools.send("Emulation.setDeviceMetricsOverride",
                   {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
        url = "file://" + report
        nav = tools.send("Page.navigate", {"url": url}, session=session)
        if nav.get("errorText"):
            raise Failure(f"navigation to {url}: {nav['errorText']}")
        tools.wait_event("Page.loadEventFired", session, 60, seen)
        # Fonts and layout settle after load; then read the page.
        tools.send("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)", "awaitPromise": True},
                   session=session)

        def evaluate(expression):
            result = tools.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
            if "exceptionDetails" in result:
                raise Failure(f"evaluating {expression}: {result['exceptionDetails']}")
            return result["result"].get("value")

        text = evaluate("document.body.innerText")
        facts = json.loads(evaluate("""JSON.stringify({
            lang: document.documentElement.lang,
            charset: document.characterSet,
            title: document.title,
            blocks: document.querySelectorAll('section.block').length,
            svgs: document.querySelectorAll('svg').length,
            drawn: [...document.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().width > 100
                                                                    && s.getBoundingClientRect().height > 20).length,
            sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
            external: document.querySelectorAll('script, link, img, iframe, object, embed, [src]').length,
            width: document.documentElement.scrollWidth,
            height: document.documentElement.scrollHeight,
            font: getComputedStyle(document.body).fontFamily
        })"""))
        tools.drain(seen)

        missing = [f"{i} {n}" for i, n, _ in schools if i not in text or n not in text]
        if missing:
            problems.append(f"{len(missing)} of {len(schools)} schools missing from the page text: {missing[:5]}")
        if facts["lang"] != "vi" or facts["charset"].lower() != "utf-8":
            problems.append(f"lang/charset: {facts['lang']} {facts['charset']}")
        if facts["blocks"] != len(blocks):
            problems.append(f"{facts['blocks']} block sections for {len(blocks)} blocks in the CSV")
        if facts["svgs"] == 0 or facts["drawn"] != facts["svgs"]:
            problems.append(f"charts: {facts['svgs']} svg, {facts['drawn']} drawn with a size")
        if facts["external"]:
            problems.append(f"{facts['external']} elements that load something (script, link, img, src=...)")
        expected_sections = ["tong-quan"] + [f"khoi-{k + 1}" for k in range(len(blocks))] + \
                            ["tu-cham", "danh-hieu", "anh-huong", "do-nhay", "smaa"]
        if facts["sections"] != expected_sections:
            problems.append(f"sections {facts['sections']}, expected {expected_sections}")
        for phrase in ("Tổng quan và phân bố xếp loại", "Khối thi đua: ", "Hoàn thành xuất sắc nhiệm vụ",
                       "Tự chấm và kết quả hội đồng", "Độ nhạy của trọng số"):
            if phrase not in text:
                problems.append(f"page text lacks “{phrase}”")
        if facts["width"] > 1200:
            problems.append(f"the page scrolls sideways at 1200 px: {facts['width']} px wide")

        # The whole page as the test artefact.
        shot = tools.send("Page.captureScreenshot",
                          {"format": "png", "captureBeyondViewport": True,
                           "clip": {"x": 0, "y": 0, "width": 1200, "height": facts["height"], "scale": 1}},
                          session=session, timeout=60)
        png = os.path.join(args.out_dir, "bao-cao.png")
        with open(png, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        if args.docs_screenshot:
            top = tools.send("Page.captureScreenshot",
                             {"format": "png", "captureBeyondViewport": True,
                              "clip": {"x": 0, "y": 0, "width": 1200, "height": 1760, "scale": 1}},
                             session=session, timeout=60)
            with open(args.docs_screenshot, "wb") as f:
                f.write(base64.b64decode(top["data"]))

        # Printed with the report's own style sheet: A4 (595 × 842 pt), several pages.
        printed = tools.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False},
                             session=session, timeout=60)
        pdf = base64.b64decode(printed["data"])
        with open(os.path.join(args.out_dir, "bao-cao.pdf"), "wb") as f:
            f.write(pdf)
        pages, boxes = pdf_pages(pdf)
        if pages <= len(blocks):
            problems.append(f"the print layout has {pages} pages; expected more than the {len(blocks)} blocks")
        if not boxes or any(abs(w - 595.3) > 2 or abs(h - 841.9) > 2 for w, h in boxes):
            problems.append(f"pages are not A4: {sorted(set(boxes))[:3]}")

        tools.drain(seen)
        problems += errors
        print(f"{report}: {len(schools)} schools, {facts['blocks']} blocks, {facts['svgs']} charts, "
              f"{facts['height']} px tall, {pages} A4 pages; font {facts['font']}")
        print(f"artefacts: {png}, {os.path.join(args.out_dir, 'bao-cao.pdf')}")
    except Failure as e:
        problems.append(str(e))
    finally:
        if tools:
            tools.close()
            if problems and tools.stderr_lines:
                print("browser stderr (last lines):\n  " + "\n  ".join(tools.stderr_lines[-15:]), file=sys.stderr)
        shutil.rmtree(profile, ignore_errors=True)

    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print("FAIL: " + str(e), file=sys.stderr)
        sys.exit(1)
