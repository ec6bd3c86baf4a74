"""One grammar for the book's LaTeX, the ASCII notation and derive's plain-text notation (lark, LALR(1)).

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
ODOT: "\\odot" | "⊙" | "\\circ"
DIV: "/"

// the operator form of a derivative, like a sum, takes the rest of its product (up to the next + or -,
// the closing bracket or the =): ∂/∂a^L_j 1/2 (a^L_j - y_j)^2 is ∂/∂a^L_j (1/2 (a^L_j - y_j)^2)
operator: _FRAC "{" "\\partial" "}" "{" "\\partial" quantity "}" term    -> partial_of
        | "∂" "/" "∂" quantity term                                        -> partial_of

bigsum: SUMCMD "_" script "^" bound term          -> sum_bounded
      | SUMCMD "_" script term                     -> sum_free
SUMCMD: "\\sum" | "Σ"
bound: SCRIPTCHAR | "{" RAWBOUND "}"
RAWBOUND: /([^{}]|\{[^{}]*\})+/

// between bars a | right after a factor closes them (|a| |b| is |a| times |b|): there a |...| after the
// first factor of a product follows an operator (|a * |b||)
?bar_expr: bar_sum
bar_sum: (SIGN)? bar_term (SIGN bar_term)*                                  -> sum
bar_term: factor ((MULOP | DIV | ODOT) factor | bar_factor)* (MULOP? bar_open)?  -> term
        | bar_open                                                          -> term
?bar_open: SUMCMD "_" script "^" bound bar_term                             -> sum_bounded
         | SUMCMD "_" script bar_term                                       -> sum_free
         | _FRAC "{" "\\partial" "}" "{" "\\partial" quantity "}" bar_term  -> partial_of
         | "∂" "/" "∂" quantity bar_term                                    -> partial_of

asciisum: "sum" "(" INDEX "," expr ")"                               -> sum_ascii
        | "sum" "(" INDEX "=" RAWARG "," RAWARG "," expr ")"          -> sum_ascii_bounded
RAWARG: /[^,()]+(\([^()]*\))?/

?factor: power
power: primary (POW exponent)?
bar_factor: bar_primary (POW exponent)?                                     -> power
POW: "^"
exponent: NUMBER | _braced | _round | TRANSPOSE
TRANSPOSE: "T" | "{T}" | "\\top" | "{\\top}" | /(\\intercal|\\mathsf\{T\}|\\mathrm\{T\})|\{(\\intercal|\\mathsf\{T\}|\\mathrm\{T\})\}/

// a norm ‖v‖ (\|v\|, \Vert v \Vert) pairs up as |...| does; ||v|| is read as bars, which the builder makes a norm
?primary: bar_primary
        | "|" bar_expr "|"     -> absolute
        | "‖" bar_expr "‖" FROBENIUS?     -> norm
        | "\\|" bar_expr "\\|" FROBENIUS?   -> norm
        | "\\Vert" bar_expr "\\Vert" FROBENIUS? -> norm
?bar_primary: quantity
        | partial
        | call
        | paren
        | iverson
        | NUMBER               -> number
        | EULER                -> euler
        | _FRAC _braced _braced      -> fraction
        | _FRAC _over _under         -> fraction_digits      // TeX's one token each: \frac12, \frac1N, \frac\lambda N
        | _FRAC _over _braced        -> fraction_digits      // \frac1{2N}
        | _FRAC _braced (NUMBER | under_word) -> fraction_digits   // \frac{\lambda}2, \frac{1}N
        | width
        | asciisum

// \frac's one-token arguments. Right after \frac (and after a first argument of one token) no NUMBER can
// stand, so the contextual lexer reads one DIGIT: \frac12N^2 is 1/2 times N^2. Two rules for one token, so
// that the parser's states after the first and after the second argument stay apart.
_over: DIGIT | over_word
_under: DIGIT | under_word
over_word: LAMBDA -> regularization_parameter | "N" -> training_inputs | BATCH -> batch_size
under_word: LAMBDA -> regularization_parameter | "N" -> training_inputs | BATCH -> batch_size
DIGIT: /[0-9]/

paren: _arg | _braced | "\\left[" expr "\\right]" | _SIZED_OPEN expr _SIZED_CLOSE
_SIZED_OPEN.3: /\\[bB]igg?l?\[/                 // \bigl[ ... \bigr] groups as \left[ ... \right] does
_SIZED_CLOSE.3: /\\[bB]igg?r?\]/
_FRAC: /\\[dt]?frac(?![a-zA-Z])/          // \dfrac and \tfrac are \frac at another size
_arg: _round | "\\left(" expr "\\right)"
_round: "(" expr ")"
_braced: "{" expr "}"

quantity: (LAYERED | DELTA) "^" script "_" script    -> q_up_down
        | (LAYERED | DELTA) "_" script "^" script    -> q_down_up
        | (LAYERED | DELTA) "[" RAW "]"              -> q_brackets
        | DATA "_" script                            -> q_data
        | DATA "[" RAW "]"                           -> q_data_brackets
        | DELTA "_" script                           -> kronecker
        | DELTA "_" script "^" (_round | "\\top") -> kronecker_power
        | COST0                                      -> cost0
        | "C"                                        -> cost
        | LAMBDA                                     -> regularization_parameter
        | "N"                                        -> training_inputs
        | BATCH                                      -> batch_size
        | (LAYERED | DELTA) "^" script               -> q_vector
        | ("\\nabla_a" | "∇_a") "C"                  -> nabla
        | ("\\nabla_{a^L}" | "∇_{a^L}") "C"          -> nabla
        | ("\\nabla_{a}" | "∇_{a}") "C"              -> nabla
        | BATCHED "^" script                         -> q_matrix
        | BATCHED_DATA                               -> q_data_matrix
        | DATA                                       -> q_data_vector
        | ("\\nabla_A" | "∇_A") "C"                  -> nabla_batch
        | ("\\nabla_{A}" | "∇_{A}") "C"              -> nabla_batch

LAYERED: "w" | "b" | "z" | "a" | "delta"
DELTA: "\\delta" | "δ"
BATCHED: "Z" | "A" | "\\Delta" | "Delta" | "Δ"
BATCHED_DATA: "X" | "Y"
BATCH: "M"
COST0.2: "C0" | "C_0" | "C_{0}" | "C₀"
LAMBDA: "\\lambda" | "lambda" | "λ"
DATA: "y" | "x"
EULER: "e"                      // e^{z^L_j} is exp(z^L_j)
RAW: /[^\[\]]+/

width: "n" "_" script | "n" "(" RAW_PAREN ")"
RAW_PAREN: /[^()]+/

// \frac's braces close the numerator, so it is any expression (\partial \tanh(z^2_1), \partial (a^L_j - y_j)^2);
// d.../d and ∂.../∂ have no closing brace: their numerator is a quantity or a bracket
partial: _FRAC "{" "\\partial" expr "}" "{" "\\partial" quantity "}"      -> partial_latex
       | "d" pnum "/" "d" quantity                                          -> partial_ascii
       | "∂" pnum "/" "∂" quantity                                          -> partial_ascii
?pnum: quantity | _round

call: SIGMA _arg | FUNC _arg
    | FUNC (quantity | NUMBER) -> bare_call   // TeX's \ln a^L_j, \ln 2: the quantity or number after it, alone
    | "\\left|" expr "\\right|" -> absolute | "\\lvert" expr "\\rvert" -> absolute
    | _ABS _round -> absolute
    | "\\lVert" expr "\\rVert" FROBENIUS? -> norm | "\\left\\|" expr "\\right\\|" FROBENIUS? -> norm
    | "\\left\\lVert" expr "\\right\\rVert" FROBENIUS? -> norm
    | "\\left\\Vert" expr "\\right\\Vert" FROBENIUS? -> norm
    | _NORM _round -> norm
    | DIAG _arg -> diagonal
    | SQRT (_braced | _arg) -> square_root
_ABS.2: "abs"                  // before the a of a^l_j
_NORM.2: "norm"                // before the n of n(l)
SQRT: "\\sqrt" | "sqrt"
FROBENIUS: /_(F|\{F\}|\{\\mathrm\{F\}\}|\\mathrm\{F\})/     // ‖A‖_F, a matrix's Frobenius norm: Σ_j Σ_s A_js^2 under the root
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

NUMBER: /[0-9]+(\.[0-9]+)?/           // ASCII digits only: Python's \d takes ৪ (a Bengali 4 that looks like 8)

%ignore /[ \t\r\n]+/
%ignore /\\[,;!: ]/
%ignore /\\(left|right)\./
%ignore /\\([bB]igg?[lrm]?|displaystyle|textstyle|(no)?limits)(?![a-zA-Z])/   // sizes: no meaning
"""
