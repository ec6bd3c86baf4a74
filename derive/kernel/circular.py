"""Circularity: a claim may not be proved from itself. The identities the kernel proved that state the
claim (at a renaming of its indices, up to a factor that is nowhere 0 and terms moved across, delta written
by its definition, its sums collapsed), and every identity proved from one of them, are what no step of its
proof may cite."""
from sympy import Dummy, Indexed, expand, preorder_traversal

from ..model.network import deltas_defined
from ..model.symbols import C, C0, SIZES, Partial
from .canon import Canon
from .facts import Facts
from .lemmas import match, unfolded


class Circularity:
    """The circularity checks of a Kernel (which sets network and proved, and compares by `_same`, by
    algebra alone: what it calls the same is forbidden, so a wrong answer forbids more, never less)."""

    def _circular(self, claim):
        """The identities that state the claim, and every identity proved from one of them."""
        plain, defined = expand(claim.lhs - claim.rhs, power_exp=False), \
            expand(deltas_defined(claim.lhs - claim.rhs), power_exp=False)
        forms = [(False, plain), (True, defined)]
        try:                        # and with its sums and Kronecker deltas collapsed (sum_k [k=j] dC/db^l_k)
            forms.append((True, Canon(self.network, Facts(claim.domain), definitions=False).normal(defined)))
        except (RecursionError, MemoryError):
            raise
        except Exception:           # noqa: BLE001  a claim the algebra cannot write: compared as written
            pass
        out = set()
        for name, (lemma, _) in self.proved.items():
            unfolded_lemma = unfolded(lemma)
            if name == claim.name or any(self._restates(unfolded_lemma if by else lemma, d, claim.domain)
                                         for by, d in forms):
                out.add(name)
        grown = True
        while grown:
            more = {name for name, (_, cited) in self.proved.items() if set(cited) & out} - out
            out |= more
            grown = bool(more)
        return out

    def _restates(self, lemma, difference, domain):
        """The claim (lhs - rhs, expanded) is the lemma at a renaming of its indices, up to a nonzero factor
        on both sides and terms moved across (2 dC/dw = 2 a delta, n_l dC/db = n_l delta, e^(b^l_j) dC/db =
        e^(b^l_j) delta, dC/dw - a delta = 0): free of the network's quantities, or 0 at no value of them
        (`_nowhere_zero`; y_1 dC/db = y_1 delta is an identity of its own, which BP3 proves); the caller also asks
        it with delta written by its definition (dC/db = dC/dz is BP3) and with the claim's sums collapsed."""
        for sub in preorder_traversal(difference):
            mapping = match(lemma, sub)
            if mapping is None or not _renaming(mapping.values()):
                continue
            factor = difference.coeff(sub)
            if factor != 0 and (not factor.has(Indexed, Partial, C, C0) or _nowhere_zero(factor)) and \
                    self._same(difference, factor * (lemma.lhs - lemma.rhs).xreplace(mapping), domain, veto=False):
                return True
        return False


def _nowhere_zero(factor):
    """factor is 0 at no real value of the quantities and derivatives in it, as sympy's assumptions show once each
    is a real symbol: e^(b^l_j), 1 + (a^l_j)^2; not y_1, nor sigma(z^l_j) of a generic sigma."""
    reals = {q: Dummy(real=True) for q in factor.atoms(Indexed, Partial) | (factor.free_symbols & {C, C0})}
    return factor.xreplace(reals).is_zero is False


def _renaming(values):
    """The values give each free index of an identity its own index, shifted or not (l -> l - 1,
    j -> k): the claim is the identity restated, not an instance of it (such as l -> L, j -> 1)."""
    symbols = [next(iter(v.free_symbols - SIZES), None) if len(v.free_symbols) == 1 else None for v in values]
    return all(s is not None and (v - s).is_Integer for s, v in zip(symbols, values)) and \
        len(set(symbols)) == len(symbols)
