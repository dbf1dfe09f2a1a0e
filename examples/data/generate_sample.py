#!/usr/bin/env python3
"""Regenerates the bundled sample score sheets of thidua.

    python3 examples/data/generate_sample.py            # rewrites the two CSV files
    python3 examples/data/generate_sample.py --report   # also prints the expected ranking
    python3 examples/data/generate_sample.py --check    # fails if the CSV files differ

Writes, next to this script:
  diem-hoi-dong.csv  review scores (điểm hội đồng thi đua chấm lại)
  diem-tu-cham.csv   self-scores (điểm các trường tự chấm)
for 60 schools in three emulation blocks (khối thi đua Mầm non, Tiểu học, THCS) under the
sample scheme truong-hoc-2024-2025.toml, which the script reads so the two stay in step.

The data are fictional. They are drawn from a fixed-seed splitmix64 generator with integer
arithmetic only, so the output is byte-identical on every platform and Python version
(3.11+, for tomllib; standard library only). A handful of rows are written by hand to hold
the special cases the demo and the golden tests rely on; the script re-scores every row the
way the engine is specified to (engine.hpp, design.md) and stops with an error if one of
those cases no longer holds.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
import unicodedata
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
        self.bonus_max = to_units(d["bonus"]["max"])
        self.deduction_max = to_units(d["deduction"]["max"])
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
            if row["flags"].get(v["id"]):
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--report", action="store_true", help="print the expected ranking")
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
    if failures:
        for f in failures:
            print(f"sample check failed: {f}", file=sys.stderr)
        return 1

    outputs = {REVIEW_FILE: to_csv(scheme, review), SELF_FILE: to_csv(scheme, selfs)}
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
