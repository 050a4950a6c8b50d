"""Anchored convex-combination GAN for tabular oversampling (prototype, issue 21).

Works on *encoded numeric rows* (scaled numbers and one-hot blocks). For the class
to oversample:

1. Anchors.  Every row of the class gets a draw weight from its proximity to the
   other classes (ProWSyn-like levels): rows are ranked by the distance to their
   nearest other-class row, cut into ``levels`` equal groups, and group ``l``
   (0 = nearest) gets weight ``exp(-theta * l)``.
2. Neighbourhood.  Each anchor's ``k`` nearest in-class rows plus itself.
3. Generator.  Convex weights over the neighbourhood:
   ``w = softmax(log Dirichlet(alpha) + bound * tanh(f(x_j - x_a, x_a, z)))``.
   With the adjustment ``f`` at zero this is a plain random convex combination
   (an untrained ablation); the adversarial fit learns a *bounded* tilt of the
   weights, so a row is never an exact copy of a real row and never leaves the
   neighbourhood's convex hull.  One-hot blocks take one neighbour's category with
   probability equal to its weight (straight-through during training).
4. Discriminator.  An MLP that tells real rows of the class from generated ones;
   with ``other_as_fake`` it also sees other-class rows near the anchors labelled
   fake (ConvGeN-style), which pushes rows away from the overlap.

Everything is seeded from one integer; deterministic on CPU. Numbers are combined in
float64 (a float32 copy of a class-constant column lets trees separate synthetic rows).

The measured default is ``DEFAULT_CONFIG`` (bottom of the file): ProWSyn levels
(``levels_mode="prowsyn"``), a partner drawn among the other rows of the anchor's level
(``nbr_mode="level"``, ``pair=True``, ``no_self=True``), weights ``u/sum(u)``
(``tdist="ratio"``), hard one-hot picks, and ``steps=0`` -- no adversarial updates,
because every adversarial variant measured lowered downstream balanced accuracy
(README.md, docs/tuning.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.neighbors import NearestNeighbors
from torch import nn


@dataclass
class ConvexGANConfig:
    k: int = 5  # in-class neighbours per anchor
    levels: int = 5  # proximity levels (ProWSyn L)
    theta: float = 1.0  # level decay (0 = uniform anchors)
    alpha: float = 1.0  # Dirichlet concentration of the base weights
    bound: float = 1.5  # max |logit tilt| the generator may add
    steps: int = 300  # adversarial updates (0 = untrained ablation)
    batch: int = 64
    hidden: int = 64
    z_dim: int = 8
    lr: float = 2e-3
    other_as_fake: bool = False
    pair: bool = False  # SMOTE-like: anchor + one neighbour only (k+1 -> 2 active)
    n_other: int = 3  # other-class rows per anchor shown to D when other_as_fake
    # "quantile" (distance rank) | "prowsyn" (iterative other-class kNN)
    levels_mode: str = "quantile"
    # "knn" (k nearest in class) | "level" (k random rows of the anchor's level)
    nbr_mode: str = "knn"
    # with nbr_mode="level": share of draws that use the knn neighbourhood
    mix_knn: float = 0.0
    # keep one-hot blocks as the convex mixture (as smote-variants do)
    soft_cat: bool = False
    # max learned residual on numeric columns, in class std units (0 = none)
    residual: float = 0.0
    clip: bool = True  # keep numeric values inside the class's observed range
    no_self: bool = False  # level partners never the anchor itself (no exact copies)
    # D sees real rows drawn with the anchors' proximity weights
    real_weighted: bool = False
    # base convex weights: "dirichlet" (alpha) | "ratio" (u/sum u, peaks mid-segment)
    tdist: str = "dirichlet"
    # round 2: redraw a level partner whose row equals the anchor's (duplicated rows)
    distinct_partner: bool = False
    # round 2: with pair=True, the segment position may reach this far past either end
    extrapolate: float = 0.0


class WeightNet(nn.Module):
    """Scores each neighbourhood member from (x_j - x_a, x_a, z)."""

    def __init__(self, d: int, hidden: int, z_dim: int) -> None:
        super().__init__()
        self.z_dim = z_dim
        self.net = nn.Sequential(
            nn.Linear(2 * d + z_dim, hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Linear(hidden, 1),
        )
        nn.init.zeros_(self.net[-1].weight)
        nn.init.zeros_(self.net[-1].bias)

    def forward(self, nbrs: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        # nbrs: (B, m, d), member 0 is the anchor
        anchor = nbrs[:, :1, :].expand_as(nbrs)
        zz = z[:, None, :].expand(-1, nbrs.shape[1], -1)
        return self.net(torch.cat([nbrs - anchor, anchor, zz], dim=-1)).squeeze(-1)


class ResidualNet(nn.Module):
    """Bounded residual for the numeric columns of an interpolated row."""

    def __init__(self, d: int, hidden: int, z_dim: int) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d + z_dim, hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Linear(hidden, d),
        )
        nn.init.zeros_(self.net[-1].weight)
        nn.init.zeros_(self.net[-1].bias)

    def forward(self, row: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.net(torch.cat([row, z], dim=1)))


def _discriminator(d: int, hidden: int) -> nn.Module:
    return nn.Sequential(
        nn.Linear(d, hidden),
        nn.LeakyReLU(0.2),
        nn.Linear(hidden, hidden),
        nn.LeakyReLU(0.2),
        nn.Linear(hidden, 1),
    )


def proximity_weights(
    Xc: np.ndarray, Xo: np.ndarray, levels: int, theta: float
) -> np.ndarray:
    """Draw weight per class row from its distance to the nearest other-class row."""
    n = len(Xc)
    if theta == 0 or len(Xo) == 0 or n < 2:
        return np.full(n, 1.0 / n)
    dist = NearestNeighbors(n_neighbors=1).fit(Xo).kneighbors(Xc)[0][:, 0]
    order = np.argsort(dist, kind="stable")
    level = np.empty(n, dtype=float)
    level[order] = np.floor(np.arange(n) * levels / n)
    w = np.exp(-theta * level)
    return w / w.sum()


def prowsyn_levels(
    Xc: np.ndarray, Xo: np.ndarray, levels: int, theta: float, k: int = 5
):
    """ProWSyn proximity levels: level 0 = the class rows among the k nearest class rows
    of any other-class row; remove them and repeat. Returns (level per row, draw weight
    per row); each level gets total weight exp(-theta * l), shared by its rows."""
    n = len(Xc)
    level = np.full(n, levels - 1, dtype=int)
    remaining = np.arange(n)
    if len(Xo) and n > 1:
        for li in range(levels - 1):
            if len(remaining) == 0:
                break
            kk = min(len(remaining), k)
            hit = np.unique(
                NearestNeighbors(n_neighbors=kk)
                .fit(Xc[remaining])
                .kneighbors(Xo)[1]
                .ravel()
            )
            level[remaining[hit]] = li
            remaining = np.delete(remaining, hit)
    sizes = np.bincount(level, minlength=levels).astype(float)
    lw = np.exp(-theta * np.arange(levels)) * (sizes > 0)
    lw = lw / lw.sum()
    w = lw[level] / sizes[level]
    return level, w / w.sum()


class ConvexGAN:
    """Fit on encoded rows of one class; ``sample(n, seed)`` draws new rows."""

    def __init__(self, config: ConvexGANConfig | None = None) -> None:
        self.config = config or DEFAULT_CONFIG

    # ---------------------------------------------------------------- helpers
    def _weights(self, idx: torch.Tensor, gen: torch.Generator, *, train: bool):
        c = self.config
        nbrs = self.Xc_t[self._members(idx, gen)]  # (B, m, d)
        B, m, _ = nbrs.shape
        # Dirichlet via gamma with an explicit generator (deterministic)
        u = torch.rand((B, m), generator=gen).clamp_min(1e-6)
        if (
            c.tdist == "ratio"
        ):  # w_i = u_i / sum(u), u ~ U(0,1) (smote-variants' simplex draw)
            g = u
        else:
            g = (
                -torch.log(u)
                if c.alpha == 1.0
                else torch.from_numpy(
                    self._np_rng(gen).gamma(c.alpha, size=(B, m))
                ).float()
            )
        logb = torch.log(g.clamp_min(1e-12))
        if c.pair:  # anchor + one random neighbour, like SMOTE's segment
            pick = (
                torch.randint(1, m, (B,), generator=gen)
                if m > 1
                else torch.zeros(B, dtype=torch.long)
            )
            mask = torch.full((B, m), -1e9)
            mask[:, 0] = 0.0
            mask[torch.arange(B), pick] = 0.0
            logb = logb + mask
        z = torch.randn((B, c.z_dim), generator=gen)
        tilt = (
            c.bound * torch.tanh(self.G(nbrs.float(), z)).double()
            if c.steps > 0
            else 0.0
        )
        w = torch.softmax(logb.double() + tilt, dim=1)  # (B, m)
        return nbrs, w

    def _numeric_weights(self, w: torch.Tensor) -> torch.Tensor:
        """The segment position of the numbers, stretched by ``extrapolate`` past each
        end (pair mode); categories keep the unstretched, non-negative weights."""
        e = self.config.extrapolate
        if e <= 0 or not self.config.pair:
            return w
        active = (w > 1e-12).double()
        return w * (1 + 2 * e) - e * active

    def _refine(self, rows: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        c = self.config
        if c.residual > 0 and c.steps > 0:
            z = torch.randn((rows.shape[0], c.z_dim), generator=gen)
            rows = rows + c.residual * self.scale_t * self.R(rows.float(), z).double()
        if c.clip:
            rows = torch.maximum(torch.minimum(rows, self.hi_t), self.lo_t)
        return rows

    def _members(self, idx: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        if self.config.nbr_mode == "knn":
            return self.nbr_idx_t[idx]
        m = self.nbr_idx_t.shape[1]
        start, size = self.lv_start_t[idx], self.lv_size_t[idx]
        r = torch.rand((len(idx), m - 1), generator=gen)
        if self.config.no_self:
            # draw among the level's other rows (skip the anchor's own slot); a level
            # of one row borrows the anchor's knn neighbours instead
            own = self.lv_pos_t[idx][:, None]
            span = (size[:, None] - 1).clamp_min(1)
            off = (r * span).long().clamp_max(span - 1)
            pos = start[:, None] + off
            pos = pos + (pos >= own).long()
            members = torch.cat(
                [
                    idx[:, None],
                    self.lv_order_t[pos.clamp_max(len(self.lv_order_t) - 1)],
                ],
                dim=1,
            )
            single = (size == 1)[:, None]
            members = torch.where(single, self.nbr_idx_t[idx], members)
            if self.config.distinct_partner:
                members = self._redraw_identical(members, start, span, own, single, gen)
        else:
            pos = start[:, None] + (r * size[:, None]).long().clamp_max(
                size[:, None] - 1
            )
            members = torch.cat([idx[:, None], self.lv_order_t[pos]], dim=1)
        if self.config.mix_knn > 0:
            use_knn = torch.rand(len(idx), generator=gen) < self.config.mix_knn
            members = torch.where(use_knn[:, None], self.nbr_idx_t[idx], members)
        return members

    def _redraw_identical(
        self, members, start, span, own, single, gen, rounds: int = 10
    ):
        """Redraw level partners equal to their anchor (duplicated rows); after
        ``rounds`` tries, fall back to the anchor's nearest distinct in-class row.
        Anchors alone in their level (``single``) go straight to the fallback."""
        anchors = self.Xc_t[members[:, 0]]
        for j in range(1, members.shape[1]):
            for _ in range(rounds):
                same = (self.Xc_t[members[:, j]] == anchors).all(1) & ~single[:, 0]
                if not bool(same.any()):
                    break
                r = torch.rand((int(same.sum()), 1), generator=gen)
                off = (r * span[same]).long().clamp_max(span[same] - 1)
                pos = start[same][:, None] + off
                pos = pos + (pos >= own[same]).long()
                members[same, j] = self.lv_order_t[
                    pos.clamp_max(len(self.lv_order_t) - 1)
                ][:, 0]
            same = (self.Xc_t[members[:, j]] == anchors).all(1)
            for i in torch.nonzero(same).ravel().tolist():
                d = ((self.Xc_t - anchors[i]) ** 2).sum(1)
                d[d == 0] = float("inf")
                if bool(torch.isfinite(d).any()):
                    members[i, j] = int(torch.argmin(d))
        return members

    @staticmethod
    def _np_rng(gen: torch.Generator) -> np.random.Generator:
        return np.random.default_rng(
            int(torch.randint(0, 2**31 - 1, (1,), generator=gen))
        )

    def _combine(
        self, nbrs: torch.Tensor, w: torch.Tensor, gen: torch.Generator, hard: bool
    ):
        rows = torch.einsum("bm,bmd->bd", self._numeric_weights(w), nbrs)
        if not self.blocks or self.config.soft_cat:
            return rows
        B = w.shape[0]
        out = rows.clone()
        for a, b in self.blocks:
            # each block draws its own neighbour
            pk = torch.multinomial(
                w.detach(), 1, replacement=True, generator=gen
            ).squeeze(1)
            hard_blk = nbrs[torch.arange(B), pk, a:b]
            soft_blk = rows[:, a:b]
            out[:, a:b] = hard_blk + (soft_blk - soft_blk.detach())
        return out

    # ---------------------------------------------------------------- API
    def fit(self, X: np.ndarray, y: np.ndarray, cls, *, blocks=(), seed: int = 0):
        """X: encoded numeric rows (n, d); y: labels; cls: the class to oversample;
        blocks: list of (start, end) one-hot column ranges."""
        t0 = time.perf_counter()
        c = self.config
        torch.manual_seed(seed)
        self.gen_ = torch.Generator().manual_seed(seed)
        X = np.asarray(
            X, dtype=np.float64
        )  # rows are combined in float64: a float32 copy of a
        # constant column differs from the real value and trees split on the difference
        Xc, Xo = X[y == cls], X[y != cls]
        self.blocks = list(blocks)
        n, d = Xc.shape
        k = max(0, min(c.k, n - 1))
        if k > 0:
            nbr = NearestNeighbors(n_neighbors=k + 1).fit(Xc).kneighbors(Xc)[1]
            # make sure member 0 is the row itself (duplicates may reorder)
            nbr[:, 0] = np.arange(n)
        else:
            nbr = np.arange(n)[:, None]
        self.Xc_t = torch.from_numpy(Xc)
        self.nbr_idx_t = torch.from_numpy(nbr.astype(np.int64))
        if c.levels_mode == "prowsyn":
            level, p = prowsyn_levels(Xc, Xo, c.levels, c.theta)
        else:
            p = proximity_weights(Xc, Xo, c.levels, c.theta)
            level = np.zeros(n, dtype=int)
        if c.nbr_mode == "level":
            order = np.argsort(level, kind="stable")
            sizes = np.bincount(level)
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            self.lv_order_t = torch.from_numpy(order.astype(np.int64))
            self.lv_start_t = torch.from_numpy(starts[level].astype(np.int64))
            self.lv_size_t = torch.from_numpy(sizes[level].astype(np.int64))
            inv = np.empty(n, dtype=np.int64)
            inv[order] = np.arange(n)
            self.lv_pos_t = torch.from_numpy(inv)
        self.p_t = torch.from_numpy(p).float()
        self.G = WeightNet(d, c.hidden, c.z_dim)
        self.R = ResidualNet(d, c.hidden, c.z_dim)
        numeric = np.ones(d, dtype=bool)
        for a, b in self.blocks:
            numeric[a:b] = False
        self.scale_t = torch.from_numpy((Xc.std(0) * numeric).astype(np.float64))
        lo, hi = Xc.min(0), Xc.max(0)
        lo[~numeric], hi[~numeric] = -np.inf, np.inf
        self.lo_t, self.hi_t = torch.from_numpy(lo), torch.from_numpy(hi)
        self.history_ = []
        if c.steps > 0 and k > 0:
            D = _discriminator(d, c.hidden)
            optG = torch.optim.Adam(
                list(self.G.parameters()) + list(self.R.parameters()),
                lr=c.lr,
                betas=(0.5, 0.9),
                foreach=True,
            )
            optD = torch.optim.Adam(
                D.parameters(), lr=c.lr, betas=(0.5, 0.9), foreach=True
            )
            bce = nn.BCEWithLogitsLoss()
            Xo_t = torch.from_numpy(Xo)
            if c.other_as_fake and len(Xo):
                m = min(c.n_other, len(Xo))
                near_o = NearestNeighbors(n_neighbors=m).fit(Xo).kneighbors(Xc)[1]
                self.near_o_t = torch.from_numpy(near_o.astype(np.int64))
            B = c.batch
            ones, zeros = torch.ones(B, 1), torch.zeros(B, 1)
            for _step in range(c.steps):
                idx = torch.multinomial(
                    self.p_t, B, replacement=True, generator=self.gen_
                )
                nbrs, w = self._weights(idx, self.gen_, train=True)
                fake = self._refine(
                    self._combine(nbrs, w, self.gen_, hard=True), self.gen_
                )
                if (
                    c.real_weighted
                ):  # D's real rows drawn like the anchors (boundary-weighted)
                    real = self.Xc_t[
                        torch.multinomial(
                            self.p_t, B, replacement=True, generator=self.gen_
                        )
                    ]
                else:
                    real = self.Xc_t[torch.randint(0, n, (B,), generator=self.gen_)]
                # D step
                d_real, d_fake = D(real.float()), D(fake.detach().float())
                lossD = bce(d_real, ones) + bce(d_fake, zeros)
                if c.other_as_fake and len(Xo):
                    oth = Xo_t[
                        self.near_o_t[
                            idx,
                            torch.randint(
                                0, self.near_o_t.shape[1], (B,), generator=self.gen_
                            ),
                        ]
                    ]
                    lossD = lossD + bce(D(oth.float()), zeros)
                optD.zero_grad(set_to_none=True)
                lossD.backward()
                optD.step()
                # G step
                lossG = bce(D(fake.float()), ones)
                optG.zero_grad(set_to_none=True)
                lossG.backward()
                optG.step()
            self.history_.append((float(lossD), float(lossG)))
        self.G.eval()
        self.R.eval()
        self.fit_seconds_ = time.perf_counter() - t0
        return self

    @torch.no_grad()
    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        gen = torch.Generator().manual_seed(seed + 1)
        if n <= 0:
            return np.empty((0, self.Xc_t.shape[1]), dtype=np.float64)
        idx = torch.multinomial(self.p_t, n, replacement=True, generator=gen)
        nbrs, w = self._weights(idx, gen, train=False)
        return self._refine(self._combine(nbrs, w, gen, hard=True), gen).numpy()


def oversample(X, y, cls, n, *, blocks=(), seed=0, config=None):
    """Fit on (X, y) and return ``n`` new rows of class ``cls`` (encoded space)."""
    model = ConvexGAN(config).fit(X, y, cls, blocks=blocks, seed=seed)
    return model.sample(n, seed=seed), model


#: The measured default ("pw1" in the tables): ProWSyn proximity levels for the anchors,
#: a partner drawn among the other rows of the anchor's level, smote-variants' u/sum(u)
#: weights on the segment, no adversarial steps (every adversarial variant measured
#: lowered balanced accuracy; see README.md). Set steps > 0 to train the weight tilt.
DEFAULT_CONFIG = ConvexGANConfig(
    levels_mode="prowsyn",
    nbr_mode="level",
    pair=True,
    no_self=True,
    tdist="ratio",
    steps=0,
)
