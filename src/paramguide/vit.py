"""A Vision Transformer whose class token and position embedding are Parameters.

The layout follows the widely used ``vit-pytorch`` model before its 1.0
release, the one whose parameters the guide prints: a patch embedding, two
``nn.Parameter`` tensors owned by the model itself, ``depth`` pre-norm
Transformer blocks, and a classification head.
"""

from __future__ import annotations

import torch
from einops import rearrange, repeat
from einops.layers.torch import Rearrange
from torch import nn

from paramguide._checks import positive_int, probability, size_pair

POOLS = ("cls", "mean")


class PreNorm(nn.Module):
    """Apply ``LayerNorm`` before ``fn``: the residual branch of a block.

    >>> block = PreNorm(8, nn.Identity())
    >>> block(torch.ones(2, 3, 8)).shape
    torch.Size([2, 3, 8])
    """

    def __init__(self, dim: int, fn: nn.Module) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fn = fn

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fn(self.norm(x))


class FeedForward(nn.Module):
    """The block's MLP: ``Linear → GELU → Dropout → Linear → Dropout``.

    >>> mlp = FeedForward(dim=8, hidden_dim=32)
    >>> [tuple(p.shape) for p in mlp.parameters()]
    [(32, 8), (32,), (8, 32), (8,)]
    """

    def __init__(self, dim: int, hidden_dim: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(dim, hidden_dim),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden_dim, dim),
            nn.Dropout(dropout),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class Attention(nn.Module):
    """Multi-head self-attention with one bias-free projection for q, k and v.

    When a single head already spans ``dim`` the output projection would be
    redundant, so an ``nn.Identity`` stands in for it.

    >>> attention = Attention(dim=8, heads=2, dim_head=4)
    >>> attention(torch.ones(2, 5, 8)).shape
    torch.Size([2, 5, 8])
    >>> [name for name, _ in attention.named_parameters()]
    ['to_qkv.weight', 'to_out.0.weight', 'to_out.0.bias']
    """

    def __init__(
        self, dim: int, heads: int = 8, dim_head: int = 64, dropout: float = 0.0
    ) -> None:
        super().__init__()
        inner_dim = dim_head * heads
        project_out = not (heads == 1 and dim_head == dim)

        self.heads = heads
        self.scale = dim_head**-0.5
        self.attend = nn.Softmax(dim=-1)
        self.dropout = nn.Dropout(dropout)
        self.to_qkv = nn.Linear(dim, inner_dim * 3, bias=False)
        self.to_out = (
            nn.Sequential(nn.Linear(inner_dim, dim), nn.Dropout(dropout))
            if project_out
            else nn.Identity()
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        qkv = self.to_qkv(x).chunk(3, dim=-1)
        q, k, v = (rearrange(t, "b n (h d) -> b h n d", h=self.heads) for t in qkv)
        scores = torch.matmul(q, k.transpose(-1, -2)) * self.scale
        weights = self.dropout(self.attend(scores))
        out = torch.matmul(weights, v)
        return self.to_out(rearrange(out, "b h n d -> b n (h d)"))


class Transformer(nn.Module):
    """``depth`` pre-norm residual blocks of attention and feed-forward.

    >>> blocks = Transformer(dim=8, depth=2, heads=2, dim_head=4, mlp_dim=16)
    >>> blocks(torch.ones(1, 3, 8)).shape
    torch.Size([1, 3, 8])
    """

    def __init__(
        self,
        dim: int,
        depth: int,
        heads: int,
        dim_head: int,
        mlp_dim: int,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        self.layers = nn.ModuleList(
            nn.ModuleList(
                [
                    PreNorm(dim, Attention(dim, heads, dim_head, dropout)),
                    PreNorm(dim, FeedForward(dim, mlp_dim, dropout)),
                ]
            )
            for _ in range(depth)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for attention, feed_forward in self.layers:
            x = attention(x) + x
            x = feed_forward(x) + x
        return x


class ViT(nn.Module):
    """A Vision Transformer for image classification.

    The image is cut into ``patch_size`` patches, each flattened and projected
    to ``dim`` numbers. A learned class token is put in front of the patches
    and a learned position embedding is added to every token: both are
    ``nn.Parameter`` tensors assigned in ``__init__``, so the model registers
    them as its own parameters, ahead of those of its submodules.

    Args:
        image_size: Side of a square image, or its ``(height, width)``.
        patch_size: Side of a square patch, or its ``(height, width)``;
            it must divide the image size on both sides.
        num_classes: Number of output logits.
        dim: Width of every token.
        depth: Number of Transformer blocks.
        heads: Attention heads per block.
        mlp_dim: Hidden width of each block's MLP.
        pool: ``"cls"`` to classify from the class token, ``"mean"`` to
            average all tokens.
        channels: Colour channels of the input images.
        dim_head: Width of each attention head.
        dropout: Dropout probability inside the blocks, in ``[0, 1)``.
        emb_dropout: Dropout probability on the embedded tokens, in ``[0, 1)``.

    Raises:
        TypeError: If a size is not an integer or a probability not a number.
        ValueError: If a size is not positive, the patch size does not divide
            the image size, ``pool`` is unknown or a dropout lies outside
            ``[0, 1)``.

    >>> model = ViT(image_size=32, patch_size=8, num_classes=10, dim=64,
    ...             depth=2, heads=4, mlp_dim=128)
    >>> [name for name, _ in model.named_parameters()][:4]
    ['pos_embedding', 'cls_token', 'to_patch_embedding.1.weight', 'to_patch_embedding.1.bias']
    >>> model.pos_embedding.shape, model.cls_token.shape
    (torch.Size([1, 17, 64]), torch.Size([1, 1, 64]))
    >>> model(torch.randn(2, 3, 32, 32)).shape
    torch.Size([2, 10])
    """

    def __init__(
        self,
        *,
        image_size: int | tuple[int, int],
        patch_size: int | tuple[int, int],
        num_classes: int,
        dim: int,
        depth: int,
        heads: int,
        mlp_dim: int,
        pool: str = "cls",
        channels: int = 3,
        dim_head: int = 64,
        dropout: float = 0.0,
        emb_dropout: float = 0.0,
    ) -> None:
        super().__init__()
        image_height, image_width = size_pair("image_size", image_size)
        patch_height, patch_width = size_pair("patch_size", patch_size)
        if image_height % patch_height or image_width % patch_width:
            raise ValueError(
                f"image_size {image_height}x{image_width} is not divisible by "
                f"patch_size {patch_height}x{patch_width} "
                "(height by height, width by width)"
            )
        if pool not in POOLS:
            raise ValueError(f"pool must be one of {POOLS}, got {pool!r}")
        for name, value in [
            ("num_classes", num_classes),
            ("dim", dim),
            ("depth", depth),
            ("heads", heads),
            ("mlp_dim", mlp_dim),
            ("channels", channels),
            ("dim_head", dim_head),
        ]:
            positive_int(name, value)
        dropout = probability("dropout", dropout)
        emb_dropout = probability("emb_dropout", emb_dropout)

        num_patches = (image_height // patch_height) * (image_width // patch_width)
        patch_dim = channels * patch_height * patch_width
        self.image_shape = (channels, image_height, image_width)

        self.to_patch_embedding = nn.Sequential(
            Rearrange(
                "b c (h p1) (w p2) -> b (h w) (p1 p2 c)",
                p1=patch_height,
                p2=patch_width,
            ),
            nn.Linear(patch_dim, dim),
        )
        self.pos_embedding = nn.Parameter(torch.randn(1, num_patches + 1, dim))
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim))
        self.dropout = nn.Dropout(emb_dropout)

        self.transformer = Transformer(dim, depth, heads, dim_head, mlp_dim, dropout)

        self.pool = pool
        self.mlp_head = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, num_classes))

    def forward(self, img: torch.Tensor) -> torch.Tensor:
        """Return class logits of shape ``(batch, num_classes)``.

        Raises:
            ValueError: If ``img`` is not ``(batch, channels, height, width)``
                with the sizes the model was built for.
        """
        if img.dim() != 4 or tuple(img.shape[1:]) != self.image_shape:
            expected = ", ".join(map(str, self.image_shape))
            raise ValueError(
                f"expected images of shape (batch, {expected}), got {tuple(img.shape)}"
            )
        x = self.to_patch_embedding(img)
        cls_tokens = repeat(self.cls_token, "1 1 d -> b 1 d", b=x.shape[0])
        x = torch.cat((cls_tokens, x), dim=1) + self.pos_embedding
        x = self.transformer(self.dropout(x))
        x = x[:, 0] if self.pool == "cls" else x.mean(dim=1)
        return self.mlp_head(x)
