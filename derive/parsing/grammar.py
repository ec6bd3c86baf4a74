"""One grammar for the book's LaTeX, the ASCII notation and derive's plain-text notation (lark, Earley).

The text notation is what derive prints: δ^l_j, ∂C/∂b^l_j, ∂/∂w^l_{jk} (...), Σ_{k=1}^{n_l} ...,
σ'(...), [1 ≤ j ≤ n_l], [j = k]; every formula derive prints parses back to what was checked.
A mini-batch quantity has a second subscript, the sample: a^{l-1}_{ks}, x_{js}, Σ_{s=1}^{M} ...;
its matrices are uppercase: A^l, Z^l, \\Delta^l, X, Y, \\nabla_A C.

A quantity's scripts are read raw here and validated by the transformer, which builds
sympy objects only from names it knows: nothing the user typed is ever evaluated.
"""

GRAMMAR = r"""
start: expr (EQ expr)*

EQ: "="

?expr: sum
sum: (SIGN)? term (SIGN term)*
SIGN: "+" | "-"

term: factor ((MULOP | DIV | ODOT)? factor)* (MULOP? open)?
    | open
?open: bigsum | operator
MULOP: "*" | "\\cdot" | "\\times"
ODOT: "\\odot" | "⊙"
DIV: "/"

// the operator form of a derivative, like a sum, takes the rest of its product (up to the next + or -,
// the closing bracket or the =): ∂/∂a^L_j 1/2 (a^L_j - y_j)^2 is ∂/∂a^L_j (1/2 (a^L_j - y_j)^2)
operator: "\\frac" "{" "\\partial" "}" "{" "\\partial" quantity "}" term    -> partial_of
        | "∂" "/" "∂" quantity term                                        -> partial_of

bigsum: SUMCMD "_" script "^" bound term          -> sum_bounded
      | SUMCMD "_" script term                     -> sum_free
SUMCMD: "\\sum" | "Σ"
bound: SCRIPTCHAR | "{" RAWBOUND "}"
RAWBOUND: /([^{}]|\{[^{}]*\})+/

asciisum: "sum" "(" INDEX "," expr ")"                               -> sum_ascii
        | "sum" "(" INDEX "=" RAWARG "," RAWARG "," expr ")"          -> sum_ascii_bounded
RAWARG: /[^,()]+(\([^()]*\))?/

?factor: power
power: primary (POW exponent)?
POW: "^"
exponent: NUMBER | "{" expr "}" | "(" expr ")" | TRANSPOSE
TRANSPOSE: "T" | "{T}" | "\\top" | "{\\top}"

?primary: quantity
        | partial
        | call
        | paren
        | iverson
        | NUMBER               -> number
        | "\\frac" "{" expr "}" "{" expr "}"   -> fraction
        | width
        | asciisum

paren: "(" expr ")" | "\\left(" expr "\\right)" | "{" expr "}" | "\\left[" expr "\\right]"

quantity: LAYERED "^" script "_" script              -> q_up_down
        | LAYERED "_" script "^" script              -> q_down_up
        | LAYERED "[" RAW "]"                        -> q_brackets
        | DATA "_" script                            -> q_data
        | DATA "[" RAW "]"                           -> q_data_brackets
        | ("\\delta" | "δ") "_" script                -> kronecker
        | COST0                                      -> cost0
        | "C"                                        -> cost
        | LAMBDA                                     -> regularization_parameter
        | "N"                                        -> training_inputs
        | BATCH                                      -> batch_size
        | LAYERED "^" script                         -> q_vector
        | "\\nabla_a" "C"                            -> nabla
        | "\\nabla_{a}" "C"                          -> nabla
        | BATCHED "^" script                         -> q_matrix
        | BATCHED_DATA                               -> q_data_matrix
        | "\\nabla_A" "C"                            -> nabla_batch
        | "\\nabla_{A}" "C"                          -> nabla_batch

LAYERED: "w" | "b" | "z" | "a" | "\\delta" | "delta" | "δ"
BATCHED: "Z" | "A" | "\\Delta" | "Delta" | "Δ"
BATCHED_DATA: "X" | "Y"
BATCH: "M"
COST0.2: "C0" | "C_0" | "C_{0}" | "C₀"
LAMBDA: "\\lambda" | "lambda" | "λ"
DATA: "y" | "x"
RAW: /[^\[\]]+/

width: "n" "_" script | "n" "(" RAW_PAREN ")"
RAW_PAREN: /[^()]+/

// \frac's braces close the numerator, so it is any expression (\partial \tanh(z^2_1), \partial (a^L_j - y_j)^2);
// d.../d and ∂.../∂ have no closing brace: their numerator is a quantity or a bracket
partial: "\\frac" "{" "\\partial" expr "}" "{" "\\partial" quantity "}"      -> partial_latex
       | "d" pnum "/" "d" quantity                                          -> partial_ascii
       | "∂" pnum "/" "∂" quantity                                          -> partial_ascii
?pnum: quantity | "(" expr ")"

call: SIGMA "(" expr ")" | SIGMA "\\left(" expr "\\right)"
    | FUNC "(" expr ")" | FUNC "\\left(" expr "\\right)"
    | "|" expr "|" -> absolute | "\\left|" expr "\\right|" -> absolute | "\\lvert" expr "\\rvert" -> absolute
    | "abs" "(" expr ")" -> absolute
    | DIAG "(" expr ")" -> diagonal | DIAG "\\left(" expr "\\right)" -> diagonal
DIAG: "\\Sigma'" | "\\Sigma^{\\prime}" | "\\Sigma^\\prime" | "Σ'" | "Sigma'"
SIGMA: "\\sigma'" | "\\sigma" | "sigma'" | "sigma" | "\\sigma^{\\prime}" | "\\sigma^\\prime" | "σ'" | "σ′" | "σ"
FUNC: "\\exp" | "exp" | "\\ln" | "ln" | "\\log" | "log" | "\\tanh" | "tanh" | "H"
    | "\\operatorname{sgn}" | "\\mathrm{sgn}" | "\\sgn" | "sgn"

iverson: "[" iverson_index "=" iverson_index "]"
       | "[" range ("," range)* "]"                  -> range_guard
?iverson_index: INDEX | NUMBER
range: NUMBER LE INDEX LE range_hi
     | NUMBER LE range_hi                            -> size_range
     | NUMBER LE INDEX                               -> size_range
     | INDEX LE range_hi                             -> size_range
LE: "<=" | "\\leq" | "\\le" | "≤"
range_hi: width | NUMBER | LAST_LAYER | BATCH
LAST_LAYER: "L"

script: SCRIPTCHAR | GREEK | "{" RAWSCRIPT "}"
SCRIPTCHAR: /[a-zA-Z0-9α-ω]/
GREEK: /\\(alpha|beta|gamma|epsilon|zeta|eta|theta|iota|kappa|mu|nu|xi|rho|tau|phi|chi|psi|omega|ell)(?![a-zA-Z])/
RAWSCRIPT: /[^{}]+/
INDEX: /[a-zA-Zα-ω]|\\[a-zA-Z]+/

NUMBER: /\d+(\.\d+)?/

%ignore /[ \t\r\n]+/
%ignore /\\[,;!: ]/
%ignore /\\(left|right)\./
"""
