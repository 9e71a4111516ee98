"""The ledger in the database: logs, their leaves, stored subtree hashes, checkpoints."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Log(models.Model):
    """An append-only Merkle log (账本日志), named by its origin string.

    ``frontier`` holds the hashes of the perfect subtrees that make up the
    current tree, largest first (one per set bit of ``tree_size``): enough to
    append the next leaf and compute the root without reading anything else.
    The row is also the log's single-writer lock.
    """

    origin = models.CharField(_("origin"), max_length=200, unique=True)
    owner = models.CharField(
        _("owner"), max_length=150, help_text=_("Whose key signs the log, e.g. an office.")
    )
    tree_size = models.PositiveBigIntegerField(_("tree size"), default=0)
    frontier = models.BinaryField(_("frontier"), default=b"")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger log")
        verbose_name_plural = _("ledger logs")
        ordering = ["origin"]

    def __str__(self) -> str:
        return self.origin


class Leaf(models.Model):
    """One entry of a log: the leaf data (a salted commitment, no personal data) and its hash."""

    pk = models.CompositePrimaryKey("log_id", "index")
    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="+")
    index = models.PositiveBigIntegerField(_("index"))
    leaf_hash = models.BinaryField(_("leaf hash"), max_length=32)
    data = models.BinaryField(_("data"), max_length=200)
    appended_at = models.DateTimeField(_("appended at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger leaf")
        verbose_name_plural = _("ledger leaves")
        indexes = [models.Index(fields=["log", "leaf_hash"], name="ledger_leaf_hash_idx")]

    def __str__(self) -> str:
        return f"{self.log_id}:{self.index}"


class Node(models.Model):
    """The hash of a perfect subtree: leaves [index·2^level, (index+1)·2^level), level ≥ 1.

    Written once, when its last leaf is appended, and never changed: proofs
    read O(log n) of these rows instead of rehashing the log.
    """

    pk = models.CompositePrimaryKey("log_id", "level", "index")
    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))
    index = models.PositiveBigIntegerField(_("index"))
    hash = models.BinaryField(_("hash"), max_length=32)

    class Meta:
        verbose_name = _("ledger node")
        verbose_name_plural = _("ledger nodes")

    def __str__(self) -> str:
        return f"{self.log_id}:{self.level}:{self.index}"


class Checkpoint(models.Model):
    """A signed tree head (签名检查点) in the C2SP tlog-checkpoint format."""

    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="checkpoints")
    tree_size = models.PositiveBigIntegerField(_("tree size"))
    root_hash = models.BinaryField(_("root hash"), max_length=32)
    note = models.TextField(_("signed note"))
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["log", "-tree_size"]
        constraints = [
            models.UniqueConstraint(fields=["log", "tree_size"], name="checkpoint_once_per_size"),
        ]

    def __str__(self) -> str:
        return f"{self.log_id}@{self.tree_size}"
