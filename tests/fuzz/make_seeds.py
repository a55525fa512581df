#!/usr/bin/env python3
"""Candidate seeds for the reader fuzz targets, made from the test fixtures.

    make_seeds.py OUT_DIR FIXTURE_DIR...

Writes to OUT_DIR (which must exist) small inputs made from every file under the FIXTURE_DIRs,
of every format (a reader must cope with any format's bytes):
  - the file itself when it is small (at most kSmall bytes), and the file cut into records: each
    <PubmedArticle>, <PubmedBookArticle>, <DeleteCitation> or <article> alone in its root element
    (with the file's prolog), each MEDLINE record, blocks of CSV rows under their header, and the
    head of any other text; an XML record keeps its first few references, authors and MeSH
    headings only, its texts cut to kText bytes and no indentation;
  - deterministic mutations of each (seeded by the name): cut at several points, bytes flipped, a
    NUL, invalid UTF-8 or a terminal escape inserted, a piece repeated, CRLF line ends, an
    over-long line, and for XML a wrapper root, an undeclared entity and an element with many
    attributes.
scripts/fuzz.sh --minimise hands these candidates to each target's libFuzzer -merge=1, which keeps
the smallest inputs that reach all the coverage of the candidates: tests/fuzz/seeds/FORMAT/.
"""
import os
import random
import re
import sys
import zlib

kSmall = 4 << 10  # a file this small is a candidate as it is
kMax = 16 << 10  # no candidate is longer (the rest is cut off)
kKeep = 2  # references, authors, MeSH headings... kept in a cut XML record
kText = 240  # longest text between two tags kept in a cut XML record (a reference text fits)
kWindow = 8  # references in each further cut of a record, until every reference is in one
kMiniText = 60  # the same in the smallest cut, the one mutated

RECORD = re.compile(
    rb"<(PubmedArticle|PubmedBookArticle|DeleteCitation|article)[\s>].*?</\1\s*>", re.S)
REPEATED = [
    re.compile(rb"<Reference>.*?</Reference>\s*", re.S),
    re.compile(rb"<ref[\s>].*?</ref>\s*", re.S),
    re.compile(rb"<Author[\s>].*?</Author>\s*", re.S),
    re.compile(rb"<MeshHeading>.*?</MeshHeading>\s*", re.S),
    re.compile(rb"<ArticleId[\s>].*?</ArticleId>\s*", re.S),
    re.compile(rb"<AbstractText[\s>].*?</AbstractText>\s*", re.S),
    re.compile(rb"<p[\s>].*?</p>\s*", re.S),
    re.compile(rb"<CommentsCorrections[\s>].*?</CommentsCorrections>\s*", re.S),
    re.compile(rb"<Chemical>.*?</Chemical>\s*", re.S),
    re.compile(rb"<Grant>.*?</Grant>\s*", re.S),
    re.compile(rb"<Investigator[\s>].*?</Investigator>\s*", re.S),
    re.compile(rb"<AffiliationInfo>.*?</AffiliationInfo>\s*", re.S),
    re.compile(rb"<PubMedPubDate[\s>].*?</PubMedPubDate>\s*", re.S),
    re.compile(rb"<PublicationType[\s>].*?</PublicationType>\s*", re.S),
    re.compile(rb"<Keyword[\s>].*?</Keyword>\s*", re.S),
]

BULK = re.compile(
    rb"<(Abstract|abstract|MeshHeadingList|KeywordList|kwd-group|GrantList|ChemicalList|History|"
    rb"body)[\s>].*?</\1>\s*", re.S)

CITATION_TAGS = {b"Citation", b"mixed-citation", b"element-citation", b"article-title", b"source"}


def references(record):
    return max(len(REPEATED[0].findall(record)), len(REPEATED[1].findall(record)))


def thin(record, window=0, mini=False):
    """The record with at most kKeep of each repeated element: the first ones, and for the
    references (REPEATED[0:2]) of a window > 0 the window-th group of kWindow after those; a record of a window
    beyond the first keeps its references only (of the repeated elements) and no abstract.
    mini: one of each repeated element, no abstract, texts cut to kMiniText."""
    if window > 0 or mini:
        record = BULK.sub(b"", record)
    for index, pattern in enumerate(REPEATED):
        count = 0
        first = kKeep + (window - 1) * kWindow if index < 2 and window > 0 else 0
        kept = 1 if mini else kWindow if index < 2 and window > 0 else kKeep if window == 0 else 0

        def keep(match):
            nonlocal count
            count += 1
            return match.group(0) if first < count <= first + kept else b""

        record = pattern.sub(keep, record)

    limit = kMiniText if mini or window > 0 else kText

    def shorten(match):
        # A reference's text keeps kText bytes (it reaches the citation parser).
        tag = re.search(rb"<([\w-]+)[^<>]*$", match.string[max(0, match.start() - 200) : match.start()])
        text = match.group(1)[: kText if tag and tag.group(1) in CITATION_TAGS else limit]
        while text and (text[-1] & 0xC0) == 0x80:  # never end inside a UTF-8 character
            text = text[:-1]
        if text and text[-1] >= 0xC0:
            text = text[:-1]
        return b">" + text

    record = re.sub(rb">([^<]{%d,})" % (limit + 1), shorten, record)
    return re.sub(rb">[ \t\r\n]+<", b">\n<", record)  # no indentation


def xml_pieces(data):
    first = RECORD.search(data)
    if first is None:
        return []
    prolog = data[: first.start()]
    root = re.search(rb"<([A-Za-z][\w.-]*)[^>]*>\s*$", prolog)
    close = b"\n</" + root.group(1) + b">\n" if root else b""
    whole = [m.group(0) for m in RECORD.finditer(data)]
    records = [thin(record) for record in whole]
    pieces = [(False, prolog + record + close) for record in records]
    # The mutations (error paths, found again quickly anyway) of the smallest cut only.
    pieces += [(True, prolog + thin(record, mini=True) + close) for record in whole]
    if len(records) > 1:
        pieces.append((False, prolog + b"\n".join(records[:2]) + close))
    # Every reference somewhere (their texts reach the citation parser), kWindow a record.
    for record in whole:
        for window in range(1, 1 + (references(record) - kKeep + kWindow - 1) // kWindow):
            pieces.append((False, prolog + thin(record, window) + close))
    return pieces


def medline_pieces(data):
    records = [r for r in re.split(rb"\n\s*\n", data) if r.strip()]
    pieces = [(True, record + b"\n") for record in records]
    if len(records) > 1:
        pieces.append((True, b"\n\n".join(records[:2]) + b"\n"))
    return pieces


def csv_pieces(data):
    lines = data.splitlines(keepends=True)
    header, rows = lines[:1], lines[1:]
    return [(True, b"".join(header + rows[i : i + 4])) for i in range(0, min(len(rows), 24), 4)]


def pieces(name, data):
    """(tag, mutate, piece) for each piece of a file; mutate: whether to add its mutations."""
    out = []
    if len(data) <= kSmall:
        out.append(("whole", True, data))
    if data.lstrip().startswith(b"<"):
        split = xml_pieces(data)
    elif re.match(rb"\s*PMID-", data):
        split = medline_pieces(data)
    elif name.endswith((".csv", ".tsv")):
        split = csv_pieces(data)
    else:
        split = []
    out += [(f"rec{i}", mutate, piece) for i, (mutate, piece) in enumerate(split)]
    if not out:
        out.append(("head", True, data[:kSmall]))
    return out


def mutations(name, data):
    rng = random.Random(zlib.crc32(name.encode()))
    n = len(data)
    yield "orig", data
    for k in (3, 2):
        yield f"cut{k}", data[: n * (k - 1) // k]
    yield "cut_rand", data[: rng.randrange(n + 1)]
    for i in range(3):
        b = bytearray(data)
        for _ in range(1 + i * 4):
            if b:
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        yield f"flip{i}", bytes(b)
    for tag, insert in (("nul", b"\0"), ("ff", b"\xff\xfe"), ("esc", b"\x1b[2J\x07"),
                        ("cut_utf8", b"\xc3")):
        at = rng.randrange(n + 1)
        yield tag, data[:at] + insert + data[at:]
    a = rng.randrange(n + 1)
    b = min(n, a + rng.randrange(257))
    yield "repeat", data[:b] + data[a:b] * 3 + data[b:]
    yield "crlf", data.replace(b"\n", b"\r\n")
    at = data.find(b"\n", n // 2)
    if at >= 0:
        yield "longline", data[:at] + b"x" * 600 + data[at:]
    if data.lstrip().startswith(b"<"):
        body = data
        if body.lstrip().startswith(b"<?xml"):
            body = body[body.find(b"?>") + 2 :]
        yield "wrapped", b"<RAW_DATA>\n" + body + b"\n</RAW_DATA>\n"
        gt = data.find(b">", n // 2)
        if gt >= 0:
            yield "nbsp", data[: gt + 1] + b"&nbsp;" + data[gt + 1 :]
            attributes = b"".join(b' a%d="1"' % i for i in range(300))
            lt = data.rfind(b"<", 0, gt)
            if lt >= 0 and data[lt + 1 : lt + 2] not in (b"/", b"!", b"?"):
                yield "attrs", data[:gt] + attributes + data[gt:]


def main():
    out, bases = sys.argv[1], sys.argv[2:]
    files = []
    for base in bases:
        for directory, _, names in sorted(os.walk(base)):
            files += [os.path.join(directory, name) for name in sorted(names)]
    count = 0
    for path in files:
        with open(path, "rb") as handle:
            data = handle.read()
        name = os.path.basename(path)
        for piece_tag, mutate, piece in pieces(name, data):
            variants = mutations(f"{name}.{piece_tag}", piece) if mutate else [("orig", piece)]
            for tag, mutated in variants:
                with open(os.path.join(out, f"{name}.{piece_tag}.{tag}"), "wb") as handle:
                    handle.write(mutated[:kMax])
                count += 1
    print(f"{count} candidate seeds from {len(files)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
