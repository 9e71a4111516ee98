"""The staff pages of cases: intake, the case page, work queues, figures, legacy cases."""
