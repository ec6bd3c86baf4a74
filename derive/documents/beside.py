"""What a page shows beside a document's displays that derive would not read as rows, or that moves text over them:
a length that moves what follows (LaTeX), MathJax's spacing and HTML styles (Markdown), an equation set on a centred
line. Each is a DocumentError (inline math set as a step: shown/inline.py; a relation typed beside inline math, an
equation set apart by glue: prose.py). And what a page states beside its displays: its claims and relations (what it
says of its network: network_words.py)."""
import html
import re
import unicodedata

from .. import shown
from ..shown import DocumentError
from ..shown.inline import EQUALITY
from .prose import DISPLAYED, no_step_in_markdown

NUMBER = r"(?:\d+(?:[.,]\d*)?|[.,]\d+|\"[0-9A-Fa-f]+|'[0-7]+)"               # TeX's: 2,5 and hex "19, octal '31
UNIT = r"(?i:pt|cm|mm|in|em|ex|bp|pc|dd|cc|sp|mu|true|fil+|nd|nc|px)"            # in any case: 2.5EM
MOVED = re.compile(rf"-\s*(?:\+\s*)*{NUMBER}\s*{UNIT}"
                   r"(?![a-zA-Z])|-\s*(?:\+\s*)*" + NUMBER + r"?\s*\\(?:[a-zA-Z]*(?:skip|width|height|indent|sep|"
                   r"margin|amount|size|depth|dimen|length|rule|unit)|fill|stretch|ht|wd|dp)(?![a-zA-Z])|"  # a negative
                   rf"(?:(?<![\d.,]){NUMBER}\s*{UNIT}|\\[a-zA-Z]*skip)\s*(?i:minus)(?![a-zA-Z])|"   # length, a register's;
                   r"\\(?:parbox|begin\s*\{minipage\})\s*\[[^\]]*\]\s*\[|"      # glue that shrinks; a box's height;
                   r"-\s*(?:\+\s*)*\\(?:the(?!ta(?![a-zA-Z]))[a-zA-Z]*|arabic|value|number|romannumeral)(?![a-zA-Z])|"
                                                                  # minus before a number's digits (-\thepage 6pt: -16pt)
                   r"\\(?:hoffset|voffset|moveleft|moveright|raise|lower)(?![a-zA-Z])|"      # a move
                   r"(?:\\(?:hspace\*?\s*\{|hskip|kern)|\\\\\*?\s*\[)\s*(?!(?:\d{1,2}(?:\.\d*)?|\.\d+)\s*(?:pt|mm|em|ex|bp|dd|sp)\b|"
                   r"\d(?:\.\d*)?\s*(?:cm|in|pc|cc)\b|\\fill\b|\\stretch\b)")   # far: past 99pt or 9cm, or a row's \\[...]
SHAPE = r"(?:leftskip|rightskip|hangindent|parshape|parindent|linewidth|columnwidth|oddsidemargin|evensidemargin|" \
        r"paperwidth|paperheight|leftmargin[iv]*|rightmargin|itemindent|listparindent|parfillskip)"
NEAR = r"(?:0+(?:[.,]0*)?\s*{UNIT}?(?![\w.,])|(?:\d{{1,2}}(?:\.\d*)?|\.\d+)\s*(?:pt|mm|em|ex|bp|dd|sp)\b|" \
       r"\d(?:\.\d*)?\s*(?:cm|in|pc|cc)\b)".format(UNIT=UNIT)                        # 0, or as near as \hspace's
SHAPED = re.compile(rf"\\{SHAPE}(?![a-zA-Z])\s*(?:=\s*|(?=[-+.,\d\"']))(?!{NEAR})|"     # \leftskip=30cm, \parshape 1 ...
                    rf"\\(?:setlength|addtolength)\s*\{{?\s*\\{SHAPE}(?![a-zA-Z])\s*\}}?\s*\{{(?!\s*{NEAR}\s*\}})")
SPACED = re.compile(r"\\(?:kern|mkern|hskip|mskip|mspace|hspace|neg(?:thick|med|thin)space)(?![a-zA-Z])|"  # MathJax's,
                    r"<[A-Za-z][^<>]*?\sstyle\s*=", re.I)                                       # an HTML style
HTML_CENTRED = re.compile(r"(<center\b[^<>]*>|<[a-zA-Z][a-zA-Z0-9]*\b[^<>]*?\balign\s*=\s*[\"']?(?:center|right|middle)"
                          r"[^<>]*>)|</[a-zA-Z][a-zA-Z0-9]*\s*>|" + EQUALITY.pattern, re.I)   # an opener, a closer, =
CENTRING = re.compile(r"\\(begin|end)\s*\{(?:center|flushleft|flushright)\}|\\(?:centerline|centering|raggedleft|"
                      r"raggedright)(?![a-zA-Z])|\n[ \t]*\n|\$\$?|" + EQUALITY.pattern)   # read once, left to right


def no_move(text):
    """A DocumentError for a length or box of a LaTeX text that may move what follows over other text or off the page:
    a paragraph's shape set to other than 0 too (\\leftskip=30cm set the page's network line past the paper's edge)."""
    moved = MOVED.search(text) or SHAPED.search(text)
    if moved:           # \\hspace*{-60cm}, a negative margin: TeX sets what follows off the page
        shown_as = text[moved.start():moved.end() + 20].split("}")[0].split("\n")[0].strip()
        raise DocumentError(f"line {shown.line_of(text, moved.start())}: {shown_as}, which may move what "
                            f"follows over other text or off the page; leave it out")


FOOTNOTE_MARK = re.compile(r"\\(?:(?:re|provide)?newcommand\*?|[egx]?def|let)\s*\{?\s*\\"
                           r"(?:the(?:mp)?footnote|@fnsymbol|@makefnmark|@thefnmark)(?![a-zA-Z])")


def no_row_beside_latex(text):
    """A DocumentError for what a LaTeX page shows beside its displays as one more row: an equation on a centred line
    (= typed beside inline math: prose.py, once conditionals are read)."""
    marked = FOOTNOTE_MARK.search(text)
    if marked:                  # \renewcommand{\thefootnote}{$+1$}: every footnote's mark shows +1 beside a formula
        raise DocumentError(f"line {shown.line_of(text, marked.start())}: {marked.group(0)}, a footnote's mark of the "
                            f"page's own, which TeX sets beside a formula; leave it out")
    centred = _centred(text)
    if centred is not None:     # a centred line of inline math shows as a display derive does not check
        raise DocumentError(f"line {shown.line_of(text, centred)}: an equation (in inline math, or = typed "
                            f"beside it) on a centred line (center, \\centerline, \\centering), which the page shows "
                            f"as a display derive does not check; set it in a display")


def no_row_beside_markdown(text, code):
    """A DocumentError for what a Markdown page (text as written, code as a reader sees it) shows beside its displays as
    one more row, or moves over them: inline math set as a step, = typed before inline math, an equation in an element
    set centred or to the right, MathJax's spacing and an HTML style."""
    shown.markdown_steps(code, text)
    no_step_in_markdown(text)
    centred = _html_centred(text)
    if centred is not None:     # <p align="center">$a = b$</p> shows as a display derive does not check
        raise DocumentError(f"line {shown.line_of(text, centred)}: an equation in an HTML element set centred or to the "
                            f"right (<center>, align=...), which the page shows as a display derive does not check; "
                            f"set it in a display")
    spaced = SPACED.search(code)
    if spaced:                  # \kern-6em in a reason's or a paragraph's math, a style's negative margin
        raise DocumentError(f"line {shown.line_of(code, spaced.start())}: {spaced.group(0)}, which may move math or "
                            f"text over a display on the page; leave it out")


def _html_centred(text):
    """Where an equation stands in an HTML element a Markdown page sets centred or to the right (<center>, align=center
    or right: GitHub keeps align, and the Markdown between its tags is set so), or None: one pass over the tags."""
    depth = 0
    for m in HTML_CENTRED.finditer(text):
        if m.group(1):
            depth += 1
        elif m.group(0).startswith("</"):
            depth = max(0, depth - 1)
        elif depth:
            return m.start()
    return None


def _centred(text):
    """Where an equation (in inline math, or = typed beside it) stands on a centred line (in center, flushleft or
    flushright, or after \\centerline, \\centering or \\ragged... in its paragraph), or None: one pass over the
    text's tokens ($$ displays are read as rows)."""
    environments, declared, display = 0, False, False
    for m in CENTRING.finditer(text):
        token = m.group(0)
        if token.strip() == "":                         # a paragraph's end ends a declaration
            declared = False
        elif token == "$$":
            display = not display
        elif m.group(1):
            environments = max(0, environments + (1 if m.group(1) == "begin" else -1))
        elif token[1:] in ("centerline", "centering", "raggedleft", "raggedright"):
            declared = True
        elif token != "$" and not display and (environments or declared):
            return m.start()
    return None


STATEMENTS = 100                # paragraphs that state the network, at most


CLAIM_NAME = r"(?:Claim|CLAIM|Theorem|THEOREM|Proposition|Lemma|LEMMA|Corollary|Fact|FACT|Result)" \
    r"(?:\s*(?:\d+(?:\.\d+)*[a-z]?(?!\d)|[A-Z](?![a-z])|\([^()\n]*\)|\[[^\[\]\n]*\]))*"     # Claim 1.1 (BP3)
CLAIM_VERB = r"\b(?:(?:[Ww]e|I|[Ll]et\s+us|[Ll]et's|[Oo]ne\s+(?:can|may))\s+(?:(?:now|will|shall|can|next|" \
    r"first|then)\s+)*(?:prove|show|claim|state|establish)|[Oo]ur\s+claim\s+is)\b(?:\s+that\b)?"
CLAIM_WORD = re.compile(CLAIM_VERB + r"|"
                        r"(?m:^[ \t]*#{1,6}[ \t]+(?:\*\*|__)?" + CLAIM_NAME + r"(?:\*\*|__)?[ \t]*[:.]?[ \t]*$)|"
                        r"\\(?:(?:sub)*section|paragraph)\*?\s*\{\s*" + CLAIM_NAME + r"\s*[:.]?\s*\}|"   # a heading
                        r"(?<![A-Za-z])(?:" + CLAIM_NAME +
                        r"(?:\s*(?:\*\*?|__?|\}|</?[A-Za-z]+>))*\s*(?::|\.(?![\d.])|---?|\u2014|\u2013|<br\s*/?>|"
                        r"(?<=\})\s*\\(?:q?quad|en(?:space|skip)|hspace\*?\{[^{}]*\}|[,;: ])|(?<=[}*_])(?=\s)|,|"
                        r"(?=\s*(?:\$|\\\()[^$]*?=)))")
# 'We prove that $...$' (a claim in words of its own), a heading '### Claim', '\\paragraph{Claim}', 'Claim:',
# '**Claim**', '\\textbf{Claim}' and a space, 'Claim,', 'Claim (BP3) $... = ...$'
SHOWN_MATH = re.compile(r"\$`(.+?)`\$|(?<!\\)\$((?:[^$\\]|\\.)+)\$|\\\(((?:(?!\\\().)+?)\\\)", re.S)   # inline (a \( to
                                                                        # the next at most; \$ is a dollar sign)
ORDER_NAMED = ("LESS-THAN", "GREATER-THAN", "PRECEDES", "SUCCEEDS", "SMALLER THAN", "LARGER THAN")   # ORDER_CHARS:
ORDER_LOOKALIKE = "\u02c2\u02c3\u1438\u1433\u2039\u203a"   # each character of U+2000-U+FFFF whose Unicode name has one
                                                              # of these words, then those that look like < and >
ORDER_CHARS = ("\u2264\u2265\u2266\u2267\u2268\u2269\u226a\u226b\u226e\u226f\u2270\u2271\u2272\u2273\u2274\u2275"
               "\u2276\u2277\u2278\u2279\u227a\u227b\u227c\u227d\u227e\u227f\u22b0\u22b1\u22d6\u22d7\u22d8\u22d9"
               "\u22da\u22db\u22dc\u22dd\u22de\u22df\u22e6\u22e7\u22e8\u22e9\u2343\u2344\u2369\u2976\u2977\u2978"
               "\u2993\u2994\u2995\u2996\u29c0\u29c1\u2a79\u2a7a\u2a7b\u2a7c\u2a7d\u2a7e\u2a7f\u2a80\u2a81\u2a82"
               "\u2a83\u2a84\u2a85\u2a86\u2a87\u2a88\u2a89\u2a8a\u2a8b\u2a8c\u2a8d\u2a8e\u2a8f\u2a90\u2a91\u2a92"
               "\u2a93\u2a94\u2a95\u2a96\u2a97\u2a98\u2a99\u2a9a\u2a9b\u2a9c\u2a9d\u2a9e\u2a9f\u2aa0\u2aa1\u2aa2"
               "\u2aa3\u2aa4\u2aa5\u2aa6\u2aa7\u2aa8\u2aa9\u2aaa\u2aab\u2aac\u2aad\u2aaf\u2ab0\u2ab1\u2ab2\u2ab3"
               "\u2ab4\u2ab5\u2ab6\u2ab7\u2ab8\u2ab9\u2aba\u2abb\u2abc\u2af7\u2af8\u2af9\u2afa\u2b43\ufe64\ufe65"
               "\uff1c\uff1e\u02c2\u02c3\u1438\u1433\u2039\u203a")
ORDER_SIGNS = re.escape("\u2260" + ORDER_CHARS)                   # ≠, and every sign of an order
EQUAL_LIKE = ("\u1400\u207c\u208c\u224c\u224d\u224e\u2251\u2254\u2255\u2256\u2257\u225b\u225c\u225d\u2261\u2263\u229c\u22d5\u2338\u2550"
              "\u268c\u29e3\u29e5\u2a66\u2a67\u2a6e\u2a71\u2a72\u2a74\u2a75\u2a76\u2a77\u2a78\u2bf9\u2e17\u2e40\u30a0\ua78a\ufe66\uff1d\U0001f7f0")
# each character that is an equals sign by its Unicode name (≡, ≔, ≝, ⩵, ＝, 🟰; not an approximation, ≈, nor an order,
# ⊑), or looks like one (═, ゠, ⹀, ⚌, ᐀): = as a reader reads it
RELATION = re.compile(r"=|[" + EQUAL_LIKE + r"]|"
                      r"\\(?:equiv|doteq|coloneqq?|eqqcolon|triangleq|mathchar|Relbar|Leftrightarrow|iff)(?![a-zA-Z])")
DISPLAY_START = re.compile(r"\$\$|\\\[|\\begin\s*\{")
THEOREM = re.compile(r"\\(?:newtheorem|declaretheorem|spnewtheorem|newmdtheoremenv)\*?\s*(?:\[[^\]]*\]\s*)?"
                     r"\{([A-Za-z]+\*?)\}")
# \newtheorem{thm}{Theorem}, \newtheorem*{thm*}{Theorem}, thmtools' \declaretheorem[name=..]{thm}
MARKUP = re.compile(r"\\-|\u00ad|\{\}|\\/")                          # shows nothing
SHOWS = re.compile(r"\\(?:textbf|textit|emph|textrm|textsf|mbox|noindent|par|medskip|smallskip|bigskip)(?![A-Za-z])\s*\{?")


def claims_said(text, markdown, source=""):
    """(line, formulas, conditions) for each place the page states a claim ('Claim:', 'Theorem 1 (BP3).', '**Claim
    1.1:**', as derive's exports write '\\noindent Claim: $...$ for $...$' and '**Claim:** $...$', and the body of a
    theorem environment, hidden or not): the formulas with '=' in the rest of its paragraph, up to a display
    environment (or the environment's end), which a reader takes for the claim, and the conditions in its sentence
    ('2 \\le l \\le L'). The page is read as shown: its entities and escapes
    in Markdown, ~ and TeX's \\ as spaces, markup that shows its words dropped."""
    page = source if markdown else text
    found = []

    def said(line, body):
        shown_math = list(SHOWN_MATH.finditer(body))
        formulas = [m for m in shown_math if RELATION.search(m.group(0)) and
                    not _condition(_inner(m))]          # (for $l = L$, $l = 2, \dots, L$: a condition)
        related = formulas or any(INEQUALITY.search(m.group(0)) and not CONDITION.match(_inner(m)) for m in shown_math) \
            or any(RELATION.search(f) for _, f in relations_in(body)) \
            or any(not body[a.end():b.start()].strip() for a, b in zip(shown_math, shown_math[1:]))
        worded = None if related else next((m.group(0) for m in shown_math if not CONDITION.match(_inner(m))), None)
        # (a relation typed between two formulas is read, $...$ \equiv $...$, and verbatim, \verb|=|, is blank here)
        if worded:                      # 'Claim: $...$ equals $2 ...$', '$...$ => $...$': its relation in words
            raise DocumentError(f"line {line}: the claim shows {worded} but no equation in a formula, which is what "
                                f"derive reads; write the whole claim in one formula ('Claim: $... = ...$')")
        on = _goes_on(body, formulas[0]) if formulas else None
        if on:
            raise DocumentError(f"line {line}: the claim goes on beside its formula ('{on}'), past what derive reads; "
                                f"write the whole claim in one formula, with words or a stop beside it")
        after = body[formulas[0].end():] if formulas else ""        # the claim's sentence: the conditions beside it
        end = len(body) - len(after) + _sentence_end(after) if formulas else 0
        conditions = _conditions_in(body[:end])
        stray = _stray_word(body[:_claim_end(body)])
        if stray:
            raise DocumentError(f"line {line}: the claim's sentence says '{stray}', which derive does not read; a "
                                f"claim's sentence holds its formula, its conditions ('for $2 \\le l \\le L$') and "
                                f"the words of a claim ('we prove that', 'holds for every layer $l$'): write its "
                                f"conditions in it ('Claim: $...$ for $2 \\le l \\le L$.') and other words in a "
                                f"sentence of their own after it")
        found.append((line, [next(g for g in m.groups() if g is not None) for m in formulas], conditions))
        if len(found) > STATEMENTS:
            raise DocumentError(f"more than {STATEMENTS} places state a claim ('Claim:'); a page states each once")
    blocks = paragraphs(page)
    for (start, paragraph), following in zip(blocks, blocks[1:] + [(None, "")]):
        read = _as_shown(paragraph, markdown)
        words = list(CLAIM_WORD.finditer(read))
        if words and not DISPLAY_START.search(read, words[-1].end()) and not _nothing(read[words[-1].end():]).strip(
                " .:;,") and following[0] is not None:      # 'Claim:' or a heading alone: the next paragraph's words
            read = read + "\n" + _as_shown(following[1], markdown)
            words = words[:-1] + [next(CLAIM_WORD.finditer(read, words[-1].start()))]
        for word in words:
            rest = read[word.end():]
            if re.fullmatch(CLAIM_VERB, word.group(0)) and not SHOWN_MATH.search(rest[:_sentence_end(rest)]):
                continue                # 'Let us show how the chain rule gives BP3.': no claim in math
            cut = DISPLAY_START.search(rest)
            if cut and cut.group(0) == "$$" and len(re.findall(r"(?<!\\)\$", rest[:cut.start()])) % 2:
                raise DocumentError(f"line {shown.line_of(page, start) + read[:word.end()].count(chr(10))}: an "
                                    f"inline formula after '{word.group(0).strip()}' runs into $$ ($a$$b$), which a "
                                    f"reader may take for a display; write the whole claim in one formula")
            at = shown.line_of(page, start) + read[:word.start()].count("\n")
            if not cut and not _nothing(rest).strip(" .:;,"):
                raise DocumentError(f"line {at}: '{word.group(0).strip()}' ends the page; write the claim after it")
            body = rest[:cut.start()] if cut else rest
            if cut and not SHOWN_MATH.search(body):          # 'Claim: \[...\] up to sign.'
                _after_display(at, rest, cut)
            struck = STRUCK.search(paragraph)
            if struck:
                raise DocumentError(f"line {at}: the paragraph of a claim strikes words out ('{struck.group(0)}'), "
                                    f"which derive would read as shown; write the claim as it holds")
            lead = read[:word.start()]
            lead = lead[max((x.end() for x in OPENS.finditer(_masked(lead))), default=0):]
            lead = LIST_MARK.sub(" ", lead)
            stray = _stray_word(lead)
            if stray:                   # 'Up to sign, we prove that $...$'
                raise DocumentError(f"line {at}: the claim's sentence says '{stray}' before its word, which derive "
                                    f"does not read; start the sentence with the claim's word ('Claim:', 'We prove "
                                    f"that')")
            said(at, body)
            before = re.split(r"\\end\s*\{[^{}]*\}|\$\$|\\\]", read[:word.start()])[-1]   # (after a display)
            outside = [m.group(0) for m in SHOWN_MATH.finditer(before + " " + body[_claim_end(body):])
                       if STATED_CONDITION.search(_inner(m)) and _condition(_inner(m))]
            if outside:                 # 'Let $l = L$. Claim: ...', 'Claim: ... It holds for $l = L$ too.'
                raise DocumentError(f"line {at}: the paragraph of a claim says {outside[0]} outside the claim's "
                                    f"sentence, where derive does not read it; write the claim's conditions in its "
                                    f"sentence")
    if not markdown:
        for name in set(THEOREM.findall(source or page)):
            for m in re.finditer(rf"\\begin\s*\{{{re.escape(name)}\}}(.*?)\\end\s*\{{{re.escape(name)}\}}", page, re.S):
                title = re.match(r"\s*\[([^\[\]]*)\]", m.group(1))      # \begin{theorem}[BP3]: its title shows
                formula = title and SHOWN_MATH.search(title.group(1))          # (no condition there)
                stray = formula.group(0) if formula else _stray_word(title.group(1)) if title else None
                if stray:
                    raise DocumentError(f"line {shown.line_of(page, m.start())}: the claim's title says '{stray}', "
                                        f"which derive does not read; name the claim (BP3) or leave the title out")
                body = m.group(1)[title.end():] if title else m.group(1)
                said(shown.line_of(page, m.start()), DISPLAYED.sub(" ", _as_shown(body, markdown)))  # a row
    return found


CLAIM_SAYS = frozenset("""
    we now then here it this that the a an following prove proves show shows state states check checks verify
    identity identities equation equations formula result statement holds hold is are true for all every each any
    below so hence thus therefore and also with where when if of in bp1 bp2 bp3 bp4 backpropagation
    back-propagation i e g example instance
    derivative derivatives gradient partial see cf nielsen book chapter neuron neurons follows derive derives obtain
    get find gives give since summing sum over done required as proves proved shown completes proof we've
    algebra definition definitions chain rule kronecker collapse linearity whenever note which easy to""".split())
# the words a claim's sentence may say beside its formula, its conditions and the choices of its network (which
# the network's reader reads: 'for the quadratic cost'); 'is false', 'up to sign', 'twice', 'with other costs',
# 'at the output layer' are not
CLAIM_PHRASE = re.compile(r"(?i)\blayers?\s+(?=\$\s*(?:l|\\ell)(?![A-Za-z]))")
# 'layer' before its l ('layer $l \ge 2$')


STRUCK = re.compile(r"~~|<(?:del|s|strike)\b|\\(?:sout|st|xout|cancel|bcancel|xcancel|hcancel)(?![a-zA-Z])")
STATED_CONDITION = re.compile(r"=|<|>|\\(?:[lg]e|[lg]eq|neq?|in|forall|[lg]t)(?![a-zA-Z])|[\u2264\u2265\u2260]")
# a condition that says something (l = L, 2 \le l), not an index alone ($L$, $n_l$)


INDEX_SIGNS = re.compile(r"\\(?:le|leq|leqslant|ge|geq|geqslant|ne|neq|lt|gt|equiv|in|ell|l?dots|cdots|dotsc|forall|"
                         r"cdot|times|mathrm|mathit|text|textrm|operatorname|[,;:! {}]|q?quad)(?![a-zA-Z])|"
                         r"[\s\d{}()\[\]+\-=<>,.:^_|~*/\\\u2264\u2265\u2260\u00b7\u00d7]")


def _condition(formula):
    """The formula says where a claim holds: a condition ($2 \\le l \\le L$), or any relation of indices and sizes
    alone ($L = l$, $j = n_{l+1}$, $l \\equiv L$), which is read as one (and is bad input where derive does not read
    its range)."""
    return bool(CONDITION.match(formula)) or re.fullmatch(r"[ijklsLMn]*", INDEX_SIGNS.sub("", formula)) is not None


LIST_MARK = re.compile(r"(?m)^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d+[.)])?[ \t]")    # a list's or a quote's mark
ITEM_END = re.compile(r"\\item(?![a-zA-Z])|\||\\end\s*\{(?:itemize|enumerate|description|tabular)\}")


def claim_sentences(text, markdown, is_claim, source=""):
    """(line, formula, conditions) for each sentence the page shows outside its displays with an inline formula that
    reads as a claim (`is_claim`: 'We derive that $...$', 'It follows that $...$', an environment of the page's own),
    whatever word introduces it: the page shows the claim there, and the conditions beside it. A DocumentError for
    one that says more than a claim's sentence says (_stray_word)."""
    page, found = source if markdown else text, []
    outside = DISPLAYED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), page)
    for start, paragraph in paragraphs(outside):
        read = _as_shown(paragraph, markdown)
        masked = _masked(read)
        for m in SHOWN_MATH.finditer(read):
            if not RELATION.search(m.group(0)) or _condition(_inner(m)) or not is_claim(_inner(m)):
                continue
            begin = max((x.end() for x in OPENS.finditer(masked[:m.start()])), default=0)
            after = read[m.end():]
            end = min([_sentence_end(after)] + [x.start() for x in ITEM_END.finditer(after)][:1])
            sentence = read[begin:m.end() + end]
            sentence = LIST_MARK.sub(" ", CLAIM_WORD.sub(" ", sentence))
            stray = _stray_word(re.sub(r"\\(?:begin|end)\s*\{[^{}]*\}", " ", sentence))
            line = shown.line_of(outside, start) + read[:m.start()].count("\n")
            if stray:
                raise DocumentError(f"line {line}: the sentence that shows the claim {m.group(0)} says '{stray}', "
                                    f"which derive does not read; write the claim as 'Claim: $...$ for $...$.', and "
                                    f"other words in a sentence of their own")
            found.append((line, _inner(m), _conditions_in(sentence)))
    return found


FOOTNOTE = r"\\footnote\s*(?:\[[^\]]*\])?\s*\{(?:[^{}]|\{[^{}]*\})*\}"


def _after_display(line, rest, cut):
    """A DocumentError for words or a condition after a display that shows a claim right after its word, in the same
    sentence ('Claim: \\[...\\] up to sign.'): derive reads a display as a row, not its sentence."""
    opened = cut.group(0)
    env = re.match(r"[^{}]*", rest[cut.end():]).group(0) if opened.startswith("\\begin") else None
    closer = re.compile(r"\$\$" if opened == "$$" else r"\\\]" if opened == "\\[" else
                        r"\\end\s*\{" + re.escape(env) + r"\}")
    closed = closer.search(rest, cut.end() + (len(env) + 1 if env is not None else 0))
    if closed is None:
        return
    after = rest[closed.end():]
    tail = after[:_sentence_end(after)]
    said = [m.group(0) for m in SHOWN_MATH.finditer(tail)] or [w for w in [_stray_word(tail)] if w]
    if said:
        raise DocumentError(f"line {line}: the claim's display goes on in its sentence ('{said[0]}'), which derive "
                            f"does not read; write the claim as 'Claim: $...$ for $...$.', or end its sentence with "
                            f"the display")


def _claim_end(body):
    """Where the sentence of a claim's first formula ends in the rest of its paragraph (that sentence's end, or the
    first sentence's when it shows no formula), past a footnote on its stop ('$...$.\\footnote{...}')."""
    first = next((m for m in SHOWN_MATH.finditer(body) if RELATION.search(m.group(0)) and
                  not _condition(_inner(m))), None)
    end = first.end() + _sentence_end(body[first.end():]) if first else _sentence_end(body)
    noted = re.compile(r".\s*" + FOOTNOTE).match(body, end)
    return noted.end() if noted else end


INDEX_WORDED = re.compile(r"\$\s*(?:l|\\ell|[ijks])\s*\$\s*(?:is|are|=|in|equals?|equal\s+to|ranges?\s+over|runs?\s+"
                          r"(?:over|through)|between|of)\s*\$")
# an index and its value in two formulas, joined by words: 'if $l$ is $1$', 'for every $l$ in $1, \dots, L$'


def _stray_word(sentence):
    """The first word of a claim's sentence (from its claim word, its math, the layers it says in words and the
    choices of its network left out; a footnote's and a citation's words in) that is not one a claim says
    (CLAIM_SAYS), or None. The network it states after '; network:' is read as a network's statement."""
    from .network_words import CHOICES
    worded = INDEX_WORDED.search(sentence)
    if worded:                                      # '$l$ is $1$', '$l$ = $L$': a condition derive does not read
        return worded.group(0)
    words = re.split(r"(?i);\s*network\s*:", unicodedata.normalize("NFKC", sentence))[0]   # (ⓕⓐⓛⓢⓔ: false)
    words = re.sub(r"\\(?:footnote|cite[pt]?)\*?\s*(?:\[([^\]]*)\])?\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|$)",
                   lambda m: f" {m.group(1) or ''} {m.group(2) or ''} " if m.group(0).startswith("\\f")
                   else f" {m.group(1) or ''} ", words)
    words = re.sub(r"<sup>\s*\[?\w{1,3}\]?\s*</sup>|\]\([^()\s]*\)|\\(?:url|href)\s*\{[^{}]*\}", " ", words)
    for _, pattern in CHOICES:                      # (a footnote's mark, a link's address; 'the quadratic cost')
        words = re.sub(rf"(?i)(?:{pattern})(?:\s+(?:cost|loss|activation|function|neurons?|output|layer)s?\b)*", " ",
                       words)
    words = _nothing(SHOWN_MATH.sub(" ", CLAIM_PHRASE.sub(" ", LAYERS_SAID.sub(" ", words))))
    words = re.sub(r"(?i)['\u2019]s\b|\b(?:ch|chap|chapter|sec|section|eq|eqs|p|pp|page|fig|figure)\.?[\s~]*"
                   r"\d+(?:[.-]\d+)*", " ", words)                    # Nielsen's, Chapter 2
    for word in re.findall(r"\\[A-Za-z]+|[^\W_]+(?:-[^\W_]+)*", words):
        if word.lower() not in CLAIM_SAYS:
            return word
    return None


SHOWS_NOTHING = re.compile(
    r"(?:\s|[~*_`]|\{\}|</?(?!su[pb]\b)[A-Za-z][^<>]*>|<!--.*?-->|"
    r"\\(?:label|index|[hv]?phantom|hspace\*?|vspace\*?|cite[pt]?|ref|eqref|footnote)\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}|"
    r"\\(?:[/,;:!-]|relax|null|strut|leavevmode|ignorespaces|normalsize|small|footnotesize|scriptsize|tiny|large|"
    r"Large|LARGE|huge|Huge|[bm]fseries|[iu]pshape|(?:rm|sf|tt)family|"
    r"q?quad|enspace|thinspace|kern\s*-?[\d.]+\s*[a-z]{2})(?![a-zA-Z]))*")
ENDS_CLAIM = re.compile(r"$|[.,;:!?)\]'\"\u2019\u201d\u2014]|-{1,3}\s+(?=[A-Za-z(])|\\(?:par|newline)(?![a-zA-Z])|"
                        r"\\\\|\\(?=\s)|<br\s*/?>|<sup>\s*\[|\[\^")     # a stop, a quote, a dash before words, a
                                                                      # footnote's mark, a line's end
SIGNS_SHOWN = "\u00b7\u2022\u2219\u2217\u2715\u2716\u2a2f\u2795\u2796\u2797"    # products and sums a page shows
ARITHMETIC = re.compile(r"(?:plus|minus|times|over|divided|multiplied|squared|cubed|twice|doubled|halved|half|thrice|"
                        r"tripled|quadrupled|negative|negated|opposite|reciprocal|inverse|power|powers|square|"
                        r"cube|root|added|add|subtracted|subtract|increased|decreased)", re.I)
# words of arithmetic after a comma: '$...$, plus one'
GOES_ON_WORD = re.compile(r"plus|minus|times|doubled|halved|tripled|squared|cubed|twice|thrice|negated|less|"
                          r"multiplied|divided|added|subtracted|increased|decreased", re.I)
BESIDE_WORD = re.compile(ARITHMETIC.pattern + r"|less|x", re.I)     # right beside a formula: '$...$ less one', 'x 2'

TOKEN = r"(?:[\w{}^_+\-]|\\ell(?![a-zA-Z])|\\(?:l?dots|cdots|dotsc)(?![a-zA-Z])|\.\.\.)"
BOUND = r"(?=[\w{\\]|\.\.\.)" + TOKEN + r"(?:\s*" + TOKEN + r")*"    # l, n_{l+1}, L - 1, 2, \dots: from and to
ORDER = r"\s*(?:\\(?:[lg]e(?:q|qslant)?|neq?)(?![a-zA-Z])|[\u2264\u2265\u2260<>])\s*"     # a sign (spaces around a
CHAIN = BOUND + r"(?:" + ORDER + BOUND + r")+|" \
    r"(?:\\ell(?![a-zA-Z])|[a-z])\s*\\in\s*(?:\\{1,2}\{|\[)[\w\s,+\-{}^_]*(?:\\(?:l?dots|cdots|dotsc))?" \
    r"[\w\s,+\-{}^_]*(?:\\{1,2}\}|\])"                                           # sign are the order's)
# 2 <= l <= L, L - 1 \ge l, l \in \{2, \dots, L\}
INDEX_EQUATION = r"(?:\\ell(?![a-zA-Z])|[lijk])\s*=\s*(?:L|\d+)(?:\s*[-+]\s*\d+)?"        # l = L, j = 1
LISTED = r"(?:\\ell(?![a-zA-Z])|[lijk])\s*(?:=|\\in(?![a-zA-Z]))\s*" + BOUND + r"(?:\s*,\s*" + BOUND + r")+"
# l = 2, \dots, L
CLAUSE = r"(?:\\forall(?![a-zA-Z])(?:\s|\\[,;:! ])*(?:" + LISTED + "|" + CHAIN + r"|\w+(?:\s*,\s*\w+)*)|" \
    + LISTED + "|" \
    + INDEX_EQUATION + "|" + CHAIN + ")"
CONDITION = re.compile(r"(?:\s|\\q?quad(?![a-zA-Z])|\\[,;:! ]|~)*$|\s*\(?\s*(?:"
                       + CLAUSE + r"(?:\s*,\s*(?:\\[ ,;:!]\s*)*" + CLAUSE + r")*|"
                       + BOUND + r"(?:\s*,\s*" + BOUND + r")+|"
                       r"(?:[A-Za-z]|\d+)(?:\s*[_^]\s*(?:\{[\w\s+-]*\}|\w))*)\s*\)?\s*$")
# a formula beside a claim's that says where it holds, whole ($2 \le l \le L$, $\forall l$, $(l < L)$; not
# $(l < L) + 1$), or names an index
LONE_FORMULA = re.compile(r"\s*\(?\s*(?:[A-Za-z]|\d+)(?:\s*[_^]\s*(?:\{[\w\s+-]*\}|\w))*\s*\)?\s*")
# a condition that names an index alone ($l$, $2$, $n_l$): right beside a formula it reads as a factor ($2$\,$...$)


def _nothing(text):
    """The text with what shows nothing as a space."""
    return SHOWS_NOTHING.sub(lambda s: " " * bool(s.group(0)), text)


def _inner(m):
    """The formula of a SHOWN_MATH match."""
    return next(g for g in m.groups() if g is not None)


LAYERS_SAID = re.compile(r"(?:\$\s*(?:l|\\ell)\s*\$\s+from\s+(?:layer\s+)?|\blayers\s+)"
                         r"\$([^$]+)\$\s*(?:(?:up\s+)?to\s+|--?|\u2013)\s*\$([^$]+)\$|"
                         r"\b(?:every|all|each|any)\s+(hidden\s+)?layers?\s+\$\s*(?:l|\\ell)\s*\$|"
                         r"\b(?:including|and|also|even)\s+(?:for\s+|at\s+|in\s+)?(the\s+output\s+layer)", re.I)
# layers said in words: '$l$ from $2$ to $L$', 'layers $2$--$L$', 'every (hidden) layer $l$', 'including the output
# layer'


def _conditions_in(text):
    """The conditions a claim's sentence says, in math (not an example's: '(e.g. $l = 2$)') and in words."""
    examples = [x.span() for x in re.finditer(r"\(\s*(?:e\.\s?g\.|for\s+(?:example|instance))[^()]*\)", text)]
    return [_inner(m) for m in SHOWN_MATH.finditer(text) if _condition(_inner(m)) and
            not any(a <= m.start() < b for a, b in examples)] + _layers_said(text)


def _layers_said(text):
    """The conditions the text says in words (LAYERS_SAID), as formulas: '2 \\le l \\le L'."""
    return [f"{x.group(1)} \\le l \\le {x.group(2)}" if x.group(1) else "l = L" if x.group(4) else
            "2 \\le l \\le L - 1" if x.group(3) else "2 \\le l \\le L" for x in LAYERS_SAID.finditer(text)]


ABBREVIATED = re.compile(r"\b(?:i\.\s?e|e\.\s?g|etc|resp|approx|cf|viz|vs|ca|eq|eqs|Eq|Eqs|Fig|ch|sec)\.")


STOP = re.compile(r"(?<![\d\\.])\.(?![\w.])|\n\s*\n")   # not a number's, a word's (nielsen.com) or dots' (...)
OPENS = re.compile(STOP.pattern + r"|\\begin\s*\{[^{}]*\}|\\item(?![a-zA-Z])|\|")    # where a sentence starts:
# after a stop, an environment's start (its title, \begin{theorem}[BP3], is the sentence's), a list's item, a cell


def _masked(text):
    """The text with its math, abbreviations ('i.e.'), dots ('...', '. . .') and footnotes masked, for finding its
    stops."""
    text = ABBREVIATED.sub(lambda m: "_" * len(m.group(0)), text)
    text = re.sub(FOOTNOTE + r"|<!--.*?-->", lambda m: "#" * len(m.group(0)), text, flags=re.S)   # (hidden stops)
    text = re.sub(r"\.(?:[ \t]*\.)+", lambda m: "_" * len(m.group(0)), text)
    return SHOWN_MATH.sub(lambda m: "$" * len(m.group(0)), text)


def _sentence_end(text):
    """Where the sentence that starts the text ends: at a stop (not one of an abbreviation, 'i.e.', nor in math, '$l =
    2, ..., L$', nor in a word, 'nielsen.com', nor dots, '...'), or a paragraph's end."""
    end = STOP.search(_masked(text))
    return end.start() if end else len(text)


def _goes_on(body, formula):
    """What a reader sees go on beside a claim's formula (a sign, a number, a script, a box, another formula, words
    of arithmetic: '$...$ $+ \\delta$', '$...$\\unskip+1', '$...$²', '2$...$', '$...$ times 2'), or None when only words,
    a stop, a footnote or a condition ($2 \\le l \\le L$) stand beside it, after what shows nothing."""
    last = list(SHOWN_MATH.finditer(body, 0, formula.start()))[-1:]
    if last and not _nothing(body[last[0].end():formula.start()]).strip() and LONE_FORMULA.fullmatch(_inner(last[0])):
        return last[0].group(0)         # an index alone right before it reads as a factor: $2$\,$...$
    before = SHOWN_MATH.sub(lambda m: " " if CONDITION.match(_inner(m)) else m.group(0), body[:formula.start()])
    odd = re.search(r"[^\sA-Za-z,;:()'\"\u2018\u2019\u201c\u201d`*_~{}]", re.sub(r"\bBP\d\b", " ", _nothing(before)))
    words = [w for w in re.findall(r"[A-Za-z]+", before) if ARITHMETIC.fullmatch(w)]
    words += [w for w in re.findall(r"[A-Za-z]+\W*$", before) if BESIDE_WORD.fullmatch(w.rstrip(" ~*_`{}"))]
    if odd or words:
        return odd.group(0) if odd else words[0]
    sentence = body[formula.end():formula.end() + _sentence_end(body[formula.end():])]
    unread = [m.group(0) for m in SHOWN_MATH.finditer(sentence) if not RELATION.search(m.group(0)) and
              not CONDITION.match(_inner(m))]
    prose = _nothing(re.sub(r"<sup>\s*\[?\w{1,3}\]?\s*</sup>", " ", SHOWN_MATH.sub(" ", sentence)))
    words = [w for w in re.findall(r"[A-Za-z]+", prose) if ARITHMETIC.fullmatch(w)]
    words += [c for c in prose if c not in "~|=<>" and unicodedata.category(c) in ("Sm", "No") or c in SIGNS_SHOWN]
    if unread or words:                 # (in the rest of its sentence: '(all $\\times 2$)', '(all ×2)')
        return unread[0] if unread else words[0]
    return _after_equation(body, formula)


INEQUALITY = re.compile(r"\\not\s*(?:[<>]|\\[a-zA-Z]+)|"
                        r"\\(?:ne|neq|not|le|leq|leqq|leqslant|lneq|lneqq|lvertneqq|lesssim|lessapprox|lessdot|lnsim|"
                        r"lnapprox|lt|ge|geq|geqq|geqslant|gneq|gneqq|gvertneqq|gtrsim|gtrapprox|gtrdot|gnsim|gnapprox|gt|"
                        r"ll|lll|llless|gg|ggg|gggtr|nless|ngtr|nleq|ngeq|nleqslant|ngeqslant|nleqq|ngeqq|eqslantless|"
                        r"eqslantgtr|lesseqgtr|gtreqless|lesseqqgtr|gtreqqless|lessgtr|gtrless|prec|preceq|precsim|"
                        r"precapprox|preccurlyeq|curlyeqprec|precneqq|precnsim|precnapprox|nprec|npreceq|succ|succeq|"
                        r"succsim|succapprox|succcurlyeq|curlyeqsucc|succneqq|succnsim|succnapprox|nsucc|nsucceq|"
                        r"textless|textgreater|sqsubset|sqsupset|sqsubseteq|sqsupseteq|lhd|rhd|unlhd|unrhd|"
                        r"vartriangleleft|vartriangleright|trianglelefteq|trianglerighteq|precneq|succneq)(?![a-zA-Z])|"
                        r"[<>" + ORDER_SIGNS + r"]")         # (\approx, \sim: no statement derive checks)


def relations_said(text, markdown, stated=lambda formula: False):
    """(line, formula) for each inline formula the page shows outside its displays with a relation (=, \\equiv, \\ne,
    <, \\le, ...): 'where $\\delta^l_j = ...$', 'Claim 1\\,--- $...$', a heading's; the page read as claims_said
    reads it (text: its words with inline math, comments out; a Markdown page's as a reader sees them). A
    DocumentError for one that `stated` (an equation derive checks) when the page shows it go on (equation_goes_on)."""
    outside = DISPLAYED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = []
    for start, paragraph in paragraphs(outside):
        read = _as_shown(paragraph, markdown)
        shown_math = list(SHOWN_MATH.finditer(read))
        for m, after in zip(shown_math, shown_math[1:] + [None]):
            typed = _gap_shown(read[m.end():after.start()]) if after and after.start() - m.end() <= GAP else None
            checked = RELATION.search(m.group(0)) and stated(_inner(m))
            negated = checked and _negated(read, m)
            if negated:
                raise DocumentError(f"line {shown.line_of(outside, start) + read[:m.start()].count(chr(10))}: the "
                                    f"clause of the equation {m.group(0)} negates or changes it ('{negated}'), which "
                                    f"derive does not read; state what holds, as derive checks it")
            on, equation = checked and equation_goes_on(read, m), m.group(0)
            if typed is not None and TYPED_RELATION.fullmatch(typed) and not ARROW.fullmatch(typed) and \
                    stated(f"{_inner(m)} {typed} {_inner(after)}"):
                on = on or equation_goes_on(read, m, after=False) or equation_goes_on(read, after, before=False)
                equation = f"{m.group(0)} {typed} {after.group(0)}"    # ('$2$\,$...$ = $...$': typed between them)
            if on:
                raise DocumentError(f"line {shown.line_of(outside, start) + read[:m.start()].count(chr(10))}: the "
                                    f"equation {equation} goes on beside its formula ('{on}'), past what derive "
                                    f"checks; write the whole equation in one formula, with words or a stop beside it")
        found += [(shown.line_of(outside, start) + read[:at].count("\n"), formula) for at, formula in relations_in(read)]
    return found


NEGATION = re.compile(r"(?i)\b(?:not|no|never|nor|neither|false|fails?|failed|disproves?|disproved|refutes?|"
                      r"refuted|wrong|incorrect|untrue|invalid|cannot|can't|isn't|doesn't|don't|won't|"
                      r"sign|flip|flips|flipped|reversed|opposite|negated|scaled|rescaled|doubled|halved|squared|"
                      r"cubed|twice|thrice)\b")
# words that negate an equation, or change it: '$...$ with the sign of the right side flipped' 


CLAUSE_END = re.compile(STOP.pattern + r"|[,;:()\u2014]|\\\\|--")


def _negated(read, m):
    """A word that negates or changes the clause of an equation (m, in the page as read; a clause ends at a stop, a
    comma, a colon, a bracket or a dash): 'We disprove that $...$', '$...$ is false', 'with the sign flipped'; or
    None. ('$...$, not 0' and '(the terms
    $k \\ne j$ are missing): $...$' negate another clause.)"""
    masked = _masked(read)
    start = max((x.end() for x in CLAUSE_END.finditer(masked[:m.start()])), default=0)
    end = CLAUSE_END.search(masked, m.end())
    said = NEGATION.search(_nothing(masked[start:end.start() if end else len(masked)]))
    return said.group(0) if said else None


SHOWN_SIGN = re.compile(r"[+\-*/^_=<>\u00b7\u00d7\u00f7\u2212" + SIGNS_SHOWN + "]")


KNOWN = (r"\\(?:text(?:bf|it|rm|sf|tt|normal|up|sl|md)?|emph|mbox|fbox|framebox|makebox|hbox|underline|uline|item|end|"
         r"begin|(?:sub)*section|paragraph|par|newline|noindent|q?quad|smallskip|medskip|bigskip|hfill|vfill|linebreak|"
         r"pagebreak|centering|url|href|ensuremath|displaystyle|textstyle|textcolor|color|bf|it|rm|em|sf|tt|footnote|"
         r"cite[pt]?|label|ref|eqref|relax)(?![a-zA-Z])\*?")    # commands that show their argument, or none
APART_FROM = re.compile(r"\\(?:item|par|newline|linebreak|pagebreak|(?:sub)*section|paragraph|begin|end|"
                        r"(?:small|med|big)skip|noindent)(?![a-zA-Z])")     # what sets what follows apart
PEELED = re.compile(KNOWN + r"\s*(?:\[[^\]\n]*\])?\s*\{?|"
                    r"[)\]\'\"\u2019\u201d]+(?![\s.,;:!?)\]\'\"\\-]|<br|$)|[&|](?=[^\n]*\S)")


def equation_goes_on(read, m, before=True, after=True):
    """What a reader sees go on beside an equation the page states in inline math (`m` in the paragraph `read`): a
    number, a sign, a script, a formula neither a condition nor an equation (an index alone right beside it: $2$), a
    word of arithmetic, a command of the page's own, just before or after it (past brackets that close on it, a
    table's cells, the line before), whatever shows it ('$...$ $+ \\delta$', '$...$\\unskip+1',
    '\\textsuperscript{2}', '2($...$)', 'twice $...$', '($...$)$^2$'); None when words, a stop, a list's mark, a dash
    or a condition stand beside it. `before`, `after`: the sides read."""
    if before:
        on = _before_equation(read, m)
        if on:
            return on
    return _after_equation(read, m) if after else None


def _before_equation(read, m):
    """What a reader sees go on just before an equation's formula (equation_goes_on)."""
    lines = read[:m.start()].split("\n")
    line = lines.pop()
    while lines and not _nothing(re.sub(KNOWN + "|[{}]", " ", line)).strip():
        line = lines.pop() + " " + line         # the line before goes on to it
    label = re.search(r"\\item\s*\[([^\]]*)\]", line)
    if label and any(not CONDITION.match(_inner(f)) for f in SHOWN_MATH.finditer(label.group(1))):
        return label.group(0)           # \item[$2\times$]: its label stands before the item's words and math
    line = re.sub(r"\\item\s*\[([^\]]*)\]", r" \1 ", line)
    formulas = []
    before = SHOWN_MATH.sub(lambda f: " , " if CONDITION.match(_inner(f)) and not LONE_FORMULA.fullmatch(_inner(f)) or
                            RELATION.search(f.group(0)) else formulas.append(f.group(0)) or " \x00 ", line)
    before = _nothing(re.sub(KNOWN + "|[{}]", " ", before)).rstrip()
    marked = re.fullmatch(r"\s*(?:[-+*>]|\d+[.)])?|.*(?:--|\s-)", before) and not re.search(r"[\d\x00]\s*-+$", before)
    before = re.sub(r"(?<=[\w\x00])[(\[\'\"\u2018\u201c]+$", "", re.sub(r"[\s|&]+$", "", before))  # 2($...$); cells
    command, word = re.search(r"\\[a-zA-Z]+\*?$", before), re.search(r"[A-Za-z]+$", before)
    if command or word and BESIDE_WORD.fullmatch(word.group(0)):
        return (command or word).group(0)
    if before and not word and not marked and (before[-1] == "\x00" or before[-1].isdigit() or
                                               SHOWN_SIGN.match(before[-1]) or
                                               unicodedata.category(before[-1]) in ("Sm", "No")):
        return formulas[-1] if before[-1] == "\x00" else before[-1]       # (not a list's mark, a quote's, a dash)
    return None


def _after_equation(read, m):
    """What a reader sees go on just after an equation's formula (equation_goes_on)."""
    end = m.end()
    for _ in range(8):                  # a command shows its argument (\fbox{$\times 2$}); a bracket closes on it
        at = SHOWS_NOTHING.match(read, end).end()
        at = re.match(r"[}\s]*", read[at:]).end() + at
        step = not APART_FROM.match(read, at) and PEELED.match(read, at)
        if not step:
            break
        end = step.end()
    rest = read[at:]
    then = re.match(r"[,;:(]\s*(?:and\s+|then\s+|all\s+)?([A-Za-z]+)(?![A-Za-z])", rest)
    if then and GOES_ON_WORD.fullmatch(then.group(1)):
        return then.group(1)            # '$...$, plus one', '$...$ (then squared)'
    if ENDS_CLAIM.match(rest) or rest[:1] in ("&", "|") or APART_FROM.match(rest):
        return None
    command, word = re.match(r"\\[a-zA-Z]+\*?", rest), re.match(r"\(?\s*([A-Za-z]+)(?![A-Za-z])", rest)
    if command or word:
        return command.group(0) if command else word.group(1) if BESIDE_WORD.fullmatch(word.group(1)) else None
    beside = re.match(r"\(?\s*(?:" + SHOWN_MATH.pattern + ")", rest, re.S)
    if beside and CONDITION.match(_inner(beside)) and not LONE_FORMULA.fullmatch(_inner(beside)):
        return None
    return rest[:12].split("\n")[0] or rest[:1]


def relations_in(text):
    """(offset, formula) for each inline formula of a text with a relation (a row's reason too: '(definition, where
    $\\delta^l_j = ...$)'), and for two formulas with a relation typed between them ('$\\delta^l_j$ = $2 ...$')."""
    found, before = [], None
    for m in SHOWN_MATH.finditer(text):
        formula = next(g for g in m.groups() if g is not None)
        if RELATION.search(m.group(0)) or INEQUALITY.search(m.group(0)):
            found.append((m.start(), formula))
        gap = _gap_shown(text[before[0].end():m.start()]) if before and m.start() - before[0].end() <= GAP else None
        if gap is not None and TYPED_RELATION.fullmatch(gap) and not ARROW.fullmatch(gap):   # (words between them do
            found.append((before[0].start(), f"{before[1]} {gap} {formula}"))   # not read as math: 'for $k$ = 1 to $n$'
        before = (m, formula)                                                  # is left; an arrow is no relation)
    return found


ARROW = re.compile(r"-+>|=+>|<-+|<-+>|<=+>|\|->")      # typed between formulas: $z$ -> $a$, $x$ => $y$ (<= is a
                                                        # relation: \le)


GAP = 4_000                 # characters between two formulas that may show a relation typed between them (spaces,
                            # a comment, a label's argument: what a reader sees is short)
TYPED_RELATION = re.compile(r".{0,40}?(?:=|[<>" + EQUAL_LIKE + ORDER_SIGNS + r"]).{0,40}")   # what a reader sees between
GAP_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>|\]\([^()]*\)|[*`_\[\]{}~]|"
                        r"\\(?:textbf|textit|textrm|texttt|mbox|emph|large|Large|small|bfseries|itshape)(?![a-zA-Z])")


TEX_CODE = re.compile(r"\\(?:char|Uchar)\s*(\d+|\"[0-9A-Fa-f]+|'[0-7]+|`\\?.)|\\symbol\s*\{\s*(\d+|\"[0-9A-Fa-f]+|'[0-7]+|`\\?.)\s*\}")


def coded(m):
    """The character TeX sets for \\char, \\Uchar or \\symbol and its code: decimal, "hex, 'octal or `c."""
    code = m.group(1) or m.group(2)
    value = (ord(code[-1]) if code[0] == "`" else int(code[1:], 16) if code[0] == '"' else int(code[1:], 8)
             if code[0] == "'" else int(code))
    return chr(value) if 0 < value < 0x110000 else " "


def _gap_shown(gap):
    """What a reader sees between two formulas: markup, a comment, a link's target left out, spaces as one, entities
    read (**=**, \\textbf{=}, [=](url)); None across a paragraph's end."""
    if re.search(r"\n[ \t]*\n", gap):
        return None
    gap = TEX_CODE.sub(coded, gap)                                                  # TeX's = by its code
    gap = re.sub(r"\\(?:label|index|[hv]?phantom|hspace\*?|vspace\*?)\s*\{[^{}]*\}", " ", gap)   # (shows nothing)
    gap = re.sub(r"\\text(less|greater)(?![a-zA-Z])", lambda m: "<" if m.group(1) == "less" else ">", gap)
    gap = GAP_MARKUP.sub(" ", VERBATIM.sub(r" \2 ", re.sub(r"\\[,;:! ]", " ", gap)))     # \verb|=| shows =; \, a space
    gap = re.sub(r"\\[a-zA-Z]+\*?|\\(?=[^\sa-zA-Z])|[|{}]", " ", gap)   # a command shows only its argument (\fbox{=},
    return " ".join(html.unescape(gap).split())                  # \url{=}, \relax=, \=: =)


VERBATIM = re.compile(r"\\(?:verb|lstinline)\*?([^a-zA-Z\s*])(.*?)\1")      # \verb|...| shows its text


def _as_shown(text, markdown):
    """The text with what shows nothing left out, spaces as spaces; in Markdown, entities and escapes read."""
    if markdown:
        text = re.sub(r"\\\\([()\[\]])", r"\\\1", html.unescape(text))         # \\( is \(
        text = re.sub(r"\\([:.!*_#>-])", r"\1", text)
    text = re.sub(r"\\textsc\s*\{([^{}]*)\}", lambda m: m.group(1).upper(), text)      # small capitals
    return SHOWS.sub(" ", MARKUP.sub("", re.sub(r"~|\\ ", " ", text)))


def paragraphs(text):
    """(offset, text) of each paragraph: lines up to a blank one (a line break in it shows as a space). One pass over
    the lines: a pattern tried at each place of a long blank line took minutes."""
    found, start, at = [], None, 0
    for line in text.split("\n"):
        if line.strip() and start is None:
            start = at
        elif not line.strip() and start is not None:
            found.append((start, text[start:at]))
            start = None
        at += len(line) + 1
    return found + ([(start, text[start:])] if start is not None else [])


