"""The front desk through the API: one router made of the hall's parts."""

from ninja import Router

from yichuang.frontdesk.api import appointments, inquiries, tickets

router = Router(tags=["front desk"])
router.add_router("", tickets.router)
router.add_router("", inquiries.router)
router.add_router("", appointments.router)
