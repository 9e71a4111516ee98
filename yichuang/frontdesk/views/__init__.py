"""Pages of the front desk: the window screen, kiosks, the call screen, inquiries."""
