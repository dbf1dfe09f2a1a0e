#!/bin/sh
# Regenerates the .xlsx fixtures of tests/unit/xlsx_reader_test.cpp:
#  - diem.xlsx, diem-loi.xlsx and diem-hoi-dong.xlsx are written by LibreOffice from the CSV
#    files beside them (and examples/data/diem-hoi-dong.csv), as an office would save them;
#    their sheet is named "Điểm" (LibreOffice names a converted sheet after its file);
#  - can-bo.xlsx and lich-su.xlsx are the sample's members and history files the same way
#    (sheets "Cán bộ" and "Lịch sử"; the history's year column imported as text), and
#    can-bo-loi.xlsx a members sheet "Sai" with a flag that is not yes/no in D3;
#  - ahp-dan-van.xlsx the sample's pairwise matrix, every cell imported as text ("1/3" as
#    typed with a leading apostrophe: Excel would otherwise make it a date);
#  - the edge cases no spreadsheet program writes on demand come from make-edge-cases.py.
# Needs soffice (LibreOffice) and python3. Run from anywhere: sh tests/data/xlsx/make-fixtures.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# CSV import options: comma, double quote, UTF-8, from line 1, column types (none, or e.g.
# "1/2": column 1 as text), en-US numbers.
convert() {  # convert SOURCE.csv SHEET-NAME OUTPUT.xlsx [COLUMN-TYPES]
  mkdir -p "$work/in" "$work/out"
  cp "$1" "$work/in/$2.csv"
  soffice --headless -env:UserInstallation="file://$work/profile" \
    --infilter="CSV:44,34,76,1,${4:-},1033" --convert-to xlsx --outdir "$work/out" "$work/in/$2.csv" >/dev/null
  mv "$work/out/$2.xlsx" "$3"
  rm -f "$work/in/$2.csv"
}

convert "$here/diem.csv" "Điểm" "$here/diem.xlsx"
convert "$here/diem-loi.csv" "Điểm" "$here/diem-loi.xlsx"
convert "$root/examples/data/diem-hoi-dong.csv" "diem-hoi-dong" "$here/diem-hoi-dong.xlsx"
convert "$root/examples/data/can-bo.csv" "Cán bộ" "$here/can-bo.xlsx"
convert "$root/examples/data/lich-su.csv" "Lịch sử" "$here/lich-su.xlsx" "1/2"
printf 'id,name,unit,flag:ky_luat,days_absent\nGV1,Nguyễn Văn A,MN01,0,3\nGV2,Trần Thị B,MN99,có lẽ,2\n' >"$work/sai.csv"
convert "$work/sai.csv" "Sai" "$here/can-bo-loi.xlsx"
convert "$root/examples/data/ahp-dan-van.csv" "AHP" "$here/ahp-dan-van.xlsx" "1/2/2/2/3/2/4/2/5/2/6/2/7/2/8/2"
python3 "$here/make-edge-cases.py" "$here"
