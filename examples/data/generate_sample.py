#!/usr/bin/env python3
"""Regenerates the bundled sample data of thidua and the titles it must give.

    python3 examples/data/generate_sample.py            # rewrites the CSV files
    python3 examples/data/generate_sample.py --report   # also prints the expected ranking
                                                        # and the titles summary
    python3 examples/data/generate_sample.py --check    # fails if a CSV file differs

Writes, next to this script:
  diem-hoi-dong.csv    review scores (điểm hội đồng thi đua chấm lại)
  diem-tu-cham.csv     self-scores (điểm các trường tự chấm)
for 60 schools in three emulation blocks (khối thi đua Mầm non, Tiểu học, THCS) under the
sample scheme truong-hoc-2024-2025.toml, which the script reads so the two stay in step; and
  can-bo.csv           the staff of those schools (members file: flags, days_absent, months)
  diem-ca-nhan.csv     the staff's scores under the individual scheme ca-nhan-2024-2025.toml
  lich-su.csv          classes and titles of 2021-2022 to 2023-2024 (history, two revoked)
  expected-titles.csv  the titles of every school and member this year under the preset
                       danh-hieu-toan-quoc.toml, as this script's own evaluator finds them

The data are fictional. They are drawn from a fixed-seed splitmix64 generator with integer
arithmetic only, so the output is byte-identical on every platform and Python version
(3.11+, for tomllib; standard library only). A handful of rows are written by hand to hold
the special cases the demo and the golden tests rely on; the script re-scores every row the
way the engine is specified to (engine.hpp, design.md) and stops with an error if one of
those cases no longer holds.

The titles evaluator (section "the evaluator") is independent of the C++ engine: it encodes
the preset's five rules by hand (and refuses to run if the preset says anything else),
reads the CSV files as written, scores the staff with the individual scheme in 1/10000
units, applies the CSTĐCS quota per school (15% of the LĐTT holders, rounded down, best total
first, then id), reads streaks from the history (revoked titles do not count) and compares
shares of members as exact fractions. expected-titles.csv is its result, for the C++ tests.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tomllib
import unicodedata
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEME_FILE = HERE / "truong-hoc-2024-2025.toml"
REVIEW_FILE = HERE / "diem-hoi-dong.csv"
SELF_FILE = HERE / "diem-tu-cham.csv"

SEED = 0x7468696475613235  # "thidua25"
U = 10_000                 # engine units: 1/10000 of a point
MASK = (1 << 64) - 1


# ----------------------------------------------------------------------------- random numbers

class Rng:
    """splitmix64: tiny, fast and the same everywhere."""

    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def between(self, lo: int, hi: int) -> int:
        """Uniform integer in [lo, hi] (modulo bias is irrelevant here)."""
        return lo + self.next() % (hi - lo + 1)

    def chance(self, percent: int) -> bool:
        return self.next() % 100 < percent


# ----------------------------------------------------------------------------- numbers

def to_units(x) -> int:
    """A TOML number (int or float with at most 4 decimals) in units."""
    if isinstance(x, int):
        return x * U
    text = repr(x)
    whole, _, frac = text.partition(".")
    frac = (frac + "0000")[:4]
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * U + int(frac))


def div_half_up(num: int, den: int) -> int:
    """num / den rounded half away from zero (num >= 0, den > 0 in practice)."""
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    return q if num >= 0 else -q


def round_units(units: int, places: int) -> int:
    step = 10 ** (4 - places)
    return div_half_up(units, step) * step


def fmt(units: int) -> str:
    """Shortest exact decimal text: 12.5, 8, 0.25, 98.72."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), U)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{frac:04d}".rstrip("0")


def fmt2(units: int) -> str:
    whole, frac = divmod(abs(units), U)
    return f"{'-' if units < 0 else ''}{whole}.{frac // 100:02d}"


def percent_of(part: int, whole: int) -> int:
    """part / whole in percent, rounded to 2 decimals the way a school's report does, in units."""
    return div_half_up(part * 100 * 100, whole) * 100


NA = None  # an N/A cell


# ----------------------------------------------------------------------------- the scheme

class Scheme:
    def __init__(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        if unicodedata.normalize("NFC", text) != text:
            raise SystemExit(f"{path.name}: not NFC")
        d = tomllib.loads(text)
        self.precision = d["scheme"]["precision"]
        self.families = [f["id"] for f in d["family"]]
        self.share = {f["id"]: to_units(f["weight"]) for f in d["family"]}
        self.criteria = []
        for c in d["criterion"]:
            self.criteria.append({
                "id": c["id"],
                "family": c["family"],
                "max": to_units(c["max"]),
                "input": c.get("input", "points"),
                "step": to_units(c["step"]) if "step" in c else None,
                "tiers": [(to_units(t), to_units(p)) for t, p in c.get("tiers", [])],
                "linear": ((to_units(c["linear"]["full"]), to_units(c["linear"]["zero"]))
                           if "linear" in c else None),
            })
        self.by_id = {c["id"]: c for c in self.criteria}
        # An individual scheme may have no [bonus] / [deduction] table: nothing to add.
        self.bonus_max = to_units(d["bonus"]["max"]) if "bonus" in d else 0
        self.deduction_max = to_units(d["deduction"]["max"]) if "deduction" in d else 0
        self.classes = [(c["id"], to_units(c["min"]),
                         {f: to_units(v) for f, v in c.get("min_family", {}).items()})
                        for c in d["class"]]
        self.class_ids = [c[0] for c in self.classes]
        self.vetoes = d["veto"]
        self.order = d["ranking"]["order"]

    def points(self, c: dict, v) -> int:
        """Points of one criterion, or None for N/A (as the engine scores it)."""
        if v is NA:
            return None
        kind = c["input"]
        if kind == "yes_no":
            return c["max"] if v else 0
        if c["tiers"]:
            for threshold, pts in c["tiers"]:
                if v >= threshold:
                    return pts
            return 0
        if c["linear"]:
            full, zero = c["linear"]
            better_low = full < zero
            if (v <= full) if better_low else (v >= full):
                return c["max"]
            if (v >= zero) if better_low else (v <= zero):
                return 0
            return div_half_up(c["max"] * abs(zero - v), abs(zero - full))
        return v

    def check_value(self, c: dict, v) -> None:
        if v is NA:
            return
        kind = c["input"]
        if kind == "yes_no":
            assert v in (0, U), (c["id"], v)
        elif kind == "percent":
            assert 0 <= v <= 100 * U, (c["id"], v)
        elif kind == "count":
            assert v >= 0 and v % U == 0, (c["id"], v)
        else:
            assert 0 <= v <= c["max"], (c["id"], v)
            if c["step"]:
                assert v % c["step"] == 0, (c["id"], v)

    def score(self, row: dict) -> dict:
        """Families, total, class by score and final class of one row."""
        raw = {f: 0 for f in self.families}
        app = {f: 0 for f in self.families}
        pts = {}
        for c in self.criteria:
            p = self.points(c, row["values"][c["id"]])
            pts[c["id"]] = p
            if p is not None:
                raw[c["family"]] += p
                app[c["family"]] += c["max"]
        exact = {f: div_half_up(raw[f] * self.share[f], app[f]) for f in self.families}
        # Single rounding of the exact fraction, to detect totals whose published value
        # would depend on where the engine rounds.
        single = {f: (raw[f] * self.share[f], app[f]) for f in self.families}
        published = {f: round_units(exact[f], self.precision) for f in self.families}
        bonus = min(row["bonus"], self.bonus_max)
        deduction = min(row["deduction"], self.deduction_max)
        total_exact = sum(exact.values()) + bonus - deduction
        total = round_units(total_exact, self.precision)
        alt = round_units(sum(published.values()) + bonus - deduction, self.precision)
        den = 1
        for n, d in single.values():
            den *= d
        num = sum(n * den // d for n, d in single.values()) + (bonus - deduction) * den
        step = 10 ** (4 - self.precision)
        alt2 = div_half_up(num, den * step) * step
        by_score = None
        for cid, cmin, fmins in self.classes:
            if total >= cmin and all(published[f] >= m for f, m in fmins.items()):
                by_score = cid
                break
        final = by_score
        excluded = False
        for v in self.vetoes:
            if row["flags"].get(v.get("flag", v["id"])):
                if v.get("exclude"):
                    excluded = True
                elif "cap_class" in v:
                    cap = self.class_ids.index(v["cap_class"])
                    final = self.class_ids[max(cap, self.class_ids.index(final))]
        if excluded:
            by_score = final = None
        return {"points": pts, "exact": exact, "published": published, "total": total,
                "total_exact": total_exact, "ambiguous": alt != total or alt2 != total,
                "by_score": by_score, "class": final, "excluded": excluded,
                "bonus": bonus, "deduction": deduction}

    def sort_key(self, row: dict, s: dict):
        key = []
        for k in self.order:
            if k == "class":
                key.append(self.class_ids.index(s["class"]))
            elif k == "total":
                key.append(-s["total"])
            elif k.startswith("family:"):
                key.append(-s["published"][k[7:]])
            elif k.startswith("criterion:"):
                key.append(-(s["points"][k[10:]] or 0))
            elif k == "id":
                key.append(row["id"])
            elif k == "name":
                key.append(row["name"])
        return tuple(key)


# ----------------------------------------------------------------------------- the schools

MAM_NON = ["Hoa Sen", "Hoa Mai", "Sơn Ca", "Họa Mi", "Vành Khuyên", "Búp Sen Hồng",
           "Tuổi Thơ", "Măng Non", "Hướng Dương", "Sao Mai", "Ánh Dương", "Thỏ Ngọc",
           "Hoa Phượng", "Rạng Đông", "Bình Minh", "Hoa Lan", "Sen Hồng", "Hoa Hồng",
           "Tuổi Ngọc", "Bông Sen"]
TIEU_HOC = ["Kim Đồng", "Lê Văn Tám", "Võ Thị Sáu", "Nguyễn Trãi", "Trần Quốc Toản",
            "Lý Tự Trọng", "Phan Chu Trinh", "Lê Quý Đôn", "Nguyễn Văn Trỗi", "Chu Văn An",
            "Trần Phú", "Bình Chuẩn", "An Phú", "Lái Thiêu", "Hưng Định", "Thuận Giao",
            "Bình Nhâm", "Vĩnh Phú", "Bình Hòa", "Nguyễn Hiền"]
THCS = ["Nguyễn Du", "Trần Văn Ơn", "Nguyễn Trường Tộ", "Châu Văn Liêm", "Nguyễn Văn Cừ",
        "Trịnh Hoài Đức", "Lê Lợi", "Quang Trung", "Nguyễn Thái Bình", "Võ Trường Toản",
        "Nguyễn Trung Trực", "Nguyễn Bỉnh Khiêm", "Lê Hồng Phong", "Trần Hưng Đạo",
        "Phan Bội Châu", "Huỳnh Văn Nghệ", "An Thạnh", "Thuận Giao", "Bình Chuẩn", "An Sơn"]
BLOCKS = [("MN", "Mầm non", "Trường Mầm non", MAM_NON),
          ("TH", "Tiểu học", "Trường Tiểu học", TIEU_HOC),
          ("THCS", "THCS", "Trường THCS", THCS)]

# Rows written by hand (raw values as they appear in the sheet). Percent cells are what the
# school's report gives; yes_no 1/0; counts whole numbers. See README.md for why each exists.
HAND = {
    # Total ≥ 90 but công tác dân vận 23.5 < 24: "Hoàn thành tốt", not "xuất sắc".
    "MN03": dict(CM1="99.41", CM2="0.28", CM3="14.25", CM4="1", CM5="7.5", CM6="100",
                 CM7="7.5", CM8="8", DV1="5.25", DV2="1", DV3="96.3", DV4="4", DV5="2",
                 DV6="2.25", DV7="1"),
    # A new school (thành lập 2024): kiểm định chất lượng not yet applicable → N/A.
    "MN16": dict(CM1="98.6", CM2="0.41", CM3="12.5", CM4="N/A", CM5="6.5", CM6="100",
                 CM7="7.25", CM8="7.5", DV1="5", DV2="1", DV3="100", DV4="4", DV5="2",
                 DV6="2.25", DV7="1"),
    # No administrative dossier in the year (0 of 0): cải cách hành chính ratio N/A.
    "MN12": dict(CM1="97.92", CM2="0.35", CM3="12", CM4="1", CM5="6.5", CM6="95.45",
                 CM7="6.25", CM8="7", DV1="5", DV2="1", DV3="N/A", DV4="4.5", DV5="2",
                 DV6="2.5", DV7="1"),
    # Score alone is "xuất sắc" (93.75, dân vận 27.5) but an official was disciplined:
    # capped to "Hoàn thành nhiệm vụ" by veto ky_luat.
    "TH15": dict(CM1="99.65", CM2="0.12", CM3="13.5", CM4="1", CM5="7.5", CM6="100",
                 CM7="6.75", CM8="7.5", DV1="5.75", DV2="1", DV3="100", DV4="4.5", DV5="2",
                 DV6="2.25", DV7="3"),
    # Bonus 7 claimed, counted 5 (the cap): 84.75 + 5 = 89.75 "tốt" (uncapped 91.75).
    "TH04": dict(CM1="98.12", CM2="0.45", CM3="12", CM4="1", CM5="6.5", CM6="96.67",
                 CM7="6", CM8="7", DV1="5.5", DV2="1", DV3="100", DV4="4.5", DV5="2",
                 DV6="2.25", DV7="2"),
    # Exactly 90.00 with dân vận 26: reaches "xuất sắc" (min = 90 is inclusive).
    "THCS01": dict(CM1="99.12", CM2="0.36", CM3="12.5", CM4="1", CM5="7", CM6="100",
                   CM7="6.5", CM8="7", DV1="5.5", DV2="1", DV3="97.5", DV4="4.5", DV5="2.5",
                   DV6="2.5", DV7="2"),
    # Drop-out 0.97% → 8 × (3 − 0.97) ÷ 2.5 = 6.496 points: total 89.996, published 90.00,
    # and classes compare the published total → "xuất sắc".
    "THCS07": dict(CM1="99.3", CM2="0.97", CM3="13.5", CM4="1", CM5="7", CM6="100",
                   CM7="6.5", CM8="7.5", DV1="5.5", DV2="1", DV3="100", DV4="4.5", DV5="2",
                   DV6="2", DV7="2"),
}
HAND_EXTRA = {
    "TH04": dict(bonus="7"),
    "TH15": dict(bonus="0", flags={"ky_luat": 1}),
    "THCS17": dict(deduction="3", flags={"vi_pham_nghiem_trong": 1}),
}
# Latent quality (per mille) of some schools: weaker ones this year, and the tie pairs
# (drawn alike so that a small adjustment ties them).
QUALITY = {"MN09": 600, "TH17": 640, "THCS11": 590, "THCS19": 610, "MN19": 650,
           "TH06": 850, "TH10": 850, "THCS04": 830, "THCS13": 830}
# Pushed below 50 by deductions (under the cap of 10): "Không hoàn thành nhiệm vụ".
DEDUCT_HARD = {"THCS11": 6}
# Equal totals: TH06 and TH10 differ in dân vận (first tie-breaker); THCS04 and THCS13
# have the same dân vận too and differ in CM3 (second tie-breaker).
TIE_PAIRS = [("TH06", "TH10", "family"), ("THCS04", "THCS13", "criterion")]
# Self-scores equal to the review, and self-scores below it (a modest school).
SELF_EQUAL = {"MN05", "TH02", "THCS09", "TH19"}
SELF_LOWER = {"MN14", "THCS15"}


def parse_cell(text: str):
    if text == "N/A":
        return NA
    whole, _, frac = text.partition(".")
    return int(whole) * U + int((frac + "0000")[:4])


def make_review(scheme: Scheme, rng: Rng) -> list[dict]:
    rows = []
    for prefix, group, kind, names in BLOCKS:
        for i, base in enumerate(names, start=1):
            sid = f"{prefix}{i:02d}"
            q = QUALITY.get(sid, rng.between(760, 955))
            qd = max(300, min(1000, q + rng.between(-70, 45)))  # dân vận quality
            values = {}
            for c in scheme.criteria:
                qq = qd if c["family"] == "dan_van" else q
                values[c["id"]] = draw(c, qq, group, rng)
            row = {"id": sid, "name": f"{kind} {base}", "group": group, "values": values,
                   "bonus": 0, "deduction": 0, "flags": {}}
            if rng.chance(18):
                row["bonus"] = rng.between(1, 6) * U // 2        # 0.5 .. 3
            if rng.chance(14) or q < 650:
                row["deduction"] = rng.between(1, 8) * U // 2    # 0.5 .. 4
            if sid in DEDUCT_HARD:
                row["deduction"] = DEDUCT_HARD[sid] * U
            if sid in HAND:
                row["values"] = {k: parse_cell(v) for k, v in HAND[sid].items()}
                row["bonus"] = row["deduction"] = 0
            extra = HAND_EXTRA.get(sid, {})
            if "bonus" in extra:
                row["bonus"] = parse_cell(extra["bonus"])
            if "deduction" in extra:
                row["deduction"] = parse_cell(extra["deduction"])
            row["flags"] = dict(extra.get("flags", {}))
            rows.append(row)
    return rows


def draw(c: dict, q: int, group: str, rng: Rng):
    """A raw value for criterion c of a school of quality q (per mille)."""
    cid = c["id"]
    if cid == "CM1":    # enrolled / children of school age
        pop = rng.between(180, 650) if group == "Mầm non" else rng.between(400, 1600)
        short = div_half_up(pop * (1000 - q) * rng.between(1, 9), 100_000)
        return percent_of(pop - short, pop)
    if cid == "CM2":    # drop-outs / pupils
        pupils = rng.between(150, 600) if group == "Mầm non" else rng.between(450, 1800)
        out = div_half_up(pupils * (1000 - q) * rng.between(0, 7), 100_000)
        return percent_of(out, pupils)
    if cid == "CM6":    # qualified teachers / teachers
        teachers = rng.between(18, 75)
        missing = rng.between(0, max(0, (1000 - q) // 70))
        return percent_of(teachers - missing, teachers)
    if cid == "DV3":    # dossiers on time / dossiers
        dossiers = rng.between(20, 120)
        late = rng.between(0, max(0, (1000 - q) // 110))
        return percent_of(dossiers - late, dossiers)
    if c["input"] == "yes_no":
        return U if rng.chance(96 if q >= 780 else 55) else 0
    if c["input"] == "count":   # "Dân vận khéo" models recognised
        return (rng.between(0, 1) + (q >= 760) + (q >= 880) + (q >= 940 and rng.chance(50))) * U
    # Assessor points: around q per mille of the maximum, on the step.
    step = c["step"] or U
    n = c["max"] // step
    k = div_half_up(n * q, 1000) + rng.between(-1, 1)
    return max(0, min(n, k)) * step


def shift(scheme: Scheme, values: dict, knobs: list[str], delta: int) -> int:
    """Moves assessor points of `knobs` (coarse steps first) by `delta` units in total, within
    0..max. Returns what could not be moved."""
    for cid in sorted(knobs, key=lambda k: -scheme.by_id[k]["step"]):
        c = scheme.by_id[cid]
        step = c["step"]
        n = int(delta / step)             # toward zero
        lo, hi = -(values[cid] // step), (c["max"] - values[cid]) // step
        n = max(lo, min(hi, n))
        values[cid] += n * step
        delta -= n * step
    return delta


def solve_tie(scheme: Scheme, a: dict, b: dict, how: str) -> None:
    """Adjusts b's assessor points so that b's published total equals a's, keeping every
    value valid. how = "family": dân vận subtotals differ; "criterion": dân vận equal and
    CM3 differs (so the second tie-breaker decides)."""
    # Both drop-out rates at or below the full-points line so totals are on a 0.25 grid.
    for row in (a, b):
        row["values"]["CM2"] = min(row["values"]["CM2"], 48 * 100)
    b["bonus"], b["deduction"] = a["bonus"], a["deduction"]
    sa, sb = scheme.score(a), scheme.score(b)
    vals = b["values"]
    if how == "criterion":
        left = shift(scheme, vals, ["DV1", "DV6", "DV4", "DV5"],
                     sa["published"]["dan_van"] - sb["published"]["dan_van"])
        if left:
            raise SystemExit(f"cannot give {b['id']} the dân vận of {a['id']}")
        sb = scheme.score(b)
        knobs = ["CM7", "CM5", "CM8"]
    else:
        knobs = ["CM3", "CM7", "CM5", "CM8"]
    if shift(scheme, vals, knobs, sa["total"] - sb["total"]):
        raise SystemExit(f"cannot tie {b['id']} to {a['id']}")
    sb = scheme.score(b)
    if how == "criterion" and sb["points"]["CM3"] == sa["points"]["CM3"]:
        d = -scheme.by_id["CM3"]["step"] if vals["CM3"] else scheme.by_id["CM3"]["step"]
        vals["CM3"] += d
        if shift(scheme, vals, ["CM7"], -d):
            raise SystemExit(f"cannot make CM3 decide between {a['id']} and {b['id']}")
    if how == "family" and sb["published"]["dan_van"] == sa["published"]["dan_van"]:
        if shift(scheme, vals, ["DV1"], 2500) or shift(scheme, vals, ["CM3"], -2500):
            raise SystemExit(f"cannot make dân vận decide between {a['id']} and {b['id']}")


def make_self(scheme: Scheme, review: list[dict], rng: Rng) -> list[dict]:
    """Self-scores: mostly a little above the review, a few equal, a couple below."""
    out = []
    for r in review:
        s = dict(r, values=dict(r["values"]), flags=dict(r["flags"]))
        if r["id"] in SELF_EQUAL:
            out.append(s)
            continue
        lower = r["id"] in SELF_LOWER
        changed = False
        for c in scheme.criteria:
            v = s["values"][c["id"]]
            if v is NA:
                continue
            if c["input"] == "yes_no":
                if not lower and v == 0 and rng.chance(50):
                    s["values"][c["id"]] = U
                    changed = True
            elif c["input"] == "count":
                if not lower and rng.chance(25):
                    s["values"][c["id"]] = v + U
                    changed = True
            elif c["input"] == "percent":
                # The school counts its own ratio a little more favourably.
                if lower:
                    continue
                if c["linear"]:   # lower is better
                    if v > 0 and rng.chance(35):
                        s["values"][c["id"]] = v - min(v, rng.between(5, 40) * 100)
                        changed = True
                elif v < 100 * U and rng.chance(35):
                    s["values"][c["id"]] = min(100 * U, v + rng.between(20, 150) * 100)
                    changed = True
            else:
                step = c["step"] or U
                if lower:
                    if rng.chance(45) and v >= step:
                        s["values"][c["id"]] = v - step * rng.between(1, 2)
                        changed = True
                elif rng.chance(40):
                    s["values"][c["id"]] = min(c["max"], v + step * rng.between(1, 2))
                    changed = True
        if not lower:
            if rng.chance(30):
                s["bonus"] = r["bonus"] + rng.between(1, 4) * U // 2
            if r["deduction"] and rng.chance(40):
                s["deduction"] = max(0, r["deduction"] - rng.between(1, 4) * U // 2)
        if not changed and not lower:   # make sure "higher" really is higher
            c = scheme.by_id["CM3"]
            s["values"]["CM3"] = min(c["max"], s["values"]["CM3"] + c["step"])
        out.append(s)
    return out


# ----------------------------------------------------------------------------- output

def to_csv(scheme: Scheme, rows: list[dict]) -> str:
    flags = [v["id"] for v in scheme.vetoes]
    head = (["id", "name", "group"] + [c["id"] for c in scheme.criteria]
            + ["bonus", "deduction"] + [f"flag:{f}" for f in flags])
    lines = [",".join(head)]
    for r in rows:
        for c in scheme.criteria:
            scheme.check_value(c, r["values"][c["id"]])
        cells = [r["id"], r["name"], r["group"]]
        for c in scheme.criteria:
            v = r["values"][c["id"]]
            if v is NA:
                cells.append("N/A")
            else:
                cells.append(fmt(v))
        cells += [fmt(r["bonus"]), fmt(r["deduction"])]
        cells += [str(r["flags"].get(f, 0)) for f in flags]
        for cell in cells:
            assert "," not in cell and '"' not in cell and "\n" not in cell, cell
        lines.append(",".join(cells))
    text = "\n".join(lines) + "\n"
    assert unicodedata.normalize("NFC", text) == text
    return text


def ranked(scheme: Scheme, rows: list[dict]):
    scored = [(r, scheme.score(r)) for r in rows]
    result = []
    for _, group, _, _ in BLOCKS:
        block = [(r, s) for r, s in scored if r["group"] == group and not s["excluded"]]
        block.sort(key=lambda rs: scheme.sort_key(*rs))
        for pos, (r, s) in enumerate(block, start=1):
            result.append((pos, r, s))
        result += [(0, r, s) for r, s in scored if r["group"] == group and s["excluded"]]
    return result


def check(scheme: Scheme, review: list[dict], selfs: list[dict]) -> list[str]:
    """The special cases README.md promises, and the overall shape of the data."""
    by = {r["id"]: (r, scheme.score(r)) for r in review}
    me = {r["id"]: (r, scheme.score(r)) for r in selfs}

    failures = []

    def need(cond: bool, what: str) -> None:
        if not cond:
            failures.append(what)

    for sid, (r, s) in by.items():
        need(not s["ambiguous"], f"{sid}: published total depends on where rounding happens")
        need(s["total_exact"] <= 100 * U and me[sid][1]["total_exact"] <= 100 * U,
             f"{sid}: total above 100")
    r, s = by["MN03"]
    need(s["total"] >= 90 * U and s["published"]["dan_van"] < 24 * U and s["class"] == "tot",
         "MN03 ≥ 90 with dân vận < 24 → tot")
    need(by["MN16"][0]["values"]["CM4"] is NA and by["MN12"][0]["values"]["DV3"] is NA, "N/A cells")
    r, s = by["TH15"]
    need(s["by_score"] == "xuat_sac" and s["class"] == "hoan_thanh", "TH15 ky_luat capped")
    r, s = by["TH04"]
    need(r["bonus"] > scheme.bonus_max and s["class"] == "tot"
         and s["total"] + r["bonus"] - s["bonus"] >= 90 * U, "TH04 bonus over the cap")
    r, s = by["THCS01"]
    need(s["total_exact"] == 90 * U and s["class"] == "xuat_sac", "THCS01 exactly 90")
    r, s = by["THCS07"]
    need(s["total_exact"] == 899960 and s["total"] == 90 * U and s["class"] == "xuat_sac",
         "THCS07 89.996 → 90.00")
    need(by["THCS17"][1]["excluded"], "THCS17 excluded")
    need(by["THCS11"][1]["class"] == "khong_hoan_thanh", "THCS11 below 50")
    for a, b, how in TIE_PAIRS:
        sa, sb = by[a][1], by[b][1]
        need(sa["total"] == sb["total"], f"{a}/{b} tie")
        if how == "family":
            need(sa["published"]["dan_van"] != sb["published"]["dan_van"], f"{a}/{b} dv differs")
        else:
            need(sa["published"]["dan_van"] == sb["published"]["dan_van"]
                 and sa["points"]["CM3"] != sb["points"]["CM3"], f"{a}/{b} CM3 decides")
    totals = [s["total"] for _, s in by.values()]
    in_band = sum(70 * U <= t <= 95 * U for t in totals)
    need(in_band >= 45, f"most totals in 70..95 ({in_band})")
    need(3 <= sum(t < 70 * U for t in totals) <= 8, "a few below 70")
    higher = sum(me[k][1]["total"] > by[k][1]["total"] for k in by)
    equal = sum(me[k][1]["total"] == by[k][1]["total"] for k in by)
    lower = sum(me[k][1]["total"] < by[k][1]["total"] for k in by)
    need(higher >= 48 and equal >= 3 and lower >= 2, f"self vs review {higher}/{equal}/{lower}")
    return failures


def report(scheme: Scheme, review: list[dict], selfs: list[dict]) -> None:
    me = {r["id"]: scheme.score(r) for r in selfs}
    print(f"{'rank':>4} {'id':7} {'CM':>6} {'DV':>6} {'+':>4} {'-':>4} {'total':>6} "
          f"{'self':>6} {'by score':<17} {'class':<17} name")
    for pos, r, s in ranked(scheme, review):
        print(f"{pos:>4} {r['id']:7} {fmt2(s['published']['chuyen_mon']):>6} "
              f"{fmt2(s['published']['dan_van']):>6} {fmt(s['bonus']):>4} "
              f"{fmt(s['deduction']):>4} {fmt2(s['total']):>6} {fmt2(me[r['id']]['total']):>6} "
              f"{str(s['by_score']):<17} {str(s['class']):<17} {r['name']}")


# ============================================================================= the staff

# The individual scheme, the titles preset and the files written from them. The unit scheme
# names the first two in its [members] and [awards] tables; the script checks that it does.
MEMBER_SCHEME_FILE = HERE / "ca-nhan-2024-2025.toml"
PRESET_FILE = HERE / "danh-hieu-toan-quoc.toml"
MEMBERS_FILE = HERE / "can-bo.csv"
MEMBER_SCORES_FILE = HERE / "diem-ca-nhan.csv"
HISTORY_FILE = HERE / "lich-su.csv"
EXPECTED_FILE = HERE / "expected-titles.csv"

MEMBER_SEED = 0x63616E2D626F3235   # "can-bo25"
HISTORY_SEED = 0x6C6963682D737532  # "lich-su2"
GOLDEN = 0x9E3779B97F4A7C15
HALF = U // 2                      # the individual scheme's assessor points are in steps of 0.5
MEMBER_FLAGS = ["ky_luat", "ky_luat_canh_cao", "sang_kien", "nghien_cuu", "sang_kien_cap_tinh"]
THIS_YEAR = 2025                   # school year 2024-2025
PAST_YEARS = [2022, 2023, 2024]    # 2021-2022, 2022-2023, 2023-2024


def year_text(year: int) -> str:
    return f"{year - 1}-{year}"


# Names: a fixed list of family names (weighted roughly as in the South), middle names and
# given names. Written precomposed (NFC); the CSV writer checks it.
FAMILY_NAMES = [("Nguyễn", 30), ("Trần", 11), ("Lê", 10), ("Phạm", 7), ("Huỳnh", 6), ("Võ", 5),
                ("Phan", 4), ("Trương", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
                ("Ngô", 2), ("Dương", 2), ("Hoàng", 2), ("Lý", 1), ("Vũ", 1), ("Đinh", 1),
                ("Lâm", 1), ("Mai", 1), ("Cao", 1), ("Đoàn", 1), ("Tạ", 1), ("Lương", 1),
                ("Châu", 1), ("Tô", 1), ("Hà", 1), ("Thái", 1), ("La", 1), ("Quách", 1)]
MIDDLE_F = ["Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Hồng", "Minh", "Phương", "Hoài",
            "Diệu", "Bảo", "Khánh", "Thùy"]
GIVEN_F = ["Lan", "Hoa", "Hương", "Mai", "Thảo", "Trang", "Linh", "Nhung", "Hằng", "Yến",
           "Phượng", "Nga", "Thủy", "Hạnh", "Loan", "Dung", "Vân", "Ngân", "Hà", "Châu",
           "Trinh", "Tuyết", "Diễm", "Oanh", "Quyên", "Nhi", "Uyên", "Hiền", "Thư", "Tâm",
           "Thúy", "Liên", "Ánh", "Duyên", "Giang", "Huyền", "Ly", "My", "Ngọc", "Phương",
           "Quỳnh", "Sương", "Tiên", "Trâm", "Vy", "Xuân", "Diệp", "Hồng", "Kiều", "Như"]
MIDDLE_M = ["Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Hoàng", "Trọng", "Tấn", "Ngọc",
            "Xuân", "Thành", "Duy", "Anh"]
GIVEN_M = ["Hùng", "Dũng", "Minh", "Tuấn", "Phúc", "Long", "Nam", "Hải", "Sơn", "Tài",
           "Thắng", "Khoa", "Huy", "Bình", "Cường", "Đạt", "Hiếu", "Lộc", "Phong", "Quang",
           "Trung", "Vinh", "Tùng", "Thành", "Nghĩa", "Hòa", "Khải", "Kiên", "Luân", "Nhân",
           "Tâm", "Thiện", "Toàn", "Trí", "Vũ", "An", "Đông", "Hậu", "Khang", "Phát"]

# Staff per school (cán bộ quản lý, giáo viên, nhân viên) and the share of women.
UNIT_SIZE = {"Mầm non": (25, 31), "Tiểu học": (29, 37), "THCS": (37, 45)}
FEMALE_PERCENT = {"Mầm non": 97, "Tiểu học": 80, "THCS": 64}
# Chance (percent) that a member's year lands in each class (xuat_sac, tot, hoan_thanh,
# khong_hoan_thanh), by the school's class by score: good schools have good staff.
BANDS = {"xuat_sac": (24, 69, 7, 0), "tot": (13, 71, 13, 3), "other": (5, 62, 26, 7)}

# The special cases of the members' titles (README.md, "Titles"). Members are named by their
# school and their position in it (1 = the school's first member in can-bo.csv); the
# member ids follow from the draw and are printed by --report. A pinned member gets exactly
# these values: its total (the criteria are drawn to add up to it), its flags (the others 0),
# days_absent (default 0), months_in_service (default 12) and CSTDCS in earlier years.
REVOKE_REASON = ("Sáng kiến không đúng thực tế, thu hồi theo Quyết định số 1520/QĐ-UBND "
                 "ngày 18/11/2024 của Chủ tịch UBND huyện")
REVOKE_LDTT_REASON = ("Kê khai sai ngày công (nghỉ từ 40 ngày làm việc trở lên), thu hồi theo "
                      "Quyết định số 412/QĐ-UBND ngày 06/3/2023 của Chủ tịch UBND huyện")
STAR = {"sang_kien", "sang_kien_cap_tinh"}
PINS = {
    # CSTĐCS in 2022-2023 and 2023-2024, CSTĐCS again this year (best total of the school, so
    # inside the quota) and a provincial initiative: Chiến sĩ thi đua cấp tỉnh.
    ("MN04", 1): dict(total="98", flags=STAR | {"nghien_cuu"}, cstdcs=[2022, 2023, 2024]),
    ("TH11", 2): dict(total="97.5", flags=STAR, cstdcs=[2023, 2024]),
    ("THCS02", 3): dict(total="96.5", flags=STAR, cstdcs=[2023, 2024]),
    ("THCS08", 1): dict(total="98.5", flags=STAR, cstdcs=[2022, 2023, 2024]),
    # The same, but the 2022-2023 CSTĐCS was revoked: the streak is 2 years, no CSTD_TINH.
    ("TH13", 1): dict(total="98", flags=STAR, cstdcs=[2022, 2023, 2024], revoked=[2023]),
    # The same history and initiative, but cut by this year's CSTĐCS quota (total 90.00, the
    # lowest xuất sắc): no CSTĐCS this year, so no streak.
    ("THCS03", 2): dict(total="90", flags=STAR, cstdcs=[2023, 2024]),
    # A streak without a provincial initiative: CSTĐCS, not CSTD_TINH.
    ("THCS16", 1): dict(total="96", flags={"sang_kien"}, cstdcs=[2023, 2024]),
    # LĐTT disqualifiers, each member rated tốt or better by score.
    ("TH20", 1): dict(total="85", days=40),        # 40 days: not < 40
    ("TH20", 2): dict(total="82", days=39),        # 39 days: LĐTT
    ("MN06", 1): dict(total="93", days=52, flags={"sang_kien"}),  # xuất sắc, long absence
    ("TH05", 1): dict(total="88", months=9),       # new, 9 months: not LĐTT
    ("TH05", 2): dict(total="84", months=10),      # new, 10 months: LĐTT
    ("THCS05", 1): dict(total="92", flags={"ky_luat"}),  # xuất sắc by score, disciplined
    # TH15's unit veto (an official disciplined): the official, khiển trách.
    ("TH15", 1): dict(total="81", flags={"ky_luat"}),
    # Tập thể LĐXS blocked only by one member disciplined at cảnh cáo (TH14 is xuất sắc).
    ("TH14", 3): dict(total="76", flags={"ky_luat", "ky_luat_canh_cao"}),
    # Tập thể LĐXS blocked by one member who did not complete the tasks (TH16, xuất sắc).
    ("TH16", 2): dict(total="46"),
    # Tập thể LĐTT blocked by one member disciplined at cảnh cáo (MN05, tốt).
    ("MN05", 2): dict(total="74", flags={"ky_luat", "ky_luat_canh_cao"}),
}
# Schools whose number of LĐTT is set exactly (with their size): MN19 exactly half (0.5 is not
# > 0.5: no Tập thể LĐTT), MN14 20 of 29 (0.6897 < 0.7: LĐTT but not LĐXS), THCS14 28 of 40
# (exactly 0.7 ≥ 0.7: LĐXS).
SHARE_FIXED = {"MN19": (28, 14), "MN14": (29, 20), "THCS14": (40, 28)}
# The school where two CSTĐCS candidates tie on total at the quota's cut: the id decides.
TIE_UNIT = "THCS20"
# Schools kept free of random cảnh cáo discipline (their unit titles are special cases).
PROTECTED = {"TH14", "TH16", "MN05", "MN19", "MN14", "THCS14"}
# An LĐTT of 2021-2022 revoked afterwards (a record only: nothing reads it this year).
REVOKED_LDTT = ("MN10", 2022)


def pick_weighted(rng: Rng, items: list[tuple[str, int]]) -> str:
    n = rng.between(0, sum(w for _, w in items) - 1)
    for item, w in items:
        if n < w:
            return item
        n -= w
    raise AssertionError


def draw_name(rng: Rng, female: bool) -> str:
    family = pick_weighted(rng, FAMILY_NAMES)
    if female:
        if rng.chance(60):
            middle = "Thị" + (" " + MIDDLE_F[rng.between(0, len(MIDDLE_F) - 1)]
                              if rng.chance(30) else "")
        else:
            middle = MIDDLE_F[rng.between(0, len(MIDDLE_F) - 1)]
        given = GIVEN_F[rng.between(0, len(GIVEN_F) - 1)]
    else:
        middle = "Văn" if rng.chance(45) else MIDDLE_M[rng.between(0, len(MIDDLE_M) - 1)]
        given = GIVEN_M[rng.between(0, len(GIVEN_M) - 1)]
    if given in middle.split():   # "Ngọc Ngọc"
        middle = "Thị" if female else "Văn"
    return f"{family} {middle} {given}"


def band_total(rng: Rng, band: int) -> int:
    """A total (units) in class band 0 xuat_sac, 1 tot, 2 hoan_thanh, 3 khong_hoan_thanh."""
    if band == 0:
        halves = 180 + min(rng.between(0, 15), rng.between(0, 15))          # 90 .. 97.5
    elif band == 1:
        halves = 140 + (rng.between(0, 39) + rng.between(0, 39)) // 2       # 70 .. 89.5
    elif band == 2:
        halves = 100 + max(rng.between(0, 39), rng.between(0, 39))          # 50 .. 69.5
    else:
        halves = 70 + rng.between(0, 29)                                    # 35 .. 49.5
    return halves * HALF


def draw_member(rng: Rng, idx: int, unit: dict, k: int, unit_key: str) -> dict:
    female = rng.chance(FEMALE_PERCENT[unit["group"]])
    name = draw_name(rng, female)
    roll = rng.between(0, 99)
    band = 0
    for p in BANDS[unit_key]:
        if roll < p:
            break
        roll -= p
        band += 1
    total = band_total(rng, min(band, 3))
    flags = dict.fromkeys(MEMBER_FLAGS, 0)
    flags["sang_kien"] = int(rng.chance((16, 11, 5, 3)[min(band, 3)]))
    flags["sang_kien_cap_tinh"] = int(flags["sang_kien"] and rng.chance(15))
    flags["nghien_cuu"] = int(rng.chance(3))
    flags["ky_luat"] = int(rng.between(0, 999) < 15)
    canh_cao = rng.chance(8)
    flags["ky_luat_canh_cao"] = int(flags["ky_luat"] and canh_cao
                                    and unit["id"] not in PROTECTED)
    roll = rng.between(0, 99)
    if roll < 55:
        days = 0
    elif roll < 94:
        days = rng.between(1, 10)
    elif roll < 99:
        days = rng.between(11, 39)
    else:
        days = rng.between(40, 75)
    roll = rng.between(0, 199)
    months = 12 if roll < 195 else rng.between(10, 11) if roll < 198 else rng.between(2, 9)
    roll = rng.between(0, 99)
    since = None if months < 12 else 2022 if roll < 88 else 2023 if roll < 94 else 2024
    m = {"id": f"GV{idx:04d}", "idx": idx, "k": k, "name": name, "unit": unit["id"],
         "total": total, "flags": flags, "days": days, "months": months, "since": since,
         "pin": None, "rng": rng}
    pin = PINS.get((unit["id"], k))
    if pin:
        m["pin"] = pin
        m["total"] = parse_cell(pin["total"])
        m["flags"] = {f: int(f in pin.get("flags", ())) for f in MEMBER_FLAGS}
        m["days"] = pin.get("days", 0)
        m["months"] = pin.get("months", 12)
        m["since"] = 2022 if m["months"] == 12 else None
    return m


def provisional_class(ms: Scheme, m: dict) -> str:
    """The class a member's target total gives (the individual scheme has no family minimum)."""
    cls = next(cid for cid, cmin, _ in ms.classes if m["total"] >= cmin)
    if m["flags"]["ky_luat"]:
        cap = ms.class_ids.index("hoan_thanh")
        cls = ms.class_ids[max(cap, ms.class_ids.index(cls))]
    return cls


def provisional_ldtt(ms: Scheme, m: dict) -> bool:
    return (ms.class_ids.index(provisional_class(ms, m)) <= ms.class_ids.index("tot")
            and not m["flags"]["ky_luat"] and m["days"] < 40 and m["months"] >= 10)


def provisional_candidates(ms: Scheme, um: list[dict]):
    """LĐTT count, quota limit and the CSTĐCS candidates best first, from target totals."""
    ld = [m for m in um if provisional_ldtt(ms, m)]
    cands = [m for m in ld if provisional_class(ms, m) == "xuat_sac"
             or m["flags"]["sang_kien"] or m["flags"]["nghien_cuu"]]
    cands.sort(key=lambda m: (-m["total"], m["id"]))
    return len(ld), len(ld) * 15 // 100, cands


def split_total(ms: Scheme, total: int, rng: Rng) -> dict:
    """Criterion values (units) that add up to `total`: the yes/no item, then the assessor
    points spread in proportion to their maxima, then a few random half-point moves."""
    halves = total // HALF
    assert halves * HALF == total
    values = {}
    points = [c for c in ms.criteria if c["input"] == "points"]
    room = sum(c["max"] for c in points) // HALF
    for c in ms.criteria:
        if c["input"] == "yes_no":
            yes = rng.chance(97 if halves >= 140 else 80 if halves >= 100 else 50)
            if halves > room:
                yes = True
            values[c["id"]] = U if yes else 0
            if yes:
                halves -= c["max"] // HALF
    assert 0 <= halves <= room
    top = [c["max"] // HALF for c in points]
    got = [halves * t // room for t in top]
    left = halves - sum(got)
    while left:
        i = rng.between(0, len(points) - 1)
        if got[i] < top[i]:
            got[i] += 1
            left -= 1
    for _ in range(10):
        i, j, d = rng.between(0, len(points) - 1), rng.between(0, len(points) - 1), rng.between(1, 2)
        if i != j and got[i] >= d and got[j] + d <= top[j]:
            got[i] -= d
            got[j] += d
    for c, g in zip(points, got):
        values[c["id"]] = g * HALF
    return values


def make_members(scheme: Scheme, ms: Scheme, review: list[dict]) -> list[dict]:
    rng = Rng(MEMBER_SEED)
    members = []
    for r in review:
        lo, hi = UNIT_SIZE[r["group"]]
        n = rng.between(lo, hi)
        n = SHARE_FIXED.get(r["id"], (n, 0))[0]
        by_score = scheme.score(r)["by_score"]
        key = by_score if by_score in ("xuat_sac", "tot") else "tot" if by_score is None else "other"
        for k in range(1, n + 1):
            idx = len(members) + 1
            members.append(draw_member(Rng(MEMBER_SEED ^ ((idx * GOLDEN) & MASK)), idx, r, k, key))
    by_unit = {}
    for m in members:
        by_unit.setdefault(m["unit"], []).append(m)
    # Exact LĐTT counts: demote the weakest LĐTT holders to hoàn thành, or promote the best
    # members who miss LĐTT only by their class.
    for uid, (_, want) in SHARE_FIXED.items():
        um = by_unit[uid]
        while True:
            ld = [m for m in um if provisional_ldtt(ms, m) and not m["pin"]]
            have = sum(provisional_ldtt(ms, m) for m in um)
            if have == want:
                break
            if have > want:
                m = min(ld, key=lambda m: (m["total"], m["id"]))
                m["total"] = (100 + m["idx"] * 7 % 40) * HALF          # 50 .. 69.5
            else:
                pool = [m for m in um if not m["pin"] and not provisional_ldtt(ms, m)
                        and not m["flags"]["ky_luat"] and m["days"] < 40 and m["months"] >= 10]
                if not pool:
                    raise SystemExit(f"cannot give {uid} {want} LĐTT")
                m = max(pool, key=lambda m: (m["total"], m["id"]))
                m["total"] = (140 + m["idx"] * 7 % 30) * HALF          # 70 .. 84.5
    # A tie on total at the CSTĐCS cut of TIE_UNIT: the first candidate left out gets the
    # total of the last one kept, so the id decides.
    _, limit, cands = provisional_candidates(ms, by_unit[TIE_UNIT])
    if len(cands) <= limit or limit == 0:
        raise SystemExit(f"{TIE_UNIT}: no CSTĐCS quota cut to tie")
    kept, out = cands[limit - 1], cands[limit]
    if out["pin"]:
        raise SystemExit(f"{TIE_UNIT}: the candidate at the cut is pinned")
    out["total"] = kept["total"]
    for m in members:
        m["values"] = split_total(ms, m["total"], m["rng"])
    return members


# ----------------------------------------------------------------------------- history

def make_history(scheme: Scheme, ms: Scheme, review: list[dict], members: list[dict]) -> list[tuple]:
    """Earlier years as thidua would have recorded them: each member's and school's class,
    drawn around this year's, and the titles the preset's rules gave (the CSTĐCS quota per
    school included; CSTD_TINH only in 2023-2024, the one year with three years of CSTĐCS
    inside the window). Rows (year, id, title, class, revoked, reason)."""
    order = ms.class_ids
    best = lambda cls, ref: order.index(cls) <= order.index(ref)   # noqa: E731

    def cls_of(total: int) -> str:
        return next(cid for cid, cmin, _ in ms.classes if total >= cmin)

    unit_past = {}
    for i, r in enumerate(review):
        rng = Rng(HISTORY_SEED ^ (((i + 1) * 0xD1B54A32D192ED03) & MASK))
        s = scheme.score(r)
        base = s["total"] if not s["excluded"] else s["total_exact"]
        unit_past[r["id"]] = {}
        for y in PAST_YEARS:
            t = max(40 * U, min(99 * U, base + rng.between(-12, 8) * HALF))
            unit_past[r["id"]][y] = cls_of(t)
    past = {}
    for m in members:
        rng = Rng(HISTORY_SEED ^ ((m["idx"] * GOLDEN) & MASK))
        past[m["id"]] = {}
        pin_years = (m["pin"] or {}).get("cstdcs", [])
        for y in PAST_YEARS:
            halves = max(70, min(198, m["total"] // HALF + rng.between(-16, 10)))
            rec = {"total": halves * HALF, "disq": rng.chance(3),
                   "canh_cao": rng.between(0, 999) < 3, "initiative": rng.chance(12),
                   "tinh": rng.chance(8), "pinned": y in pin_years}
            if rec["pinned"]:
                rec.update(total=max(rec["total"], 190 * HALF), disq=False, canh_cao=False)
            if m["since"] is not None and m["since"] <= y:
                rec["class"] = cls_of(rec["total"])
                past[m["id"]][y] = rec
    titles = {}   # (year, id) -> [title, ...]
    by_unit = {}
    for m in members:
        by_unit.setdefault(m["unit"], []).append(m)
    for y in PAST_YEARS:
        for r in review:
            um = [(m, past[m["id"]][y]) for m in by_unit[r["id"]] if y in past[m["id"]]]
            ld = []
            for m, rec in um:
                if best(rec["class"], "tot") and not rec["disq"] and not rec["canh_cao"]:
                    titles[(y, m["id"])] = ["LDTT"]
                    ld.append((m, rec))
            cands = [(m, rec) for m, rec in ld if rec["class"] == "xuat_sac" or rec["initiative"]
                     or rec["pinned"]]
            cands.sort(key=lambda mr: (not mr[1]["pinned"], -mr[1]["total"], mr[0]["id"]))
            limit = len(ld) * 15 // 100
            for pos, (m, rec) in enumerate(cands):
                if pos < limit:
                    titles[(y, m["id"])].append("CSTDCS")
                elif rec["pinned"]:
                    raise SystemExit(f"history {y}: {m['id']} outside the CSTĐCS quota")
            n = len(um)
            n_ld = len(ld)
            n_cs = sum("CSTDCS" in titles.get((y, m["id"]), []) for m, _ in um)
            canh = any(rec["canh_cao"] for _, rec in um)
            ucls = unit_past[r["id"]][y]
            ut = []
            if best(ucls, "tot") and 2 * n_ld > n and not canh:
                ut.append("TTLDTT")
            if (ucls == "xuat_sac" and n and all(best(rec["class"], "hoan_thanh") for _, rec in um)
                    and 10 * n_ld >= 7 * n and n_cs >= 1 and not canh):
                ut.append("TTLDXS")
            titles[(y, r["id"])] = ut
    # Chiến sĩ thi đua cấp tỉnh in 2023-2024 for some of those with CSTĐCS 2022 to 2024.
    revoked = {}
    for m in members:
        pin = m["pin"] or {}
        for y in pin.get("revoked", []):
            revoked[(y, m["id"], "CSTDCS")] = REVOKE_REASON
        rec = past[m["id"]].get(2024)
        if rec and rec["tinh"] and not pin.get("revoked") and all(
                "CSTDCS" in titles.get((y, m["id"]), []) for y in PAST_YEARS):
            titles[(2024, m["id"])].append("CSTD_TINH")
    unit_id, year = REVOKED_LDTT
    victim = next(m for m in by_unit[unit_id] if titles.get((year, m["id"])) == ["LDTT"])
    revoked[(year, victim["id"], "LDTT")] = REVOKE_LDTT_REASON
    rows = []
    for y in PAST_YEARS:
        subjects = [(r["id"], unit_past[r["id"]][y]) for r in review]
        subjects += [(m["id"], past[m["id"]][y]["class"]) for m in members if y in past[m["id"]]]
        for sid, cls in subjects:
            held = titles.get((y, sid), [])
            for t in held:
                reason = revoked.get((y, sid, t))
                rows.append((year_text(y), sid, t, cls, "1" if reason else "0", reason or ""))
            if not held:
                rows.append((year_text(y), sid, "", cls, "0", ""))
    assert all(key[1] in {m["id"] for m in members} for key in revoked)
    return rows


# ----------------------------------------------------------------------------- CSV text

def csv_cell(text: str) -> str:
    if any(ch in text for ch in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(head: list[str], rows: list[list[str]]) -> str:
    lines = [",".join(head)] + [",".join(csv_cell(c) for c in row) for row in rows]
    text = "\n".join(lines) + "\n"
    assert unicodedata.normalize("NFC", text) == text
    return text


def members_csv(members: list[dict]) -> str:
    head = ["id", "name", "unit"] + [f"flag:{f}" for f in MEMBER_FLAGS] + ["days_absent",
                                                                          "months_in_service"]
    return csv_text(head, [[m["id"], m["name"], m["unit"]]
                           + [str(m["flags"][f]) for f in MEMBER_FLAGS]
                           + [str(m["days"]), str(m["months"])] for m in members])


def member_scores_csv(ms: Scheme, members: list[dict]) -> str:
    rows = []
    for m in members:
        for c in ms.criteria:
            ms.check_value(c, m["values"][c["id"]])
        rows.append([m["id"], m["name"]] + [fmt(m["values"][c["id"]]) for c in ms.criteria])
    return csv_text(["id", "name"] + [c["id"] for c in ms.criteria], rows)


def history_csv(rows: list[tuple]) -> str:
    return csv_text(["year", "id", "title", "class", "revoked", "reason"], [list(r) for r in rows])


# ----------------------------------------------------------------------------- the evaluator
#
# An independent reading of the preset's rules, written by hand from the law's wording and
# the condition language (docs/conditions.md), evaluated on the CSV files as written (not on
# the generator's internals). It refuses to run if the preset no longer says what it encodes.

PRESET_RULES = {
    "LDTT": dict(subject="member", all=["class >= tot", "not flag:ky_luat", "days_absent < 40",
                                        "months_in_service >= 10"]),
    "CSTDCS": dict(subject="member", all=["title:LDTT"],
                   any=["class = xuat_sac", "flag:sang_kien", "flag:nghien_cuu"],
                   quota=dict(max=0.15, of="title:LDTT", per="unit", round="down",
                              order=["total", "id"])),
    "CSTD_TINH": dict(subject="member", all=["streak(title:CSTDCS, 3)", "flag:sang_kien_cap_tinh"]),
    "TTLDTT": dict(subject="unit", all=["class >= tot", "share(members, title:LDTT) > 0.5",
                                        "none(members, flag:ky_luat_canh_cao)"]),
    "TTLDXS": dict(subject="unit", all=["class = xuat_sac", "share(members, class >= hoan_thanh) = 1",
                                        "share(members, title:LDTT) >= 0.7",
                                        "count(members, title:CSTDCS) >= 1",
                                        "none(members, flag:ky_luat_canh_cao)"]),
}


def load_preset(unit_toml: dict) -> tuple[list[dict], int]:
    """The preset's titles (checked against PRESET_RULES) and the base salary."""
    members = unit_toml.get("members", {}).get("scheme")
    awards = unit_toml.get("awards", {})
    if members != MEMBER_SCHEME_FILE.name or awards.get("include") != [PRESET_FILE.name]:
        raise SystemExit(f"{SCHEME_FILE.name}: [members] / [awards] do not name the sample files")
    if unit_toml["scheme"].get("year") != year_text(THIS_YEAR):
        raise SystemExit(f"{SCHEME_FILE.name}: year is not {year_text(THIS_YEAR)}")
    text = PRESET_FILE.read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", text) != text:
        raise SystemExit(f"{PRESET_FILE.name}: not NFC")
    titles = tomllib.loads(text)["title"]
    if [t["id"] for t in titles] != list(PRESET_RULES):
        raise SystemExit(f"{PRESET_FILE.name}: titles are not {list(PRESET_RULES)}")
    for t in titles:
        want = PRESET_RULES[t["id"]]
        got = {k: t[k] for k in ("subject", "all", "any", "quota") if k in t}
        if got != want:
            raise SystemExit(f"{PRESET_FILE.name}: {t['id']} is {got}, the evaluator encodes {want}")
        to_units(t["reward"])
    return titles, awards["base_salary"]


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def evaluate(scheme: Scheme, ms: Scheme, files: dict) -> dict:
    """Titles of every school and member from the written files (text by file name)."""
    order = ms.class_ids
    assert order == scheme.class_ids

    def at_least(cls, ref) -> bool:   # "class >= ref"; false without a class
        return cls is not None and order.index(cls) <= order.index(ref)

    units = []
    for row in read_csv(files[REVIEW_FILE.name]):
        r = {"id": row["id"], "name": row["name"], "group": row["group"],
             "values": {c["id"]: parse_cell(row[c["id"]]) for c in scheme.criteria},
             "bonus": parse_cell(row["bonus"]), "deduction": parse_cell(row["deduction"]),
             "flags": {k[5:]: int(v) for k, v in row.items() if k.startswith("flag:")}}
        units.append((r["id"], scheme.score(r)["class"]))
    staff = read_csv(files[MEMBERS_FILE.name])
    sheet = {row["id"]: row for row in read_csv(files[MEMBER_SCORES_FILE.name])}
    history = {}
    for row in read_csv(files[HISTORY_FILE.name]):
        year = int(row["year"].split("-")[1])
        if row["title"] and row["revoked"] != "1":
            history.setdefault((row["id"], row["title"]), set()).add(year)
    res = {}
    for row in staff:
        flags = {k[5:]: int(v) for k, v in row.items() if k.startswith("flag:")}
        r = {"id": row["id"], "values": {c["id"]: parse_cell(sheet[row["id"]][c["id"]])
                                         for c in ms.criteria},
             "bonus": 0, "deduction": 0, "flags": flags}
        s = ms.score(r)
        res[row["id"]] = {"id": row["id"], "unit": row["unit"], "flags": flags,
                          "days": parse_cell(row["days_absent"]),
                          "months": parse_cell(row["months_in_service"]),
                          "total": s["total"], "class": s["class"], "by_score": s["by_score"],
                          "titles": []}
    # LĐTT.
    for m in res.values():
        if (at_least(m["class"], "tot") and not m["flags"]["ky_luat"]
                and m["days"] < 40 * U and m["months"] >= 10 * U):
            m["titles"].append("LDTT")
    # CSTĐCS: conditions, then the quota per unit over the unit's LĐTT holders.
    quota = {}
    for uid, _ in units:
        um = [m for m in res.values() if m["unit"] == uid]
        base = sum("LDTT" in m["titles"] for m in um)
        limit = base * 1500 // U           # floor(0.15 × base), exactly
        cands = [m for m in um if "LDTT" in m["titles"]
                 and (m["class"] == "xuat_sac" or m["flags"]["sang_kien"] or m["flags"]["nghien_cuu"])]
        cands.sort(key=lambda m: (-m["total"], m["id"]))
        for m in cands[:limit]:
            m["titles"].append("CSTDCS")
        tie = (0 < limit < len(cands) and cands[limit - 1]["total"] == cands[limit]["total"])
        quota[uid] = {"members": len(um), "base": base, "limit": limit,
                      "candidates": [m["id"] for m in cands],
                      "kept": [m["id"] for m in cands[:limit]],
                      "cut": [m["id"] for m in cands[limit:]], "tie_at_cut": tie}
    # CSTD_TINH: CSTĐCS this year and the two years before (not revoked), provincial initiative.
    for m in res.values():
        held = history.get((m["id"], "CSTDCS"), set())
        streak = "CSTDCS" in m["titles"] and {THIS_YEAR - 1, THIS_YEAR - 2} <= held
        if streak and m["flags"]["sang_kien_cap_tinh"]:
            m["titles"].append("CSTD_TINH")
    # Units, from their class and their members' classes, flags and titles; shares exactly.
    unit_res = {}
    for uid, cls in units:
        um = [m for m in res.values() if m["unit"] == uid]
        n = len(um)
        share = lambda k: Fraction(k, n) if n else Fraction(0)   # noqa: E731
        n_ld = sum("LDTT" in m["titles"] for m in um)
        cond = {
            "class >= tot": at_least(cls, "tot"),
            "class = xuat_sac": cls == "xuat_sac",
            "share(members, title:LDTT) > 0.5": share(n_ld) > Fraction(1, 2),
            "share(members, class >= hoan_thanh) = 1":
                share(sum(at_least(m["class"], "hoan_thanh") for m in um)) == 1,
            "share(members, title:LDTT) >= 0.7": share(n_ld) >= Fraction(7, 10),
            "count(members, title:CSTDCS) >= 1": sum("CSTDCS" in m["titles"] for m in um) >= 1,
            "none(members, flag:ky_luat_canh_cao)": not any(m["flags"]["ky_luat_canh_cao"] for m in um),
        }
        titles = [t for t in ("TTLDTT", "TTLDXS") if all(cond[c] for c in PRESET_RULES[t]["all"])]
        unit_res[uid] = {"class": cls, "members": n, "ldtt": n_ld, "cond": cond, "titles": titles,
                         "canh_cao": [m["id"] for m in um if m["flags"]["ky_luat_canh_cao"]]}
    return {"units": unit_res, "members": res, "quota": quota, "history": history,
            "unit_order": [u for u, _ in units], "member_order": [row["id"] for row in staff]}


def expected_csv(ev: dict) -> str:
    rows = [["unit", u, " ".join(ev["units"][u]["titles"])] for u in ev["unit_order"]]
    rows += [["member", m, " ".join(ev["members"][m]["titles"])] for m in ev["member_order"]]
    return csv_text(["subject", "id", "titles"], rows)


def pinned_id(members: list[dict], unit: str, k: int) -> str:
    return next(m["id"] for m in members if m["unit"] == unit and m["k"] == k)


def check_members(ms: Scheme, members: list[dict], ev: dict, history_rows: list[tuple]) -> list[str]:
    """The special cases README.md promises for the staff and the titles."""
    failures = []

    def need(cond: bool, what: str) -> None:
        if not cond:
            failures.append(what)

    res, units, quota = ev["members"], ev["units"], ev["quota"]
    n = len(members)
    for m in members:
        need(res[m["id"]]["total"] == m["total"], f"{m['id']}: scored total is not the target")
    need(1900 <= n <= 2150, f"about 2,000 members ({n})")
    sizes = {}
    for m in members:
        sizes[m["unit"]] = sizes.get(m["unit"], 0) + 1
    need(all(25 <= s <= 45 for s in sizes.values()) and len(sizes) == 60, "25–45 members per school")
    by_class = {c: sum(r["class"] == c for r in res.values()) for c in ms.class_ids}
    pct = {c: 100 * v / n for c, v in by_class.items()}
    need(15 <= pct["xuat_sac"] <= 20 and 60 <= pct["tot"] <= 70 and 9 <= pct["hoan_thanh"] <= 15
         and 1 <= pct["khong_hoan_thanh"] <= 3, f"class shares {pct}")
    rate = {f: 100 * sum(m["flags"][f] for m in members) / n for f in MEMBER_FLAGS}
    need(1 <= rate["ky_luat"] <= 2.2 and 10 <= rate["sang_kien"] <= 14
         and 2 <= rate["nghien_cuu"] <= 4 and 1.5 <= rate["sang_kien_cap_tinh"] <= 2.7,
         f"flag rates {rate}")
    need(all(m["flags"]["ky_luat"] for m in members if m["flags"]["ky_luat_canh_cao"]),
         "cảnh cáo implies ky_luat")
    need(all(m["flags"]["sang_kien"] for m in members if m["flags"]["sang_kien_cap_tinh"]),
         "a provincial initiative is an initiative")
    need(5 <= sum(m["days"] >= 40 for m in members) <= 40, "a few members absent 40 days or more")
    need(5 <= sum(m["months"] < 10 for m in members) <= 40, "a few new members")
    in_history = {row[1] for row in history_rows}
    need(not any(m["id"] in in_history for m in members if m["months"] < 12),
         "new members have no history")
    P = lambda unit, k: res[pinned_id(members, unit, k)]   # noqa: E731
    for unit, k in [("MN04", 1), ("TH11", 2), ("THCS02", 3), ("THCS08", 1)]:
        need(P(unit, k)["titles"] == ["LDTT", "CSTDCS", "CSTD_TINH"], f"{unit}#{k} CSTD_TINH")
    star = P("TH13", 1)
    need(star["titles"] == ["LDTT", "CSTDCS"] and 2023 not in ev["history"][(star["id"], "CSTDCS")]
         and any(r[0] == "2022-2023" and r[1] == star["id"] and r[2] == "CSTDCS" and r[4] == "1"
                 for r in history_rows), "TH13#1 revoked 2022-2023 CSTDCS breaks the streak")
    cut = P("THCS03", 2)
    need(cut["titles"] == ["LDTT"] and cut["id"] in quota["THCS03"]["cut"]
         and {2023, 2024} <= ev["history"][(cut["id"], "CSTDCS")], "THCS03#2 cut by the quota")
    need(P("THCS16", 1)["titles"] == ["LDTT", "CSTDCS"], "THCS16#1 streak without cap_tinh")
    need(P("TH20", 1)["class"] == "tot" and not P("TH20", 1)["titles"], "TH20#1 40 days")
    need(P("TH20", 2)["titles"][:1] == ["LDTT"], "TH20#2 39 days is LĐTT")
    need(P("MN06", 1)["class"] == "xuat_sac" and not P("MN06", 1)["titles"], "MN06#1 absent")
    need(P("TH05", 1)["class"] == "tot" and not P("TH05", 1)["titles"], "TH05#1 9 months")
    need(P("TH05", 2)["titles"][:1] == ["LDTT"], "TH05#2 10 months is LĐTT")
    m = P("THCS05", 1)
    need(m["by_score"] == "xuat_sac" and m["class"] == "hoan_thanh" and not m["titles"],
         "THCS05#1 disciplined")
    need(P("TH15", 1)["flags"]["ky_luat"] == 1, "TH15 has a disciplined official")

    def only_fails(uid: str, title: str, cond: str) -> bool:
        c = units[uid]["cond"]
        return not c[cond] and all(c[x] for x in PRESET_RULES[title]["all"] if x != cond)

    canh = "none(members, flag:ky_luat_canh_cao)"
    need(only_fails("TH14", "TTLDXS", canh) and len(units["TH14"]["canh_cao"]) == 1
         and units["TH14"]["titles"] == [], "TH14 blocked only by one cảnh cáo")
    need(only_fails("MN05", "TTLDTT", canh) and len(units["MN05"]["canh_cao"]) == 1, "MN05 cảnh cáo")
    need(only_fails("TH16", "TTLDXS", "share(members, class >= hoan_thanh) = 1")
         and units["TH16"]["titles"] == ["TTLDTT"], "TH16 one member below hoàn thành")
    u = units["MN19"]
    need(only_fails("MN19", "TTLDTT", "share(members, title:LDTT) > 0.5")
         and 2 * u["ldtt"] == u["members"], "MN19 exactly half LĐTT")
    u = units["MN14"]
    need(only_fails("MN14", "TTLDXS", "share(members, title:LDTT) >= 0.7")
         and u["titles"] == ["TTLDTT"] and (u["ldtt"], u["members"]) == (20, 29), "MN14 20/29")
    u = units["THCS14"]
    need(u["titles"] == ["TTLDTT", "TTLDXS"] and 10 * u["ldtt"] == 7 * u["members"], "THCS14 7/10")
    need(quota[TIE_UNIT]["tie_at_cut"], f"{TIE_UNIT} tie at the CSTĐCS cut")
    counts = {t: sum(t in x["titles"] for x in units.values()) for t in ("TTLDTT", "TTLDXS")}
    need(counts["TTLDXS"] >= 5 and counts["TTLDTT"] >= 25, f"unit titles {counts}")
    # History: the CSTĐCS quota held in earlier years too, and CSTD_TINH is rare.
    per = {}
    unit_of = {m["id"]: m["unit"] for m in members}
    for y, sid, t, *_ in history_rows:
        if sid in unit_of and t in ("LDTT", "CSTDCS"):
            key = (y, unit_of[sid])
            per.setdefault(key, {"LDTT": 0, "CSTDCS": 0})[t] += 1
    need(all(v["CSTDCS"] <= v["LDTT"] * 15 // 100 for v in per.values()), "history quota")
    need(1 <= sum(r[2] == "CSTD_TINH" for r in history_rows) <= 8, "CSTD_TINH rare in history")
    return failures


def report_titles(ev: dict, preset: list[dict], base_salary: int, members: list[dict]) -> None:
    res, units, quota = ev["members"], ev["units"], ev["quota"]
    print()
    print("Members by class:", {c: sum(r["class"] == c for r in res.values())
                                for c in ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")},
          f"of {len(res)}")
    print()
    print(f"{'title':10} {'subject':7} {'count':>5} {'multiple':>8} {'reward (đồng)':>16}")
    grand = 0
    for t in preset:
        holders = units if t["subject"] == "unit" else res
        count = sum(t["id"] in x["titles"] for x in holders.values())
        amount = count * to_units(t["reward"]) * base_salary // U
        grand += amount
        print(f"{t['id']:10} {t['subject']:7} {count:>5} {fmt(to_units(t['reward'])):>8} "
              f"{amount:>16,}")
    print(f"{'total':10} {'':7} {'':>5} {'':>8} {grand:>16,}   (lương cơ sở {base_salary:,} đồng)")
    print()
    print("CSTĐCS quota per school (15% of the LĐTT holders, rounded down):")
    print(f"{'unit':7} {'members':>7} {'LĐTT':>5} {'limit':>5} {'cands':>5} {'kept':>4} "
          f"{'cut':>4}  unit titles")
    for uid in ev["unit_order"]:
        q = quota[uid]
        print(f"{uid:7} {q['members']:>7} {q['base']:>5} {q['limit']:>5} {len(q['candidates']):>5} "
              f"{len(q['kept']):>4} {len(q['cut']):>4}  {' '.join(units[uid]['titles']) or '-'}"
              + ("  (tie on total at the cut)" if q["tie_at_cut"] else ""))
    print()
    print("Special cases:")
    for (unit, k), pin in PINS.items():
        mid = pinned_id(members, unit, k)
        r = res[mid]
        extra = []
        if "days" in pin:
            extra.append(f"days_absent {pin['days']}")
        if "months" in pin:
            extra.append(f"months {pin['months']}")
        if pin.get("flags"):
            extra.append(" ".join(sorted(pin["flags"])))
        if pin.get("cstdcs"):
            extra.append("CSTĐCS " + ", ".join(year_text(y) for y in pin["cstdcs"])
                         + (" (2022-2023 revoked)" if pin.get("revoked") else ""))
        print(f"  {unit}#{k} = {mid}: total {fmt2(r['total'])} {r['class']}; "
              f"{'; '.join(extra)} -> {' '.join(r['titles']) or '(no title)'}")
    q = quota[TIE_UNIT]
    pos = q["limit"]
    tied = [c for c in q["candidates"] if res[c]["total"] == res[q["candidates"][pos - 1]]["total"]]
    print(f"  {TIE_UNIT}: limit {q['limit']} of {q['base']} LĐTT; tied at the cut on "
          f"{fmt2(res[tied[0]]['total'])}: {', '.join(tied)}; kept {q['kept'][-1]}, "
          f"first cut {q['cut'][0]}")
    cuts = [u for u in ev["unit_order"] if quota[u]["cut"]]
    print(f"  the CSTĐCS quota leaves someone out in {len(cuts)} of 60 schools")
    print("Schools rated tốt or better that miss a title they could reach by class:")
    for uid in ev["unit_order"]:
        u = units[uid]
        want = ["TTLDTT", "TTLDXS"] if u["class"] == "xuat_sac" else ["TTLDTT"] \
            if u["class"] == "tot" else []
        missed = [t for t in want if t not in u["titles"]]
        if missed or uid == "THCS14":
            failed = [c for c in dict.fromkeys(PRESET_RULES["TTLDTT"]["all"]
                                               + PRESET_RULES["TTLDXS"]["all"])
                      if not u["cond"][c] and c != "class = xuat_sac"]
            print(f"  {uid}: {u['class']}, LĐTT {u['ldtt']}/{u['members']}, cảnh cáo "
                  f"{' '.join(u['canh_cao']) or '-'}; titles {' '.join(u['titles']) or '-'}; "
                  f"false: {'; '.join(failed) or '-'}")
    print("Members rated tốt or better without LĐTT, by reason (a member may have several):")
    reasons = {"flag:ky_luat (class capped)": 0, "days_absent >= 40": 0, "months_in_service < 10": 0}
    for r in res.values():
        by_score_ok = r["by_score"] in ("xuat_sac", "tot")
        if by_score_ok and "LDTT" not in r["titles"]:
            reasons["flag:ky_luat (class capped)"] += r["flags"]["ky_luat"]
            reasons["days_absent >= 40"] += r["days"] >= 40 * U
            reasons["months_in_service < 10"] += r["months"] < 10 * U
    for k, v in reasons.items():
        print(f"  {k}: {v}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--report", action="store_true",
                    help="print the expected ranking and the titles summary")
    ap.add_argument("--check", action="store_true", help="fail if the files on disk differ")
    args = ap.parse_args()

    scheme = Scheme(SCHEME_FILE)
    review = make_review(scheme, Rng(SEED))
    by = {r["id"]: r for r in review}
    for a, b, how in TIE_PAIRS:
        solve_tie(scheme, by[a], by[b], how)
    selfs = make_self(scheme, review, Rng(SEED ^ 0x5E1F))
    for row in review + selfs:   # no total above the scale: drop a bonus that would pass it
        if row["bonus"] and scheme.score(row)["total_exact"] > 100 * U:
            row["bonus"] = 0
    failures = check(scheme, review, selfs)
    if args.report:
        report(scheme, review, selfs)
    outputs = {REVIEW_FILE: to_csv(scheme, review), SELF_FILE: to_csv(scheme, selfs)}

    # The staff, their scores, earlier years, and the titles the preset gives.
    preset, base_salary = load_preset(tomllib.loads(SCHEME_FILE.read_text(encoding="utf-8")))
    ms = Scheme(MEMBER_SCHEME_FILE)
    members = make_members(scheme, ms, review)
    history_rows = make_history(scheme, ms, review, members)
    outputs[MEMBERS_FILE] = members_csv(members)
    outputs[MEMBER_SCORES_FILE] = member_scores_csv(ms, members)
    outputs[HISTORY_FILE] = history_csv(history_rows)
    ev = evaluate(scheme, ms, {p.name: text for p, text in outputs.items()})
    outputs[EXPECTED_FILE] = expected_csv(ev)
    failures += check_members(ms, members, ev, history_rows)
    if args.report:
        report_titles(ev, preset, base_salary, members)
    if failures:
        for f in failures:
            print(f"sample check failed: {f}", file=sys.stderr)
        return 1

    status = 0
    for path, text in outputs.items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{path.name} differs from what {Path(__file__).name} generates",
                      file=sys.stderr)
                status = 1
        else:
            path.write_bytes(text.encode("utf-8"))
    return status


if __name__ == "__main__":
    sys.exit(main())
