"""What each rank runs in the guide's chapter on checkpoints of sharded models.

The functions run inside a process group started by
:func:`paramguide.run_on_ranks`. They return ordinary tensors, which the
calling process compares: a ``DTensor`` cannot leave its process group.
The model is the distributed example's, ``Linear(4, 3)``, ``ReLU``,
``Linear(3, 2)``, sharded with ``fully_shard``.
"""

from __future__ import annotations

import torch
import torch.distributed.checkpoint as dcp
from torch import nn
from torch.distributed.checkpoint.state_dict import (
    StateDictOptions,
    get_model_state_dict,
    get_optimizer_state_dict,
    get_state_dict,
    set_model_state_dict,
    set_state_dict,
)
from torch.distributed.tensor import DTensor

from paramguide.distributed_demos import shard_layers_then_root, small_mlp


def sharded_model(seed: int) -> tuple[nn.Sequential, torch.optim.Adam]:
    """The small model, seeded, sharded on every rank, and its Adam optimizer."""
    torch.manual_seed(seed)
    model = small_mlp()
    shard_layers_then_root(model)
    return model, torch.optim.Adam(model.parameters(), lr=0.1)


def full_values(model: nn.Module, optimizer: torch.optim.Optimizer) -> dict:
    """Every tensor of the model and of its optimizer, whole, under one name each."""
    options = StateDictOptions(full_state_dict=True)
    model_state = get_model_state_dict(model, options=options)
    values = {f"model.{name}": tensor for name, tensor in model_state.items()}
    optimizer_state = get_optimizer_state_dict(model, optimizer, options=options)
    for name, state in optimizer_state["state"].items():
        for key, tensor in state.items():
            values[f"optimizer.{name}.{key}"] = tensor
    return values


def local_shapes(model: nn.Module) -> dict[str, tuple[int, ...]]:
    """The shape of the shard each parameter holds on this rank."""
    return {
        name: tuple(parameter.to_local().shape)
        for name, parameter in model.named_parameters()
    }


def save_sharded(directory: str) -> dict[str, torch.Tensor]:
    """Train the sharded model one step, then save it and Adam's state with DCP."""
    model, optimizer = sharded_model(seed=0)
    # Gradients of ones stand in for a backward pass.
    for parameter in model.parameters():
        parameter.grad = torch.ones_like(parameter)
    optimizer.step()
    model_state, optimizer_state = get_state_dict(model, optimizer)
    dcp.save(
        {"model": model_state, "optimizer": optimizer_state}, checkpoint_id=directory
    )
    return full_values(model, optimizer)


def load_sharded(directory: str) -> dict[str, object]:
    """Load the checkpoint into a model sharded over this run's ranks."""
    model, optimizer = sharded_model(seed=1)
    model_state, optimizer_state = get_state_dict(model, optimizer)
    state = {"model": model_state, "optimizer": optimizer_state}
    # DCP loads into the tensors of `state`: each rank reads its own rows.
    dcp.load(state, checkpoint_id=directory)
    set_state_dict(
        model,
        optimizer,
        model_state_dict=state["model"],
        optim_state_dict=state["optimizer"],
    )
    return {
        "local_shapes": local_shapes(model),
        "values": full_values(model, optimizer),
    }


def describe(tensor: torch.Tensor | None) -> str:
    """A tensor's type and shape, and its local shape when it is a DTensor."""
    if tensor is None:
        return "no entry"
    description = f"{type(tensor).__name__} {list(tensor.shape)}"
    if isinstance(tensor, DTensor):
        description += f", local {list(tensor.to_local().shape)}"
    return description


def state_dict_forms() -> dict[tuple[bool, bool], str]:
    """What ``get_model_state_dict`` returns for ``0.weight`` with each option."""
    model, _ = sharded_model(seed=0)
    forms = {}
    for full_state_dict in (False, True):
        for cpu_offload in (False, True):
            options = StateDictOptions(
                full_state_dict=full_state_dict, cpu_offload=cpu_offload
            )
            state = get_model_state_dict(model, options=options)
            forms[full_state_dict, cpu_offload] = describe(state.get("0.weight"))
    return forms


def load_full_state_dict(
    state: dict[str, torch.Tensor], broadcast_from_rank0: bool
) -> dict[str, object]:
    """Load an ordinary state dict into the sharded model, two ways."""
    model, _ = sharded_model(seed=1)
    try:
        model.load_state_dict(state)
        error = None
    except RuntimeError as exception:
        error = str(exception)
    model, _ = sharded_model(seed=1)
    parameters = list(model.parameters())
    if broadcast_from_rank0 and torch.distributed.get_rank() != 0:
        # Only rank 0 needs the whole state dict: it sends each rank its rows.
        state = {}
    options = StateDictOptions(
        full_state_dict=True, broadcast_from_rank0=broadcast_from_rank0
    )
    set_model_state_dict(model, state, options=options)
    full = get_model_state_dict(model, options=StateDictOptions(full_state_dict=True))
    return {
        "load_state_dict error": error,
        "same Parameter objects": all(
            old is new for old, new in zip(parameters, model.parameters(), strict=True)
        ),
        "0.weight": describe(model[0].weight),
        "values": full,
        "passed dict now holds": sorted({type(t).__name__ for t in state.values()}),
    }


def two_ranks(directory: str, state: dict[str, torch.Tensor]) -> dict[str, object]:
    """Everything the chapter runs on two ranks, in one run of the ranks.

    Saves the checkpoint into ``directory``, then loads ``state``, an
    ordinary state dict of the unsharded model, into the sharded one.
    """
    return {
        "saved": save_sharded(directory),
        "forms": state_dict_forms(),
        "full": load_full_state_dict(dict(state), broadcast_from_rank0=False),
        "broadcast": load_full_state_dict(dict(state), broadcast_from_rank0=True),
    }
