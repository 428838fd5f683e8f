"""
What a parameter costs in memory
================================

Training keeps more than the weights: each trainable parameter has a
gradient, and most optimizers keep state of their own for it. This example
trains a small Vision Transformer one step in several setups, reads the
bytes of those tensors from the tensors themselves, then shards the model
with FSDP2 on two and four ranks and reads what each rank keeps.
"""

# %%
# One process
# -----------
# Each setup builds the same model, runs one forward and backward pass and
# one optimizer step, then adds up ``nbytes`` over the parameters, over
# their ``.grad`` and over the tensors in ``optimizer.state``. Three
# optimizers, each in three precisions: ``float32``; ``float32`` parameters
# under ``torch.autocast`` with ``bfloat16``; the whole model converted to
# ``bfloat16``.

import matplotlib.pyplot as plt
import torch
from torch import nn

from paramguide import count_parameters, run_on_ranks
from paramguide.distributed_demos import fsdp2_bytes_per_rank, memory_vit

OPTIMIZERS = {
    "SGD": lambda params: torch.optim.SGD(params, lr=0.1),
    "SGD(momentum=0.9)": lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.9),
    "Adam": lambda params: torch.optim.Adam(params, lr=1e-3),
}
PRECISIONS = ["float32", "autocast", "bfloat16"]
PARTS = ["weights", "gradients", "optimizer state"]


def bytes_after_one_step(optimizer_name: str, precision: str) -> dict[str, int]:
    """Train the small ViT one step; return the bytes of each kind of tensor."""
    torch.manual_seed(0)
    model = memory_vit()
    images, labels = torch.randn(4, 3, 32, 32), torch.arange(4)
    if precision == "bfloat16":
        model, images = model.to(torch.bfloat16), images.to(torch.bfloat16)
    optimizer = OPTIMIZERS[optimizer_name](model.parameters())
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "autocast"):
        loss = nn.functional.cross_entropy(model(images), labels)
    loss.backward()
    optimizer.step()
    parameters = list(model.parameters())
    return {
        "weights": sum(p.nbytes for p in parameters),
        "gradients": sum(p.grad.nbytes for p in parameters),
        "optimizer state": sum(
            tensor.nbytes
            for state in optimizer.state.values()
            for tensor in state.values()
        ),
    }


count = count_parameters(memory_vit())
print(f"parameters: {count:,}")
measured = {
    f"{name}, {precision}": bytes_after_one_step(name, precision)
    for precision in PRECISIONS
    for name in OPTIMIZERS
}
print("bytes per parameter")
print(f"{'setup':28}{'weights':>9}{'grads':>9}{'state':>9}{'total':>9}")
for setup, parts in measured.items():
    cells = "".join(f"{parts[part] / count:9.2f}" for part in PARTS)
    total = sum(parts.values()) / count
    print(f"{setup:28}{cells}{total:9.2f}")

# %%
# Autocast changes nothing in these tensors: the parameters stay
# ``float32``, so their gradients and Adam's moments do too. Only a model
# converted to ``bfloat16`` halves every part. Adam's optimizer state is a
# little over 8 bytes per parameter in ``float32`` (4 in ``bfloat16``):
# besides ``exp_avg`` and ``exp_avg_sq`` it keeps a ``step`` count for each
# parameter tensor, a ``float32`` scalar of 4 bytes.

# %%
# Two and four ranks with FSDP2
# -----------------------------
# ``fully_shard`` splits each parameter between the ranks; the gradients
# and Adam's state follow the parameter's layout. Each rank below shards
# the attention and feed-forward parts of each block, then the whole
# model, trains one Adam step in ``float32`` and counts the bytes of its
# local shards (``to_local()`` of each ``DTensor``):
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: fsdp2_bytes_per_rank

sharded = {}
for world_size in (2, 4):
    outputs = run_on_ranks(fsdp2_bytes_per_rank, world_size=world_size, timeout=300)
    for output in outputs:
        parts = output.result
        sharded[f"world_size={world_size}, rank={output.rank}"] = parts
        print(
            f"world size {world_size}, rank {output.rank}: "
            + ", ".join(f"{part} {parts[part]:,}" for part in PARTS)
            + f" bytes; {sum(parts.values()) / count:.2f} per parameter"
        )
for world_size in (2, 4):
    total = sum(
        sum(parts.values())
        for setup, parts in sharded.items()
        if setup.startswith(f"world_size={world_size},")
    )
    print(
        f"world size {world_size}, all ranks: {total / count:.2f} bytes per parameter"
    )

# %%
# The shards add up to the 16 bytes per parameter of one process: FSDP2
# stores nothing twice. Rank 0 holds a little more than its share, because
# ``fully_shard`` splits every tensor on dimension 0, and the position
# embedding and class token, of shapes ``[1, 17, 64]`` and ``[1, 1, 64]``,
# have a single row: rank 0 holds them whole, the other ranks empty
# shards.

# %%
# The bytes per parameter in a figure
# -----------------------------------
# On the left, each setup of one process; on the right, what each rank
# keeps with FSDP2, divided by the parameters of the whole model.

colors = {
    "weights": "tab:blue",
    "gradients": "tab:orange",
    "optimizer state": "tab:green",
}
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 5.2), layout="constrained")
one_process = {"world_size=1, rank=0": measured["Adam, float32"], **sharded}
for ax, bars in ((left, measured), (right, one_process)):
    for y, parts in enumerate(bars.values()):
        start = 0.0
        for part in PARTS:
            width = parts[part] / count
            ax.barh(y, width, left=start, color=colors[part], height=0.7)
            start += width
        ax.text(start + 0.2, y, f"{start:.2f}", va="center", fontsize=9)
    ax.set_yticks(range(len(bars)), list(bars), fontfamily="monospace", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 19)
    ax.set_xticks(range(0, 20, 4))
    ax.grid(axis="x", alpha=0.3)
left.set_title("One process")
left.set_xlabel("bytes per parameter")
right.set_title("FSDP2 with Adam, each rank")
right.set_xlabel("bytes on the rank per parameter")
handles = [plt.Rectangle((0, 0), 1, 1, color=color) for color in colors.values()]
fig.legend(handles, PARTS, loc="outside lower center", ncols=3)
plt.show()
