"""A sphinx-gallery image scraper for figures built outside pyplot.

``gan_augment.plotting`` builds ``matplotlib.figure.Figure`` objects directly
(a library never touches the user's pyplot state or backend), so
sphinx-gallery's matplotlib scraper, which reads pyplot's figure list, does
not see them. This scraper saves every such figure an example holds in a
variable, once, after the block that made it.
"""

from __future__ import annotations

from pathlib import PurePosixPath


def detached_figures(block, block_vars, gallery_conf) -> str:
    """Save the new pyplot-free figures held by the example's variables.

    Parameters
    ----------
    block, block_vars, gallery_conf
        What sphinx-gallery passes to an image scraper.

    Returns
    -------
    str
        The reST of the saved images (empty when there are none).
    """
    from matplotlib.figure import Figure
    from sphinx_gallery.scrapers import figure_rst

    seen = block_vars.setdefault("detached_figures_seen", set())
    figures = [
        value
        for value in block_vars["example_globals"].values()
        if isinstance(value, Figure)
        and value.canvas.manager is None  # pyplot's figures have a manager
        and id(value) not in seen
    ]
    paths = []
    for figure, path in zip(figures, block_vars["image_path_iterator"], strict=False):
        figure.savefig(PurePosixPath(path))
        seen.add(id(figure))
        paths.append(path)
    return figure_rst(paths, gallery_conf["src_dir"]) if paths else ""
