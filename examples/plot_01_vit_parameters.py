"""
The parameters of a Vision Transformer
======================================

A Vision Transformer (ViT) owns two tensors that belong to no layer: a class
token and a position embedding. Both are created as ``nn.Parameter``, so the
model learns them like any weight. This example lists the model's
parameters, shows why those two come first, and checks that an optimizer
really changes them.
"""

# %%
# Build the model
# ---------------
# The configuration is a common one for 256 × 256 images: 32 × 32 patches,
# 1024-wide tokens, 6 blocks of 16 attention heads.

import torch

from paramguide import ViT, count_parameters, format_parameter_table, parameter_table

torch.manual_seed(0)
model = ViT(
    image_size=256,
    patch_size=32,
    num_classes=1000,
    dim=1024,
    depth=6,
    heads=16,
    mlp_dim=2048,
    dropout=0.1,
    emb_dropout=0.1,
)
print(f"{len(list(model.parameters()))} parameter tensors")
print(f"{count_parameters(model):,} numbers in all")

# %%
# List the named parameters
# -------------------------
# ``named_parameters()`` yields a dotted name with each tensor. Here are the
# first eight rows, then the last two.

rows = parameter_table(model)
print(format_parameter_table(rows[:8]))
print("...")
print(format_parameter_table(rows[-2:]))

# %%
# ``pos_embedding`` holds one 1024-wide vector for each of the 64 patches
# (256 / 32 = 8 per side) plus one for the class token: 65 rows.
# ``cls_token`` is the single token put in front of the patches.

# %%
# Why these two come first
# ------------------------
# A module yields its *own* parameters first, in the order they were
# assigned in ``__init__``, and only then walks its submodules. The ViT
# assigns ``pos_embedding`` and ``cls_token`` directly, so they are its own;
# every other tensor belongs to a child module such as ``to_patch_embedding``.

print("own parameters:", [name for name, _ in model.named_parameters(recurse=False)])
print("children:", [name for name, _ in model.named_children()])

# %%
# The 0.98 experiment
# -------------------
# To see the two tensors in the listing, fill them with a value that stands
# out. Writing into a parameter is done under ``torch.no_grad()`` so that
# autograd does not record the change.

with torch.no_grad():
    model.pos_embedding.fill_(0.98)
    model.cls_token.fill_(0.98)

for param in list(model.parameters())[:3]:
    print(param.detach())

# %%
# The first two tensors printed are the ones filled with 0.98; the third is
# the patch projection's weight, still at its random initial values.

# %%
# An optimizer updates them
# -------------------------
# ``model.parameters()`` hands every tensor, these two included, to the
# optimizer. Adam's learning rate is the keyword ``lr``. One training step on
# a random batch changes both, and every other tensor too. Adam's first step
# moves each number by about ``lr``, whatever the size of its gradient, as
# long as that gradient is much larger than Adam's ``eps`` (``1e-8``).

optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
images = torch.randn(2, 3, 256, 256)
labels = torch.tensor([3, 7])

before = {name: param.detach().clone() for name, param in model.named_parameters()}
loss = torch.nn.functional.cross_entropy(model(images), labels)
optimizer.zero_grad()
loss.backward()
optimizer.step()

print("logits shape:", tuple(model(images).shape))
for name in ["pos_embedding", "cls_token"]:
    change = (model.get_parameter(name) - before[name]).abs().max().item()
    print(f"{name}: largest change {change:.4f}")
changed = sum(
    not torch.equal(param, before[name]) for name, param in model.named_parameters()
)
print(f"{changed} of {len(before)} tensors changed")

# %%
# Summary
# -------
# Assigning an ``nn.Parameter`` to a module attribute registers it: it shows
# up in ``parameters()`` (first, if it is assigned on the top module), it is
# saved in ``state_dict()``, and any optimizer built from ``parameters()``
# trains it.
