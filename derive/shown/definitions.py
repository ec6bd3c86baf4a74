"""What a LaTeX document defines and loads: its commands and environments (refused where derive could not
tell what they typeset), its theorems, its packages, and the files TeX may load beside it."""
import re

from .common import DISPLAY_NAMES, DISPLAYS, READ_INSIDE, UNREAD, DocumentError, line_of
from .tex import UNTYPESET

NAME = r"\\([a-zA-Z]+|[^a-zA-Z\s])"
SHIFTS = re.compile(r"(?<!\\)(?:\\\\)*\$")            # a $ after an even number of backslashes: a math shift
DEFINITION = re.compile(r"\\(?:(?:re)?newcommandx?|providecommandx?|DeclareRobustCommandx?|DeclareMathOperator|"
                        r"DeclarePairedDelimiter(?:XPP|X)?|[Nn]ewextarrow|"                    # mathtools, extpfeil
                        r"DeclareTextFontCommand|DeclareOldFontCommand|DeclareFixedFont|newlength|newsavebox|"
                        r"(?:re)?newrobustcmd|providerobustcmd|"
                        r"(?:New|Renew|Provide|Declare)(?:Expandable)?DocumentCommand)\s*(?:\*\s*)?(?:\{\s*)?" + NAME +
                        r"|\\[gex]?def\s*" + NAME + r"|\\let\s*" + NAME + r"\s*(?:=\s*)?(\\(?:if[a-zA-Z]*|fi|else))?|"
                        r"\\(?:(?:re)?newenvironment|(?:New|Renew|Provide|Declare)DocumentEnvironment|(?:New|Renew)Environ|"
                        r"(?:exclude|include|special|process)comment|(?:exclude|include|process|marker)version|"
                        r"(?:re)?newtcolorbox|(?:New|Declare)TColorBox|"
                        r"newtcbtheorem|(?:re)?newmdenv|newfloat|DeclareFloatingEnvironment|newlist|DeclareCaptionType)"
                        r"\s*(?:\*\s*)?(?:\[[^\]\n]*\]\s*)?\{([a-zA-Z*]+)\}|"
                        r"\\cs(?:g|e|x)?def\s*\{([a-zA-Z]+)\}|\\cslet(?:cs)?\s*\{([a-zA-Z]+)\}")   # etoolbox: \name
LAST_COMMAND = re.compile(r"(\\[a-zA-Z]+)\s*(?:\}\s*)?$")       # a body's last command (a space has one place)
THEOREM = re.compile(r"\\(?:newtheorem|declaretheorem|spnewtheorem)\*?\s*(?:\[[^\]\n]*\]\s*)?\{([a-zA-Z*]+)\}")
RESERVED = {"begin", "end", "verb", "url", "path", "href", "lstinline", "nolinkurl", "Verb", "spverb", "mint",
            "mintinline", "iffalse", "iftrue", "fi", "else", "input",
            "include", "endinput", "document", "enddocument", "comment", "endcomment", "verbatim", "endverbatim",
            "text", "textrm", "mbox", "label", "tag", "nonumber", "notag", "quad", "qquad", "displaystyle"}
PROGRAMMING = re.compile(r"\\(catcode|mathcode|delcode|mathchardef|chardef|countdef|every(?:display|math|hbox|vbox|par)|"
                         r"csname|expandafter|unless|ifthenelse|scantokens|futurelet|afterassignment|aftergroup|"
                         r"endlinechar|UseName|ExpandArgs|csuse|letcs|newtoks|toksdef|openin|read|readline|"  # made
                         r"(?:Declare|Provide)Text(?:Command|Symbol|Accent|Composite)(?:Default)?|"  # commands
                         r"useshorthands|defineshorthand|shorthandon|languageshorthands|"   # active characters,
                         r"[gex]?def\s*[^\\\sa-zA-Z]|let\s*[^\\\sa-zA-Z]|"               # ~ and " defined
                         r"makeatletter|ExplSyntaxOn|(?:New|Renew|Declare)CommandCopy|LetLtxMacro|"
                         r"DeclareMath(?:Symbol|Delimiter|Accent|Radical|Alphabet|Version|SymbolFont)|"
                         r"DeclareUnicodeCharacter|newunicodechar|setbox|sbox|savebox|bgroup|"
                         r"(?:text|page)?color|f?colorbox|raisebox|smash|[lr]lap|makebox|input|include|InputIfFileExists|subfile|import|"
                         r"mathllap|mathrlap|mathclap|clap|vss|hss|raise|lower|moveleft|moveright|"   # a box drawn over
                         r"[hv]box\s*(?:to|spread)|vtop\s*(?:to|spread)|style|class|cssId|bbox|"   # what is beside it
                         r"marginpar|marginnote|fancyhead|fancyfoot|fancyhf|[lcr]head|[lcr]foot|fancypagestyle|"  # and
                         r"markboth|markright|newtagform|renewtagform|usetagform|theequation|mathindent|"  # page furniture,
                         r"dimexpr|numexpr|glueexpr|muexpr|ensuremath|baselineskip|lineskip|lineskiplimit|"  # TeX's sums,
                         r"multiply|divide|advance|(?:skip|dimen|count)\d+|"                  # its registers' arithmetic,
                         r"(?:above|below)display(?:short)?skip|offinterlineskip|nointerlineskip|prevdepth|[hv]filneg|"
                                                                             # a tag set as a factor before a formula
                         r"string|meaning|detokenize|unexpanded|noexpand|obeylines|obeyspaces|dospecials|"   # a command
                         r"bibliography|addbibresource|printbibliography|nobibliography|bibentry|"   # a .bib file
                         r"fontsize|selectfont|DeclareMathSizes|fontdimen|mag|hsize|vsize|pdfpage(?:width|height)|"  # size
                         r"(?:new)?geometry|enlargethispage|textheight|textwidth|jot|"            # the text past the paper
                         r"MakeShortVerb|DefineShortVerb|lstMakeShortInline|lstnewenvironment|"   # as text, catcodes
                         r"DeclareUrlCommand|urldef|"
                         r"DefineVerbatimEnvironment|newminted(?:inline|file)?|"
                         r"AtBeginDocument|AtEndDocument|AddToHook|AtEndPreamble|AfterEndPreamble|"   # text moved
                         r"(?:AtBegin|AtEnd|BeforeBegin|AfterEnd)Environment|x?(?:preto|appto|patch)cmd|"
                         r"(?:cs)?[gex]?(?:pre|app)to|addto|AddToHook\w*|"                 # \preto\sum{2}: 2 before each sum
                         r"AtBeginShipout(?:Next)?|everyjob|stop|enddocument|bye|dump|"
                         r"special|pdfliteral|pdfextension|pdfcolorstack|pdfobj|pdfannot|pdfsave|pdfrestore|"
                         r"pdfsetmatrix|SaveVerb|UseVerb|VerbatimInput|[BL]VerbatimInput|verbatiminput|"  # verbatim
                         r"lstinputlisting|inputminted|newtcblisting|DeclareTCBListing|tcbinputlisting)(?![a-zA-Z])|"
                         r"\\end(?![a-zA-Z])(?!\s*\{)|"                     # TeX's \end: it stops there
                         r"\\begin\{(?:lrbox|alltt)\}")     # alltt: % is text there
LOADED_BY_TEX = (".sty", ".cls", ".clo", ".cfg", ".def", ".fd", ".ldf")     # files TeX may load by their names
WRITTEN_BY_TEX = (".aux", ".toc", ".lof", ".lot", ".bbl", ".ind", ".gls", ".nav", ".snm", ".loa", ".lol")
DEFINED_AS = re.compile(r"\\[][()]|\$\$|\\(?:begin|end)(?![a-zA-Z])(?!\s*\{[a-zA-Z*]+\})|"
                        r"\\(?:begin|end)\s*\{(?:" + DISPLAYS + r"|document|math)\}|"
                        r"\\(?:end)?(?:" + DISPLAY_NAMES + "|" + UNREAD + r")(?![a-zA-Z])")


def definitions(code):
    """{name: line} of the commands and environments the document (re)defines (\\newcommand,
    \\def, \\let, \\newenvironment, ...): a display that uses one is not in derive's notation. A
    definition of what derive reads outside a display (\\verb, \\url, \\begin, a conditional ...), a
    conditional made by \\let, and TeX programming that changes how TeX reads or sets a formula
    (\\catcode, \\mathchardef, \\everydisplay, \\csname, \\input ...) are a DocumentError."""
    programming = PROGRAMMING.search(code)
    if programming:
        raise DocumentError(f"line {line_of(code, programming.start())}: derive does not read a document that uses "
                            f"{programming.group(0)}: it changes what TeX typesets or shows, or brings in another file")
    out = {}
    for m in DEFINITION.finditer(code):
        command = _command(m)
        if m.group(2) and not re.match(r"(?:\s|#\d)*\{", code[m.end():]):
            raise DocumentError(f"line {line_of(code, m.start())}: {m.group(0).strip()} takes delimited parameters, "
                                f"which may swallow text TeX then does not show; write a \\newcommand")
        named = command and re.fullmatch(rf"{UNTYPESET}|{DISPLAYS}|{READ_INSIDE}", command)
        if m.group(4) or command and (command in RESERVED or command.startswith(("if", "end")) or named):
            raise DocumentError(f"line {line_of(code, m.start())}: the document redefines what derive reads as "
                                f"LaTeX's own ({m.group(0).strip()}); delete the definition")
        if command == "sgn" and m.group(0).startswith("\\DeclareMathOperator") and \
                re.match(r"\s*\}\s*\{\s*sgn\s*\}", code[m.end():]):
            continue                        # \sgn as derive reads it
        given = _defined_as(code, m)
        odd = next((g for g in (_groups(code, m) if m.group(5) else []) if len(SHIFTS.findall(g)) % 2), None)
        if odd:                             # a begin or end code that opens or closes math: beside a $ it makes $$
            raise DocumentError(f"line {line_of(code, m.start())}: the document defines an environment whose begin or "
                                f"end code {odd} holds a lone $, which beside a $ in the text makes a display derive "
                                f"would not see; write the math out where it is used")
        if "DocumentCommand" in m.group(0) and re.search(r"[dDrRuUeEtl]", _spec(given)):
            raise DocumentError(f"line {line_of(code, m.start())}: {m.group(0).strip()} takes an argument delimited "
                                f"otherwise than by braces or brackets (d, r, u, e, t, l), whose end derive cannot "
                                f"tell; use m and o arguments")
        if "DocumentCommand" in m.group(0) and re.match(r"\{[^{}]*(?<![a-zA-Z])\+?v(?![a-zA-Z])", given):
            raise DocumentError(f"line {line_of(code, m.start())}: {m.group(0).strip()} takes a verbatim argument "
                                f"(v), whose %, $ and braces TeX reads as text where derive reads TeX; delete it")
        shown = DEFINED_AS.search(given) or len(SHIFTS.findall(given)) % 2 and re.search(r"\$", given)
        if shown:                           # a lone $ too: with the $ beside its use it makes $$
            raise DocumentError(f"line {line_of(code, m.start())}: the document defines a command or environment as "
                                f"{shown.group(0)}, which sets or starts a display derive would not see where it is "
                                f"used; write it out there")
        out["\\" + command if command else m.group(5)] = line_of(code, m.start())
    return out


def _spec(given):
    """The argument types of an xparse spec ({m O{x} d()} -> 'mOd()'): its first group, with the groups in it left
    out."""
    depth, out = 0, []
    for c in given[1:] if given.startswith("{") else "":
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            break
        if depth == 0 and c not in "{}":
            out.append(c)
    return "".join(out)


def takers(code):
    """The commands the document defines that may take the tokens after them as arguments: with parameters (#1,
    [1], an xparse spec), or ending in one that does (\\twice$ may be $$, or swallow the $)."""
    bodies, takes = {}, set()
    for m in DEFINITION.finditer(code):
        command = _command(m)
        if not command or m.group(5) or m.group(0).startswith(("\\let", "\\cslet")):
            continue
        rest, given = code[m.end():], _defined_as(code, m)
        spec = "DocumentCommand" in m.group(0) and not re.fullmatch(r"\{\s*\}.*", given, re.S)
        if spec or "#" in given or re.match(r"(?:\s|\})*(?:\[\s*[1-9]|#\d)", rest):
            takes.add("\\" + command)
        bodies["\\" + command] = given
    grown = True
    while grown:
        last = {name for name, given in bodies.items()
                if LAST_COMMAND.search(given) and LAST_COMMAND.search(given).group(1) in takes} - takes
        takes |= last
        grown = bool(last)
    return takes


def wrappers(code):
    """The commands the document defines that set a math shift beside a parameter ($#1$): given math of its own
    as the argument, TeX reads $$."""
    out = set()
    for m in DEFINITION.finditer(code):
        command = _command(m)
        if not m.group(0).startswith(("\\let", "\\cslet")) and (command or m.group(5)):
            given = _defined_as(code, m)
            if "#" in given and (SHIFTS.search(given) or re.search(r"\\[()]", given)):
                if m.group(5):                  # an environment's body argument set in math: no use site to check
                    raise DocumentError(f"line {line_of(code, m.start())}: the document defines {m.group(5)} to set "
                                        f"its argument beside a $, which TeX may read as $$; write the math out")
                out.add("\\" + command)
    return out


def theorems(code):
    """{name: line} of the theorem-like environments the document declares (\\newtheorem): they typeset what
    they hold, so only their names matter."""
    return {m.group(1): line_of(code, m.start()) for m in THEOREM.finditer(code)}


def packages(text):
    """[(name, position)] of the packages and classes the document loads (\\usepackage{a,b}, \\documentclass)."""
    return [(name.strip(), m.start()) for m in re.finditer(
        r"\\(?:usepackage|RequirePackage|documentclass|LoadClass)\s*(?:\[[^\]]*\]\s*)?\{([^{}]*)\}", text)
        for name in m.group(1).split(",")]


def local_packages(text, folder, stem):
    """A DocumentError for a file TeX may load from the document's folder (a package, a class, an option or a
    configuration file: size10.clo, graphics.cfg), for a package or class loaded by a path, and for one the
    document writes itself (filecontents): any may change anything TeX typesets, as \\input may; and for a file
    TeX wrote on an earlier run (stem.aux, .toc, .bbl, ...) that holds a display: TeX typesets it again."""
    loaded = {name for name, _ in packages(text)}
    for name, at in packages(text):
        if re.search(r"[/\\.]", name):
            raise DocumentError(f"line {line_of(text, at)}: the document loads {name} by a path, which may change "
                                f"what TeX typesets; check the file without it")
    for m in re.finditer(r"\\begin\{filecontents\*?\}(?:\[[^\]\n]*\])?\s*\{([^{}\n]*)\}", text):
        name = m.group(1).strip()
        if name.endswith(LOADED_BY_TEX) or name in loaded:
            raise DocumentError(f"line {line_of(text, m.start())}: the document writes {name}, which TeX then loads "
                                f"and which may change what it typesets; check the file without it")
    near = sorted(f.name for f in folder.iterdir() if f.suffix in LOADED_BY_TEX) if folder.is_dir() else []
    if near:
        raise DocumentError(f"line 1: {near[0]} lies beside the document, and TeX may load it (a package, class, "
                            f"option or configuration file may change what it typesets); check the file without it")
    for written in (folder / (stem + suffix) for suffix in WRITTEN_BY_TEX):
        if written.is_file() and re.search(r"\$\$|\\[][]|\\begin\s*\{(?:" + DISPLAYS + r")\}",
                                           written.read_text(errors="replace")):
            raise DocumentError(f"line 1: {written.name} lies beside the document and holds a display, which TeX sets "
                                f"where the document reads it (\\ref, \\cite, a list of contents); delete it (TeX "
                                f"writes it again)")


def _command(m):
    """The name of the command a DEFINITION match defines (without its backslash), or None for an environment."""
    return m.group(1) or m.group(2) or m.group(3) or m.group(6) or m.group(7)


def _defined_as(code, m):
    """What the definition matched by m gives its name: the token after \\let or \\cslet (and its =), the
    command \\csletcs names, else its brace groups after the name and the parameters ([2], #1#2): one for
    a command, two for an environment."""
    rest = code[m.end():]
    if m.group(0).startswith("\\csletcs"):           # \csletcs{op}{begin}: \op is \begin
        name = re.match(r"\s*\{([a-zA-Z]+)\}", rest)
        return "\\" + name.group(1) if name else ""
    if m.group(0).startswith(("\\let", "\\cslet")):
        token = re.match(r"\s*=?\s*(\\[a-zA-Z]+|\\.|.)?", rest, re.S)
        return token.group(1) or ""
    return "".join(_groups(code, m))


def _groups(code, m):
    """The brace groups a definition matched by m gives its name after the parameters: the body of a command, the
    begin and end code of an environment, with an xparse argument spec before them; the text of its optional
    arguments' defaults ([x], on lines of their own and holding braces too) first. A brace or $ after an odd number
    of backslashes is escaped (\\\\ is a control symbol: the brace after it is one). A DocumentError where an
    optional argument does not end."""
    rest = code[m.end():]
    lead = re.match(r"(?:\s|\}|\[(?:[^\]{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\]|#\d)*", rest)
    at, groups = lead.end(), ["".join(re.findall(r"\[(?:[^\]{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\]", lead.group(0)))]
    for _ in range((2 if m.group(5) else 1) + ("Document" in m.group(0))):
        if rest[at:at + 1] == "[":              # an optional argument derive cannot read to its end
            raise DocumentError(f"line {line_of(code, m.start())}: derive cannot tell where the definition "
                                f"{m.group(0).strip()} ends; write its parameters and body plainly")
        if rest[at:at + 1] != "{":              # (\excludecomment{name} and the like have none)
            break
        depth, end, slashes = 0, at, 0
        while end < len(rest):
            depth += 0 if slashes % 2 else {"{": 1, "}": -1}.get(rest[end], 0)
            slashes = slashes + 1 if rest[end] == "\\" else 0
            end += 1
            if depth == 0:
                break
        groups.append(rest[at:end])
        at = end + len(rest[end:]) - len(rest[end:].lstrip())
    return groups
