#!/usr/bin/env python3
"""Writes the hand-made .xlsx fixtures of tests/unit/xlsx_reader_test.cpp.

Each holds what real writers produce but a spreadsheet program will not write on demand:
inline strings, rows and cells without an `r` reference, numbers with 17 significant digits,
rich-text shared strings with phonetic runs, NFD text, namespace prefixes, error cells, a
formula saved without its value, broken zips and XML. The columns are those of the CSV
reader's test scheme (tests/unit/io_fixture.hpp): CM1 percent, CM2 count, CM3 yes/no,
DV1 points (max 15, step 0.25), DV2 points (max 10), bonus, deduction, flag:ky_luat.

Usage: python3 make-edge-cases.py OUTPUT_DIR   (called by make-fixtures.sh)
"""
import os
import sys
import unicodedata
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""

HEADER = ["id", "name", "group", "CM1", "CM2", "CM3", "DV1", "DV2", "bonus", "deduction", "flag:ky_luat"]


def workbook(sheets):
    """sheets: [(name, target)] → workbook.xml and its relationships."""
    entries = "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets))
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="{t}"/>' for i, (_, t) in enumerate(sheets))
    rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{entries}</sheets></workbook>",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">{rels}</Relationships>')


def write(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8") if isinstance(text, str) else text)


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def sheet_xml(rows, prefix=""):
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns}><{p}sheetData>'
            + "".join(rows) + f"</{p}sheetData></{p}worksheet>")


def hand_made(out):
    """tay.xlsx: sheets "Điểm" and "Tự chấm" in every form of cell a writer may use."""
    nfd_group = unicodedata.normalize("NFD", "Tiểu học")
    strings = HEADER + ["Trường Tiểu học Kim Đồng"]  # 0..10 the header, 11 a plain name
    sst = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    # 12: rich text with a phonetic run, which is not part of the text
    sst += ('<si><r><t xml:space="preserve">Trường </t></r><r><rPr><b/></rPr><t>Tiểu học</t></r>'
            '<r><t xml:space="preserve"> Lê Lợi</t></r><rPh sb="0" eb="1"><t>チュオン</t></rPh></si>')
    sst += f"<si><t>{escape(nfd_group)}</t></si>"  # 13: NFD
    sst += "<si><t>_x0054_rường THCS Nguyễn_x005F_Du</t></si>"  # 14: OOXML escapes → "Trường THCS Nguyễn_Du"
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<sst xmlns="{MAIN}" count="{len(strings) + 3}" uniqueCount="{len(strings) + 3}">{sst}</sst>')

    def s(ref, index):
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    cols = "ABCDEFGHIJK"
    scores = [
        # 1: a title; 2: criterion names; 3: nothing; 4: the header
        '<row r="1">' + inline("A1", "Bảng điểm thi đua năm học 2024-2025") + "</row>",
        '<row r="2">' + inline("D2", "Huy động") + inline("G2", "Dân chủ") + "</row>",
        '<row r="4">' + "".join(s(f"{cols[i]}4", i) for i in range(len(HEADER))) + "</row>",
        # 5: shared strings, a 17-digit number, a boolean, a formula with its value
        '<row r="5">' + inline("A5", "X01") + s("B5", 11) + s("C5", 13)
        + '<c r="D5"><v>97.340000000000003</v></c><c r="E5"><v>3</v></c><c r="F5" t="b"><v>1</v></c>'
        + '<c r="G5"><v>12.25</v></c><c r="H5" s="1"><v>7.0999999999999996</v></c>'
        + '<c r="I5"><f>1+0.5</f><v>1.5</v></c><c r="J5"/><c r="K5" t="b"><v>0</v></c></row>',
        # 6: no r on the row nor on its cells; inline strings; a string formula result
        "<row>" + '<c t="inlineStr"><is><t>X02</t></is></c>' + s("", 12).replace(' r=""', "")
        + '<c t="str"><f>C5</f><v>' + escape(nfd_group) + "</v></c>"
        + "<c><v>100</v></c><c><v>0</v></c>"
        + '<c t="inlineStr"><is><t>không</t></is></c><c><v>15</v></c><c><v>10</v></c><c/><c><v>2.5</v></c>'
        + '<c t="b"><v>1</v></c></row>',
        # 7: cells with and without r; a quote and a comma in a name; a gap (H7 empty)
        '<row r="7">' + inline("A7", "X03") + inline("B7", 'Trường "Ánh Dương", cơ sở 1')
        + '<c t="inlineStr"><is><t>THCS</t></is></c>' + '<c r="D7"><v>9.5E1</v></c><c><v>1</v></c>'
        + inline("F7", "có") + '<c r="G7"><v>0.25</v></c>' + '<c r="I7"><v>0</v></c></row>',
        # 8: OOXML escapes
        '<row r="8">' + inline("A8", "X04") + s("B8", 14) + inline("C8", "THCS") + '<c r="D8"><v>0</v></c>'
        + '<c r="E8"><v>0</v></c>' + inline("F8", "N/A") + '<c r="G8"><v>1.0000000000000001E1</v></c></row>',
    ]
    self_scores = [  # x:-prefixed elements, header in row 1
        '<x:row r="1">' + "".join(f'<x:c r="{cols[i]}1" t="s"><x:v>{i}</x:v></x:c>' for i in range(len(HEADER))) + "</x:row>",
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>X01</x:t></x:is></x:c><x:c r="D2"><x:v>99</x:v></x:c>'
        '<x:c r="E2"><x:v>4</x:v></x:c><x:c r="F2" t="b"><x:v>1</x:v></x:c><x:c r="G2"><x:v>14</x:v></x:c>'
        '<x:c r="H2"><x:v>8</x:v></x:c></x:row>',
    ]
    wb, rels = workbook([("Điểm", "/xl/worksheets/sheet1.xml"), ("Tự chấm", "worksheets/sheet2.xml")])
    write(os.path.join(out, "tay.xlsx"), {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": wb,
        "xl/_rels/workbook.xml.rels": rels, "xl/sharedStrings.xml": shared,
        "xl/worksheets/sheet1.xml": sheet_xml(scores), "xl/worksheets/sheet2.xml": sheet_xml(self_scores, "x"),
    })


def minimal(out, name, rows, sheet="Điểm", extra=None, shared=None):
    wb, rels = workbook([(sheet, "worksheets/sheet1.xml")])
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": wb,
             "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": sheet_xml(rows)}
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    parts.update(extra or {})
    write(os.path.join(out, name), parts)


def header_row(r):
    return f'<row r="{r}">' + "".join(inline(f"{'ABCDEFGHIJK'[i]}{r}", h) for i, h in enumerate(HEADER)) + "</row>"


def cell_errors(out):
    """loi-o.xlsx: an error value (D3), a formula saved without its value (H3), a shared
    formula without one (H4), and an error in the title row, which is not read."""
    rows = [
        '<row r="1">' + inline("A1", "Bảng điểm") + '<c r="B1" t="e"><v>#N/A</v></c></row>',
        header_row(2),
        '<row r="3">' + inline("A3", "X01") + '<c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="G3"><v>10</v></c><c r="H3"><f>SUM(G3:G3)</f></c></row>',
        '<row r="4">' + inline("A4", "X02") + '<c r="D4"><v>90</v></c><c r="G4"><v>10</v></c>'
        '<c r="H4"><f t="shared" si="0"/></c></row>',
    ]
    minimal(out, "loi-o.xlsx", rows)


def long_layout(out):
    """dai.xlsx: the long layout with self and review rows."""
    rows = ['<row r="1">' + "".join(inline(f"{c}1", h) for c, h in zip("ABCD", ["id", "criterion", "value", "assessor"])) + "</row>"]
    data = [("X01", "CM1", "99", "hội đồng"), ("X01", "DV1", "14.5", "hội đồng"), ("X01", "DV1", "15", "tự chấm"),
            ("X02", "DV2", "7.0999999999999996", "")]
    for r, (i, c, v, a) in enumerate(data, start=2):
        rows.append(f'<row r="{r}">' + inline(f"A{r}", i) + inline(f"B{r}", c) + f'<c r="C{r}"><v>{v}</v></c>'
                    + (inline(f"D{r}", a) if a else "") + "</row>")
    minimal(out, "dai.xlsx", rows)


def broken(out):
    with open(os.path.join(out, "khong-phai-zip.xlsx"), "w", encoding="utf-8") as f:
        f.write("id,name\nX01,Trường A\n")
    write(os.path.join(out, "thieu-workbook.xlsx"), {"[Content_Types].xml": CONTENT_TYPES})
    minimal(out, "xml-hong.xlsx", [header_row(1), '<row r="2"><c r="A2" t="inlineStr"><is><t>X01'])
    minimal(out, "chuoi-chung-sai.xlsx", [header_row(1), '<row r="2"><c r="A2" t="s"><v>7</v></c></row>'],
            shared=f'<sst xmlns="{MAIN}"><si><t>X</t></si></sst>')
    minimal(out, "o-sai.xlsx", [header_row(1), '<row r="2"><c r="A0" t="inlineStr"><is><t>X</t></is></c></row>'])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    hand_made(out)
    cell_errors(out)
    long_layout(out)
    broken(out)


if __name__ == "__main__":
    main()
