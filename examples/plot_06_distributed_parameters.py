"""
Parameters across two processes: DDP and FSDP2
==============================================

Distributed training runs one process per rank, each with its own copy of
the model's ``Parameter`` objects. This example starts two processes on the
CPU, joins them with the ``gloo`` backend, and shows what
``DistributedDataParallel`` and ``fully_shard`` do to those parameters.
"""

# %%
# Start two ranks
# ---------------
# A training script is started with ``torchrun``, which runs the whole
# script once per rank, each time in a new process.
# :download:`ddp_ranks.py <../../examples/ranks/ddp_ranks.py>` is written
# that way: it wraps ``nn.Linear(3, 2)`` in DDP on two ranks and trains one
# step. Run it with:
#
# .. code-block:: console
#
#    torchrun --standalone --nproc-per-node 2 ddp_ranks.py
#
# This example runs its ranks from one script instead, so that it can print
# both ranks' results side by side. ``paramguide.run_on_ranks`` starts one
# Python process per rank with ``start_processes``, the function
# ``torchrun`` starts its ranks with, joins them in a process group on
# ``127.0.0.1`` and calls the same function in each; it stops every process
# if a rank fails or the run outlives its timeout. The functions the ranks
# run live in ``paramguide.distributed_demos``, since a new process can
# only run a function it can import. They return what their rank saw.

import torch

from paramguide import run_on_ranks
from paramguide.distributed_demos import ddp_walkthrough, fsdp2_walkthrough

ddp_outputs = run_on_ranks(ddp_walkthrough, world_size=2, timeout=300)
ddp = {output.rank: output.result for output in ddp_outputs}
print("ranks that reported:", sorted(ddp))

# %%
# Parameters are broadcast when DDP wraps the model
# -------------------------------------------------
# Each rank seeds its generator with its own rank, so the two copies of
# ``nn.Linear(3, 2)`` start with different weights. Wrapping the model in
# ``DistributedDataParallel`` broadcasts rank 0's parameters and buffers to
# every rank:
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: broadcast_at_wrap

for rank, result in ddp.items():
    seen = result["broadcast"]
    print(
        f"rank {rank}: weight sum {seen['before']:+.4f} before wrapping, "
        f"{seen['after']:+.4f} after"
    )

# %%
# Gradients are averaged during ``backward()``
# --------------------------------------------
# Each rank runs a different batch. Inside ``no_sync()`` DDP leaves the
# gradients alone, so ``.grad`` holds the rank's own gradient; outside it,
# DDP all-reduces the gradients during ``backward()`` and divides by the
# world size:
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: averaged_gradients

for rank, result in ddp.items():
    grads = result["gradients"]
    print(
        f"rank {rank}: grad norm {grads['local'].norm():.4f} on its own batch, "
        f"{grads['ddp'].norm():.4f} with DDP"
    )
local_mean = (ddp[0]["gradients"]["local"] + ddp[1]["gradients"]["local"]) / 2
print(
    "both ranks hold the same .grad:",
    torch.equal(ddp[0]["gradients"]["ddp"], ddp[1]["gradients"]["ddp"]),
)
print(
    "it is the mean of the two local gradients:",
    torch.allclose(ddp[0]["gradients"]["ddp"], local_mean),
)

# %%
# Since every rank starts from the same parameters and applies the same
# averaged gradient, the copies stay equal after each optimizer step without
# ever being compared again.

# %%
# Frozen and unused parameters
# ----------------------------
# ``NetWithSpareHead`` has a ``spare_head`` that ``forward`` never calls.
# DDP waits, during each ``backward()``, for a gradient of every parameter
# that required one when it wrapped the model. The model runs two iterations
# in three settings:
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: unused_parameters
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: two_iterations

for setting in (
    "frozen spare head",
    "trainable spare head",
    "find_unused_parameters=True",
):
    for rank, result in ddp.items():
        report = result[setting]
        body_grads_agree = torch.equal(
            ddp[0][setting]["body_grad"], ddp[1][setting]["body_grad"]
        )
        outcome = report["error"] or "both iterations ran"
        print(f"{setting}, rank {rank}: {outcome}")
    print(f"{setting}: body.weight.grad equal on both ranks: {body_grads_agree}")
    spare_grads = [result[setting]["spare_grad"] for result in ddp.values()]
    print(f"{setting}: spare_head.weight.grad: {spare_grads}")

# %%
# A parameter frozen (``requires_grad=False``) before wrapping is left out of
# the gradient reduction, so it needs no option. A trainable parameter that gets no
# gradient keeps the reduction from finishing: the first iteration returns,
# but with the gradients not averaged (``body.weight.grad`` differs between
# the ranks), and the next forward pass raises on every rank.
# ``find_unused_parameters=True`` makes DDP walk the graph after each forward
# pass and mark the parameters it does not reach as ready; their ``.grad``
# stays ``None``. The walk costs time at every iteration, so pass the option
# only when a model really skips parameters.

# %%
# Freezing or unfreezing after wrapping
# -------------------------------------
# DDP reads ``requires_grad`` once, when it wraps the model: the parameters
# that require a gradient then are the ones its reducer waits for, in every
# iteration. ``body_and_head()`` builds ``Linear(3, 4)``, ``ReLU`` and
# ``Linear(4, 2)``, named ``body``, ``relu`` and ``head``. Each setting
# trains one iteration, freezes the body (or, with ``unfreeze=True``,
# unfreezes a body that started frozen), then trains two more iterations and
# keeps the gradients of the last one that ran:
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: change_trainable_after_wrapping

changed = {rank: result["changed after wrapping"] for rank, result in ddp.items()}


def compare_ranks(grads):
    """How one gradient compares between the two ranks."""
    if all(grad is None for grad in grads):
        return "None"
    if any(grad is None for grad in grads):
        return "None on one rank"
    return "equal" if torch.equal(*grads) else "different"


def print_change(setting):
    """Each rank's outcome, then how the gradients compare between the ranks."""
    print(setting)
    for rank, result in changed.items():
        print(f"  rank {rank}: {result[setting]['error'] or 'both iterations ran'}")
    for name in ("body", "head"):
        grads = [result[setting][f"{name}_grad"] for result in changed.values()]
        print(f"  {name}.weight.grad on the two ranks: {compare_ranks(grads)}")


print_change("freeze after wrapping")
print_change("unfreeze after wrapping")

# %%
# Freezing after wrapping fails like a trainable parameter that gets no
# gradient: the reducer still waits for the body's gradients. The first
# iteration after the change returns without averaging ``head.weight.grad``,
# and the second raises. Unfreezing after wrapping raises nothing, which is
# worse: the reducer does not know the body's parameters, so
# ``body.weight.grad`` stays each rank's own while ``head.weight.grad`` is
# averaged, and the copies of the body drift apart. Wrapping the model again
# after the change builds a new reducer from the current flags:

print_change("freeze, then wrap again")
print_change("unfreeze, then wrap again")

# %%
# Both now train in sync. The new wrapper broadcasts rank 0's parameters and
# buffers again, which changes nothing on ranks that trained in sync, and it
# holds the same ``Parameter`` objects, so the optimizer needs no change.
#
# Two options of ``DistributedDataParallel`` change only part of this.
# ``find_unused_parameters=True`` finds the frozen body unused in every
# iteration, so freezing works, at the cost of the graph walk; a body
# unfrozen later is still not reduced. ``static_graph=True`` records which
# parameters get gradients in the first iteration and expects the same ones
# ever after, so a change after that iteration fails both ways:

for setting in (
    "freeze with find_unused_parameters=True",
    "unfreeze with find_unused_parameters=True",
    "freeze with static_graph=True",
    "unfreeze with static_graph=True",
):
    print_change(setting)

# %%
# Never replace a Parameter after wrapping
# ----------------------------------------
# DDP records the ``Parameter`` objects when it wraps the model, and its
# reducer waits for gradients of exactly those objects. Assigning a new
# ``Parameter`` to the wrapped module afterwards leaves the reducer waiting
# for the old one:
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: replaced_parameter

for rank, result in ddp.items():
    report = result["replaced"]
    print(f"rank {rank}: new weight's grad sum {report['new_weight_grad'].sum():+.4f}")
    print(f"rank {rank}: {report['error']}")

# %%
# The new weight's gradient is each rank's own: nothing averages it, so the
# copies would drift apart. The old weight never gets a gradient, and the
# second iteration raises the unused-parameter error. Change parameters
# before wrapping, or wrap again.

# %%
# The ``module.`` prefix
# ----------------------
# The wrapper stores the model as its ``module`` attribute, so every key of
# its ``state_dict()`` starts with ``module.``:

for rank, result in ddp.items():
    print(f"rank {rank}: {result['state_dict']}")

# %%
# ``consume_prefix_in_state_dict_if_present`` removes the prefix in place,
# so the checkpoint loads into the bare model:

from torch import nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present

state = {
    key: torch.zeros(2, 3) if key.endswith("weight") else torch.zeros(2)
    for key in ddp[0]["state_dict"]
}
consume_prefix_in_state_dict_if_present(state, "module.")
print(list(state))
print(nn.Linear(3, 2).load_state_dict(state))

# %%
# FSDP2: each parameter becomes a shard
# -------------------------------------
# ``fully_shard`` does not keep a whole copy of the model on every rank: it
# splits each parameter along its first dimension and keeps one piece per
# rank. Each layer is sharded, then the whole model; the optimizer is built
# afterwards, from the sharded parameters:
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: fsdp2_walkthrough

fsdp_outputs = run_on_ranks(fsdp2_walkthrough, world_size=2, timeout=300)
fsdp = {output.rank: output.result for output in fsdp_outputs}
print(
    "0.weight is an nn.Parameter:",
    fsdp[0]["is_parameter"],
    "and a DTensor:",
    fsdp[0]["is_dtensor"],
)
for name, shard in fsdp[0]["shards"].items():
    print(
        f"{name}: {shard['type']}, placements {shard['placements']}, "
        f"shape {list(shard['shape'])}"
    )
    for rank, result in fsdp.items():
        local = result["shards"][name]["local"]
        print(f"  rank {rank} holds local shape {list(local.shape)}")

# %%
# ``Shard(dim=0)`` means split along dimension 0. The three rows of
# ``0.weight`` do not divide by two ranks: rank 0 holds two rows and rank 1
# one. ``full_tensor()`` all-gathers the shards into the whole parameter,
# which every rank then sees, equal to the weight before sharding:

for rank, result in fsdp.items():
    print(f"rank {rank}: local shard of 0.weight")
    print(result["shards"]["0.weight"]["local"])
for rank, result in fsdp.items():
    print(f"rank {rank}: 0.weight.full_tensor()")
    print(result["full_before"])
print("equal to the weight before sharding:", fsdp[0]["full_is_unsharded"])

# %%
# After one training step
# -----------------------
# Each rank ran its own batch. The gradient, and Adam's state for it, have
# the same shape as the rank's shard: each rank stores and updates only its
# part. After ``optimizer.step()`` the two ranks still see the same full
# parameter.

for rank, result in fsdp.items():
    print(
        f"rank {rank}: grad local shape {list(result['grad_local_shape'])}, "
        f"exp_avg local shape {list(result['exp_avg_local_shape'])}"
    )
after = [result["full_after"] for result in fsdp.values()]
print("full 0.weight equal on both ranks after the step:", torch.equal(*after))
print("changed by the step:", not torch.equal(after[0], fsdp[0]["full_before"]))

# %%
# Building on the ``meta`` device
# -------------------------------
# PyTorch's FSDP2 example builds a large model on the ``meta`` device
# (shapes, no memory), shards it, then calls ``to_empty()`` and
# ``reset_parameters()`` so that each rank only ever allocates its shard:
#
# .. literalinclude:: ../../src/paramguide/distributed_demos.py
#    :pyobject: meta_initialised_weight
#
# On the CPU, each rank fills its shard from its own random generator. With
# the same seed on both ranks, rank 1's row repeats rank 0's first row:

meta_weight = fsdp[0]["meta_init_full"]
print(meta_weight)
print("row 2 equals row 0:", torch.equal(meta_weight[2], meta_weight[0]))

# %%
# Seeding each rank differently avoids the repeated rows, but the model
# then differs from one built in a single process with the same seed. To
# start from known weights, load a checkpoint into the sharded model.

# %%
# Summary
# -------
# DDP keeps a full copy of every parameter on each rank. It makes the copies
# equal once, by broadcasting rank 0's at wrap time, and keeps them equal by
# averaging gradients during ``backward()``. It tracks the ``Parameter``
# objects it found when wrapping, with the ``requires_grad`` flags they had
# then: each trainable one needs a gradient in every iteration, unless
# ``find_unused_parameters=True``, and none may be replaced. After freezing
# or unfreezing parameters, wrap the model again. FSDP2 turns each
# parameter into a ``DTensor`` of which every rank holds one shard;
# gradients and optimizer state are sharded the same way, and
# ``full_tensor()`` gathers the whole tensor when it is needed.
