#!/usr/bin/python3
"""The lxml side of benchmarks/xml_benchmark.cpp (not a test).

Reads a PubMed XML .gz with lxml.etree.iterparse -- the usual way Python pipelines stream
baseline files -- and extracts the fields citegraph's pubmed-xml reader extracts: PMID, DOI,
PMCID, flattened title, journal (MedlineTA, ISOAbbreviation, Title), year, volume, issue, pages,
authors, affiliations, keywords, MeSH descriptors, abstract sections, retraction flags, and per
reference the Citation text split into journal/year/volume/issue/pages by a regular expression
plus its ArticleIds; CommentsCorrections "Cites" and DeleteCitation PMIDs too. Elements are
cleared as they are finished so memory stays bounded.

Usage: /usr/bin/python3 xml_benchmark.py FILE.xml.gz
Prints counts, peak RSS and, last, "lxml_seconds S" (wall time, opening the file included).
"""

import gzip
import re
import resource
import sys
import time

from lxml import etree

# "Journal. 2002 Feb;109(3):337-46" -> journal, date, volume, issue, pages.
CITATION = re.compile(
    r"^(?P<journal>.+?)\. (?P<date>\d{4}[^;:]*)?;(?P<volume>[^(:]*)(?:\((?P<issue>[^)]*)\))?"
    r"(?::(?P<pages>.*))?$")
YEAR = re.compile(r"\d{4}")


def text_of(element):
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def first_year(text):
    match = YEAR.search(text or "")
    return int(match.group(0)) if match else None


def parse_article(article):
    citation = article.find("MedlineCitation")
    book = article.find("BookDocument")
    root = citation if citation is not None else book
    record = {"pmid": root.findtext("PMID") if root is not None else None}
    art = citation.find("Article") if citation is not None else None
    where = art if art is not None else book
    if where is None:
        return record
    record["title"] = text_of(where.find("ArticleTitle"))
    journal = where.find("Journal")
    info = citation.find("MedlineJournalInfo") if citation is not None else None
    record["journal"] = ((info.findtext("MedlineTA") if info is not None else None)
                         or (journal.findtext("ISOAbbreviation") if journal is not None else None)
                         or (journal.findtext("Title") if journal is not None else ""))
    issue = journal.find("JournalIssue") if journal is not None else None
    if issue is not None:
        record["volume"] = issue.findtext("Volume")
        record["issue"] = issue.findtext("Issue")
        pubdate = issue.find("PubDate")
        if pubdate is not None:
            record["year"] = first_year(pubdate.findtext("Year") or pubdate.findtext("MedlineDate"))
    record["pages"] = where.findtext("Pagination/MedlinePgn")
    for eloc in where.findall("ELocationID"):
        if eloc.get("EIdType") == "doi":
            record["doi"] = eloc.text
    authors = []
    affiliations = []
    for author in where.findall("AuthorList/Author"):
        if author.get("ValidYN") == "N":
            continue
        last = author.findtext("LastName")
        if last:
            authors.append(last + " " + (author.findtext("Initials") or ""))
        else:
            authors.append(text_of(author.find("CollectiveName")))
        for affiliation in author.findall("AffiliationInfo/Affiliation"):
            value = text_of(affiliation)
            if value not in affiliations:
                affiliations.append(value)
    record["authors"] = authors
    record["affiliations"] = affiliations
    record["abstract"] = "\n".join(
        ((section.get("Label") + ": ") if section.get("Label") else "") + text_of(section)
        for section in where.findall("Abstract/AbstractText"))
    if citation is not None:
        record["keywords"] = [text_of(k) for k in citation.findall("KeywordList/Keyword")]
        record["mesh"] = [d.text for d in citation.findall("MeshHeadingList/MeshHeading/DescriptorName")]
    references = []
    retracted = False
    if citation is not None:
        for comment in citation.findall("CommentsCorrectionsList/CommentsCorrections"):
            kind = comment.get("RefType")
            if kind == "Cites":
                references.append({"pmid": comment.findtext("PMID"),
                                   "citation": comment.findtext("RefSource")})
            elif kind == "RetractionIn":
                retracted = True
    record["retracted"] = retracted
    for reference in article.iter("Reference"):
        text = text_of(reference.find("Citation"))
        entry = {"citation": text}
        match = CITATION.match(text)
        if match:
            entry.update(match.groupdict())
            entry["year"] = first_year(entry["date"])
        for article_id in reference.findall("ArticleIdList/ArticleId"):
            entry[article_id.get("IdType")] = article_id.text
        references.append(entry)
    for article_id in article.findall("PubmedData/ArticleIdList/ArticleId"):
        if article_id.get("IdType") in ("doi", "pmc"):
            record[article_id.get("IdType")] = article_id.text
    record["references"] = references
    return record


def main():
    path = sys.argv[1]
    start = time.perf_counter()
    records = references = with_pmid = deletions = 0
    with gzip.open(path, "rb") as stream:
        context = etree.iterparse(stream, events=("end",),
                                  tag=("PubmedArticle", "PubmedBookArticle", "DeleteCitation"),
                                  resolve_entities=False, no_network=True, load_dtd=False,
                                  huge_tree=True)
        for _, element in context:
            if element.tag == "DeleteCitation":
                deletions += len(element.findall("PMID"))
            else:
                record = parse_article(element)
                records += 1
                references += len(record["references"])
                with_pmid += sum(1 for r in record["references"]
                                 if r.get("pubmed") or r.get("pmid"))
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"lxml {etree.__version__} iterparse from .gz: records={records} "
          f"references={references} with_pmid={with_pmid} deletions={deletions} "
          f"seconds={seconds:.2f} records/s={records / seconds:.0f} peak_rss={rss:.1f} MiB")
    print(f"lxml_seconds {seconds:.3f}")


if __name__ == "__main__":
    main()
