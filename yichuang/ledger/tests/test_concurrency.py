"""Many writers on one log: every leaf lands once, in one consistent tree."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from yichuang.ledger import merkle, services
from yichuang.ledger.models import Leaf, Log

ORIGIN = "test.local/office/audit/2026"
OWNER = "test.local/office"
WRITERS = 6
EACH = 8


@pytest.mark.django_db(transaction=True)
def test_writers_released_together_never_collide() -> None:
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            barrier.wait()
            for item in range(EACH):
                with transaction.atomic():
                    services.leaf_append(
                        origin=ORIGIN, owner=OWNER, data=f"{writer}:{item}".encode()
                    )
        except BaseException as error:  # reported below, with the thread's name
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert errors == []
    log = Log.objects.get(origin=ORIGIN)
    rows = list(Leaf.objects.filter(log=log).order_by("index").values_list("index", "data"))
    assert [index for index, _ in rows] == list(range(WRITERS * EACH))
    data = [bytes(item) for _, item in rows]
    assert sorted(data) == sorted(f"{w}:{i}".encode() for w in range(WRITERS) for i in range(EACH))
    assert services.frontier_root(bytes(log.frontier)) == merkle.root(data)


@pytest.mark.django_db(transaction=True)
def test_a_stale_remembered_head_falls_back_to_locking() -> None:
    """Another process appended since this one last wrote: nothing is overwritten."""
    data = [f"leaf {n}".encode() for n in range(5)]
    for item in data[:2]:
        with transaction.atomic():
            services.leaf_append(origin=ORIGIN, owner=OWNER, data=item)
    key = services._head_key(ORIGIN)
    stale = services._heads[key]
    for item in data[2:4]:
        with transaction.atomic():
            services.leaf_append(origin=ORIGIN, owner=OWNER, data=item)
    services._heads[key] = stale  # as if the last two came from elsewhere
    with transaction.atomic():
        receipt = services.leaf_append(origin=ORIGIN, owner=OWNER, data=data[4])
    assert receipt.index == 4
    log = Log.objects.get(origin=ORIGIN)
    assert log.tree_size == 5
    assert services.frontier_root(bytes(log.frontier)) == merkle.root(data)
    assert services._heads[key][1] == 5


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_append_is_not_remembered() -> None:
    with transaction.atomic():
        services.leaf_append(origin=ORIGIN, owner=OWNER, data=b"kept")
    key = services._head_key(ORIGIN)
    remembered = services._heads[key]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.leaf_append(origin=ORIGIN, owner=OWNER, data=b"lost")
        raise RuntimeError
    assert services._heads[key] == remembered
    with transaction.atomic():
        services.leaf_append(origin=ORIGIN, owner=OWNER, data=b"next")
    rows = Leaf.objects.filter(log__origin=ORIGIN).order_by("index").values_list("data", flat=True)
    assert [bytes(r) for r in rows] == [b"kept", b"next"]
