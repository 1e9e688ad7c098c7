#!/usr/bin/env python3
"""web-strings.py: the words of the page templates (web/*.html), marked
{{_ English text}}, as a PO template for xgettext to join to the C strings
(`make pot`). The text is taken as the server looks it up (engine/server/html.c):
runs of white space made one space, trimmed; placeholders inside it ({{name}})
stay as they are, for the translation to keep.

    scripts/web-strings.py web/*.html > build/po/web.pot
"""
import re
import sys


def placeholders(text):
    """Yields (line, msgid) for each {{_ ...}} of text, nested {{name}} skipped over."""
    i = 0
    while True:
        open_at = text.find("{{", i)
        if open_at < 0:
            return
        depth, j = 0, open_at
        while j < len(text) - 1:
            pair = text[j:j + 2]
            if pair == "{{":
                depth += 1
                j += 2
            elif pair == "}}":
                depth -= 1
                j += 2
                if depth == 0:
                    break
            else:
                j += 1
        if depth != 0:
            return
        inner = text[open_at + 2:j - 2]
        if len(inner) >= 2 and inner[0] == "_" and inner[1] in " \n":
            msgid = re.sub(r"[ \t\r\n]+", " ", inner[2:]).strip()
            if msgid:
                yield text.count("\n", 0, open_at) + 1, msgid
        i = j if inner[:1] == "_" else open_at + 2


def quoted(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(paths):
    seen = {}
    order = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for line, msgid in placeholders(text):
            if msgid not in seen:
                seen[msgid] = []
                order.append(msgid)
            seen[msgid].append(f"{path}:{line}")
    out = sys.stdout
    out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
    for msgid in order:
        out.write("#: " + " ".join(seen[msgid]) + "\n")
        # the templates' text is HTML, never a printf format
        out.write("#, no-c-format\n")
        out.write("msgid " + quoted(msgid) + '\nmsgstr ""\n\n')


if __name__ == "__main__":
    main(sys.argv[1:])
