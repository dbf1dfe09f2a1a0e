#!/usr/bin/env python3
"""xlsx.libreoffice_reads: thidua reads the .xlsx files LibreOffice writes.

Converts the sample's score sheets (examples/data/diem-hoi-dong.csv, diem-tu-cham.csv) to
.xlsx with LibreOffice, then ranks the sample from the workbooks and from the CSV files and
asserts that the JSON is identical: with the review sheet alone, with the self-score sheet
beside it, and with the self-scores as the review (so that both sheets are fully compared).
Skips (exit 77) when soffice is not installed.

Usage: libreoffice_reads.py --thidua PATH --data examples/data
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def convert(csv, out_dir, profile):
    """LibreOffice's own CSV import (comma, UTF-8, en-US numbers) and .xlsx export."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                    "--infilter=CSV:44,34,76,1,,1033", "--convert-to", "xlsx", "--outdir", out_dir, csv],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=240)
    xlsx = os.path.join(out_dir, os.path.splitext(os.path.basename(csv))[0] + ".xlsx")
    if not os.path.isfile(xlsx):
        sys.exit(f"LibreOffice did not write {xlsx}")
    return xlsx


def rank(thidua, scheme, scores, self_scores=None):
    args = [thidua, "rank", "--scheme", scheme, "--scores", scores, "--format", "json"]
    if self_scores:
        args += ["--self-scores", self_scores]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--thidua", required=True)
    p.add_argument("--data", required=True)
    a = p.parse_args()
    if shutil.which("soffice") is None:
        print("soffice not found: skipped")
        return 77
    scheme = os.path.join(a.data, "truong-hoc-2024-2025.toml")
    review_csv = os.path.join(a.data, "diem-hoi-dong.csv")
    self_csv = os.path.join(a.data, "diem-tu-cham.csv")
    with tempfile.TemporaryDirectory(prefix="thidua-xlsx-reads-") as tmp:
        profile = os.path.join(tmp, "profile")
        review_xlsx = convert(review_csv, tmp, profile)
        self_xlsx = convert(self_csv, tmp, profile)
        cases = [
            ("review", (review_csv,), (review_xlsx,)),
            ("review and self-scores", (review_csv, self_csv), (review_xlsx, self_xlsx)),
            ("self-scores as review", (self_csv,), (self_xlsx,)),
            ("sheet by name", (review_csv,), (review_xlsx + "!diem-hoi-dong",)),
        ]
        failed = 0
        for name, csv_args, xlsx_args in cases:
            from_csv = rank(a.thidua, scheme, *csv_args)
            from_xlsx = rank(a.thidua, scheme, *xlsx_args)
            if from_csv != from_xlsx or '"results"' not in from_csv:
                failed += 1
                print(f"FAIL {name}: the ranking from .xlsx differs from the CSV's")
            else:
                print(f"ok   {name}: {len(from_csv)} bytes of identical JSON")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
