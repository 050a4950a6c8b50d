"""The benchmark harness of gan-augment: not part of the installed package.

Run from the repository root (``make bench`` and ``make bench-scale`` do)::

    python -m benchmarks.benchmark --suite dev --out docs/benchmarks.md
    python -m benchmarks.benchmark_images --out docs/benchmarks_images.md
    python -m benchmarks.benchmark_scale --out docs/benchmarks_scale.md
    python -m benchmarks.gpu_smoke            # on a machine with a CUDA GPU

Folds are scored with the library's own protocol
(``gan_augment.metrics._scoring``) and the augmenters and classifiers are the
kinds of ``gan_augment.pipeline``'s registry, so a number here and a gain
logged by ``gan_augment.metrics.augmentation_gain`` mean the same thing. The
package never imports this folder; CTGAN, a baseline only the benchmark
needs, lives here (``ctgan_sampler``) and is registered by ``benchmark``.
"""
