"""What a page says of its network: the choices a paragraph that says 'Network:' names, and a title's or a heading's
(a title names the network it is about: 'BP1 for the quadratic cost'), read as a reader sees them; the paragraphs a
page may hide. A page checked on another network than the one it says is a DocumentError (checkdoc.py)."""
import re
import unicodedata

from .. import shown
from ..shown import DocumentError
from .beside import CLAIM_WORD, SHOWN_MATH, STATEMENTS, TEX_CODE, coded, paragraphs
from .prose import markdown_prose
from .rows import LOOKALIKES


MATH_DISPLAY = re.compile(r"\$\$|\\\[|\\begin\s*\{(?:align|equation|gather|multline|eqnarray|displaymath|flalign)")
DEFAULT = ("generic", "quadratic", "none", "no", "false")
STATED = re.compile(r"\bnetwork\s*:\s*(.*)|^(?:(?:the|our|this|its)\s+)?network\s*(?:\u2014|\u2013|--?)\s*(.*)",
                    re.S)               # 'Network: ...' anywhere, 'The network — ...' as a paragraph's first words
CHOICES = (("activation", r"\b(sigmoid|tanh|relu|softplus|hardsigmoid|hardtanh|leakyrelu|parametricrelu|"
                          r"otheractivation)s?\b|\bactivation\s+(generic|identity)\b|"
                          r"\b(identity)\s+(?:activation|output|neuron)|"
                          r"\b(?:any|all|every|each|an arbitrary|arbitrary|a general|general|a generic|generic)\s+"
                          r"(?=activation|sigma\b|σ)(activation|sigma|σ)"),
           ("cost", r"\b(quadratic|cross-entropy|log-likelihood)\b|"
                    r"\b(?:any|every|all|each|an arbitrary|arbitrary|whatever)\s+(?:the\s+|other\s+)?"
                    r"(costs?|loss(?:es)?)\b"),
           ("output", r"\b(softmax)\b"),
           ("regularization", r"(?<!squared )\b(l1|l2)\b(?!\)?\s*-?\s*(?:norm|loss|error|distance|cost|metric|space|"
                              r"normali[sz]ed))"), ("batch", r"\b(mini-batch)(?:es)?\b"),
           ("widths", r"\bwidths\s+(\d+(?:\s*,\s*\d+)+)|\b(any depth)\b|"
                      r"\b(?:any|every|all|arbitrary)\s+(widths?|sizes?|depths?)\b"))


def network_said(text, markdown, source=""):
    """{choice: (value, line, hidden)} that the page says of its network, in a paragraph that states it ('Network:
    widths 2,3,2; activation sigmoid; cost cross-entropy.', as derive's exports write it, or in other words, 'The
    network: sigmoid neurons and the cross-entropy cost'), read as a reader sees it (markup, hyphens, lookalike letters,
    lines joined): each choice a word names (softmax: output softmax; any depth: widths any). Two values of one choice
    are a DocumentError: derive checks on one network. A paragraph the page may hide counts too (`hidden`). A Markdown
    page is read from its `source`, block by block as prose.markdown_prose reads it (escapes, entities, code spans)."""
    page = source if markdown else text
    said, seen, stated = {}, _shown_groups(page), 0
    for line, heading, hidden in _headings(page, markdown, seen, source):
        _choices_named(_as_read(heading), line, hidden, said)
    for start, paragraph in _blocks(page) if markdown else paragraphs(text):
        display = MATH_DISPLAY.search(paragraph)        # (a display's reasons are no statement of the network)
        shown_words = paragraph[:display.start()] if display else paragraph
        claim = CLAIM_WORD.search(shown_words)
        if claim:                                       # a claim names the network it is about, as a title does
            at = start + claim.start()
            _choices_named(_as_read(SHOWN_MATH.sub(" ", shown_words[claim.start():])), shown.line_of(page, at),
                           _hidden_at(seen, at, markdown), said)       # (its words: b^l_1 is no L1)
        found = STATED.search(_as_read(shown_words))
        if not found:
            continue
        stating = found.group(1) if found.group(1) is not None else found.group(2)
        said_at = re.search(r"(?i)network", shown_words)
        sentence = re.split(r"\.(?=\s|$)|\\\\|\n", shown_words[said_at.start() if said_at else 0:])[0]
        formula = next((m.group(0) for m in SHOWN_MATH.finditer(sentence) if not LONE.fullmatch(
            next(g for g in m.groups() if g is not None))), None)     # (in the sentence that states the network)
        if formula:
            raise DocumentError(f"line {shown.line_of(page, start)}: the page writes a formula, {formula}, where it "
                                f"states its network: derive reads only the names of its choices there ('Network: "
                                f"activation sigmoid; cost quadratic')")
        stated += 1
        if stated > STATEMENTS:         # (each is looked at from the page's start: a bound keeps it linear)
            raise DocumentError(f"more than {STATEMENTS} paragraphs say 'Network:'; a page states its network once")
        word = None if markdown else re.search(r"(?i)network", paragraph)     # where the page says it (else where its
        at = start + (word.start() if word else 0)                                # paragraph starts)
        _choices_named(stating, shown.line_of(page, at), _hidden_at(seen, at, markdown), said, True)
    return said


def network_titled(title, line):
    """{choice: (value, line, False)} that a file's title, its first words, names (network_said's choices)."""
    said = {}
    _choices_named(_as_read(title), line, False, said)
    return said


def _choices_named(words, line, hidden, said, stating=False):
    """Adds to `said` ({choice: (value, line, hidden)}) each choice of the network that the words (as _as_read reads
    them) name; a DocumentError for a value other than one said before: derive checks on one network, or, in a
    paragraph that states the network (`stating`), for words that widen a choice (WIDER)."""
    for other, word in SYNONYMS:
        words = re.sub(other, word, words)
    wider = WIDER.search(words) if stating else None
    if wider and any(re.search(pattern, words) for _, pattern in CHOICES):
        raise DocumentError(f"line {line}: the page says its network is wider than one network ('{wider.group(0)}'): "
                            f"derive checks one, so say only its choices ('Network: activation sigmoid; cost "
                            f"cross-entropy')")
    changed = (CHANGED.search(words) or MODIFIED.search(re.split(r"\.(?=\s|$)", words)[0])) if stating else None
    if changed:
        raise DocumentError(f"line {line}: the page says a choice of its network (its activation or cost) is changed "
                            f"('{changed.group(0)}'): derive checks the choice it names as it is, so name the one the "
                            f"network has")
    for key, pattern in CHOICES:
        for m in re.finditer(pattern, words):
            value = re.sub(r"\s", "", next(g for g in m.groups() if g))
            value = {"mini-batch": "yes", "anydepth": "", "activation": "generic", "sigma": "generic",
                     "σ": "generic", "cost": "any", "costs": "any", "loss": "any", "losses": "any", "width": "",
                     "widths": "", "size": "", "sizes": "", "depth": "", "depths": ""}.get(value, value)
            if key in said and said[key][0] != value:
                raise DocumentError(f"line {line}: the page says {key} {value or 'any'} here and "
                                    f"{said[key][0] or 'any'} on line {said[key][1]}: a document is checked on "
                                    f"one network")
            if key not in said or said[key][2] and not hidden:
                said[key] = (value, line, hidden)


CHOICE_WORDS = r"(?:activations?|sigmas?|costs?|widths?|depths?|sizes?|outputs?|regulari[sz]ations?|penalt(?:y|ies))"
WIDER = re.compile(r"\b(?:(?:any|some|all|every|each|whatever)\s+(?:\w+\s+)?other\b|\bor\s+other\b|\bwhatever\b|"
                   r"(?:as an|for|an|one)\s+example\b|\be\.g\.|\bfor instance\b|\bsuch as\b|\bnot only\b|\bas well\b|"
                   r"\bor\s+(?:larger|more|bigger|wider|deeper|smaller|fewer|any)\b|\bat (?:least|most)\b|"
                   r"\b(?:every|all|each)\s+(?:\w+\s+)?" + CHOICE_WORDS + r"\b|"
                   r"\bany\s+(?!depth\b|activation\b|sigma\b|σ)(?:\w+\s+)?" + CHOICE_WORDS + r"\b)")
# words that widen a choice to others: the page would say more than the one network derive checks ('widths 2,3,2
# only as an example', 'or any other cost', 'or larger'); 'any activation' and 'any depth' name a choice themselves


ACTIVATION_NAMES = r"(?:sigmoid|tanh|relu|softplus|identity|hardsigmoid|hardtanh|leakyrelu|parametricrelu)s?"
CHANGED = re.compile(r"\b(?:re-?scaled|scaled|shifted|modified|stretched|squashed|flipped|negated|mirrored|smoothed|"
                     r"variants?|versions?|approximations?|approximate|approximately|similar\s+to|like|kind\s+of|"
                     r"form\s+of)\s+(?:(?:a|an|the|of|to)\s+)?(?:\w+\s+)?" + ACTIVATION_NAMES + r"\b|"
                     r"\b" + ACTIVATION_NAMES + r"\s*,?\s+(?:of|times|plus|minus|multiplied|divided|scaled|shifted|"
                     r"rescaled|squared|composed)\b")
# words that change an activation the paragraph names: 'a rescaled sigmoid, 2s(2t) - 1' (tanh), 'sigmoid of 2t'
MODIFIED = re.compile(r"\b(?:twice|doubled?|half|halved|triple[ds]?|minus|plus|times|inverse|derivatives?|cubed?|"
                      r"squared?|shifted|scaled|rescaled|complement|negated|negative|applied|without|factor|"
                      r"multiplied|divided|composed|composition|raised|powers?|mirror(?:ed)?|images?|"
                      r"reflect(?:ed|ion)?|doubling|halving|counterparts?|opposite|reversed?|flipped|thrice)\b")
# words that change a choice anywhere in a paragraph that states the network: 'the quadratic cost, doubled', 'one
# minus the sigmoid', 'the derivative of the sigmoid'
LONE = re.compile(r"\s*(?:[A-Za-z]|\\[a-zA-Z]+)(?:\s*[_^]\s*(?:\{[^{}]*\}|\w))*\s*|\s*\d+(?:\s*,\s*\d+)*\s*")
# a formula a paragraph that states the network may write: a symbol ($L$, $n_l$, $M$) or widths ($2,3,2$)


SYNONYMS = ((r"\b(?:mean[ -]squared?[ -]error|mse|(?:sum of )?squared[ -](?:errors?|loss))\b", "quadratic"),   # words
            (r"\b(hard|leaky|parametric)[ -](sigmoid|tanh|relu)", r"\1\2"),    # for a choice; activations derive
            (r"\b(?:silu|gelu|elu|selu|swish|mish|maxout)\b", "otheractivation"),   # has not
            (r"\blog[ -]loss\b", "cross-entropy"), (r"\b(?:logistic|sigmoidal)\b", "sigmoid"),      # choice
            (r"\b(?:rectifiers?|rectified[ -]linear(?:[ -]units?)?)\b", "relu"), (r"\bhyperbolic tangent\b", "tanh"),
            (r"\bsoft max\b", "softmax"), (r"\b(?:weight[ -]decay|ridge)\b", "l2"), (r"\blasso\b", "l1"),
            (r"\b(?:linear) (?=output|activation|neuron)", "identity "), (r"\bl ?\^ ?([12])\b", r"l\1"),
            (r"\bl ([12])\b(?= (?:regulari|penalt|weight))", r"l\1"))
HEADING = re.compile(r"\\(?:title|subtitle|thanks|part|chapter|(?:sub)*section|(?:sub)?paragraph|caption|"
                     r"captionof\s*\{[^{}]*\}|addsec|addchap|addpart|minisec|frametitle|framesubtitle)\*?\s*"
                     r"(?:\[((?:[^\[\]{}]|\[[^\[\]]*\]|\{[^{}]*\})*)\]\s*)?\{")
ATX = re.compile(r"[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*#{1,6}(?:[ \t]|$)")   # (in a quote or a list too; the
SETEXT = re.compile(r"[ \t]*(?:>[ \t]*)*(?:=+|-+)[ \t]*$")                      # prose markdown_prose reads: no code)
HTML_HEADING = re.compile(r"<h[1-6]\b[^<>]*>", re.I)
TITLE_CHARS = 2_000             # the most characters of one title or heading that are read


def _headings(page, markdown, seen, source=""):
    """(line, words, hidden) of each title and heading of the page: \\title, \\section (its short title too),
    \\paragraph, \\caption ... in LaTeX, # and underlined headings in Markdown (in a quote or a list too, as
    prose.markdown_prose reads them: none in code) and <h1> ... <h6>. A title names the network it is about ('BP1 for
    the quadratic cost'), as much as a 'Network:' line does."""
    if not markdown:                # (the preamble's \\title too, which the page shows with \\maketitle)
        body = source.find("\\begin{document}")
        preamble = re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), source[:max(body, 0)])
        return [(shown.line_of(text, m.start()), f"{m.group(1) or ''} {_argument(text, m.end())}".replace("}{", "} {"),
                 text is page and _hidden_at(seen, m.start(), False))
                for text in (preamble, page) for m in HEADING.finditer(text)]
    lines = page.split("\n")
    starts = [0] + [m.end() for m in re.finditer("\n", page)]
    out = [(first, prose, _hidden_at(seen, starts[first - 1], True)) for prose, first in markdown_prose(page)
           if ATX.match(lines[first - 1]) or first + prose.count("\n") < len(lines) and
           SETEXT.match(lines[first + prose.count("\n")])]
    return out + [(shown.line_of(page, m.start()), page[m.end():m.end() + TITLE_CHARS].split("</h", 1)[0], False)
                  for m in HTML_HEADING.finditer(page)]


def _argument(text, start):
    """The text of the group that opens just before `start`, up to its closing brace (TITLE_CHARS at most)."""
    depth = 1
    for t in range(start, min(len(text), start + TITLE_CHARS)):
        if text[t] in "{}" and text[t - 1] != "\\":
            depth += 1 if text[t] == "{" else -1
            if depth == 0:
                return text[start:t]
    return text[start:start + TITLE_CHARS]


SHOWN_GROUP = re.compile(r"\{\\(?:small|footnotesize|normalsize|large|bfseries|itshape|em)(?![a-zA-Z])|"
                         r"\\(?:text(?:bf|it|sc|rm|sf|tt)|emph|underline|(?:sub)*section\*?|paragraph\*?)\s*\{")


def _shown_groups(text):
    """The text with the braces of groups that show their words (a size, bold, a heading: {\\small ...}) as spaces,
    so that a line in one is not taken for hidden (_hidden_at); the text keeps its length (one pass, a stack)."""
    opening = {m.start() if text[m.start()] == "{" else m.end() - 1 for m in SHOWN_GROUP.finditer(text)}
    chars, stack = list(text), []
    for t, c in enumerate(text):
        if t and text[t - 1] == "\\":
            continue
        if c == "{":
            stack.append(t)
        elif c == "}" and stack:
            start = stack.pop()
            if start in opening:
                chars[start] = chars[t] = " "
    return "".join(chars)


def _blocks(source):
    """(offset, text) of each block of a Markdown page, as prose.markdown_prose reads it."""
    starts = [0] + [m.end() for m in re.finditer("\n", source)]
    return [(starts[first - 1], prose) for prose, first in markdown_prose(source)]


def _as_read(paragraph):
    """The paragraph's words as a reader sees them, lower case: TeX's markup dropped, hyphens of every kind as '-',
    lookalike letters as Latin ones, spaces as one."""
    t = re.sub(r"\\(?:begin|end|label)\s*\{[^{}]*\}|\\(?:sub)*paragraph\*?\s*\{([^{}]*)\}",
               lambda m: f"{m.group(1)}:" if m.group(1) else " ", paragraph)   # an environment's name: nothing here;
                                                                          # \paragraph{X}: X: (a footnote's words: its
                                                                          # own, read with the paragraph's)
    t = re.sub(r"\\(?:kern|hskip|mkern)\s*-?[\d.]+\s*[a-z]{2} ?", "", t)   # a kern shows no word
    t = re.sub(r"\\(?:[hv]?phantom|index|label|hspace\*?|vspace\*?|rule)\s*(?:\[[^\]]*\])?(?:\s*\{[^{}]*\})+", "", t)
    t = re.sub(f"(?:{TEX_CODE.pattern}) ?", lambda m: coded(TEX_CODE.match(m.group(0))), t)   # \char116 anh: tanh
    t = re.sub(r"\\footnote(?:text)?\s*\{", " {", t)                          # a footnote's words apart
    t = re.sub(r"\\(log|ln|exp|tanh|sigma|ell)(?![A-Za-z])", lambda m: " l " if m.group(1) == "ell" else
               f" {m.group(1)} ", t)                                     # a function's name shows as its word
    t = re.sub(r"\\[-/]", "", t)                                          # TeX's \- (a hyphenation point), \/
    t = re.sub(r"\\[,;! ]", " ", t)                                       # \, \ : a space
    t = re.sub(r"\\[A-Za-z]+\*?[ \t]*", "", t).replace("~", " ")          # a command shows its argument's words (it
                                                                          # takes the spaces after it: ta\relax nh)
    t = re.sub(r"[{}$*_|#>\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff]", "", t)   # braces, math, emphasis;
                                                                                          # invisible marks
    t = unicodedata.normalize("NFKC", t).translate(LOOKALIKES)
    t = re.sub(r"[\u2010-\u2013\u2212\ufe63\uff0d]|(?<=[A-Za-z])\u2014(?=[A-Za-z])", "-", t).lower()
    t = re.sub(r"(?<=[a-z])\s*-+\s*(?=[a-z])|(?<=cross)\s*(?=entropy)|(?<=log)\s*(?=likelihood)|(?<=mini)\s*(?=batch)",
               "-", t).replace("soft-max", "softmax")
    return " ".join(t.split())


def network_shown(network, said, line):
    """A DocumentError unless a paragraph the page shows says (network_said) the network the note sets, each choice
    other than the default: the note is hidden, and a formula with sigma, proved for the identity activation alone
    (a = sigma(z) = z), or on one net, would show as if it held for every network."""
    for key, value in network.items():
        if value.lower() in DEFAULT:
            continue
        words = "a mini-batch of m inputs" if key == "batch" else f"{key} {value.lower()}"
        stated = said.get(key)
        if stated is None or stated[2] or stated[0] != ("yes" if key == "batch" else "".join(value.split()).lower()):
            raise DocumentError(f"line {line}: the network note sets {key}={value}, which the page must say too (the "
                                f"note is hidden): write a line 'Network: {words.replace(' m ', ' $M$ ')}' (each "
                                f"choice after a ;) in the text")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _hidden_at(text, at, markdown):
    """Text at `at` may not show: inside a group of braces (a command's argument: \\phantom{...}, a \\newcommand that
    drops it) or an environment but the document (one the page defines may drop its body); in Markdown, inside any
    HTML element or on a line with a tag (<rp>, <template>, <noscript>, a closed <details> are not displayed)."""
    before = re.sub(r"\\[{}]", "", text[:at])
    inside = len(re.findall(r"\\begin\s*\{(?!document\})", before)) > len(re.findall(r"\\end\s*\{(?!document\})", before))
    if before.count("{") > before.count("}") or inside:
        return True
    if not markdown:
        return False
    line = text[at:].split("\n", 1)[0]
    opened = {}
    for close, name in re.findall(r"<(/?)([A-Za-z][\w-]*)\b[^<>]*?(?<!/)>", before):
        if name.lower() not in VOID:
            opened[name.lower()] = opened.get(name.lower(), 0) + (-1 if close else 1)
    return "<" in line or any(count > 0 for count in opened.values())
