"""Drawing synthetic rows from fitted generators: draw, decode, screen, fill.

Per class, a fitted augmenter keeps what sampling needs besides the
generator (:class:`SamplingState`): the class's observed range, its allowed
categories, hashes of its training rows, its rare values, the marginal map
and the optional neighbour filter and privacy guard. :class:`Sampler` draws
rows class by class: raw generator output (categories sampled among the
class's own), the marginal map, decoding, then screening out exact copies of
training rows, rows inside another class (``filter_synthetic``) and rows too
close to a training row (``min_distance``), drawing again until enough pass.

Every random number comes from a stream seeded per class and call, consumed
in a fixed order, so a seed gives the same rows on every machine's CPU, and
after saving and loading. See the architecture page
(``docs/architecture.md``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import torch
from sklearn.utils import check_random_state

from ._calibration import REFERENCE_ROWS, MarginalMap, fit_marginal_map
from ._filtering import NeighbourFilter, row_hashes
from ._labels import plain_label

logger = logging.getLogger(__name__)

_CHUNK_ROWS = 8_192  # cache-sized blocks: 2x faster than 64k-row blocks
_MAX_SAMPLING_ROUNDS = 20
_TRUNCATION_ROUNDS = 64
_INT32_MAX = np.iinfo(np.int32).max


@dataclass
class SamplingState:
    """What sampling a class needs besides its generator, per class.

    Attributes
    ----------
    class_ranges : dict
        ``{class: (lower, upper)}`` of the continuous columns.
    category_masks : dict
        ``{class: bool array}``: the encoded columns the class's real rows use
        (its categories).
    training_hashes : dict
        ``{class: uint64 array}``: hashes of the class's training rows.
    rare_values : dict
        ``{class: {column: (values, probabilities)}}`` of grouped categories.
    marginal_maps : dict
        ``{class: MarginalMap}`` (``match_marginals``).
    filter : NeighbourFilter or None
        ``filter_synthetic``'s reference rows.
    privacy_guard : NeighbourFilter or None
        ``min_distance``'s reference rows.
    """

    class_ranges: dict
    category_masks: dict
    training_hashes: dict
    rare_values: dict
    marginal_maps: dict
    filter: NeighbourFilter | None
    privacy_guard: NeighbourFilter | None


def fit_sampling_state(
    frame: pd.DataFrame,
    encoded: np.ndarray,
    y_idx: np.ndarray,
    classes: np.ndarray,
    encoder: Any,
    generators: Mapping,
    *,
    image: bool,
    seed: int,
    truncation: float | None,
    match_marginals: str | None,
    filter_neighbors: int | None,
    guard: bool,
) -> SamplingState:
    """Measure each class's sampling state on its training rows.

    Parameters
    ----------
    frame : DataFrame
        The real rows.
    encoded : ndarray
        ``frame`` encoded.
    y_idx : ndarray of int
        Class index of each row.
    classes : ndarray
    encoder : TabularEncoder or ImageEncoder
    generators : mapping
        ``{class: generator}`` for the classes that can be sampled.
    image : bool
        Whether the generators make images (no marginal map for them).
    seed : int
        The fit's sampling seed (reference draws, filter subsampling).
    truncation : float or None
    match_marginals : {"continuous", "all"} or None
    filter_neighbors : int or None
        Neighbours the filter looks at; None: no filter.
    guard : bool
        Whether to keep the privacy guard's reference rows.

    Returns
    -------
    SamplingState
    """
    per_class = [(k, cls, y_idx == k) for k, cls in enumerate(classes)]
    category_masks = {cls: encoded[rows].max(axis=0) > 0 for _, cls, rows in per_class}
    marginal_maps = {}
    if match_marginals is not None and not image:
        marginal_maps = _marginal_maps(
            generators,
            encoder,
            category_masks,
            encoded,
            y_idx,
            classes,
            seed=seed,
            truncation=truncation,
            categories=match_marginals == "all",
        )
    return SamplingState(
        class_ranges={
            cls: encoder.continuous_bounds(frame[rows]) for _, cls, rows in per_class
        },
        category_masks=category_masks,
        training_hashes={cls: row_hashes(frame[rows]) for _, cls, rows in per_class},
        rare_values={
            cls: _rare_values(encoder, frame[rows]) for _, cls, rows in per_class
        },
        marginal_maps=marginal_maps,
        filter=(
            None
            if filter_neighbors is None
            else NeighbourFilter(
                n_neighbors=filter_neighbors, random_state=int(seed)
            ).fit(encoded, y_idx)
        ),
        privacy_guard=(
            NeighbourFilter(n_neighbors=1).fit_reference(encoded, y_idx)
            if guard
            else None
        ),
    )


@dataclass
class Sampler:
    """Draws synthetic rows of a fitted augmenter, class by class.

    Attributes
    ----------
    classes : ndarray
    encoder : TabularEncoder or ImageEncoder
    generators : mapping
        ``{class: generator}``; a class without one cannot be sampled.
    image : bool
        Whether the generators make images (as their model kind says).
    state : SamplingState
    truncation : float or None
        Of the noise (``truncation``).
    min_distance : float or None
        Of the privacy guard.
    """

    classes: np.ndarray
    encoder: Any
    generators: Mapping
    image: bool
    state: SamplingState
    truncation: float | None = None
    min_distance: float | None = None

    def check_generators(self, counts: Mapping) -> None:
        """Refuse counts for classes that have no generator."""
        missing = [c for c, n in counts.items() if n > 0 and c not in self.generators]
        if missing:
            raise ValueError(
                f"No generator for classes {[plain_label(c) for c in missing]}: with "
                "conditioning='per_class' only the classes that sampling_strategy "
                "adds rows to get one (the majority gets none under 'all'). Fit "
                "with conditioning='joint' (the default: one GAN samples every "
                "class), or with a sampling_strategy dict that adds rows to them."
            )

    def generate(self, counts: Mapping, base: int) -> tuple[pd.DataFrame, np.ndarray]:
        """``counts[class]`` rows of each class, in class order, and their labels.

        The caller checks the counts first (:meth:`check_generators`).

        Parameters
        ----------
        counts : mapping
            ``{class: number of rows}``.
        base : int
            The call's seed; each class draws from a stream derived from it.

        Returns
        -------
        rows : DataFrame
        labels : ndarray
        """
        frames, labels = [], []
        for k, cls in enumerate(self.classes):
            n = counts.get(cls, 0)
            if n == 0:
                continue
            frames.append(self.sample_class(k, n, _stream_seed(base, k)))
            labels.append(np.full(n, cls, dtype=self.classes.dtype))
        if not frames:
            empty = self.encoder.decode(np.zeros((0, self.encoder.n_features_out_)))
            return empty, np.empty(0, dtype=self.classes.dtype)
        return pd.concat(frames, ignore_index=True), np.concatenate(labels)

    def chunks(
        self, counts: Mapping, base: int, chunk_size: int
    ) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
        """As :meth:`generate`, ``chunk_size`` rows at a time, one stream each."""
        for k, cls in enumerate(self.classes):
            total = counts.get(cls, 0)
            for index, start in enumerate(range(0, total, chunk_size)):
                n = min(chunk_size, total - start)
                frame = self.sample_class(k, n, _stream_seed(base, k, index + 1))
                yield frame, np.full(n, cls, dtype=self.classes.dtype)

    def sample_class(self, k: int, n: int, seed: int) -> pd.DataFrame:
        """``n`` screened rows of the class at index ``k``, from stream ``seed``."""
        cls = self.classes[k]
        state = self.state
        generator = self.generators[cls]
        torch_rng = torch.Generator().manual_seed(seed)
        label = _generator_label(generator, k)
        lower, upper = state.class_ranges[cls]
        # A copy: arrays from Ray's object store are read-only.
        mask = torch.tensor(state.category_masks[cls])
        checks_copies = bool(_float_columns(self.encoder))
        rare_rng = np.random.default_rng(
            int(torch.randint(_INT32_MAX, (1,), generator=torch_rng))
        )
        rare = state.rare_values.get(cls, {})

        def rare_sampler(column, size):
            values, probabilities = rare[column]
            return values[rare_rng.choice(len(values), size=size, p=probabilities)]

        screened = state.filter is not None or state.privacy_guard is not None
        tally = _ScreenTally()
        kept, have, copies = [], 0, []
        for _ in range(_MAX_SAMPLING_ROUNDS):
            want = n - have
            # Draw a little more than needed when rows may be rejected.
            size = math.ceil(want * 1.25) + 8 if screened else want
            raw = draw(
                generator,
                size,
                label,
                torch_rng,
                spans=None if self.image else _spans(self.encoder),
                mask=mask,
                truncation=self.truncation,
            )
            if cls in state.marginal_maps:
                raw = state.marginal_maps[cls].apply(raw)
            rows = self.encoder.decode(raw, lower, upper, rare_sampler)
            new = np.ones(len(rows), dtype=bool)
            if checks_copies:
                new = ~np.isin(row_hashes(rows), state.training_hashes[cls])
            passes = self._screen(rows, k, tally)
            good = rows[new & passes].iloc[:want]
            kept.append(good)
            # Copies that pass the screens are the only rows a fill may move.
            copies.append(rows[~new & passes])
            tally.drawn += len(rows)
            have += len(good)
            if have >= n:
                break
        if have < n:
            kept.append(self._fill_copies(k, pd.concat(copies), n - have, torch_rng))
            if sum(map(len, kept)) < n:
                raise self._shortfall_error(cls, n, sum(map(len, kept)), tally)
        return pd.concat(kept, ignore_index=True)

    def _screen(
        self, rows: pd.DataFrame, k: int, tally: _ScreenTally | None = None
    ) -> np.ndarray:
        """Which ``rows`` of class ``k`` pass ``filter_synthetic`` and ``min_distance``.

        ``tally`` (when given) counts what each screen let through, for the
        message of :meth:`_shortfall_error`.
        """
        state = self.state
        ok = np.ones(len(rows), dtype=bool)
        if state.filter is None and state.privacy_guard is None:
            return ok
        encoded = self.encoder.encode(rows)
        if state.filter is not None:
            accepted = state.filter.accepts(encoded, k)
            ok &= accepted
            if tally is not None:
                tally.filter_passed += int(accepted.sum())
        if state.privacy_guard is not None:
            distances = state.privacy_guard.distances(encoded)
            ok &= distances >= self.min_distance
            if tally is not None:
                tally.distances.append(distances)
        return ok

    def _fill_copies(self, k: int, pool: pd.DataFrame, n: int, rng) -> pd.DataFrame:
        """Up to ``n`` rows from copies that passed the screens, moved off the copy.

        Only exact copies of training rows are rescued: a row that a screen
        rejected is never returned. Copies (e.g. of an all-zero row in
        zero-inflated data) are moved by a jitter of at most 0.1% of the
        class's range in each float column, then screened again.
        """
        if n == 0 or len(pool) == 0:
            return pool.iloc[:0]
        cls = self.classes[k]
        logger.warning(
            "Only exact copies of training rows were left for %d of the "
            "synthetic rows of class %r after %d rounds; they are moved off the "
            "training rows by a jitter of at most 0.1%% of the class's range.",
            min(n, len(pool)),
            plain_label(cls),
            _MAX_SAMPLING_ROUNDS,
        )
        filled = self._fill(cls, pool, n, rng)
        return filled[self._screen(filled, k)]

    def _shortfall_error(
        self, cls, n: int, have: int, tally: _ScreenTally
    ) -> ValueError:
        """The error for a class whose screens passed too few of its drawn rows."""
        label = plain_label(cls)
        reasons, fixes = [], []
        if self.state.privacy_guard is not None:
            distances = np.concatenate(tally.distances)
            passed = float(np.mean(distances >= self.min_distance))
            reasons.append(
                f"min_distance={self.min_distance:g} passed {passed:.1%} of the "
                f"{tally.drawn:,} rows drawn (their distance to the nearest "
                f"training row: median {np.median(distances):.3g}, 90th "
                f"percentile {np.quantile(distances, 0.9):.3g})"
            )
            fixes.append(
                "a smaller min_distance (half the drawn rows pass at "
                f"{np.median(distances):.3g})"
            )
        if self.state.filter is not None:
            passed = tally.filter_passed / max(tally.drawn, 1)
            reasons.append(
                f"filter_synthetic passed {passed:.1%} of the {tally.drawn:,} rows "
                f"drawn (a row passes when one of its "
                f"{self.state.filter.n_neighbors} nearest real rows is of its class)"
            )
            fixes.append("filter_synthetic=False")
        if not reasons:
            reasons.append(
                f"{tally.drawn:,} rows were drawn, and too many were exact copies "
                "of training rows"
            )
        fixes += ["more training (a larger n_steps)", "fewer rows for this class"]
        return ValueError(
            f"Could not generate {n} rows for class {label!r} that pass the "
            f"screens: {have} passed in {_MAX_SAMPLING_ROUNDS} rounds; "
            + "; ".join(reasons)
            + ". Rows that fail a screen are never returned. Use "
            + ", or ".join(fixes)
            + "."
        )

    def _fill(self, cls, pool: pd.DataFrame, n: int, rng) -> pd.DataFrame:
        """``n`` rows from exact copies, moved off the training rows.

        Each float column of a copy is moved by a jitter of at most 0.1% of
        the class's range, so the no-copy guarantee holds. A class whose
        float columns each hold one value cannot be moved: that raises.
        """
        pool = pool.reset_index(drop=True)
        floats = _float_columns(self.encoder)
        if not floats:
            return pool.iloc[:n]
        hashes = self.state.training_hashes[cls]
        copies = np.isin(row_hashes(pool), hashes)
        pool = pd.concat([pool[~copies], pool[copies]], ignore_index=True).iloc[:n]
        names = self.encoder.continuous_names_
        lower, upper = self.state.class_ranges[cls]
        for _ in range(_MAX_SAMPLING_ROUNDS):
            copies = np.isin(row_hashes(pool), hashes)
            if not copies.any():
                return pool
            for name in floats:
                j = names.index(name)
                width = upper[j] - lower[j]
                noise = torch.rand(int(copies.sum()), generator=rng).numpy() - 0.5
                values = pool.loc[copies, name].to_numpy(dtype=np.float64)
                values = np.clip(values + noise * 2e-3 * width, lower[j], upper[j])
                pool.loc[copies, name] = values.astype(pool[name].dtype)
        raise ValueError(
            f"Could not generate {n} rows for class {plain_label(cls)!r} that are "
            "not exact copies of training rows: its float columns hold a single "
            "value. Mark them as categorical_features."
        )


@dataclass
class _ScreenTally:
    """What the screens let through over one class's sampling rounds."""

    drawn: int = 0
    filter_passed: int = 0
    distances: list = field(default_factory=list)


def base_seed(random_state: Any, default: int) -> int:
    """The seed of a sampling call: ``default`` (the fit's) for None.

    Examples
    --------
    >>> base_seed(None, 7), base_seed(0, 7) == base_seed(0, 7)
    (7, True)
    """
    if random_state is None:
        return int(default)
    return int(check_random_state(random_state).randint(_INT32_MAX))


def _stream_seed(base: int, *path: int) -> int:
    """The seed of one class's (and chunk's) stream within a call's."""
    return int(np.random.SeedSequence([int(base), *path]).generate_state(1)[0])


def noise(size: int, dim: int, truncation: float | None, rng) -> torch.Tensor:
    """Standard normal noise, redrawn outside ``[-truncation, truncation]``.

    Redrawing ends in a few rounds for the usual truncations (0.5 and up);
    values still outside after ``_TRUNCATION_ROUNDS`` (a tiny truncation keeps
    almost none) are drawn from the truncated normal by its inverse CDF, so
    no truncation can stall sampling.

    Examples
    --------
    >>> import torch
    >>> z = noise(1000, 4, 0.5, torch.Generator().manual_seed(0))
    >>> z.shape, bool(z.abs().max() <= 0.5)
    (torch.Size([1000, 4]), True)
    """
    z = torch.randn(size, dim, generator=rng)
    if truncation is None:
        return z
    outside = z.abs() > truncation
    for _ in range(_TRUNCATION_ROUNDS):
        if not outside.any():
            return z
        z[outside] = torch.randn(int(outside.sum()), generator=rng)
        outside = z.abs() > truncation
    if outside.any():
        edge = torch.special.ndtr(torch.tensor(-float(truncation), dtype=torch.float64))
        u = torch.rand(int(outside.sum()), generator=rng, dtype=torch.float64)
        inside = torch.special.ndtri(edge + u * (1 - 2 * edge))
        z[outside] = inside.clamp(-truncation, truncation).to(z.dtype)
    return z


def draw(
    generator: torch.nn.Module,
    n: int,
    label: int,
    rng: torch.Generator,
    *,
    spans: Sequence[tuple[int, str]] | None,
    mask: torch.Tensor | None = None,
    truncation: float | None = None,
) -> np.ndarray:
    """``n`` raw generator rows of the class ``label``.

    Parameters
    ----------
    generator : torch.nn.Module
    n : int
    label : int
        The generator's label for the class.
    rng : torch.Generator
    spans : sequence of (int, str) or None
        The encoded layout of a table row: its category blocks are sampled
        among the categories ``mask`` allows. None for images, which come
        back as the generator activates them, in [-1, 1].
    mask : torch.Tensor of bool, optional
        Per encoded column, whether the class uses it.
    truncation : float or None

    Returns
    -------
    ndarray of shape (n, width)
    """
    device = next(generator.parameters()).device
    if spans is not None:
        finish = _category_sampler(spans, mask, rng)
    else:

        def finish(raw):
            return generator.activate(raw).cpu()

    chunks = []
    generator.eval()
    with torch.no_grad():
        for start in range(0, n, _CHUNK_ROWS):
            size = min(_CHUNK_ROWS, n - start)
            z = noise(size, generator.noise_dim, truncation, rng).to(device)
            chunks.append(finish(generator.generate(z, label)).numpy())
    return np.concatenate(chunks, axis=0)


def _category_sampler(spans, mask: torch.Tensor, rng) -> Callable:
    """Raw rows -> rows whose category blocks hold a sampled, allowed category."""
    # Which output columns are category logits: the same for every chunk.
    is_cat = torch.zeros(sum(d for d, _ in spans), dtype=torch.bool)
    start_col = 0
    for dim, activation in spans:
        if activation == "softmax":
            is_cat[start_col : start_col + dim] = True
        start_col += dim
    has_categories = bool(is_cat.any())
    blocked = is_cat & ~mask

    def finish(raw: torch.Tensor) -> torch.Tensor:
        raw = raw.cpu()
        if not has_categories:
            return raw
        # Gumbel-max: argmax(logits + Gumbel noise) samples the softmax;
        # categories unseen in the class are masked out.
        u = torch.rand(raw.shape, generator=rng).clamp_(1e-10, 1.0)
        noisy = (raw - torch.log(-torch.log(u))).masked_fill(blocked, -torch.inf)
        return torch.where(is_cat, noisy, raw)

    return finish


def _spans(encoder) -> list[tuple[int, str]]:
    return [(s.dim, s.activation) for s in encoder.output_spans_]


def _generator_label(generator, k: int) -> int:
    """The label to give ``generator`` for class ``k``: a per-class GAN has one."""
    return k if generator.n_classes > 1 else 0


def _marginal_maps(
    generators: Mapping,
    encoder,
    masks: Mapping,
    encoded: np.ndarray,
    y_idx: np.ndarray,
    classes: np.ndarray,
    *,
    seed: int,
    truncation: float | None,
    categories: bool,
) -> dict[object, MarginalMap]:
    """``{class: MarginalMap}`` for each class with a (table) generator.

    The reference draws use their own seeded stream, so they do not shift the
    sampling stream.
    """
    rng = torch.Generator().manual_seed(int(seed))
    spans = _spans(encoder)
    maps = {}
    for k, cls in enumerate(classes):
        generator = generators.get(cls)
        if generator is None:
            continue
        label = _generator_label(generator, k)
        reference = draw(
            generator,
            REFERENCE_ROWS,
            label,
            rng,
            spans=spans,
            mask=torch.as_tensor(masks[cls]),
            truncation=truncation,
        )
        maps[cls] = fit_marginal_map(reference, encoded[y_idx == k], spans, categories)
    return maps


def _float_columns(encoder) -> list:
    """The columns whose values are floats: where an exact copy can be avoided."""
    return [
        c.name for c in encoder.columns_ if c.kind == "continuous" and not c.integer
    ]


def check_new_rows_possible(
    encoder: Any,
    frame: pd.DataFrame,
    y_idx: np.ndarray,
    classes: np.ndarray,
    strategy: Mapping,
) -> None:
    """Refuse to oversample classes whose every possible row is a copy.

    Synthetic rows keep each number inside the class's range and each category
    inside its set. When a class's float columns each hold one value and its
    other columns allow no combination the class lacks, every possible row is
    an exact copy, and the rule that none is cannot be kept.

    Raises
    ------
    ValueError
        Naming those classes and the fix.
    """
    stuck = [
        plain_label(classes[k])
        for k in range(len(classes))
        if strategy.get(classes[k], 0) > 0 and _copies_only(encoder, frame[y_idx == k])
    ]
    if stuck:
        raise ValueError(
            f"Every row the GAN could give for classes {stuck} "
            "is an exact copy of one of their training rows: their float "
            "columns each hold a single value, and the other columns allow no "
            "new combination. Mark those float columns as "
            "categorical_features (copies are then allowed), or leave these "
            "classes out of sampling_strategy."
        )


def _copies_only(encoder, rows: pd.DataFrame) -> bool:
    """Whether every row a class's GAN may give is one of the class's ``rows``."""
    floats = _float_columns(encoder)
    if not floats:
        return False
    values = rows[floats].to_numpy(dtype=np.float64)
    if (values.max(axis=0) > values.min(axis=0)).any():
        return False
    possible = 1
    for c in encoder.columns_:
        if c.kind == "categorical":
            possible *= rows[c.name].nunique()
        elif c.kind == "continuous" and c.integer:
            values = rows[c.name].to_numpy(dtype=np.float64)
            possible *= values.max() - values.min() + 1
    return possible <= len(rows.drop_duplicates())


def _rare_values(encoder, rows: pd.DataFrame) -> dict:
    """Per grouped column: the class's rare values and their frequencies."""
    out = {}
    for info in encoder.columns_:
        if not info.rare:
            continue
        counts = rows[info.name][rows[info.name].isin(info.rare)].value_counts()
        counts = counts[counts > 0]
        if len(counts):
            values = np.empty(len(counts), dtype=object)
            values[:] = counts.index.tolist()
            out[info.name] = (values, (counts / counts.sum()).to_numpy(dtype=float))
    return out
