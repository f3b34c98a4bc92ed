#!/usr/bin/env python3
"""Rebuilds surnames.tsv and given-names.tsv from Debian's naist-jdic and enamdict packages.

  apt-get download naist-jdic enamdict && for f in *.deb; do dpkg-deb -x "$f" x; done
  python3 make-names.py x/usr/share/chasen/dic/naist-jdic/naist-jdic.dic x/usr/share/edict/enamdict .
"""
import math, re, sys

naist, enamdict, out = sys.argv[1], sys.argv[2], sys.argv[3]
SURNAMES, GIVEN_PER_SEX, SCALE = 2000, 1000, 400.0
ENTRY = re.compile(r"人名 (姓|名)\)\) \(\(見出し語 \((\S+) (\d+)\)\) \(読み \{?([^/} )]+)")
KANA = re.compile(r"^[ァ-ヶー]+$")
KANJI = re.compile(r"^[一-龥々〆ヶ]+$")

def hira(k):
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in k)

surnames, given = {}, {}
with open(naist, encoding="euc-jp", errors="replace") as f:
    for line in f:
        m = ENTRY.search(line)
        if not m or not KANJI.match(m.group(2)) or not KANA.match(m.group(4)):
            continue
        kind, word, cost, reading = m.group(1), m.group(2), int(m.group(3)), m.group(4)
        table = surnames if kind == "姓" else given
        key = (word, reading)
        table[key] = min(cost, table.get(key, cost))

sexes = {}
with open(enamdict, encoding="euc-jp", errors="replace") as f:
    for line in f:
        m = re.match(r"^(\S+) \[(\S+)\] /\(([^)]*)\)", line)
        if m:
            sexes.setdefault((m.group(1), m.group(2)), set()).update(m.group(3).split(","))

FEMALE_END = set("子美恵江代枝奈香乃菜花里絵世佳穂華理紀")
MALE_END = set("郎夫雄男彦介助輔太平吉蔵造治司也哉樹人士之朗次二三一作衛門兵")

def sex_of(word, reading):
    """The kanji's last character first (子, 美 … / 郎, 夫 …), then ENAMDICT's (m)/(f) tag when it
    has exactly one of them and does not also mark a surname; None when neither says."""
    if word[-1] in MALE_END or reading.endswith("ヒコ"):
        return "M"
    if word[-1] in FEMALE_END or reading.endswith("コ"):
        return "F"
    tags = sexes.get((word, hira(reading)), set())
    if "s" in tags or len(tags & {"m", "f"}) != 1:
        return None
    if "f" in tags and len(word) == 1:
        return None  # one-kanji names (章, 健 …) are mostly men's; ENAMDICT's (f) on them is unreliable
    return "M" if "m" in tags else "F"

def weight(cost, best):
    return max(1, round(1_000_000 * math.exp(-(cost - best) / SCALE)))

def top(table, n):
    return sorted(table.items(), key=lambda e: (e[1], e[0]))[:n]

with open(f"{out}/surnames.tsv", "w", encoding="utf-8") as w:
    rows = top(surnames, SURNAMES)
    best = rows[0][1]
    for (word, reading), cost in rows:
        w.write(f"{word}\t{reading}\t{weight(cost, best)}\n")

with open(f"{out}/given-names.tsv", "w", encoding="utf-8") as w:
    for sex in ("M", "F"):
        rows = [e for e in sorted(given.items(), key=lambda e: (e[1], e[0]))
                if sex_of(*e[0]) == sex][:GIVEN_PER_SEX]
        best = rows[0][1]
        for (word, reading), cost in rows:
            w.write(f"{word}\t{reading}\t{sex}\t{weight(cost, best)}\n")
