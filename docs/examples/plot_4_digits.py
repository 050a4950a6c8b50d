"""
Digits: a conditional GAN and albumentations for rare image classes
====================================================================

scikit-learn's 8x8 digits with classes 0-4 cut to 15 images each, while
classes 5-9 keep about 180: five classes are twelve times rarer than the
rest. This example oversamples the rare classes three ways, looks at the
images each one makes, judges the GAN's images with
:func:`~gan_augment.image_metrics.image_quality`, and measures what each does
for a classifier on held-out real images.

Images travel as flat rows (64 pixel values, 0-16), exactly as
``load_digits`` gives them; ``image_shape=(8, 8)`` tells the augmenters how to
fold them back into images.
"""

# %%
# The data
# --------
import albumentations as A
import matplotlib.pyplot as plt
import numpy as np
from imblearn.over_sampling import RandomOverSampler
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from gan_augment import AlbumentationsAugmenter, GANAugmenter
from gan_augment.datasets import load_imbalanced_digits
from gan_augment.image_metrics import image_quality
from gan_augment.plotting import plot_image_grid

X, y = load_imbalanced_digits()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)
print("training images per class:", np.bincount(y_train).tolist())

# %%
# A conditional GAN on the images
# -------------------------------
# One GAN for all ten classes: a class-conditional convolutional generator
# against a projection discriminator, trained on class-balanced batches, so
# the rare classes borrow what strokes look like from the common ones. (800
# generator updates here to keep the page quick; the default is 1,500.) The
# image default, ``model="auto"``, is the deform GAN, which learns deformations
# of the real images; this page shows the conv GAN, which draws new ones.
gan = GANAugmenter(image_shape=(8, 8), model="conv", n_steps=800, random_state=0)
X_gan, y_gan = gan.fit_resample(X_train, y_train)
print("after the GAN:", np.bincount(y_gan).tolist())

synthetic, synthetic_y = X_gan[len(X_train) :], y_gan[len(X_train) :]
fig = plot_image_grid(X_train, y_train, synthetic, synthetic_y, (8, 8))
fig.suptitle("real (left) and GAN (right) images of the rare classes")
plt.show()

# %%
# Are they good images?
# ---------------------
# A judge (a small network trained on the real training images) reads each
# synthetic image: label fidelity is the share it assigns to the class the
# image was asked for. Diversity compares the spread of the synthetic images of
# a class with the real one's (1 = as varied; near 0 = one image repeated).
report = image_quality(X_train, y_train, synthetic, synthetic_y)
print(f"label fidelity {report.label_fidelity:.2f}, diversity {report.diversity:.2f}")
print(
    f"Frechet distance {report.frechet_distance:.2f} "
    f"(two halves of the real images: {report.real_frechet_distance:.2f})"
)
print(report.per_class.round(2))

# %%
# Classical augmentation with albumentations
# ------------------------------------------
# :class:`~gan_augment.AlbumentationsAugmenter` oversamples by warping real
# images of the class instead: a random affine transform per image.
affine = A.Compose(
    [
        A.Affine(
            scale=(0.9, 1.1),
            translate_percent=(-0.1, 0.1),
            rotate=(-15, 15),
            shear=(-10, 10),
            p=1.0,
        )
    ],
    strict=True,
)
warp = AlbumentationsAugmenter(affine, image_shape=(8, 8), random_state=0)
X_warp, y_warp = warp.fit_resample(X_train, y_train)
fig = plot_image_grid(
    X_train, y_train, X_warp[len(X_train) :], y_warp[len(X_train) :], (8, 8)
)
fig.suptitle("real (left) and warped (right) images of the rare classes")
plt.show()

# %%
# What each one does for a classifier
# -----------------------------------
# A scaled logistic regression, trained on each resampled training set and
# scored on the same held-out real images. One split of a small data set is
# noisy; the cross-validated comparison is in the image benchmark
# (``python -m benchmarks.benchmark_images``, see the benchmarks page).
sets = {
    "none": (X_train, y_train),
    "random oversampling": RandomOverSampler(random_state=0).fit_resample(
        X_train, y_train
    ),
    "albumentations": (X_warp, y_warp),
    "GAN": (X_gan, y_gan),
}
scores = {}
for name, (X_fit, y_fit) in sets.items():
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    model.fit(X_fit, y_fit)
    scores[name] = balanced_accuracy_score(y_test, model.predict(X_test))
    print(f"{name:>20}: balanced accuracy {scores[name]:.3f}")

fig, ax = plt.subplots(figsize=(6, 2.6))
ax.barh(list(scores), list(scores.values()), color="tab:blue")
ax.set_xlim(min(scores.values()) - 0.05, 1.0)
ax.set_xlabel("balanced accuracy on held-out real images")
fig.tight_layout()
plt.show()
