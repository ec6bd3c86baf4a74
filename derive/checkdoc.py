"""Check a user's derivation: the file's equalities become chains of steps, each with the rules its
justification names, and the kernel checks them and decides the verdict. This module proves the
library identities a justification cites first, and adds a hint to each failed step."""
import re

from sympy import Integer, Tuple

from .api import Proof, library_kernel
from .documents.network_words import CHOICES, SYNONYMS
from .hints import hint
from .model.network import DomainError, NetworkError, infer_domain
from .model.identities import catalogue
from .model.proof import Chain, Identity, Step
from .model.symbols import C, C0, L, a, b, delta, l, substitute, w, x, y, z
from .shown import DocumentError
from .printing.explain import MEET, NO_RULE
from .printing.common import domain_text, network_options
from .printing.notation import ascii
from .printing.words import counterexample
from .parsing.parse import ParseError, parse
from .hidden import hidden
from .narrowed import shared_narrowing
from .vacuous import refuted, vacuous

RULE_WORDS = (("chain", "chain-rule"), ("kronecker", "kronecker"), ("collapses?|collapsed", "kronecker"),
              ("range", "range"), ("definitions?|def|defn", "definition"), ("derivatives?", "derivative"),
              ("algebra|algebraic|algebraically", "algebra"), ("activation", "activation"),
              ("linear|linearity", "linearity"), ("probability", "probability"))     # whole words name a rule
JOINED = {"rule", "rules", "delta", "deltas", "condition", "conditions"}    # may join one: chain-rule, Kronecker-delta
# A condition a row's reason says: a formula ($l < L$, not l<L in text, which TeX's text font sets as l¡L) as its last
# words, after the rule's name and a comma, bare or after for, at, when, if, where or since, or after one of those
# words alone, and all, every or each and words of the network's parts between ('for all $l < L$', 'for every hidden
# layer $l < L$'). The rule's name is words of rules, identities and the network alone (other words may deny or widen
# the condition: 'save for l = L', 'cannot hold at', 'even for'), and quantities set as math ('definition of $a^l_k$',
# as a Markdown export writes it): a letter, delta or sigma with index scripts of one or two indices (l + 1, jk)
INDEX = r"(?:[A-Za-z](?:\s*[+-]\s*\d)?){1,2}"
QUANTITY = r"\$(?:[A-Za-z]|\\delta|\\sigma)(?:\s*[_^](?:\{\s*" + INDEX + r"\s*\}|[A-Za-z0-9]))*\$"
PREPOSITION = r"(?:for|at|when|if|where|since)\s+(?:(?:all|every|each|the|hidden|layers?)\s+)*"
SAID = re.compile(r"^((?:[^,;:$]|" + QUANTITY + r")*?)(?:[,;:]\s*(?:" + PREPOSITION + r")?|\s+" + PREPOSITION + r")"
                  r"(?:\$([^$]+)\$|\\\((.+?)\\\))[\s.;)]*$")
SAID_CHARS = 90             # the longest reason whose last words say its condition (derive's say it in 87)
NAMING = {"by", "the", "of", "a", "an", "its", "through", "with", "respect", "to", "and", "output", "outputs", "layer",
          "layers", "hidden", "weighted", "input", "inputs", "activations", "error", "errors", "cost", "sum", "sums",
          "bias", "biases", "weight", "weights", "next", "last", "this"}
RELATIONS = ((r"\\ell(?![a-zA-Z])", "l"), (r"\\(?:leqslant|leq|le)(?![a-zA-Z])|≤", "<="), (r"\\lt(?![a-zA-Z])", "<"),
             (r"\\(?:neq|ne)(?![a-zA-Z])|≠", "!="), (r"\\gt(?![a-zA-Z])", ">"), (r"\s|[{}]", ""))


NEGATION = re.compile(r"(?:\b(?:not|never|without|nor|no|cannot)\b|n't)(?:\s+[\w-]+){0,3}?\s+(?:chain|kronecker|"
                      r"collapse|range|defn?\b|definitions?|derivatives?|algebra|activation|linear|probability|bp\d|"
                      r"identit)")     # a denial of a rule before its word: 'not by the chain rule', 'without BP2'


SUM_TO_ONE = re.compile(r"\b(?:sums?|adds?\s+up|add\s+up)\s+to\s+(?:1|one)\b")     # 'y sums to 1': probability


def cited(justification, known):
    """(rule ids, identity names) a justification names: a rule by one of the whole words of
    RULE_WORDS ('definition', 'chain rule', 'Kronecker-delta'; never 'undefined', 'derived',
    'chains', 'non-linear', 'chain-free' or 'probably'; 'sums to 1' is probability), an identity by its name or by
    the title that derive prints for it (`known` maps each name to it). One that names neither, or that denies a
    rule (not, never, without before its word), is kept whole, as a rule the kernel does not know. The engine's
    words for two rewritten sides meeting (MEET, exactly), and derive's for a step that cites none (NO_RULE), name
    no rule: the kernel may use any."""
    low = " ".join(justification.lower().split())
    if low not in (MEET, NO_RULE) and NEGATION.search(low):       # it names no rule it used
        return (justification.strip(),), ()
    found = tuple(name for name, title in dict(known).items()
                  if any(re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", low) for word in (name, title)))
    rules = tuple(dict.fromkeys(rule for word in re.findall(r"\w+(?:-\w+)*", low) for rule in _rules_of(word)))
    rules += ("probability",) if SUM_TO_ONE.search(low) and "probability" not in rules else ()
    if low and not rules and not found and low not in (MEET, NO_RULE):
        rules = (justification.strip(),)
    return rules, found


THROUGH = r"\b(?:through|via)\s+(?:the\s+|each\s+|every\s+|all\s+(?:the\s+)?)?(?:vectors?\s+)?"
FAMILY = re.compile(THROUGH + r"(?:(?:activations?|outputs?|weighted\s+inputs?)\s+)?\$?\s*([za])\s*(?:"
                    r"[(\[]\s*([^,\])]+?)\s*,|\^\s*(\{[^{}]*\}|\w)|"                             # z(l,k), z^l_k,
                    r"_\s*(?:\{[^{}]*\}|\w)\s*\^\s*(\{[^{}]*\}|\w)|_\s*\{\s*([^,{}]+?)\s*,)", re.I)     # z_k^l, z_{l,k}
WORDED = re.compile(THROUGH + r"(weighted\s+inputs|z'?s|activations|outputs|a'?s)(?:\s+[za])?\s+(?:of|in)\s+"
                    r"(?:the\s+)?layer\s+\$?\s*([^$,.;]+)|"                                # the weighted inputs of layer l,
                    + THROUGH + r"layer[ -]\$?([^\s$]+)\$?\s+(weighted\s+inputs|activations|outputs)", re.I)   # layer-l ...
WRAPPED = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|text|mathrm|mathit)\s*\{?\s*([za])\s*\}?")   # \mathbf{z}: z


def family_named(justification):
    """The family (z^l_1 for z(l,k), $z^l_k$, $z_k^{(l)}$, $\\mathbf{z}^l$, 'the weighted inputs of layer l + 1') that a
    reason's chain rule names to go through, or None (the kernel then tries every family that separates)."""
    text = WRAPPED.sub(r"\1", justification)
    found, worded = FAMILY.search(text), WORDED.search(text)
    if found is not None:
        letter, layer = found.group(1), next(g for g in found.groups()[1:] if g is not None)
    elif worded is not None:
        words, layer = (worded.group(1), worded.group(2)) if worded.group(1) else (worded.group(4), worded.group(3))
        letter = "z" if words.lower()[0] in "wz" else "a"
    else:
        return None
    try:
        return parse(f"{letter.lower()}[{layer.strip().strip('{}()')},1]").exprs[0]
    except ParseError:
        return None


DEFINED = re.compile(r"\bdefinitions?\s+of\s+(?:the\s+)?")
DEFINED_ITEM = re.compile(r"\s*(?:\$([^$]+)\$|\\\((.+?)\\\)|"                     # $a^L_k$, \(a^L_k\)
                          r"([A-Za-z]\w*)\s*[(\[]([^()\[\]]*)[)\]]|"                     # a(L,k), a[L,k]
                          r"(cost|weighted\s+inputs?|errors?|weights|biases|inputs|targets|activations|C_?0|[Czawbxy]|"
                          r"delta|\\delta|δ)"                                                   # a kind
                          r"(?=\s*(?:[,;.:)\]]|and\b|$)))\s*(?:,|\band\b)?")
KINDS = {"cost": C, "c": C, "c0": C0, "c_0": C0, "z": z, "weighted input": z, "weighted inputs": z, "a": a,
         "activations": a, "w": w, "weights": w, "b": b, "biases": b, "x": x, "inputs": x, "y": y, "targets": y,
         "delta": delta, "\\delta": delta, "δ": delta, "error": delta, "errors": delta}


def definition_named(justification):
    """What a reason's "definition of ..." names: a quantity (a(L,k) as derive's .proof files write it, a[L,k],
    $a^L_k$), a kind (z, a, delta, C, w, y, 'the weighted inputs', 'the cost', 'the weights'), several joined by
    'and' (a Tuple), or None when it names none derive reads (the kernel then takes any definition)."""
    items = []
    for found in DEFINED.finditer(justification):       # (each: 'definition of delta, definition of z')
        at = found.end()
        while at is not None:
            item = DEFINED_ITEM.match(justification, at)
            if item is None or item.end() == at:
                break
            math, paren, name, indices, word = item.groups()
            try:
                items.append(parse(math or paren).exprs[0] if math or paren else
                             parse(f"{name}[{indices}]").exprs[0] if name else KINDS[" ".join(word.lower().split())])
            except (ParseError, IndexError):
                return None
            at = item.end()
    items = list(dict.fromkeys(items))
    return None if not items else items[0] if len(items) == 1 else Tuple(*items)


NAMED_CHOICES = (("activation", r"\b(sigmoid|tanh|relu|softplus|hardsigmoid|hardtanh|leakyrelu|parametricrelu|"
                                r"otheractivation)s?\b|\b(identity)(?=\s+activation)"),
                 ("cost", r"\b(quadratic|l2[-\s]+(?:loss|cost)|cross[-\s]?entropy|log[-\s]?likelihood)\b"),
                 ("output", r"\b(softmax)(?:es)?\b"),
                 ("regularization", dict(CHOICES)["regularization"]),
                 ("batch", r"\b(mini[-\s]?batch)(?:es)?\b"))
CHOICE_NAMES = {"l2 loss": "quadratic", "l2-loss": "quadratic", "l2 cost": "quadratic", "l2-cost": "quadratic",
                "cross entropy": "cross-entropy", "crossentropy": "cross-entropy", "log likelihood": "log-likelihood",
                "loglikelihood": "log-likelihood", "minibatch": "mini-batch", "mini batch": "mini-batch"}
# the names of the network's choices, once the page's synonyms (SYNONYMS: 'mean squared error', 'logistic', 'weight
# decay') are read as the names they stand for


def network_named(justification):
    """{choice: name} of the activation, the cost, the output layer, the regularization and the batch a reason names
    ('the derivative of the sigmoid', 'the cross-entropy cost', 'the softmax', 'the L2 penalty', 'the mini-batch'):
    the kernel takes a reason that names another network's as wrong."""
    out, said = {}, justification.lower()
    for other, word in SYNONYMS:
        said = re.sub(other, word, said)
    for choice, pattern in NAMED_CHOICES:
        for m in re.finditer(pattern, said):
            if re.search(r"\b(?:no|not|without|unlike|non|instead\s+of|rather\s+than)\b\W+(?:\w+\W+){0,2}$",
                         said[:m.start()]):
                continue                # named as not the network's: 'no L2 penalty', 'not the sigmoid'
            word = " ".join(next(g for g in m.groups() if g).split())
            out.setdefault(choice, set()).add(CHOICE_NAMES.get(word, word))
    return {choice: tuple(sorted(names)) for choice, names in out.items()}


def _rules_of(word):
    """The rules a word names, hyphenated ones too: each of its parts a rule's word or one of JOINED
    ('chain-rule', 'Kronecker-delta'), else none ('non-linear', 'chain-free', 'algebra-free')."""
    parts = word.split("-")
    rules = [next((rule for words, rule in RULE_WORDS if re.fullmatch(words, p)), None) for p in parts]
    return [r for r in rules if r] if all(r or p in JOINED for p, r in zip(parts, rules)) else []


def chains_of(doc, known):
    """The document's chains of steps (each step with its line and the rules its reason names)."""
    out = []
    for chain in doc.chains:
        top = {l: L} if chain.case == "l=L" else {}      # in the case l = L, the l its rows write is L
        steps = _steps(chain, top, known)
        start = substitute(chain.rows[0].exprs[0], top) if chain.rows and chain.rows[0].exprs else None
        case = (l, "top" if chain.case == "l=L" else "below") if chain.case else ()
        out.append(Chain(steps, start, case, chain.given))
    return out


def _steps(chain, top, known):
    """A document chain's steps, its rows read with the substitution `top`."""
    return tuple(step for _, step in _row_steps(chain, top, known))


def _row_steps(chain, top, known):
    """(the number of its row in the chain, the step) for each step of a document chain."""
    out, previous = [], None
    for number, row in enumerate(chain.rows):
        exprs = ([previous] if row.continues and previous is not None else []) + [substitute(e, top) for e in row.exprs]
        rules, found = cited(row.justification, known)
        via = family_named(row.justification) if "chain-rule" in rules else None
        of = definition_named(row.justification) if "definition" in rules else None
        chosen = network_named(row.justification)
        for before, after in zip(exprs, exprs[1:]):
            detail = {"line": row.line, "text": row.justification, "rules": rules, "names": found,
                      "stated": chain.given and number == 0}       # the given line's own equalities
            if via is not None:
                detail["via"] = substitute(via, top)
            if of is not None:
                detail["of"] = substitute(of, top)
            if chosen:
                detail["network"] = chosen
            out.append((number, Step(before, after, (rules or ("",))[0] if not found else "identity", detail)))
        previous = exprs[-1] if exprs else previous
    return out


def _shown_as_checked(doc, known, kernel, verdict):
    """A DocumentError for a step of a page whose claim and case notes are hidden (LaTeX, Markdown) that the kernel
    checked on a narrower domain (a case's, the claim's) than its display shows, and does not prove as the page shows
    it: on the domain its display's formulas give (a display with a quantity of layer l + 1 is about l < L, as a
    whole). Else the page would show a row false for some instance as if it held for every one: (a^l_j - y_j)
    sigma'(z^l_j) under a hidden case l = L, a row false at l = 2 or for j > n_2 under a claim that excludes them."""
    if not doc.hidden_notes:
        return
    records = {}
    for record in verdict.steps:
        records.setdefault(record.chain, []).append(record)
    for number, chain in enumerate(doc.chains):
        displays = {}
        for row in chain.rows:
            displays.setdefault(row.display, []).extend(row.exprs)
        for (at, step), record in zip(_row_steps(chain, {}, known), records.get(number, ())):
            row = chain.rows[at]                # (two displays may start on one source line: rows, not lines)
            page = _display_domain(step, displays[row.display], [e for r in chain.rows[:at + 1] for e in r.exprs])
            page = _as_said(page, record.domain, step.detail["text"] if row.reason_shown else "")  # not a by: note's
            if set(page) != set(record.domain) and kernel.step(step, page, search=False).status != "proved":
                raise DocumentError(f"line {step.detail['line']}: {ascii(step.before)} = {ascii(step.after)} is checked "
                                    f"for {_layers(record.domain)} alone, which only a note hidden on the page says "
                                    f"(the claim's, or a case's), and derive does not prove it as its display shows it, "
                                    f"for {_layers(page)}: say the layers in the row's reason (\\text{{(chain rule, "
                                    f"$l < L$)}}), write the rows of a case l = L at L (w^L_{{jk}}, not w^l_{{jk}}), or "
                                    f"name a quantity of layer l + 1 in the display")


def _display_domain(step, display, read):
    """The domain the formulas of a step's display give (the row's and the row it continues). A display that ranges
    not every index (a Markdown display of one row may name j only in [i = j]) takes the ranges of its neuron indices
    from its chain up to its row, as the page is read, and keeps its own range of l: never none, or a hidden note
    would decide alone where the row is checked, and never one that a row before narrowed (l + 1 there)."""
    shown = (step.before, step.after, *display)
    try:
        return infer_domain(*shown)
    except DomainError:
        pass
    try:
        context = infer_domain(step.before, step.after, *read)
    except DomainError as e:
        raise DocumentError(f"line {step.detail['line']}: the formulas of the row and of its chain before it have no "
                            f"domain ({e}), so derive cannot check the row as the page shows it") from None
    neurons = {d[0]: Integer(1) for d in context if d[0].is_Symbol and d[0] not in (l, L)}
    try:
        own = infer_domain(*(substitute(e, neurons) for e in shown))
    except DomainError:
        return context
    return tuple(d for d in context if d[0] != l) + tuple(d for d in own if d[0] == l or not d[0].is_Symbol)


def _as_said(page, checked, reason):
    """The page's domain with l's range as the row's own reason says it (its visible words, beside the formula):
    `$l < L$`, `$l \\le L - 1$`, `$l \\ne L$`, `$2 \\le l < L$` end it at L - 1; `$l = L$`, where the kernel checked
    it at l = L (a case's), leaves it there; a reason of more than SAID_CHARS characters says none, as its end may run
    off the page (a line of text does not break)."""
    said = re.sub(r"\s+", " ", reason.strip())      # (a run of spaces, tried at each of its places, took minutes: TeX
    if len(said) > SAID_CHARS:                      # sets it as one); a long reason's last words may be off the page
        return page
    found = SAID.match(said)
    words = re.sub(QUANTITY, " ", found.group(1)) if found else ""
    if not found or not re.fullmatch(r"[A-Za-z0-9\s,;:.'()-]*", words) or \
            not all(_naming(word) for word in re.findall(r"[A-Za-z0-9'-]+", words)):     # plain words alone (not
        return page                                                                      # ΝΟΤ in Greek letters, ∀)
    said = found.group(2) or found.group(3)
    for pattern, plain in RELATIONS:
        said = re.sub(pattern, plain, said)
    if said in ("l=L", "L=l") and not any(d[0] == l for d in checked):
        return checked
    if re.fullmatch(r"(?:\d+<=)?(?:l<L|l<=L-1|l!=L)|L>l", said):
        return tuple(d.func(l, d[1], L - 1) if d[0] == l else d for d in page)
    return page


def _naming(word):
    """The word names a rule (RULE_WORDS, JOINED), an identity of the library (BP1, bp4) or the network's parts."""
    w = word.lower()
    return w in NAMING or w in JOINED or bool(_rules_of(w)) or bool(re.fullmatch(r"bp[1-4]", w))


def _layers(domain):
    """A domain in words, as derive prints one: l = L, 1 <= j <= n_L."""
    top = "l = L, " if any(d[0] == L for d in domain) else ""
    return top + domain_text(tuple(d for d in domain if d[0] != L), ascii, "<=")


def check_document(doc, network, path="", strict=False):
    """The Proof of a document: its claim (if it states one), its chains, the kernel's verdict, hints.
    The kernel is a fresh one that starts with the library identities the document cites, proved
    once a network in this process (api.library_kernel)."""
    _network_said(doc, network)
    known = {i.name: i.short_title for i in catalogue(network)}
    chains = chains_of(doc, known)
    kernel = library_kernel(network, [name for name in known
                                      if any(name in s.detail["names"] for c in chains for s in c.steps)])
    claim = _claim(doc, path, network)
    _cases_at_L(doc, claim)
    verdict = kernel.check(claim if claim.lhs is not None else None, chains, strict)
    if verdict.status == "proved":
        _shown_as_checked(doc, known, kernel, verdict)
        why = (shared_narrowing(claim, network) or hidden(claim, network)) if claim.lhs is not None else ""
        if why:
            raise DocumentError(f"line {doc.claim.line}: {why}")
        _stated_hold(doc, claim, network)
    hints = {}
    for t, record in enumerate(verdict.steps):
        holds = record.problem is not None and record.problem.kind in ("wrong-reason", "no-reason")   # --strict alone
        if record.status == "refuted" and record.domain is not None and not holds:     # a mistake, not a doubt
            found = hint(record.step.before, record.step.after, record.domain, kernel)
            if found is not None:
                hints[t] = found
    return Proof(claim, tuple(chains), verdict, network, hints)


STATED = 200           # equations a document states beside its displays, at most (a search for a counterexample each)


def _stated_hold(doc, claim, network):
    """A DocumentError for an equation the document states beside its derivation (inline math, a reason, a comment,
    prose) that the kernel refutes ('where $\\delta^l_j = 2 \\partial C/\\partial z^l_j$', a claim after words derive
    does not take for one), for X ≠ Y where the kernel does not refute X = Y, and for another relation between
    quantities (\\le, <), which derive does not check: the page would show a false statement beside a derivation
    derive calls PROVED. (A wrong formula is quoted so: 'a common mistake: $\\partial C/\\partial b^l_j \\ne
    \\delta^{l+1}_j$'.)"""
    seen = {(claim.lhs, claim.rhs), (claim.rhs, claim.lhs)} if claim.lhs is not None else set()
    stated = sorted({(formula, relation, sides): (line, formula, relation, sides)
                     for line, formula, relation, sides in reversed(doc.stated)}.values(), key=lambda t: t[:3])
    if len(stated) > STATED:
        raise DocumentError(f"line {stated[STATED][0]}: more than {STATED} equations stated beside the displays, "
                            f"each of which derive checks; state fewer")
    for line, formula, relation, sides in stated:
        if relation == "<":
            raise DocumentError(f"line {line}: the document states {formula}, a relation other than = and ≠ between "
                                f"quantities of the network, which derive does not check; write it in words, or "
                                f"leave it out")
        for pair in zip(sides, sides[1:]):
            try:
                domain = infer_domain(*pair)
                network.refuse(*pair)
            except (DomainError, NetworkError) as e:
                raise DocumentError(f"line {line}: the document states {formula}, which has no meaning on the network "
                                    f"it is checked on ({network_options(network)}: {e}), so derive cannot check it; "
                                    f"leave it out, or check the document on its network") from None
            if relation == "=" and pair in seen:
                continue
            verdict = refuted(pair, domain, network)
            if relation == "=":
                seen.add(pair)
            if relation == "=" and verdict is not None:
                raise DocumentError(f"line {line}: the document states {formula}, which the kernel refutes on the "
                                    f"network it is checked on ({network_options(network)}: "
                                    f"{'; '.join(counterexample(verdict.counterexample))}); each equation a "
                                    f"document states must hold: correct it, write a wrong one with \\ne, or leave "
                                    f"it out")
            if relation == "≠" and verdict is None:
                raise DocumentError(f"line {line}: the document states {formula}, and the kernel finds no instance "
                                    f"where the two sides differ; correct it, or leave it out")


def _network_said(doc, network):
    """A DocumentError when the document's network note says another network than the one it is checked on (through
    the API: a file proved for the sigmoid was REFUTED on the generic sigma; derive check reads the note itself)."""
    activation, cost, regularization, output, batch = network.options
    on = {"activation": activation, "cost": cost, "regularization": regularization, "output": output,
          "batch": "yes" if batch else "no", "widths": ",".join(map(str, network.widths)) if network.concrete else ""}
    for key, value in (doc.network or {}).items():
        if key in on and _note_value(key, value) != on[key]:
            raise DocumentError(f"the file's network note says {key}={value}, and it is checked on a network with "
                                f"{key}={on[key] or 'any'}: check it on the network it states")
    for key, (value, line, _) in doc.network_page.items():     # the page's own words, seen where the note is not
        if value in ("any", "", "generic") and on[key] not in ("any", "", "generic"):
            noun = {"widths": "size of network"}.get(key, key)
            raise DocumentError(f"line {line}: the page says it holds for every {noun}, and derive checks it on the "
                                f"{key} {on[key]} alone: say that one")
        if value != on[key]:
            raise DocumentError(f"line {line}: the page says the network's {key} is {value or 'any'}, and it is "
                                f"checked on a network with {key} {on[key] or 'any'}: give the choice in the file's "
                                f"network note (network: {key}={value}) or as an option")


def _note_value(key, value):
    """A network note's value as the network states it: lower case, no spaces, widths as numbers (02,3,2 is 2,3,2)."""
    text = "".join(str(value).split()).lower()
    if key == "widths" and re.fullmatch(r"\d+(?:,\d+)*", text):
        return ",".join(str(int(w)) for w in text.split(","))
    return text


def _cases_at_L(doc, claim):
    """A DocumentError for a case note (l = L, l < L) of a claim whose l does not run to L: the kernel splits a claim at
    the top of l's range, so a claim about l <= L - 1 had its 'case l = L' checked at l = L - 1, and its 'case l < L'
    for l <= L - 2, under labels that said otherwise."""
    top = next((d[2] for d in claim.domain if d[0] == l), None) if claim.lhs is not None else L
    for chain in doc.chains:
        if chain.case and top != L:
            layers = "names no layer l" if top is None else f"is about l <= {ascii(top)}"
            case = chain.case.replace('=', ' = ').replace('<', ' < ')
            raise DocumentError(f"line {chain.rows[0].line}: this chain is the case {case} of a claim split at l = L, "
                                f"and the claim {layers}: prove it in one chain")


def _claim(doc, path, network):
    """The document's claim; a DocumentError when a part of it says nothing where it is checked (vacuous.py)."""
    claim = stated_claim(doc, path)
    why = claim.lhs is not None and vacuous(claim.lhs, claim.rhs, claim.domain, network)
    if why:
        raise DocumentError(f"line {doc.claim.line}: {why}")
    return claim


def stated_claim(doc, path):
    """The Identity of the document's claim as it is read (an empty one for none)."""
    title = path or "derivation"
    if doc.claim is None:
        return Identity(title, title, None, None, ())
    lhs, rhs = doc.claim.exprs
    return Identity("claim", title, lhs, rhs, infer_domain(lhs, rhs))     # documents/ read it: it has one
