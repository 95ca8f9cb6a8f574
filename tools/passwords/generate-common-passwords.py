#!/usr/bin/env python3
"""Builds src/Huddle.Server/Coaching/common-passwords.txt, the passwords registration refuses.

Composed offline, from seeds.txt (the top of the well-known breach lists, written from memory)
and the patterns those lists are made of: keyboard walks, digit and letter runs, a word or a
name with digits, years or symbols, repeated words. Only entries the length rule would let
through are kept (AccountService.PasswordMinLength), lower-case (the check ignores case).
Deterministic: the same seeds give the same file.
"""
import pathlib

MIN_LENGTH = 10
MAX_LENGTH = 128
HERE = pathlib.Path(__file__).parent
OUT = HERE.parent.parent / "src" / "Huddle.Server" / "Coaching" / "common-passwords.txt"

seeds = [l.strip().lower() for l in (HERE / "seeds.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
words = sorted({s for s in seeds if s.isalpha()})
out = set(seeds)

# Keyboard rows and columns, walked either way, from every start, at every length.
rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop", "!@#$%^&*()", "0987654321"]
for row in rows:
    for text in (row, row[::-1]):
        for i in range(len(text)):
            for j in range(i + 4, len(text) + 1):
                out.add(text[i:j])
# Column walks, from the start: 1qaz2wsx3edc…, zaq1xsw2cde3…
for walk in ["1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "zaq1xsw2cde3vfr4bgt5nhy6mju7", "qazwsxedcrfvtgbyhnujmikolp", "1q2w3e4r5t6y7u8i9o0p", "q1w2e3r4t5y6u7i8o9p0"]:
    for j in range(8, len(walk) + 1):
        out.add(walk[:j])
# Two rows in a row ("qwertyasdfgh"), and a row with its shifted twin.
for a in ["qwerty", "asdfgh", "zxcvbn", "123456", "qwert", "asdfg", "12345"]:
    for b in ["qwerty", "asdfgh", "zxcvbn", "123456", "qwert", "asdfg", "12345", "!@#$%^", "!@#$%"]:
        out.add(a + b)
# Runs: digits counting up or down, the alphabet, a character repeated, pairs and triples repeated.
digits = "01234567890123456789"
for i in range(10):
    for n in range(4, 21):
        out.add(digits[i:i + n])
        out.add(digits[::-1][i:i + n])
alphabet = "abcdefghijklmnopqrstuvwxyz"
for n in range(4, 27):
    out.add(alphabet[:n])
for c in "abcdefghijklmnopqrstuvwxyz0123456789!.*#@$-_":
    for n in range(4, 21):
        out.add(c * n)
for pair in ["12", "21", "ab", "ha", "qw", "xo", "69", "00", "11", "01", "10", "123", "abc", "qwe", "asd", "lol", "666", "777", "007", "1234", "abcd"]:
    for n in range(2, 8):
        out.add(pair * n)
# Dates people use: years, and day-month-year runs of digits.
# Only the years people use most (birth years around 1990, this decade): every year for every word would dwarf the rest.
years = [str(y) for y in list(range(1985, 2001)) + list(range(2020, 2028))]
# A word or a name, decorated: digits, years, symbols, capital-plus-digit habits (case is ignored).
suffixes = ["1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "0", "00", "01", "007", "69", "77", "88", "99", "11", "22", "13", "21", "23", "!", "!!", "1!", "123!", "@", "@123", "#1", "#", "$", "?", "."] + years
for w in words:
    for s in suffixes:
        out.add(w + s)
    for p in ["123", "my", "ilove", "iloveyou"]:
        out.add(p + w)
    out.add(w + w)
    out.add(w + "123" + w)
# Decorated whole passwords from the top of the list.
for s in ["password", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "letmein", "welcome", "iloveyou", "admin", "monkey", "dragon", "master", "trustno1", "football", "sunshine", "princess", "abc123", "changeme"]:
    for x in ["", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "12!", "123!", "@123", "#123", "01", "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027", "!!", "?", "."]:
        out.add(s + x)
        out.add(x + s)

kept = sorted({p for p in out if MIN_LENGTH <= len(p) <= MAX_LENGTH}, key=lambda p: (len(p), p))
header = [
    "# Passwords AccountService refuses (compared ignoring case): composed offline by",
    "# tools/passwords/generate-common-passwords.py from tools/passwords/seeds.txt. Do not edit by hand.",
]
OUT.write_text("\n".join(header + kept) + "\n")
print(f"{len(kept)} passwords of {MIN_LENGTH}+ characters written to {OUT}")
