"""What each rank runs in the gallery's examples on distributed training.

The functions run inside a process group started by
:func:`paramguide.run_on_ranks`; each returns what its rank observed, and
the examples print the ranks' results side by side. They live in the
package because a new process can only run a function it can import.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import torch
import torch.distributed as dist
from torch import nn
from torch.distributed.fsdp import fully_shard
from torch.distributed.tensor import DTensor
from torch.nn.parallel import DistributedDataParallel as DDP

from paramguide.vit import ViT


class NetWithSpareHead(nn.Module):
    """A body and a head used by ``forward``, and a spare head that is not."""

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Linear(3, 4)
        self.head = nn.Linear(4, 2)
        self.spare_head = nn.Linear(4, 2)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.head(torch.relu(self.body(inputs)))


def rank_batch(features: int = 3) -> torch.Tensor:
    """A batch of 4 rows that differs from rank to rank."""
    generator = torch.Generator().manual_seed(100 + dist.get_rank())
    return torch.randn(4, features, generator=generator)


def broadcast_at_wrap() -> dict[str, float]:
    """Weights differ between ranks until DDP wraps the model."""
    torch.manual_seed(dist.get_rank())
    model = nn.Linear(3, 2)
    before = model.weight.sum().item()
    DDP(model)
    return {"before": before, "after": model.weight.sum().item()}


def averaged_gradients() -> dict[str, torch.Tensor]:
    """The gradient of one batch per rank, without and with DDP's all-reduce."""
    torch.manual_seed(0)
    model = nn.Linear(3, 2)
    ddp_model = DDP(model)
    with ddp_model.no_sync():
        ddp_model(rank_batch()).sum().backward()
    local_grad = model.weight.grad.clone()
    model.zero_grad()
    ddp_model(rank_batch()).sum().backward()
    return {"local": local_grad, "ddp": model.weight.grad.clone()}


def two_iterations(
    ddp_model: DDP, record: Callable[[], dict[str, object]]
) -> dict[str, object]:
    """Train two iterations, keeping what ``record`` returns after each.

    Stops at the first ``RuntimeError`` and reports its first sentence.
    """
    report: dict[str, object] = {"error": None}
    for iteration in range(2):
        ddp_model.module.zero_grad()
        try:
            ddp_model(rank_batch()).sum().backward()
        except RuntimeError as error:
            report["error"] = f"iteration {iteration}: {first_sentence(error)}"
            break
        report.update(record())
    return report


def unused_parameters(
    *, freeze_spare_head: bool, find_unused_parameters: bool
) -> dict[str, object]:
    """Two training iterations of a model whose spare head gets no gradient."""
    torch.manual_seed(0)
    model = NetWithSpareHead()
    model.spare_head.requires_grad_(not freeze_spare_head)
    ddp_model = DDP(model, find_unused_parameters=find_unused_parameters)
    return two_iterations(
        ddp_model,
        lambda: {
            "body_grad": model.body.weight.grad.clone(),
            "spare_grad": model.spare_head.weight.grad,
        },
    )


def replaced_parameter() -> dict[str, object]:
    """Assign a new ``Parameter`` to the wrapped module, then train."""
    torch.manual_seed(0)
    model = nn.Linear(3, 2)
    ddp_model = DDP(model)
    model.weight = nn.Parameter(torch.zeros(2, 3))
    return two_iterations(
        ddp_model, lambda: {"new_weight_grad": model.weight.grad.clone()}
    )


def body_and_head() -> nn.Sequential:
    """``Linear(3, 4)``, ``ReLU``, ``Linear(4, 2)``, named ``body``, ``relu``, ``head``."""
    return nn.Sequential(
        OrderedDict(body=nn.Linear(3, 4), relu=nn.ReLU(), head=nn.Linear(4, 2))
    )


def change_trainable_after_wrapping(
    *,
    unfreeze: bool,
    wrap_again: bool = False,
    find_unused_parameters: bool = False,
    static_graph: bool = False,
) -> dict[str, object]:
    """Train one iteration, freeze or unfreeze the body, train two more.

    The body starts trainable and is frozen, or, with ``unfreeze=True``,
    starts frozen and is unfrozen. With ``wrap_again=True`` the model is
    wrapped in a new ``DistributedDataParallel`` after the change.
    """
    torch.manual_seed(0)
    model = body_and_head()
    model.body.requires_grad_(not unfreeze)
    options = {
        "find_unused_parameters": find_unused_parameters,
        "static_graph": static_graph,
    }
    ddp_model = DDP(model, **options)
    ddp_model(rank_batch()).sum().backward()
    model.body.requires_grad_(unfreeze)
    if wrap_again:
        ddp_model = DDP(model, **options)
    return two_iterations(
        ddp_model,
        lambda: {
            "body_grad": clone_or_none(model.body.weight.grad),
            "head_grad": clone_or_none(model.head.weight.grad),
        },
    )


def trainable_changes() -> dict[str, dict[str, object]]:
    """Freeze or unfreeze the body after wrapping, in each setting the example shows."""
    settings: dict[str, dict[str, bool]] = {
        "freeze after wrapping": {},
        "unfreeze after wrapping": {"unfreeze": True},
        "freeze, then wrap again": {"wrap_again": True},
        "unfreeze, then wrap again": {"unfreeze": True, "wrap_again": True},
        "freeze with find_unused_parameters=True": {"find_unused_parameters": True},
        "unfreeze with find_unused_parameters=True": {
            "unfreeze": True,
            "find_unused_parameters": True,
        },
        "freeze with static_graph=True": {"static_graph": True},
        "unfreeze with static_graph=True": {"unfreeze": True, "static_graph": True},
    }
    return {
        setting: change_trainable_after_wrapping(**{"unfreeze": False, **options})
        for setting, options in settings.items()
    }


def clone_or_none(tensor: torch.Tensor | None) -> torch.Tensor | None:
    """A copy of ``tensor``, or ``None`` when there is no tensor."""
    return None if tensor is None else tensor.clone()


def state_dict_keys() -> list[str]:
    """The keys of a DDP-wrapped model's ``state_dict()``."""
    return list(DDP(nn.Linear(3, 2)).state_dict())


def first_sentence(error: Exception) -> str:
    """The first sentence of an error message, for a one-line report."""
    return str(error).split(". ")[0].rstrip(".") + "."


def ddp_walkthrough() -> dict[str, object]:
    """Every DDP observation of the example, in one run of the ranks."""
    return {
        "broadcast": broadcast_at_wrap(),
        "gradients": averaged_gradients(),
        "frozen spare head": unused_parameters(
            freeze_spare_head=True, find_unused_parameters=False
        ),
        "trainable spare head": unused_parameters(
            freeze_spare_head=False, find_unused_parameters=False
        ),
        "find_unused_parameters=True": unused_parameters(
            freeze_spare_head=False, find_unused_parameters=True
        ),
        "replaced": replaced_parameter(),
        "changed after wrapping": trainable_changes(),
        "state_dict": state_dict_keys(),
    }


def small_mlp() -> nn.Sequential:
    """``Linear(4, 3)``, ``ReLU``, ``Linear(3, 2)``: rows that do not split evenly."""
    return nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))


def shard_layers_then_root(model: nn.Sequential) -> None:
    """Apply ``fully_shard`` to each linear layer, then to the whole model."""
    for layer in (model[0], model[2]):
        fully_shard(layer)
    fully_shard(model)


def fsdp2_walkthrough() -> dict[str, object]:
    """Shard a small model with ``fully_shard``, then train it one step."""
    torch.manual_seed(0)
    model = small_mlp()
    unsharded_weight = model[0].weight.detach().clone()
    shard_layers_then_root(model)
    shards = {
        name: {
            "type": type(parameter).__name__,
            "placements": parameter.placements,
            "shape": tuple(parameter.shape),
            "local": parameter.to_local().detach().clone(),
        }
        for name, parameter in model.named_parameters()
    }
    weight = model[0].weight
    full_before = weight.full_tensor().detach()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    model(rank_batch(features=4)).sum().backward()
    optimizer.step()
    return {
        "shards": shards,
        "is_parameter": isinstance(weight, nn.Parameter),
        "is_dtensor": isinstance(weight, DTensor),
        "full_is_unsharded": torch.equal(full_before, unsharded_weight),
        "full_before": full_before,
        "grad_local_shape": tuple(weight.grad.to_local().shape),
        "exp_avg_local_shape": tuple(
            optimizer.state[weight]["exp_avg"].to_local().shape
        ),
        "full_after": weight.full_tensor().detach(),
        "meta_init_full": meta_initialised_weight(),
    }


def meta_initialised_weight() -> torch.Tensor:
    """The first weight of a model sharded on ``meta``, then initialised."""
    with torch.device("meta"):
        model = small_mlp()
    shard_layers_then_root(model)
    model.to_empty(device="cpu")
    torch.manual_seed(0)
    for layer in (model[0], model[2]):
        layer.reset_parameters()
    return model[0].weight.full_tensor().detach()


def memory_vit() -> ViT:
    """The small ViT whose memory the memory example measures."""
    return ViT(
        image_size=32,
        patch_size=8,
        num_classes=10,
        dim=64,
        depth=2,
        heads=4,
        mlp_dim=128,
    )


def local_nbytes(tensor: torch.Tensor) -> int:
    """The bytes this rank stores for ``tensor``: its shard if it is a ``DTensor``."""
    if isinstance(tensor, DTensor):
        tensor = tensor.to_local()
    return tensor.nbytes


def fsdp2_bytes_per_rank() -> dict[str, int]:
    """Shard the small ViT, train one Adam step and count this rank's bytes."""
    torch.manual_seed(0)
    model = memory_vit()
    for attention, feed_forward in model.transformer.layers:
        fully_shard(attention)
        fully_shard(feed_forward)
    fully_shard(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    torch.manual_seed(dist.get_rank())
    images, labels = torch.randn(4, 3, 32, 32), torch.arange(4)
    nn.functional.cross_entropy(model(images), labels).backward()
    optimizer.step()
    parameters = list(model.parameters())
    return {
        "weights": sum(local_nbytes(p) for p in parameters),
        "gradients": sum(local_nbytes(p.grad) for p in parameters),
        "optimizer state": sum(
            local_nbytes(tensor)
            for state in optimizer.state.values()
            for tensor in state.values()
        ),
    }


def broadcast_buffers_demo(broadcast_buffers: bool) -> dict[str, list[float]]:
    """A batch norm's running mean per rank, with or without DDP's buffer broadcast.

    A forward pass in training mode updates the running mean from the rank's
    own batch; a forward pass in evaluation mode changes no statistics, so
    what it leaves is what DDP broadcast, if anything, before it.
    """
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    ddp_model = DDP(model, broadcast_buffers=broadcast_buffers)
    ddp_model(rank_batch()).sum().backward()
    after_training_pass = model[1].running_mean.tolist()
    ddp_model.eval()
    ddp_model(rank_batch())
    return {
        "after training pass": after_training_pass,
        "after evaluation pass": model[1].running_mean.tolist(),
    }


def mixed_precision_demo() -> dict[str, object]:
    """Dtypes FSDP2 uses with ``param_dtype=bfloat16``, ``reduce_dtype=float32``."""
    from torch.distributed.fsdp import MixedPrecisionPolicy

    torch.manual_seed(0)
    model = small_mlp()
    policy = MixedPrecisionPolicy(
        param_dtype=torch.bfloat16, reduce_dtype=torch.float32
    )
    for layer in (model[0], model[2]):
        fully_shard(layer, mp_policy=policy)
    fully_shard(model, mp_policy=policy)
    seen: dict[str, str] = {}

    def record(module: nn.Module, inputs: tuple[torch.Tensor, ...]) -> None:
        # Runs after FSDP2's own pre-forward hook has gathered the weight.
        seen["weight in forward"] = str(module.weight.dtype)
        seen["input in forward"] = str(inputs[0].dtype)

    model[0].register_forward_pre_hook(record)
    sharded = model[0].weight
    output = model(rank_batch(features=4))
    output.sum().backward()
    return {
        "sharded parameter": str(sharded.dtype),
        "local shard": str(sharded.to_local().dtype),
        **seen,
        "model output": str(output.dtype),
        "gradient": str(model[0].weight.grad.dtype),
        "same parameter after backward": model[0].weight is sharded,
    }


def tensor_parallel_demo() -> dict[str, object]:
    """Split two linear layers by columns and rows on a CPU device mesh."""
    from torch.distributed.device_mesh import init_device_mesh
    from torch.distributed.tensor.parallel import (
        ColwiseParallel,
        RowwiseParallel,
        parallelize_module,
    )

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2))
    inputs = torch.randn(3, 4)
    expected = model(inputs).detach()
    mesh = init_device_mesh("cpu", (dist.get_world_size(),))
    parallelize_module(model, mesh, {"0": ColwiseParallel(), "2": RowwiseParallel()})
    parameters = {
        name: {
            "type": type(parameter).__name__,
            "is_parameter": isinstance(parameter, nn.Parameter),
            "placements": str(parameter.placements),
            "shape": tuple(parameter.shape),
            "local shape": tuple(parameter.to_local().shape),
        }
        for name, parameter in model.named_parameters()
    }
    output = model(inputs)
    return {
        "parameters": parameters,
        "output type": type(output).__name__,
        "output equals unsplit model": torch.allclose(output, expected, atol=1e-6),
    }
