"""A reader's environment: what following the site installs, and nothing from the checkout."""

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from support.project import ROOT
from support.static_host import Host

# What a notebook app adds to the environment: the kernel that runs the cells.
KERNEL_PACKAGE = "ipykernel"
KERNEL_NAME = "paramguide-reader"
# The longest a notebook cell may run. The distributed example's cells stop
# their ranks after 300 s at the latest.
CELL_TIMEOUT = 360


def reader_environment(host: Host, **overrides: str) -> dict[str, str]:
    """This process's environment as a reader's: no checkout on the path, the host."""
    environment = host.environment(dict(os.environ))
    environment.pop("PYTHONPATH", None)
    environment.update(overrides)
    return environment


def make_environment(location: Path, host: Host, install_command: list[str]) -> None:
    """Make a new environment at ``location`` and install what a reader installs.

    That is torch, pinned as the site was built (so pip finds it in its
    cache), a Jupyter kernel, and ``install_command`` (``pip install ...``),
    run with ``host`` standing in for the site.

    Raises:
        ValueError: ``install_command`` is not a pip command.
        subprocess.CalledProcessError: an installation failed.
    """
    program, *arguments = install_command
    if program != "pip":
        raise ValueError(f"expected a pip command, got {install_command!r}")
    # What a worker that stopped half-way left behind.
    shutil.rmtree(location, ignore_errors=True)
    venv.create(location, with_pip=True)
    python = str(location / "bin" / "python")
    environment = reader_environment(host)

    def pip(*pip_arguments: str) -> None:
        subprocess.run(
            [python, "-m", "pip", *pip_arguments],
            check=True,
            env=environment,
            capture_output=True,
            text=True,
        )

    pip("install", "--quiet", "-c", str(ROOT / "constraints.txt"), "torch")
    pip("install", "--quiet", KERNEL_PACKAGE)
    pip(*arguments)
    # The kernel a notebook app starts: the environment's own Python.
    spec = location / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    kernel = {
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (reader)",
        "language": "python",
    }
    spec.write_text(json.dumps(kernel), encoding="utf-8")


def python_of(cell: nbformat.NotebookNode) -> str:
    """The Python a kernel runs for a notebook cell: its magics turned into calls."""
    return TransformerManager().transform_cell(cell.source)


def run_notebook(
    notebook: nbformat.NotebookNode, python: Path, environment: dict, folder: Path
) -> nbformat.NotebookNode:
    """Run every cell of a notebook, in ``folder``, in a kernel of ``python``'s environment.

    The cells of ``notebook`` get their outputs; it is returned.

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised.
        nbclient.exceptions.CellTimeoutError: a cell ran longer than CELL_TIMEOUT.
    """
    kernels = python.parent.parent / "share" / "jupyter" / "kernels"
    manager = AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
    )
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        resources={"metadata": {"path": str(folder)}},
    )
    # The client shuts down a kernel it did not start only when told to.
    client.execute(env=environment, cleanup_kc=True)
    return notebook
