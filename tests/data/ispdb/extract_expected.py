#!/usr/bin/env python3
"""Extract the expected servers of the ISPDB corpus, independently of the C++ reader.

Reads every *.xml in the corpus folder with xml.etree and writes one TSV row per server that the
model keeps (incoming imap/pop3, outgoing smtp), in document order:

    file  kind  index  type  hostname  port  socketType  authentication  username

kind is "incoming" or "outgoing"; index counts the kept servers of that kind from 0; text values
are stripped of surrounding whitespace; authentication values are joined by ',' in document order;
username is empty when the file has none. Servers of other types (e.g. office365's ews, owa, graph
and exchange) are left out, as the reader drops them by design; they are counted on stderr.

Usage: extract_expected.py [CORPUS_DIR] [OUTPUT_TSV]
  defaults: ../../../../shared/corpus/ispdb and expected.tsv next to this script.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

HERE = pathlib.Path(__file__).resolve().parent
KEPT_TYPES = {"incomingServer": ("incoming", {"imap", "pop3"}),
              "outgoingServer": ("outgoing", {"smtp"})}
COLUMNS = ["file", "kind", "index", "type", "hostname", "port", "socketType", "authentication",
           "username"]


def text(element, tag):
    child = element.find(tag)
    if child is None or child.text is None:
        return ""
    return child.text.strip()


def rows_of(path):
    provider = ET.parse(path).getroot().find("emailProvider")
    counts = {"incomingServer": 0, "outgoingServer": 0}
    dropped = 0
    rows = []
    index = {"incoming": 0, "outgoing": 0}
    for server in provider:
        if server.tag not in KEPT_TYPES:
            continue
        counts[server.tag] += 1
        kind, kept_types = KEPT_TYPES[server.tag]
        server_type = server.get("type", "").strip().lower()
        if server_type not in kept_types:
            dropped += 1
            continue
        port = int(text(server, "port"), 10)
        assert 1 <= port <= 65535, (path, port)
        row = [path.name, kind, str(index[kind]), server_type, text(server, "hostname"), str(port),
               text(server, "socketType"),
               ",".join((a.text or "").strip() for a in server.findall("authentication")),
               text(server, "username")]
        for value in row:
            assert "\t" not in value and "\n" not in value, (path, value)
        rows.append(row)
        index[kind] += 1
    return rows, counts, dropped


def main():
    corpus = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else (
        HERE / "../../../../shared/corpus/ispdb").resolve()
    output = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "expected.tsv"
    files = sorted(corpus.glob("*.xml"))
    all_rows = []
    totals = {"incomingServer": 0, "outgoingServer": 0}
    dropped = 0
    for path in files:
        rows, counts, file_dropped = rows_of(path)
        all_rows.extend(rows)
        for tag, count in counts.items():
            totals[tag] += count
        dropped += file_dropped
    with open(output, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for row in all_rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(files)} files, {totals['incomingServer']} incomingServer and "
          f"{totals['outgoingServer']} outgoingServer elements, {dropped} of unsupported type; "
          f"{len(all_rows)} rows written to {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
