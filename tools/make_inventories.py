"""Write ``torch.inv`` and ``torch_aliases.json``: where PyTorch documents its objects.

The site links every PyTorch name in its prose and in its API signatures to
PyTorch's own stable documentation. The build is offline, so it reads an
inventory kept here instead of downloading PyTorch's ``objects.inv``. This
script writes that inventory from the installed torch and from the layout
of PyTorch's documentation sources (``docs/source/*.md`` in PyTorch's
repository), which it encodes as rules, one per kind of page:

- **autosummary pages.** A name listed in an ``autosummary`` directive with
  ``:toctree: generated`` gets a page of its own,
  ``generated/<documented name>.html``. The documented name is the
  ``currentmodule`` plus the listed name: ``nn.md`` lists ``nn.Linear`` under
  ``torch`` (``generated/torch.nn.Linear.html``) but ``~parameter.Parameter``
  under ``torch.nn`` (``generated/torch.nn.parameter.Parameter.html``).
- **class members.** ``nn.md`` renders its classes with ``classtemplate.rst``
  (``autoclass`` with ``:members:`` and no ``:inherited-members:``): a
  method the class itself defines, with a docstring of its own, is an
  anchor on the class's page.
- **hand-written pages.** An object documented with ``autofunction`` or
  ``autoclass`` on a page of its own module is an anchor on that page, such
  as ``nn.init.html#torch.nn.init.xavier_uniform_``, or on another page
  (``distributed.html#torch.distributed.device_mesh.DeviceMesh``).
- **module targets.** A module documented with ``automodule`` is the
  anchor ``#module-<name>`` on the page that holds the directive, mostly
  the module's own page (``distributed.html#module-torch.distributed``).
- **a module's own page.** A module whose page is its own but declares no
  target for it (``nn.init.md`` is headed ``# torch.nn.init`` and holds
  only ``currentmodule`` and ``autofunction``; the ``py:module`` target for
  ``torch.nn.init`` is an empty one at the end of ``nn.md``) links to the
  page itself, with no anchor: ``nn.init.html``.

It also writes, for each documented object, the other names the installed
torch reaches it by (``torch.nn.Parameter`` for the documented
``torch.nn.parameter.Parameter``, ``torch.nn.modules.module.Module`` for
``torch.nn.Module``), so that the build can link a name however it is
written.

Run it with ``nox -s inventories`` after changing the pinned torch or the
lists below; commit both files it writes.
"""

import importlib
import inspect
import json
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import sphobjinv
import torch
from pytorch_objects import resolve

INVENTORIES = Path(__file__).resolve().parent.parent / "docs" / "_inventories"
INVENTORY = INVENTORIES / "torch.inv"
ALIASES = INVENTORIES / "torch_aliases.json"
BASE_URL = "https://docs.pytorch.org/docs/stable/"

# Names listed in autosummary directives with ``:toctree: generated``,
# written as documented (currentmodule plus listed name), by source page.
AUTOSUMMARY = {
    # docs/source/torch.md: Tensors, Creation Ops, Indexing, Math
    # operations, Random sampling, Serialization, Locally disabling
    # gradient computation.
    "torch.md": [
        *(
            f"torch.{name}"
            for name in [
                "is_tensor",
                "is_storage",
                "is_complex",
                "is_floating_point",
                "set_default_dtype",
                "get_default_dtype",
                "set_default_device",
                "get_default_device",
                "numel",
                "set_printoptions",
                "tensor",
                "as_tensor",
                "from_numpy",
                "zeros",
                "zeros_like",
                "ones",
                "ones_like",
                "arange",
                "linspace",
                "eye",
                "empty",
                "empty_like",
                "full",
                "full_like",
                "cat",
                "chunk",
                "stack",
                "reshape",
                # Math operations: Pointwise, Reduction, Comparison, Other,
                # BLAS and LAPACK Ops.
                "abs",
                "exp",
                "log",
                "sigmoid",
                "softmax",
                "sqrt",
                "tanh",
                "argmax",
                "max",
                "mean",
                "min",
                "sum",
                "allclose",
                "equal",
                "isclose",
                "clone",
                "einsum",
                "flatten",
                "matmul",
                "mm",
                "seed",
                "manual_seed",
                "initial_seed",
                "get_rng_state",
                "set_rng_state",
                "rand",
                "rand_like",
                "randint",
                "randn",
                "randn_like",
                "randperm",
                "save",
                "load",
                "no_grad",
                "enable_grad",
                "is_grad_enabled",
                "is_inference_mode_enabled",
                # Optimizations.
                "compile",
                # Generators.
                "Generator",
            ]
        ),
        "torch.autograd.grad_mode.set_grad_enabled",
        "torch.autograd.grad_mode.inference_mode",
    ],
    # docs/source/nn.md: the parameter classes (under currentmodule
    # torch.nn), Containers, and the layers the guide's readers meet.
    "nn.md": [
        "torch.nn.parameter.Buffer",
        "torch.nn.parameter.Parameter",
        "torch.nn.parameter.UninitializedParameter",
        "torch.nn.parameter.UninitializedBuffer",
        *(
            f"torch.nn.{name}"
            for name in [
                "Module",
                "Sequential",
                "ModuleList",
                "ModuleDict",
                "ParameterList",
                "ParameterDict",
                "Conv1d",
                "Conv2d",
                "Conv3d",
                "LazyConv1d",
                "LazyConv2d",
                "LazyConv3d",
                "MaxPool1d",
                "MaxPool2d",
                "AvgPool1d",
                "AvgPool2d",
                "ReLU",
                "GELU",
                "SiLU",
                "Sigmoid",
                "Tanh",
                "Softmax",
                "LogSoftmax",
                "MultiheadAttention",
                "BatchNorm1d",
                "BatchNorm2d",
                "BatchNorm3d",
                "LazyBatchNorm1d",
                "LazyBatchNorm2d",
                "LazyBatchNorm3d",
                "GroupNorm",
                "LayerNorm",
                "RMSNorm",
                "RNN",
                "LSTM",
                "GRU",
                "Transformer",
                "TransformerEncoder",
                "TransformerDecoder",
                "TransformerEncoderLayer",
                "TransformerDecoderLayer",
                "Identity",
                "Linear",
                "Bilinear",
                "LazyLinear",
                "Dropout",
                "Dropout1d",
                "Dropout2d",
                "Dropout3d",
                "Embedding",
                "EmbeddingBag",
                "L1Loss",
                "MSELoss",
                "CrossEntropyLoss",
                "NLLLoss",
                "BCELoss",
                "BCEWithLogitsLoss",
            ]
        ),
        "torch.nn.modules.module.register_module_forward_pre_hook",
        "torch.nn.modules.module.register_module_forward_hook",
        "torch.nn.modules.module.register_module_buffer_registration_hook",
        "torch.nn.modules.module.register_module_module_registration_hook",
        "torch.nn.modules.module.register_module_parameter_registration_hook",
        "torch.nn.utils.weight_norm",
        "torch.nn.utils.remove_weight_norm",
        "torch.nn.utils.clip_grad_norm_",
        "torch.nn.utils.clip_grad_value_",
        "torch.nn.utils.parameters_to_vector",
        "torch.nn.utils.vector_to_parameters",
        "torch.nn.utils.skip_init",
        "torch.nn.utils.parametrizations.orthogonal",
        "torch.nn.utils.parametrizations.weight_norm",
        "torch.nn.utils.parametrizations.spectral_norm",
        "torch.nn.utils.parametrize.register_parametrization",
        "torch.nn.utils.parametrize.remove_parametrizations",
        "torch.nn.utils.parametrize.cached",
        "torch.nn.utils.parametrize.is_parametrized",
        "torch.nn.utils.stateless.functional_call",
        "torch.nn.parameter.is_lazy",
        # DataParallel Layers (multi-GPU, distributed).
        "torch.nn.parallel.DistributedDataParallel",
    ],
    # docs/source/tensors.md: Tensor methods and attributes.
    "tensors.md": [
        f"torch.Tensor.{name}"
        for name in [
            "new_tensor",
            "new_full",
            "new_empty",
            "new_ones",
            "new_zeros",
            "device",
            "grad",
            "ndim",
            "backward",
            "bfloat16",
            "clone",
            "contiguous",
            "copy_",
            "cpu",
            "cuda",
            "data_ptr",
            "detach",
            "detach_",
            "dim",
            "double",
            "element_size",
            "fill_",
            "float",
            "half",
            "is_leaf",
            "is_shared",
            "item",
            "mul",
            "mul_",
            "normal_",
            "numel",
            "numpy",
            "pin_memory",
            "register_hook",
            "register_post_accumulate_grad_hook",
            "requires_grad",
            "requires_grad_",
            "retain_grad",
            "retains_grad",
            "shape",
            "share_memory_",
            "size",
            "storage_offset",
            "stride",
            "to",
            "type",
            "uniform_",
            "untyped_storage",
            "view",
            "zero_",
        ]
    ],
    # docs/source/autograd.md (currentmodule torch.autograd), and
    # docs/source/func.api.md (currentmodule torch.func).
    "autograd.md": [
        "torch.autograd.backward",
        "torch.autograd.grad",
        "torch.autograd.variable.Variable",
    ],
    "func.api.md": [
        "torch.func.functional_call",
        "torch.func.stack_module_state",
        "torch.func.grad",
        "torch.func.vmap",
    ],
    # docs/source/optim.md: Base class methods, Algorithms.
    # docs/source/utils.md (currentmodule torch.utils).
    "utils.md": ["torch.utils.swap_tensors"],
    "optim.md": [
        *(
            f"torch.optim.Optimizer.{name}"
            for name in [
                "add_param_group",
                "load_state_dict",
                "state_dict",
                "step",
                "zero_grad",
            ]
        ),
        *(
            f"torch.optim.{name}"
            for name in ["Adagrad", "Adam", "AdamW", "RMSprop", "SGD"]
        ),
        # Weight Averaging (SWA and EMA), under currentmodule torch.optim.
        "torch.optim.swa_utils.AveragedModel",
        "torch.optim.swa_utils.SWALR",
    ],
}

# Classes that nn.md renders with classtemplate.rst.
CLASS_TEMPLATE_PREFIXES = ("torch.nn.parameter.", "torch.nn.")

# Objects documented with autofunction/autoclass on a hand-written page.
ON_PAGE = {
    # docs/source/nn.init.md
    "nn.init.html": [
        f"torch.nn.init.{name}"
        for name in [
            "calculate_gain",
            "uniform_",
            "normal_",
            "constant_",
            "ones_",
            "zeros_",
            "eye_",
            "dirac_",
            "xavier_uniform_",
            "xavier_normal_",
            "kaiming_uniform_",
            "kaiming_normal_",
            "trunc_normal_",
            "orthogonal_",
            "sparse_",
        ]
    ],
    # docs/source/tensors.md: ".. class:: Tensor()"
    "tensors.html": ["torch.Tensor"],
    # docs/source/optim.md: ".. autoclass:: Optimizer"; and, in Weight
    # Averaging, ".. autofunction:: torch.optim.swa_utils.update_bn" and
    # "get_ema_multi_avg_fn"
    "optim.html": [
        "torch.optim.Optimizer",
        "torch.optim.swa_utils.get_ema_multi_avg_fn",
        "torch.optim.swa_utils.update_bn",
    ],
    # docs/source/notes/serialization.md, "Utility functions": autofunction
    # and autoclass under currentmodule torch.serialization
    "notes/serialization.html": [
        "torch.serialization.get_default_mmap_options",
        "torch.serialization.set_default_mmap_options",
        "torch.serialization.add_safe_globals",
        "torch.serialization.clear_safe_globals",
        "torch.serialization.get_safe_globals",
        "torch.serialization.get_unsafe_globals_in_checkpoint",
        "torch.serialization.safe_globals",
        "torch.serialization.skip_data",
    ],
    # docs/source/amp.md: ".. autoclass:: autocast" under currentmodule torch
    "amp.html": ["torch.autocast"],
    # docs/source/size.md: ".. autoclass:: torch.Size"
    "size.html": ["torch.Size"],
    # docs/source/tensor_attributes.md: ".. class:: dtype" under
    # currentmodule torch, likewise device
    "tensor_attributes.html": ["torch.dtype", "torch.device"],
    # docs/source/distributed.md: autofunction under currentmodule
    # torch.distributed; and, under their full names, ".. autofunction::
    # torch.distributed.device_mesh.init_device_mesh" and ".. autoclass::
    # torch.distributed.device_mesh.DeviceMesh". (destroy_process_group is
    # mentioned there but has no autofunction, so it has no entry.)
    "distributed.html": [
        *(
            f"torch.distributed.{name}"
            for name in [
                "is_available",
                "init_process_group",
                "is_initialized",
                "get_rank",
                "get_world_size",
                "new_group",
                "broadcast",
                "all_reduce",
                "all_gather",
                "barrier",
            ]
        ),
        "torch.distributed.device_mesh.init_device_mesh",
        "torch.distributed.device_mesh.DeviceMesh",
    ],
    # docs/source/distributed.checkpoint.md: autofunction under currentmodule
    # torch.distributed.checkpoint.state_dict_saver (save, async_save) and
    # .state_dict_loader (load); autofunction/autoclass under full names for
    # the state_dict, stateful and filesystem classes; format_utils under
    # its own currentmodule.
    "distributed.checkpoint.html": [
        "torch.distributed.checkpoint.state_dict_saver.save",
        "torch.distributed.checkpoint.state_dict_saver.async_save",
        "torch.distributed.checkpoint.state_dict_loader.load",
        "torch.distributed.checkpoint.stateful.Stateful",
        "torch.distributed.checkpoint.FileSystemReader",
        "torch.distributed.checkpoint.FileSystemWriter",
        *(
            f"torch.distributed.checkpoint.state_dict.{name}"
            for name in [
                "get_state_dict",
                "get_model_state_dict",
                "get_optimizer_state_dict",
                "set_state_dict",
                "set_model_state_dict",
                "set_optimizer_state_dict",
                "StateDictOptions",
            ]
        ),
        "torch.distributed.checkpoint.format_utils.dcp_to_torch_save",
        "torch.distributed.checkpoint.format_utils.torch_save_to_dcp",
    ],
    # docs/source/distributed.fsdp.fully_shard.md: autofunction and
    # autoclass under currentmodule torch.distributed.fsdp
    "distributed.fsdp.fully_shard.html": [
        f"torch.distributed.fsdp.{name}"
        for name in [
            "fully_shard",
            "FSDPModule",
            "MixedPrecisionPolicy",
            "OffloadPolicy",
            "CPUOffloadPolicy",
        ]
    ],
    # docs/source/distributed.tensor.md: ".. autoclass:: DTensor" with
    # ":members: from_local, to_local, full_tensor, redistribute, ..." and
    # autofunction under currentmodule torch.distributed.tensor; the
    # placements under currentmodule torch.distributed.tensor.placement_types
    "distributed.tensor.html": [
        *(
            f"torch.distributed.tensor.{name}"
            for name in [
                "DTensor",
                "DTensor.from_local",
                "DTensor.to_local",
                "DTensor.full_tensor",
                "DTensor.redistribute",
                "distribute_tensor",
                "distribute_module",
            ]
        ),
        *(
            f"torch.distributed.tensor.placement_types.{name}"
            for name in ["Shard", "Replicate", "Partial"]
        ),
    ],
    # docs/source/distributed.tensor.parallel.md: autofunction under
    # currentmodule torch.distributed.tensor.parallel, autoclass under the
    # full names
    "distributed.tensor.parallel.html": [
        f"torch.distributed.tensor.parallel.{name}"
        for name in [
            "parallelize_module",
            "ColwiseParallel",
            "RowwiseParallel",
            "SequenceParallel",
            "PrepareModuleInput",
            "PrepareModuleOutput",
        ]
    ],
    # docs/source/user_guide/torch_compiler/export/api_reference.md (which
    # conf.py's redirects name as the new home of export/api_reference):
    # autofunction and autoclass under full names, ExportedProgram with
    # :members:
    "user_guide/torch_compiler/export/api_reference.html": [
        *(
            f"torch.export.{name}"
            for name in [
                "export",
                "ExportedProgram",
                "ExportedProgram.module",
                "ExportedProgram.run_decompositions",
                "save",
                "load",
            ]
        ),
    ],
    # docs/source/future_mod.md: autofunction under currentmodule
    # torch.__future__
    "future_mod.html": [
        "torch.__future__.set_swap_module_params_on_conversion",
        "torch.__future__.get_swap_module_params_on_conversion",
    ],
}

# Modules documented with ``automodule``, by the page that holds the
# directive: anchors ``#module-<name>``.
MODULE_PAGES = {
    # docs/source/nn.md, optim.md, amp.md, multiprocessing.md,
    # distributed.md, distributed.checkpoint.md, distributed.tensor.md and
    # distributed.tensor.parallel.md: ".. automodule::" of their module.
    "torch.nn": "nn.html",
    "torch.optim": "optim.html",
    "torch.amp": "amp.html",
    "torch.multiprocessing": "multiprocessing.html",
    "torch.distributed": "distributed.html",
    "torch.distributed.checkpoint": "distributed.checkpoint.html",
    "torch.distributed.tensor": "distributed.tensor.html",
    "torch.distributed.tensor.parallel": "distributed.tensor.parallel.html",
    # docs/source/distributed.checkpoint.md: ".. automodule::
    # torch.distributed.checkpoint.format_utils" before its functions.
    "torch.distributed.checkpoint.format_utils": "distributed.checkpoint.html",
    # docs/source/user_guide/torch_compiler/export/api_reference.md:
    # ".. automodule:: torch.export" at the top of the reference.
    "torch.export": "user_guide/torch_compiler/export/api_reference.html",
    # docs/source/func.api.md: ".. automodule:: torch.func" (func.md, the
    # page headed "torch.func", holds no module target).
    "torch.func": "func.api.html",
}

# Modules with a page of their own that declares no target for them: the
# page itself, with no anchor.
MODULE_OWN_PAGES = {
    # docs/source/nn.init.md: "(nn-init-doc)=", "# torch.nn.init", then
    # currentmodule and autofunction only; the py:module target for
    # torch.nn.init is an empty one at the end of nn.md.
    "torch.nn.init": "nn.init.html",
}

# Modules whose public names are other ways of writing a documented object.
NAMESPACES = [
    "torch",
    "torch.nn",
    "torch.nn.init",
    "torch.nn.utils",
    "torch.optim",
    "torch.autograd",
    "torch.func",
    "torch.serialization",
    "torch.nn.parallel",
    "torch.distributed",
    "torch.distributed.checkpoint",
    "torch.distributed.fsdp",
    "torch.distributed.tensor",
    "torch.distributed.tensor.parallel",
    "torch.export",
]


def role(target: object) -> str:
    """The Python domain role Sphinx gives an object of this kind."""
    if inspect.isclass(target):
        return "class"
    if inspect.ismodule(target):
        return "module"
    if isinstance(target, property | type(torch.Tensor.grad)):
        return "attribute"
    if inspect.isroutine(target):
        return "method" if "." in getattr(target, "__qualname__", "") else "function"
    return "attribute"


def documented_members(class_name: str) -> Iterator[str]:
    """Methods that autodoc's ``:members:`` shows for a class: its own, with docstrings."""
    cls = resolve(class_name)
    for member, value in vars(cls).items():
        if member.startswith("_"):
            continue
        function = (
            value.__func__ if isinstance(value, classmethod | staticmethod) else value
        )
        if inspect.isfunction(function) and function.__doc__:
            yield f"{class_name}.{member}"


def entries() -> Iterator[tuple[str, str, str]]:
    """(documented name, role, page URL with anchor) for every documented object."""
    for names in AUTOSUMMARY.values():
        for name in names:
            target = resolve(name)
            yield name, role(target), f"generated/{name}.html#{name}"
            if inspect.isclass(target) and name.startswith(CLASS_TEMPLATE_PREFIXES):
                for member in documented_members(name):
                    yield member, "method", f"generated/{name}.html#{member}"
    for page, names in ON_PAGE.items():
        for name in names:
            yield name, role(resolve(name)), f"{page}#{name}"
    for name, page in MODULE_PAGES.items():
        yield name, "module", f"{page}#module-{name}"
    for name, page in MODULE_OWN_PAGES.items():
        yield name, "module", page


def identity(target: object) -> object:
    """What two names of one object resolve to alike (a classmethod binds anew)."""
    return getattr(target, "__func__", target)


def aliases(documented: list[str]) -> dict[str, str]:
    """Other names of documented objects, each mapped to the documented name."""
    objects = [identity(resolve(name)) for name in documented]  # kept alive for id()
    by_identity = {}
    for name, target in zip(documented, objects, strict=True):
        by_identity.setdefault(id(target), name)
    found = {}

    def record(alias: str, target: object) -> None:
        name = by_identity.get(id(identity(target)))
        if name is not None and alias != name:
            found.setdefault(alias, name)

    for namespace in NAMESPACES:
        module = importlib.import_module(namespace)
        for attribute in dir(module):
            if not attribute.startswith("_"):
                # torch.distributed.reduce_op warns, on any attribute read,
                # that it is deprecated.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FutureWarning)
                    record(f"{namespace}.{attribute}", getattr(module, attribute))
    for target in objects:
        if inspect.isclass(target) or inspect.isfunction(target):
            record(f"{target.__module__}.{target.__qualname__}", target)
    # Members reached through another name of their class.
    for alias, name in list(found.items()):
        for member in documented:
            if member.startswith(f"{name}."):
                found.setdefault(alias + member[len(name) :], member)
    return dict(sorted(found.items()))


def main() -> None:
    inventory = sphobjinv.Inventory()
    inventory.project = "PyTorch"
    inventory.version = torch.__version__.split("+")[0]
    written = []
    for name, kind, uri in entries():
        if name in written:
            continue
        written.append(name)
        inventory.objects.append(
            sphobjinv.DataObjStr(
                name=name,
                domain="py",
                role=kind,
                priority="1",
                uri=uri,
                dispname="-",
            )
        )
    sphobjinv.writebytes(
        INVENTORY, sphobjinv.compress(inventory.data_file(contract=True))
    )
    ALIASES.write_text(json.dumps(aliases(written), indent=1) + "\n", encoding="utf-8")
    print(f"{INVENTORY.name}: {len(written)} objects, torch {inventory.version}")
    print(f"{ALIASES.name}: other names of documented objects")


if __name__ == "__main__":
    sys.exit(main())
