"""
Where a ViT's 54.6 million parameters live
==========================================

The Vision Transformer of the first example holds 54,622,184 numbers. This
example sorts them by the part of the model they belong to, then derives a
formula for the count and uses it to see how the total grows with depth and
width.
"""

# %%
# Group the parameter table by part
# ---------------------------------
# Every row of :func:`paramguide.parameter_table` carries a dotted name,
# and the name says where the tensor lives. Inside
# ``transformer.layers.<i>``, the entry ``0`` is the attention sublayer and
# ``1`` the MLP; each wraps its layer with a ``LayerNorm`` under ``norm``
# and keeps the layer itself under ``fn``.

import re
from collections import defaultdict

import matplotlib.pyplot as plt
import torch

from paramguide import ViT, count_parameters, format_parameter_table, parameter_table

torch.manual_seed(0)
config = {
    "image_size": 256,
    "patch_size": 32,
    "num_classes": 1000,
    "dim": 1024,
    "depth": 6,
    "heads": 16,
    "mlp_dim": 2048,
    "dropout": 0.1,
    "emb_dropout": 0.1,
}
model = ViT(**config)
rows = parameter_table(model)
total = count_parameters(model)
print(format_parameter_table(rows[4:15]))

# %%
# These are the eleven tensors of block 0. A small function maps each name
# to a part of the model (a block, the patch embedding, the head) and to a
# kind of layer: attention, MLP, ``LayerNorm``, a plain ``Linear``, or a
# tensor the ViT registers directly.

BLOCK = re.compile(r"transformer\.layers\.(\d+)\.([01])\.(norm|fn)\.")
KINDS = ["attention", "MLP", "LayerNorm", "Linear", "direct"]


def part_of(name):
    match = BLOCK.match(name)
    if match:
        block, sublayer, role = match.groups()
        if role == "norm":
            return f"block {block}", "LayerNorm"
        return f"block {block}", "attention" if sublayer == "0" else "MLP"
    if name.startswith("to_patch_embedding."):
        return "patch embedding", "Linear"
    if name.startswith("mlp_head.0."):
        return "head", "LayerNorm"
    if name.startswith("mlp_head.1."):
        return "head", "Linear"
    return name, "direct"  # pos_embedding and cls_token


budget = defaultdict(lambda: dict.fromkeys(KINDS, 0))
for row in rows:
    part, kind = part_of(row.name)
    budget[part][kind] += row.numel


def share(numel):
    return f"{numel / total:.2%}" if numel >= total / 1000 else f"{numel / total:.3%}"


print(
    f"{'part':15}" + "".join(f"{kind:>11}" for kind in KINDS) + "      total    share"
)
for part, kinds in budget.items():
    cells = "".join(f"{n:11,}" if n else " " * 11 for n in kinds.values())
    numel = sum(kinds.values())
    print(f"{part:15}{cells} {numel:10,} {share(numel):>8}")
grouped = sum(sum(kinds.values()) for kinds in budget.values())
print(f"{'total':15}{' ' * 55} {grouped:10,} {share(grouped):>8}")

# %%
# The six blocks are identical, 8,396,800 numbers each: together they
# hold 92%, nearly all the model. Inside a block, attention and MLP hold almost exactly half
# each. The MLP has two matrices of ``1024 * 2048`` numbers. The attention
# has ``to_qkv``, which makes queries, keys and values in one matrix of
# shape ``[3072, 1024]``, and ``to_out``, of shape ``[1024, 1024]``: four
# times ``1024 * 1024`` again. The ``LayerNorm`` layers hardly count. The
# two ``nn.Parameter`` tensors the ViT owns directly are small: 65
# position vectors of width 1024 and a single class token, together about
# 0.12%.

# %%
# The budget as a bar chart
# -------------------------
# One bar per part, split by kind of layer. The ``LayerNorm`` segments, a
# few thousand numbers each, are too thin to see.

colors = {
    "attention": "tab:blue",
    "MLP": "tab:orange",
    "LayerNorm": "tab:green",
    "Linear": "tab:purple",
    "direct": "tab:red",
}
fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
parts = list(budget)
for y, part in enumerate(parts):
    left = 0
    for kind, numel in budget[part].items():
        ax.barh(y, numel / 1e6, left=left / 1e6, color=colors[kind], height=0.7)
        left += numel
    ax.text(left / 1e6 + 0.1, y, f"{left:,} ({share(left)})", va="center", fontsize=9)
ax.set_yticks(range(len(parts)), parts)
ax.invert_yaxis()
ax.set_xlim(0, 11.5)
ax.set_xlabel("parameters (millions)")
ax.set_title(f"ViT parameters by part: {total:,} in all")
handles = [plt.Rectangle((0, 0), 1, 1, color=color) for color in colors.values()]
ax.legend(handles, KINDS, loc="upper right")
plt.show()

# %%
# A formula for the count
# -----------------------
# Writing ``d`` for ``dim``, ``m`` for ``mlp_dim``, ``i = heads * dim_head``
# for the attention's inner width, ``n`` for the number of patches, ``p``
# for the numbers in one patch (``channels * patch_size ** 2``) and ``c``
# for ``num_classes``, the parts add up as follows. A ``LayerNorm`` holds
# a weight and a bias of width ``d``; a linear layer from ``a`` to ``b``
# holds ``a * b`` weights and ``b`` biases, except ``to_qkv``, which has no
# bias.
#
# * one block: ``2 * 2d`` (norms) ``+ 3di`` (``to_qkv``)
#   ``+ id + d`` (``to_out``) ``+ dm + m + md + d`` (MLP);
# * outside the blocks: ``pd + d`` (patch embedding) ``+ (n + 1)d``
#   (``pos_embedding``) ``+ d`` (``cls_token``) ``+ 2d + dc + c`` (head).


def vit_parameter_count(
    *,
    image_size,
    patch_size,
    num_classes,
    dim,
    depth,
    heads,
    mlp_dim,
    channels=3,
    dim_head=64,
    **_,
):
    inner = heads * dim_head
    per_block = 4 * dim + 3 * dim * inner + inner * dim + dim + 2 * dim * mlp_dim
    per_block += mlp_dim + dim
    patches = (image_size // patch_size) ** 2
    outside = channels * patch_size**2 * dim + dim + (patches + 1) * dim + dim
    outside += 2 * dim + dim * num_classes + num_classes
    return outside + depth * per_block


print(f"formula:          {vit_parameter_count(**config):,}")
print(f"count_parameters: {total:,}")

# %%
# The formula skips a case the model handles: with a single head as wide
# as ``dim``, ``to_out`` is replaced by ``nn.Identity`` and holds nothing.
# None of the configurations below is such a case. As a further check, the
# formula should agree with models small enough to build in a moment.

small_configs = [
    {"dim": 64, "depth": 2, "heads": 4, "mlp_dim": 128},
    {"dim": 96, "depth": 3, "heads": 2, "mlp_dim": 256, "dim_head": 32},
    {"dim": 128, "depth": 1, "heads": 8, "mlp_dim": 64, "num_classes": 7},
]
print(f"{'built':<10}  formula agrees  configuration")
for overrides in small_configs:
    small = {"image_size": 64, "patch_size": 16, "num_classes": 10, **overrides}
    built = count_parameters(ViT(**small))
    agrees = built == vit_parameter_count(**small)
    print(f"{built:<10,}  {agrees!s:<14}  {overrides}")

# %%
# How the budget scales
# ---------------------
# With the formula, the count of a model costs nothing to compute. The
# left panel changes only ``depth``; the right panel changes ``dim`` and
# keeps ``mlp_dim = 2 * dim`` as in the configuration above. The dot marks
# the model built here.

depths = list(range(1, 25))
dims = list(range(256, 2049, 64))
by_depth = [vit_parameter_count(**{**config, "depth": d}) / 1e6 for d in depths]
by_dim = [
    vit_parameter_count(**{**config, "dim": d, "mlp_dim": 2 * d}) / 1e6 for d in dims
]

fig, (left, right) = plt.subplots(
    1, 2, figsize=(9, 3.8), sharey=True, layout="constrained"
)
left.plot(depths, by_depth, marker="o", markersize=3)
left.plot(config["depth"], total / 1e6, "o", color="tab:red", markersize=8)
left.set_xlabel("depth (dim = 1024)")
left.set_ylabel("parameters (millions)")
left.set_title("Linear in depth")
right.plot(dims, by_dim, marker="o", markersize=3)
right.plot(config["dim"], total / 1e6, "o", color="tab:red", markersize=8)
right.set_xlabel("dim, with mlp_dim = 2 * dim (depth = 6)")
right.set_title("Curves upward in dim")
left.set_xticks([1, 6, 12, 18, 24])
right.set_xticks(range(256, 2049, 256))
for ax in (left, right):
    ax.grid(alpha=0.3)
fig.suptitle("ViT parameter count from the closed-form formula")
plt.show()

# %%
# Each extra block adds 8,396,800 numbers, so the count is a straight line
# in ``depth``. Against ``dim`` it curves upward, because the MLP, with
# ``mlp_dim = 2 * dim``, grows with ``dim`` squared. The attention does not:
# with 16 heads of width 64 its inner width stays 1024 whatever ``dim`` is,
# so ``to_qkv`` and ``to_out`` grow only linearly in ``dim``, as do the
# patch embedding and the head.

# %%
# Summary
# -------
# Nearly all of this ViT's parameters sit in its Transformer blocks, and in
# each block most of them in two places: the MLP and the query-key-value
# projection. The two tensors the model registers itself, the position
# embedding and the class token, account for about one number in a
# thousand. Grouping the rows of ``parameter_table`` by name is enough to
# draw that map for any model.
