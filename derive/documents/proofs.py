"""The ASCII `.proof` format: a `claim:` line, then `= expression  [by rule]` lines (`given:` and `case:`
lines, a `# network:` header)."""
import re

from ..model.symbols import L, l
from ..shown import DocumentError
from .network_words import network_titled
from .rows import Chain, Document, Row, claim_row, justification, named_note, network_options, read_row
from .stated import TRIES, words_state


NETWORK = re.compile(r"^#+\s*network\s*:\s*(.*)$", re.I)


def proof_sections(text):
    """The .proof text's Documents, one a claim (see read_all)."""
    doc, chain, network, headed = Document(None), None, None, None
    docs = [doc]
    for number, raw in enumerate(text.splitlines(), 1):
        header = NETWORK.match(raw.strip())
        if header:
            if network is None and (doc.claim is not None or any(d.chains for d in docs)):
                raise DocumentError(f"line {number}: a '# network:' header after a claim or a step; it names the "
                                    f"network of the whole file, so write it before them")
            network = network_options(header.group(1), number, network)    # (a second one repeats the first)
            headed = number
            continue
        if headed == number - 1 and re.match(r"\s*#+\s*[\w-]+\s*=", raw):     # an option the header goes on with
            raise DocumentError(f"line {number}: a comment right after the '# network:' header, which derive does not "
                                f"read as part of it; write the network on one line")
        line, _, comment = raw.partition("#")
        key = named_note(comment)
        if key:                             # a comment that reads as a claim or a network line is never dropped
            raise DocumentError(f"line {number}: a comment that names a {key}, which a .proof file reads only from "
                                f"a line '{'claim:' if key == 'claim' else '# network:'} ...'; write it so")
        if re.match(r"\s*[-+*/]", line):      # a line that goes on with an operator: the formula above's
            raise DocumentError(f"line {number}: a line that starts with {line.strip()[0]}, which reads as the formula "
                                f"above going on; write the formula on one line")
        line = line.strip()
        if not line:
            continue
        if re.match(r"\[\s*by\b", line):
            raise DocumentError(f"line {number}: a reason alone on its line, {line}; write it after the step it gives "
                                f"the reason of ('= ...   [by ...]')")
        line, why = justification(line)
        head, _, rest = line.partition(":")
        if head.strip().lower() in ("claim", "given", "case") and not head.strip().islower():
            raise DocumentError(f"line {number}: '{head.strip()}:' reads as a formula; write '{head.strip().lower()}:'")
        if head.strip() in ("claim", "given", "case") and _ and not rest.strip():
            raise DocumentError(f"line {number}: a '{head.strip()}:' line with nothing after it; write what it "
                                f"states on the same line ('{head.strip()}: ...')")
        if head.strip() == "case":
            if doc.claim is None:
                raise DocumentError(f"line {number}: a 'case:' line splits the proof of a claim, so it comes after "
                                    f"the 'claim:' line")
            chain = _case_chain(doc.claim, rest.strip(), number)
            doc.chains.append(chain)
            continue
        if head.strip() in ("claim", "given") and _ is not None and rest:
            if head.strip() == "claim" and why:     # a claim is what is proved, never a step with a reason
                raise DocumentError(f"line {number}: a claim takes no reason, and [{why}] does not read as a "
                                    f"factor of it (a guard is written *[...])")
            row = read_row(rest, number, why, allow_lead=False)
            if head.strip() == "claim":
                if doc.claim is not None:           # a second claim: the chains after it are its own
                    doc = Document(None)
                    docs.append(doc)
                doc.claim = claim_row(row)
                chain = Chain([Row(number, rest.strip(), row.exprs[:1], row.issues)])
                doc.chains.append(chain)
            else:                           # a given is checked as a chain; '= ...' lines continue it
                chain = Chain([row], given=True)
                doc.chains.append(chain)
            continue
        try:
            row = read_row(line, number, why)
        except DocumentError as e:
            if re.search(r"\(\s*by\b", line):     # (by chain rule) reads as a product with b, y
                raise DocumentError(f"{e}; a reason is written in brackets: [by ...]") from None
            raise
        if row.continues and chain is None:
            raise DocumentError(f"line {number}: '= ...' continues no equality before it")
        if row.continues:
            chain.rows.append(row)
        else:
            chain = Chain([row])
            doc.chains.append(chain)
    lone = next((c.rows[0].line for d in docs for c in d.chains
                 if not c.case and len(c.rows) == 1 and len(c.rows[0].exprs) == 1 and c is not d.chains[0]), None)
    if lone is not None:                    # (a claim's own chain may be alone: it is proved or not)
        raise DocumentError(f"line {lone}: an expression with no step, which is no equality (a claim or a step "
                            f"continued on a second line?); write each on one line")
    tries = [TRIES]
    stated = [found for number, raw in enumerate(text.splitlines(), 1)
              for words in (raw.partition("#")[2], justification(raw.partition("#")[0])[1])
              for found in words_state(words, number, tries)]
    number, title = next(((t, line.strip()) for t, line in enumerate(text.splitlines(), 1)       # its first words
                          if line.strip().strip("#").strip() and not NETWORK.match(line.strip())), (1, ""))
    titled = network_titled(title.lstrip("#"), number) if title.startswith("#") else {}
    for d in docs:
        d.network, d.stated, d.network_page = network or {}, stated, titled
    return docs


def _case_chain(claim, case, number):
    """A chain for one case of an induction on l: it starts at the claim's left side with l = L,
    or as it stands for l < L."""
    compact = case.replace(" ", "")
    if compact not in ("l=L", "l<L"):
        raise DocumentError(f"line {number}: a case is 'l = L' or 'l < L', not {case!r}")
    start = claim.exprs[0].xreplace({l: L}) if compact == "l=L" else claim.exprs[0]
    return Chain([Row(number, case, [start], [])], case=compact)
