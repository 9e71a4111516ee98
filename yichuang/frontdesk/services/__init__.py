"""Every write of the front desk, one module per noun: settings, kiosks, phone codes,
tickets, calling, appointments and inquiries."""
