"""
A pipeline spec, from TOML to logged runs
=========================================

A pipeline spec describes a whole comparison in a few lines of TOML: the data,
the augmenters and classifiers to compare, the cross-validation protocol, the
metrics, and where MLflow should put the results. ``gan-augment run spec.toml``
runs it from the shell; :func:`gan_augment.pipeline.run_pipeline` does the same
from Python. This example writes a small spec, runs it against a temporary
MLflow store, and then reads back everything it logged.
"""

# %%
# Write the spec
# --------------
# ``ecoli3``: 336 proteins, 35 in the positive class, seven numeric features.
# The GAN is compared with SMOTE in front of a logistic regression, on 3
# stratified folds. ``register = "gan"`` asks for the GAN to be fitted on all
# the data afterwards and registered as ``ecoli-gan``. (The GAN trains for 300
# updates to keep the example fast; leave ``n_steps`` out to get the default
# 1,500.)
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import mlflow

from gan_augment.pipeline import format_table, run_pipeline

tmp = Path(tempfile.mkdtemp(prefix="gan-augment-spec-"))
spec = tmp / "ecoli.toml"
spec.write_text(
    """
[pipeline]
name = "ecoli"

[data]
dataset = "ecoli3"          # or: csv = "table.csv" and target = "label"

[cv]
n_splits = 3
n_repeats = 1
random_state = 0

[[augmenters]]
name = "gan"
kind = "gan"
params = { random_state = 0, n_steps = 300 }

[[augmenters]]
name = "smote"
kind = "smote"
params = { random_state = 0 }

[[classifiers]]
name = "logreg"
kind = "logreg"

[metrics]
scoring = ["balanced_accuracy", "f1_minority", "roc_auc"]

[mlflow]
experiment = "ecoli-spec"
register = "gan"
registered_model_name = "ecoli-gan"
"""
)

# %%
# Run it
# ------
# The experiment is created first with an artifact location in the temporary
# folder, so that nothing lands in the working directory; ``run_pipeline``
# then finds it by name. From the shell, the same run is
# ``gan-augment --tracking-uri sqlite:///.../mlflow.db run ecoli.toml``.
tracking_uri = f"sqlite:///{tmp}/mlflow.db"
mlflow.set_tracking_uri(tracking_uri)
mlflow.create_experiment("ecoli-spec", artifact_location=(tmp / "artifacts").as_uri())

table = run_pipeline(spec, tracking_uri=tracking_uri, verbose=0)
print(format_table(table))

# %%
# The returned table has one row per augmenter x classifier x metric: the mean
# gain over no augmentation on the same folds, its interval and the
# wins/ties/losses over folds.
table.round(3)

# %%
# What was logged
# ---------------
# One parent run for the pipeline, one nested run per augmenter x classifier,
# and one nested run for the final fit of the registered GAN:
runs = mlflow.search_runs(experiment_names=["ecoli-spec"])
columns = [
    "tags.mlflow.runName",
    "metrics.gain_balanced_accuracy",
    "metrics.gain_f1_minority",
    "metrics.gain_roc_auc",
]
runs[columns].rename(columns=lambda c: c.split(".", 1)[1]).round(3)

# %%
# The parent run keeps the spec itself and the gain table as artifacts, so a
# run can always be traced back to the spec that made it. The final fit's run
# holds the quality figures and the logged model:
client = mlflow.MlflowClient()
parent = runs.loc[runs["tags.mlflow.runName"] == "ecoli", "run_id"].item()
final = runs.loc[runs["tags.mlflow.runName"] == "gan (all data)", "run_id"].item()
for name, run_id in [("parent", parent), ("final fit", final)]:
    paths = []
    for entry in client.list_artifacts(run_id):
        if entry.is_dir:
            paths += [e.path for e in client.list_artifacts(run_id, entry.path)]
        else:
            paths.append(entry.path)
    print(f"{name}: {paths}")

# %%
# The final fit's quality metrics come from a 25% holdout that the GAN did not
# see (see :func:`gan_augment.metrics.synthetic_quality`):
quality = {
    key: round(value, 3)
    for key, value in client.get_run(final).data.metrics.items()
    if key.startswith("quality_")
}
quality

# %%
# And this is the marginals figure that was logged for the positive class, read
# back from the artifact store:
local = mlflow.artifacts.download_artifacts(
    run_id=final, artifact_path="figures/marginals_class_1.png", dst_path=str(tmp)
)
fig, ax = plt.subplots(figsize=(10, 5.2))
ax.imshow(plt.imread(local))
ax.axis("off")
fig.tight_layout()

# %%
# Finally, the registered model and its alias. A new version is the
# ``challenger``: it serves only once someone promotes it
# (:func:`~gan_augment.mlflow.promote`, or ``gan-augment promote ecoli-gan 1
# --reason ...``), or when the spec asks for the automatic policy
# (``[mlflow] promote = "auto"``: champion when its gain beats the champion's).
version = client.get_model_version_by_alias("ecoli-gan", "challenger")
print(f"ecoli-gan: challenger is version {version.version}, from run {version.run_id}")

# sphinx_gallery_start_ignore
# Not shown in the rendered example: remove the temporary store.
import shutil  # noqa: E402

shutil.rmtree(tmp, ignore_errors=True)
# sphinx_gallery_end_ignore
