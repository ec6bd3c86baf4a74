"""The library of identities: their statements and how the engine should look for a proof.

BP1-BP4 are stated as in Nielsen's chapter 2. The cost- and activation-specific forms are
not stated at all: their right-hand sides are whatever the engine derives from the
network's cost and activation, and the kernel then checks that derivation.
"""
from sympy import KroneckerDelta, Sum

from .network import infer_domain
from .proof import Identity
from .symbols import C, C0, L, M, Partial, a, b, delta, dsigma, j, k, l, n, p, q, s, w, z


def _identity(name, title, lhs, rhs, like=None, **how):
    """An identity; a derived one (rhs None) takes the domain of `like` when given."""
    sides = like or [lhs] + ([rhs] if rhs is not None else [])
    return Identity(name, title, lhs, rhs, infer_domain(*sides), **how)


_CATALOGUES = {}        # Network.key -> its identities, stated once a process (they are frozen)


def catalogue(network):
    """The identities for this network (a new list of them)."""
    if network.key not in _CATALOGUES:
        _CATALOGUES[network.key] = tuple(_stated(network))
    return list(_CATALOGUES[network.key])


def _stated(network):
    """The identities for this network, in an order where each uses only earlier ones. When C adds
    a penalty on the weights, BP1 and BP4 are stated for the cost C0 (whose error delta is the
    same), and the weight gradient of C is derived from BP4. On a mini-batch network what depends
    on the input takes the sample s last, delta is the error of one sample (M dC/dz), and the
    gradients of C average the samples' (the chapter-2 problem's matrix form)."""
    root, batch = network.root, network.batch

    def at(base, *indices):
        """A quantity (of sample s, on a mini-batch network)."""
        return base[indices + ((s,) if batch else ())]

    def mean(e):
        """e averaged over the samples of a mini-batch (e itself for one input)."""
        return Sum(e, (s, 1, M)) / M if batch else e

    per = M if batch else 1         # an error is M times dC/dz of its sample: the sample's own cost's
    suffix = " of sample s, in a mini-batch" if batch else ""
    out = [
        _identity("bp1-general", "BP1-general: the output error for any output layer, by the chain rule through "
                                 "every output activation" + suffix,
                  at(delta, L, j), per * Sum(Partial(root, at(a, L, k)) * Partial(at(a, L, k), at(z, L, j)),
                                             (k, 1, n(L)))),
    ]
    if network.output:
        out.append(_identity(f"{network.output}-derivative", f"the derivative of the {network.output} output layer",
                             Partial(at(a, L, j), at(z, L, k)), None, like=[Partial(at(a, L, j), at(z, L, k))]))
    else:
        out.append(_identity("bp1", "BP1: the error in the output layer" + suffix,
                             at(delta, L, j), per * Partial(root, at(a, L, j)) * dsigma(at(z, L, j)),
                             uses=("bp1-general",)))
    out += [
        _identity("bp2", "BP2: the error in layer l through the error in layer l+1" + suffix,
                  at(delta, l, j), Sum(w[l + 1, k, j] * at(delta, l + 1, k) * dsigma(at(z, l, j)), (k, 1, n(l + 1)))),
        _identity("bp3", "BP3: the rate of change of the cost with respect to a bias" +
                  (", averaged over a mini-batch" if batch else ""),
                  Partial(C, b[l, j]), mean(at(delta, l, j))),
        _identity("bp4", "BP4: the rate of change of the cost with respect to a weight" +
                  (f", averaged over a mini-batch: ∂{'C₀' if root == C0 else 'C'}/∂w^l = (1/M) Δ^l (A^{{l−1}})^T, "
                   "by components"
                   if batch else ""),
                  Partial(root, w[l, j, k]), mean(at(a, l - 1, k) * at(delta, l, j)),
                  **({} if network.output or batch else {"route": "a", "induction": True, "uses": ("bp1", "bp2")})),
    ]
    if not network.output and not batch:    # Σ'(z) is diagonal only for an elementwise output layer; each is
                                            # BP1 or BP2 restated, so it is derived afresh, never from them
        out += [
            _identity("bp1-matrix", "BP1-matrix: the output error in matrix form, by components: "
                                    "δ^L = Σ'(z^L) ∇_a C, Σ' the diagonal matrix of σ'", delta[L, j],
                      Sum(KroneckerDelta(j, p) * dsigma(z[L, j]) * Partial(root, a[L, p]), (p, 1, n(L)))),
            _identity("bp2-matrix", "BP2-matrix: the error in layer l in matrix form, by components: "
                                    "δ^l = Σ'(z^l) (w^{l+1})^T δ^{l+1}",
                      delta[l, j], Sum(delta[l + 1, q] * Sum(KroneckerDelta(j, p) * dsigma(z[l, j]) * w[l + 1, q, p],
                                                             (p, 1, n(l))), (q, 1, n(l + 1)))),
        ]
    out += [
        _identity("cost-gradient", f"the gradient of the {network.cost.name} cost" + suffix,
                  Partial(root, at(a, L, j)), None, expand_cost=True),
        _identity("output-error", f"BP1 for the {network.cost.name} cost and the "
                                  f"{network.output or network.activation.name} output layer" + suffix,
                  at(delta, L, j), None, use_activation=True,
                  uses=("bp1-general", "cost-gradient", f"{network.output}-derivative") if network.output else
                  ("bp1", "cost-gradient")),
    ]
    weights = "bp4"
    if network.regularization is not None:
        reg = network.regularization.name.upper()
        out.append(_identity("weight-gradient", f"the weight gradient with {reg} regularization",
                             Partial(C, w[l, j, k]), None, uses=("bp4",)))
        weights = "weight-gradient"
    out += [
        _identity("output-bias-gradient", "the gradient of an output bias, through the output error",
                  Partial(C, b[L, j]), None, uses=("bp3", "output-error")),
        _identity("output-weight-gradient", "the gradient of an output weight, through the output error",
                  Partial(C, w[L, j, k]), None, uses=(weights, "output-error")),
    ]
    if network.activation.law is not None:
        bp2 = next(i for i in out if i.name == "bp2")
        out.append(_identity("hidden-error", f"BP2 for the {network.activation.name} activation" + suffix,
                             at(delta, l, j), None, like=[bp2.lhs, bp2.rhs], use_activation=True, uses=("bp2",)))
    return out


def unavailable(name, network):
    """Why an identity of the library is not in this network's catalogue, or None."""
    if name == "softmax-derivative" and network.output != "softmax":
        return "softmax-derivative is the derivative of a softmax output layer: choose --output softmax"
    if name in ("bp1-matrix", "bp2-matrix") and network.batch:
        return (f"{name} is the matrix form for one input: on a mini-batch network bp1 and bp2 hold for each "
                f"sample s, and bp3 and bp4 average the samples")
    if name == "bp1" and network.output:
        return (f"bp1 writes the error through sigma' of an elementwise output layer, which the {network.output} "
                f"output is not: bp1-general states it for any output layer")
    if name == "weight-gradient" and network.regularization is None:
        return ("weight-gradient is the gradient of a regularized cost: choose --regularization l2|l1 "
                "(bp4 states the weight gradient without one)")
    if name == "hidden-error" and network.activation.law is None:
        return ("hidden-error is BP2 with the activation's derivative written out, which the generic "
                "activation does not have: choose one with --activation sigmoid|tanh|relu|softplus|identity "
                "(bp2 states it for any activation)")
    return None
