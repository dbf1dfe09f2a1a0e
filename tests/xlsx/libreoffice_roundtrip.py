#!/usr/bin/env python3
"""xlsx.libreoffice_roundtrip: LibreOffice reads the workbooks thidua writes.

Ranks the bundled sample (with members, their scores and the history, so the titles sheet is
there) as .xlsx and as CSV, has LibreOffice convert every sheet of the workbook to CSV, and
compares each subject's total, family subtotals, class and rank with thidua's own CSV: every
subject must be on the sheet of its block, once. Then writes the blank template and checks
that LibreOffice shows its machine header (id, name, group, the criteria, ...) on row 3.
Skips (exit 77) when soffice is not installed.

Usage: libreoffice_roundtrip.py --thidua PATH --data examples/data
"""
import argparse
import csv
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from decimal import Decimal

# Comma, double quote, UTF-8, from line 1, raw values (not "as shown"), every sheet (-1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, timeout=240, **kw)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


def to_csv_sheets(xlsx, out_dir, profile):
    """Every sheet of `xlsx` as CSV rows, by sheet name (LibreOffice names the files
    <base>-<sheet>.csv when it exports all sheets)."""
    os.makedirs(out_dir, exist_ok=True)
    run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", CSV_FILTER,
         "--outdir", out_dir, xlsx])
    base = os.path.splitext(os.path.basename(xlsx))[0]
    sheets = {}
    for path in glob.glob(os.path.join(out_dir, base + "-*.csv")):
        name = os.path.basename(path)[len(base) + 1:-len(".csv")]
        with open(path, encoding="utf-8-sig", newline="") as f:
            sheets[name] = list(csv.reader(f))
    if not sheets:
        sys.exit(f"LibreOffice wrote no CSV for {xlsx}: {os.listdir(out_dir)}")
    return sheets


def same_number(a, b):
    try:
        return Decimal(a) == Decimal(b)
    except Exception:
        return False


def compare_ranking(sheets, thidua_csv):
    """Failures between the block sheets and thidua's CSV."""
    with open(thidua_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head, data = rows[0], rows[1:]
    col = {h: k for k, h in enumerate(head)}
    # "Công tác chuyên môn (chuyen_mon)" → "Công tác chuyên môn", the workbook's header.
    families = [h for h in head if h.endswith(")") and " (" in h]
    failures = []
    found = {}  # id → (sheet, row dict)
    for name, table in sheets.items():
        if name in ("Danh hiệu đề nghị", "Thang điểm"):
            continue
        header_at = next((k for k, r in enumerate(table) if r and r[0] == "STT"), None)
        if header_at is None:
            continue
        header = table[header_at]
        for r in table[header_at + 1:]:
            if len(r) < 2 or not r[1]:
                break  # the class summary follows a blank row
            if r[1] in found:
                failures.append(f"{r[1]} on two sheets: {found[r[1]][0]} and {name}")
            found[r[1]] = (name, dict(zip(header, r)))
    for r in data:
        sid, group = r[col["Mã"]], r[col["Khối thi đua"]]
        if sid not in found:
            failures.append(f"{sid}: not in the workbook")
            continue
        sheet, x = found[sid]
        if sheet != (group or "Xếp hạng"):
            failures.append(f"{sid}: on sheet {sheet}, block {group}")
        checks = [("Tổng điểm", "Tổng điểm"), ("Xếp loại", "Xếp loại"), ("Hạng", "Hạng")]
        checks += [(f, f[:f.rindex(" (")]) for f in families]
        for csv_name, xlsx_name in checks:
            want, got = r[col[csv_name]], x.get(xlsx_name, "<no column>")
            if want == got or (want and same_number(want, got)):
                continue
            failures.append(f"{sid} {xlsx_name}: workbook {got!r}, CSV {want!r}")
    if len(found) != len(data):
        failures.append(f"{len(found)} subjects in the workbook, {len(data)} in the CSV")
    return failures, len(data)


def column_name(n):
    letters = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def fill_and_read_back(thidua, scheme, mau, header, sample_csv, tmp):
    """Fills the blank template as a school would (three schools typed under the header,
    a note in the notes column) and checks that thidua ranks the filled workbook exactly as
    the same three rows given as CSV."""
    with open(sample_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))[:3]
    cells_xml = []
    for i, row in enumerate(rows):
        r = 4 + i
        cells = []
        for k, name in enumerate(header):
            value = "theo biên bản số 12" if name == "note" else row.get(name, "")
            if value == "":
                continue
            ref = f"{column_name(k + 1)}{r}"
            try:
                float(value)
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            except ValueError:
                text = value.replace("&", "&amp;").replace("<", "&lt;")
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    filled = os.path.join(tmp, "mau-da-nhap.xlsx")
    with zipfile.ZipFile(mau) as src, zipfile.ZipFile(filled, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.decode("utf-8").replace("</sheetData>", "".join(cells_xml) + "</sheetData>", 1).encode()
            dst.writestr(item, data)
    three = os.path.join(tmp, "ba-truong.csv")
    with open(sample_csv, encoding="utf-8-sig", newline="") as f:
        lines = f.read().splitlines()
    with open(three, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:4]) + "\n")
    from_xlsx = run([thidua, "rank", "--scheme", scheme, "--scores", filled, "--format", "json"]).stdout
    from_csv = run([thidua, "rank", "--scheme", scheme, "--scores", three, "--format", "json"]).stdout
    if json.loads(from_xlsx)["results"] != json.loads(from_csv)["results"]:
        return ["the filled template does not rank as the same rows in CSV"]
    print(f"ok   filled template: {len(rows)} schools and a note read back, ranked as the CSV")
    return []


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--thidua", required=True)
    p.add_argument("--data", required=True)
    a = p.parse_args()
    if shutil.which("soffice") is None:
        print("soffice not found: skipped")
        return 77
    d = a.data
    scheme = os.path.join(d, "truong-hoc-2024-2025.toml")
    common = [a.thidua, "rank", "--scheme", scheme, "--scores", os.path.join(d, "diem-hoi-dong.csv"),
              "--members", os.path.join(d, "can-bo.csv"), "--member-scores", os.path.join(d, "diem-ca-nhan.csv"),
              "--history", os.path.join(d, "lich-su.csv")]
    failed = []
    with tempfile.TemporaryDirectory(prefix="thidua-xlsx-roundtrip-") as tmp:
        profile = os.path.join(tmp, "profile")
        xlsx = os.path.join(tmp, "tong-hop.xlsx")
        csv_out = os.path.join(tmp, "tong-hop.csv")
        run(common + ["--format", "xlsx", "--out", xlsx])
        run(common + ["--format", "csv", "--out", csv_out])
        sheets = to_csv_sheets(xlsx, os.path.join(tmp, "sheets"), profile)
        for needed in ("Danh hiệu đề nghị", "Thang điểm"):
            if needed not in sheets:
                failed.append(f"no sheet {needed!r}: {sorted(sheets)}")
        if "Danh hiệu đề nghị" in sheets and not any("Tổng cộng" in r for r in sheets["Danh hiệu đề nghị"]):
            failed.append("the titles sheet has no Tổng cộng row")
        problems, subjects = compare_ranking(sheets, csv_out)
        failed += problems
        print(f"{'FAIL' if problems else 'ok  '} workbook: {subjects} subjects on {len(sheets)} sheets "
              f"compared with the CSV ({len(problems)} differences)")

        mau = os.path.join(tmp, "mau.xlsx")
        run([a.thidua, "template", "--scheme", scheme, "--format", "xlsx", "--out", mau])
        template = to_csv_sheets(mau, os.path.join(tmp, "template"), profile)
        with open(scheme, "rb") as f:
            criteria = [c["id"] for c in tomllib.load(f)["criterion"]]
        want = ["id", "name", "group"] + criteria + ["bonus", "deduction"]
        entry = template.get("Nhập điểm", [])
        got = entry[2][:len(want)] if len(entry) > 2 else []
        if got != want:
            failed.append(f"template row 3: {got}, expected {want}")
        elif "Hướng dẫn" not in template:
            failed.append(f"template has no Hướng dẫn sheet: {sorted(template)}")
        else:
            print(f"ok   template: row 3 is the machine header ({len(want)} columns), Hướng dẫn present")
            failed += fill_and_read_back(a.thidua, scheme, mau, entry[2], os.path.join(d, "diem-hoi-dong.csv"), tmp)
    for f in failed[:40]:
        print("FAIL", f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
